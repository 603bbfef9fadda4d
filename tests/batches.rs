//! Binary tests of plans with batches: `allot apply` (every operation,
//! refusals that leave the file untouched, --dry-run, JSON), `allot check`
//! on version-2 files (problems per batch, located errors), and batch
//! exports. The plan is the built-in 2023 sample, read here with
//! `serde_json`; expectations come from its figures, never from a run.

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
        .output()
        .expect("run allot");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

const SAMPLE: &str = include_str!("../config/sample-plan.json");

/// A directory with the sample as `plan.json`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, SAMPLE).unwrap();
    (dir, plan)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The figures of node `id` (None: national totals) for kind `kind`, by
/// batch.
fn figures(plan: &Value, id: Option<&str>, kind: &str) -> Vec<u64> {
    fn find<'a>(nodes: &'a Value, id: &str) -> Option<&'a Value> {
        nodes.as_array()?.iter().find_map(|n| {
            if n["id"] == id {
                Some(n)
            } else {
                find(&n["nodes"], id)
            }
        })
    }
    let v = match id {
        None => plan["quotas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == kind)
            .unwrap()["total"]
            .clone(),
        Some(id) => find(&plan["nodes"], id).unwrap()["alloc"][kind].clone(),
    };
    let n = plan["batches"].as_array().map_or(1, Vec::len);
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_u64().unwrap()).collect(),
        Value::Null => vec![0; n],
        x => vec![x.as_u64().unwrap()],
    }
}

fn read(p: &Path) -> Value {
    json(&std::fs::read_to_string(p).unwrap())
}

#[test]
fn apply_fills_the_second_batch_by_the_first_and_saves_safely() {
    let (dir, plan) = setup();
    let before = json(SAMPLE);
    let left = figures(&before, None, "ion")[1];
    assert!(
        left > 0,
        "the sample leaves ion-adsorption of the second batch to share"
    );
    let r = allot(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "fill national ion@b2",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let report = json(&r.stdout);
    assert_eq!(report["ok"], true);
    let after = read(&plan);
    // Shared by the first batch's ion-adsorption, exactly.
    let groups = ["creg", "northern", "xiamen", "guangdong"];
    let first: Vec<u64> = groups
        .iter()
        .map(|g| figures(&before, Some(g), "ion")[0])
        .collect();
    let second: Vec<u64> = groups
        .iter()
        .map(|g| figures(&after, Some(g), "ion")[1])
        .collect();
    assert_eq!(second.iter().sum::<u64>(), left, "{second:?}");
    let total: u64 = first.iter().sum();
    for (f, s) in first.iter().zip(&second) {
        // Within one tonne of the exact share.
        let exact = u128::from(*f) * u128::from(left);
        let got = u128::from(*s) * u128::from(total);
        assert!(got.abs_diff(exact) < u128::from(total), "{f} -> {s}");
    }
    // Every changed figure, with its path, quota, batch, old and new.
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(
        changes.len(),
        second.iter().filter(|&&s| s > 0).count(),
        "{changes:?}"
    );
    for c in changes {
        assert_eq!(c["quota"], "ion");
        assert_eq!(c["batch"], "b2");
        assert_eq!(c["old"], 0);
        let g = c["path"][0].as_str().unwrap();
        assert_eq!(c["new"], figures(&after, Some(g), "ion")[1]);
    }
    // The previous version went to plan.json.bak.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.json.bak")).unwrap(),
        SAMPLE
    );
}

