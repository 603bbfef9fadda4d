//! Binary tests of comparing and reconciling plans: `allot diff` (exit
//! codes, the JSON contract, Chinese names aligned), `summary --compare`
//! and `merge --take`, on the 2022 second batch as the press printed it
//! (rounded) against the notice's exact table, and on the 2018 provinces
//! against the 2024 groups (no node in common). Expectations are computed
//! from the files with `serde_json`, never taken from a run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

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
        .output()
        .expect("run allot");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

const PRESS: &str = include_str!("data/2022-b2-press.json");
const EXACT: &str = include_str!("data/2022-b2-exact.json");
const PROVINCES_2018: &str = include_str!("../config/example-2018-provinces.json");
const GROUPS_2024: &str = include_str!("data/2024-groups.json");

/// A directory holding the four plans.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("press.json", PRESS),
        ("exact.json", EXACT),
        ("2018.json", PROVINCES_2018),
        ("2024.json", GROUPS_2024),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let p = dir.path().to_path_buf();
    (dir, p)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

/// A group's figure of `kind` in a plan file (derived kinds summed).
fn figure(plan: &Value, group: &str, kind: &str) -> u64 {
    let kinds = plan["quotas"].as_array().unwrap();
    let parts: Vec<String> = kinds
        .iter()
        .find(|q| q["id"] == kind)
        .and_then(|q| q["sum_of"].as_array())
        .map_or_else(
            || vec![kind.to_owned()],
            |a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect(),
        );
    let node = plan["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == group)
        .unwrap();
    parts
        .iter()
        .map(|k| node["alloc"][k].as_u64().unwrap_or(0))
        .sum()
}

/// A plan file with its `0` figures left out.
fn without_zeros(mut v: Value) -> Value {
    fn walk(n: &mut Value) {
        if let Some(alloc) = n.get_mut("alloc").and_then(Value::as_object_mut) {
            alloc.retain(|_, x| x.as_u64() != Some(0));
        }
        if let Some(kids) = n.get_mut("nodes").and_then(Value::as_array_mut) {
            kids.iter_mut().for_each(walk);
        }
    }
    walk(&mut v);
    v
}

#[test]
fn a_plan_compared_with_itself_is_the_same_and_exits_0() {
    let (_d, dir) = setup();
    for f in ["press.json", "exact.json", "2018.json"] {
        let r = allot(&dir, &["diff", f, f]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("the same"));
        let r = allot(&dir, &["diff", f, f, "--format", "json"]);
        assert_eq!(r.code, 0);
        let v = json(&r.stdout);
        assert_eq!(v["same"], true);
        assert_eq!(v["changes"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn unreadable_plans_and_bad_usage_exit_2() {
    let (_d, dir) = setup();
    let r = allot(&dir, &["diff", "press.json", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.json"), "{}", r.stderr);
    std::fs::write(dir.join("bad.json"), "{\"format\": \"allot-plan\",").unwrap();
    let r = allot(&dir, &["diff", "bad.json", "press.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.json:"), "{}", r.stderr);
    let r = allot(&dir, &["diff", "press.json"]);
    assert_eq!(r.code, 2, "one plan is a usage error");
    let r = allot(
        &dir,
        &["diff", "press.json", "exact.json", "--format", "yaml"],
    );
    assert_eq!(r.code, 2);
}

#[test]
fn the_press_table_against_the_notice_finds_every_rounded_figure() {
    let (_d, dir) = setup();
    let (press, exact) = (json(PRESS), json(EXACT));
    let r = allot(
        &dir,
        &["diff", "press.json", "exact.json", "--format", "json"],
    );
    assert_eq!(r.code, 1, "different plans exit 1: {}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["same"], false);
    // Every figure of every group in both tables, mining compared although
    // the notice derives it from rock-type and ion-adsorption.
    let mut want = Vec::new();
    for g in ["northern", "creg", "xiamen", "guangdong"] {
        for k in ["mining", "smelting"] {
            let (a, b) = (figure(&press, g, k), figure(&exact, g, k));
            if a != b {
                want.push((g.to_owned(), k.to_owned(), a, b));
            }
        }
    }
    let got: Vec<(String, String, u64, u64)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["batch"], Value::Null);
            let path = c["path"].as_array().unwrap();
            assert_eq!(path.len(), 1);
            (
                path[0].as_str().unwrap().to_owned(),
                c["quota"].as_str().unwrap().to_owned(),
                c["a"].as_u64().unwrap(),
                c["b"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    // Xiamen's smelting, left out by the press, is among them.
    assert!(got.contains(&("xiamen".into(), "smelting".into(), 0, 1585)));
    // The national totals agree; the press's parts leave the published gaps.
    let press_mining: u64 = ["northern", "creg", "xiamen", "guangdong"]
        .iter()
        .map(|g| figure(&press, g, "mining"))
        .sum();
    assert_eq!(109_200 - press_mining, 44);
    assert!(got.iter().all(|(g, ..)| !g.is_empty()));
    assert_eq!(v["quotas"]["only_in_b"], serde_json::json!(["rock", "ion"]));
    assert_eq!(v["quotas"]["only_in_a"], serde_json::json!([]));
    for key in ["only_in_a", "only_in_b", "moved", "renamed"] {
        assert_eq!(v[key].as_array().unwrap().len(), 0, "{key}");
    }
}

#[test]
fn the_text_table_is_aligned_by_display_width_with_chinese_names() {
    let (_d, dir) = setup();
    let r = allot(&dir, &["diff", "press.json", "exact.json"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().take_while(|l| !l.is_empty()).collect();
    assert!(lines.len() >= 6, "{}", r.stdout);
    assert!(lines[1..].iter().any(|l| l.contains("北方稀土")));
    // The figure columns are right-aligned: each line's B figure ends at
    // the same display column as the header's B name.
    let head = lines[0];
    let b_end = head.find("exact.json").unwrap() + "exact.json".len();
    let b_col = head[..b_end].width();
    for l in &lines[1..] {
        // The end of the fourth field (the B figure), by display width.
        let mut pos = 0;
        let mut ends = Vec::new();
        for f in l.split("  ") {
            pos += f.len();
            if !f.trim().is_empty() {
                ends.push(pos);
            }
            pos += 2;
        }
        assert_eq!(l[..ends[3]].width(), b_col, "line {l:?}");
    }
    // Percent changes: Xiamen's smelting is new in the exact table.
    assert!(r.stdout.contains("new"));
    assert!(r.stdout.contains("+1,585"));
}

#[test]
fn the_2018_provinces_and_the_2024_groups_have_no_node_in_common() {
    let (_d, dir) = setup();
    let (p18, g24) = (json(PROVINCES_2018), json(GROUPS_2024));
    let count = |v: &Value| -> usize {
        fn walk(n: &Value) -> usize {
            1 + n["nodes"]
                .as_array()
                .map_or(0, |a| a.iter().map(walk).sum())
        }
        v["nodes"].as_array().unwrap().iter().map(walk).sum()
    };
    let r = allot(
        &dir,
        &["diff", "2018.json", "2024.json", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["only_in_a"].as_array().unwrap().len(), count(&p18));
    assert_eq!(v["only_in_b"].as_array().unwrap().len(), count(&g24));
    assert_eq!(v["moved"].as_array().unwrap().len(), 0);
    // The only figures compared are the national totals of the one kind
    // both have: smelting.
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["path"], serde_json::json!([]));
    assert_eq!(changes[0]["quota"], "smelting");
    assert_eq!(changes[0]["a"], p18["quotas"][2]["total"]);
    assert_eq!(changes[0]["b"], g24["quotas"][1]["total"]);
    assert_eq!(v["quotas"]["only_in_a"], serde_json::json!(["rock", "ion"]));
    assert_eq!(v["quotas"]["only_in_b"], serde_json::json!(["mining"]));
    // --depth 1: only the top level.
    let r = allot(
        &dir,
        &[
            "diff",
            "2018.json",
            "2024.json",
            "--format",
            "json",
            "--depth",
            "1",
        ],
    );
    let v = json(&r.stdout);
    assert_eq!(
        v["only_in_a"].as_array().unwrap().len(),
        p18["nodes"].as_array().unwrap().len()
    );
}

#[test]
fn summary_compare_gives_each_figure_beside_its_reference() {
    let (_d, dir) = setup();
    let (press, exact) = (json(PRESS), json(EXACT));
    let r = allot(
        &dir,
        &[
            "summary",
            "press.json",
            "--compare",
            "exact.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let rows = v.as_array().unwrap();
    for g in ["northern", "creg", "xiamen", "guangdong"] {
        for k in ["mining", "smelting"] {
            let row = rows
                .iter()
                .find(|x| x["path"] == serde_json::json!([g]) && x["quota"] == k)
                .unwrap();
            let (a, b) = (figure(&press, g, k), figure(&exact, g, k));
            assert_eq!(row["value"], a);
            assert_eq!(row["reference"], b);
            assert_eq!(
                i128::from(row["difference"].as_i64().unwrap()),
                i128::from(a) - i128::from(b)
            );
        }
    }
    let r = allot(&dir, &["summary", "press.json", "--compare", "exact.json"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("reference"));
    assert!(r.stdout.contains("-1,585"), "{}", r.stdout);
    let r = allot(
        &dir,
        &["summary", "press.json", "--compare", "nowhere.json"],
    );
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("nowhere.json"));
}

#[test]
fn merge_taking_one_side_gives_that_plan_and_records_each_decision() {
    let (_d, dir) = setup();
    for (side, want) in [("b", "exact.json"), ("a", "press.json")] {
        let out = format!("merged-{side}.json");
        let r = allot(
            &dir,
            &[
                "merge",
                "press.json",
                "exact.json",
                "-o",
                &out,
                "--take",
                side,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let d = allot(&dir, &["diff", &out, want]);
        assert_eq!(d.code, 0, "{}", d.stdout);
        assert_eq!(
            without_zeros(json(&std::fs::read_to_string(dir.join(&out)).unwrap())),
            without_zeros(json(&std::fs::read_to_string(dir.join(want)).unwrap())),
            "the merged file is {want} (a 0 written out or left out is the same figure)"
        );
        let history = std::fs::read_to_string(dir.join(format!("{out}.history.jsonl"))).unwrap();
        let entry = json(history.lines().next().unwrap());
        let diff = json(
            &allot(
                &dir,
                &["diff", "press.json", "exact.json", "--format", "json"],
            )
            .stdout,
        );
        let changes = entry["changes"].as_array().unwrap();
        assert_eq!(changes.len(), diff["changes"].as_array().unwrap().len());
        for c in changes {
            assert_eq!(c["from"], side);
            assert_eq!(c["new"], c[side]);
        }
    }
    // Not over an existing file, nor over a plan being merged.
    let r = allot(
        &dir,
        &[
            "merge",
            "press.json",
            "exact.json",
            "-o",
            "merged-b.json",
            "--take",
            "b",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    let before = std::fs::read(dir.join("press.json")).unwrap();
    let r = allot(
        &dir,
        &[
            "merge",
            "press.json",
            "exact.json",
            "-o",
            "press.json",
            "--take",
            "b",
            "--force",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read(dir.join("press.json")).unwrap(), before);
    // Without a terminal and without --take: a usage error.
    let r = allot(&dir, &["merge", "press.json", "exact.json", "-o", "m.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--take"));
    assert!(!dir.join("m.json").exists());
}

#[test]
fn merge_refuses_an_inconsistent_result_naming_where_and_writes_nothing() {
    let (_d, dir) = setup();
    // The 2018 provinces with Inner Mongolia's enterprises over its figure
    // (as a second table might have them): taking that side everywhere is
    // refused.
    let mut over = json(PROVINCES_2018);
    let nm = &mut over["nodes"][0];
    let given: u64 = nm["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["alloc"]["rock"].as_u64().unwrap_or(0))
        .sum();
    nm["alloc"]["rock"] = Value::from(given - 7);
    std::fs::write(
        dir.join("over.json"),
        serde_json::to_string_pretty(&over).unwrap(),
    )
    .unwrap();
    let r = allot(
        &dir,
        &[
            "merge",
            "2018.json",
            "over.json",
            "-o",
            "m.json",
            "--take",
            "b",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Inner Mongolia"), "{}", r.stderr);
    assert!(r.stderr.contains("rock"));
    assert!(r.stderr.contains("over-allocated by 7"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"));
    assert!(!dir.join("m.json").exists());
    assert!(!dir.join("m.json.history.jsonl").exists());
    // Taking the consistent side is fine.
    let r = allot(
        &dir,
        &[
            "merge",
            "2018.json",
            "over.json",
            "-o",
            "m.json",
            "--take",
            "a",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}
