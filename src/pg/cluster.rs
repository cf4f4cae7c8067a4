//! The embedded throwaway cluster: a PostgreSQL server that godwit starts from
//! the local binaries in a temporary directory, on a free loopback port, and
//! stops again. It is the shadow database when no `--dev-url` is given, and
//! the server of the integration tests.
//!
//! A cluster must never outlive the process that started it. Three things see
//! to that:
//!
//! - `Drop` stops the server (a fast shutdown, `SIGINT`) and removes the
//!   directory.
//! - A Ctrl-C handler (installed once per process, unless the program has its
//!   own; then that one should call [`stop_all`]) stops every cluster of the
//!   process, removes their directories and exits with code 130. The server
//!   runs in our process group, so a terminal's Ctrl-C reaches it too.
//! - A watchdog: a small `sh` process per cluster that waits on a pipe from
//!   us. When our process ends in any way (a panic, `exit`, `SIGKILL`), the
//!   pipe closes, and the watchdog stops the server and removes the directory.
//!   This is what cleans up a cluster that is never dropped, such as one kept
//!   in a `static` by the tests.
//!
//! Directories are named `godwit-pg-<pid>-<n>` under the temporary directory;
//! `start` also removes those left by a process that is gone, whose server is
//! gone too.

use crate::pg::connect::{self, ConnectError, ConnectOptions};
use crate::sql::quote;
use std::fs;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::time::{Duration, Instant};

/// How long the server may take to accept connections.
pub const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a fast shutdown may take before the server is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
const DIR_PREFIX: &str = "godwit-pg-";
/// The superuser of the cluster (`initdb -U`).
pub const SUPERUSER: &str = "postgres";
/// Longest Unix socket path (`sun_path` is 108 bytes on Linux, less elsewhere).
const MAX_SOCKET_PATH: usize = 100;

/// Why the embedded cluster could not be started or used. Every message is
/// one line a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "no PostgreSQL server binaries found (initdb); install PostgreSQL (e.g. `apt-get install postgresql`) \
         or pass --dev-url postgres://…"
    )]
    NotInstalled,
    #[error(
        "running as root, and there is no `postgres` or `nobody` user to run the PostgreSQL server as; \
         run as another user or pass --dev-url postgres://…"
    )]
    NoServerUser,
    #[error("cannot create the temporary directory {path}: {source}")]
    TempDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("initdb failed: {output}")]
    Initdb { output: String },
    #[error("the PostgreSQL server did not start: {log}")]
    ServerExited { log: String },
    #[error("the PostgreSQL server did not accept connections within {seconds} s: {log}")]
    StartTimeout { seconds: u64, log: String },
    #[error("{0}")]
    Connect(#[from] ConnectError),
    #[error("{action}: {message}")]
    Query { action: String, message: String },
}

impl ClusterError {
    /// Whether PostgreSQL is simply not installed (callers may go on without it).
    pub fn is_not_installed(&self) -> bool {
        matches!(self, ClusterError::NotInstalled)
    }
}

/// A running throwaway PostgreSQL server. Connections are made per call, so a
/// `&Cluster` can be shared between threads. Dropping it stops the server and
/// removes its directory.
#[derive(Debug)]
pub struct Cluster {
    id: u64,
    dir: PathBuf,
    socket_dir: Option<PathBuf>,
    port: u16,
    pid: u32,
    version: String,
    version_num: u32,
}