#[test]
fn every_operation_applies_in_order_as_one_change() {
    let (dir, plan) = setup();
    let r = allot(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "set northern/northern-bayanobo rock@b3 11000",
            "rebalance creg/creg-ganzhou smelting@b1 11000",
            "scale northern smelting@b3 *1",
            "lock xiamen",
            "unlock xiamen",
            "lock guangdong",
            "fill-down national smelting@b2",
            "add-batch b4 \"Fourth batch\" rock=10% smelting=1000 date=2023-12-01",
            "fill-down national @b4 by previous",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("saved"), "{}", r.stdout);
    let after = read(&plan);
    assert_eq!(
        figures(&after, Some("northern-bayanobo"), "rock")[2],
        11_000
    );
    // Northern's third-batch rock-type: 1,000 left over.
    let northern = figures(&after, Some("northern"), "rock")[2];
    assert_eq!(northern, 12_000);
    // Rebalanced among siblings: the sibling takes the 1,000 t, the
    // group's total stays.
    assert_eq!(figures(&after, Some("creg-sichuan"), "smelting")[0], 1_000);
    assert_eq!(figures(&after, Some("creg"), "smelting")[0], 33_304);
    // The fourth batch: 10% of the third's rock-type total.
    assert_eq!(figures(&after, None, "rock")[3], 1_500);
    assert_eq!(after["batches"][3]["date"], "2023-12-01");
    // Guangdong is locked: the second-batch smelting went to the others,
    // and down to their enterprises.
    assert_eq!(figures(&after, Some("guangdong"), "smelting")[1], 0);
    // Down to the enterprises, in proportion to the first batch (1,000 :
    // 11,000 after the rebalance).
    let creg = figures(&after, Some("creg"), "smelting")[1];
    let ganzhou = figures(&after, Some("creg-ganzhou"), "smelting")[1];
    let sichuan = figures(&after, Some("creg-sichuan"), "smelting")[1];
    assert!(
        creg > 0 && ganzhou + sichuan == creg,
        "{creg} {ganzhou} {sichuan}"
    );
    assert_eq!(
        u128::from(sichuan),
        (u128::from(creg) + 6) / 12,
        "1/12 rounded"
    );
    let check = allot(dir.path(), &["check", "plan.json", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let report = json(&check.stdout);
    assert_eq!(report["consistent"], true);
}

#[test]
fn a_refused_operation_writes_nothing_and_says_which() {
    let (dir, plan) = setup();
    for (ops, code, words) in [
        (
            vec!["set xiamen ion@b1 0", "set creg rock@b1 999999"],
            1,
            "operation 2 (set creg rock@b1 999999): refused",
        ),
        (vec!["fill national mining@b1"], 1, "sum of other kinds"),
        (
            vec!["set nowhere rock 1"],
            1,
            "no node has the id \"nowhere\"",
        ),
        (vec!["set creg rock@b9 1"], 1, "no batch \"b9\""),
        (vec!["set creg rock"], 2, "needs a VALUE"),
        (vec!["frobnicate creg"], 2, "unknown operation"),
        (
            vec!["set creg/creg-sichuan rock@b1 twelve"],
            1,
            "not a number",
        ),
    ] {
        let mut args = vec!["apply", "plan.json"];
        args.extend(ops.iter().copied());
        let r = allot(dir.path(), &args);
        assert_eq!(r.code, code, "{ops:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(words), "{ops:?}: {}", r.stderr);
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), SAMPLE, "{ops:?}");
        assert!(!dir.path().join("plan.json.bak").exists());
    }
    // In JSON, the error names the operation.
    let r = allot(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "set creg rock@b1 999999",
            "--format",
            "json",
        ],
    );
    let report = json(&r.stdout);
    assert_eq!(report["ok"], false);
    assert_eq!(report["error"]["operation"], 1);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), SAMPLE);
}

