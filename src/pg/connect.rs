//! Connecting to a user's database: `postgres://` URLs, the libpq environment
//! variables, TLS modes, and connection errors a user can act on.
//!
//! A URL is parsed here rather than by the `postgres` crate, so that the
//! `sslmode` values it does not know (`verify-ca`, `verify-full`) and
//! `sslrootcert` work, and so that no message ever shows a password: errors
//! name the target through [`ConnectOptions::redacted`], and parse errors
//! never repeat a piece of the URL except a parameter name.

use postgres::error::SqlState;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long to wait for the TCP (or socket) connection when the URL does not
/// say (`connect_timeout`).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a database could not be reached. Every message is one line and never
/// holds a password.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("invalid database URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("invalid {variable} environment variable: {reason}")]
    InvalidEnv { variable: &'static str, reason: String },
    #[error("cannot read the sslrootcert file {path}: {reason}")]
    RootCert { path: String, reason: String },
    #[error("cannot connect to {url}: connection refused (is the server running on that host and port?)")]
    Refused { url: String },
    #[error("cannot connect to {url}: no server socket {socket} (is the server running, with that port?)")]
    NoSocket { url: String, socket: String },
    #[error("cannot connect to {url}: timed out after {seconds} s (is the host reachable?)")]
    Timeout { url: String, seconds: u64 },
    #[error("cannot connect to {url}: unknown host \"{host}\"")]
    UnknownHost { url: String, host: String },
    #[error("cannot connect to {url}: password authentication failed for user \"{user}\"")]
    PasswordFailed { url: String, user: String },
    #[error(
        "cannot connect to {url}: the server asks for a password and none was given (put it in the URL or in PGPASSWORD)"
    )]
    PasswordMissing { url: String },
    #[error("cannot connect to {url}: database \"{database}\" does not exist")]
    NoDatabase { url: String, database: String },
    #[error("cannot connect to {url}: the server does not support TLS, which sslmode={mode} requires")]
    TlsUnsupported { url: String, mode: &'static str },
    #[error("cannot connect to {url}: TLS error: {message}")]
    Tls { url: String, message: String },
    /// The server refused the connection: no `pg_hba.conf` entry, too many
    /// connections, the server is starting up, …
    #[error("cannot connect to {url}: {message}")]
    Rejected { url: String, message: String },
    #[error("cannot connect to {url}: {message}")]
    Other { url: String, message: String },
}

/// `sslmode`, as libpq reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it, without checking its certificate
    /// (libpq's default; `allow` is read as this too).
    Prefer,
    /// TLS always, without checking the certificate.
    Require,
    /// TLS always; the certificate must be signed by a trusted root.
    VerifyCa,
    /// TLS always; the certificate must be trusted and name the host.
    VerifyFull,
}

impl SslMode {
    /// The libpq spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(text: &str) -> Result<SslMode, String> {
        match text {
            "disable" => Ok(SslMode::Disable),
            "allow" | "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            _ => Err(format!(
                "invalid sslmode \"{}\" (expected disable, prefer, require, verify-ca or verify-full)",
                one_line(text)
            )),
        }
    }
}

/// Where the server is: a TCP host name or address, or the directory of a
/// Unix socket (`/var/run/postgresql`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    Tcp(String),
    Unix(PathBuf),
}

/// What `connect` needs, from a URL and the libpq environment variables.
/// `Debug` and [`redacted`](ConnectOptions::redacted) never show the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    host: Host,
    port: u16,
    user: String,
    password: Option<String>,
    database: String,
    ssl_mode: SslMode,
    /// Whether `sslmode` was given (the URL shows it only then).
    ssl_mode_given: bool,
    ssl_root_cert: Option<PathBuf>,
    connect_timeout: Option<Duration>,
    application_name: Option<String>,
    options: Option<String>,
}

impl fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("database", &self.database)
            .field("ssl_mode", &self.ssl_mode)
            .field("ssl_root_cert", &self.ssl_root_cert)
            .field("connect_timeout", &self.connect_timeout)
            .field("application_name", &self.application_name)
            .field("options", &self.options)
            .finish()
    }
}