impl Cluster {
    /// Starts a fresh cluster: `initdb` (trust authentication, UTF8, locale C)
    /// into a new temporary directory, then the server on a free port of
    /// 127.0.0.1, tuned for speed over durability. Returns once it accepts
    /// connections. As root, the server runs as the `postgres` user (or
    /// `nobody`), since PostgreSQL refuses to run as root.
    pub fn start() -> Result<Cluster, ClusterError> {
        let binaries = find_binaries().ok_or(ClusterError::NotInstalled)?;
        remove_stale_dirs();
        install_interrupt_handler();
        let dir = create_dir()?;
        // From here on, dropping `running` (on an error) cleans up.
        let mut running = Running { dir: dir.clone(), server: None, watchdog: None, watchdog_input: None };
        let (watchdog, input) = spawn_watchdog(&dir)?;
        running.watchdog = Some(watchdog);
        running.watchdog_input = Some(input);

        let temp_dir_error = |source| ClusterError::TempDir { path: dir.display().to_string(), source };
        let owner = match fs::metadata(&dir).map_err(temp_dir_error)?.uid() {
            0 => Some(server_user().ok_or(ClusterError::NoServerUser)?),
            _ => None,
        };
        let data_dir = dir.join("data");
        let socket_dir = dir.join("socket");
        let socket_dir = (socket_dir.join(".s.PGSQL.65535").as_os_str().len() <= MAX_SOCKET_PATH).then_some(socket_dir);
        if let Some(socket_dir) = &socket_dir {
            fs::create_dir(socket_dir).map_err(temp_dir_error)?;
        }
        if let Some(owner) = owner {
            for path in std::iter::once(&dir).chain(socket_dir.as_ref()) {
                std::os::unix::fs::chown(path, Some(owner.uid), Some(owner.gid)).map_err(temp_dir_error)?;
            }
        }
        initdb(&binaries, &dir, &data_dir, owner)?;

        let log_path = dir.join("server.log");
        let mut attempts = 0;
        let (port, version, version_num) = loop {
            attempts += 1;
            let port = free_port().map_err(temp_dir_error)?;
            let server = spawn_server(&binaries, &dir, &data_dir, socket_dir.as_deref(), port, owner, &log_path)?;
            if let Some(input) = &mut running.watchdog_input {
                // The watchdog stops the newest pid it was told.
                let _ = writeln!(input, "{}", server.id());
            }
            let server = running.server.insert(server);
            match wait_until_ready(server, port, &data_dir, &log_path) {
                Ok((version, version_num)) => break (port, version, version_num),
                Err(ClusterError::ServerExited { log }) if attempts < 3 && port_was_taken(&log) => {
                    running.server = None;
                }
                Err(err) => return Err(err),
            }
        };
        let pid = running.server.as_ref().map_or(0, Child::id);
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        registry().push((id, running));
        Ok(Cluster { id, dir, socket_dir, port, pid, version, version_num })
    }

    /// A URL for `database` on this cluster: user `postgres`, no password.
    pub fn url(&self, database: &str) -> String {
        self.options(database).redacted()
    }

    /// Connection options for `database` on this cluster (TCP, no TLS).
    pub fn options(&self, database: &str) -> ConnectOptions {
        ConnectOptions::tcp(&Ipv4Addr::LOCALHOST.to_string(), self.port, SUPERUSER, database)
    }

    /// A new connection to `database` as the superuser.
    pub fn connect(&self, database: &str) -> Result<postgres::Client, ClusterError> {
        Ok(connect::connect(&self.options(database))?)
    }

    /// Creates an empty database `name` (from `template0`), dropping one of
    /// that name first, with any connections to it.
    pub fn create_database(&self, name: &str) -> Result<(), ClusterError> {
        self.drop_database(name)?;
        let sql = format!("CREATE DATABASE {} TEMPLATE template0", quote::ident(name));
        self.run_admin(&sql, &format!("cannot create database \"{name}\""))
    }

    /// Drops database `name` if it exists, closing its connections.
    pub fn drop_database(&self, name: &str) -> Result<(), ClusterError> {
        let force = if self.version_num >= 130000 { " WITH (FORCE)" } else { "" };
        let sql = format!("DROP DATABASE IF EXISTS {}{force}", quote::ident(name));
        self.run_admin(&sql, &format!("cannot drop database \"{name}\""))
    }

    fn run_admin(&self, sql: &str, action: &str) -> Result<(), ClusterError> {
        let mut client = self.connect("postgres")?;
        client
            .batch_execute(sql)
            .map_err(|err| ClusterError::Query { action: action.to_string(), message: connect::error_text(&err) })
    }

    /// `server_version`, e.g. `15.8 (Debian 15.8-0+deb12u1)`.
    pub fn server_version(&self) -> &str {
        &self.version
    }

