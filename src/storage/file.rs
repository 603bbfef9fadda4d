//! The one way allot opens a file it reads and the one way it writes a file.
//!
//! - [`RealFile`] names the file a typed path really is: symlinks are
//!   resolved once, a FIFO, device or socket is refused (it would block a
//!   read, or hand back unbounded data), and the name the planner typed is
//!   kept for display. Save, backup, lock and recovery all use the real path,
//!   so a plan opened through a link stays one file, and a link stays a link.
//! - [`Output`] is where an output goes: standard output (`-`), a stream (an
//!   existing FIFO or device, written to and never replaced), or a regular
//!   file replaced atomically beside its real self. Its [`Policy`] says
//!   whether an existing file may be replaced and names the files that never
//!   may be (the plan being read or edited).
//!
//! Writes are atomic: into a temporary file in the same directory, flushed
//! to disk, renamed over the target, and the directory flushed, so a reader
//! sees either the old or the new content, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

static TMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What is wrong with a path allot was asked to read or write.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Nothing is there.
    #[error("{}", crate::t!("file-not-found"))]
    NotFound,
    /// It is a directory.
    #[error("{}", crate::t!("file-directory"))]
    Directory,
    /// It is a FIFO, a device or a socket.
    #[error("{}", crate::t!("file-not-regular", kind = crate::i18n::tr(kind, &[])))]
    NotRegular {
        /// What it is, in words (`a FIFO (named pipe)`, ...).
        kind: &'static str,
    },
    /// It exists, and replacing it was not allowed.
    #[error("{}", crate::t!("file-exists"))]
    Exists,
    /// It is the plan being read or edited.
    #[error("{}", crate::t!("file-is-plan"))]
    IsThePlan,
    /// A FIFO with no process reading it.
    #[error("{}", crate::t!("file-no-reader"))]
    NoReader,
    /// The file is larger than allowed.
    #[error("{}", crate::t!("file-too-large", limit = limit.to_string()))]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// Any other I/O error.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl FileError {
    fn from_open(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            Self::NotFound
        } else {
            Self::Io(e)
        }
    }
}

/// What a non-regular file is, in words.
fn kind_of(ft: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "kind-fifo";
        }
        if ft.is_char_device() {
            return "kind-char-device";
        }
        if ft.is_block_device() {
            return "kind-block-device";
        }
        if ft.is_socket() {
            return "kind-socket";
        }
    }
    if ft.is_dir() {
        return "kind-directory";
    }
    "kind-other"
}

/// A file as the planner named it and as it really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealFile {
    shown: PathBuf,
    real: PathBuf,
    exists: bool,
}

