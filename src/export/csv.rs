//! CSV (RFC 4180, UTF-8, CRLF line ends, header row).
//!
//! Columns: `level`, `path`, `id`, `name`, one column per quota id with the
//! node's value, one `<quota id>_unallocated` column per quota with the
//! node's remainder (empty for leaves), then `locked` and `note`. Numbers are
//! plain integers.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) are neutralised with a leading
//! apostrophe, which spreadsheets show as text; `allot import` removes it
//! again.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::{Table, TableRow};

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Prefix text that a spreadsheet would run as a formula with `'`.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    // Text that already starts with apostrophes before a formula character
    // gets one more, so that unneutralise gives it back whole.
    if s.trim_start_matches('\'').starts_with(FORMULA_START) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undo [`neutralise`].
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_START) => rest,
        _ => s,
    }
}

/// Quote a field when RFC 4180 needs it.
pub fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// A text cell: neutralised, then quoted as needed.
fn text(s: &str) -> String {
    field(&neutralise(s)).into_owned()
}

/// The header row's names.
pub fn header(quota_ids: &[String]) -> Vec<String> {
    let mut h: Vec<String> = ["level", "path", "id", "name"].map(str::to_owned).to_vec();
    h.extend(quota_ids.iter().cloned());
    h.extend(quota_ids.iter().map(|q| format!("{q}_unallocated")));
    h.push("locked".to_owned());
    h.push("note".to_owned());
    h
}

/// The table as CSV text.
///
/// # Panics
/// Never: writing to memory does not fail, and CSV of text is text.
pub fn write(table: &Table) -> String {
    let mut out = Vec::new();
    write_to(table, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("CSV of text is text")
}

/// The table as CSV, written to `w` row by row (a big table is never held
/// as text).
///
/// # Errors
/// When writing to `w` fails.
pub fn write_to(table: &Table, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_rows(&table.quota_ids, table.iter(), w)
}

/// [`write_to`] for the rows `rows` of a table with quotas `quota_ids`, as
/// they come.
///
/// # Errors
/// When writing to `w` fails.
pub fn write_rows<R: std::borrow::Borrow<TableRow>>(
    quota_ids: &[String],
    rows: impl IntoIterator<Item = R>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let head: Vec<String> = header(quota_ids).iter().map(|h| text(h)).collect();
    w.write_all(head.join(",").as_bytes())?;
    w.write_all(b"\r\n")?;
    let mut out = String::new();
    for r in rows {
        crate::storage::progress::tick();
        let r: &TableRow = r.borrow();
        out.clear();
        let _ = write!(
            out,
            "{},{},{},{}",
            r.level,
            text(&r.path),
            text(&r.id),
            text(&r.name)
        );
        for v in &r.values {
            let _ = write!(out, ",{v}");
        }
        for q in 0..quota_ids.len() {
            out.push(',');
            if let Some(rem) = &r.remainders {
                let _ = write!(out, "{}", rem[q]);
            }
        }
        let _ = write!(
            out,
            ",{},{}\r\n",
            if r.locked { "true" } else { "" },
            text(r.note.as_deref().unwrap_or(""))
        );
        w.write_all(out.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::example_2018 as sample;

    #[test]
    fn writes_the_documented_layout() {
        let plan = sample();
        let csv = write(&Table::new(&plan, None, None));
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            "level,path,id,name,rock,ion,smelting,rock_unallocated,ion_unallocated,smelting_unallocated,locked,note"
        );
        assert_eq!(
            lines.next().unwrap(),
            "0,,,national,100850,19150,115000,0,0,115000,,"
        );
        let nm = lines.next().unwrap();
        assert!(
            nm.starts_with("1,nm,nm,Inner Mongolia 内蒙古,69250,0,0,4250,0,0,,"),
            "{nm}"
        );
        let northern = lines.next().unwrap();
        assert!(
            northern.starts_with(
                "2,nm/nm-northern,nm-northern,China Northern Rare Earth 北方稀土,60000,0,0,,,,true,"
            ),
            "{northern}"
        );
    }

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
            assert_eq!(unneutralise(&neutralise(s)), s);
        }
        assert_eq!(neutralise("Sichuan"), "Sichuan");
        assert_eq!(unneutralise(&neutralise("'=x")), "'=x");
        assert_eq!(unneutralise("'quoted"), "'quoted");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
