//! PostgreSQL: the shared test harness, the embedded cluster, and connecting.
//!
//! The harness (`cluster_or_skip`, `cluster`, `fresh_database`) is for every
//! test module that needs a live server. One cluster is started per test
//! binary, on first use, and shared. It lives in a `static`, so it is never
//! dropped: its watchdog (see `godwit::pg::cluster`) stops the server and
//! removes its directory when the test process exits, however it exits (tests
//! that panic, a Ctrl-C, even `SIGKILL`).
//!
//! Without PostgreSQL installed, `cluster_or_skip` says so loudly on stderr and
//! returns `None`, and the test returns early; with `REQUIRE_PG` set (CI sets
//! it), that is a failure instead.

use godwit::pg::cluster::{self, Cluster, ClusterError};
use godwit::pg::connect::{self, ConnectError, ConnectOptions, Host, SslMode};
use proptest::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// The shared harness.

fn shared() -> &'static Result<Cluster, ClusterError> {
    static SHARED: OnceLock<Result<Cluster, ClusterError>> = OnceLock::new();
    SHARED.get_or_init(Cluster::start)
}

/// Whether a missing PostgreSQL is a failure (CI) rather than a skip.
fn required() -> bool {
    std::env::var_os("REQUIRE_PG").is_some_and(|value| !value.is_empty() && value != "0")
}

/// Says once per process, past the test harness's output capture, that the
/// PostgreSQL tests are skipped.
fn announce_skip(err: &ClusterError) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPING the tests that need PostgreSQL: {err}\n*** (set REQUIRE_PG=1 to make this a failure)\n"
        );
    });
}

/// The shared cluster; `None` when PostgreSQL is not installed and
/// `REQUIRE_PG` is not set (the test should return early). Panics when the
/// cluster does not start for any other reason.
pub fn cluster_or_skip() -> Option<&'static Cluster> {
    match shared() {
        Ok(cluster) => Some(cluster),
        Err(err) if err.is_not_installed() && !required() => {
            announce_skip(err);
            None
        }
        Err(err) => panic!("cannot start the test PostgreSQL cluster: {err}"),
    }
}

/// The shared cluster. Panics without one: call `cluster_or_skip` first.
pub fn cluster() -> &'static Cluster {
    match shared() {
        Ok(cluster) => cluster,
        Err(err) => panic!("cannot start the test PostgreSQL cluster: {err}"),
    }
}

/// A new empty database on the shared cluster, named after the test (see
/// `database_name`; an earlier one of that name is dropped), with its URL and
/// a connection to it.
pub fn fresh_database(test_name: &str) -> (String, postgres::Client) {
    let cluster = cluster();
    let name = database_name(test_name);
    cluster.create_database(&name).unwrap_or_else(|err| panic!("{err}"));
    let client = cluster.connect(&name).unwrap_or_else(|err| panic!("{err}"));
    (cluster.url(&name), client)
}

/// `test_name` as a database name: lower-case ASCII letters, digits and `_`,
/// starting with a letter, at most 63 bytes (a longer name keeps its start
/// and ends with a hash of the whole).
pub fn database_name(test_name: &str) -> String {
    let mut name: String =
        test_name.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '_' }).collect();
    if !name.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        name.insert_str(0, "t_");
    }
    if name.len() > 63 {
        // FNV-1a: stable across runs and platforms.
        let hash =
            test_name.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
        name.truncate(54);
        name.push_str(&format!("_{hash:08x}"));
    }
    name
}

/// A cluster of its own, for tests that stop or reconfigure it; `None` as in
/// `cluster_or_skip`.
fn own_cluster_or_skip() -> Option<Cluster> {
    match Cluster::start() {
        Ok(cluster) => Some(cluster),
        Err(err) if err.is_not_installed() && !required() => {
            announce_skip(&err);
            None
        }
        Err(err) => panic!("cannot start a PostgreSQL cluster: {err}"),
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect();
    move |name| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
}

fn parse(url: &str) -> ConnectOptions {
    ConnectOptions::from_url_with_env(url, &no_env).unwrap_or_else(|err| panic!("{url}: {err}"))
}

fn parse_error(url: &str) -> ConnectError {
    match ConnectOptions::from_url_with_env(url, &no_env) {
        Ok(options) => panic!("{url} parsed: {options:?}"),
        Err(err) => err,
    }
}

/// A loopback port nothing listens on (it was free a moment ago).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn connect_error(options: &ConnectOptions) -> ConnectError {
    match connect::connect(options) {
        Ok(_) => panic!("connected to {options}"),
        Err(err) => err,
    }
}

