//! Binary tests of the plan's history: what `allot apply` and `merge`
//! record, `allot log` in text and JSON with its filters, a torn last line,
//! and a history that survives kills while it is appended to.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn allot(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_allot"))
        .env("LC_ALL", "C")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("LOGNAME", "planner-li")
        .output()
        .expect("run allot");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

const SAMPLE: &str = include_str!("../config/example-2018-provinces.json");

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.json"), SAMPLE).unwrap();
    let p = dir.path().to_path_buf();
    (dir, p)
}

fn log_json(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["log", "plan.json", "--format", "json"];
    args.extend_from_slice(extra);
    let r = allot(dir, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str::<Value>(&r.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn apply_records_each_operation_with_its_reason_and_log_reads_it_back() {
    let (_d, dir) = setup();
    let r = allot(
        &dir,
        &[
            "apply",
            "plan.json",
            "--reason",
            "批复 2018-08",
            "set sd smelting 1000",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = allot(
        &dir,
        &["apply", "plan.json", "fill national smelting by equal"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entries = log_json(&dir, &[]);
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let set = &entries[0];
    for key in ["time", "user", "action", "reason", "changes"] {
        assert!(set.get(key).is_some(), "{key} in {set}");
    }
    assert_eq!(set["user"], "planner-li");
    assert_eq!(set["reason"], "批复 2018-08");
    assert!(set["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        set["changes"],
        serde_json::json!([{"path": ["sd"], "quota": "smelting", "batch": null, "old": 0, "new": 1000}])
    );
    // The fill: every province's change, and its apportionment, exact.
    let fill = &entries[1];
    assert_eq!(fill["reason"], Value::Null);
    let shares = fill["apportionment"].as_array().unwrap();
    let total: u64 = 115_000 - 1000;
    let n = shares.len() as u64;
    assert_eq!(n, 9);
    let mut given = 0;
    for s in shares {
        assert_eq!(s["weight"], 1);
        // Its exact share: total / 9, reduced.
        let (num, den) = (
            s["share_num"].as_u64().unwrap(),
            s["share_den"].as_u64().unwrap(),
        );
        assert_eq!(num * 9, total * den);
        let base = s["base"].as_u64().unwrap();
        let extra = u64::from(s["extra"].as_bool().unwrap());
        given += base + extra;
        // 114,000 / 9 = 12,666 remainder 6: six get one more.
        assert_eq!(base, total / n);
        let change = fill["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"] == s["path"])
            .unwrap();
        assert_eq!(
            change["new"].as_u64().unwrap() - change["old"].as_u64().unwrap(),
            base + extra
        );
    }
    assert_eq!(given, total);
    assert_eq!(
        shares.iter().filter(|s| s["extra"] == true).count() as u64,
        total % n
    );
    // Text, and the filters.
    let r = allot(&dir, &["log", "plan.json"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("reason: 批复 2018-08"), "{}", r.stdout);
    assert!(r.stdout.contains("sd smelting: 0 → 1,000"), "{}", r.stdout);
    assert_eq!(log_json(&dir, &["--node", "sd"]).len(), 2);
    assert_eq!(log_json(&dir, &["--node", "sc"]).len(), 1);
    assert_eq!(log_json(&dir, &["--node", "national"]).len(), 2);
    assert_eq!(
        log_json(&dir, &["--node", "nm/nm-northern"]).len(),
        0,
        "locked: not filled"
    );
    assert_eq!(log_json(&dir, &["--since", "2999-01-01"]).len(), 0);
    assert_eq!(log_json(&dir, &["--since", "2000-01-01"]).len(), 2);
    let r = allot(&dir, &["log", "plan.json", "--since", "yesterday"]);
    assert_eq!(r.code, 2);
    // A dry run records nothing.
    let r = allot(
        &dir,
        &["apply", "plan.json", "--dry-run", "set sd smelting 900"],
    );
    assert_eq!(r.code, 0);
    assert_eq!(log_json(&dir, &[]).len(), 2);
}

#[test]
fn a_torn_last_line_is_ignored_with_a_warning() {
    let (_d, dir) = setup();
    assert_eq!(
        allot(&dir, &["apply", "plan.json", "set sd smelting 1000"]).code,
        0
    );
    let path = dir.join("plan.json.history.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"time\":\"2026-12-06T");
    std::fs::write(&path, text).unwrap();
    let r = allot(&dir, &["log", "plan.json"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("incomplete"), "{}", r.stderr);
    assert!(r.stdout.contains("sd smelting"), "{}", r.stdout);
    // The next change goes on after it, whole.
    assert_eq!(
        allot(&dir, &["apply", "plan.json", "set sd smelting 900"]).code,
        0
    );
    assert_eq!(log_json(&dir, &[]).len(), 2);
    // No history at all: none, not an error.
    let r = allot(&dir, &["log", "missing.json"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("no history entries"));
}

#[cfg(unix)]
#[test]
fn a_history_killed_while_it_is_appended_to_stays_readable() {
    use std::os::unix::process::CommandExt;
    let (_d, dir) = setup();
    let bin = env!("CARGO_BIN_EXE_allot");
    for round in 0..6u64 {
        // A loop of changes, killed (SIGKILL) at some moment.
        let mut child = Command::new("sh")
            .process_group(0)
            .arg("-c")
            .arg(format!(
                "while true; do '{bin}' apply plan.json 'set sd smelting +1' >/dev/null 2>&1; '{bin}' apply plan.json 'set sd smelting -1' >/dev/null 2>&1; done"
            ))
            .current_dir(&dir)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(150 + round * 37));
        // The whole process group: the shell and the allot it runs.
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = child.wait();
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let text = std::fs::read_to_string(dir.join("plan.json.history.jsonl")).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(lines.len() > 2, "some changes were recorded");
    // Every line but a torn last one is a whole entry.
    for (i, l) in lines.iter().enumerate() {
        if l.is_empty() || (i == lines.len() - 1) {
            continue;
        }
        assert!(
            serde_json::from_str::<Value>(l).is_ok(),
            "line {}: {l}",
            i + 1
        );
    }
    let r = allot(&dir, &["log", "plan.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The plan itself is whole too.
    assert_eq!(allot(&dir, &["check", "plan.json"]).code, 0);
}

/// The rows of the Markdown "Changes" table (below its header).
fn changes_rows(md: &str) -> Vec<Vec<String>> {
    let section = md.split("## Changes").nth(1).expect("a Changes section");
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// A plan with two entries in its history (a set with a reason, a fill);
/// the figures each changed, as `allot log` lists them.
fn with_history() -> (tempfile::TempDir, PathBuf, Vec<Value>) {
    let (d, dir) = setup();
    for args in [
        vec![
            "apply",
            "plan.json",
            "--reason",
            "notice 1",
            "set sd smelting 1000",
        ],
        vec!["apply", "plan.json", "fill national smelting by equal"],
    ] {
        let r = allot(&dir, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let cells = log_json(&dir, &[])
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap().clone())
        .collect();
    (d, dir, cells)
}

fn figure(s: &str) -> i128 {
    s.trim_start_matches('+').replace(',', "").parse().unwrap()
}

fn old_new(cell: &Value) -> (i128, i128) {
    let v = |k: &str| i128::from(cell[k].as_u64().unwrap());
    (v("old"), v("new"))
}

#[test]
fn a_markdown_report_has_the_changes_when_asked() {
    let (_d, dir, cells) = with_history();
    let r = allot(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "md",
            "--history",
            "-o",
            "report.md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let rows = changes_rows(&md);
    // A row per figure changed, as the log has them.
    assert_eq!(rows.len(), cells.len(), "{md}");
    assert_eq!(rows[0][1], "planner-li");
    assert_eq!(rows[0][3], "notice 1");
    assert!(rows[0][4].ends_with("(sd)"), "{:?}", rows[0]);
    for (row, cell) in rows.iter().zip(&cells) {
        let (old, new) = old_new(cell);
        let n = row.len();
        assert_eq!(row[n - 4], "smelting");
        assert_eq!(figure(&row[n - 3]), old);
        assert_eq!(figure(&row[n - 2]), new);
        assert_eq!(figure(&row[n - 1]), new - old);
    }
    // Not asked: no section.
    let r = allot(&dir, &["export", "plan.json", "--format", "md"]);
    assert!(!r.stdout.contains("## Changes"));
    // CSV has no place for it.
    let r = allot(
        &dir,
        &["export", "plan.json", "--format", "csv", "--history"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--history goes into xlsx"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_workbook_has_a_history_sheet_when_asked() {
    use calamine::{DataType as _, Reader as _};
    let (_d, dir, cells) = with_history();
    let r = allot(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "xlsx",
            "--history",
            "-o",
            "plan.xlsx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("plan.xlsx")).unwrap();
    assert!(book.sheet_names().contains(&"History".to_owned()));
    let range = book.worksheet_range("History").unwrap();
    let formulas = book.worksheet_formula("History").unwrap();
    assert_eq!(range.height(), cells.len() + 1);
    assert_eq!(range.get((0, 8)).unwrap().to_string(), "old");
    for (i, cell) in cells.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap();
        let num = |c: u32| range.get_value((r, c)).unwrap().as_i64().map(i128::from);
        let (old, new) = old_new(cell);
        assert_eq!(num(8), Some(old));
        assert_eq!(num(9), Some(new));
        // The difference is a formula over them.
        let f = formulas.get_value((r, 10)).unwrap();
        assert_eq!(f, &format!("J{}-I{}", i + 2, i + 2));
    }
    // Not asked: no sheet.
    let r = allot(
        &dir,
        &["export", "plan.json", "--format", "xlsx", "-o", "bare.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("bare.xlsx")).unwrap();
    assert!(!book.sheet_names().contains(&"History".to_owned()));
}

#[test]
fn a_recipients_file_has_only_its_own_changes() {
    let (_d, dir, _) = with_history();
    let r = allot(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "md",
            "--history",
            "--split",
            "out",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Shandong: its own change with its reason; the fill, which concerned
    // the others too, without its words.
    let sd = std::fs::read_to_string(dir.join("out/sd.md")).unwrap();
    let rows = changes_rows(&sd);
    assert_eq!(rows.len(), 2, "{sd}");
    assert_eq!(rows[0][3], "notice 1", "its own change keeps its reason");
    assert!(
        rows[1][2].contains("also concerned others"),
        "{:?}",
        rows[1]
    );
    let sc = std::fs::read_to_string(dir.join("out/sc.md")).unwrap();
    let rows = changes_rows(&sc);
    assert_eq!(rows.len(), 1, "{sc}");
    assert!(rows[0][4].ends_with("(sc)"));
    assert!(!sc.contains("notice 1") && !sc.contains("(sd)"), "{sc}");
}
