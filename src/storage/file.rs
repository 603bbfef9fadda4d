//! Writing files so that a reader sees either the old or the new content,
//! never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

static TMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Write `bytes` to `path` atomically: into a temporary file in the same
/// directory, flushed to disk, then renamed over the target, and the
/// directory flushed. An existing file keeps its permissions.
///
/// # Errors
/// Any I/O error; the target is then untouched and the temporary file
/// removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_steps(path, bytes, None, &mut |_| {})
}

/// [`write_atomic`] with the content written by `fill` straight into the
/// temporary file (buffered), so that a big content is never held whole in
/// memory.
///
/// # Errors
/// As [`write_atomic`], and what `fill` returns.
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let n = TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".allot-{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        let mut w = io::BufWriter::with_capacity(1 << 16, f);
        fill(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// [`write_atomic`], calling `step` with the name of each step as it is
/// reached (`temp-written`, `temp-synced`, `renamed`, `dir-synced`), so that
/// tests can interrupt it at each one. The new file takes the permissions of
/// `perms_from` when given (else of the file it replaces).
///
/// # Errors
/// As [`write_atomic`].
pub fn write_atomic_steps(
    path: &Path,
    bytes: &[u8],
    perms_from: Option<&Path>,
    step: &mut dyn FnMut(&str),
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file path",
        ));
    }
    // A short name, unique to this process and call, so that long target
    // names still leave room.
    let n = TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    remove_stale_temps(&dir);
    let tmp = dir.join(format!(".allot-{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = fs::metadata(perms_from.unwrap_or(path)) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(bytes)?;
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
}