fn assert_one_line_without(message: &str, secret: &str) {
    assert!(!message.contains('\n'), "not one line: {message}");
    assert!(!message.contains(secret), "shows the password: {message}");
}

// ---------------------------------------------------------------------------
// The embedded cluster.

#[test]
fn cluster_starts_and_answers_select_version() {
    let Some(cluster) = cluster_or_skip() else { return };
    let mut client = cluster.connect("postgres").unwrap();
    let version: String = client.query_one("select version()", &[]).unwrap().get(0);
    assert!(version.starts_with("PostgreSQL "), "{version}");
    let number = cluster.server_version().split_whitespace().next().unwrap();
    assert!(version.contains(number), "{version} vs {}", cluster.server_version());
    assert!(cluster.server_version_num() >= 100_000);

    // What makes results the same on every machine.
    let row = client
        .query_one(
            "select pg_encoding_to_char(encoding), datcollate, current_setting('TimeZone') \
             from pg_database where datname = current_database()",
            &[],
        )
        .unwrap();
    let settings: (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(settings, ("UTF8".to_string(), "C".to_string(), "UTC".to_string()));
    assert_eq!(
        cluster.url("postgres"),
        format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable", cluster.port())
    );
    assert!(cluster.data_dir().starts_with(cluster.dir()));
}

#[test]
fn fresh_databases_are_independent() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (url_a, mut a) = fresh_database("fresh_databases_are_independent_a");
    let (url_b, mut b) = fresh_database("fresh_databases_are_independent_b");
    assert_ne!(url_a, url_b);
    a.batch_execute("create table only_in_a (id integer)").unwrap();
    let count = |client: &mut postgres::Client| -> i64 {
        client.query_one("select count(*) from pg_class where relname = 'only_in_a'", &[]).unwrap().get(0)
    };
    assert_eq!(count(&mut a), 1);
    assert_eq!(count(&mut b), 0);

    // The URL reaches the same database.
    let mut again = connect::connect(&ConnectOptions::from_url_with_env(&url_a, &no_env).unwrap()).unwrap();
    assert_eq!(count(&mut again), 1);
    drop(again);

    // A fresh database of the same name starts empty, even with a connection open.
    let (_, mut a2) = fresh_database("fresh_databases_are_independent_a");
    assert_eq!(count(&mut a2), 0);
    assert!(a.batch_execute("select 1").is_err(), "the old connection was closed with its database");
}

#[test]
fn database_names_are_sanitized_and_short() {
    assert_eq!(database_name("pg::some_test"), "pg__some_test");
    assert_eq!(database_name("1-Two"), "t_1_two");
    let long = database_name(&"x".repeat(100));
    assert_eq!(long.len(), 63);
    assert_ne!(long, database_name(&"x".repeat(101)));
}

#[test]
fn dropping_a_cluster_stops_the_server_and_removes_its_directory() {
    // A directory left by a process that is gone (and its server with it)
    // is removed by the next start.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let stale = std::env::temp_dir().join(format!("godwit-pg-{}-0", gone.id()));
    std::fs::create_dir_all(stale.join("data")).unwrap();
    std::fs::write(stale.join("data/postmaster.pid"), format!("{}\n", gone.id())).unwrap();

    let Some(cluster) = own_cluster_or_skip() else {
        let _ = std::fs::remove_dir_all(&stale);
        return;
    };
    assert!(!stale.exists(), "{} is still there", stale.display());
    let dir = cluster.dir().to_path_buf();
    let pid = cluster.pid();
    assert!(dir.join("data/PG_VERSION").exists());
    assert!(cluster::process_is_alive(pid));
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("godwit-pg-{}-", std::process::id())), "{name}");
    cluster.connect("postgres").unwrap().batch_execute("select 1").unwrap();
    let port = cluster.port();

    drop(cluster);
    assert!(!dir.exists(), "{} is still there", dir.display());
    assert!(!cluster::process_is_alive(pid), "server {pid} still runs");
    let refused = ConnectOptions::from_url_with_env(&format!("postgres://postgres@127.0.0.1:{port}/postgres"), &no_env);
    assert!(connect::connect(&refused.unwrap()).is_err());
}

