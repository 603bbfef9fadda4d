//! Tests of "never lose a planner's work" (issue 5): each test proves one of
//! the guarantees from outside, the way a planner (or a crash) would meet it.
//!
//! - Atomic save: a child `allot __save-steps` is killed with SIGKILL at every
//!   step of a save, and at random moments; the plan file is always the
//!   complete old or the complete new file.
//! - Failed saves (read-only directory, immutable file, full disk) say so,
//!   keep the plan unsaved and leave the old file and no temporary files.
//! - A file changed behind allot's back is not overwritten.
//! - A killed planner (real binary in a pseudo-terminal) offers its unsaved
//!   work back on the next start.
//! - A second planner on the same file opens read-only; a stale lock does not
//!   block.
//!
//! Some checks need root (`chattr`, `mount`); they print a note and pass when
//! the system does not allow them. The pseudo-terminal harness is the one of
//! `tests/tui_e2e.rs`: waits poll the screen with timeouts and a `Drop` guard
//! kills the child.
#![allow(clippy::too_many_lines)]

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use allot::report::selftest::NEW_TITLE;
use allot::storage::parse_plan;
use allot::storage::safe::{self, RecoveryStore, SaveError, content_hash};
use allot::tui::app::{App, Tone, open};
use allot::tui::command::Command;
use allot::tui::config::Config;
use allot::tui::dialogs::confirm::Question;
use allot::tui::input::Msg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

mod common;
#[allow(clippy::wildcard_imports)]
use common::*;

/// The pause at each step when killing at a named step: long enough that
/// the kill lands while the child waits there.
const STEP_PAUSE_MS: u64 = 300;

/// How many random-time kills.
const RANDOM_KILLS: usize = 40;

// ===================================================================
// Atomic save under SIGKILL
// ===================================================================

/// What a killed save left as the plan file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    Old,
    New,
}

/// A temporary directory with a copy of the sample as `plan.json`.
fn plan_dir() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    fs::write(&plan, SAMPLE).unwrap();
    (dir, plan)
}

/// Run `allot __save-steps` to the end on a fresh copy: the step names it
/// prints, in order, and the complete new file it writes.
fn learn_steps() -> (Vec<String>, Vec<u8>) {
    let (dir, plan) = plan_dir();
    let out = Process::new(BIN)
        .arg("__save-steps")
        .arg(&plan)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "__save-steps failed:\n{stdout}");
    let steps: Vec<String> = stdout
        .lines()
        .map(|l| {
            l.strip_prefix("step ")
                .unwrap_or_else(|| panic!("not a step line: {l:?}"))
                .to_owned()
        })
        .collect();
    assert!(!steps.is_empty(), "no steps printed");
    let new = fs::read(&plan).unwrap();
    let text = String::from_utf8(new.clone()).unwrap();
    let saved = parse_plan(&text).expect("the complete new file parses");
    assert_eq!(saved.meta().title.as_deref(), Some(NEW_TITLE));
    assert_ne!(new, SAMPLE.as_bytes(), "the save changes the file");
    assert_eq!(
        fs::read(safe::backup_path(&plan)).unwrap(),
        SAMPLE.as_bytes(),
        "an uninterrupted save keeps the old file as FILE.bak"
    );
    drop(dir);
    (steps, new)
}

/// After a killed save: the plan file exists, parses, and is byte for byte
/// the old or the complete new file; `FILE.bak`, when present, is the
/// complete old file. `what` names the run in failures.
fn check_after_kill(plan: &Path, new: &[u8], what: &str) -> Left {
    let bytes = fs::read(plan)
        .unwrap_or_else(|e| panic!("{what}: the plan file is gone or unreadable: {e}"));
    let text = String::from_utf8(bytes.clone())
        .unwrap_or_else(|_| panic!("{what}: the plan file is not UTF-8 any more"));
    if let Err(e) = parse_plan(&text) {
        panic!("{what}: the plan file does not parse: {e:?}\n{text}");
    }
    let left = if bytes == SAMPLE.as_bytes() {
        Left::Old
    } else if bytes == new {
        Left::New
    } else {
        panic!("{what}: the plan file is neither the old nor the new one:\n{text}")
    };
    let bak = safe::backup_path(plan);
    if bak.exists() {
        let b = fs::read_to_string(&bak).unwrap();
        assert_eq!(b, SAMPLE, "{what}: FILE.bak is not the complete old file");
        assert!(parse_plan(&b).is_ok(), "{what}: FILE.bak does not parse");
    }
    left
}

