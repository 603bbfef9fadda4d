//! Keeping a planner's work safe: saves that check the file was not changed
//! behind allot's back and keep one backup, an advisory lock so that one
//! allot edits a plan at a time, and recovery copies of unsaved work.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::file::{FileError, read_regular, replace_atomically, resolve_path};

/// A stable 64-bit content hash (FNV-1a): the same bytes give the same hash
/// in every run and version.
pub fn content_hash(bytes: &[u8]) -> u64 {
    content_hash_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// [`content_hash`] of what was hashed into `hash` followed by `bytes`
/// (for content that goes by as a stream).
pub fn content_hash_more(hash: u64, bytes: &[u8]) -> u64 {
    let mut h = hash;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The backup kept beside a plan: `FILE.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file on disk is not what allot loaded or last saved: someone else
    /// changed it. Nothing was written.
    #[error("the file was changed on disk since allot read it")]
    Changed,
    /// Reading the old file or writing failed; the old file is intact.
    #[error("{0}")]
    File(#[from] FileError),
}

impl From<io::Error> for SaveError {
    fn from(e: io::Error) -> Self {
        Self::File(FileError::Io(e))
    }
}

/// Save `text` to the plan file `real` (a [`RealFile::real`] path: saving
/// through a symlink writes the file it points to, and the link stays a
/// link), the previous version going to `FILE.bak` beside it.
///
/// `expected` is the hash of what allot loaded or last saved (None for a
/// file allot has not seen, or to overwrite whatever is there). If the file
/// now holds something else, nothing is written and [`SaveError::Changed`]
/// is returned. Returns the hash of the saved text.
///
/// # Errors
/// [`SaveError::Changed`] as above; [`SaveError::File`] when the old file
/// cannot be read (or is no longer a regular file), or writing the backup
/// or the plan fails (the plan file is then the complete old version).
///
/// [`RealFile::real`]: super::file::RealFile::real
pub fn save(real: &Path, text: &str, expected: Option<u64>) -> Result<u64, SaveError> {
    save_steps(real, text, expected, &mut |_| {})
}

/// [`save`], calling `step` with the name of each step as it is reached (for
/// tests that interrupt a save).
///
/// # Errors
/// As [`save`].
pub fn save_steps(
    real: &Path,
    text: &str,
    expected: Option<u64>,
    step: &mut dyn FnMut(&str),
) -> Result<u64, SaveError> {
    save_with(real, &mut |w| w.write_all(text.as_bytes()), expected, step)
}

/// [`save`] with the new content written by `write` as it goes (a big
/// plan is written straight to the file, never held whole as text); the
/// old file is hashed and copied to the backup as a stream too. Returns the
/// hash of what was written.
///
/// # Errors
/// As [`save`].
pub fn save_with(
    real: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    expected: Option<u64>,
    step: &mut dyn FnMut(&str),
) -> Result<u64, SaveError> {
    let old = match super::file::open_regular(real, None) {
        Ok((f, _)) => Some(hash_stream(f).map_err(|e| SaveError::File(e.into()))?),
        Err(FileError::NotFound) => None,
        Err(e) => return Err(SaveError::File(e)),
    };
    step("read");
    if let (Some(want), Some(old)) = (expected, old)
        && old != want
    {
        return Err(SaveError::Changed);
    }
    let perms = fs::metadata(real).ok().map(|m| m.permissions());
    if old.is_some() && perms.as_ref().is_some_and(fs::Permissions::readonly) {
        return Err(
            io::Error::new(io::ErrorKind::PermissionDenied, crate::t!("file-read-only")).into(),
        );
    }
    if let Some(old) = old {
        // The backup is as private as the plan, and is what was checked:
        // a file changed since is not backed up over, nor saved over.
        let copied = replace_atomically(
            &backup_path(real),
            perms.clone(),
            &mut |w| {
                let (f, _) = super::file::open_regular(real, None).map_err(io::Error::other)?;
                let mut hashing = Hashing::new(w);
                io::copy(&mut io::BufReader::new(f), &mut hashing)?;
                if hashing.hash == old {
                    Ok(())
                } else {
                    Err(io::Error::other(CHANGED))
                }
            },
            &mut |s| step(&format!("backup-{s}")),
        );
        if let Err(e) = copied {
            if e.to_string() == CHANGED {
                return Err(SaveError::Changed);
            }
            return Err(e.into());
        }
    }
    let mut hash = content_hash(&[]);
    replace_atomically(
        real,
        perms,
        &mut |w| {
            let mut hashing = Hashing::new(w);
            write(&mut hashing)?;
            hash = hashing.hash;
            Ok(())
        },
        step,
    )?;
    step("done");
    Ok(hash)
}

/// The file changed while it was being backed up.
const CHANGED: &str = "the file changed while it was read";

/// The content hash of everything `r` gives.
fn hash_stream(r: impl Read) -> io::Result<u64> {
    let mut hashing = Hashing::new(io::sink());
    io::copy(&mut io::BufReader::with_capacity(1 << 16, r), &mut hashing)?;
    Ok(hashing.hash)
}

/// A writer that hashes what goes through it ([`content_hash`]).
struct Hashing<W> {
    inner: W,
    hash: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hash: content_hash(&[]),
        }
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash = content_hash_more(self.hash, &buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

// ----- one editor at a time -----

/// The side file that holds the advisory lock for `path`
/// (`.FILE.allot-lock`; the plan itself is replaced on every save, so a lock
/// on it would not last).
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".allot-lock");
    path.with_file_name(name)
}

/// Holding this means this process is the one editing the plan. Dropping it
/// releases the lock (so does the process ending, however it ends).
#[derive(Debug)]
pub struct PlanLock {
    file: File,
}

/// Who holds a plan's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Process id, when the lock file says.
    pub pid: Option<u32>,
}

/// The outcome of trying to lock a plan.
#[derive(Debug)]
pub enum LockOutcome {
    /// This process now holds the lock.
    Locked(PlanLock),
    /// Another process holds it: open read-only.
    Held(Holder),
    /// Locking is not possible here (read-only directory, no lock support):
    /// the plan opens for editing without the guard.
    Unavailable(io::Error),
    /// The lock's side file is not one allot may use (someone may have put
    /// it there to make allot overwrite another file): open read-only.
    Unsafe(LockProblem),
}

/// What is wrong with a lock side file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LockProblem {
    /// It is a symbolic link.
    #[error("the lock file {} is a symbolic link; allot does not follow it", .0.display())]
    Symlink(PathBuf),
    /// It is a FIFO, a device, a directory or a socket.
    #[error("the lock file {} is not a regular file", .0.display())]
    NotRegular(PathBuf),
    /// It has other names (hard links): writing it would change another file.
    #[error("the lock file {} is also another file (a hard link)", .0.display())]
    Linked(PathBuf),
}

/// Try to lock the plan file `real` (a [`RealFile::real`] path, so that
/// every name of one file shares one lock) for editing. A lock left by a
/// process that has ended is free: the operating system releases it with
/// the process.
///
/// The side file is never followed when it is a symlink, never used when
/// it is not a plain file of its own (a FIFO, a device, a file with other
/// names), and never read beyond a few bytes: such a file is
/// [`LockOutcome::Unsafe`], and the plan opens read-only.
///
/// [`RealFile::real`]: super::file::RealFile::real
pub fn lock(real: &Path) -> LockOutcome {
    let lp = lock_path(real);
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match o.open(&lp) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return LockOutcome::Unsafe(LockProblem::Symlink(lp));
        }
        Err(e) => {
            // A special file that cannot be opened for writing is still
            // not a lock file.
            if let Ok(m) = fs::symlink_metadata(&lp)
                && !m.is_file()
            {
                return LockOutcome::Unsafe(LockProblem::NotRegular(lp));
            }
            return LockOutcome::Unavailable(e);
        }
    };
    match file.metadata() {
        Ok(m) if !m.is_file() => return LockOutcome::Unsafe(LockProblem::NotRegular(lp)),
        #[cfg(unix)]
        Ok(m) if std::os::unix::fs::MetadataExt::nlink(&m) > 1 => {
            return LockOutcome::Unsafe(LockProblem::Linked(lp));
        }
        Ok(_) => {}
        Err(e) => return LockOutcome::Unavailable(e),
    }
    match file.try_lock() {
        Ok(()) => {
            // Write the pid over what was there, then cut the rest, so that a
            // reader never sees an empty file.
            let mut f = &file;
            let line = format!("{}\n", std::process::id());
            let _ = std::io::Seek::rewind(&mut f);
            let _ = f.write_all(line.as_bytes());
            let _ = f.set_len(line.len() as u64);
            let _ = f.flush();
            LockOutcome::Locked(PlanLock { file })
        }
        Err(fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = (&file).take(32).read_to_string(&mut text);
            LockOutcome::Held(Holder {
                pid: text.trim().parse().ok(),
            })
        }
        Err(fs::TryLockError::Error(e)) => LockOutcome::Unavailable(e),
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        // The side file stays: removing it could let two processes lock two
        // different files of the same name. A file nobody holds is free.
        let _ = self.file.unlock();
    }
}

// ----- recovery copies -----

/// Where recovery copies live: `$ALLOT_DATA_DIR`, else the data directory
/// from `directories`.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("ALLOT_DATA_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "allot").map(|p| p.data_dir().to_path_buf()),
    }
}

/// A recovery copy of unsaved work.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Recovery {
    /// Always `allot-recovery`.
    pub format: String,
    /// The plan file it belongs to (None for the built-in sample).
    pub path: Option<PathBuf>,
    /// When it was written (seconds since 1970, UTC).
    pub saved_at: u64,
    /// Hash of the file content the work started from.
    pub base_hash: Option<u64>,
    /// The unsaved plan, in its saved form.
    pub plan: String,
}

/// Recovery copies in one directory, one per plan path.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// A store in `dir` (created when first written).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The store in [`data_dir`].
    pub fn default_store() -> Option<Self> {
        data_dir().map(Self::new)
    }

    /// The recovery file for a plan path (None: the sample). Every name of
    /// one file (a symlink, a path through a symlinked folder, a file not
    /// saved yet and the same file once saved) has the same copy.
    pub fn file_for(&self, plan: Option<&Path>) -> PathBuf {
        let key = match plan {
            None => "sample".to_owned(),
            Some(p) => {
                let abs = absolute(p);
                format!("{:016x}", content_hash(abs.as_os_str().as_encoded_bytes()))
            }
        };
        self.dir.join(format!("recovery-{key}.json"))
    }

    /// Write a recovery copy atomically.
    ///
    /// # Errors
    /// When the directory cannot be created or the file written.
    pub fn write(
        &self,
        plan_path: Option<&Path>,
        base_hash: Option<u64>,
        plan_text: &str,
    ) -> io::Result<()> {
        self.write_with(plan_path, base_hash, &mut |w| {
            w.write_all(plan_text.as_bytes())
        })
    }

    /// Write a recovery copy atomically, the plan's text written by `plan`
    /// straight into the file (a big plan is never held twice in memory).
    /// The file is one line of JSON saying what it is, then the plan.
    ///
    /// The store's folder is private (0700) and the copy is readable by no
    /// one the plan file does not let read it: its owner bits at most.
    ///
    /// # Errors
    /// When the directory cannot be created or the file written.
    pub fn write_with(
        &self,
        plan_path: Option<&Path>,
        base_hash: Option<u64>,
        plan: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.make_private_dir()?;
        let saved_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let head = Recovery {
            format: "allot-recovery".to_owned(),
            path: plan_path.map(absolute),
            saved_at,
            base_hash,
            plan: String::new(),
        };
        let mut line = serde_json::to_string(&head).map_err(io::Error::other)?;
        line.push('\n');
        replace_atomically(
            &self.file_for(plan_path),
            copy_permissions(plan_path),
            &mut |w| {
                w.write_all(line.as_bytes())?;
                plan(w)
            },
            &mut |_| {},
        )
    }

    /// Create the store's folder, private to its owner; tighten it if it
    /// exists and others may look in.
    fn make_private_dir(&self) -> io::Result<()> {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
            b.mode(0o700);
            b.create(&self.dir)?;
            let m = fs::metadata(&self.dir)?;
            if m.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))?;
            }
            Ok(())
        }
        #[cfg(not(unix))]
        b.create(&self.dir)
    }

    /// The recovery copy for a plan, if there is a readable one.
    pub fn load(&self, plan_path: Option<&Path>) -> Option<Recovery> {
        let bytes = read_regular(&self.file_for(plan_path), None).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (head, plan) = text.split_once('\n')?;
        let mut rec: Recovery = serde_json::from_str(head).ok()?;
        plan.clone_into(&mut rec.plan);
        (rec.format == "allot-recovery").then_some(rec)
    }

    /// Remove the recovery copy of a plan (after a clean save or a discard).
    pub fn remove(&self, plan_path: Option<&Path>) {
        let _ = fs::remove_file(self.file_for(plan_path));
    }
}

/// The real form of `p`: absolute, symlinks resolved, also for a file not
/// created yet.
fn absolute(p: &Path) -> PathBuf {
    resolve_path(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// The permissions of a recovery copy: the plan file's owner bits at most
/// (0600 for a plan not saved yet or the sample; 0400 for a 0444 plan).
#[cfg_attr(unix, allow(clippy::unnecessary_wraps))]
fn copy_permissions(plan: Option<&Path>) -> Option<fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = plan
            .and_then(|p| fs::metadata(p).ok())
            .map_or(0o600, |m| m.permissions().mode() & 0o600);
        Some(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = plan;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(content_hash(b"ab"), content_hash(b"ba"));
    }

    #[test]
    fn save_keeps_a_backup_and_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        let h1 = save(&p, "one", None).unwrap();
        assert!(!backup_path(&p).exists(), "no backup of nothing");
        let h2 = save(&p, "two", Some(h1)).unwrap();
        assert_eq!(fs::read_to_string(backup_path(&p)).unwrap(), "one");
        // Someone else writes the file.
        fs::write(&p, "theirs").unwrap();
        assert!(matches!(
            save(&p, "three", Some(h2)),
            Err(SaveError::Changed)
        ));
        assert_eq!(fs::read_to_string(&p).unwrap(), "theirs");
        // Overwriting on purpose.
        save(&p, "three", None).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "three");
        assert_eq!(fs::read_to_string(backup_path(&p)).unwrap(), "theirs");
    }

    #[test]
    fn a_save_written_as_it_goes_hashes_what_it_wrote_and_backs_up_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        fs::write(&path, "old content").unwrap();
        let old = content_hash(b"old content");
        let hash = save_with(
            &path,
            &mut |w| {
                for piece in ["new ", "con", "tent\n"] {
                    w.write_all(piece.as_bytes())?;
                }
                Ok(())
            },
            Some(old),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content\n");
        assert_eq!(hash, content_hash(b"new content\n"));
        assert_eq!(
            fs::read_to_string(backup_path(&path)).unwrap(),
            "old content"
        );
        assert_eq!(
            content_hash_more(content_hash(b"new "), b"content\n"),
            hash,
            "a hash goes on"
        );
        // With the old hash again: the file changed, nothing is written.
        let r = save_with(&path, &mut |w| w.write_all(b"x"), Some(old), &mut |_| {});
        assert!(matches!(r, Err(SaveError::Changed)), "{r:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content\n");
    }

    #[test]
    fn one_lock_at_a_time_and_free_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        let LockOutcome::Locked(first) = lock(&p) else {
            panic!("the first lock is granted")
        };
        match lock(&p) {
            LockOutcome::Held(h) => assert_eq!(h.pid, Some(std::process::id())),
            other => panic!("the second is refused: {other:?}"),
        }
        drop(first);
        assert!(matches!(lock(&p), LockOutcome::Locked(_)));
    }

    #[cfg(unix)]
    #[test]
    fn the_backup_is_as_private_as_the_plan_and_a_read_only_plan_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        fs::write(&p, "one").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        save(&p, "two", None).unwrap();
        let bak = fs::metadata(backup_path(&p)).unwrap().permissions().mode();
        assert_eq!(bak & 0o777, 0o600);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(save(&p, "three", None), Err(SaveError::File(_))));
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
    }

    #[test]
    fn a_stale_lock_file_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        // A lock file left by a process that died: no process holds it.
        fs::write(lock_path(&p), "999999\n").unwrap();
        assert!(matches!(lock(&p), LockOutcome::Locked(_)));
    }

    #[test]
    fn recovery_copies_round_trip_per_path() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("data"));
        let a = dir.path().join("a.json");
        let b = dir.path().join("b.json");
        assert!(store.load(Some(&a)).is_none());
        store.write(Some(&a), Some(7), "plan a").unwrap();
        store.write(None, None, "sample\nwith lines").unwrap();
        let rec = store.load(Some(&a)).unwrap();
        assert_eq!((rec.plan.as_str(), rec.base_hash), ("plan a", Some(7)));
        assert!(store.load(Some(&b)).is_none());
        assert_eq!(store.load(None).unwrap().plan, "sample\nwith lines");
        store.remove(Some(&a));
        assert!(store.load(Some(&a)).is_none());
    }
}
