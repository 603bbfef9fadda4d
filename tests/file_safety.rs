//! "Never lose, fork or leak a plan" (issue 9): one test (or more) for each
//! file-safety defect found when allot was attacked, numbered as in the
//! issue. The real binary runs on the command line and in a pseudo-terminal;
//! the planner's state is driven through the library where that is the
//! clearest way to show it.
//!
//! Every command run here has a deadline: a test that would freeze (a FIFO
//! read or written the wrong way) fails instead of hanging.
//!
//! `ALLOT_TEST_BIN=path/to/other/allot cargo test --test file_safety` runs
//! the binary tests against another build (the one before the fixes, say).
#![cfg(unix)]
#![allow(clippy::too_many_lines)]

use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write as _};
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use allot::storage::safe::{self, LockOutcome, RecoveryStore};
use allot::tui::app::{App, open};
use allot::tui::command::Command;
use allot::tui::config::Config;
use allot::tui::dialogs::confirm::Question;
use allot::tui::input::{Msg, TextOp};

mod common;
#[allow(clippy::wildcard_imports)]
use common::*;

// ===================================================================
// Helpers
// ===================================================================

/// What a command did.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Run `allot ARGS` in `dir` with private settings and data folders, and a
/// deadline: a command still running after [`TIMEOUT`] froze.
fn allot_in(dir: &Path, args: &[&str]) -> Run {
    let settings = tempfile::tempdir().unwrap();
    let mut child = Process::new(bin())
        .args(args)
        .current_dir(dir)
        .env("ALLOT_CONFIG_DIR", settings.path())
        .env("ALLOT_DATA_DIR", settings.path().join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run allot");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let end = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("allot {args:?} froze: still running after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out_t.join().unwrap(),
        stderr: String::from_utf8_lossy(&err_t.join().unwrap()).into_owned(),
    }
}

fn mkfifo(p: &Path) {
    let ok = Process::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

fn is_fifo(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn chmod(p: &Path, m: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
}

/// Read a FIFO in a thread (so that a writer can open it); `.join()` gives
/// what was read, or fails after [`TIMEOUT`] (a build that replaced the
/// FIFO never writes into it, and the reader would wait for ever).
fn drain_fifo(p: &Path) -> FifoReader {
    let p = p.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = fs::File::open(&p).and_then(|mut f| f.read_to_end(&mut b));
        let _ = tx.send(b);
    });
    FifoReader(rx)
}

struct FifoReader(std::sync::mpsc::Receiver<Vec<u8>>);

impl FifoReader {
    fn join(self) -> Result<Vec<u8>, String> {
        self.0
            .recv_timeout(TIMEOUT)
            .map_err(|_| "nothing was written into the FIFO".to_owned())
    }
}

/// A folder with the sample as `plan.json`.
fn plan_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    fs::write(&plan, SAMPLE).unwrap();
    (dir, plan)
}

/// The planner on `plan`, as `allot PLAN` starts it, with recovery copies
/// in `store`.
fn app_on(plan: &Path, store: &RecoveryStore) -> App {
    let (p, source, hash) = open(Some(plan)).unwrap();
    let mut app = App::new(p, source, Config::default(), (120, 40));
    app.set_disk_hash(hash);
    app.start_guards(Some(store.clone()));
    app
}

/// Select Shandong's rock cell and type `value`.
fn edit_shandong(app: &mut App, value: &str) {
    type_into_shandong(app, value);
}

fn shandong_rock(text: &str) -> u64 {
    let plan = allot::storage::parse_plan(text).unwrap();
    plan.value(plan.find("sd").unwrap(), 0)
}