/// **Atomic save, one backup**: a save killed with SIGKILL at each of its
/// steps (as printed by `allot __save-steps`) leaves the plan file as the
/// complete old file before the rename and the complete new file from the
/// rename on, never a partial one, and `FILE.bak`, once there, is the complete
/// old file.
#[test]
fn save_killed_at_every_step_leaves_the_old_or_the_new_file() {
    let (steps, new) = learn_steps();
    let renamed = steps.iter().position(|s| s == "renamed");
    let backed_up = steps.iter().position(|s| s == "backup-renamed");
    // One child per step, all at once: each waits STEP_PAUSE_MS at every
    // step, so one after the other would take long.
    let runs: Vec<_> = steps
        .iter()
        .cloned()
        .map(|step| {
            let new = new.clone();
            let steps = steps.clone();
            std::thread::spawn(move || {
                let (dir, plan) = plan_dir();
                let mut child = Process::new(BIN)
                    .arg("__save-steps")
                    .arg(&plan)
                    .arg("--pause-ms")
                    .arg(STEP_PAUSE_MS.to_string())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut out = BufReader::new(child.stdout.take().unwrap());
                let want = format!("step {step}");
                let mut seen = Vec::new();
                loop {
                    let mut line = String::new();
                    let n = out.read_line(&mut line).unwrap();
                    assert!(n > 0, "the save ended before {want:?}: {seen:?}");
                    let line = line.trim_end().to_owned();
                    seen.push(line.clone());
                    if line == want {
                        break;
                    }
                }
                // `Child::kill` is SIGKILL on Unix.
                child.kill().unwrap();
                let status = child.wait().unwrap();
                assert!(!status.success(), "killed at {step}, yet exited cleanly");
                // Had the kill come late, the child went on: judge by the last
                // step it reached.
                let mut rest = String::new();
                out.read_to_string(&mut rest).unwrap();
                let last = rest
                    .lines()
                    .last()
                    .and_then(|l| l.strip_prefix("step "))
                    .unwrap_or(&step)
                    .to_owned();
                let at = steps.iter().position(|s| *s == last).unwrap();
                let left = check_after_kill(&plan, &new, &format!("killed at step {step}"));
                if let Some(r) = renamed {
                    let want = if at >= r { Left::New } else { Left::Old };
                    assert_eq!(left, want, "killed at step {last}");
                }
                if let Some(b) = backed_up {
                    assert_eq!(
                        safe::backup_path(&plan).exists(),
                        at >= b,
                        "FILE.bak killed at step {last}"
                    );
                }
                drop(dir);
                (step, left)
            })
        })
        .collect();
    // Join every run before failing, so that each removes its directory.
    let results: Vec<_> = runs.into_iter().map(JoinHandle::join).collect();
    for r in results {
        let (step, left) = r.unwrap_or_else(|e| std::panic::resume_unwind(e));
        println!("killed at {step:<20} -> {left:?} file");
    }
}