    /// `server_version_num`, e.g. `150008`.
    pub fn server_version_num(&self) -> u32 {
        self.version_num
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process id of the server (the postmaster).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The temporary directory holding everything of this cluster.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The data directory (`PGDATA`), inside [`dir`](Cluster::dir).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// The directory of the server's Unix socket; `None` when the temporary
    /// directory's path is too long for a socket (then only TCP works).
    pub fn socket_dir(&self) -> Option<&Path> {
        self.socket_dir.as_deref()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let running = {
            let mut all = registry();
            all.iter().position(|(id, _)| *id == self.id).map(|idx| all.remove(idx))
        };
        // Dropping the entry stops the server and removes the directory.
        drop(running);
    }
}

/// Stops every cluster of this process and removes their directories. The
/// Ctrl-C handler calls it; a program with a Ctrl-C handler of its own should
/// call it there.
pub fn stop_all() {
    let all = std::mem::take(&mut *registry());
    drop(all);
}

/// What a started cluster owns: its processes and its directory. Dropping it
/// stops and removes them.
struct Running {
    dir: PathBuf,
    server: Option<Child>,
    watchdog: Option<Child>,
    watchdog_input: Option<ChildStdin>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            interrupt(server.id());
            if !wait_for_exit(&mut server, STOP_TIMEOUT) {
                let _ = server.kill();
                let _ = server.wait();
            }
        }
        if let Some(mut input) = self.watchdog_input.take() {
            // The server is stopped: the watchdog has nothing left to do.
            let _ = input.write_all(b"stopped\n");
        }
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn registry() -> MutexGuard<'static, Vec<(u64, Running)>> {
    static RUNNING: Mutex<Vec<(u64, Running)>> = Mutex::new(Vec::new());
    RUNNING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // Fails when the program has a handler already; that one is then in
        // charge (and the watchdogs clean up after the process in any case).
        let _ = ctrlc::try_set_handler(|| {
            stop_all();
            std::process::exit(130);
        });
    });
}

/// The watchdog's script. `$1` is the cluster's directory. It reads server
/// pids, one a line, until `stopped` (we stopped the server: nothing to do)
/// or the end of input (our process is gone): then it stops the last server
/// with a fast shutdown, waits up to 30 s for it, and removes the directory.
/// It ignores the terminal's signals so that it outlives us.
const WATCHDOG_SCRIPT: &str = r#"trap '' HUP INT QUIT TERM
pid=
while IFS= read -r line; do
  if [ "$line" = stopped ]; then exit 0; fi
  pid=$line
done
if [ -n "$pid" ]; then
  kill -INT "$pid" 2>/dev/null
  n=0
  while [ "$n" -lt 300 ] && [ -e "$1/data/postmaster.pid" ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    n=$((n + 1))
  done
fi
rm -rf "$1"
"#;

fn spawn_watchdog(dir: &Path) -> Result<(Child, ChildStdin), ClusterError> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG_SCRIPT)
        .arg("godwit-pg-watchdog")
        .arg(dir)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| ClusterError::Spawn { program: "sh".to_string(), source })?;
    let Some(input) = child.stdin.take() else {
        panic!("invariant: a child spawned with a piped stdin has a stdin");
    };
    Ok((child, input))
}

/// Sends `SIGINT` (a fast shutdown, for the postmaster) through the shell's
/// `kill`, as the crate has no `libc`.
fn interrupt(pid: u32) {
    let _ = Command::new("sh")
        .args(["-c", "kill -INT \"$1\" 2>/dev/null", "sh", &pid.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Whether `child` exited within `timeout` (it is reaped then).
fn wait_for_exit(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => return false,
            Err(_) => return false,
        }
    }
}

#[derive(Clone, Debug)]
struct Binaries {
    initdb: PathBuf,
    postgres: PathBuf,
}

/// `initdb` and `postgres`, from one directory: on `PATH`, else `pg_config
/// --bindir`, else the newest of `/usr/lib/postgresql/*/bin` (Debian) and
/// `/usr/pgsql-*/bin` (Red Hat).
fn find_binaries() -> Option<Binaries> {
    let in_dir = |dir: &Path| {
        let initdb = dir.join("initdb");
        let postgres = dir.join("postgres");
        (is_executable(&initdb) && is_executable(&postgres)).then_some(Binaries { initdb, postgres })
    };
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(found) = std::env::split_paths(&path).find_map(|dir| in_dir(&dir)) {
            return Some(found);
        }
    }
    let pg_config = Command::new("pg_config").arg("--bindir").stdin(Stdio::null()).stderr(Stdio::null()).output();
    if let Ok(output) = pg_config {
        if output.status.success() {
            let dir = String::from_utf8_lossy(&output.stdout).trim().to_string();
            if let Some(found) = in_dir(Path::new(&dir)) {
                return Some(found);
            }
        }
    }
    versioned_bin_dirs().iter().find_map(|dir| in_dir(dir))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
}