/// Not a test on its own: with `GODWIT_TEST_HOLD_CLUSTER` set, it starts a
/// cluster, prints its directory and server pid, and waits (at most a minute)
/// for the signal that `interrupt_*` and `killed_*` send to its process.
#[test]
fn hold_a_cluster_until_signalled() {
    if std::env::var_os("GODWIT_TEST_HOLD_CLUSTER").is_none() {
        return;
    }
    let cluster = Cluster::start().unwrap();
    println!("\nheld-cluster {} {}", cluster.pid(), cluster.dir().display());
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_secs(60));
}

/// Runs `hold_a_cluster_until_signalled` in a child process, sends it
/// `signal`, and returns its exit status, the server pid and the directory.
fn signal_a_cluster_holder(signal: &str) -> (std::process::ExitStatus, u32, PathBuf) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "pg::hold_a_cluster_until_signalled", "--nocapture", "--test-threads=1"])
        .env("GODWIT_TEST_HOLD_CLUSTER", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with("held-cluster "))
        .unwrap_or_else(|| panic!("the child printed no cluster (status {:?})", child.wait()));
    let mut fields = line.splitn(3, ' ').skip(1);
    let pid: u32 = fields.next().unwrap().parse().unwrap();
    let dir = PathBuf::from(fields.next().unwrap());
    assert!(dir.exists() && cluster::process_is_alive(pid));
    let sent = Command::new("sh").args(["-c", &format!("kill -{signal} {}", child.id())]).status().unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    (status, pid, dir)
}

fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

#[test]
fn interrupt_stops_clusters_and_exits_with_130() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (status, pid, dir) = signal_a_cluster_holder("INT");
    assert_eq!(status.code(), Some(130), "{status:?}");
    // The handler stopped and removed everything before exiting.
    assert!(!dir.exists(), "{} is still there", dir.display());
    assert!(wait_until(Duration::from_secs(2), || !cluster::process_is_alive(pid)), "server {pid} still runs");
}

#[test]
fn killed_process_leaves_no_cluster_behind() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (status, pid, dir) = signal_a_cluster_holder("KILL");
    assert_eq!(status.code(), None, "{status:?}");
    // The watchdog noticed and cleaned up.
    assert!(wait_until(Duration::from_secs(40), || !dir.exists()), "{} is still there", dir.display());
    assert!(wait_until(Duration::from_secs(5), || !cluster::process_is_alive(pid)), "server {pid} still runs");
}

#[test]
fn not_installed_error_says_what_to_do() {
    let message = ClusterError::NotInstalled.to_string();
    assert!(!message.contains('\n'));
    assert!(message.contains("install PostgreSQL"), "{message}");
    assert!(message.contains("--dev-url"), "{message}");
}

// ---------------------------------------------------------------------------
// Connecting: live errors.

#[test]
fn unreachable_server_is_one_line_without_the_password() {
    let port = closed_port();
    for url in [format!("postgres://u:secret@127.0.0.1:{port}/db"), "postgres://u:secret@127.0.0.1:1/db".to_string()] {
        let options = parse(&url);
        let err = connect_error(&options);
        assert!(matches!(err, ConnectError::Refused { .. }), "{err:?}");
        let message = err.to_string();
        assert_one_line_without(&message, "secret");
        assert!(message.starts_with("cannot connect to postgres://u:***@127.0.0.1:"), "{message}");
        assert!(message.ends_with("connection refused (is the server running on that host and port?)"), "{message}");
        assert!(!format!("{err:?}").contains("secret"));
    }
}

#[test]
fn missing_database_is_named() {
    let Some(cluster) = cluster_or_skip() else { return };
    let url = format!("postgres://postgres:secret@127.0.0.1:{}/no_such_database", cluster.port());
    let err = connect_error(&parse(&url));
    assert!(matches!(err, ConnectError::NoDatabase { .. }), "{err:?}");
    let message = err.to_string();
    assert_one_line_without(&message, "secret");
    assert!(message.ends_with(": database \"no_such_database\" does not exist"), "{message}");
}

#[test]
fn sslmode_require_without_server_tls_fails_clearly() {
    let Some(cluster) = cluster_or_skip() else { return };
    for mode in ["require", "verify-ca", "verify-full"] {
        let url = format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode={mode}", cluster.port());
        let err = connect_error(&parse(&url));
        assert!(matches!(err, ConnectError::TlsUnsupported { .. }), "{err:?}");
        let message = err.to_string();
        assert!(!message.contains('\n'));
        assert!(
            message.ends_with(&format!("the server does not support TLS, which sslmode={mode} requires")),
            "{message}"
        );
    }
    // prefer (libpq's default) falls back to plain text.
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode=prefer", cluster.port());
    connect::connect(&parse(&url)).unwrap().batch_execute("select 1").unwrap();
}