/// A small deterministic generator for the random kills (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// **Atomic save**: saves killed with SIGKILL at random moments (short pauses
/// at each step, the kill 0-20 ms after the start or after the save began),
/// also between the named steps, leave the complete old or new file and a
/// complete `FILE.bak`. The seed is printed; `ALLOT_SAFETY_SEED` repeats a run.
#[test]
fn save_killed_at_random_moments_leaves_the_old_or_the_new_file() {
    let (_, new) = learn_steps();
    let seed = std::env::var("ALLOT_SAFETY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| u64::from(d.subsec_nanos()) ^ d.as_secs())
                | 1
        });
    println!("seed {seed} (ALLOT_SAFETY_SEED={seed} repeats this run)");
    let mut rng = Rng(seed);
    let (mut old_left, mut new_left) = (0, 0);
    for i in 0..RANDOM_KILLS {
        let (dir, plan) = plan_dir();
        let pause = rng.below(3);
        let delay = Duration::from_micros(rng.below(20_000));
        let from_start = i % 3 == 0;
        let mut child = Process::new(BIN)
            .arg("__save-steps")
            .arg(&plan)
            .arg("--pause-ms")
            .arg(pause.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        if !from_start {
            // Start the clock when the save has begun (the plan is read).
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
        }
        std::thread::sleep(delay);
        // It may have finished already; the checks hold either way.
        let _ = child.kill();
        child.wait().unwrap();
        let mut printed = String::new();
        out.read_to_string(&mut printed).unwrap();
        let what = format!(
            "run {i} (seed {seed}, pause {pause} ms, kill after {delay:?} from {})",
            if from_start { "the start" } else { "step read" }
        );
        match check_after_kill(&plan, &new, &what) {
            Left::Old => old_left += 1,
            Left::New => new_left += 1,
        }
        drop(dir);
    }
    println!("{RANDOM_KILLS} random kills: {old_left} left the old file, {new_left} the new one");
}

// ===================================================================
// Failed saves and changed files, through the planner's App
// ===================================================================

/// A plan directory (`plans/plan.json`, a copy of the sample) and a
/// recovery store outside it.
struct AppSetup {
    root: TempDir,
    plans: PathBuf,
    plan: PathBuf,
}

impl AppSetup {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let plans = root.path().join("plans");
        fs::create_dir(&plans).unwrap();
        let plan = plans.join("plan.json");
        fs::write(&plan, SAMPLE).unwrap();
        Self { root, plans, plan }
    }

    fn store(&self) -> RecoveryStore {
        RecoveryStore::new(self.root.path().join("data"))
    }

    /// The planner on the plan, as `allot plan.json` starts it.
    fn app(&self) -> App {
        app_on(&self.plan, self.store())
    }
}

fn app_on(plan: &Path, store: RecoveryStore) -> App {
    let (p, source, hash) = open(Some(plan)).unwrap();
    let mut app = App::new(p, source, Config::default(), (120, 40));
    app.set_disk_hash(hash);
    app.start_guards(Some(store));
    assert!(app.read_only().is_none(), "the only planner on the file");
    app
}

/// Select Shandong's rock cell and type `value`.
fn edit_shandong(app: &mut App, value: &str) {
    type_into_shandong(app, value);
    assert_eq!(
        shandong_rock(app),
        value.parse::<u64>().unwrap(),
        "the edit applied: {:?}",
        app.message()
    );
    assert!(app.dirty());
}

fn shandong_rock(app: &App) -> u64 {
    app.plan().value(app.plan().find("sd").unwrap(), 0)
}

/// The message line, which must be there.
fn message(app: &App) -> (String, Tone) {
    app.message()
        .map(|m| (m.text.clone(), m.tone))
        .expect("a message")
}

/// The names in a directory.
fn names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Temporary files a save left in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| {
            Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tmp"))
        })
        .collect()
}