#[test]
fn dry_run_and_output_elsewhere_leave_the_plan_alone() {
    let (dir, plan) = setup();
    let r = allot(
        dir.path(),
        &["apply", "plan.json", "--dry-run", "fill national ion@b2"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("dry run"), "{}", r.stdout);
    assert!(r.stdout.contains("nothing written"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), SAMPLE);
    let r = allot(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "-o",
            "out.json",
            "fill national ion@b2",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), SAMPLE);
    let out = read(&dir.path().join("out.json"));
    assert_eq!(
        figures(&out, None, "ion")[1],
        figures(&out, Some("creg"), "ion")[1]
            + figures(&out, Some("xiamen"), "ion")[1]
            + figures(&out, Some("guangdong"), "ion")[1]
    );
    // An existing output only with --force; never the plan itself.
    let again = allot(
        dir.path(),
        &["apply", "plan.json", "-o", "out.json", "lock creg"],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let itself = allot(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "-o",
            "plan.json",
            "--force",
            "lock creg",
        ],
    );
    assert_eq!(itself.code, 1);
    assert!(itself.stderr.contains("plan itself"), "{}", itself.stderr);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), SAMPLE);
}

#[test]
fn a_plan_without_batches_gets_its_figures_as_the_first_batch() {
    let dir = tempfile::tempdir().unwrap();
    let old = include_str!("../config/example-2018-provinces.json");
    std::fs::write(dir.path().join("p.json"), old).unwrap();
    let r = allot(
        dir.path(),
        &[
            "apply",
            "p.json",
            "add-batch b2 \"Second batch\" rock=46500 first-name=\"First batch 2018\"",
            "fill national rock",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let after = read(&dir.path().join("p.json"));
    assert_eq!(after["version"], 2);
    assert_eq!(after["batches"][0]["name"], "First batch 2018");
    assert_eq!(figures(&after, None, "rock"), [100_850, 46_500]);
    // The second batch follows the first's shares: Inner Mongolia had
    // 69,250 of 100,850.
    let nm = figures(&after, Some("nm"), "rock");
    assert_eq!(nm[0], 69_250);
    assert_eq!(
        u128::from(nm[1]),
        (69_250u128 * 46_500 + 100_850 / 2) / 100_850
    );
}

#[test]
fn check_reports_problems_per_batch_and_totals_per_batch() {
    let (dir, _) = setup();
    let r = allot(dir.path(), &["check", "plan.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let report = json(&r.stdout);
    let ion = report["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "ion")
        .unwrap();
    let totals = figures(&json(SAMPLE), None, "ion");
    assert_eq!(ion["total"], totals.iter().sum::<u64>());
    assert_eq!(ion["batches"][1]["id"], "b2");
    assert_eq!(ion["batches"][1]["total"], totals[1]);
    assert_eq!(ion["batches"][1]["unallocated"], totals[1]);
    let mining = report["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "mining")
        .unwrap();
    assert_eq!(mining["sum_of"], serde_json::json!(["rock", "ion"]));
    assert_eq!(mining["total"], 255_000);
    let problem = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_array().is_some_and(Vec::is_empty) && p["quota"] == "ion")
        .unwrap();
    assert_eq!(problem["batch"], "b2");
    assert_eq!(problem["kind"], "unallocated");
    assert_eq!(problem["amount"], totals[1]);
    // Over-allocated in one batch: an error of that batch.
    let broken = SAMPLE.replacen("20000,", "30000,", 1);
    assert_ne!(broken, SAMPLE);
    std::fs::write(dir.path().join("over.json"), &broken).unwrap();
    let r = allot(dir.path(), &["check", "over.json", "--format", "json"]);
    assert_eq!(r.code, 1);
    let report = json(&r.stdout);
    let p = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "over-allocated")
        .unwrap();
    assert_eq!(p["path"], serde_json::json!(["creg"]));
    assert_eq!(
        (p["quota"].as_str(), p["batch"].as_str()),
        (Some("rock"), Some("b1"))
    );
    // Sichuan mines 30,000 against the group's 28,114.
    assert_eq!(p["amount"], 30_000 - 28_114);
}

#[test]
fn version_two_errors_have_their_line_and_column() {
    let (dir, _) = setup();
    // (fault, kind, words): each put into the sample once.
    let cases = [
        (
            SAMPLE.replacen("        109057,\n        111793,\n        15000\n", "        109057,\n        111793\n", 1),
            "length",
            "2 figures where the plan has 3 batches",
        ),
        (
            SAMPLE.replacen("\"sum_of\": [\n        \"rock\",", "\"sum_of\": [\n        \"mining\",", 1),
            "derived",
            "a cycle",
        ),
        (
            SAMPLE.replacen("\"alloc\": {\n        \"rock\": [\n          28114", "\"alloc\": {\n        \"mining\": [1, 1, 1],\n        \"rock\": [\n          28114", 1),
            "derived",
            "leave it out of alloc",
        ),
        (
            SAMPLE.replacen("\"alloc\": {\n        \"ion\": [\n          1966,\n          0,\n          0\n        ]", "\"alloc\": {\n        \"ion\": {\"b1\": 1966, \"b7\": 1}", 1),
            "batch",
            "unknown batch \"b7\"",
        ),
    ];
    for (text, kind, words) in cases {
        assert_ne!(text, SAMPLE, "{kind}: the fault was put in");
        std::fs::write(dir.path().join("bad.json"), &text).unwrap();
        let r = allot(dir.path(), &["check", "bad.json", "--format", "json"]);
        assert_eq!(r.code, 1, "{kind}: {}", r.stdout);
        let report = json(&r.stdout);
        let p = &report["problems"][0];
        assert_eq!(p["kind"], kind, "{}", r.stdout);
        assert!(
            p["message"].as_str().unwrap().contains(words),
            "{}",
            r.stdout
        );
        assert!(
            p["line"].as_u64().is_some() && p["column"].as_u64().is_some(),
            "{}",
            r.stdout
        );
        let text_run = allot(dir.path(), &["check", "bad.json"]);
        let line = p["line"].as_u64().unwrap();
        assert!(
            text_run.stdout.contains(&format!("bad.json:{line}:")),
            "{}",
            text_run.stdout
        );
    }
}

/// The CSV's header and the row of `id` (empty: national), as cells.
fn csv_row(csv: &str, id: &str) -> (Vec<String>, Vec<String>) {
    let mut lines = csv.lines();
    let head: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let row = lines
        .find(|l| l.split(',').nth(2) == Some(id))
        .unwrap_or_else(|| panic!("no row {id:?} in\n{csv}"));
    (head, row.split(',').map(str::to_owned).collect())
}

#[test]
fn exports_carry_a_column_per_batch_and_the_cumulative_or_one_batch() {
    let (dir, _) = setup();
    let plan = json(SAMPLE);
    let r = allot(dir.path(), &["export", "plan.json", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (head, row) = csv_row(&r.stdout, "northern");
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {head:?}"))
    };
    let rock = figures(&plan, Some("northern"), "rock");
    assert_eq!(row[col("rock@b1")], rock[0].to_string());
    assert_eq!(row[col("rock@b3")], rock[2].to_string());
    assert_eq!(
        row[col("rock")],
        rock.iter().sum::<u64>().to_string(),
        "the year"
    );
    // The derived kind beside its parts: mining = rock + ion.
    let ion = figures(&plan, Some("northern"), "ion");
    assert_eq!(row[col("mining@b2")], (rock[1] + ion[1]).to_string());
    // One batch: its own figures under the kinds' ids.
    let r = allot(
        dir.path(),
        &["export", "plan.json", "--format", "csv", "--batch", "b2"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (head, row) = csv_row(&r.stdout, "");
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(
        row[col("rock")],
        figures(&plan, None, "rock")[1].to_string()
    );
    assert_eq!(
        row[col("ion_unallocated")],
        figures(&plan, None, "ion")[1].to_string()
    );
    assert!(!head.iter().any(|h| h.contains('@')), "{head:?}");
    // As JSON: a plan of that batch alone, which checks.
    let r = allot(
        dir.path(),
        &[
            "export",
            "plan.json",
            "--format",
            "json",
            "--batch",
            "b3",
            "-o",
            "b3.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let b3 = read(&dir.path().join("b3.json"));
    assert!(b3.get("batches").is_none());
    assert_eq!(
        figures(&b3, Some("creg"), "rock"),
        [figures(&plan, Some("creg"), "rock")[2]]
    );
    assert_eq!(allot(dir.path(), &["check", "b3.json"]).code, 0);
    // An unknown batch is a usage error.
    let r = allot(
        dir.path(),
        &["export", "plan.json", "--format", "csv", "--batch", "b9"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no batch \"b9\" (batches: b1, b2, b3)"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_markdown_report_has_a_section_per_batch_and_the_year() {
    let (dir, _) = setup();
    let r = allot(dir.path(), &["export", "plan.json", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = r.stdout;
    let plan = json(SAMPLE);
    let mut at = 0;
    for b in plan["batches"].as_array().unwrap() {
        let heading = format!("\n## {}\n", b["name"].as_str().unwrap());
        let i = md[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading}"));
        at += i + heading.len();
        if let Some(notice) = b["notice"].as_str() {
            assert!(
                md[at..].starts_with(&format!("\n{notice}")),
                "{}",
                &md[at..at + 60]
            );
        }
    }
    let year = md.find("\n## All batches\n").expect("the year's section");
    // The year's rock-type total: the sum of the batches'.
    let total: u64 = figures(&plan, None, "rock").iter().sum();
    let grouped = allot::core::amount::group_thousands(u128::from(total));
    assert!(
        md[year..].contains(&format!("| **National total** | {grouped} |")),
        "{grouped}"
    );
    assert!(
        md.contains("### Mining 开采 (mining)"),
        "the derived kind too"
    );
}

#[test]
fn xlsx_of_a_year_of_batches_has_every_column_and_reads_back() {
    use calamine::{Reader, Xlsx, open_workbook};
    let (dir, _) = setup();
    let r = allot(
        dir.path(),
        &["export", "plan.json", "--format", "xlsx", "-o", "year.xlsx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("year.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    // Each kind's batches and its cumulative, derived kinds too, headed by
    // their names and the unit; the ids are in the hidden `allot` sheet.
    for want in [
        "Mining, rock-type 岩矿型, First batch (t REO)",
        "Mining, rock-type 岩矿型, Third batch (t REO)",
        "Mining, rock-type 岩矿型, all batches (t REO)",
        "Mining 开采, Second batch (t REO)",
        "Smelting and separation 冶炼分离, Second batch (t REO)",
    ] {
        assert!(head.iter().any(|h| h == want), "{want} in {head:?}");
    }
    // A cumulative and a derived kind are sums of the row's other cells.
    let formulas = book.worksheet_formula(&book.sheet_names()[0]).unwrap();
    let cumulative = head
        .iter()
        .position(|h| h.contains("rock-type 岩矿型, all"))
        .unwrap();
    assert_eq!(
        formulas
            .get_value((1, u32::try_from(cumulative).unwrap()))
            .map(String::as_str),
        Some("B2+C2+D2")
    );
    let mining = head
        .iter()
        .position(|h| h == "Mining 开采, First batch (t REO)")
        .unwrap();
    assert_eq!(
        formulas
            .get_value((1, u32::try_from(mining).unwrap()))
            .map(String::as_str),
        Some("B2+F2")
    );
}

#[test]
fn summary_shows_one_batch_or_all() {
    let (dir, _) = setup();
    let plan = json(SAMPLE);
    let r = allot(
        dir.path(),
        &["summary", "plan.json", "--batch", "b2", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let ion = v["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "ion")
        .unwrap();
    assert_eq!(ion["total"], figures(&plan, None, "ion")[1]);
    let r = allot(dir.path(), &["summary", "plan.json", "--batch", "all"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("rock@b3"), "{}", r.stdout);
    let r = allot(dir.path(), &["summary", "plan.json", "--batch", "b0"]);
    assert_eq!(r.code, 2);
}