impl RealFile {
    /// Resolve `typed`: follow symlinks to the real file (a file that does
    /// not exist yet is placed in the real directory it would be created
    /// in). Refuses directories and special files.
    ///
    /// # Errors
    /// [`FileError::Directory`], [`FileError::NotRegular`], or the I/O error
    /// of looking at it.
    pub fn resolve(typed: &Path) -> Result<Self, FileError> {
        let real = resolve_path(typed)?;
        let exists = match fs::metadata(&real) {
            Ok(m) if m.is_file() => true,
            Ok(m) if m.is_dir() => return Err(FileError::Directory),
            Ok(m) => {
                return Err(FileError::NotRegular {
                    kind: kind_of(m.file_type()),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(FileError::Io(e)),
        };
        Ok(Self {
            shown: typed.to_path_buf(),
            real,
            exists,
        })
    }

    /// The name the planner typed (for display).
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The real file: absolute, symlinks resolved.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// Whether it existed when resolved.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// The same file under another typed name.
    #[must_use]
    pub fn with_shown(mut self, shown: &Path) -> Self {
        shown.clone_into(&mut self.shown);
        self
    }

    /// Read the whole file (see [`read_regular`]).
    ///
    /// # Errors
    /// As [`read_regular`].
    pub fn read(&self) -> Result<Vec<u8>, FileError> {
        read_regular(&self.real, None)
    }
}

/// The absolute path `p` names with every symlink resolved; for a path
/// that does not exist, its real directory joined with its name (a dangling
/// symlink is followed to where its target would be).
///
/// # Errors
/// When the path cannot be looked at, or its links loop.
pub fn resolve_path(p: &Path) -> Result<PathBuf, FileError> {
    let mut p = std::path::absolute(p)?;
    for _ in 0..40 {
        match fs::canonicalize(&p) {
            Ok(real) => return Ok(real),
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(FileError::Io(e)),
            Err(_) => {}
        }
        match fs::symlink_metadata(&p) {
            // A dangling link: follow it to its target.
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => {
                let Some(name) = p.file_name().map(std::ffi::OsStr::to_os_string) else {
                    return Ok(p);
                };
                let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                // The directory may not exist (the write then fails there).
                let dir = fs::canonicalize(&dir).unwrap_or(dir);
                return Ok(dir.join(name));
            }
        }
    }
    Err(FileError::Io(io::Error::other(crate::t!("file-link-loop"))))
}

/// Open `path` for reading without ever blocking: a FIFO opens at once (and
/// is then refused), and so does a device.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    o.open(path)
}

/// Read a regular file whole. Never blocks on a FIFO and never reads a
/// device: anything but a regular file is refused once opened (so a file
/// swapped between a check and the open is caught too). With `limit`, a
/// larger file is refused without reading it.
///
/// # Errors
/// [`FileError::NotFound`], [`FileError::NotRegular`],
/// [`FileError::Directory`], [`FileError::TooLarge`], or the read's I/O
/// error.
pub fn read_regular(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, FileError> {
    let (mut f, meta) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Open `path` to read it, as [`read_regular`] does (a regular file, not
/// over `limit` bytes), without reading it yet: for a reader that streams.
///
/// # Errors
/// As [`read_regular`].
pub fn open_regular(
    path: &Path,
    limit: Option<u64>,
) -> Result<(fs::File, fs::Metadata), FileError> {
    let f = open_nonblocking(path).map_err(FileError::from_open)?;
    let meta = f.metadata()?;
    if meta.is_dir() {
        return Err(FileError::Directory);
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            kind: kind_of(meta.file_type()),
        });
    }
    if let Some(limit) = limit
        && meta.len() > limit
    {
        return Err(FileError::TooLarge { limit });
    }
    Ok((f, meta))
}

/// Whether `a` and `b` are the same file (the same inode where the system
/// tells; else the same real path).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (resolve_path(a), resolve_path(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

// ----- outputs -----

/// What an output may do to what is already there.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Replace an existing regular file (`--force`, or the planner said yes).
    pub replace: bool,
    /// Files never replaced, even with `replace` (the plan being read or
    /// edited).
    pub never: Vec<PathBuf>,
    /// Follow a symlink at the path to its target (a path the planner named).
    /// Without it (names allot made up, such as split files) a symlink is
    /// treated as an existing file, and replacing it replaces the link.
    pub follow_links: bool,
    /// Wait for a reader when the output is a FIFO (the command line, like
    /// `cat > fifo`); without it a FIFO nobody reads is refused at once (the
    /// interactive planner never blocks).
    pub wait_for_reader: bool,
}

impl Policy {
    /// A planner-named path: symlinks followed, FIFOs waited for.
    pub fn named(replace: bool, never: Vec<PathBuf>) -> Self {
        Self {
            replace,
            never,
            follow_links: true,
            wait_for_reader: true,
        }
    }
}

/// Names of standard output: written to allot's own standard output (so
/// that `-o /dev/stdout >> log` appends as the shell set it up).
const STDOUT_NAMES: &[&str] = &["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

/// Where an output goes, checked and ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output (`-`).
    Stdout,
    /// An existing FIFO or device: written to as a stream, never replaced.
    Stream {
        /// The path as given.
        path: PathBuf,
    },
    /// A regular file, replaced atomically (created if missing).
    File {
        /// The path as given.
        shown: PathBuf,
        /// The file written: symlinks resolved (unless the policy says not
        /// to follow them).
        real: PathBuf,
        /// Whether something is there now (it is replaced).
        exists: bool,
        /// What is there is a symlink that is replaced, not followed: the
        /// new file never takes its target's permissions.
        replaces_link: bool,
    },
}

impl Output {
    /// Check where `path` would write under `policy`, writing nothing.
    ///
    /// # Errors
    /// [`FileError::Exists`] (a file is there and `replace` is off),
    /// [`FileError::IsThePlan`] (a file of `never`), [`FileError::Directory`],
    /// or the I/O error of looking.
    pub fn check(path: &Path, policy: &Policy) -> Result<Self, FileError> {
        if path.as_os_str() == "-" || STDOUT_NAMES.iter().any(|n| path == Path::new(n)) {
            return Ok(Self::Stdout);
        }
        // The system's own files (`/dev/stderr`, `/dev/fd/3`, ...) are
        // streams, whatever they point at: never replaced.
        if (path.starts_with("/dev") || path.starts_with("/proc")) && fs::metadata(path).is_ok() {
            return Ok(Self::Stream {
                path: path.to_path_buf(),
            });
        }
        let here = fs::symlink_metadata(path);
        if let Ok(m) = &here
            && m.file_type().is_symlink()
            && !policy.follow_links
        {
            // A link in place of a made-up name: never written through.
            if !policy.replace {
                return Err(FileError::Exists);
            }
            return Ok(Self::File {
                shown: path.to_path_buf(),
                real: std::path::absolute(path)?,
                exists: true,
                replaces_link: true,
            });
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(FileError::Directory),
            Ok(m) if !m.is_file() => {
                return Ok(Self::Stream {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) | Err(_) => {}
        }
        let real = resolve_path(path)?;
        let exists = real.exists();
        if policy
            .never
            .iter()
            .any(|n| same_file(n, &real) || resolve_path(n).is_ok_and(|r| r == real))
        {
            return Err(FileError::IsThePlan);
        }
        if exists && !policy.replace {
            return Err(FileError::Exists);
        }
        Ok(Self::File {
            shown: path.to_path_buf(),
            real,
            exists,
            replaces_link: false,
        })
    }

    /// The path as given (`-` for standard output).
    pub fn shown(&self) -> &Path {
        match self {
            Self::Stdout => Path::new("-"),
            Self::Stream { path } | Self::File { shown: path, .. } => path,
        }
    }

    /// Write the output: `fill` writes the content into `stdout`, the stream
    /// or the new file. `terminal` is told whether the content goes to a
    /// terminal (then it must carry no control sequences).
    ///
    /// # Errors
    /// The I/O error; a regular file is then untouched.
    pub fn write(
        &self,
        policy: &Policy,
        stdout: &mut dyn Write,
        fill: &mut dyn FnMut(&mut dyn Write, bool) -> io::Result<()>,
    ) -> Result<(), FileError> {
        match self {
            Self::Stdout => {
                use std::io::IsTerminal;
                let tty = io::stdout().is_terminal();
                fill(stdout, tty)?;
                stdout.flush()?;
                Ok(())
            }
            Self::Stream { path } => {
                let mut f = open_stream(path, policy.wait_for_reader)?;
                let tty = {
                    use std::io::IsTerminal;
                    f.is_terminal()
                };
                let mut w = io::BufWriter::new(&mut f);
                fill(&mut w, tty)?;
                w.flush()?;
                Ok(())
            }
            Self::File {
                real,
                replaces_link,
                ..
            } => {
                // A file replaced keeps its permissions; a link replaced
                // never passes on its target's.
                let perms = if *replaces_link {
                    None
                } else {
                    fs::metadata(real).ok().map(|m| m.permissions())
                };
                replace_atomically(real, perms, &mut |w| fill(w, false), &mut |_| {})?;
                Ok(())
            }
        }
    }
}

/// Open an existing FIFO or device for writing, never creating or
/// truncating it. Without `wait`, a FIFO nobody reads is refused at once.
fn open_stream(path: &Path, wait: bool) -> Result<File, FileError> {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    if !wait {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        return match o.open(path) {
            Ok(f) => Ok(f),
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => Err(FileError::NoReader),
            Err(e) => Err(FileError::Io(e)),
        };
    }
    let _ = wait;
    o.open(path).map_err(FileError::Io)
}

/// Write `bytes` to `path` atomically (see the module notes); an existing
/// file keeps its permissions.
///
/// # Errors
/// Any I/O error; the target is then untouched and the temporary file
/// removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let perms = fs::metadata(path).ok().map(|m| m.permissions());
    replace_atomically(path, perms, &mut |w| w.write_all(bytes), &mut |_| {})
}

/// Replace `path` atomically with what `fill` writes (buffered, so a big
/// content is never held whole in memory), the new file taking `perms`
/// (else the default for new files). `step` is called with the name of each
/// step as it is reached (`temp-written`, `temp-synced`, `renamed`,
/// `dir-synced`), so that tests can interrupt it at each one.
///
/// # Errors
/// Any I/O error; the target is then untouched and the temporary file
/// removed.
pub fn replace_atomically(
    path: &Path,
    perms: Option<fs::Permissions>,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    step: &mut dyn FnMut(&str),
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            crate::t!("file-not-path"),
        ));
    }
    remove_stale_temps(&dir);
    // A short name, unique to this process and call, so that long target
    // names still leave room.
    let n = TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".allot-{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Private until its permissions are set.
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let f = o.open(&tmp)?;
        match perms {
            Some(p) => f.set_permissions(p)?,
            None => set_default_permissions(&f)?,
        }
        let mut w = io::BufWriter::with_capacity(1 << 16, f);
        fill(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        step("temp-written");
        f.sync_all()?;
        drop(f);
        step("temp-synced");
        fs::rename(&tmp, path)?;
        step("renamed");
        // Make the rename itself durable.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        step("dir-synced");
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The permissions a new file gets: 0666 less the process's umask (read
/// back from a scratch file, as the umask cannot be read without changing
/// it).
fn set_default_permissions(f: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = default_mode();
        f.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    let _ = f;
    Ok(())
}

/// 0666 less the umask, found once.
#[cfg(unix)]
fn default_mode() -> u32 {
    use std::os::unix::fs::PermissionsExt;
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| {
        let probe = std::env::temp_dir().join(format!(".allot-umask-{}", std::process::id()));
        let mode = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .and_then(|f| f.metadata())
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        let _ = fs::remove_file(&probe);
        mode
    })
}

/// Remove temporary files that an allot process killed in the middle of a
/// save left in `dir` (`.allot-PID-N.tmp` of a process that no longer runs).
/// Only where running processes can be told (Linux `/proc`).
fn remove_stale_temps(dir: &Path) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix(".allot-")
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;