/// The planner's screen (`TestBackend`) as text.
fn screen(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.view().size().0, app.view().size().1)).unwrap();
    terminal.draw(|f| allot::tui::ui::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            text.push_str(buf[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// Whether the file system ignores permission bits for us (root does): a
/// file can be created in a directory with mode 0o555.
fn permissions_ignored() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = tempfile::tempdir().unwrap();
    let d = probe.path().join("ro");
    fs::create_dir(&d).unwrap();
    fs::set_permissions(&d, fs::Permissions::from_mode(0o555)).unwrap();
    let ignored = fs::File::create(d.join("x")).is_ok();
    fs::set_permissions(&d, fs::Permissions::from_mode(0o755)).unwrap();
    ignored
}

/// Makes a path unwritable while alive: `chattr +i` (undone on drop) when
/// permissions do not bind us (root), else mode 0o555 / 0o444.
struct Unwritable {
    path: PathBuf,
    chattr: bool,
    mode: u32,
}

impl Unwritable {
    /// Make `path` unwritable: None (with a note) when that is not possible
    /// here, or when `chmod` would not bind and `root_only`.
    fn new(path: &Path, root_only: bool) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        let guard = if permissions_ignored() {
            let ok = Process::new("chattr")
                .arg("+i")
                .arg(path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                println!(
                    "note: skipped: permissions are ignored here (root) and `chattr +i {}` is not possible",
                    path.display()
                );
                return None;
            }
            Self {
                path: path.to_path_buf(),
                chattr: true,
                mode,
            }
        } else {
            if root_only {
                println!("note: skipped: needs root (`chattr +i`)");
                return None;
            }
            let ro = if path.is_dir() { 0o555 } else { 0o444 };
            fs::set_permissions(path, fs::Permissions::from_mode(ro)).unwrap();
            Self {
                path: path.to_path_buf(),
                chattr: false,
                mode,
            }
        };
        // Check that it took.
        let writable = if path.is_dir() {
            let probe = path.join(".probe");
            let ok = fs::File::create(&probe).is_ok();
            let _ = fs::remove_file(probe);
            ok
        } else {
            fs::OpenOptions::new().append(true).open(path).is_ok()
        };
        if writable {
            println!(
                "note: skipped: {} stays writable here",
                guard.path.display()
            );
            return None;
        }
        Some(guard)
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.chattr {
            let _ = Process::new("chattr").arg("-i").arg(&self.path).status();
        } else {
            let _ = fs::set_permissions(&self.path, fs::Permissions::from_mode(self.mode));
        }
    }
}

/// A small tmpfs mounted while alive (unmounted on drop).
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path, size: &str) -> Option<Self> {
        fs::create_dir_all(path).unwrap();
        let ok = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("note: skipped: mounting a small tmpfs is not permitted here");
            return None;
        }
        Some(Self {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let ok = Process::new("umount")
            .arg(&self.path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Process::new("umount").arg("-l").arg(&self.path).status();
        }
    }
}

/// Checks after a save that must have failed: the message says so, the plan
/// is still unsaved with the edit, the file is the old one, and no temporary
/// file is left.
fn assert_failed_cleanly(app: &App, plan: &Path, edited: u64) {
    let (text, tone) = message(app);
    assert!(text.contains("could not save"), "message: {text}");
    assert_eq!(tone, Tone::Error, "{text}");
    assert!(app.dirty(), "still marked unsaved");
    assert_eq!(shandong_rock(app), edited, "the edit is still there");
    assert!(
        screen(app).contains("● unsaved"),
        "the header still says unsaved:\n{}",
        screen(app)
    );
    assert_eq!(
        fs::read_to_string(plan).unwrap(),
        SAMPLE,
        "the old file is intact"
    );
    let dir = plan.parent().unwrap();
    assert_eq!(
        temp_files(dir),
        Vec::<String>::new(),
        "no temporary files left"
    );
}

