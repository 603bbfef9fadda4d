//! Binary-level tests of `allot export` and `allot import`: they run the real
//! `allot` executable in temporary directories and check exit codes, what is
//! written where (and what is not), and the content of the files.
//!
//! Expectations are computed from the plan (read here with `serde_json` into
//! a small model of its own) and from where a fault was put, never copied
//! from a run.

#![allow(clippy::too_many_lines)]

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

// ----- running allot -----

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }
}

/// Run `allot` with `args` in the directory `dir`.
fn allot_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_allot"))
        .env("LC_ALL", "C")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run allot");
    Run {
        code: out.status.code().expect("allot exited normally"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn sample_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config/example-2018-provinces.json")
        .display()
        .to_string()
}

fn sample_text() -> String {
    std::fs::read_to_string(sample_path()).expect("read the sample")
}

/// A temporary directory to work in.
fn workdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write file");
    p
}

/// `text` with `from` replaced by `to`, where `from` occurs exactly once.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// Every path under `root` (relative to it), directories included.
fn tree(root: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let p = e.expect("dir entry").path();
            out.insert(p.strip_prefix(root).unwrap().to_path_buf());
            if p.is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, root, &mut out);
    out
}

// ----- a plan model of the test's own -----

#[derive(Debug, Clone)]
struct Node {
    id: String,
    name: String,
    values: Vec<u64>,
    locked: bool,
    note: Option<String>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
struct Plan {
    quota_ids: Vec<String>,
    quota_names: Vec<String>,
    totals: Vec<u64>,
    title: Option<String>,
    unit: Option<String>,
    nodes: Vec<Node>,
}

impl Plan {
    fn parse(text: &str) -> Self {
        fn node(v: &Value, quota_ids: &[String]) -> Node {
            Node {
                id: v["id"].as_str().unwrap().to_owned(),
                name: v["name"].as_str().unwrap().to_owned(),
                values: quota_ids
                    .iter()
                    .map(|q| v["alloc"][q].as_u64().unwrap_or(0))
                    .collect(),
                locked: v["locked"].as_bool().unwrap_or(false),
                note: v["note"].as_str().map(str::to_owned),
                children: v["nodes"]
                    .as_array()
                    .map(|a| a.iter().map(|c| node(c, quota_ids)).collect())
                    .unwrap_or_default(),
            }
        }
        let v: Value = serde_json::from_str(text).expect("plan JSON");
        let quotas = v["quotas"].as_array().expect("quotas");
        let quota_ids: Vec<String> = quotas
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_owned())
            .collect();
        Plan {
            quota_names: quotas
                .iter()
                .map(|q| q["name"].as_str().unwrap().to_owned())
                .collect(),
            totals: quotas
                .iter()
                .map(|q| q["total"].as_u64().unwrap())
                .collect(),
            title: v["title"].as_str().map(str::to_owned),
            unit: v["unit"].as_str().map(str::to_owned),
            nodes: v["nodes"]
                .as_array()
                .map(|a| a.iter().map(|c| node(c, &quota_ids)).collect())
                .unwrap_or_default(),
            quota_ids,
        }
    }

    /// Remainders of a parent with `value` and `children`, per quota.
    fn remainders(values: &[u64], children: &[Node]) -> Vec<i128> {
        (0..values.len())
            .map(|q| {
                i128::from(values[q])
                    - children
                        .iter()
                        .map(|c| i128::from(c.values[q]))
                        .sum::<i128>()
            })
            .collect()
    }

    /// The rows as the export lays them out: national first, then the tree
    /// in pre-order.
    fn rows(&self, depth: Option<usize>) -> Vec<Row> {
        fn walk(
            n: &Node,
            level: usize,
            ids: &[String],
            names: &[String],
            depth: Option<usize>,
            out: &mut Vec<Row>,
        ) {
            let mut ids = ids.to_vec();
            ids.push(n.id.clone());
            let mut names = names.to_vec();
            names.push(n.name.clone());
            out.push(Row {
                level,
                path: ids.join("/"),
                id: n.id.clone(),
                name: n.name.clone(),
                names: names.clone(),
                values: n.values.clone(),
                remainders: (!n.children.is_empty())
                    .then(|| Plan::remainders(&n.values, &n.children)),
                locked: n.locked,
                note: n.note.clone(),
            });
            if depth.is_none_or(|d| level < d) {
                for c in &n.children {
                    walk(c, level + 1, &ids, &names, depth, out);
                }
            }
        }
        let mut out = vec![Row {
            level: 0,
            path: String::new(),
            id: String::new(),
            name: "national".to_owned(),
            names: Vec::new(),
            values: self.totals.clone(),
            remainders: Some(Plan::remainders(&self.totals, &self.nodes)),
            locked: false,
            note: None,
        }];
        for n in &self.nodes {
            walk(n, 1, &[], &[], depth, &mut out);
        }
        out
    }