/// The URL with the password replaced by `***`.
impl fmt::Display for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// The pieces a URL gives; `None` where it is silent.
#[derive(Default)]
struct UrlParts {
    host: Option<String>,
    port: Option<String>,
    user: Option<String>,
    password: Option<String>,
    database: Option<String>,
    ssl_mode: Option<String>,
    ssl_root_cert: Option<String>,
    connect_timeout: Option<String>,
    application_name: Option<String>,
    options: Option<String>,
}

impl ConnectOptions {
    /// Options for a TCP server, without password or TLS (the embedded cluster).
    pub fn tcp(host: &str, port: u16, user: &str, database: &str) -> ConnectOptions {
        ConnectOptions {
            host: Host::Tcp(host.to_string()),
            port,
            user: user.to_string(),
            password: None,
            database: database.to_string(),
            ssl_mode: SslMode::Disable,
            ssl_mode_given: true,
            ssl_root_cert: None,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            application_name: Some("godwit".to_string()),
            options: None,
        }
    }

    /// A `postgres://` or `postgresql://` URL; what it leaves out comes from
    /// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`,
    /// `PGSSLROOTCERT`, `PGCONNECT_TIMEOUT` and `PGAPPNAME`, then from libpq's
    /// defaults (a local Unix socket if there is one, else `localhost`; port
    /// 5432; the login name as user and database).
    pub fn from_url(url: &str) -> Result<ConnectOptions, ConnectError> {
        ConnectOptions::from_url_with_env(url, &process_env)
    }