/// **Failed save, read-only directory**: saving into a directory that cannot
/// be written (`chattr +i` as root, else mode 0o555) says "could not save",
/// keeps the plan marked unsaved with the edit, leaves the old file byte for
/// byte and no temporary file; once the directory is writable again the same
/// work saves.
#[test]
fn save_into_a_read_only_directory_fails_cleanly() {
    let s = AppSetup::new();
    let mut app = s.app();
    edit_shandong(&mut app, "3000");
    {
        let Some(_ro) = Unwritable::new(&s.plans, false) else {
            return;
        };
        let before = names(&s.plans);
        app.handle(Msg::Cmd(Command::Save));
        assert_failed_cleanly(&app, &s.plan, 3000);
        assert_eq!(names(&s.plans), before, "nothing written in the directory");
    }
    // Writable again: the work kept in the planner saves.
    app.handle(Msg::Cmd(Command::Save));
    let (text, _) = message(&app);
    assert!(text.starts_with("saved"), "{text}");
    assert!(!app.dirty());
    assert!(
        fs::read_to_string(&s.plan)
            .unwrap()
            .contains("\"rock\": 3000")
    );
    assert_eq!(
        fs::read_to_string(safe::backup_path(&s.plan)).unwrap(),
        SAMPLE
    );
}

/// **Failed save, read-only file**: a plan file that cannot be replaced
/// (`chattr +i`, root only: a plain mode 0o444 does not stop a rename) fails
/// to save the same clean way: "could not save", still unsaved, old file
/// intact, no temporary file left (the failure comes at the rename, after the
/// temporary file was written).
#[test]
fn save_over_an_immutable_file_fails_cleanly() {
    let s = AppSetup::new();
    let mut app = s.app();
    edit_shandong(&mut app, "2500");
    let Some(_ro) = Unwritable::new(&s.plan, true) else {
        return;
    };
    app.handle(Msg::Cmd(Command::Save));
    assert_failed_cleanly(&app, &s.plan, 2500);
}

/// **Failed save, disk full**: on a full file system (a 64 KiB tmpfs, root
/// only) the save says "could not save", keeps the plan unsaved, leaves the
/// old file and no temporary file; once space is freed the work saves.
#[test]
fn save_on_a_full_disk_fails_cleanly() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&root.path().join("small"), "64k") else {
        return;
    };
    let plan = disk.path.join("plan.json");
    fs::write(&plan, SAMPLE).unwrap();
    let store = RecoveryStore::new(root.path().join("data"));
    // Declared after the mount, so dropped (lock file closed) before it.
    let mut app = app_on(&plan, store);
    edit_shandong(&mut app, "3000");
    // Fill the rest of the space.
    let filler = disk.path.join("filler");
    {
        let mut f = fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        let mut full = false;
        for _ in 0..64 {
            if f.write_all(&chunk).and_then(|()| f.sync_all()).is_err() {
                full = true;
                break;
            }
        }
        assert!(full, "the 64 KiB file system never filled up");
    }
    app.handle(Msg::Cmd(Command::Save));
    assert_failed_cleanly(&app, &plan, 3000);
    assert!(!safe::backup_path(&plan).exists(), "no partial backup");

    fs::remove_file(&filler).unwrap();
    app.handle(Msg::Cmd(Command::Save));
    let (text, _) = message(&app);
    assert!(text.starts_with("saved"), "{text}");
    assert!(!app.dirty());
    assert!(
        fs::read_to_string(&plan)
            .unwrap()
            .contains("\"rock\": 3000")
    );
    drop(app);
}

/// The sample as another program changed it: Shandong rock 3,500.
fn theirs() -> String {
    let t = SAMPLE.replace("\"rock\": 3600", "\"rock\": 3500");
    assert_ne!(t, SAMPLE);
    t
}