#[test]
fn unix_socket_hosts_connect() {
    let Some(cluster) = cluster_or_skip() else { return };
    let Some(socket_dir) = cluster.socket_dir() else { return };
    let socket_dir = socket_dir.display().to_string();
    let port = cluster.port();
    for url in [
        format!("postgres:///postgres?host={socket_dir}&port={port}&user=postgres"),
        format!("postgresql://postgres@{}:{port}/postgres", socket_dir.replace('/', "%2F")),
    ] {
        let options = parse(&url);
        assert_eq!(options.host(), &Host::Unix(PathBuf::from(&socket_dir)));
        // sslmode does not apply to a socket.
        let mut client = connect::connect(&options).unwrap_or_else(|err| panic!("{err}"));
        let over_socket: bool = client.query_one("select inet_server_addr() is null", &[]).unwrap().get(0);
        assert!(over_socket);
    }
    let url = format!("postgres:///postgres?host={socket_dir}&port={}", closed_port());
    let err = connect_error(&parse(&url));
    assert!(matches!(err, ConnectError::NoSocket { .. }), "{err:?}");
    assert!(err.to_string().contains(&format!("no server socket {socket_dir}/.s.PGSQL.")), "{err}");
}

#[test]
fn wrong_password_is_reported_as_such() {
    let Some(cluster) = own_cluster_or_skip() else { return };
    // Passwords over TCP from now on (sockets stay trusted).
    let mut admin = cluster.connect("postgres").unwrap();
    admin.batch_execute("SET password_encryption = 'scram-sha-256'; ALTER ROLE postgres PASSWORD 'right'").unwrap();
    let hba = "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n";
    std::fs::write(cluster.data_dir().join("pg_hba.conf"), hba).unwrap();
    admin.batch_execute("SELECT pg_reload_conf()").unwrap();

    let url = |password: &str| format!("postgres://postgres{password}@127.0.0.1:{}/postgres", cluster.port());
    let reloaded = wait_until(Duration::from_secs(10), || {
        matches!(connect::connect(&parse(&url(""))), Err(ConnectError::PasswordMissing { .. }))
    });
    assert!(reloaded, "pg_hba.conf was not reloaded");

    let err = connect_error(&parse(&url(":wrong-secret")));
    assert!(matches!(err, ConnectError::PasswordFailed { .. }), "{err:?}");
    let message = err.to_string();
    assert_one_line_without(&message, "wrong-secret");
    assert!(message.ends_with(": password authentication failed for user \"postgres\""), "{message}");

    let err = connect_error(&parse(&url("")));
    assert!(err.to_string().contains("the server asks for a password and none was given"), "{err}");

    connect::connect(&parse(&url(":right"))).unwrap().batch_execute("select 1").unwrap();
    // PGPASSWORD fills in a password the URL leaves out.
    let options = ConnectOptions::from_url_with_env(&url(""), &env_of(&[("PGPASSWORD", "right")])).unwrap();
    connect::connect(&options).unwrap().batch_execute("select 1").unwrap();
}

/// Makes a test CA and a server certificate for `localhost` signed by it, in
/// `dir`, with the `openssl` tool; false when there is no such tool.
fn make_certificates(dir: &Path) -> bool {
    let run = |args: &[&str]| {
        Command::new("openssl").args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).status()
    };
    let Ok(status) = run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=godwit test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]) else {
        return false;
    };
    assert!(status.success(), "openssl could not make a CA");
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    for args in [
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ][..],
        &[
            "x509",
            "-req",
            "-days",
            "2",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        ][..],
    ] {
        assert!(run(args).unwrap().success(), "openssl {args:?} failed");
    }
    true
}