/// `/usr/lib/postgresql/<version>/bin` and `/usr/pgsql-<version>/bin`, newest first.
fn versioned_bin_dirs() -> Vec<PathBuf> {
    let mut found: Vec<(Vec<u32>, PathBuf)> = Vec::new();
    let mut scan = |parent: &str, prefix: &str| {
        let Ok(entries) = fs::read_dir(parent) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = name.strip_prefix(prefix) else { continue };
            let Ok(version) = version.split('.').map(str::parse::<u32>).collect::<Result<Vec<_>, _>>() else {
                continue;
            };
            found.push((version, entry.path().join("bin")));
        }
    };
    scan("/usr/lib/postgresql", "");
    scan("/usr", "pgsql-");
    found.sort();
    found.into_iter().rev().map(|(_, dir)| dir).collect()
}

#[derive(Clone, Copy, Debug)]
struct ServerUser {
    uid: u32,
    gid: u32,
}

/// The `postgres` user, else `nobody`, from `/etc/passwd`.
fn server_user() -> Option<ServerUser> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    let find = |wanted: &str| {
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            match fields.as_slice() {
                [name, _, uid, gid, ..] if *name == wanted => {
                    Some(ServerUser { uid: uid.parse().ok()?, gid: gid.parse().ok()? })
                }
                _ => None,
            }
        })
    };
    find("postgres").or_else(|| find("nobody")).filter(|user| user.uid != 0)
}

/// A new, empty `godwit-pg-<pid>-<n>` directory (mode 0700) under the
/// temporary directory, with its path resolved.
fn create_dir() -> Result<PathBuf, ClusterError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let base = std::env::temp_dir();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = base.join(format!("{DIR_PREFIX}{}-{n}", std::process::id()));
        let error = |source| ClusterError::TempDir { path: path.display().to_string(), source };
        match fs::create_dir(&path) {
            Ok(()) => {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o700)).map_err(error)?;
                // The server reports its data directory as given: compare like with like.
                return path.canonicalize().map_err(error);
            }
            // Left by an earlier process with our pid: take the next number.
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => continue,
            Err(err) => return Err(error(err)),
        }
    }
}

/// Removes the directories of clusters whose process and server are both
/// gone (where `/proc` tells).
fn remove_stale_dirs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((pid, n)) = name.strip_prefix(DIR_PREFIX).and_then(|rest| rest.split_once('-')) else { continue };
        let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), n.parse::<u64>()) else { continue };
        // Not through a symbolic link, and never our own.
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) || pid == std::process::id() || process_is_alive(pid) {
            continue;
        }
        let server_pid = fs::read_to_string(entry.path().join("data/postmaster.pid"))
            .ok()
            .and_then(|text| text.lines().next().and_then(|line| line.trim().parse::<u32>().ok()));
        if server_pid.is_some_and(process_is_alive) {
            continue;
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

/// Whether process `pid` exists and is not a zombie (Linux `/proc`).
pub fn process_is_alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        // The state follows the command name, which is in parentheses.
        Ok(stat) => match stat.rsplit_once(')') {
            Some((_, rest)) => !matches!(rest.trim_start().chars().next(), Some('Z' | 'X' | 'x')),
            None => true,
        },
    }
}

