//! allot's workbooks against a real spreadsheet engine (IronCalc): every
//! remainder and sum recalculated by the engine, rows inserted the way a
//! colleague inserts them, the workbook saved again by the engine and read
//! back with `allot import`; and the round trip export → import.
//!
//! Expected figures come from the engine's evaluation and from the plan
//! files, never from a run of allot copied here.

#![allow(clippy::float_cmp, reason = "whole tonnes are exact in an f64")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use calamine::Reader;
use ironcalc::base::Model;
use ironcalc::base::cell::CellValue;
use serde_json::Value;

struct Run {
    code: i32,
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
        code: out.status.code().expect("allot exited normally"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn config(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config")
        .join(name)
}

/// Export `plan` as a workbook in `dir`; its path.
fn export(dir: &Path, plan: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("plan.xlsx");
    let _ = std::fs::remove_file(&out);
    let mut all = vec![
        "export",
        plan.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        "plan.xlsx",
    ];
    all.extend_from_slice(args);
    let r = allot(dir, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    out
}

fn load(path: &Path) -> Model<'static> {
    ironcalc::import::load_from_xlsx(path.to_str().unwrap(), "en", "UTC", "en")
        .expect("the engine reads the workbook")
}

/// The sheet allot's table is on (the first).
const SHEET: u32 = 0;

fn value(m: &Model, row: i32, col: i32) -> CellValue {
    m.get_cell_value_by_index(SHEET, row, col).unwrap()
}

fn number(m: &Model, row: i32, col: i32) -> f64 {
    match value(m, row, col) {
        CellValue::Number(n) => n,
        CellValue::None => 0.0,
        other => panic!("not a number at row {row}, column {col}: {other:?}"),
    }
}

fn text(m: &Model, row: i32, col: i32) -> String {
    match value(m, row, col) {
        CellValue::String(s) => s,
        CellValue::None => String::new(),
        CellValue::Number(n) => format!("{n}"),
        CellValue::Boolean(b) => b.to_string(),
    }
}

fn content(m: &Model, row: i32, col: i32) -> String {
    m.get_localized_cell_content(SHEET, row, col).unwrap()
}

/// The last used row and column of the table.
fn size(m: &Model) -> (i32, i32) {
    let d = m.workbook.worksheet(SHEET).unwrap().dimension();
    (d.max_row, d.max_column)
}

/// The column headed `head` (1-based).
fn col(m: &Model, head: &str) -> i32 {
    let (_, w) = size(m);
    (1..=w)
        .find(|&c| text(m, 1, c) == head)
        .unwrap_or_else(|| panic!("no column {head}"))
}

/// The row of the node with id `id`.
fn row(m: &Model, id: &str) -> i32 {
    let (h, _) = size(m);
    let c = col(m, "id");
    (2..=h)
        .find(|&r| text(m, r, c) == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// Recalculate, then check that every formula cell's value is what allot
/// cached in it (allot's own figure): the engine and allot agree.
fn engine_agrees_with_allot(path: &Path) -> usize {
    let book = std::fs::read(path).unwrap();
    let mut cached: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book)).unwrap();
    let name = cached.sheet_names()[0].clone();
    let values = cached.worksheet_range(&name).unwrap();
    let mut m = load(path);
    m.evaluate();
    let (h, w) = size(&m);
    let mut formulas = 0;
    for r in 1..=h {
        for c in 1..=w {
            if !content(&m, r, c).starts_with('=') {
                continue;
            }
            formulas += 1;
            let want = values
                .get_value((u32::try_from(r - 1).unwrap(), u32::try_from(c - 1).unwrap()))
                .and_then(calamine::DataType::as_f64)
                .unwrap_or_else(|| panic!("allot cached a number at {r},{c}"));
            assert_eq!(
                number(&m, r, c),
                want,
                "row {r}, column {c}: {}",
                content(&m, r, c)
            );
        }
    }
    formulas
}

#[test]
fn the_engine_recalculates_every_remainder_and_sum_to_allots_figures() {
    let dir = tempfile::tempdir().unwrap();
    for plan in ["example-2018-provinces.json", "sample-plan.json"] {
        let book = export(dir.path(), &config(plan), &["--force"]);
        let formulas = engine_agrees_with_allot(&book);
        assert!(formulas >= 9, "{plan}: {formulas} formulas");
    }
    // A recipient's file and a depth-limited one too.
    let book = export(
        dir.path(),
        &config("sample-plan.json"),
        &["--depth", "1", "--force"],
    );
    engine_agrees_with_allot(&book);
}

/// A row inserted at `at` with `amount` in the rock column, under the row
/// whose key is `parent_key`.
fn insert(m: &mut Model, at: i32, name: &str, amount: u64, parent_key: f64) {
    m.insert_rows(SHEET, at, 1).unwrap();
    let (name_col, rock, pk) = (
        col(m, "Name"),
        col(m, "Rock-type mining (t REO)"),
        col(m, "parent_key"),
    );
    m.set_user_input(SHEET, at, name_col, name.to_owned())
        .unwrap();
    m.set_user_input(SHEET, at, rock, amount.to_string())
        .unwrap();
    m.set_user_input(SHEET, at, pk, parent_key.to_string())
        .unwrap();
}

#[test]
fn rows_inserted_anywhere_in_a_block_with_the_parents_key_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), &config("example-2018-provinces.json"), &[]);
    let mut m = load(&path);
    m.evaluate();
    let rem = col(&m, "Rock-type mining: unallocated (t REO)");
    let key = col(&m, "key");
    let remainder = |m: &Model, id: &str| number(m, row(m, id), rem);
    let (jx0, nm0, national0) = (remainder(&m, "jx"), remainder(&m, "nm"), number(&m, 2, rem));
    let jx_key = number(&m, row(&m, "jx"), key);
    let nm_key = number(&m, row(&m, "nm"), key);

    // Directly under the parent's row.
    let at = row(&m, "jx") + 1;
    insert(&mut m, at, "新企业 A", 100, jx_key);
    m.evaluate();
    assert_eq!(remainder(&m, "jx"), jx0 - 100.0, "under the parent");
    // Between two children.
    let at = row(&m, "jx-minmetals");
    insert(&mut m, at, "新企业 B", 20, jx_key);
    m.evaluate();
    assert_eq!(remainder(&m, "jx"), jx0 - 120.0, "between children");
    // Two rows after the last child (Inner Mongolia's: nm-huamei).
    let at = row(&m, "nm-huamei") + 1;
    insert(&mut m, at, "新企业 C", 5, nm_key);
    insert(&mut m, at + 1, "新企业 D", 7, nm_key);
    m.evaluate();
    assert_eq!(remainder(&m, "nm"), nm0 - 12.0, "two after the last child");
    // National counts only its own children: unchanged.
    assert_eq!(number(&m, 2, rem), national0);
    // A new top-level row typed under the table counts for national.
    let (h, _) = size(&m);
    let (name_col, rock, pk) = (
        col(&m, "Name"),
        col(&m, "Rock-type mining (t REO)"),
        col(&m, "parent_key"),
    );
    m.set_user_input(SHEET, h + 1, name_col, "新省".to_owned())
        .unwrap();
    m.set_user_input(SHEET, h + 1, rock, "30".to_owned())
        .unwrap();
    m.set_user_input(SHEET, h + 1, pk, "1".to_owned()).unwrap();
    m.evaluate();
    assert_eq!(
        number(&m, 2, rem),
        national0 - 30.0,
        "typed under the table"
    );
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The node with `id` anywhere in a plan's JSON, with its parent's id.
fn find<'a>(nodes: &'a Value, id: &str, parent: &str) -> Option<(&'a Value, String)> {
    for n in nodes.as_array()? {
        if n["id"] == id {
            return Some((n, parent.to_owned()));
        }
        if let Some(found) = find(&n["nodes"], id, n["id"].as_str().unwrap()) {
            return Some(found);
        }
    }
    None
}