    /// [`from_url`](ConnectOptions::from_url) with `env` in place of the
    /// process environment.
    pub fn from_url_with_env(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnectOptions, ConnectError> {
        let invalid = |reason: String| ConnectError::InvalidUrl { url: redact_url_text(url), reason };
        let parts = parse_url(url).map_err(invalid)?;
        ConnectOptions::from_parts(parts, env).map_err(|err| match err {
            PartError::Url(reason) => invalid(reason),
            PartError::Env { variable, reason } => ConnectError::InvalidEnv { variable, reason },
        })
    }

    /// The database of the environment: `DATABASE_URL` if set, else the `PG*`
    /// variables when `PGHOST` or `PGDATABASE` is set; `None` when neither.
    pub fn from_env() -> Option<Result<ConnectOptions, ConnectError>> {
        ConnectOptions::from_env_with(&process_env)
    }

    /// [`from_env`](ConnectOptions::from_env) with `env` in place of the
    /// process environment.
    pub fn from_env_with(env: &dyn Fn(&str) -> Option<String>) -> Option<Result<ConnectOptions, ConnectError>> {
        let set = |name: &str| env(name).filter(|value| !value.trim().is_empty());
        if let Some(url) = set("DATABASE_URL") {
            return Some(ConnectOptions::from_url_with_env(&url, env));
        }
        if set("PGHOST").is_some() || set("PGDATABASE").is_some() {
            return Some(ConnectOptions::from_url_with_env("postgres://", env));
        }
        None
    }

    /// The same server and credentials, another database.
    pub fn with_database(&self, database: &str) -> ConnectOptions {
        ConnectOptions { database: database.to_string(), ..self.clone() }
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// Whether a password was given (it is never handed out again).
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    pub fn ssl_mode(&self) -> SslMode {
        self.ssl_mode
    }

    pub fn ssl_root_cert(&self) -> Option<&Path> {
        self.ssl_root_cert.as_deref()
    }

    /// `None`: wait as long as the operating system does.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The URL with the password replaced by `***`: safe to print. It parses
    /// back to the same options, password aside.
    pub fn redacted(&self) -> String {
        let mut res = String::from("postgres://");
        res.push_str(&percent_encode(&self.user, USERINFO_SAFE));
        if self.password.is_some() {
            res.push_str(":***");
        }
        res.push('@');
        let mut query = Vec::new();
        match &self.host {
            Host::Tcp(host) if host.contains(':') => res.push_str(&format!("[{host}]:{}", self.port)),
            Host::Tcp(host) => res.push_str(&format!("{}:{}", percent_encode(host, HOST_SAFE), self.port)),
            Host::Unix(dir) => {
                query.push(format!("host={}", percent_encode(&dir.to_string_lossy(), QUERY_SAFE)));
                query.push(format!("port={}", self.port));
            }
        }
        res.push('/');
        res.push_str(&percent_encode(&self.database, PATH_SAFE));
        if self.ssl_mode_given && self.ssl_mode != SslMode::Prefer {
            query.push(format!("sslmode={}", self.ssl_mode.as_str()));
        }
        if !query.is_empty() {
            res.push('?');
            res.push_str(&query.join("&"));
        }
        res
    }

    fn from_parts(parts: UrlParts, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnectOptions, PartError> {
        // The URL wins over the environment; an empty variable counts as unset.
        let pick = |given: Option<String>, variable: &'static str| -> Option<(String, Option<&'static str>)> {
            match given {
                Some(value) => Some((value, None)),
                None => env(variable).filter(|value| !value.is_empty()).map(|value| (value, Some(variable))),
            }
        };
        let fail = |variable: Option<&'static str>, reason: String| match variable {
            Some(variable) => PartError::Env { variable, reason },
            None => PartError::Url(reason),
        };

        let port = match pick(parts.port, "PGPORT") {
            Some((text, variable)) => parse_port(&text).map_err(|reason| fail(variable, reason))?,
            None => 5432,
        };
        let host = match pick(parts.host, "PGHOST") {
            Some((text, variable)) => {
                if text.contains(',') {
                    return Err(fail(variable, "several hosts are not supported".to_string()));
                }
                if text.starts_with('/') { Host::Unix(PathBuf::from(text)) } else { Host::Tcp(text) }
            }
            None => default_host(port),
        };
        let user = match pick(parts.user, "PGUSER") {
            Some((user, _)) => user,
            None => env("USER")
                .or_else(|| env("LOGNAME"))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "postgres".to_string()),
        };
        let password = pick(parts.password, "PGPASSWORD").map(|(password, _)| password);
        let database = pick(parts.database, "PGDATABASE").map_or_else(|| user.clone(), |(database, _)| database);
        let (ssl_mode, ssl_mode_given) = match pick(parts.ssl_mode, "PGSSLMODE") {
            Some((text, variable)) => (SslMode::parse(&text).map_err(|reason| fail(variable, reason))?, true),
            None => (SslMode::Prefer, false),
        };
        let ssl_root_cert = pick(parts.ssl_root_cert, "PGSSLROOTCERT").map(|(path, _)| PathBuf::from(path));
        let connect_timeout = match pick(parts.connect_timeout, "PGCONNECT_TIMEOUT") {
            Some((text, variable)) => match text.trim().parse::<u64>() {
                Ok(0) => None,
                // libpq waits at least 2 s.
                Ok(seconds) => Some(Duration::from_secs(seconds.max(2))),
                Err(_) => return Err(fail(variable, "connect_timeout is not a number of seconds".to_string())),
            },
            None => Some(DEFAULT_CONNECT_TIMEOUT),
        };
        let application_name =
            Some(pick(parts.application_name, "PGAPPNAME").map_or_else(|| "godwit".to_string(), |(name, _)| name));
        Ok(ConnectOptions {
            host,
            port,
            user,
            password,
            database,
            ssl_mode,
            ssl_mode_given,
            ssl_root_cert,
            connect_timeout,
            application_name,
            options: parts.options,
        })
    }

    fn config(&self) -> postgres::Config {
        let mut config = postgres::Config::new();
        match &self.host {
            Host::Tcp(host) => config.host(host),
            Host::Unix(dir) => config.host_path(dir),
        };
        config.port(self.port).user(&self.user).dbname(&self.database);
        if let Some(password) = &self.password {
            config.password(password);
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout(timeout);
        }
        if let Some(name) = &self.application_name {
            config.application_name(name);
        }
        if let Some(options) = &self.options {
            config.options(options);
        }
        config
    }