    #[cfg(unix)]
    fn mkfifo(p: &Path) {
        let made = std::process::Command::new("mkfifo").arg(p).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        write_atomic(&p, b"one").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temp_files_of_dead_processes_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        // No process has pid 0x7fff_fff0 (above pid_max).
        let stale = dir.path().join(".allot-2147483632-0.tmp");
        let mine = dir
            .path()
            .join(format!(".allot-{}-999999.tmp", std::process::id()));
        fs::write(&stale, "half a plan").unwrap();
        fs::write(&mine, "in progress").unwrap();
        write_atomic(&dir.path().join("plan.json"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(mine.exists(), "this process's own files are left alone");
    }

    #[test]
    fn failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("plan.json");
        assert!(write_atomic(&p, b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_resolves_to_its_real_file_and_keeps_the_typed_name() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let f = RealFile::resolve(&link).unwrap();
        assert_eq!(f.shown(), link);
        assert_eq!(f.real(), fs::canonicalize(&real).unwrap());
        assert!(f.exists());
        assert!(same_file(&link, &real));
        // A link to a file not made yet: the file it would make.
        let dangling = dir.path().join("new-link.json");
        std::os::unix::fs::symlink("later.json", &dangling).unwrap();
        let f = RealFile::resolve(&dangling).unwrap();
        assert!(!f.exists());
        assert_eq!(
            f.real(),
            fs::canonicalize(dir.path()).unwrap().join("later.json")
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_and_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        assert!(matches!(
            RealFile::resolve(&fifo),
            Err(FileError::NotRegular { kind }) if kind == "kind-fifo"
        ));
        // Reading it directly returns at once with the same refusal.
        assert!(matches!(
            read_regular(&fifo, None),
            Err(FileError::NotRegular { .. })
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), None),
            Err(FileError::NotRegular {
                kind: "kind-char-device"
            })
        ));
        assert!(matches!(
            RealFile::resolve(dir.path()),
            Err(FileError::Directory)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn outputs_stream_into_special_files_and_respect_the_policy() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        fs::write(&plan, "plan").unwrap();
        let never = vec![plan.clone()];
        // The plan, even with replace, even through a link.
        let link = dir.path().join("alias.json");
        std::os::unix::fs::symlink(&plan, &link).unwrap();
        for p in [&plan, &link] {
            assert!(matches!(
                Output::check(p, &Policy::named(true, never.clone())),
                Err(FileError::IsThePlan)
            ));
        }
        // An existing file without replace.
        let other = dir.path().join("other.csv");
        fs::write(&other, "theirs").unwrap();
        assert!(matches!(
            Output::check(&other, &Policy::named(false, never.clone())),
            Err(FileError::Exists)
        ));
        // A device is a stream, never replaced.
        let null = Output::check(Path::new("/dev/null"), &Policy::named(false, never)).unwrap();
        assert!(matches!(null, Output::Stream { .. }));
        null.write(&Policy::default(), &mut io::sink(), &mut |w, _| {
            w.write_all(b"gone")
        })
        .unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        assert_eq!(
            Output::check(Path::new("-"), &Policy::default()).unwrap(),
            Output::Stdout
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_without_a_reader_is_refused_when_not_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.fifo");
        mkfifo(&fifo);
        let policy = Policy {
            follow_links: true,
            ..Policy::default()
        };
        let out = Output::check(&fifo, &policy).unwrap();
        assert!(matches!(
            out.write(&policy, &mut io::sink(), &mut |w, _| w.write_all(b"x")),
            Err(FileError::NoReader)
        ));
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }
}