/// **Changed on disk**: when the file was changed behind the planner's back,
/// saving (also save-and-quit) does not write it: the planner asks
/// "[r]eload, [o]verwrite, [s]ave elsewhere, [c]ancel"; cancelling keeps the
/// work unsaved, and the other program's file, with no backup or temporary
/// file written.
#[test]
fn a_file_changed_behind_the_planners_back_is_not_overwritten() {
    let s = AppSetup::new();
    let mut app = s.app();
    edit_shandong(&mut app, "3000");
    let theirs = theirs();
    fs::write(&s.plan, &theirs).unwrap();
    let before = names(&s.plans);

    app.handle(Msg::Cmd(Command::Save));
    assert!(
        matches!(app.question(), Some(Question::ChangedOnDisk { .. })),
        "{:?}",
        app.dialog_name()
    );
    let shown = screen(&app);
    assert!(
        shown.contains("changed on disk since allot read it")
            && shown.contains("overwrite it with yours")
            && shown.contains("save yours elsewhere")
            && shown.contains("reload it"),
        "the question and every answer are on screen:\n{shown}"
    );
    assert_eq!(fs::read_to_string(&s.plan).unwrap(), theirs);
    assert_eq!(names(&s.plans), before, "nothing written");

    app.handle(Msg::Choice('c'));
    assert_eq!(app.dialog_name(), None);
    assert!(app.dirty());
    assert_eq!(shandong_rock(&app), 3000, "the work is still here");

    // Quitting with "save" asks the same question and does not quit.
    app.handle(Msg::Cmd(Command::Quit));
    app.handle(Msg::Choice('s'));
    assert_eq!(
        app.question(),
        Some(&Question::ChangedOnDisk { then_quit: true })
    );
    assert!(!app.wants_quit());
    assert_eq!(fs::read_to_string(&s.plan).unwrap(), theirs);
    assert_eq!(names(&s.plans), before, "nothing written");
}

/// **Changed on disk** (storage layer): `safe::save` with the hash of what
/// was loaded, after the file changed, returns `Changed`, stops right after
/// reading, and writes nothing (no backup, no temporary file).
#[test]
fn save_with_a_stale_hash_returns_changed_and_writes_nothing() {
    let (dir, plan) = plan_dir();
    let loaded = content_hash(SAMPLE.as_bytes());
    let theirs = theirs();
    fs::write(&plan, &theirs).unwrap();
    let mut steps = Vec::new();
    let r = safe::save_steps(&plan, "ours", Some(loaded), &mut |s| {
        steps.push(s.to_owned());
    });
    assert!(matches!(r, Err(SaveError::Changed)), "{r:?}");
    assert_eq!(steps, ["read"], "no write step reached");
    assert_eq!(fs::read_to_string(&plan).unwrap(), theirs);
    assert_eq!(
        names(dir.path()),
        BTreeSet::from(["plan.json".to_owned()]),
        "nothing else written"
    );
    // With the hash of what is there now, it saves.
    safe::save(&plan, "ours", Some(content_hash(theirs.as_bytes()))).unwrap();
    assert_eq!(fs::read_to_string(&plan).unwrap(), "ours");
}