    fn tls_connector(&self) -> Result<postgres_native_tls::MakeTlsConnector, ConnectError> {
        let mut builder = native_tls::TlsConnector::builder();
        match self.ssl_mode {
            SslMode::Disable | SslMode::Prefer | SslMode::Require => {
                builder.danger_accept_invalid_certs(true).danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyCa => {
                builder.danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyFull => {}
        }
        if let Some(path) = &self.ssl_root_cert {
            let root_cert = |reason: String| ConnectError::RootCert { path: path.display().to_string(), reason };
            let bytes = std::fs::read(path).map_err(|err| root_cert(err.to_string()))?;
            let certificates = native_tls::Certificate::stack_from_pem(&bytes)
                .ok()
                .filter(|certificates| !certificates.is_empty())
                .or_else(|| native_tls::Certificate::from_der(&bytes).ok().map(|certificate| vec![certificate]))
                .ok_or_else(|| root_cert("not a PEM or DER certificate".to_string()))?;
            builder.disable_built_in_roots(true);
            for certificate in certificates {
                builder.add_root_certificate(certificate);
            }
        }
        let connector = builder
            .build()
            .map_err(|err| ConnectError::Tls { url: self.redacted(), message: one_line(&err.to_string()) })?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }
}

/// Connects, with the options' timeout (10 s unless the URL says otherwise).
pub fn connect(options: &ConnectOptions) -> Result<postgres::Client, ConnectError> {
    let mut config = options.config();
    let result = match (&options.host, options.ssl_mode) {
        // PostgreSQL never speaks TLS over a Unix socket (libpq skips it too).
        (Host::Unix(_), _) | (_, SslMode::Disable) => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(postgres::NoTls)
        }
        (Host::Tcp(_), SslMode::Prefer) => {
            config.ssl_mode(postgres::config::SslMode::Prefer);
            config.connect(options.tls_connector()?)
        }
        (Host::Tcp(_), SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull) => {
            config.ssl_mode(postgres::config::SslMode::Require);
            config.connect(options.tls_connector()?)
        }
    };
    result.map_err(|err| connect_error(options, &err))
}

/// The error of a failed connection, in terms a user can act on.
fn connect_error(options: &ConnectOptions, err: &postgres::Error) -> ConnectError {
    let url = options.redacted();
    if let Some(db) = err.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD {
            return ConnectError::PasswordFailed { url, user: options.user.clone() };
        }
        if *code == SqlState::INVALID_CATALOG_NAME {
            return ConnectError::NoDatabase { url, database: options.database.clone() };
        }
        return ConnectError::Rejected { url, message: one_line(db.message()) };
    }
    let first_cause = std::error::Error::source(err).map(|cause| cause.to_string()).unwrap_or_default();
    if err.to_string() == "error performing TLS handshake" {
        if first_cause.contains("server does not support TLS") {
            return ConnectError::TlsUnsupported { url, mode: options.ssl_mode.as_str() };
        }
        return ConnectError::Tls { url, message: tls_message(&first_cause, options.ssl_mode) };
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io_error(options, url, io);
        }
        source = cause.source();
    }
    if first_cause.contains("password missing") {
        return ConnectError::PasswordMissing { url };
    }
    ConnectError::Other { url, message: error_text(err) }
}

/// A TLS failure without OpenSSL's codes and source paths, with what to do
/// about a rejected certificate.
fn tls_message(cause: &str, ssl_mode: SslMode) -> String {
    if !cause.contains("certificate verify failed") {
        return one_line(cause);
    }
    // OpenSSL puts the reason in parentheses: "(IP address mismatch)".
    let reason = cause.split_once('(').and_then(|(_, rest)| rest.split_once(')')).map(|(reason, _)| reason);
    let mut res = match reason {
        Some(reason) => format!("the server's certificate was rejected ({reason})"),
        None => "the server's certificate was rejected".to_string(),
    };
    if reason.is_some_and(|reason| reason.contains("mismatch")) && ssl_mode == SslMode::VerifyFull {
        res.push_str("; connect with a host name the certificate names, or use sslmode=verify-ca");
    } else if reason.is_some_and(|reason| reason.contains("issuer") || reason.contains("self")) {
        res.push_str("; name its CA with sslrootcert=<file>, or use sslmode=require to skip the check");
    }
    one_line(&res)
}