fn named<'a>(nodes: &'a Value, name: &str, parent: &str) -> Option<(&'a Value, String)> {
    for n in nodes.as_array()? {
        if n["name"] == name {
            return Some((n, parent.to_owned()));
        }
        if let Some(found) = named(&n["nodes"], name, n["id"].as_str().unwrap()) {
            return Some(found);
        }
    }
    None
}

#[test]
fn a_workbook_edited_and_saved_again_by_the_engine_imports_with_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let original = config("example-2018-provinces.json");
    let path = export(dir.path(), &original, &[]);
    let mut m = load(&path);
    let key = col(&m, "key");
    let jx_key = number(&m, row(&m, "jx"), key);
    let rock = col(&m, "Rock-type mining (t REO)");
    // A figure changed, a row inserted under Jiangxi, a note typed, a figure
    // typed as a formula.
    let sc = row(&m, "sc-jxcu");
    m.set_user_input(SHEET, sc, rock, "15000".to_owned())
        .unwrap();
    let at = row(&m, "jx") + 1;
    insert(&mut m, at, "赣州新企业", 700, jx_key);
    let note = col(&m, "Note");
    m.set_user_input(SHEET, row(&m, "sd"), note, "核查中".to_owned())
        .unwrap();
    let ion = col(&m, "Ion-adsorption mining (t REO)");
    let gd = row(&m, "gd");
    let before = number(&m, gd, ion);
    m.set_user_input(SHEET, gd, ion, format!("={before}-100"))
        .unwrap();
    m.evaluate();
    let resaved = dir.path().join("resaved.xlsx");
    ironcalc::export::save_to_xlsx(&m, resaved.to_str().unwrap()).unwrap();

    let r = allot(dir.path(), &["import", "resaved.xlsx", "-o", "back.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Said: the new row's id, the formula read from its saved result.
    assert!(r.stderr.contains("was given the id jx-1"), "{}", r.stderr);
    assert!(r.stderr.contains("its saved result"), "{}", r.stderr);
    let back = read_json(&dir.path().join("back.json"));
    let (new, parent) = named(&back["nodes"], "赣州新企业", "").expect("the new row");
    assert_eq!(parent, "jx");
    assert_eq!(new["alloc"]["rock"], 700);
    let (jxcu, _) = find(&back["nodes"], "sc-jxcu", "").unwrap();
    assert_eq!(jxcu["alloc"]["rock"], 15_000);
    let (sd, _) = find(&back["nodes"], "sd", "").unwrap();
    assert_eq!(sd["note"], "核查中");
    let (gd_node, _) = find(&back["nodes"], "gd", "").unwrap();
    assert_eq!(gd_node["alloc"]["ion"].as_f64(), Some(before - 100.0));
    // The rest is as it was: title, year, unit, levels, quotas, locks.
    let orig = read_json(&original);
    for k in ["title", "year", "unit", "levels", "quotas"] {
        assert_eq!(back[k], orig[k], "{k}");
    }
    let (northern, _) = find(&back["nodes"], "nm-northern", "").unwrap();
    let (northern0, _) = find(&orig["nodes"], "nm-northern", "").unwrap();
    assert_eq!(northern["locked"], northern0["locked"]);
    // And allot's remainder for Jiangxi is the engine's.
    let jx_rem = number(
        &m,
        row(&m, "jx"),
        col(&m, "Rock-type mining: unallocated (t REO)"),
    );
    let (jx, _) = find(&back["nodes"], "jx", "").unwrap();
    let children: f64 = jx["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["alloc"]["rock"].as_f64().unwrap_or(0.0))
        .sum();
    let own = jx["alloc"]["rock"].as_f64().unwrap_or(0.0);
    assert_eq!(own - children, jx_rem);
}

#[test]
fn export_then_import_gives_back_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    for plan in ["sample-plan.json", "example-2018-provinces.json"] {
        let src = config(plan);
        export(dir.path(), &src, &["--force"]);
        let r = allot(
            dir.path(),
            &["import", "plan.xlsx", "-o", "back.json", "--force"],
        );
        assert_eq!(r.code, 0, "{plan}: {}", r.stderr);
        assert_eq!(
            read_json(&dir.path().join("back.json")),
            read_json(&src),
            "{plan}: values, names, locks, notes, batches, kinds, title, year, levels"
        );
    }
    // A workbook written in Chinese reads back the same.
    let src = config("sample-plan.json");
    let r = allot(
        dir.path(),
        &[
            "--lang",
            "zh-CN",
            "export",
            src.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            "zh.xlsx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = allot(dir.path(), &["import", "zh.xlsx", "-o", "zh.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read_json(&dir.path().join("zh.json")), read_json(&src));
}

/// Export, change the table with `edit`, save with the engine, import:
/// the exit code and what was said.
fn import_edited(edit: impl FnOnce(&mut Model)) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), &config("example-2018-provinces.json"), &[]);
    let mut m = load(&path);
    edit(&mut m);
    m.evaluate();
    let out = dir.path().join("edited.xlsx");
    ironcalc::export::save_to_xlsx(&m, out.to_str().unwrap()).unwrap();
    let r = allot(dir.path(), &["import", "edited.xlsx", "-o", "back.json"]);
    if r.code != 0 {
        assert!(!dir.path().join("back.json").exists(), "nothing written");
    }
    r
}