/// **Atomic save keeps permissions**: the saved plan file (a new inode, put
/// in place by a rename) keeps the old file's mode.
#[test]
fn a_save_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, plan) = plan_dir();
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o640)).unwrap();
    safe::save(&plan, "ours", Some(content_hash(SAMPLE.as_bytes()))).unwrap();
    assert_eq!(fs::read_to_string(&plan).unwrap(), "ours");
    assert_eq!(
        fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // The backup of a private plan is as private.
    assert_eq!(
        fs::metadata(safe::backup_path(&plan))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
}

// ===================================================================
// The real planner in a pseudo-terminal (harness in tests/common)
// ===================================================================

/// The first screen line (the header).
fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// Whether the tree-table row naming `name` shows `value` as its first
/// figure (the rock column).
fn row_shows(screen: &str, name: &str, value: &str) -> bool {
    let table = screen
        .lines()
        .map(|l| l.split('│').next().unwrap_or_default());
    table.clone().find(|l| l.contains(name)).is_some_and(|l| {
        l.split_whitespace()
            .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            == Some(value)
    })
}

/// Search for `query` and accept the match.
fn search(tui: &mut Tui, query: &str) {
    tui.send("/");
    tui.wait_for("the search prompt", |t| {
        t.lines().rev().nth(1).is_some_and(|l| l.starts_with('/'))
    });
    tui.send(query);
    tui.wait_text(&format!("/{query}"));
    tui.send("\r");
    tui.wait_for("the search prompt to close", |t| {
        !t.lines().any(|l| l.starts_with(&format!("/{query}")))
    });
}

/// The sample with Shandong's rock figure set to 3,000, in the saved form.
fn sample_with_shandong_3000() -> String {
    assert_eq!(SAMPLE.matches("\"rock\": 3600").count(), 1);
    SAMPLE.replace("\"rock\": 3600", "\"rock\": 3000")
}

/// Start the planner on `plan`, set Shandong's rock to 3,000, wait for the
/// recovery copy, and kill the planner with SIGKILL. The recovery copy's
/// plan text.
fn edit_and_crash(sb: &Sandbox, plan: &Path) -> String {
    let mut tui = sb.spawn(&[plan], 120, 35);
    tui.wait_ready();
    search(&mut tui, "Shandong");
    tui.send("3000\r");
    tui.wait_for("the edit applied", |t| {
        row_shows(t, "Shandong", "3,000") && t.contains("● unsaved")
    });
    let edited = Instant::now();
    let end = edited + TIMEOUT;
    let rec = loop {
        if let Some(p) = sb.recovery_files().pop() {
            break p;
        }
        assert!(
            Instant::now() < end,
            "no recovery copy in ALLOT_DATA_DIR after {TIMEOUT:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let after = edited.elapsed();
    // "At most about a second after an edit" (with room for a slow machine).
    assert!(after < Duration::from_secs(3), "written after {after:?}");
    tui.kill9();
    // One line of JSON saying what the file is, then the plan as saved.
    let content = fs::read_to_string(&rec).unwrap();
    let (head, text) = content.split_once('\n').expect("a header line");
    let json: serde_json::Value = serde_json::from_str(head).expect("the header is complete JSON");
    assert_eq!(json["format"], "allot-recovery");
    let text = text.to_owned();
    assert_eq!(
        text,
        sample_with_shandong_3000(),
        "the recovery copy is the unsaved plan"
    );
    assert_eq!(fs::read_to_string(plan).unwrap(), SAMPLE, "never saved");
    text
}

/// Start the planner after a crash: it opens normally (the dead planner's
/// lock does not block) and offers the unsaved work with what differs.
fn restart_with_offer(sb: &Sandbox, plan: &Path) -> Tui {
    let tui = sb.spawn(&[plan], 120, 35);
    let screen = tui.wait_text("[r]estore it, or [d]iscard it?");
    assert!(screen.contains("unsaved work"), "{screen}");
    assert!(
        screen.contains("Shandong 山东 rock: 3,600 → 3,000"),
        "the difference is shown:\n{screen}"
    );
    assert!(
        !header(&screen).contains("READ-ONLY"),
        "the killed planner's lock does not block:\n{screen}"
    );
    tui
}

/// **Crash recovery, restore**: a planner killed with SIGKILL after an edit
/// left a recovery copy (within about a second of the edit); the next start
/// offers "unsaved work" showing "Shandong 山东 rock: 3,600 → 3,000"; `r`
/// restores it, ctrl-s saves, and the file on disk is exactly the unsaved plan
/// (Shandong rock 3,000, the rest as before), `FILE.bak` the old file, and the
/// recovery copy is gone.
#[test]
fn a_killed_session_is_offered_back_and_restored() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let unsaved = edit_and_crash(&sb, &plan);

    let mut tui = restart_with_offer(&sb, &plan);
    tui.send("r");
    let screen = tui.wait_text("restored the unsaved work");
    assert!(row_shows(&screen, "Shandong", "3,000"), "{screen}");
    assert!(screen.contains("● unsaved"), "{screen}");
    tui.send("\x13");
    tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());

    assert_eq!(
        fs::read_to_string(&plan).unwrap(),
        unsaved,
        "the saved file is the unsaved plan"
    );
    assert_eq!(
        fs::read_to_string(safe::backup_path(&plan)).unwrap(),
        SAMPLE,
        "FILE.bak is the file as it was"
    );
    assert_eq!(
        sb.recovery_files(),
        Vec::<PathBuf>::new(),
        "recovery copy removed"
    );
}

/// **Crash recovery, discard**: after the same crash, `d` at the offer
/// discards: the plan shows the file's values, the file is unchanged byte for
/// byte, the recovery copy is gone, and the planner quits without asking.
#[test]
fn a_killed_session_can_be_discarded() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    edit_and_crash(&sb, &plan);

    let mut tui = restart_with_offer(&sb, &plan);
    tui.send("d");
    let screen = tui.wait_for("the offer to close", |t| !t.contains("[r]estore it"));
    assert!(row_shows(&screen, "Shandong", "3,600"), "{screen}");
    assert!(!screen.contains("● unsaved"), "{screen}");
    assert_eq!(
        sb.recovery_files(),
        Vec::<PathBuf>::new(),
        "recovery copy removed"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "clean: quits at once\n{}", tui.text());
    assert_eq!(fs::read_to_string(&plan).unwrap(), SAMPLE, "file unchanged");
    assert!(!safe::backup_path(&plan).exists(), "nothing was saved");
}