    /// The expected CSV header.
    fn csv_header(&self) -> Vec<String> {
        let mut h: Vec<String> = ["level", "path", "id", "name"].map(str::to_owned).to_vec();
        h.extend(self.quota_ids.iter().cloned());
        h.extend(self.quota_ids.iter().map(|q| format!("{q}_unallocated")));
        h.push("locked".to_owned());
        h.push("note".to_owned());
        h
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    level: usize,
    path: String,
    id: String,
    name: String,
    /// Names from the top level down to this node.
    names: Vec<String>,
    values: Vec<u64>,
    remainders: Option<Vec<i128>>,
    locked: bool,
    note: Option<String>,
}

impl Row {
    /// The row's cells as a CSV reader gives them back (text that needs no
    /// neutralising).
    fn csv_cells(&self) -> Vec<String> {
        let mut c = vec![
            self.level.to_string(),
            self.path.clone(),
            self.id.clone(),
            self.name.clone(),
        ];
        c.extend(self.values.iter().map(u64::to_string));
        match &self.remainders {
            Some(r) => c.extend(r.iter().map(i128::to_string)),
            None => c.extend(self.values.iter().map(|_| String::new())),
        }
        c.push(if self.locked { "true" } else { "" }.to_owned());
        c.push(self.note.clone().unwrap_or_default());
        c
    }
}

/// `n` with `,` between groups of three digits.
fn group(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ----- CSV, read and written here (RFC 4180) -----

/// Records of CSV text: fields separated by `,`, records by CRLF, quotes
/// doubled inside quoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.next_if_eq(&'"').is_some() {
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "lines end with CRLF");
                fields.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut fields));
            }
            '\n' => panic!("a bare LF outside quotes: lines must end with CRLF"),
            c => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(
        fields.is_empty() && field.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

fn write_csv(records: &[Vec<String>]) -> String {
    let mut out = String::new();
    for r in records {
        let cells: Vec<String> = r
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\r', '\n']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

// ----- plans -----

/// A small balanced plan with a multi-line note, a locked node and a
/// Markdown-neutral text.
const BALANCED: &str = r#"{
  "format": "allot-plan",
  "version": 1,
  "title": "Test plan",
  "unit": "t REO",
  "quotas": [
    {"id": "rock", "name": "Rock-type mining", "total": 100850},
    {"id": "ion", "name": "Ion-adsorption mining", "total": 19150}
  ],
  "nodes": [
    {"id": "nm", "name": "Inner Mongolia 内蒙古", "alloc": {"rock": 69250},
     "note": "first line\nsecond line, with a comma",
     "nodes": [
       {"id": "nm-northern", "name": "China Northern Rare Earth 北方稀土", "alloc": {"rock": 60000}, "locked": true},
       {"id": "nm-huamei", "name": "Baotou Huamei 包头华美", "alloc": {"rock": 9250}}
     ]},
    {"id": "sc", "name": "Sichuan 四川", "alloc": {"rock": 31600}},
    {"id": "jx", "name": "Jiangxi 江西", "alloc": {"ion": 19150}}
  ]
}
"#;

/// The sample with one enterprise over its province: Sichuan gives 1,000 t
/// of rock more than it has.
fn over_allocated_sample() -> String {
    replace_once(&sample_text(), "\"rock\": 16000", "\"rock\": 17000")
}

/// `allot export FILE --format FORMAT` and more arguments, in `dir`.
fn export(dir: &Path, file: &str, format: &str, more: &[&str]) -> Run {
    let mut args = vec!["export", file, "--format", format];
    args.extend_from_slice(more);
    allot_in(dir, &args)
}

/// The lines of `stderr` that report an error.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

// ----- export: CSV -----

#[test]
fn csv_to_stdout_has_the_documented_layout_national_first() {
    let dir = workdir();
    let plan = Plan::parse(&sample_text());
    let run = export(dir.path(), &sample_path(), "csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(run.stdout());
    assert_eq!(
        records[0],
        plan.csv_header(),
        "header: level,path,id,name, the quota ids, <id>_unallocated, locked, note"
    );
    let rows = plan.rows(None);
    assert_eq!(
        records.len(),
        rows.len() + 1,
        "a header and one row per node"
    );
    assert_eq!(records[1][0], "0", "the national row comes first");
    assert_eq!(records[1][3], "national");
    for (rec, row) in records[1..].iter().zip(&rows) {
        assert_eq!(rec, &row.csv_cells(), "row of `{}`", row.path);
    }
    // Nothing is written where allot ran.
    assert!(tree(dir.path()).is_empty());
}

#[test]
fn csv_output_file_holds_what_stdout_would_and_stdout_stays_empty() {
    let dir = workdir();
    let s = sample_path();
    let to_stdout = export(dir.path(), &s, "csv", &[]);
    assert_eq!(to_stdout.code, 0, "{}", to_stdout.stderr);
    let to_file = export(dir.path(), &s, "csv", &["-o", "out.csv"]);
    assert_eq!(to_file.code, 0, "{}", to_file.stderr);
    assert!(to_file.stdout.is_empty(), "stdout stays empty with -o");
    assert!(
        to_file.stderr.contains("wrote out.csv"),
        "{}",
        to_file.stderr
    );
    // A file is for spreadsheets: the byte-order mark first (Excel on
    // Chinese Windows reads UTF-8 without it as GBK), then what stdout gets.
    let written = std::fs::read(dir.path().join("out.csv")).unwrap();
    assert_eq!(&written[..3], b"\xEF\xBB\xBF");
    assert_eq!(written[3..], to_stdout.stdout[..]);
    // --no-bom leaves it out (Unix tools); --bom puts it on stdout too.
    let bare = export(dir.path(), &s, "csv", &["-o", "bare.csv", "--no-bom"]);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("bare.csv")).unwrap(),
        to_stdout.stdout
    );
    let marked = export(dir.path(), &s, "csv", &["--bom"]);
    assert_eq!(&marked.stdout[..3], b"\xEF\xBB\xBF");
    std::fs::remove_file(dir.path().join("bare.csv")).unwrap();
    assert_eq!(
        tree(dir.path()),
        BTreeSet::from([PathBuf::from("out.csv")]),
        "only the output file (no temporary file left)"
    );
}

#[test]
fn depth_1_leaves_out_enterprises() {
    let dir = workdir();
    let plan = Plan::parse(&sample_text());
    let run = export(dir.path(), &sample_path(), "csv", &["--depth", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(run.stdout());
    let rows = plan.rows(Some(1));
    assert_eq!(rows.len(), 1 + plan.nodes.len());
    assert!(
        plan.rows(None).len() > rows.len(),
        "the sample has enterprises to leave out"
    );
    assert_eq!(records.len(), rows.len() + 1);
    for (rec, row) in records[1..].iter().zip(&rows) {
        assert_eq!(rec, &row.csv_cells(), "row of `{}`", row.path);
    }
    // The provinces keep their remainders (computed from all their
    // enterprises, as csv_cells has them) though the enterprises are left out.
    assert!(records.iter().all(|r| r[0] != "2"));

    let md = export(dir.path(), &sample_path(), "md", &["--depth", "1"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let full = export(dir.path(), &sample_path(), "md", &[]);
    for r in plan.rows(None).iter().filter(|r| r.level == 2) {
        assert!(full.stdout().contains(&r.name), "{}", r.name);
        assert!(
            !md.stdout().contains(&r.name),
            "{} is an enterprise",
            r.name
        );
    }
}

// ----- export: Markdown -----

#[test]
fn markdown_has_the_title_a_table_per_quota_and_the_notes() {
    let dir = workdir();
    let plan = Plan::parse(&sample_text());
    let unit = plan.unit.clone().unwrap();
    let run = export(dir.path(), &sample_path(), "md", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = run.stdout();
    assert!(
        md.starts_with(&format!("# {}\n", plan.title.as_deref().unwrap())),
        "{md}"
    );
    let sections: Vec<&str> = md.split("\n## ").collect();
    let rows = plan.rows(None);
    for (q, (id, name)) in plan.quota_ids.iter().zip(&plan.quota_names).enumerate() {
        let heading = format!("{name} ({id})\n");
        let matching: Vec<&&str> = sections
            .iter()
            .filter(|s| s.starts_with(&heading))
            .collect();
        assert_eq!(matching.len(), 1, "one table for quota {id}");
        let section = matching[0];
        assert!(
            section.contains(&format!(
                "| node | value ({unit}) | share of parent | unallocated |\n|---|---:|---:|---:|\n"
            )),
            "{section}"
        );
        assert!(
            section.contains(&format!(
                "| **National total** | {} |",
                group(u128::from(plan.totals[q]))
            )),
            "{section}"
        );
        let mut omitted = 0;
        for r in &rows[1..] {
            let rem = r.remainders.as_ref().map_or(0, |x| x[q]);
            let line = format!(
                "| {}{}{} | {} |",
                // A visible marker per level below the top: renderers strip
                // leading spaces in cells.
                "· ".repeat(r.level - 1),
                r.name,
                if r.locked { " (locked)" } else { "" },
                group(u128::from(r.values[q]))
            );
            if r.values[q] == 0 && rem == 0 {
                omitted += 1;
                assert!(!section.contains(&r.name), "{} has no {id}", r.name);
            } else {
                assert!(section.contains(&line), "{line:?} in\n{section}");
            }
        }
        if omitted > 0 {
            assert!(
                section.contains(&format!(
                    "{omitted} nodes with nothing of this quota are not listed."
                )),
                "{section}"
            );
        }
    }
    let notes: Vec<&Row> = rows.iter().filter(|r| r.note.is_some()).collect();
    assert!(!notes.is_empty(), "the sample has notes");
    let notes_section = sections
        .iter()
        .find(|s| s.starts_with("Notes\n"))
        .expect("a Notes section");
    for r in &notes {
        let line = format!(
            "- **{}**: {}",
            r.names.join(" / "),
            r.note.as_deref().unwrap()
        );
        assert!(notes_section.contains(&line), "{line}");
    }
    assert_eq!(notes_section.matches("\n- **").count(), notes.len());
}

// ----- export: JSON -----

#[test]
fn json_export_is_the_canonical_form() {
    let dir = workdir();
    // The sample is a plan in allot's canonical form: the same bytes back.
    let run = export(dir.path(), &sample_path(), "json", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout(), sample_text());

    // A hand-written plan: the export is canonical (2-space indent, a
    // trailing newline, the same plan), and exporting that gives the same
    // bytes again.
    write(dir.path(), "hand.json", BALANCED);
    let first = export(dir.path(), "hand.json", "json", &["-o", "canon.json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.is_empty());
    let canon = std::fs::read_to_string(dir.path().join("canon.json")).unwrap();
    assert_ne!(canon, BALANCED, "the hand-written plan is not canonical");
    assert!(
        canon.starts_with("{\n  \"format\": \"allot-plan\",\n"),
        "{canon}"
    );
    assert!(canon.ends_with("}\n"));
    assert_eq!(
        Plan::parse(&canon).rows(None),
        Plan::parse(BALANCED).rows(None)
    );
    let again = export(dir.path(), "canon.json", "json", &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout(), canon);
    // Zero entries of alloc are left out.
    let v: Value = serde_json::from_str(&canon).unwrap();
    assert_eq!(v["nodes"][2]["alloc"], json!({"ion": 19150}));
}

// ----- export: XLSX -----

#[test]
fn xlsx_without_output_file_is_a_usage_error() {
    let dir = workdir();
    let run = export(dir.path(), &sample_path(), "xlsx", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no binary on a terminal");
    assert!(run.stderr.contains("-o"), "says to give -o: {}", run.stderr);
    assert!(tree(dir.path()).is_empty());
}

#[test]
fn xlsx_to_a_file_is_a_zip_workbook() {
    let dir = workdir();
    let run = export(dir.path(), &sample_path(), "xlsx", &["-o", "out.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let bytes = std::fs::read(dir.path().join("out.xlsx")).expect("out.xlsx written");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
}

// ----- round trip through CSV -----

#[test]
fn csv_import_then_export_gives_the_same_csv_and_the_plan_passes_check() {
    for (name, text) in [("sample", sample_text()), ("balanced", BALANCED.to_owned())] {
        let dir = workdir();
        write(dir.path(), "plan.json", &text);
        let original = Plan::parse(&text);
        let run = export(dir.path(), "plan.json", "csv", &["-o", "t.csv"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let imported = allot_in(
            dir.path(),
            &[
                "import", "t.csv", "-o", "p.json", "--title", "T", "--unit", "U",
            ],
        );
        assert_eq!(imported.code, 0, "{name}: {}", imported.stderr);
        assert!(
            imported.stderr.contains("wrote p.json"),
            "{}",
            imported.stderr
        );
        let p = std::fs::read_to_string(dir.path().join("p.json")).unwrap();
        let plan = Plan::parse(&p);
        assert_eq!(plan.title.as_deref(), Some("T"));
        assert_eq!(plan.unit.as_deref(), Some("U"));
        assert_eq!(plan.quota_ids, original.quota_ids);
        assert_eq!(
            plan.quota_names, original.quota_ids,
            "quota names become the ids"
        );
        assert_eq!(plan.rows(None), original.rows(None), "{name}: same tree");

        let again = export(dir.path(), "p.json", "csv", &["-o", "t2.csv"]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert_eq!(
            std::fs::read(dir.path().join("t2.csv")).unwrap(),
            std::fs::read(dir.path().join("t.csv")).unwrap(),
            "{name}: the same CSV bytes"
        );
        // import writes the canonical form.
        assert_eq!(export(dir.path(), "p.json", "json", &[]).stdout(), p);
        let check = allot_in(dir.path(), &["check", "p.json"]);
        assert_eq!(check.code, 0, "{name}: {}", check.stderr);
    }
}

// ----- formula neutralising -----

/// Whether a spreadsheet would run `s` as a formula.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn formula_text_is_neutralised_and_comes_back_on_import() {
    // A spreadsheet treats a leading apostrophe as "this cell is text": Excel
    // shows `'=1+1` as the text `=1+1` (the apostrophe appears only in the
    // formula bar); other programs may show the apostrophe itself. Either
    // way no formula runs. `allot import` takes one apostrophe off again.
    let note = "=HYPERLINK(\"http://example.com\",\"click\")";
    let plan = json!({
        "format": "allot-plan",
        "version": 1,
        "quotas": [{"id": "q", "name": "Q", "total": 100}],
        "nodes": [
            {"id": "=x", "name": "=1+1", "alloc": {"q": 10}, "note": note,
             "nodes": [{"id": "kid", "name": "@cmd", "alloc": {"q": 4}}]},
            {"id": "p", "name": "+SUM(A1)", "alloc": {"q": 20}},
            {"id": "m", "name": "-2", "alloc": {"q": 30}, "note": "@SUM(1)"},
            {"id": "ap", "name": "'@already", "alloc": {"q": 5}},
            {"id": "pl", "name": "'plain", "alloc": {"q": 5}}
        ]
    });
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let original = Plan::parse(&text);
    let dir = workdir();
    write(dir.path(), "plan.json", &text);
    assert_eq!(allot_in(dir.path(), &["check", "plan.json"]).code, 0);
    let run = export(dir.path(), "plan.json", "csv", &["-o", "t.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a file begins with the BOM")
        .to_owned();
    let records = parse_csv(&csv);

    let by_id = |id: &str| -> &Vec<String> {
        records
            .iter()
            .find(|r| r[2].trim_start_matches('\'') == id.trim_start_matches('\''))
            .unwrap_or_else(|| panic!("a row for {id}"))
    };
    // (id, path cell, id cell, name cell, note cell)
    let expected = [
        ("=x", "'=x", "'=x", "'=1+1", format!("'{note}")),
        ("kid", "'=x/kid", "kid", "'@cmd", String::new()),
        ("p", "p", "p", "'+SUM(A1)", String::new()),
        ("m", "m", "m", "'-2", "'@SUM(1)".to_owned()),
        ("ap", "ap", "ap", "''@already", String::new()),
        ("pl", "pl", "pl", "'plain", String::new()),
    ];
    for (id, path, id_cell, name, note_cell) in &expected {
        let r = by_id(id);
        assert_eq!(
            (
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
                r.last().unwrap().as_str()
            ),
            (*path, *id_cell, *name, note_cell.as_str()),
            "row of {id}"
        );
    }
    // The only cells that start like a formula are numbers.
    for r in &records {
        for c in r {
            assert!(
                !formula_like(c) || c.parse::<i128>().is_ok(),
                "cell {c:?} would run as a formula"
            );
        }
    }
    // The note with quotes and a comma is one quoted field.
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\""));

    let imported = allot_in(dir.path(), &["import", "t.csv", "-o", "p.json"]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let back = Plan::parse(&std::fs::read_to_string(dir.path().join("p.json")).unwrap());
    assert_eq!(
        back.rows(None),
        original.rows(None),
        "names, ids and notes come back whole"
    );
    let again = export(dir.path(), "p.json", "csv", &[]);
    assert_eq!(again.stdout(), csv);
}

// ----- --split -----

/// Names Windows reserves whatever the extension.
fn reserved(stem: &str) -> bool {
    let s = stem.trim_end().to_uppercase();
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&s.as_str())
        || ((s.starts_with("COM") || s.starts_with("LPT"))
            && s.len() == 4
            && s.as_bytes()[3].is_ascii_digit())
}

/// A plan whose top-level nodes have `ids` (each with one child, `kid-<i>`),
/// with two quotas.
fn plan_with_top_ids(ids: &[&str]) -> String {
    let nodes: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id,
                "name": format!("node {i}"),
                "alloc": {"q": i + 1, "r": 2 * i + 1},
                "nodes": [{"id": format!("kid-{i}"), "name": format!("kid {i}"), "alloc": {"q": 1}}]
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "format": "allot-plan",
        "version": 1,
        "title": "Hostile ids",
        "unit": "t",
        "quotas": [
            {"id": "q", "name": "Q", "total": 1000},
            {"id": "r", "name": "R", "total": 500}
        ],
        "nodes": nodes
    }))
    .unwrap()
}

/// Export a plan with top-level `ids` with `--split` in `format` and check
/// every file: one per node, directly inside the directory, safe and
/// distinct names, the node's subtree with the national totals (CSV) or
/// its own (JSON).
fn check_split(ids: &[&str], format: &str) {
    let tmp = workdir();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let text = plan_with_top_ids(ids);
    write(&work, "plan.json", &text);
    let plan = Plan::parse(&text);
    assert_eq!(
        allot_in(&work, &["check", "plan.json"]).code,
        0,
        "the plan is valid"
    );
    let before = tree(tmp.path());
    let run = export(&work, "plan.json", format, &["--split", "split"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());

    // Nothing outside the directory; nothing but files directly inside it.
    let after = tree(tmp.path());
    assert!(after.is_superset(&before));
    let split = PathBuf::from("work/split");
    let added: Vec<&PathBuf> = after.difference(&before).collect();
    assert!(added.contains(&&split), "{added:?}");
    let files: Vec<&PathBuf> = added.into_iter().filter(|p| **p != split).collect();
    for f in &files {
        assert_eq!(
            f.parent(),
            Some(split.as_path()),
            "{} is outside",
            f.display()
        );
        assert!(tmp.path().join(f).is_file(), "{} is a file", f.display());
    }
    assert_eq!(
        files.len(),
        ids.len(),
        "one file per top-level node: {files:?}"
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("wrote "))
            .count(),
        ids.len(),
        "{}",
        run.stderr
    );

    // Safe, distinct names.
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    let lower: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(
        lower.len(),
        names.len(),
        "distinct ignoring case: {names:?}"
    );
    for n in &names {
        assert!(n != "." && n != "..", "{n}");
        assert!(!n.starts_with('.'), "hidden: {n}");
        assert!(
            !n.chars()
                .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c)),
            "{n}"
        );
        assert!(n.ends_with(&format!(".{format}")), "{n}");
        assert!(!reserved(n.split('.').next().unwrap()), "reserved: {n}");
        assert!(n.len() <= 255, "{} bytes: {n}", n.len());
    }

    // Each file holds one node's subtree and the national totals (JSON: its
    // own).
    let mut seen: HashMap<String, String> = HashMap::new();
    for (f, n) in files.iter().zip(&names) {
        let content = std::fs::read_to_string(tmp.path().join(f)).unwrap();
        let content = match content.strip_prefix('\u{feff}') {
            Some(rest) if format == "csv" => rest.to_owned(),
            _ => {
                assert!(format != "csv", "{n}: a CSV file begins with the BOM");
                content
            }
        };
        let (top, kids) = if format == "csv" {
            let records = parse_csv(&content);
            assert_eq!(records[0], plan.csv_header());
            assert_eq!(records[1][0], "0", "{n}: national row first");
            let totals: Vec<String> = plan.totals.iter().map(u64::to_string).collect();
            assert_eq!(
                records[1][4..4 + totals.len()],
                totals[..],
                "{n}: national totals"
            );
            let tops: Vec<&Vec<String>> = records.iter().filter(|r| r[0] == "1").collect();
            assert_eq!(tops.len(), 1, "{n}: one top-level node");
            let top = tops[0][2].clone();
            for r in &records[2..] {
                assert_eq!(
                    r[1].split('/').next(),
                    Some(top.as_str()),
                    "{n}: every row is under {top}"
                );
            }
            let kids: Vec<String> = records
                .iter()
                .filter(|r| r[0] == "2")
                .map(|r| r[2].clone())
                .collect();
            (top, kids)
        } else {
            // A recipient's JSON is a plan of its own: its totals are what
            // it was given, so it is balanced at the top (national totals
            // there would show a false national remainder).
            let sub = Plan::parse(&content);
            assert_eq!(sub.nodes.len(), 1, "{n}: one top-level node");
            assert_eq!(sub.totals, sub.nodes[0].values, "{n}: its own totals");
            let original = plan.nodes.iter().find(|t| t.id == sub.nodes[0].id).unwrap();
            assert_eq!(sub.totals, original.values, "{n}: what it was given");
            let check = allot_in(&tmp.path().join(&split), &["check", n]);
            assert_eq!(check.code, 0, "{n}: {}", check.stderr);
            let top = &sub.nodes[0];
            (
                top.id.clone(),
                top.children.iter().map(|c| c.id.clone()).collect(),
            )
        };
        let i = ids
            .iter()
            .position(|id| *id == top)
            .unwrap_or_else(|| panic!("{n}: unknown top-level id {top:?}"));
        assert_eq!(kids, [format!("kid-{i}")], "{n}: the node's own subtree");
        assert!(
            seen.insert(top.clone(), n.clone()).is_none(),
            "{top:?} is in two files"
        );
    }
    assert_eq!(seen.len(), ids.len(), "every node has its file");
    // A plain id keeps its name.
    if let Some(n) = seen.get("plain") {
        assert_eq!(*n, format!("plain.{format}"));
    }
}

/// Top-level ids that are hostile as file names (`/` is not allowed in ids,
/// so `a/b` cannot be one).
fn hostile_ids() -> Vec<String> {
    vec![
        "..".to_owned(),
        ".".to_owned(),
        "CON".to_owned(),
        "a:b".to_owned(),
        "a_b".to_owned(),
        "Nm".to_owned(),
        "nm".to_owned(),
        "lpt1.txt".to_owned(),
        "plain".to_owned(),
        // 60 Chinese characters: 180 bytes in UTF-8.
        "内蒙古自治区".repeat(10),
    ]
}

#[test]
fn split_csv_with_hostile_ids() {
    let ids = hostile_ids();
    check_split(&ids.iter().map(String::as_str).collect::<Vec<_>>(), "csv");
}

#[test]
fn split_json_with_hostile_ids() {
    let ids = hostile_ids();
    check_split(&ids.iter().map(String::as_str).collect::<Vec<_>>(), "json");
}

#[test]
fn split_with_an_id_longer_than_a_file_name() {
    // 80 Chinese characters: 240 bytes, a 244-byte file name that fits in
    // 255, but `.{name}.allot-tmp-{pid}` does not. 120 characters: 360
    // bytes, over the limit even after the cut at 100 characters.
    for long in ["中".repeat(80), "内蒙古自治区".repeat(20)] {
        for format in ["csv", "json"] {
            check_split(&["plain", &long], format);
        }
    }
}

#[test]
fn split_with_depth_1_leaves_out_enterprises() {
    let dir = workdir();
    let plan = Plan::parse(&sample_text());
    let run = export(
        dir.path(),
        &sample_path(),
        "csv",
        &["--split", "d", "--depth", "1"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for n in &plan.nodes {
        let f = dir.path().join("d").join(format!("{}.csv", n.id));
        let records = parse_csv(&std::fs::read_to_string(&f).unwrap());
        assert_eq!(records.len(), 3, "header, national, {}", n.id);
        assert_eq!(records[2][2], n.id);
    }
}

// ----- over-allocated and unbalanced plans -----

/// The `national / ... / quota: over-allocated by N unit` descriptions of
/// `plan`, computed.
fn over_allocations(plan: &Plan) -> Vec<String> {
    let unit = plan.unit.as_deref().unwrap();
    let mut out = Vec::new();
    for r in plan.rows(None) {
        for (q, rem) in r.remainders.iter().flatten().enumerate() {
            if *rem < 0 {
                let mut path = vec!["national".to_owned()];
                path.extend(r.names.iter().cloned());
                out.push(format!(
                    "{} / {}: over-allocated by {} {unit}",
                    path.join(" / "),
                    plan.quota_ids[q],
                    group(rem.unsigned_abs())
                ));
            }
        }
    }
    out
}

#[test]
fn over_allocated_plan_is_refused_naming_where_and_nothing_is_written() {
    let text = over_allocated_sample();
    let over = over_allocations(&Plan::parse(&text));
    assert_eq!(
        over,
        ["national / Sichuan 四川 / rock: over-allocated by 1,000 t REO"],
        "the fixture is over-allocated at one place"
    );
    for format in ["csv", "md", "json"] {
        let dir = workdir();
        write(dir.path(), "over.json", &text);
        let before = tree(dir.path());
        for more in [&[][..], &["-o", "out.file"], &["--split", "split"]] {
            let run = export(dir.path(), "over.json", format, more);
            assert_eq!(run.code, 1, "{format} {more:?}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{format} {more:?}");
            for o in &over {
                assert!(
                    run.stderr.contains(&format!("over.json: error: {o}")),
                    "{format} {more:?}: {}",
                    run.stderr
                );
            }
            assert!(run.stderr.contains("--force"), "says how to export anyway");
            assert_eq!(
                tree(dir.path()),
                before,
                "{format} {more:?}: nothing written"
            );
        }
    }
}

#[test]
fn over_allocated_plan_exports_with_force_and_a_warning() {
    let text = over_allocated_sample();
    let plan = Plan::parse(&text);
    let over = over_allocations(&plan);
    let dir = workdir();
    write(dir.path(), "over.json", &text);
    let run = export(
        dir.path(),
        "over.json",
        "csv",
        &["-o", "out.csv", "--force"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for o in &over {
        assert!(
            run.stderr.contains(&format!("over.json: warning: {o}")),
            "{}",
            run.stderr
        );
    }
    assert!(error_lines(&run.stderr).is_empty(), "{}", run.stderr);
    let records = parse_csv(&std::fs::read_to_string(dir.path().join("out.csv")).unwrap());
    let rows = plan.rows(None);
    assert_eq!(records.len(), rows.len() + 1);
    for (rec, row) in records[1..].iter().zip(&rows) {
        assert_eq!(rec, &row.csv_cells(), "row of `{}`", row.path);
    }
    // The negative remainder is in the file.
    let sc = records.iter().find(|r| r[1] == "sc").unwrap();
    assert_eq!(sc[7], "-1000");

    let split = export(
        dir.path(),
        "over.json",
        "json",
        &["--split", "d", "--force"],
    );
    assert_eq!(split.code, 0, "{}", split.stderr);
    assert_eq!(
        std::fs::read_dir(dir.path().join("d")).unwrap().count(),
        plan.nodes.len()
    );
}

#[test]
fn unbalanced_plan_exports_with_a_warning_and_a_balanced_one_without() {
    let dir = workdir();
    write(dir.path(), "plan.json", sample_text());
    let plan = Plan::parse(&sample_text());
    let open = plan
        .rows(None)
        .iter()
        .flat_map(|r| r.remainders.clone().unwrap_or_default())
        .filter(|&r| r > 0)
        .count();
    assert!(open > 0, "the sample is not balanced");
    assert!(over_allocations(&plan).is_empty(), "but it is consistent");
    for format in ["csv", "md", "json"] {
        let run = export(dir.path(), "plan.json", format, &[]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(!run.stdout.is_empty());
        assert!(
            run.stderr.contains(&format!(
                "plan.json: warning: the plan is not balanced ({open} remainders unallocated"
            )),
            "{format}: {}",
            run.stderr
        );
        assert!(error_lines(&run.stderr).is_empty());
    }

    write(dir.path(), "balanced.json", BALANCED);
    for format in ["csv", "md", "json"] {
        let run = export(dir.path(), "balanced.json", format, &[]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{format}: no warning for a balanced plan");
    }
}

#[test]
fn unreadable_or_broken_plans_and_usage_errors() {
    let dir = workdir();
    let missing = export(dir.path(), "nope.json", "csv", &[]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.starts_with("nope.json: error: cannot read"));

    let broken = replace_once(
        BALANCED,
        "\"alloc\": {\"ion\": 19150}",
        "\"aloc\": {\"ion\": 19150}",
    );
    write(dir.path(), "broken.json", &broken);
    let line = broken.lines().position(|l| l.contains("\"aloc\"")).unwrap() + 1;
    let run = export(dir.path(), "broken.json", "csv", &["-o", "out.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("broken.json:{line}:")),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out.csv").exists());

    let s = sample_path();
    for args in [
        vec!["export", s.as_str()],
        vec!["export", s.as_str(), "--format", "pdf"],
        vec![
            "export",
            s.as_str(),
            "--format",
            "csv",
            "-o",
            "x.csv",
            "--split",
            "d",
        ],
        vec!["export", s.as_str(), "--format", "csv", "--depth", "x"],
        vec!["import", "t.csv"],
    ] {
        let run = allot_in(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    assert!(!dir.path().join("x.csv").exists());
    assert!(!dir.path().join("d").exists());
}

// ----- import errors -----

/// The BALANCED plan exported as CSV, as records.
fn balanced_records(dir: &Path) -> Vec<Vec<String>> {
    write(dir, "plan.json", BALANCED);
    let run = export(dir, "plan.json", "csv", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    parse_csv(run.stdout())
}

#[test]
fn import_reports_bad_cells_at_their_row_and_column_and_writes_nothing() {
    let dir = workdir();
    let mut records = balanced_records(dir.path());
    let header = records[0].clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |path: &str| records.iter().position(|r| r[1] == path).unwrap();
    // Faults: Sichuan's rock is not a number, Jiangxi's ion is negative.
    let (sc, rock) = (row("sc"), col("rock"));
    let (jx, ion) = (row("jx"), col("ion"));
    records[sc][rock] = "12x".to_owned();
    records[jx][ion] = "-5".to_owned();
    let csv = write_csv(&records);
    write(dir.path(), "t.csv", &csv);
    // Spreadsheet rows count records: Inner Mongolia's note spans two lines,
    // so Sichuan's row number is not its line number.
    let sc_line = csv.lines().position(|l| l.starts_with("1,sc,")).unwrap() + 1;
    assert_ne!(sc_line, sc + 1, "the fixture has a multi-line record first");

    let run = allot_in(dir.path(), &["import", "t.csv", "-o", "p.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = error_lines(&run.stderr);
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    let first = format!("t.csv:{}:{}: error: rock: ", sc + 1, rock + 1);
    let second = format!("t.csv:{}:{}: error: ion: ", jx + 1, ion + 1);
    assert!(errors[0].starts_with(&first), "{first} in {}", run.stderr);
    assert!(errors[0].contains("12x"), "{}", errors[0]);
    assert!(errors[1].starts_with(&second), "{second} in {}", run.stderr);
    assert!(errors[1].contains("negative"), "{}", errors[1]);
    assert!(
        run.stderr.contains("p.json: nothing written"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("p.json").exists());
    assert_eq!(
        tree(dir.path()),
        BTreeSet::from([PathBuf::from("plan.json"), PathBuf::from("t.csv")])
    );
}

#[test]
fn import_reports_a_bad_header_at_row_1() {
    let dir = workdir();
    let mut records = balanced_records(dir.path());
    let path_col = records[0].iter().position(|h| h == "path").unwrap();
    records[0][path_col] = "Path".to_owned();
    write(dir.path(), "t.csv", write_csv(&records));
    let run = allot_in(dir.path(), &["import", "t.csv", "-o", "p.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = error_lines(&run.stderr);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with(&format!("t.csv:1:{}: error: ", path_col + 1)),
        "{}",
        run.stderr
    );
    assert!(errors[0].contains("lower case"), "{}", errors[0]);
    assert!(!dir.path().join("p.json").exists());
}

#[test]
fn import_does_not_replace_an_existing_file_without_force() {
    let dir = workdir();
    let records = balanced_records(dir.path());
    write(dir.path(), "t.csv", write_csv(&records));
    let fresh = allot_in(dir.path(), &["import", "t.csv", "-o", "fresh.json"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    let fresh = std::fs::read(dir.path().join("fresh.json")).unwrap();

    write(dir.path(), "p.json", "keep me\n");
    let run = allot_in(dir.path(), &["import", "t.csv", "-o", "p.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("p.json")).unwrap(),
        b"keep me\n"
    );

    let forced = allot_in(dir.path(), &["import", "t.csv", "-o", "p.json", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read(dir.path().join("p.json")).unwrap(), fresh);
}

#[test]
fn import_of_a_missing_table_exits_2() {
    let dir = workdir();
    let run = allot_in(dir.path(), &["import", "nope.csv", "-o", "p.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("nope.csv: error: cannot read"),
        "{}",
        run.stderr
    );
    assert!(tree(dir.path()).is_empty());
}

// ----- help -----

#[test]
fn export_and_import_help() {
    let dir = workdir();
    let export = allot_in(dir.path(), &["export", "--help"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    for opt in [
        "--format", "--output", "--split", "--depth", "--force", "csv", "xlsx", "md", "json",
    ] {
        assert!(export.stdout().contains(opt), "export help names {opt}");
    }
    let import = allot_in(dir.path(), &["import", "--help"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    for opt in ["--output", "--title", "--unit", "--force"] {
        assert!(import.stdout().contains(opt), "import help names {opt}");
    }
}

// ----- depth limits agree across formats -----

#[test]
fn depth_0_is_the_national_row_only_and_json_follows_depth() {
    let dir = workdir();
    let sample = sample_path();
    let run = export(dir.path(), &sample, "csv", &["--depth", "0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(run.stdout());
    assert_eq!(records.len(), 2, "header and national: {records:?}");
    assert_eq!(records[1][0], "0");

    // JSON with --depth 1: a plan of the provinces only, which passes check
    // and holds the same provincial figures.
    let run = export(dir.path(), &sample, "json", &["--depth", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cut: serde_json::Value = serde_json::from_str(run.stdout()).unwrap();
    let full: serde_json::Value = serde_json::from_str(&sample_text()).unwrap();
    let tops = cut["nodes"].as_array().unwrap();
    assert_eq!(tops.len(), full["nodes"].as_array().unwrap().len());
    for (c, f) in tops.iter().zip(full["nodes"].as_array().unwrap()) {
        assert_eq!(c["id"], f["id"]);
        assert_eq!(c["alloc"], f["alloc"]);
        assert!(c.get("nodes").is_none(), "no enterprises: {c}");
    }
    let path = write(dir.path(), "cut.json", run.stdout());
    let check = allot_in(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn import_keeps_the_year_and_level_names_given() {
    let dir = workdir();
    let s = sample_path();
    let run = export(dir.path(), &s, "csv", &["-o", "t.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imported = allot_in(
        dir.path(),
        &[
            "import",
            "t.csv",
            "-o",
            "p.json",
            "--year",
            "2019",
            "--levels",
            "省, 企业",
        ],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("p.json")).unwrap()).unwrap();
    assert_eq!(v["year"], 2019);
    assert_eq!(v["levels"], json!(["省", "企业"]));
    // An empty level name is refused, and nothing is written.
    let bad = allot_in(
        dir.path(),
        &["import", "t.csv", "-o", "q.json", "--levels", "a,,b"],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(!dir.path().join("q.json").exists());
}

#[test]
fn a_csv_saved_by_chinese_excel_imports_with_its_chinese_names() {
    let dir = workdir();
    let text = "level,path,id,name,rock\r\n0,,,national,100\r\n1,nm,nm,内蒙古,60\r\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    write(dir.path(), "gbk.csv", gbk.as_ref());
    let run = allot_in(dir.path(), &["import", "gbk.csv", "-o", "p.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("GB18030"),
        "says how it was read: {}",
        run.stderr
    );
    let plan = std::fs::read_to_string(dir.path().join("p.json")).unwrap();
    assert!(plan.contains("内蒙古"), "{plan}");
    // Said outright: GBK read as asked, without a word; UTF-8 refused.
    let run = allot_in(
        dir.path(),
        &["import", "gbk.csv", "-o", "q.json", "--encoding", "gbk"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("GB18030"), "{}", run.stderr);
    let run = allot_in(
        dir.path(),
        &["import", "gbk.csv", "-o", "r.json", "--encoding", "utf-8"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    assert!(!dir.path().join("r.json").exists());
    // A UTF-8 table (with its byte-order mark) is UTF-8 whatever is said.
    write(dir.path(), "utf8.csv", format!("\u{feff}{text}").as_bytes());
    let run = allot_in(
        dir.path(),
        &[
            "import",
            "utf8.csv",
            "-o",
            "u.json",
            "--encoding",
            "gb18030",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = std::fs::read_to_string(dir.path().join("u.json")).unwrap();
    assert!(plan.contains("内蒙古"), "{plan}");
}