#[test]
fn problems_in_a_workbook_name_the_sheet_and_cell() {
    // A fraction of a tonne.
    let r = import_edited(|m| {
        let (r, c) = (row(m, "sc"), col(m, "Rock-type mining (t REO)"));
        m.set_user_input(SHEET, r, c, "12.5".to_owned()).unwrap();
    });
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("plan.xlsx") || r.stderr.contains("edited.xlsx"));
    assert!(r.stderr.contains("Allocation!B"), "{}", r.stderr);
    assert!(r.stderr.contains("12.5"), "{}", r.stderr);
    // A new row that says nothing of where it goes.
    let r = import_edited(|m| {
        let at = row(m, "sd");
        m.insert_rows(SHEET, at, 1).unwrap();
        let c = col(m, "Name");
        m.set_user_input(SHEET, at, c, "无主".to_owned()).unwrap();
    });
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("parent_key"), "{}", r.stderr);
    // A header renamed.
    let r = import_edited(|m| {
        let c = col(m, "Ion-adsorption mining (t REO)");
        m.set_user_input(SHEET, 1, c, "ion".to_owned()).unwrap();
    });
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Ion-adsorption mining (t REO)"),
        "{}",
        r.stderr
    );
    // A sum column typed over with a figure that does not add up.
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), &config("sample-plan.json"), &[]);
    let mut m = load(&path);
    let c = (1..=size(&m).1)
        .find(|&c| text(&m, 1, c).contains("all batches"))
        .unwrap();
    m.set_user_input(SHEET, 3, c, "1".to_owned()).unwrap();
    m.evaluate();
    let out = dir.path().join("sum.xlsx");
    ironcalc::export::save_to_xlsx(&m, out.to_str().unwrap()).unwrap();
    let r = allot(dir.path(), &["import", "sum.xlsx", "-o", "back.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let letter = char::from(b'A' + u8::try_from(c - 1).unwrap());
    assert!(
        r.stderr.contains(&format!("Allocation!{letter}3")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("adds up others"), "{}", r.stderr);
}

#[test]
fn a_workbook_allot_did_not_write_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = Model::new_empty("other", "en", "UTC", "en").unwrap();
    m.set_user_input(0, 1, 1, "name".to_owned()).unwrap();
    ironcalc::export::save_to_xlsx(&m, dir.path().join("other.xlsx").to_str().unwrap()).unwrap();
    let r = allot(dir.path(), &["import", "other.xlsx", "-o", "back.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no sheet `allot`"), "{}", r.stderr);
    assert!(!dir.path().join("back.json").exists());
}