fn message(app: &App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

/// Type `text` into the open prompt (replacing what it holds) and Enter.
fn type_prompt(app: &mut App, text: &str) {
    app.handle(Msg::Text(TextOp::Clear));
    for c in text.chars() {
        app.handle(Msg::Text(TextOp::Insert(c)));
    }
    app.handle(Msg::Submit);
}

// ===================================================================
// 1. The lock side file is never followed or used when it is special
// ===================================================================

/// **1.** `ln -s victim .plan.json.allot-lock; allot plan.json` must not
/// touch `victim`: the planner opens read-only and says why.
#[test]
fn a_symlinked_lock_file_is_not_followed() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let victim = sb.path("victim.txt");
    fs::write(&victim, "someone's thesis").unwrap();
    symlink(&victim, sb.path(".plan.json.allot-lock")).unwrap();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    let screen = if screen.contains("READ-ONLY") {
        screen
    } else {
        tui.wait_text("READ-ONLY")
    };
    assert!(screen.contains("symbolic link"), "says why:\n{screen}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "someone's thesis");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "someone's thesis");
    assert!(
        fs::symlink_metadata(sb.path(".plan.json.allot-lock"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// **1, 4.** A lock file that is a FIFO (which would block an open or a
/// read), a link to `/dev/zero` (unbounded data) or a hard link to another
/// file (writing the pid would change it) is never used: read-only.
#[test]
fn special_lock_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    fs::write(&plan, SAMPLE).unwrap();
    let lock = safe::lock_path(&fs::canonicalize(&plan).unwrap());

    mkfifo(&lock);
    let started = Instant::now();
    assert!(matches!(
        safe::lock(&fs::canonicalize(&plan).unwrap()),
        LockOutcome::Unsafe(_)
    ));
    assert!(started.elapsed() < Duration::from_secs(2), "never blocks");
    fs::remove_file(&lock).unwrap();

    symlink("/dev/zero", &lock).unwrap();
    assert!(matches!(
        safe::lock(&fs::canonicalize(&plan).unwrap()),
        LockOutcome::Unsafe(_)
    ));
    fs::remove_file(&lock).unwrap();

    let other = dir.path().join("other.txt");
    fs::write(&other, "keep me").unwrap();
    fs::hard_link(&other, &lock).unwrap();
    assert!(matches!(
        safe::lock(&fs::canonicalize(&plan).unwrap()),
        LockOutcome::Unsafe(_)
    ));
    assert_eq!(fs::read_to_string(&other).unwrap(), "keep me");

    // In the planner: read-only, and the reason on screen.
    let store = RecoveryStore::new(dir.path().join("data"));
    let app = app_on(&plan, &store);
    assert!(app.read_only().is_some());
    assert!(message(&app).contains("hard link"), "{}", message(&app));
}

// ===================================================================
// 2. A plan opened through a symlink is one file
// ===================================================================

/// **2.** Saving a plan opened through a symlink writes the real file
/// (atomically, beside it, with its backup there); the link stays a link;
/// the screen keeps the name typed.
#[test]
fn a_plan_opened_through_a_symlink_saves_the_real_file() {
    let root = tempfile::tempdir().unwrap();
    let real_dir = root.path().join("shared");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("plan-2023.json");
    fs::write(&real, SAMPLE).unwrap();
    let link = root.path().join("current.json");
    symlink(&real, &link).unwrap();
    let store = RecoveryStore::new(root.path().join("data"));

    let mut app = app_on(&link, &store);
    edit_shandong(&mut app, "3000");
    app.handle(Msg::Cmd(Command::Save));
    assert!(!app.dirty(), "{}", message(&app));
    assert!(message(&app).contains("current.json"), "{}", message(&app));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(shandong_rock(&fs::read_to_string(&real).unwrap()), 3000);
    assert_eq!(
        fs::read_to_string(real_dir.join("plan-2023.json.bak")).unwrap(),
        SAMPLE,
        "the backup is beside the real file"
    );
    assert!(!root.path().join("current.json.bak").exists());
    // The screen shows the name the planner typed.
    let screen = {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| allot::tui::ui::draw(f, &app)).unwrap();
        format!("{:?}", t.backend().buffer())
    };
    assert!(screen.contains("current.json"));
}

/// **2.** The same file through a link and through its real path has one
/// editor: the second opens read-only.
#[test]
fn two_names_of_one_plan_share_one_lock() {
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("plan.json");
    fs::write(&real, SAMPLE).unwrap();
    let link = root.path().join("alias.json");
    symlink("plan.json", &link).unwrap();
    let store = RecoveryStore::new(root.path().join("data"));
    let first = app_on(&real, &store);
    assert!(first.read_only().is_none());
    let second = app_on(&link, &store);
    assert!(
        second.read_only().is_some(),
        "the alias must not get a second editor"
    );
    // Through a symlinked folder too.
    let linked_dir = root.path().join("linked");
    symlink(root.path(), &linked_dir).unwrap();
    let third = app_on(&linked_dir.join("plan.json"), &store);
    assert!(third.read_only().is_some());
    drop(first);
}

// ===================================================================
// 3. Outputs: standard output, streams, links
// ===================================================================

/// **3.** `-o FIFO` writes into the FIFO (a reader gets the CSV) and the
/// FIFO stays a FIFO; the same for `generate -o` and `import -o`.
#[test]
fn an_output_that_is_a_fifo_is_streamed_into_not_replaced() {
    let (dir, _plan) = plan_dir();
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = drain_fifo(&fifo);
    let run = allot_in(
        dir.path(),
        &["export", "plan.json", "--format", "csv", "-o", "out.fifo"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = String::from_utf8(reader.join().unwrap()).unwrap();
    assert!(got.starts_with("level,path,id,name"), "{got}");
    assert!(is_fifo(&fifo), "still a FIFO");

    let reader = drain_fifo(&fifo);
    let run = allot_in(dir.path(), &["generate", "--nodes", "20", "-o", "out.fifo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        String::from_utf8(reader.join().unwrap())
            .unwrap()
            .contains("allot-plan")
    );
    assert!(is_fifo(&fifo));

    let csv = allot_in(dir.path(), &["export", "plan.json", "--format", "csv"]);
    fs::write(dir.path().join("table.csv"), &csv.stdout).unwrap();
    let reader = drain_fifo(&fifo);
    let run = allot_in(dir.path(), &["import", "table.csv", "-o", "out.fifo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        String::from_utf8(reader.join().unwrap())
            .unwrap()
            .contains("allot-plan")
    );
    assert!(is_fifo(&fifo));
}

/// **3.** A device node given as output is written to, never replaced
/// (a node made here when allowed, and `/dev/null` itself).
#[test]
fn an_output_that_is_a_device_is_written_to_not_replaced() {
    let (dir, _plan) = plan_dir();
    let node = dir.path().join("null");
    let made = Process::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let target = if made {
        node.display().to_string()
    } else {
        eprintln!("note: mknod is not allowed here; using /dev/null");
        "/dev/null".to_owned()
    };
    for format in ["csv", "json", "md", "xlsx"] {
        let run = allot_in(
            dir.path(),
            &[
                "export",
                "plan.json",
                "--format",
                format,
                "-o",
                &target,
                "--force",
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let ft = fs::symlink_metadata(&target).unwrap().file_type();
        assert!(ft.is_char_device(), "{format}: still a device");
    }
}

/// **3.** `-o -` is standard output; a symlink given as output is followed
/// to its target (which is written, the link kept).
#[test]
fn dash_is_standard_output_and_links_are_followed() {
    let (dir, _plan) = plan_dir();
    let run = allot_in(
        dir.path(),
        &["export", "plan.json", "--format", "csv", "-o", "-"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().starts_with("level,path,id,name"));
    assert!(!dir.path().join("-").exists(), "no file named -");

    // `/dev/stdout` is standard output, whatever it is: a file the shell
    // opened for appending is appended to, not replaced.
    let log = dir.path().join("log.csv");
    fs::write(&log, "earlier\n").unwrap();
    let script = format!(
        "cd '{}' && '{}' export plan.json --format csv -o /dev/stdout >> log.csv",
        dir.path().display(),
        bin()
    );
    assert!(
        Process::new("sh")
            .args(["-c", &script])
            .status()
            .unwrap()
            .success()
    );
    let appended = fs::read_to_string(&log).unwrap();
    assert!(appended.starts_with("earlier\nlevel,path"), "{appended}");

    let xlsx = allot_in(
        dir.path(),
        &["export", "plan.json", "--format", "xlsx", "-o", "-"],
    );
    assert_eq!(xlsx.code, 0, "{}", xlsx.stderr);
    assert!(xlsx.stdout.starts_with(b"PK"), "a workbook into the pipe");

    let target = dir.path().join("out").join("table.csv");
    fs::create_dir(dir.path().join("out")).unwrap();
    fs::write(&target, "old").unwrap();
    chmod(&target, 0o640);
    symlink(&target, dir.path().join("latest.csv")).unwrap();
    let run = allot_in(
        dir.path(),
        &[
            "export",
            "plan.json",
            "--format",
            "csv",
            "-o",
            "latest.csv",
            "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fs::symlink_metadata(dir.path().join("latest.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A regular file: the CSV for spreadsheets begins with the BOM.
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .starts_with("\u{feff}level,")
    );
    assert_eq!(mode(&target), 0o640, "the target keeps its permissions");
}

/// **3.** A split file written where a symlink was replaces the link with
/// a new file of the usual permissions: it never writes through the link,
/// and never takes the link target's permissions.
#[test]
fn a_split_file_never_writes_through_a_symlink() {
    let (dir, _plan) = plan_dir();
    let out = dir.path().join("split");
    fs::create_dir(&out).unwrap();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "private").unwrap();
    chmod(&secret, 0o600);
    symlink(&secret, out.join("sc.csv")).unwrap();
    let refused = allot_in(
        dir.path(),
        &["export", "plan.json", "--format", "csv", "--split", "split"],
    );
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("sc.csv"), "{}", refused.stderr);
    assert!(
        fs::read_dir(&out).unwrap().count() == 1,
        "nothing written when one file is in the way"
    );
    let run = allot_in(
        dir.path(),
        &[
            "export",
            "plan.json",
            "--format",
            "csv",
            "--split",
            "split",
            "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&secret).unwrap(), "private");
    assert_eq!(mode(&secret), 0o600);
    let sc = out.join("sc.csv");
    assert!(fs::symlink_metadata(&sc).unwrap().file_type().is_file());
    assert_eq!(
        mode(&sc),
        mode(&out.join("nm.csv")),
        "the usual permissions"
    );
    assert!(fs::read_to_string(&sc).unwrap().contains("sc/sc-jxcu"));
}

// ===================================================================
// 4. A plan or a settings file that is a FIFO
// ===================================================================

/// **4.** A plan path that is a FIFO (or a device) is refused at once with
/// a clear message, by every command and by the planner.
#[test]
fn a_fifo_or_device_as_plan_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.json");
    mkfifo(&fifo);
    for args in [
        vec!["check", "plan.json"],
        vec!["summary", "plan.json"],
        vec!["export", "plan.json", "--format", "csv"],
        vec!["plan.json"],
        vec!["check", "/dev/zero"],
    ] {
        let run = allot_in(dir.path(), &args);
        assert_ne!(run.code, 0, "{args:?}");
        let said = format!("{}{}", run.out(), run.stderr);
        assert!(
            said.contains("FIFO") || said.contains("device"),
            "{args:?} says what it is: {said}"
        );
    }
    // The planner in a terminal: an error, no screen.
    let sb = Sandbox::new();
    mkfifo(&sb.path("p.json"));
    let mut tui = sb.spawn(&[Path::new("p.json")], 100, 30);
    let code = tui.wait_exit();
    assert_ne!(code, 0);
    assert!(tui.raw_text().contains("FIFO"), "{}", tui.raw_text());
}

/// **4.** A settings file that is a FIFO does not freeze the planner: it
/// starts with the defaults and says so.
#[test]
fn a_fifo_as_settings_file_does_not_freeze_the_planner() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    mkfifo(&sb.config.path().join("config.json"));
    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    let screen = if screen.contains("FIFO") {
        screen
    } else {
        tui.wait_text("FIFO")
    };
    assert!(screen.contains("config.json"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// **4.** A plan replaced by a FIFO while it is open: saving says so and
/// does not block.
#[test]
fn saving_over_a_plan_that_became_a_fifo_does_not_block() {
    let (dir, plan) = plan_dir();
    let store = RecoveryStore::new(dir.path().join("data"));
    let mut app = app_on(&plan, &store);
    edit_shandong(&mut app, "3000");
    fs::remove_file(&plan).unwrap();
    mkfifo(&plan);
    let started = Instant::now();
    app.handle(Msg::Cmd(Command::Save));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(app.dirty(), "still unsaved");
    assert!(message(&app).contains("FIFO"), "{}", message(&app));
    assert!(is_fifo(&plan));
}

// ===================================================================
// 5. Exports never destroy work
// ===================================================================

/// **5.** `allot export self.json -o self.json` is refused, with and
/// without `--force`, by its own name and through an alias; the plan is
/// unchanged and no backup is made.
#[test]
fn an_export_never_replaces_the_plan_itself() {
    let (dir, _plan) = plan_dir();
    symlink("plan.json", dir.path().join("alias.json")).unwrap();
    for out in ["plan.json", "alias.json", "./plan.json"] {
        for force in [false, true] {
            let mut args = vec!["export", "plan.json", "--format", "csv", "-o", out];
            if force {
                args.push("--force");
            }
            let run = allot_in(dir.path(), &args);
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("the plan itself"), "{}", run.stderr);
            assert_eq!(
                fs::read_to_string(dir.path().join("plan.json")).unwrap(),
                SAMPLE
            );
        }
    }
    assert!(!dir.path().join("plan.json.bak").exists());
}

/// **5.** An existing file is replaced only with `--force`.
#[test]
fn an_export_replaces_an_existing_file_only_with_force() {
    let (dir, _plan) = plan_dir();
    let other = dir.path().join("notes.md");
    fs::write(&other, "my notes").unwrap();
    let run = allot_in(
        dir.path(),
        &["export", "plan.json", "--format", "md", "-o", "notes.md"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&other).unwrap(), "my notes");
    let run = allot_in(
        dir.path(),
        &[
            "export",
            "plan.json",
            "--format",
            "md",
            "-o",
            "notes.md",
            "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::read_to_string(&other).unwrap().starts_with('#'));
    // generate refuses the same way.
    let run = allot_in(dir.path(), &["generate", "--nodes", "5", "-o", "notes.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// **5.** `--split` into the plan's own folder never overwrites the plan
/// (a top-level node named like the plan); nothing is written then.
#[test]
fn a_split_into_the_plans_folder_never_overwrites_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    // The plan is called after its first province, as planners do.
    fs::write(dir.path().join("nm.json"), SAMPLE).unwrap();
    for force in [false, true] {
        let mut args = vec!["export", "nm.json", "--format", "json", "--split", "."];
        if force {
            args.push("--force");
        }
        let run = allot_in(dir.path(), &args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("the plan itself"), "{}", run.stderr);
        assert_eq!(
            fs::read_to_string(dir.path().join("nm.json")).unwrap(),
            SAMPLE
        );
        assert!(!dir.path().join("sc.json").exists(), "nothing written");
    }
}

/// **5.** The planner's export dialog never suggests the plan's own path,
/// refuses it when typed, and asks before replacing another file; a save
/// afterwards is a normal save (no false "changed on disk"), and `.bak`
/// holds the last save.
#[test]
fn the_export_dialog_never_writes_over_the_plan() {
    let (dir, plan) = plan_dir();
    let store = RecoveryStore::new(dir.path().join("data"));
    let mut app = app_on(&plan, &store);
    edit_shandong(&mut app, "3000");
    app.handle(Msg::Cmd(Command::Export));
    app.handle(Msg::Choice('j'));
    let input = app.input().expect("a path prompt");
    let suggested = PathBuf::from(input.text());
    assert_ne!(
        fs::canonicalize(suggested.parent().unwrap())
            .unwrap()
            .join(suggested.file_name().unwrap()),
        fs::canonicalize(&plan).unwrap(),
        "suggested {suggested:?}"
    );
    // Typing the plan's path is refused, and the prompt stays.
    type_prompt(&mut app, &plan.display().to_string());
    assert!(message(&app).contains("plan itself"), "{}", message(&app));
    assert_eq!(app.dialog_name(), Some("prompt"));
    assert_eq!(fs::read_to_string(&plan).unwrap(), SAMPLE);
    // Accepting the suggestion exports there.
    type_prompt(&mut app, &suggested.display().to_string());
    assert!(suggested.exists(), "{}", message(&app));
    // Another existing file: asked first.
    app.handle(Msg::Cmd(Command::Export));
    app.handle(Msg::Choice('j'));
    type_prompt(&mut app, &suggested.display().to_string());
    assert!(matches!(
        app.question(),
        Some(Question::ExportOverwrite { .. })
    ));
    app.handle(Msg::Choice('y'));
    // Saving is a plain save; the backup is the file as it was.
    app.handle(Msg::Cmd(Command::Save));
    assert!(!app.dirty(), "{}", message(&app));
    assert_eq!(shandong_rock(&fs::read_to_string(&plan).unwrap()), 3000);
    assert_eq!(
        fs::read_to_string(dir.path().join("plan.json.bak")).unwrap(),
        SAMPLE
    );
}

// ===================================================================
// 6. A recipient's file states no false national remainder
// ===================================================================

/// A plan with 2,705 t of rock-type mining nationally unallocated, shared
/// among two provinces.
const TWO_PROVINCES: &str = r#"{
  "format": "allot-plan", "version": 1, "title": "Two", "unit": "t",
  "quotas": [{"id": "rock", "name": "Rock", "total": 100000}],
  "nodes": [
    {"id": "nm", "name": "Inner Mongolia", "alloc": {"rock": 67295}},
    {"id": "sc", "name": "Sichuan", "alloc": {"rock": 30000},
     "nodes": [{"id": "sc-a", "name": "A", "alloc": {"rock": 30000}}]}
  ]
}"#;

/// **6.** In every format, Sichuan's file shows the national total and its
/// own figures, and no national remainder (not the false 70,000, nor the
/// true 2,705 from which Inner Mongolia's 67,295 would follow); with
/// `--national-remainder` the true one, as a plain number.
#[test]
fn split_files_state_no_false_national_remainder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("two.json"), TWO_PROVINCES).unwrap();
    for format in ["csv", "md", "xlsx", "json"] {
        let run = allot_in(
            dir.path(),
            &["export", "two.json", "--format", format, "--split", "out"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let csv = fs::read_to_string(dir.path().join("out/sc.csv")).unwrap();
    let national = csv.lines().nth(1).unwrap();
    assert_eq!(national, "0,,,national,100000,,,");
    assert!(!csv.contains("70000") && !csv.contains("2705"), "{csv}");

    let md = fs::read_to_string(dir.path().join("out/sc.md")).unwrap();
    assert!(md.contains("100,000"), "{md}");
    assert!(
        !md.contains("70,000") && !md.contains("2,705") && !md.contains("67,295"),
        "{md}"
    );

    // The workbook: no remainder cell on the national row, and no formula
    // that a spreadsheet would evaluate to a false one.
    let xlsx = dir.path().join("out/sc.xlsx");
    let sheet = unzip(&xlsx, "xl/worksheets/sheet1.xml");
    let row2 = between(&sheet, "<row r=\"2\"", "</row>");
    assert!(
        !row2.contains("<f>"),
        "no formula on the national row: {row2}"
    );
    assert!(!row2.contains(">70000<"), "{row2}");
    let summary = unzip(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(
        !summary.contains(">70000<") && !summary.contains(">2705<"),
        "{summary}"
    );

    // JSON: a plan of its own, balanced at the top.
    let check = allot_in(dir.path(), &["check", "out/sc.json", "--strict"]);
    assert_eq!(check.code, 0, "{}{}", check.out(), check.stderr);

    // Asked for: the true remainder, as a number.
    let run = allot_in(
        dir.path(),
        &[
            "export",
            "two.json",
            "--format",
            "xlsx",
            "--split",
            "told",
            "--national-remainder",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = allot_in(
        dir.path(),
        &[
            "export",
            "two.json",
            "--format",
            "csv",
            "--split",
            "told",
            "--national-remainder",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = fs::read_to_string(dir.path().join("told/sc.csv")).unwrap();
    assert_eq!(csv.lines().nth(1).unwrap(), "0,,,national,100000,2705,,");
    let sheet = unzip(&dir.path().join("told/sc.xlsx"), "xl/worksheets/sheet1.xml");
    let row2 = between(&sheet, "<row r=\"2\"", "</row>");
    assert!(row2.contains(">2705<"), "{row2}");
    assert!(!row2.contains("<f>"), "a plain number: {row2}");
}

fn unzip(path: &Path, member: &str) -> String {
    let f = fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap_or_else(|| panic!("{start} in {s}"));
    let b = s[a..].find(end).map_or(s.len(), |b| a + b);
    &s[a..b]
}

// ===================================================================
// 7. Signals
// ===================================================================

/// **7.** SIGTERM, SIGHUP and SIGQUIT right after an edit (well before the
/// recovery copy is due): the copy is written at once, the terminal is
/// restored (raw mode, alternate screen and mouse reporting off), and the
/// exit code is 128 + the signal.
#[test]
fn signals_write_the_recovery_copy_and_restore_the_terminal() {
    for (sig, number) in [("TERM", 15), ("HUP", 1), ("QUIT", 3)] {
        let sb = Sandbox::new();
        let plan = sb.sample_copy();
        let mut tui = sb.spawn(&[&plan], 120, 35);
        tui.wait_ready();
        tui.send("/Shandong\r");
        tui.wait_text("Shandong");
        tui.send("3000\r");
        tui.wait_for("the edit", |t| t.contains("● unsaved"));
        let ok = Process::new("sh")
            .args(["-c", &format!("kill -{sig} {}", tui.pid())])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let code = tui.wait_exit();
        assert_eq!(code, 128 + number, "SIG{sig}");
        let copies = sb.recovery_files();
        assert_eq!(copies.len(), 1, "SIG{sig}: a recovery copy");
        let text = fs::read_to_string(&copies[0]).unwrap();
        let plan_text = text.split_once('\n').unwrap().1;
        assert_eq!(shandong_rock(plan_text), 3000, "SIG{sig}");
        let raw = tui.raw_text();
        let tail = &raw[raw.rfind("3,000").unwrap_or(0)..];
        assert!(
            tail.contains("\x1b[?1049l"),
            "SIG{sig}: left the alternate screen"
        );
        assert!(
            tail.contains("\x1b[?1000l"),
            "SIG{sig}: mouse reporting off"
        );
        assert!(
            tail.contains("\x1b[?2004l"),
            "SIG{sig}: bracketed paste off"
        );
        #[cfg(target_os = "linux")]
        assert_eq!(tui.line_mode(), (true, true), "SIG{sig}: raw mode off");
    }
}

/// **7.** Closing the terminal window right after an edit: allot writes
/// the recovery copy and ends, instead of spinning on the dead terminal.
/// The terminal is util-linux's `script`, killed with SIGKILL as a closed
/// window would end (the test harness's own terminal cannot be closed from
/// here: its reader holds the terminal open).
#[test]
fn closing_the_terminal_writes_the_recovery_copy_and_ends() {
    if Process::new("script").arg("--version").output().is_err() {
        eprintln!("note: util-linux `script` is not installed; not tested here");
        return;
    }
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let command = format!(
        "stty cols 120 rows 35; ALLOT_CONFIG_DIR='{}' ALLOT_DATA_DIR='{}' TERM=xterm-256color exec '{}' '{}'",
        sb.config.path().display(),
        sb.data.path().display(),
        bin(),
        plan.display()
    );
    let mut term = Process::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut keys = term.stdin.take().unwrap();
    let mut screen = term.stdout.take().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut b = [0u8; 4096];
        while let Ok(n) = screen.read(&mut b) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&b[..n]);
        }
    });
    let wait_for = |needle: &str| {
        let end = Instant::now() + TIMEOUT;
        while !String::from_utf8_lossy(&seen.lock().unwrap()).contains(needle) {
            assert!(Instant::now() < end, "timed out waiting for {needle:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for("National total");
    keys.write_all(b"/Shandong\r").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    keys.write_all(b"3000\r").unwrap();
    keys.flush().unwrap();
    wait_for("unsaved");
    // The window closes: the terminal goes away at once.
    let _ = term.kill();
    let _ = term.wait();
    let end = Instant::now() + TIMEOUT;
    let copy = loop {
        let running = Process::new("pgrep")
            .args(["-f", &plan.display().to_string()])
            .output()
            .is_ok_and(|o| !o.stdout.is_empty());
        if !running && let Some(c) = sb.recovery_files().pop() {
            break c;
        }
        assert!(
            Instant::now() < end,
            "allot is still running after its terminal closed (running: {running})"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = fs::read_to_string(&copy).unwrap();
    assert_eq!(shandong_rock(text.split_once('\n').unwrap().1), 3000);
}

// ===================================================================
// 8. Terminal input never ends allot
// ===================================================================

/// **8.** The byte sequences that made crossterm's parser panic, written
/// into the terminal one after another: allot goes on, and a figure pasted
/// is typed into an edit as text.
#[test]
fn crash_sequences_from_the_terminal_do_not_end_allot() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    for seq in [
        "\x1b[<0;0;0M",
        "\x1b[M   ",
        "\x1b[32;0;0M",
        "\x1b[0;0R",
        "\x1b[<0;1;0m",
    ] {
        tui.send(seq);
        std::thread::sleep(Duration::from_millis(100));
        // Still running and answering keys.
        tui.send("?");
        tui.wait_text("Help: keys");
        tui.esc();
        tui.wait_for("help closed", |t| !t.contains("Help: keys"));
    }
    // A paste is text: on Shandong's cell, it opens the edit with it.
    tui.send("/Shandong\r");
    tui.wait_text("Shandong");
    tui.send("\x1b[200~3000 q\x1b[201~");
    tui.wait_text("3000 q");
    tui.esc();
    // Several lines are a block of figures for the rows below: a line
    // that is not a figure refuses the whole paste, and nothing quits.
    tui.send("\x1b[200~3000\nq\x1b[201~");
    tui.wait_text("pasted line 2");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "a paste with q in it did not quit");
}

// ===================================================================
// 9. Recovery over a changed file; errors at once; copies removed
// ===================================================================

/// **9.** A recovery copy is not restored silently over a file saved since
/// the copy was made: the offer says so; restoring keeps the file, and
/// saving then asks (reload, overwrite, save elsewhere).
#[test]
fn a_recovery_copy_is_not_restored_silently_over_a_newer_file() {
    let (dir, plan) = plan_dir();
    let store = RecoveryStore::new(dir.path().join("data"));
    let mut app = app_on(&plan, &store);
    edit_shandong(&mut app, "3000");
    app.write_recovery_now();
    drop(app); // a crash
    // A colleague saves their change meanwhile.
    let theirs = SAMPLE.replace("\"rock\": 3600", "\"rock\": 3500");
    fs::write(&plan, &theirs).unwrap();

    let mut again = app_on(&plan, &store);
    assert_eq!(again.dialog_name(), Some("recover"), "an offer");
    let screen = {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| allot::tui::ui::draw(f, &again)).unwrap();
        format!("{:?}", t.backend().buffer())
    };
    assert!(
        screen.contains("The file was saved after this work began"),
        "the offer says the file changed: {screen}"
    );
    again.handle(Msg::Choice('r'));
    assert_eq!(fs::read_to_string(&plan).unwrap(), theirs);
    again.handle(Msg::Cmd(Command::Save));
    assert!(matches!(
        again.question(),
        Some(Question::ChangedOnDisk { .. })
    ));
    assert_eq!(fs::read_to_string(&plan).unwrap(), theirs, "not yet");
    again.handle(Msg::Choice('o'));
    assert_eq!(shandong_rock(&fs::read_to_string(&plan).unwrap()), 3000);
    assert_eq!(
        fs::read_to_string(dir.path().join("plan.json.bak")).unwrap(),
        theirs,
        "their version is the backup"
    );
}

/// **9.** "Could not write the recovery copy" appears when it happens,
/// without a key press.
#[test]
fn a_failed_recovery_copy_is_reported_at_once() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    // A data folder that cannot be made, even by root: its parent is a file.
    let blocker = sb.data.path().join("not-a-folder");
    fs::write(&blocker, "x").unwrap();
    let mut tui = sb.spawn_with_data(&[&plan], 120, 35, &blocker.join("data"));
    tui.wait_ready();
    tui.send("/Shandong\r");
    tui.wait_text("Shandong");
    tui.send("3000\r");
    let screen = tui.wait_text("could not write the recovery copy");
    assert!(screen.contains("3,000"));
    tui.send("q");
}

/// **9.** The recovery copy of a new plan under a symlinked folder is
/// removed by the clean save that creates the file.
#[test]
fn a_clean_save_removes_the_copy_under_a_symlinked_folder() {
    let root = tempfile::tempdir().unwrap();
    let real = root.path().join("real");
    fs::create_dir(&real).unwrap();
    let linked = root.path().join("linked");
    symlink(&real, &linked).unwrap();
    let store = RecoveryStore::new(root.path().join("data"));
    let new_plan = linked.join("new.json");
    let mut app = app_on(&new_plan, &store);
    // The national rock total of the new, empty plan.
    app.select(allot::core::ROOT, 1);
    app.handle(Msg::Cmd(Command::Edit));
    type_prompt(&mut app, "100");
    assert!(app.dirty(), "{}", message(&app));
    app.write_recovery_now();
    assert_eq!(fs::read_dir(root.path().join("data")).unwrap().count(), 1);
    app.handle(Msg::Cmd(Command::Save));
    assert!(!app.dirty(), "{}", message(&app));
    assert!(real.join("new.json").exists());
    assert_eq!(
        fs::read_dir(root.path().join("data")).unwrap().count(),
        0,
        "the copy is gone"
    );
}

// ===================================================================
// 10. Recovery copies are private
// ===================================================================

/// **10.** The data folder is 0700 and each copy has at most the plan's
/// owner permissions, whatever the umask.
#[test]
fn recovery_copies_are_private() {
    for (plan_mode, copy_mode) in [(0o600, 0o600), (0o644, 0o600), (0o400, 0o400)] {
        let (dir, plan) = plan_dir();
        chmod(&plan, plan_mode);
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        chmod(&data, 0o755);
        let store = RecoveryStore::new(data.clone());
        let mut app = app_on(&plan, &store);
        edit_shandong(&mut app, "3000");
        app.write_recovery_now();
        assert_eq!(mode(&data), 0o700, "the data folder is private");
        let copy = fs::read_dir(&data).unwrap().next().unwrap().unwrap().path();
        assert_eq!(mode(&copy), copy_mode, "plan {plan_mode:o}");
    }
}

// ===================================================================
// 11. Import memory
// ===================================================================

/// **11.** A 6 MB CSV with an error on every row is refused with the first
/// hundred problems in a small multiple of the file's size: the import
/// runs under an address-space limit it would far exceed if it collected
/// every error first.
#[test]
fn import_of_a_file_full_of_errors_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("level,path,id,name,rock,ion\r\n0,,,national,1000,1000\r\n");
    let mut i = 0;
    while csv.len() < 6_000_000 {
        // Every cell of every row is wrong in its own way.
        let _ = write!(csv, "x{i},/bad/{i},\"a\"b,,-5,1.5\r\n");
        i += 1;
    }
    let table = dir.path().join("bad.csv");
    fs::write(&table, &csv).unwrap();
    // 250 MB of address space: the binary's own mappings need ~40 MB; the
    // file's records about 10x its size; collecting every error took 1.17 GB.
    let script = format!(
        "ulimit -v 250000; exec '{}' import '{}' -o '{}'",
        bin(),
        table.display(),
        dir.path().join("out.json").display()
    );
    let out = Process::new("sh").args(["-c", &script]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("more problems from here on"),
        "{}",
        &stderr[..2000]
    );
    assert!(
        stderr.lines().count() < 110,
        "{} lines",
        stderr.lines().count()
    );
    assert!(!dir.path().join("out.json").exists());
}

// ===================================================================
// 12. Every figure exact
// ===================================================================

/// A plan over-allocated by exactly 20,000,000,000,000,000,000 t: 20,000
/// leaves of 10^15 under a national total of 0.
fn beyond_64_bits() -> String {
    let mut nodes = Vec::new();
    for i in 0..20_000 {
        nodes.push(format!(
            r#"{{"id": "n{i}", "name": "N{i}", "alloc": {{"q": 1000000000000000}}}}"#
        ));
    }
    format!(
        r#"{{"format": "allot-plan", "version": 1, "quotas": [{{"id": "q", "name": "Q", "total": 0}}], "nodes": [{}]}}"#,
        nodes.join(",")
    )
}

/// **12.** `check --format json` and `summary --format json` give the true
/// sums beyond 64 bits, as the text does.
#[test]
fn json_reports_are_exact_beyond_64_bits() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("huge.json"), beyond_64_bits()).unwrap();
    let check = allot_in(dir.path(), &["check", "huge.json", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let out = check.out();
    assert!(
        out.contains("\"allocated\": 20000000000000000000"),
        "{}",
        &out[..out.len().min(3000)]
    );
    assert!(out.contains("\"unallocated\": -20000000000000000000"));
    assert!(out.contains("\"amount\": 20000000000000000000"));
    let text = allot_in(dir.path(), &["check", "huge.json"]);
    assert!(
        text.out().contains("20,000,000,000,000,000,000"),
        "{}",
        text.out()
    );
    let summary = allot_in(
        dir.path(),
        &["summary", "huge.json", "--format", "json", "--depth", "0"],
    );
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    let out = summary.out();
    assert!(
        out.contains("\"unallocated\": -20000000000000000000"),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert!(v["quotas"][0]["allocated"].is_number());
}

/// **12.** Scaling where the change is beyond 64 bits gives the true
/// reason, not "locked nodes hold more" (nothing here is locked).
#[test]
fn scale_beyond_64_bits_gives_the_true_reason() {
    // One parent, of 0, over 20,000 leaves of 10^15.
    let leaves: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"id": "n{i}", "name": "N{i}", "alloc": {{"q": 1000000000000000}}}}"#))
        .collect();
    let text = format!(
        r#"{{"format": "allot-plan", "version": 1, "quotas": [{{"id": "q", "name": "Q", "total": 10}}],
        "nodes": [{{"id": "p", "name": "P", "alloc": {{"q": 0}}, "nodes": [{}]}}]}}"#,
        leaves.join(",")
    );
    let plan = allot::storage::parse_plan(&text).expect("loads");
    let mut ed = allot::core::Editor::new(plan);
    let p = ed.plan().find("p").unwrap();
    let why = ed.scale(p, 0, 5).expect_err("refused").to_string();
    assert!(!why.contains("locked"), "{why}");
    assert!(why.contains("19,999,999,999,999,999,995"), "{why}");
}

// ===================================================================
// 13. Control and bidi characters
// ===================================================================

/// A plan whose names try to drive the terminal and disguise themselves.
const HOSTILE_NAMES: &str = r#"{
  "format": "allot-plan", "version": 1,
  "quotas": [{"id": "rock", "name": "Rock", "total": 10}],
  "nodes": [
    {"id": "bidi\u202eid", "name": "evil\u001b]0;pwned\u0007\u001b[2J\u202eRTL\u2066x\u200by", "alloc": {"rock": 10}}
  ]
}"#;

/// **13.** CSV, JSON and Markdown exports and the summary printed on a
/// terminal carry no control sequence; file names carry no control, bidi
/// or zero-width character.
#[test]
fn control_and_bidi_characters_never_reach_a_terminal_or_a_file_name() {
    let sb = Sandbox::new();
    fs::write(sb.path("hostile.json"), HOSTILE_NAMES).unwrap();
    for args in [
        vec!["export", "hostile.json", "--format", "csv"],
        vec!["export", "hostile.json", "--format", "json"],
        vec!["export", "hostile.json", "--format", "md"],
        vec!["summary", "hostile.json"],
    ] {
        let paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let mut tui = sb.spawn(&refs, 200, 40);
        tui.wait_exit();
        let raw = tui.raw_text();
        assert!(raw.contains("evil"), "{args:?} printed the name: {raw:?}");
        for bad in [
            "\x1b]0;", "\x1b[2J", "\u{7}", "\u{202e}", "\u{2066}", "\u{200b}",
        ] {
            assert!(!raw.contains(bad), "{args:?} printed {bad:?}: {raw:?}");
        }
    }
    // In a pipe the exports are the data, exact.
    let run = allot_in(
        sb.dir.path(),
        &["export", "hostile.json", "--format", "csv"],
    );
    assert!(run.out().contains("\u{202e}RTL"), "{}", run.out());
    // File names are clean.
    let run = allot_in(
        sb.dir.path(),
        &[
            "export",
            "hostile.json",
            "--format",
            "csv",
            "--split",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = fs::read_dir(sb.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["bidi_id.csv"]);
    // The Markdown file shows them as U+FFFD, never raw.
    let run = allot_in(
        sb.dir.path(),
        &["export", "hostile.json", "--format", "md", "-o", "r.md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = fs::read_to_string(sb.path("r.md")).unwrap();
    assert!(!md.contains('\u{202e}') && !md.contains('\u{1b}'), "{md}");
}