fn io_error(options: &ConnectOptions, url: String, io: &std::io::Error) -> ConnectError {
    use std::io::ErrorKind;
    match (&options.host, io.kind()) {
        (Host::Unix(dir), ErrorKind::NotFound | ErrorKind::ConnectionRefused) => {
            ConnectError::NoSocket { url, socket: dir.join(format!(".s.PGSQL.{}", options.port)).display().to_string() }
        }
        (_, ErrorKind::ConnectionRefused) => ConnectError::Refused { url },
        (_, ErrorKind::TimedOut) => {
            ConnectError::Timeout { url, seconds: options.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT).as_secs() }
        }
        (Host::Tcp(host), _) if io.to_string().contains("lookup address") => {
            ConnectError::UnknownHost { url, host: host.clone() }
        }
        _ => ConnectError::Other { url, message: one_line(&io.to_string()) },
    }
}

/// A client error on one line: the server's message (with detail and hint
/// when it has them), or the error and its causes.
pub fn error_text(err: &postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let mut res = db.message().to_string();
        if let Some(detail) = db.detail() {
            res.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = db.hint() {
            res.push_str(&format!(" (hint: {hint})"));
        }
        return one_line(&res);
    }
    let mut res = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        res.push_str(": ");
        res.push_str(&cause.to_string());
        source = cause.source();
    }
    one_line(&res)
}

/// `text` with every run of whitespace (line breaks too) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

enum PartError {
    Url(String),
    Env { variable: &'static str, reason: String },
}

fn parse_port(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ if text.contains(',') => Err("several ports are not supported".to_string()),
        _ => Err("the port is not a number from 1 to 65535".to_string()),
    }
}

/// libpq's default: the first usual socket directory that has a socket for
/// `port`, else `localhost`.
fn default_host(port: u16) -> Host {
    for dir in ["/var/run/postgresql", "/run/postgresql", "/tmp"] {
        if Path::new(dir).join(format!(".s.PGSQL.{port}")).exists() {
            return Host::Unix(PathBuf::from(dir));
        }
    }
    Host::Tcp("localhost".to_string())
}

/// Splits a URL into its pieces, percent-decoded. Errors name what is wrong,
/// never the text that is (it may be a misplaced password).
fn parse_url(url: &str) -> Result<UrlParts, String> {
    let url = url.trim();
    let rest = ["postgresql://", "postgres://"]
        .iter()
        .find_map(|scheme| strip_prefix_ignore_case(url, scheme))
        .ok_or_else(|| "expected a URL starting with postgres:// or postgresql://".to_string())?;
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(idx) => (&before_query[..idx], &before_query[idx + 1..]),
        None => (before_query, ""),
    };
    // An '@' may stand unencoded only in the user information. One after a
    // '/' or '?' most likely ends a password holding a '/' or '?': refuse,
    // rather than show a piece of the password as a host or parameter.
    if path.contains('@') || query.is_some_and(|query| query.contains('@')) {
        return Err("there is an '@' after a '/' or '?' (percent-encode '/', '?' and '@' in a password, \
                    database name or parameter as %2F, %3F and %40)"
            .to_string());
    }
    let mut parts = UrlParts::default();
    // The last '@' ends the user information, so an '@' in a password works
    // without encoding.
    let host_port = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            parts.user = non_empty(percent_decode(user).map_err(|reason| format!("user name: {reason}"))?);
            if let Some(password) = password {
                parts.password = Some(percent_decode(password).map_err(|reason| format!("password: {reason}"))?);
            }
            host_port
        }
        None => authority,
    };
    if host_port.contains(',') {
        return Err("several hosts are not supported".to_string());
    }
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        let (host, after) =
            bracketed.split_once(']').ok_or_else(|| "an IPv6 address in '[' has no closing ']'".to_string())?;
        match after {
            "" => (host.to_string(), None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host.to_string(), Some(port)),
                None => return Err("unexpected text after ']'".to_string()),
            },
        }
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (percent_decode(host).map_err(|reason| format!("host: {reason}"))?, Some(port)),
            None => (percent_decode(host_port).map_err(|reason| format!("host: {reason}"))?, None),
        }
    };
    parts.host = non_empty(host);
    if let Some(port) = port.filter(|port| !port.is_empty()) {
        parse_port(port)?;
        parts.port = Some(port.to_string());
    }
    parts.database = non_empty(percent_decode(path).map_err(|reason| format!("database name: {reason}"))?);
    for pair in query.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').ok_or_else(|| "a query parameter has no '=value'".to_string())?;
        let key = percent_decode(key).map_err(|reason| format!("query parameter name: {reason}"))?;
        let value = percent_decode(value).map_err(|reason| format!("parameter {}: {reason}", one_line(&key)))?;
        let slot = match key.as_str() {
            "host" => &mut parts.host,
            "port" => {
                parse_port(&value)?;
                &mut parts.port
            }
            "user" => &mut parts.user,
            "password" => &mut parts.password,
            "dbname" => &mut parts.database,
            "sslmode" => &mut parts.ssl_mode,
            "sslrootcert" => &mut parts.ssl_root_cert,
            "connect_timeout" => &mut parts.connect_timeout,
            "application_name" => &mut parts.application_name,
            "options" => &mut parts.options,
            _ => return Err(format!("unsupported parameter \"{}\"", one_line(&key))),
        };
        *slot = Some(value);
    }
    Ok(parts)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut res = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        if bytes[idx] == b'%' {
            let hex = bytes.get(idx + 1..idx + 3).and_then(|pair| std::str::from_utf8(pair).ok());
            let value = hex
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| "a '%' is not followed by two hex digits".to_string())?;
            res.push(value);
            idx += 3;
        } else {
            res.push(bytes[idx]);
            idx += 1;
        }
    }
    String::from_utf8(res).map_err(|_| "percent-encoded text is not UTF-8".to_string())
}