fn initdb(binaries: &Binaries, dir: &Path, data_dir: &Path, owner: Option<ServerUser>) -> Result<(), ClusterError> {
    let mut command = Command::new(&binaries.initdb);
    command
        .arg("-D")
        .arg(data_dir)
        .args(["-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        .env("LC_ALL", "C")
        .current_dir(dir)
        .stdin(Stdio::null());
    if let Some(owner) = owner {
        command.gid(owner.gid).uid(owner.uid);
    }
    let output = command
        .output()
        .map_err(|source| ClusterError::Spawn { program: binaries.initdb.display().to_string(), source })?;
    if output.status.success() {
        return Ok(());
    }
    let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Err(ClusterError::Initdb { output: tail(&text) })
}

/// A port of 127.0.0.1 that was free a moment ago.
fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn spawn_server(
    binaries: &Binaries,
    dir: &Path,
    data_dir: &Path,
    socket_dir: Option<&Path>,
    port: u16,
    owner: Option<ServerUser>,
    log_path: &Path,
) -> Result<Child, ClusterError> {
    let temp_dir_error = |source| ClusterError::TempDir { path: dir.display().to_string(), source };
    let log = fs::OpenOptions::new().create(true).append(true).open(log_path).map_err(temp_dir_error)?;
    let log_too = log.try_clone().map_err(temp_dir_error)?;
    // A list of directories; quoted so that any path reads as one.
    let sockets = match socket_dir {
        Some(socket_dir) => format!("\"{}\"", socket_dir.display()),
        None => String::new(),
    };
    let mut command = Command::new(&binaries.postgres);
    command.arg("-D").arg(data_dir).arg("-p").arg(port.to_string());
    let settings = [
        ("listen_addresses", "127.0.0.1"),
        ("unix_socket_directories", sockets.as_str()),
        ("fsync", "off"),
        ("full_page_writes", "off"),
        ("synchronous_commit", "off"),
        ("shared_buffers", "16MB"),
        ("max_connections", "50"),
        ("autovacuum", "off"),
        // Constants such as timestamptz defaults read back the same everywhere.
        ("timezone", "UTC"),
        ("datestyle", "ISO, MDY"),
    ];
    for (name, value) in settings {
        command.arg("-c").arg(format!("{name}={value}"));
    }
    command.env("LC_ALL", "C").current_dir(dir).stdin(Stdio::null()).stdout(log).stderr(log_too);
    if let Some(owner) = owner {
        command.gid(owner.gid).uid(owner.uid);
    }
    command.spawn().map_err(|source| ClusterError::Spawn { program: binaries.postgres.display().to_string(), source })
}

/// Waits until the server accepts connections, and checks that the server
/// answering is ours (another could have taken the port). Returns its
/// version and version number.
fn wait_until_ready(
    server: &mut Child,
    port: u16,
    data_dir: &Path,
    log_path: &Path,
) -> Result<(String, u32), ClusterError> {
    let deadline = Instant::now() + START_TIMEOUT;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let options = ConnectOptions::tcp(&Ipv4Addr::LOCALHOST.to_string(), port, SUPERUSER, "postgres");
    loop {
        if let Ok(Some(_)) = server.try_wait() {
            return Err(ClusterError::ServerExited { log: log_tail(log_path) });
        }
        if TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_ok() {
            if let Ok(mut client) = connect::connect(&options) {
                let settings = client.query_one(
                    "SELECT current_setting('data_directory'), current_setting('server_version'), \
                     current_setting('server_version_num')::integer",
                    &[],
                );
                if let Ok(row) = settings {
                    let (served, version, version_num): (String, String, i32) = (row.get(0), row.get(1), row.get(2));
                    if Path::new(&served) == data_dir {
                        return Ok((version, u32::try_from(version_num).unwrap_or(0)));
                    }
                }
            }
        }
        if Instant::now() >= deadline {
            return Err(ClusterError::StartTimeout { seconds: START_TIMEOUT.as_secs(), log: log_tail(log_path) });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn port_was_taken(log: &str) -> bool {
    log.contains("could not bind") || log.contains("Address already in use") || log.contains("could not create any")
}

fn log_tail(log_path: &Path) -> String {
    match fs::read(log_path) {
        Ok(bytes) if !bytes.is_empty() => tail(&String::from_utf8_lossy(&bytes)),
        _ => "the server log is empty".to_string(),
    }
}

/// The last few non-empty lines of `text`, on one line.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let start = lines.len().saturating_sub(4);
    let res = lines[start..].join(" | ");
    let count = res.chars().count();
    if res.is_empty() {
        "no output".to_string()
    } else if count > 600 {
        format!("…{}", res.chars().skip(count - 600).collect::<String>())
    } else {
        res
    }
}