/// **One editor at a time**: with one planner on a file, a second one opens
/// it read-only with a header naming the first one's process id, and refuses
/// typed values ("read-only"); after the first quits (the read-only one still
/// running), a third opens the file for editing.
#[test]
fn a_second_instance_opens_read_only() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut first = sb.spawn(&[&plan], 120, 35);
    let screen = first.wait_ready();
    assert!(!header(&screen).contains("READ-ONLY"), "{screen}");

    let mut second = sb.spawn(&[&plan], 120, 35);
    let screen = second.wait_text("READ-ONLY");
    let head = header(&screen);
    assert!(
        head.contains(&format!("process {}", first.pid())),
        "names the first planner's process: {head}"
    );
    search(&mut second, "Shandong");
    second.send("3000");
    let screen = second.wait_for("the refusal", |t| {
        t.lines().any(|l| l.starts_with("read-only"))
    });
    assert!(row_shows(&screen, "Shandong", "3,600"), "{screen}");
    assert!(!screen.contains("● unsaved"), "{screen}");

    first.send("q");
    assert_eq!(first.wait_exit(), 0, "screen:\n{}", first.text());

    let mut third = sb.spawn(&[&plan], 120, 35);
    let screen = third.wait_ready();
    assert!(
        !header(&screen).contains("READ-ONLY"),
        "free once the first has gone:\n{screen}"
    );
    search(&mut third, "Shandong");
    third.send("3000\r");
    third.wait_for("the edit applied", |t| row_shows(t, "Shandong", "3,000"));
    third.send("u");
    third.wait_for("undone", |t| row_shows(t, "Shandong", "3,600"));
    third.send("q");
    assert_eq!(third.wait_exit(), 0, "screen:\n{}", third.text());
    second.send("q");
    assert_eq!(second.wait_exit(), 0, "screen:\n{}", second.text());
    assert_eq!(fs::read_to_string(&plan).unwrap(), SAMPLE);
}

/// **One editor at a time, stale lock**: a lock file left with the id of a
/// process that has ended, and held by no one, does not make the planner
/// read-only: it edits and saves.
#[test]
fn a_stale_lock_file_does_not_block() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    // The id of a process that has certainly ended.
    let mut gone = Process::new(BIN)
        .arg("--version")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let lock = safe::lock_path(&plan);
    assert_eq!(lock, sb.path(".plan.json.allot-lock"));
    fs::write(&lock, format!("{dead}\n")).unwrap();

    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    assert!(!header(&screen).contains("READ-ONLY"), "{screen}");
    search(&mut tui, "Shandong");
    tui.send("3000\r");
    tui.wait_for("the edit applied", |t| row_shows(t, "Shandong", "3,000"));
    tui.send("\x13");
    tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    assert_eq!(
        fs::read_to_string(&plan).unwrap(),
        sample_with_shandong_3000()
    );
}