/// Characters that stay as they are, besides ASCII letters and digits.
const USERINFO_SAFE: &str = "-._~!$&'()*+;=";
const HOST_SAFE: &str = "-._~";
/// No '@' after the user information: `parse_url` refuses it there.
const PATH_SAFE: &str = "-._~!$&'()*+,;=:";
const QUERY_SAFE: &str = "-._~!$'()*+,;:/";

fn percent_encode(text: &str, safe: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || safe.as_bytes().contains(&byte) {
            res.push(char::from(byte));
        } else {
            res.push_str(&format!("%{byte:02X}"));
        }
    }
    res
}

/// `url` with anything that may be a password replaced by `***`, for messages
/// about a URL that does not parse. Errs on the side of hiding: everything
/// between the first ':' after the scheme and the last '@' (a password may
/// hold '/', '?' or '@'), a port that is not a number when there is no '@',
/// and the value of a `password` query parameter.
pub fn redact_url_text(url: &str) -> String {
    let url = one_line(url);
    let Some(scheme_end) = url.find("://").map(|idx| idx + 3) else {
        // Not a URL (perhaps a `key=value` connection string): hide all from
        // the word "password" on.
        return match url.to_ascii_lowercase().find("password") {
            Some(idx) => format!("{}***", &url[..idx]),
            None => url,
        };
    };
    let (scheme, rest) = url.split_at(scheme_end);
    let mut res = String::from(scheme);
    let after_userinfo = match rest.rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => {
                    res.push_str(user);
                    res.push_str(":***");
                }
                None => res.push_str(userinfo),
            }
            &rest[at..]
        }
        None => {
            let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
            match rest[..authority_end].split_once(':') {
                Some((host, port)) if !port.bytes().all(|byte| byte.is_ascii_digit()) => {
                    res.push_str(host);
                    res.push_str(":***");
                    &rest[authority_end..]
                }
                _ => rest,
            }
        }
    };
    match after_userinfo.split_once('?') {
        Some((before, query)) => {
            res.push_str(before);
            res.push('?');
            // A pair without '=' after a password may be the rest of it (an
            // unencoded '&').
            let mut after_password = false;
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) => {
                        after_password = key.eq_ignore_ascii_case("password");
                        if after_password { format!("{key}=***") } else { pair.to_string() }
                    }
                    None if after_password => "***".to_string(),
                    None => pair.to_string(),
                })
                .collect();
            res.push_str(&pairs.join("&"));
        }
        None => res.push_str(after_userinfo),
    }
    res
}