#[test]
fn tls_modes_against_a_server_with_tls() {
    let Some(cluster) = own_cluster_or_skip() else { return };
    // The certificate and key go in the data directory, owned by the server's user.
    let data_dir = cluster.data_dir();
    if !make_certificates(&data_dir) {
        assert!(!required(), "the openssl tool is needed to test TLS");
        let _ = writeln!(std::io::stderr(), "*** SKIPPING the TLS test: no openssl tool");
        return;
    }
    let server_user = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&data_dir).unwrap());
    let server_group = std::os::unix::fs::MetadataExt::gid(&std::fs::metadata(&data_dir).unwrap());
    for file in ["server.crt", "server.key"] {
        std::os::unix::fs::chown(data_dir.join(file), Some(server_user), Some(server_group)).unwrap();
    }
    let mut admin = cluster.connect("postgres").unwrap();
    admin.batch_execute("ALTER SYSTEM SET ssl = on").unwrap();
    admin.batch_execute("SELECT pg_reload_conf()").unwrap();

    let port = cluster.port();
    let root = data_dir.join("ca.crt").display().to_string();
    let url = |host: &str, query: &str| format!("postgres://postgres@{host}:{port}/postgres?{query}");
    let uses_tls = |options: &ConnectOptions| -> Result<bool, ConnectError> {
        let mut client = connect::connect(options)?;
        Ok(client.query_one("select ssl from pg_stat_ssl where pid = pg_backend_pid()", &[]).unwrap().get(0))
    };
    let reloaded =
        wait_until(Duration::from_secs(10), || uses_tls(&parse(&url("127.0.0.1", "sslmode=require"))).is_ok());
    assert!(reloaded, "the server did not turn TLS on");

    // Encrypted, certificate not checked.
    assert!(uses_tls(&parse(&url("127.0.0.1", "sslmode=require"))).unwrap());
    assert!(uses_tls(&parse(&url("127.0.0.1", "sslmode=prefer"))).unwrap());
    assert!(!uses_tls(&parse(&url("127.0.0.1", "sslmode=disable"))).unwrap());
    // Trusted root, any host name.
    assert!(uses_tls(&parse(&url("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={root}")))).unwrap());
    // Trusted root and the certificate's host name.
    assert!(uses_tls(&parse(&url("localhost", &format!("sslmode=verify-full&sslrootcert={root}")))).unwrap());

    // The certificate does not name 127.0.0.1.
    let err = uses_tls(&parse(&url("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={root}")))).unwrap_err();
    assert!(matches!(err, ConnectError::Tls { .. }), "{err:?}");
    assert!(
        err.to_string().ends_with(
            ": TLS error: the server's certificate was rejected (IP address mismatch); \
             connect with a host name the certificate names, or use sslmode=verify-ca"
        ),
        "{err}"
    );
    // The system roots do not trust the test CA.
    let err = uses_tls(&parse(&url("localhost", "sslmode=verify-ca"))).unwrap_err();
    assert!(matches!(err, ConnectError::Tls { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot connect to postgres://postgres@localhost:"), "{err}");
    assert!(err.to_string().contains("certificate was rejected (unable to get local issuer certificate)"), "{err}");
}

// ---------------------------------------------------------------------------
// Connecting: URLs and the environment (no server).

#[test]
fn url_parts_are_percent_decoded() {
    let options =
        parse("postgresql://app%40corp:p%40ss@db.example.com:6543/my%20db?sslmode=verify-full&connect_timeout=3");
    assert_eq!(options.user(), "app@corp");
    assert!(options.has_password());
    assert_eq!(options.host(), &Host::Tcp("db.example.com".to_string()));
    assert_eq!(options.port(), 6543);
    assert_eq!(options.database(), "my db");
    assert_eq!(options.ssl_mode(), SslMode::VerifyFull);
    assert_eq!(options.connect_timeout(), Some(Duration::from_secs(3)));
    assert_eq!(options.redacted(), "postgres://app%40corp:***@db.example.com:6543/my%20db?sslmode=verify-full");
}

#[test]
fn unencoded_at_signs_belong_to_the_password() {
    let options = parse("postgres://app:p@ss@db/app");
    assert!(options.has_password());
    assert_eq!(options.host(), &Host::Tcp("db".to_string()));
    assert_eq!(options.redacted(), "postgres://app:***@db:5432/app");
}

#[test]
fn ipv6_and_socket_hosts() {
    let options = parse("postgres://u@[::1]:5433/db");
    assert_eq!(options.host(), &Host::Tcp("::1".to_string()));
    assert_eq!(options.port(), 5433);
    assert_eq!(options.redacted(), "postgres://u@[::1]:5433/db");

    let options = parse("postgres://u@/db?host=/var/run/postgresql");
    assert_eq!(options.host(), &Host::Unix(PathBuf::from("/var/run/postgresql")));
    assert_eq!(options.redacted(), "postgres://u@/db?host=/var/run/postgresql&port=5432");

    let options = parse("postgres://u@%2Ftmp:5433/db");
    assert_eq!(options.host(), &Host::Unix(PathBuf::from("/tmp")));
    assert_eq!(options.port(), 5433);
}

#[test]
fn environment_fills_what_the_url_leaves_out() {
    let env = env_of(&[
        ("PGHOST", "envhost"),
        ("PGPORT", "6000"),
        ("PGUSER", "envuser"),
        ("PGPASSWORD", "envsecret"),
        ("PGDATABASE", "envdb"),
        ("PGSSLMODE", "require"),
    ]);
    let options = ConnectOptions::from_url_with_env("postgres://", &env).unwrap();
    assert_eq!(options.redacted(), "postgres://envuser:***@envhost:6000/envdb?sslmode=require");

    // The URL wins.
    let options = ConnectOptions::from_url_with_env("postgres://u@h:7000/d?sslmode=disable", &env).unwrap();
    assert_eq!(options.redacted(), "postgres://u:***@h:7000/d?sslmode=disable");

    // A socket directory in PGHOST.
    let options = ConnectOptions::from_url_with_env("postgres:///d", &env_of(&[("PGHOST", "/run/pg")])).unwrap();
    assert_eq!(options.host(), &Host::Unix(PathBuf::from("/run/pg")));

    // An invalid variable is named.
    let err = ConnectOptions::from_url_with_env("postgres://h/d", &env_of(&[("PGPORT", "http")])).unwrap_err();
    assert_eq!(err.to_string(), "invalid PGPORT environment variable: the port is not a number from 1 to 65535");
}

#[test]
fn defaults_follow_libpq() {
    let env = env_of(&[("PGHOST", "h"), ("USER", "alice")]);
    let options = ConnectOptions::from_url_with_env("postgresql://", &env).unwrap();
    assert_eq!(options.user(), "alice");
    assert_eq!(options.database(), "alice");
    assert_eq!(options.port(), 5432);
    assert!(!options.has_password());
    assert_eq!(options.ssl_mode(), SslMode::Prefer);
    assert_eq!(options.connect_timeout(), Some(Duration::from_secs(10)));
    assert_eq!(options.redacted(), "postgres://alice@h:5432/alice");
    assert_eq!(options.with_database("other").database(), "other");
}

#[test]
fn from_env_prefers_database_url_then_pg_variables() {
    let both = env_of(&[("DATABASE_URL", "postgres://a@one/x"), ("PGHOST", "two"), ("PGDATABASE", "y")]);
    let options = ConnectOptions::from_env_with(&both).unwrap().unwrap();
    assert_eq!(options.redacted(), "postgres://a@one:5432/x");

    let pg_only = env_of(&[("PGHOST", "two"), ("PGUSER", "b")]);
    let options = ConnectOptions::from_env_with(&pg_only).unwrap().unwrap();
    assert_eq!(options.redacted(), "postgres://b@two:5432/b");

    let database_only = env_of(&[("PGDATABASE", "y"), ("PGUSER", "b"), ("PGHOST", "")]);
    assert_eq!(ConnectOptions::from_env_with(&database_only).unwrap().unwrap().database(), "y");

    // Neither: no database is given.
    assert!(ConnectOptions::from_env_with(&env_of(&[("PGUSER", "b"), ("PGPASSWORD", "p")])).is_none());
    assert!(ConnectOptions::from_env_with(&no_env).is_none());
    assert!(ConnectOptions::from_env_with(&env_of(&[("DATABASE_URL", ""), ("PGHOST", " ")])).is_none());

    let broken = env_of(&[("DATABASE_URL", "mysql://a:secret@h/x")]);
    let err = ConnectOptions::from_env_with(&broken).unwrap().unwrap_err();
    assert_one_line_without(&err.to_string(), "secret");
}

#[test]
fn sslmode_spellings() {
    for (text, mode) in [
        ("disable", SslMode::Disable),
        ("allow", SslMode::Prefer),
        ("prefer", SslMode::Prefer),
        ("require", SslMode::Require),
        ("verify-ca", SslMode::VerifyCa),
        ("verify-full", SslMode::VerifyFull),
    ] {
        assert_eq!(parse(&format!("postgres://h/d?sslmode={text}")).ssl_mode(), mode);
    }
    let options = parse("postgres://h/d?sslmode=verify-ca&sslrootcert=/etc/ssl/root.pem");
    assert_eq!(options.ssl_root_cert(), Some(Path::new("/etc/ssl/root.pem")));
    let err = parse_error("postgres://h/d?sslmode=always");
    assert!(
        err.to_string()
            .ends_with("invalid sslmode \"always\" (expected disable, prefer, require, verify-ca or verify-full)")
    );
}

#[test]
fn missing_root_certificate_is_reported() {
    let options = parse("postgres://u:secret@127.0.0.1:1/d?sslmode=verify-full&sslrootcert=/nonexistent/root.crt");
    let err = connect_error(&options);
    assert!(matches!(err, ConnectError::RootCert { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot read the sslrootcert file /nonexistent/root.crt: "), "{err}");
}

#[test]
fn malformed_urls_are_one_line_errors_without_the_password() {
    for (url, reason) in [
        ("mysql://u:secret@h/db", "expected a URL starting with postgres:// or postgresql://"),
        ("postgres://u:secret@h:port/db", "the port is not a number from 1 to 65535"),
        ("postgres://u:secret@h:0/db", "the port is not a number from 1 to 65535"),
        ("postgres://u:sec/ret@h/db", "there is an '@' after a '/' or '?'"),
        ("postgres://u:sec?ret@h/db", "there is an '@' after a '/' or '?'"),
        ("postgres://u:1234?ret@h/db", "there is an '@' after a '/' or '?'"),
        ("postgres://u:secret@h/db?sslmode=bogus", "invalid sslmode \"bogus\""),
        ("postgres://u:secret@h/db?nope=1", "unsupported parameter \"nope\""),
        ("postgres://u:secret@h/db?password", "a query parameter has no '=value'"),
        ("postgres://u:secret@[::1/db", "no closing ']'"),
        ("postgres://u:sec%zzret@h/db", "password: a '%' is not followed by two hex digits"),
        ("postgres://u:secret@h1,h2/db", "several hosts are not supported"),
        ("postgres://h/db?password=secret&sslmode=x", "invalid sslmode"),
        ("postgres://h/db?password=sec&ret&sslmode=x", "a query parameter has no '=value'"),
        ("host=h password=secret", "expected a URL starting with postgres://"),
    ] {
        let err = parse_error(url);
        assert!(matches!(err, ConnectError::InvalidUrl { .. }), "{url}: {err:?}");
        let message = err.to_string();
        assert_one_line_without(&message, "secret");
        assert_one_line_without(&message, "sec");
        assert!(!message.contains("ret@"), "{message}");
        assert!(message.starts_with("invalid database URL "), "{message}");
        assert!(message.contains(reason), "{url}: {message}");
        assert!(!format!("{err:?}").contains("secret"));
    }
}

#[test]
fn debug_and_display_hide_the_password() {
    let options = parse("postgres://app:hunter2@db/app?password=hunter3");
    for text in [format!("{options:?}"), options.to_string(), options.redacted()] {
        assert!(!text.contains("hunter"), "{text}");
    }
    assert!(format!("{options:?}").contains("password: Some(\"***\")"));
}

#[test]
fn redacted_urls_parse_back() {
    for url in [
        "postgres://app:pw@db.example.com:6543/my%20db?sslmode=verify-full",
        "postgres://u@[::1]:5433/db",
        "postgres:///db?host=/var/run/postgresql&user=u&port=5439",
        "postgres://%C3%A9l%C3%A8ve@h/b%2Fc%40d?sslmode=disable",
        "postgres://u@/d%3Fb?host=/tmp/a%40b",
    ] {
        let options = parse(url);
        let again = parse(&options.redacted());
        assert_eq!(again.redacted(), options.redacted());
        assert_eq!(
            (again.host(), again.port(), again.user(), again.database()),
            (options.host(), options.port(), options.user(), options.database())
        );
        assert_eq!(again.ssl_mode(), options.ssl_mode());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,60}") {
        let _ = ConnectOptions::from_url_with_env(&text, &no_env);
        if let Ok(options) = ConnectOptions::from_url_with_env(&format!("postgres://{text}"), &no_env) {
            // What parses prints as a URL that parses back the same.
            let again = ConnectOptions::from_url_with_env(&options.redacted(), &no_env);
            prop_assert_eq!(again.map(|again| again.redacted()).ok(), Some(options.redacted()));
        }
    }

    /// The password is written with letters that no message uses (Q, J, K, Z)
    /// and the rest of the URL with lower case and no '%' (which could spell
    /// them), so any piece of it that shows is a leak.
    #[test]
    fn no_piece_of_a_password_is_ever_shown(
        password in "[QJKZ][QJKZ/?@&=:#%]{0,10}",
        rest in "[a-z0-9./?@&=:,\\[\\]]{0,30}",
    ) {
        let url = format!("postgres://u:{password}@{rest}");
        match ConnectOptions::from_url_with_env(&url, &no_env) {
            Ok(options) => {
                for text in [options.redacted(), format!("{options:?}")] {
                    prop_assert!(!text.contains(['Q', 'J', 'K', 'Z']), "{} shows {}", url, text);
                }
            }
            Err(err) => {
                for text in [err.to_string(), format!("{err:?}")] {
                    prop_assert!(!text.contains(['Q', 'J', 'K', 'Z']), "{} shows {}", url, text);
                    prop_assert!(!text.contains('\n'));
                }
            }
        }
    }
}

/// A fresh database holding what `sql` creates, by URL and with a client;
/// `None` to skip.
pub fn populated(test_name: &str, sql: &str) -> Option<(String, postgres::Client)> {
    cluster_or_skip()?;
    let (url, mut client) = fresh_database(test_name);
    client.batch_execute(sql).unwrap();
    Some((url, client))
}

/// Why running a phased plan with its rollbacks went wrong.
#[derive(Debug)]
pub enum PhasesError {
    /// A phase failed (the plan's own steps).
    Forward(String),
    /// A rollback failed, or did not give back the schema from before its
    /// phase, or the phase failed when run again.
    Rollback(String),
}

/// Runs `plan` phase by phase on a live database, and after each phase
/// that can be undone, its rollback: the rollback must give back exactly the
/// schema from before the phase (and keep every row), and the phase must then
/// run again. Proves the rollbacks with the rows a test seeded.
pub fn apply_phases_with_rollbacks(
    client: &mut postgres::Client,
    plan: &godwit::plan::Plan,
) -> Result<(), PhasesError> {
    use godwit::introspect::{IntrospectOptions, introspect};
    let catalog_of = |client: &mut postgres::Client| introspect(client, &IntrospectOptions::default()).unwrap().catalog;
    let rows_of = |client: &mut postgres::Client, catalog: &godwit::ir::Catalog| -> Vec<i64> {
        catalog
            .tables
            .keys()
            .map(|table| {
                let sql = format!("SELECT count(*) FROM {}", godwit::sql::quote::qualified(table));
                client.query_one(&sql, &[]).unwrap().get(0)
            })
            .collect()
    };
    let script = godwit::render::sql_script(plan);
    let mut before = catalog_of(client);
    for (index, phase) in plan.phases.iter().enumerate() {
        if phase.steps.is_empty() {
            continue;
        }
        let one = godwit::plan::Plan { mode: plan.mode, phases: vec![phase.clone()], hazards: Vec::new() };
        godwit::apply::apply(client, &one, |_, _| {})
            .map_err(|err| PhasesError::Forward(format!("phase {}: {err}\n{script}", phase.name)))?;
        if let Ok(rollback) = plan.phase_rollback(index) {
            let rows = rows_of(client, &before);
            // The enum labels the phase added stay.
            let before = godwit::plan::kept_by_rollback(phase, &before, &catalog_of(client));
            let undo = godwit::render::sql_script(&rollback);
            godwit::apply::apply(client, &rollback, |_, _| {})
                .map_err(|err| PhasesError::Rollback(format!("undo {}: {err}\n{undo}\nof\n{script}", phase.name)))?;
            let back = catalog_of(client);
            let remaining: Vec<String> = godwit::diff::diff(&back, &before, &godwit::ir::Meta::default())
                .changes
                .iter()
                .map(|change| change.summary())
                .collect();
            if !remaining.is_empty() {
                return Err(PhasesError::Rollback(format!(
                    "after undo {}, still different from before the phase: {remaining:?}\n{undo}\nof\n{script}",
                    phase.name
                )));
            }
            let rows_back = rows_of(client, &before);
            if rows_back != rows {
                return Err(PhasesError::Rollback(format!("undo {} lost rows\n{undo}", phase.name)));
            }
            godwit::apply::apply(client, &one, |_, _| {}).map_err(|err| {
                PhasesError::Rollback(format!("phase {} run again after its rollback: {err}\n{script}", phase.name))
            })?;
        }
        before = catalog_of(client);
    }
    Ok(())
}

/// Creates `role` (`NOLOGIN`) on the shared test cluster unless it exists:
/// roles are cluster-wide, so tests running at once may race for it.
pub fn ensure_role(role: &str) {
    let mut client = cluster().connect("postgres").unwrap();
    let literal = godwit::sql::quote::literal(role);
    let ident = godwit::sql::quote::literal(&godwit::sql::quote::ident(role));
    client
        .batch_execute(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) THEN \
             EXECUTE 'CREATE ROLE ' || {ident} || ' NOLOGIN'; END IF; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
        .unwrap();
}
