//! Excel workbooks: the allocation table with live remainder formulas, and a
//! summary sheet.
//!
//! Sheet `Allocation` has the CSV's columns (`level`, `path`, `id`, `name`,
//! one value column per quota, one `<quota id>_unallocated` column per quota,
//! `locked`, `note`) and two hidden columns at the end, `key` (the row's
//! number in the table, national = 1) and `parent_key` (the key of the row's
//! parent; blank for the national row and for a row whose parent is not in
//! the file). The header row is bold and frozen, names are indented by level,
//! rows are grouped in Excel's outline by level (capped at 7, with the fold
//! buttons on the parent rows above), numbers use a thousands format.
//!
//! A parent's remainder cell is a live formula over its subtree's rows; with
//! three quotas, for a province in row 3 whose enterprises are rows 4 and 5:
//!
//! ```text
//! E3-SUMIFS(E3:E6,$N3:$N6,$M3)
//! ```
//!
//! (own value minus the values of the rows whose `parent_key` is this row's
//! `key`), with the true remainder as the cached result for readers that do
//! not recalculate. The range runs from the parent's own row (not counted:
//! its `parent_key` is another's key) to one row past its last descendant,
//! so a row a colleague inserts anywhere in the block (directly under the
//! parent, or after the last child, however many) falls inside the range and
//! the spreadsheet widens it; the work stays proportional to the subtree
//! rather than the whole sheet. The keys are numbers, not paths: `SUMIFS` matches text
//! case-insensitively, treats `*`, `?` and `~` as wildcards and a leading `<`,
//! `>` or `=` as a comparison, and refuses criteria over 255 characters, all
//! of which node ids and long paths allow. A parent whose children are not
//! all in the file (a depth-limited or one-subtree export) gets its remainder
//! as a plain number instead, since a formula could not see the rest.
//!
//! Text is always written as strings (never formulas), so a name such as
//! `=HYPERLINK(...)` stays text; xlsx cells are typed, so no apostrophe is
//! needed.
//!
//! Sheet `Summary` holds the title, year, unit and export time (UTC), a table
//! of quotas (total, allocated, unallocated) and the rows directly under the
//! national row with their values and shares of the national totals, all as
//! formulas on the `Allocation` sheet with cached results.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, Formula, RowNum, Workbook,
    Worksheet, XlsxError,
};

use super::Table;
use super::split::{TableColumn, table_columns};
use crate::core::Plan;
use crate::core::amount::{group_signed, group_thousands};
use crate::core::layout::{Kind, Sel};
use crate::core::text;
use crate::storage::history::Entry;

/// Name of the table sheet (also used in the summary's formulas).
const ALLOCATION: &str = "Allocation";
/// Name of the summary sheet.
const SUMMARY: &str = "Summary";
/// Name of the history sheet.
const HISTORY: &str = "History";
/// Excel's deepest row outline level.
const MAX_OUTLINE: usize = 7;
/// Excel's largest cell indent.
const MAX_INDENT: usize = 15;
/// Widest column, in characters.
const MAX_WIDTH: usize = 60;
/// Excel's limit on the text of one cell, in UTF-16 units.
const MAX_TEXT: usize = 32_767;
/// Excel's last row (1-based).
const LAST_ROW: usize = 1_048_576;
/// From this many rows on, the allocation sheet is written row by row
/// (constant memory) rather than held whole until saved.
const STREAM_ROWS: usize = 20_000;
/// Thousands format for values.
const THOUSANDS: &str = "#,##0";
/// Thousands format for remainders: over-allocation in red.
const SIGNED_THOUSANDS: &str = "#,##0;[Red]-#,##0";
/// Format for shares.
const PERCENT: &str = "0.0%";

/// A sheet's name in the language in use (`Allocation` in English).
fn sheet(english: &str) -> String {
    let id = format!("xlsx-sheet-{}", english.to_ascii_lowercase());
    crate::i18n::tr_or(&id, english)
}

/// A sheet's name as a formula refers to it: quoted unless plain ASCII.
fn sheet_ref(english: &str) -> String {
    let name = sheet(english);
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The workbook's bytes.
///
/// # Errors
/// When the workbook cannot be built (for instance a table with more rows
/// than a worksheet holds).
pub fn write(
    origin: &Plan,
    plan: &Plan,
    table: &Table,
    history: Option<&[Entry]>,
) -> Result<Vec<u8>, String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    write_at(origin, plan, table, history, now)
}

/// [`write`] with the export time given, in seconds since 1970 (UTC).
pub(crate) fn write_at(
    origin: &Plan,
    plan: &Plan,
    table: &Table,
    history: Option<&[Entry]>,
    unix_secs: u64,
) -> Result<Vec<u8>, String> {
    let changed: usize = history.map_or(0, |h| h.iter().map(|e| e.changes.len().max(1)).sum());
    if changed + 1 > LAST_ROW {
        return Err(crate::t!(
            "xlsx-history-too-long",
            count = group_thousands(changed as u128),
            max = group_thousands(LAST_ROW as u128 - 1)
        ));
    }
    if table.len() + 1 > LAST_ROW {
        return Err(crate::t!(
            "xlsx-too-long",
            count = group_thousands(table.len() as u128),
            max = group_thousands(LAST_ROW as u128 - 1)
        ));
    }
    build(origin, plan, table, history, (unix_secs, STREAM_ROWS))
        .map_err(|e| crate::t!("xlsx-cannot-build", error = e.to_string()))
}

/// Where the columns of the `Allocation` sheet are: the name first, then
/// the figures, the remainders, `locked` and `note`, and the technical
/// columns last (grouped and folded away).
struct Columns {
    /// Number of quotas.
    nq: usize,
}

impl Columns {
    const NAME: ColNum = 0;

    fn value(q: usize) -> ColNum {
        col(1 + q)
    }
    fn remainder(&self, q: usize) -> ColNum {
        col(1 + self.nq + q)
    }
    fn locked(&self) -> ColNum {
        col(1 + 2 * self.nq)
    }
    fn note(&self) -> ColNum {
        col(2 + 2 * self.nq)
    }
    fn level(&self) -> ColNum {
        col(3 + 2 * self.nq)
    }
    fn path(&self) -> ColNum {
        col(4 + 2 * self.nq)
    }
    fn id(&self) -> ColNum {
        col(5 + 2 * self.nq)
    }
    fn key(&self) -> ColNum {
        col(6 + 2 * self.nq)
    }
    fn parent_key(&self) -> ColNum {
        col(7 + 2 * self.nq)
    }
    fn count(&self) -> usize {
        8 + 2 * self.nq
    }
}

/// How the table's rows hang together.
struct Shape {
    /// Index of each row's parent row, when the parent is in the table.
    parent: Vec<Option<usize>>,
    /// Index of each row's last descendant in the table (itself for none).
    last: Vec<usize>,
    /// Whether all of the row's children in the plan are in the table.
    complete: Vec<bool>,
}

impl Shape {
    fn new(plan: &Plan, table: &Table) -> Self {
        let n = table.len();
        // Each node's row, by node (a vector over the plan's nodes, not a
        // map: a million rows).
        let mut index: Vec<usize> = vec![usize::MAX; plan.slots()];
        for i in 0..n {
            index[table.node_level(i).0.0] = i;
        }
        let parent: Vec<Option<usize>> = (0..n)
            .map(|i| {
                plan.parent(table.node_level(i).0)
                    .map(|p| index[p.0])
                    .filter(|&r| r != usize::MAX)
            })
            .collect();
        drop(index);
        let mut children = vec![0usize; n];
        for p in parent.iter().flatten() {
            children[*p] += 1;
        }
        let complete = (0..n)
            .zip(&children)
            .map(|(i, &c)| plan.children(table.node_level(i).0).len() == c)
            .collect();
        // Rows are in tree order: a row's descendants follow it, deeper than
        // it, until the first row at its level or above.
        let mut last: Vec<usize> = vec![n.saturating_sub(1); n];
        let mut open: Vec<usize> = Vec::new();
        for i in 0..n {
            let level = table.node_level(i).1;
            while let Some(&top) = open.last() {
                if table.node_level(top).1 < level {
                    break;
                }
                last[top] = i - 1;
                open.pop();
            }
            open.push(i);
        }
        Self {
            parent,
            last,
            complete,
        }
    }
}

pub(crate) fn build(
    origin: &Plan,
    plan: &Plan,
    table: &Table,
    history: Option<&[Entry]>,
    (unix_secs, stream_from): (u64, usize),
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let stamp = iso8601(unix_secs);
    let meta = plan.meta();
    let mut properties = DocProperties::new()
        .set_title(
            meta.title
                .clone()
                .unwrap_or_else(|| crate::t!("xlsx-doc-title")),
        )
        .set_subject(subject(plan))
        .set_comment(crate::t!(
            "xlsx-doc-comment",
            subject = subject(plan),
            version = env!("CARGO_PKG_VERSION"),
            time = stamp.as_str()
        ));
    let created = i64::try_from(unix_secs)
        .ok()
        .and_then(|s| ExcelDateTime::from_timestamp(s).ok());
    if let Some(created) = created {
        properties = properties.set_creation_datetime(&created);
    }
    workbook.set_properties(&properties);

    let shape = Shape::new(plan, table);
    let cols = Columns {
        nq: table.quota_ids.len(),
    };
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| crate::t!("xlsx-doc-title"));
    let figures = Figures::new(origin, table);
    // A big table goes to the file row by row instead of being held whole
    // (a temporary file per sheet; the rows are written in order).
    let streamed = table.len() >= stream_from;
    let ws = if streamed {
        workbook.add_worksheet_with_constant_memory()?
    } else {
        workbook.add_worksheet()
    };
    allocation_sheet(ws, table, (&shape, &cols, &figures), &title, streamed)?;
    let summary = (&shape, &cols, &figures);
    summary_sheet(workbook.add_worksheet(), plan, table, summary, &stamp)?;
    if let Some(entries) = history {
        history_sheet(workbook.add_worksheet(), plan, entries)?;
    }
    about_sheet(workbook.add_worksheet(), origin, table, &cols, &figures)?;
    // The zip is made in memory: what the sheets needed goes first.
    drop((shape, figures));
    workbook.save_to_buffer()
}

/// Sheet `History`: the plan's history, oldest first, a row per figure
/// changed (the entry's time, who, what and why on its first row), the
/// figures as numbers and the difference as a formula.
fn history_sheet(ws: &mut Worksheet, plan: &Plan, entries: &[Entry]) -> Result<(), XlsxError> {
    use super::history::{lines, time};
    ws.set_name(sheet(HISTORY))?;
    let styles = Styles::new();
    let heads = [
        "xlsx-h-time",
        "xlsx-h-who",
        "xlsx-h-change",
        "xlsx-h-reason",
        "xlsx-h-path",
        "xlsx-h-name",
        "xlsx-h-quota",
        "xlsx-h-batch",
        "xlsx-h-old",
        "xlsx-h-new",
        "xlsx-h-difference",
    ]
    .map(|id| crate::i18n::tr(id, &[]));
    let mut widths = vec![0usize; heads.len()];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, col(c), h, &styles.bold)?;
        widen(&mut widths, col(c), h);
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, l) in lines(plan, entries).iter().enumerate() {
        let r = sheet_row(i);
        if let Some(e) = l.entry {
            let when = time(&e.time);
            widen(&mut widths, 0, write_text(ws, r, 0, &when, None)?);
            widen(&mut widths, 1, write_text(ws, r, 1, &e.user, None)?);
            let what = write_text(ws, r, 2, &e.action, None)?;
            widths[2] = widths[2].max(text_width(what).min(40));
            if let Some(why) = &e.reason {
                let why = write_text(ws, r, 3, why, None)?;
                widths[3] = widths[3].max(text_width(why).min(40));
            }
        }
        widen(&mut widths, 4, write_text(ws, r, 4, &l.path, None)?);
        widen(&mut widths, 5, write_text(ws, r, 5, &l.name, None)?);
        widen(&mut widths, 6, write_text(ws, r, 6, l.quota, None)?);
        widen(&mut widths, 7, write_text(ws, r, 7, l.batch, None)?);
        if let Some((old, new)) = l.figures {
            ws.write_number_with_format(r, 8, amount(old), &styles.thousands)?;
            ws.write_number_with_format(r, 9, amount(new), &styles.thousands)?;
            let row = u64::from(r) + 1;
            let d = i128::from(new) - i128::from(old);
            let f = Formula::new(format!("J{row}-I{row}")).set_result(d.to_string());
            ws.write_formula_with_format(r, 10, f, &styles.signed)?;
            for (c, v) in [
                (8, group_thousands(u128::from(old))),
                (9, group_thousands(u128::from(new))),
                (10, group_signed(d)),
            ] {
                widen(&mut widths, c, &v);
            }
        }
    }
    for (c, &w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), width(w))?;
    }
    Ok(())
}

/// Name of the hidden sheet that describes the plan for `allot import`.
pub const ABOUT: &str = "allot";
/// The text of its first cell.
pub const ABOUT_MARK: &str = "allot workbook";
/// The version of what it holds.
pub const ABOUT_VERSION: u32 = 1;

/// The hidden sheet `allot`: what the table has no place for (the title,
/// year, unit, level names, the kinds with their units and sums, the
/// batches) and what each column of the `Allocation` sheet is, by its
/// header, so that `allot import` reads the workbook back into the same
/// plan even after columns were moved or added. A row per fact: its name
/// in column A, its values after it.
fn about_sheet(
    ws: &mut Worksheet,
    origin: &Plan,
    table: &Table,
    cols: &Columns,
    figures: &Figures,
) -> Result<(), XlsxError> {
    ws.set_name(ABOUT)?;
    ws.set_hidden(true);
    let mut rows: Vec<Vec<String>> = vec![
        vec![ABOUT_MARK.to_owned(), ABOUT_VERSION.to_string()],
        vec!["sheet".to_owned(), sheet(ALLOCATION)],
    ];
    let meta = origin.meta();
    if let Some(t) = &meta.title {
        rows.push(vec!["title".to_owned(), t.clone()]);
    }
    if let Some(y) = meta.year {
        rows.push(vec!["year".to_owned(), y.to_string()]);
    }
    if let Some(u) = &meta.unit {
        rows.push(vec!["unit".to_owned(), u.clone()]);
    }
    let mut levels = vec!["levels".to_owned()];
    levels.extend(meta.levels.iter().cloned());
    rows.push(levels);
    let layout = origin.layout();
    let kinds = layout.kinds();
    for k in kinds {
        let sum_of: Vec<&str> = k.sum_of.iter().map(|&p| kinds[p].id.as_str()).collect();
        rows.push(vec![
            "kind".to_owned(),
            k.id.clone(),
            k.name.clone(),
            k.unit.clone().unwrap_or_default(),
            sum_of.join(" "),
        ]);
    }
    for b in layout.batches() {
        rows.push(vec![
            "batch".to_owned(),
            b.id.clone(),
            b.name.clone(),
            b.date.clone().unwrap_or_default(),
            b.notice.clone().unwrap_or_default(),
        ]);
    }
    if table.partial {
        rows.push(vec!["partial".to_owned(), "TRUE".to_owned()]);
    }
    let heads = allocation_heads(figures);
    for (c, head) in heads.iter().enumerate() {
        let (role, kind, batch) = column_role(cols, figures, layout, c);
        rows.push(vec![
            "column".to_owned(),
            role.to_owned(),
            head.clone(),
            kind,
            batch,
        ]);
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                write_text(ws, row_num(r), col(c), v, None)?;
            }
        }
    }
    Ok(())
}

/// What column `c` of the `Allocation` sheet is: its role, and for a
/// figure or remainder the kind's id and the batch's (`*`: the cumulative;
/// empty without batches).
fn column_role(
    cols: &Columns,
    figures: &Figures,
    layout: &crate::core::layout::Layout,
    c: usize,
) -> (&'static str, String, String) {
    let nq = cols.nq;
    let figure = |q: usize| {
        let tc = &figures.columns[q];
        let kind = layout
            .kinds()
            .get(tc.kind)
            .map_or_else(|| tc.id.clone(), |k| k.id.clone());
        let batch = match tc.sel {
            Sel::Cumulative => "*".to_owned(),
            Sel::Batch(b) => layout
                .batches()
                .get(b)
                .map(|b| b.id.clone())
                .unwrap_or_default(),
        };
        (kind, batch)
    };
    if c == 0 {
        return ("name", String::new(), String::new());
    }
    if c <= nq {
        let (k, b) = figure(c - 1);
        let role = if figures.sums[c - 1].is_some() {
            "sum"
        } else {
            "value"
        };
        return (role, k, b);
    }
    if c <= 2 * nq {
        let (k, b) = figure(c - 1 - nq);
        return ("unallocated", k, b);
    }
    let role = match c - 2 * nq {
        1 => "locked",
        2 => "note",
        t => TECHNICAL[t - 3],
    };
    (role, String::new(), String::new())
}

/// `Quota allocation, 2018, t REO` (the year when the plan has one).
fn subject(plan: &Plan) -> String {
    let meta = plan.meta();
    let mut parts = Vec::new();
    if let Some(y) = meta.year {
        parts.push(y.to_string());
    }
    parts.push(plan.unit_label().to_owned());
    crate::t!("xlsx-doc-subject", facts = parts.join(", "))
}

/// The cell formats.
struct Styles {
    bold: Format,
    /// The header row: bold, wrapped, at the top of its cell.
    head: Format,
    /// A figure that is the sum of others in its row: italic.
    sum: Format,
    thousands: Format,
    signed: Format,
    percent: Format,
    /// Indented text, by level.
    indents: Vec<Format>,
}

impl Styles {
    fn new() -> Self {
        Self {
            bold: Format::new().set_bold(),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            sum: Format::new().set_num_format(THOUSANDS).set_italic(),
            thousands: Format::new().set_num_format(THOUSANDS),
            signed: Format::new().set_num_format(SIGNED_THOUSANDS),
            percent: Format::new().set_num_format(PERCENT),
            indents: (0..=MAX_INDENT)
                .map(|i| Format::new().set_indent(u8::try_from(i).unwrap_or(u8::MAX)))
                .collect(),
        }
    }
}

/// What each figure column of the table is: its header (name and unit),
/// and, for a column that is the sum of others in its row (a derived kind,
/// the cumulative of the batches), those columns.
struct Figures {
    heads: Vec<String>,
    remainder_heads: Vec<String>,
    sums: Vec<Option<Vec<usize>>>,
    columns: Vec<TableColumn>,
}

impl Figures {
    /// The figure columns of `origin` (the plan before its batches and
    /// derived kinds were laid side by side) as `table` has them.
    fn new(origin: &Plan, table: &Table) -> Self {
        let layout = origin.layout();
        let mut columns = table_columns(layout, None);
        if columns.len() != table.quota_ids.len() {
            // A table of some other shape: every column stored, as named.
            columns = table
                .quota_ids
                .iter()
                .zip(&table.quota_names)
                .enumerate()
                .map(|(q, (id, name))| TableColumn {
                    id: id.clone(),
                    name: name.clone(),
                    unit: None,
                    kind: q,
                    sel: Sel::Batch(0),
                })
                .collect();
        }
        let at: HashMap<(usize, Sel), usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.kind, c.sel), i))
            .collect();
        let sums = columns
            .iter()
            .map(|c| {
                let derived = layout.kinds().get(c.kind).is_some_and(Kind::is_derived);
                (derived || c.sel == Sel::Cumulative).then(|| {
                    layout
                        .columns_of(c.kind, c.sel)
                        .into_iter()
                        .filter_map(|e| {
                            let (k, b) = layout.column_of(e);
                            at.get(&(k, Sel::Batch(b))).copied()
                        })
                        .collect()
                })
            })
            .collect();
        let units: Vec<&str> = columns
            .iter()
            .map(|c| c.unit.as_deref().unwrap_or_else(|| origin.unit_label()))
            .collect();
        // Two kinds may share a name and unit: the id tells them apart.
        let names: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let same = |j: usize| columns[j].name == c.name && units[j] == units[i];
                if (0..columns.len()).any(|j| j != i && same(j)) {
                    format!("{} [{}]", c.name, c.id)
                } else {
                    c.name.clone()
                }
            })
            .collect();
        let heads = names
            .iter()
            .zip(&units)
            .map(|(n, &u)| crate::t!("xlsx-col-value", name = n.as_str(), unit = u))
            .collect();
        let remainder_heads = names
            .iter()
            .zip(&units)
            .map(|(n, &u)| crate::t!("xlsx-col-unallocated", name = n.as_str(), unit = u))
            .collect();
        Self {
            heads,
            remainder_heads,
            sums,
            columns,
        }
    }
}

fn allocation_sheet(
    ws: &mut Worksheet,
    table: &Table,
    (shape, cols, figures): (&Shape, &Columns, &Figures),
    title: &str,
    streamed: bool,
) -> Result<(), XlsxError> {
    ws.set_name(sheet(ALLOCATION))?;
    let styles = Styles::new();
    let mut widths = vec![0usize; cols.count()];
    for (c, h) in allocation_heads(figures).iter().enumerate() {
        ws.write_string_with_format(0, col(c), h, &styles.head)?;
        // A long header wraps rather than widening its column past 20.
        widths[c] = text_width(h).min(20);
    }
    for i in 0..table.len() {
        crate::storage::progress::tick();
        allocation_row(ws, &mut widths, &styles, table, shape, cols, figures, i)?;
        // Each row's outline level is its level (capped at Excel's 7). A
        // streamed sheet has none (the crate does not write it there), so
        // the crate is not asked to remember a level for each row.
        if !streamed {
            let row = sheet_row(i);
            for _ in 0..table.node_level(i).1.min(MAX_OUTLINE) {
                ws.group_rows(row, row)?;
            }
        }
    }
    for (c, &w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), width(w))?;
    }
    // The technical columns at the end, grouped and folded away; `key`
    // and `parent_key` hidden as well.
    ws.group_columns_collapsed(cols.level(), cols.parent_key())?;
    ws.set_column_hidden(cols.key())?;
    ws.set_column_hidden(cols.parent_key())?;
    ws.set_freeze_panes(1, 1)?;
    ws.group_symbols_above(true);
    // Printed: A4 landscape, one page wide, the header row on every page,
    // the plan's title and the date at the top (`&` doubled: it starts
    // Excel's header codes; the header holds at most 255 characters).
    let title: String = title.replace('&', "&&").chars().take(200).collect();
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_header(format!("&L{title}&R&D"));
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The header row of the `Allocation` sheet, column by column.
fn allocation_heads(figures: &Figures) -> Vec<String> {
    let mut head = vec![crate::t!("xlsx-col-name")];
    head.extend(figures.heads.iter().cloned());
    head.extend(figures.remainder_heads.iter().cloned());
    head.push(crate::t!("xlsx-col-locked"));
    head.push(crate::t!("xlsx-col-note"));
    head.extend(TECHNICAL.iter().map(|&t| t.to_owned()));
    head
}

/// The technical columns' headers, in order (not translated: they are
/// what a script or allot itself looks for).
const TECHNICAL: [&str; 5] = ["level", "path", "id", "key", "parent_key"];

/// Table row `i`, at sheet row `i + 1` (A1 row `i + 2`).
#[allow(clippy::too_many_arguments, reason = "the row's parts, all read")]
fn allocation_row(
    ws: &mut Worksheet,
    widths: &mut [usize],
    styles: &Styles,
    table: &Table,
    shape: &Shape,
    cols: &Columns,
    figures: &Figures,
    i: usize,
) -> Result<(), XlsxError> {
    let r = table.row(i);
    let r = &*r;
    let row = sheet_row(i);
    let indent = r.level.min(MAX_INDENT);
    let shown = if i == 0 {
        crate::say::node(&r.name)
    } else {
        r.name.clone()
    };
    let name = write_text(
        ws,
        row,
        Columns::NAME,
        &shown,
        Some(&styles.indents[indent]),
    )?;
    // An indent step is about three characters wide.
    let name_width = &mut widths[usize::from(Columns::NAME)];
    *name_width = (*name_width).max(text_width(name) + 3 * indent);
    for (q, &v) in r.values.iter().enumerate() {
        let c = Columns::value(q);
        match figures.sums.get(q).and_then(Option::as_ref) {
            Some(parts) if !parts.is_empty() => {
                let a1 = i + 2;
                let sum = parts
                    .iter()
                    .map(|&p| format!("{}{a1}", column_number_to_name(Columns::value(p))))
                    .collect::<Vec<_>>()
                    .join("+");
                let f = Formula::new(sum).set_result(v.to_string());
                ws.write_formula_with_format(row, c, f, &styles.sum)?;
            }
            _ => {
                ws.write_number_with_format(row, c, amount(v), &styles.thousands)?;
            }
        }
        widen(widths, c, &group_thousands(u128::from(v)));
    }
    for (q, &rem) in r.remainders.iter().flatten().enumerate() {
        let c = cols.remainder(q);
        // A recipient's file has one subtree: its national remainder, when
        // shown, is the true one as a number, never a formula over the file.
        let live = shape.complete[i] && shape.last[i] > i && !(table.partial && i == 0);
        if live {
            let formula = remainder_formula(cols, q, i, shape.last[i]);
            let formula = Formula::new(formula).set_result(rem.to_string());
            ws.write_formula_with_format(row, c, formula, &styles.signed)?;
        } else {
            ws.write_number_with_format(row, c, signed_amount(rem), &styles.signed)?;
        }
        widen(widths, c, &group_signed(rem));
    }
    if r.locked {
        ws.write_boolean(row, cols.locked(), true)?;
        widen(widths, cols.locked(), "TRUE");
    }
    if let Some(note) = &r.note {
        let note = write_text(ws, row, cols.note(), note, None)?;
        let w = &mut widths[usize::from(cols.note())];
        *w = (*w).max(text_width(note).min(40));
    }
    ws.write_number(row, cols.level(), small(r.level))?;
    widen(widths, cols.level(), &r.level.to_string());
    widen(
        widths,
        cols.path(),
        write_text(ws, row, cols.path(), &r.path, None)?,
    );
    widen(
        widths,
        cols.id(),
        write_text(ws, row, cols.id(), &r.id, None)?,
    );
    ws.write_number(row, cols.key(), small(i + 1))?;
    if let Some(p) = shape.parent[i] {
        ws.write_number(row, cols.parent_key(), small(p + 1))?;
    }
    Ok(())
}

/// The remainder of quota `q` for table row `i` whose last descendant is
/// table row `last`: own value minus the values of the rows, from the next
/// one to one past `last`, whose `parent_key` is this row's `key`.
fn remainder_formula(cols: &Columns, q: usize, i: usize, last: usize) -> String {
    let v = column_number_to_name(Columns::value(q));
    let key = column_number_to_name(cols.key());
    let parent = column_number_to_name(cols.parent_key());
    // From the parent's own row (its `parent_key` is not its key, so it is
    // not counted) to one row past its block: a row inserted anywhere in the
    // block, directly under the parent or after the last child, falls inside
    // the range, and a spreadsheet widens the range to take it in.
    let own = i + 2;
    let first = own;
    let end = (last + 3).min(LAST_ROW);
    format!("{v}{own}-SUMIFS({v}{first}:{v}{end},${parent}{first}:${parent}{end},${key}{own})")
}

fn summary_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    table: &Table,
    (shape, cols, figures): (&Shape, &Columns, &Figures),
    stamp: &str,
) -> Result<(), XlsxError> {
    ws.set_name(sheet(SUMMARY))?;
    let styles = Styles::new();
    let nq = table.quota_ids.len();
    let mut widths = vec![0usize; (2 + 2 * nq).max(5)];
    let meta = plan.meta();

    let labels = ["xlsx-title", "xlsx-year", "xlsx-unit", "xlsx-exported"]
        .map(|id| crate::i18n::tr(id, &[]));
    for (r, label) in labels.iter().enumerate() {
        ws.write_string_with_format(row_num(r), 0, label, &styles.bold)?;
        widen(&mut widths, 0, label);
    }
    // The descriptive texts may be long: they do not set the column width.
    write_text(ws, 0, 1, meta.title.as_deref().unwrap_or(""), None)?;
    if let Some(y) = meta.year {
        #[allow(clippy::cast_precision_loss)] // years are small
        ws.write_number(1, 1, y as f64)?;
    }
    write_text(ws, 2, 1, plan.unit_label(), None)?;
    ws.write_string(3, 1, stamp)?;
    widen(&mut widths, 1, stamp);

    let first = 5;
    summary_quotas(ws, &mut widths, &styles, table, cols, first)?;
    let at = first + nq + 2;
    summary_top_level(ws, &mut widths, &styles, table, shape, figures, at)?;
    for (c, &w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), width(w))?;
    }
    Ok(())
}

/// Per quota, from sheet row `first` on: total, allocated, unallocated, as
/// formulas on the national row of the `Allocation` sheet.
fn summary_quotas(
    ws: &mut Worksheet,
    widths: &mut [usize],
    styles: &Styles,
    table: &Table,
    cols: &Columns,
    first: usize,
) -> Result<(), XlsxError> {
    let national = table.row(0);
    let head = [
        "summary-quota",
        "summary-name",
        "summary-total",
        "summary-allocated",
        "ui-unallocated",
    ]
    .map(|id| crate::i18n::tr(id, &[]));
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(row_num(first), col(c), h, &styles.bold)?;
        widen(widths, col(c), h);
    }
    for q in 0..table.quota_ids.len() {
        let r = row_num(first + 1 + q);
        let a1 = first + 2 + q;
        let total = national.values[q];
        let Some(rem) = national.remainders.as_ref().map(|rs| rs[q]) else {
            // A recipient's file: the national total alone.
            widen(widths, 0, write_text(ws, r, 0, &table.quota_ids[q], None)?);
            widen(
                widths,
                1,
                write_text(ws, r, 1, &table.quota_names[q], None)?,
            );
            let v = column_number_to_name(Columns::value(q));
            ws.write_formula_with_format(
                r,
                col(2),
                Formula::new(format!("{}!{v}2", sheet_ref(ALLOCATION)))
                    .set_result(total.to_string()),
                &styles.thousands,
            )?;
            widen(widths, 2, &group_thousands(u128::from(total)));
            continue;
        };
        let allocated = i128::from(total) - rem;
        widen(widths, 0, write_text(ws, r, 0, &table.quota_ids[q], None)?);
        widen(
            widths,
            1,
            write_text(ws, r, 1, &table.quota_names[q], None)?,
        );
        let v = column_number_to_name(Columns::value(q));
        let rem_ref = column_number_to_name(cols.remainder(q));
        let cells = [
            (
                format!("{}!{v}2", sheet_ref(ALLOCATION)),
                total.to_string(),
                &styles.thousands,
            ),
            (
                format!("C{a1}-E{a1}"),
                allocated.to_string(),
                &styles.signed,
            ),
            (
                format!("{}!{rem_ref}2", sheet_ref(ALLOCATION)),
                rem.to_string(),
                &styles.signed,
            ),
        ];
        for (c, (f, result, format)) in cells.into_iter().enumerate() {
            ws.write_formula_with_format(
                r,
                col(2 + c),
                Formula::new(f).set_result(result),
                format,
            )?;
        }
        widen(widths, 2, &group_thousands(u128::from(total)));
        widen(widths, 3, &group_signed(allocated));
        widen(widths, 4, &group_signed(rem));
    }
    Ok(())
}

/// The rows directly under the national row (or, in a one-subtree file, the
/// subtree's root), from sheet row `first` on: per quota the value and the
/// share of the national total, as formulas on the `Allocation` sheet.
fn summary_top_level(
    ws: &mut Worksheet,
    widths: &mut [usize],
    styles: &Styles,
    table: &Table,
    shape: &Shape,
    figures: &Figures,
    first: usize,
) -> Result<(), XlsxError> {
    let national = table.row(0);
    // Headed like the allocation sheet: the quota's name and unit, and its
    // share of the national total.
    let mut head = vec!["id".to_owned(), crate::t!("xlsx-col-name")];
    for h in &figures.heads {
        head.push(h.clone());
        head.push(crate::t!("xlsx-col-share", name = h.as_str()));
    }
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(row_num(first), col(c), h, &styles.head)?;
        // A long header wraps rather than widening its column past 20.
        widths[c] = widths[c].max(text_width(h).min(20));
    }
    let tops = (1..table.len()).filter(|&i| shape.parent[i].is_none_or(|p| p == 0));
    for (k, i) in tops.enumerate() {
        let r = row_num(first + 1 + k);
        let row = table.row(i);
        let src = i + 2;
        widen(widths, 0, write_text(ws, r, 0, &row.id, None)?);
        widen(widths, 1, write_text(ws, r, 1, &row.name, None)?);
        for (q, (&value, &total)) in row.values.iter().zip(&national.values).enumerate() {
            let v = column_number_to_name(Columns::value(q));
            let c = col(2 + 2 * q);
            let value_formula = Formula::new(format!("{}!{v}{src}", sheet_ref(ALLOCATION)))
                .set_result(value.to_string());
            ws.write_formula_with_format(r, c, value_formula, &styles.thousands)?;
            widen(widths, c, &group_thousands(u128::from(value)));
            let ratio = if total == 0 {
                String::new()
            } else {
                (amount(value) / amount(total)).to_string()
            };
            let share_formula = Formula::new(format!(
                "IF({a}!${v}$2=0,\"\",{a}!{v}{src}/{a}!${v}$2)",
                a = sheet_ref(ALLOCATION)
            ))
            .set_result(ratio);
            ws.write_formula_with_format(r, c + 1, share_formula, &styles.percent)?;
            widen(widths, c + 1, "100.0%");
        }
    }
    Ok(())
}

/// Write a text cell as a string (never a formula), cut to Excel's limit;
/// returns the text written, for the column width.
fn write_text<'a>(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    s: &'a str,
    format: Option<&Format>,
) -> Result<&'a str, XlsxError> {
    let s = fit_text(s);
    match (s.is_empty(), format) {
        (true, None) => {}
        (true, Some(f)) => {
            ws.write_blank(row, col, f)?;
        }
        (false, None) => {
            ws.write_string(row, col, s)?;
        }
        (false, Some(f)) => {
            ws.write_string_with_format(row, col, s, f)?;
        }
    }
    Ok(s)
}

/// `s`, cut to fit Excel's limit on a cell's text.
fn fit_text(s: &str) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT {
            return &s[..i];
        }
    }
    s
}

/// Display width of `s` in character cells (CJK count 2): its widest line.
fn text_width(s: &str) -> usize {
    s.lines().map(text::width).max().unwrap_or(0)
}

fn widen(widths: &mut [usize], c: ColNum, s: &str) {
    let w = &mut widths[usize::from(c)];
    *w = (*w).max(text_width(s));
}

/// A column width for content `w` characters wide: padded, within limits.
fn width(w: usize) -> f64 {
    let w = (w + 2).clamp(4, MAX_WIDTH);
    f64::from(u32::try_from(w).unwrap_or(60))
}

fn col(c: usize) -> ColNum {
    ColNum::try_from(c).unwrap_or(ColNum::MAX)
}

fn row_num(r: usize) -> RowNum {
    RowNum::try_from(r).unwrap_or(RowNum::MAX)
}

/// The sheet row (0-based, below the header) of table row `i`.
fn sheet_row(i: usize) -> RowNum {
    row_num(i + 1)
}

/// A level or row number as a cell value.
fn small(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// An amount as a cell value: exact, since amounts are at most 10^15 < 2^53.
#[allow(clippy::cast_precision_loss)]
fn amount(v: u64) -> f64 {
    v as f64
}

/// A remainder as a cell value (exact below 2^53 in magnitude).
#[allow(clippy::cast_precision_loss)]
fn signed_amount(v: i128) -> f64 {
    v as f64
}

use crate::storage::history::iso8601;

#[cfg(test)]
// The figures in these tests are small whole numbers, exact as f64.
#[allow(clippy::cast_precision_loss, clippy::float_cmp)]
mod tests {
    use std::io::{Cursor, Read as _};
    use std::time::Instant;

    use calamine::{Data, Range, Reader as _, Xlsx};
    use rust_xlsxwriter::utility::column_name_to_number;

    use super::*;
    use crate::core::ROOT;
    use crate::export::Table;
    use crate::storage::{example_2018 as sample, parse_plan};

    /// 2018-08-01T09:30:05Z.
    const WHEN: u64 = 1_533_115_805;

    fn workbook(plan: &Plan, table: &Table) -> Vec<u8> {
        write_at(plan, plan, table, None, WHEN).expect("the workbook builds")
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
    }

    fn sheets(bytes: &[u8]) -> (Range<Data>, Range<String>) {
        let mut book = open(bytes);
        let values = book.worksheet_range(ALLOCATION).unwrap();
        let formulas = book.worksheet_formula(ALLOCATION).unwrap();
        (values, formulas)
    }

    /// A file of the workbook (its XML).
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut file = zip.by_name(name).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        text
    }

    fn cell(range: &Range<Data>, row: usize, col: ColNum) -> Data {
        range
            .get_value((u32::try_from(row).unwrap(), u32::from(col)))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn formula(range: &Range<String>, row: usize, col: ColNum) -> String {
        range
            .get_value((u32::try_from(row).unwrap(), u32::from(col)))
            .cloned()
            .unwrap_or_default()
    }

    fn number(d: &Data) -> Option<f64> {
        match d {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    fn text(d: &Data) -> &str {
        match d {
            Data::String(s) => s,
            Data::Empty => "",
            other => panic!("not text: {other:?}"),
        }
    }

    /// `(column, 0-based row)` of an A1 reference such as `$E12`.
    fn parse_ref(r: &str) -> (ColNum, usize) {
        let r = r.replace('$', "");
        let split = r.find(|c: char| c.is_ascii_digit()).unwrap();
        let row: usize = r[split..].parse().unwrap();
        (column_name_to_number(&r[..split]), row - 1)
    }

    /// Evaluate `V{r}-SUMIFS(V{a}:V{b},$P{a}:$P{b},$K{r})` over the cell
    /// values, as a spreadsheet would.
    fn evaluate(f: &str, grid: &Range<Data>) -> f64 {
        let (own, rest) = f.split_once("-SUMIFS(").expect("a SUMIFS formula");
        let args: Vec<&str> = rest.strip_suffix(')').unwrap().split(',').collect();
        assert_eq!(args.len(), 3, "{f}");
        let (sum_from, sum_to) = args[0].split_once(':').unwrap();
        let (crit_from, crit_to) = args[1].split_once(':').unwrap();
        let ((sc, sa), (sc2, sb)) = (parse_ref(sum_from), parse_ref(sum_to));
        let ((cc, ca), (cc2, cb)) = (parse_ref(crit_from), parse_ref(crit_to));
        assert_eq!((sc, sa, sb), (sc2, ca, cb), "ranges of the same rows: {f}");
        assert_eq!(cc, cc2);
        let (oc, or) = parse_ref(own);
        let (kc, kr) = parse_ref(args[2]);
        let key = number(&cell(grid, kr, kc)).expect("a numeric key");
        let children: f64 = (sa..=sb)
            .filter(|&r| number(&cell(grid, r, cc)) == Some(key))
            .filter_map(|r| number(&cell(grid, r, sc)))
            .sum();
        number(&cell(grid, or, oc)).unwrap_or(0.0) - children
    }

    fn plan_from(nodes: &serde_json::Value, totals: &[u64]) -> Plan {
        let quotas: Vec<_> = ["rock", "ion", "smelting"]
            .iter()
            .zip(totals)
            .map(|(id, t)| serde_json::json!({"id": id, "name": format!("{id} quota"), "total": t}))
            .collect();
        let doc = serde_json::json!({
            "format": "allot-plan", "version": 1, "title": "Test 测试", "year": 2024,
            "unit": "t REO", "quotas": quotas, "nodes": nodes
        });
        parse_plan(&doc.to_string()).expect("test plan is valid")
    }

    /// Every cell of the table checked against the plan: values, texts,
    /// keys, and each remainder's formula, cached result and evaluation.
    fn check_table(plan: &Plan, table: &Table, bytes: &[u8]) {
        let (grid, formulas) = sheets(bytes);
        let cols = Columns {
            nq: table.quota_ids.len(),
        };
        let shape = Shape::new(plan, table);
        for (i, r) in table.rows.iter().enumerate() {
            let row = i + 1;
            assert_eq!(
                number(&cell(&grid, row, cols.level())),
                Some(r.level as f64)
            );
            assert_eq!(text(&cell(&grid, row, cols.path())), r.path);
            assert_eq!(text(&cell(&grid, row, cols.id())), r.id);
            let name = if i == 0 {
                crate::say::node(&r.name)
            } else {
                r.name.clone()
            };
            assert_eq!(text(&cell(&grid, row, Columns::NAME)), name);
            assert_eq!(
                text(&cell(&grid, row, cols.note())),
                r.note.as_deref().unwrap_or("")
            );
            assert_eq!(
                cell(&grid, row, cols.locked()),
                if r.locked {
                    Data::Bool(true)
                } else {
                    Data::Empty
                }
            );
            assert_eq!(number(&cell(&grid, row, cols.key())), Some((i + 1) as f64));
            assert_eq!(
                number(&cell(&grid, row, cols.parent_key())),
                shape.parent[i].map(|p| (p + 1) as f64)
            );
            for q in 0..cols.nq {
                assert_eq!(
                    number(&cell(&grid, row, Columns::value(q))),
                    Some(r.values[q] as f64)
                );
                let rem_cell = cell(&grid, row, cols.remainder(q));
                let f = formula(&formulas, row, cols.remainder(q));
                match &r.remainders {
                    None => {
                        assert_eq!(rem_cell, Data::Empty, "leaf {} has no remainder", r.path);
                        assert!(f.is_empty());
                    }
                    Some(rems) => {
                        let want = rems[q] as f64;
                        assert_eq!(
                            number(&rem_cell),
                            Some(want),
                            "cached remainder of {:?}",
                            r.path
                        );
                        assert_eq!(rems[q], plan.remainder(r.node, q));
                        if plan.children(r.node).is_empty() || !shape.complete[i] {
                            assert!(
                                f.is_empty(),
                                "{} has children outside the file: a number",
                                r.path
                            );
                        } else {
                            assert!(f.contains("SUMIFS("), "{f}");
                            assert!(f.len() < 80, "short formula: {f}");
                            assert_eq!(evaluate(&f, &grid), want, "{f} for {:?}", r.path);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_sample_has_the_name_first_then_the_figures_named_and_the_technical_columns_last() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let book = open(&bytes);
        assert_eq!(
            book.sheet_names(),
            vec![ALLOCATION.to_owned(), SUMMARY.to_owned(), ABOUT.to_owned()]
        );
        let (grid, _) = sheets(&bytes);
        let head: Vec<String> = (0..14)
            .map(|c| text(&cell(&grid, 0, c)).to_owned())
            .collect();
        assert_eq!(
            head,
            [
                "Name",
                "Rock-type mining (t REO)",
                "Ion-adsorption mining (t REO)",
                "Smelting and separation (t REO)",
                "Rock-type mining: unallocated (t REO)",
                "Ion-adsorption mining: unallocated (t REO)",
                "Smelting and separation: unallocated (t REO)",
                "Locked",
                "Note",
                "level",
                "path",
                "id",
                "key",
                "parent_key"
            ]
        );
        assert_eq!(grid.get_size(), (17, 14));
        // National totals, Inner Mongolia, names in Chinese.
        let national: Vec<_> = (1..4).map(|c| number(&cell(&grid, 1, c))).collect();
        assert_eq!(national, [Some(100_850.0), Some(19_150.0), Some(115_000.0)]);
        assert_eq!(text(&cell(&grid, 1, 0)), crate::say::node("national"));
        assert_eq!(text(&cell(&grid, 2, 0)), "Inner Mongolia 内蒙古");
        assert_eq!(number(&cell(&grid, 2, 1)), Some(69_250.0));
        assert_eq!(text(&cell(&grid, 3, 10)), "nm/nm-northern");
        assert_eq!(
            text(&cell(&grid, 3, 0)),
            "China Northern Rare Earth 北方稀土"
        );
        assert_eq!(cell(&grid, 3, 7), Data::Bool(true));
        check_table(&plan, &table, &bytes);
    }

    #[test]
    fn remainders_are_sumifs_over_the_subtree_with_the_true_remainder_cached() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let (grid, formulas) = sheets(&bytes);
        let nm = plan.find("nm").unwrap();
        let rock = plan.quota_index("rock").unwrap();
        let smelting = plan.quota_index("smelting").unwrap();
        // National (row 2): from its own row to one row past the last (16
        // table rows), children are the rows whose parent_key is national's
        // key (its own row's is not).
        assert_eq!(formula(&formulas, 1, 4), "B2-SUMIFS(B2:B18,$N2:$N18,$M2)");
        assert_eq!(formula(&formulas, 1, 6), "D2-SUMIFS(D2:D18,$N2:$N18,$M2)");
        // Inner Mongolia (row 3) has two enterprises (rows 4 and 5): its
        // range starts at its own row, so a row a colleague inserts directly
        // under it (at row 4) falls inside and the range grows to take it.
        assert_eq!(formula(&formulas, 2, 4), "B3-SUMIFS(B3:B6,$N3:$N6,$M3)");
        assert_eq!(
            number(&cell(&grid, 2, 4)),
            Some(plan.remainder(nm, rock) as f64)
        );
        assert_eq!(plan.remainder(nm, rock), 4250);
        assert_eq!(
            number(&cell(&grid, 1, 6)),
            Some(plan.remainder(ROOT, smelting) as f64)
        );
        assert_eq!(plan.remainder(ROOT, smelting), 115_000);
        // Shandong is a leaf: no remainder.
        let sd = table.rows.iter().position(|r| r.id == "sd").unwrap();
        assert_eq!(cell(&grid, sd + 1, 4), Data::Empty);
        assert_eq!(formula(&formulas, sd + 1, 4), "");
    }

    #[test]
    fn the_formulas_follow_edits_of_the_values() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let (mut grid, formulas) = sheets(&bytes);
        let at = |id: &str| table.rows.iter().position(|r| r.id == id).unwrap() + 1;
        // Someone lowers Jiangxi Copper Mianning's rock from 16,000 to 15,000
        // and Sichuan's own rock to 27,500.
        grid.set_value(
            (u32::try_from(at("sc-jxcu")).unwrap(), 1),
            Data::Float(15_000.0),
        );
        grid.set_value((u32::try_from(at("sc")).unwrap(), 1), Data::Float(27_500.0));
        assert_eq!(evaluate(&formula(&formulas, at("sc"), 4), &grid), 500.0);
        // National sees only the top level: Sichuan's 500 less allocated.
        assert_eq!(evaluate(&formula(&formulas, 1, 4), &grid), 500.0);
        // Inner Mongolia is untouched.
        assert_eq!(evaluate(&formula(&formulas, at("nm"), 4), &grid), 4250.0);
        // A child typed into the row after the table still counts for national.
        let after = u32::try_from(table.rows.len() + 1).unwrap();
        grid.set_value((after, 1), Data::Float(100.0));
        grid.set_value((after, 13), Data::Float(1.0));
        assert_eq!(evaluate(&formula(&formulas, 1, 4), &grid), 400.0);
    }

    #[test]
    fn rows_are_outlined_by_level_under_a_frozen_bold_header() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains(r#"<outlinePr summaryBelow="0"/>"#),
            "fold buttons above"
        );
        assert!(
            xml.contains(r#"state="frozen""#)
                && xml.contains(r#"ySplit="1""#)
                && xml.contains(r#"xSplit="1""#),
            "frozen header and name column"
        );
        // Each row's outline level is its level (none for national).
        let attr = |tag: &str, name: &str| {
            let tag = format!(" {}", &tag[..tag.find('>').unwrap()]);
            tag.split(&format!(" {name}=\""))
                .nth(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        };
        for row in xml.split("<row ").skip(1) {
            let r: usize = attr(row, "r").unwrap().parse().unwrap();
            let level = attr(row, "outlineLevel").map_or(0, |l| l.parse().unwrap());
            let want = if r == 1 { 0 } else { table.rows[r - 2].level };
            assert_eq!(level, want, "row {r}");
        }
        assert!(
            xml.contains(r#"<row r="4" spans="1:14" outlineLevel="2">"#),
            "{xml}"
        );
        // The technical columns (J to N: level, path, id, key, parent_key)
        // are folded away at the end; nothing else is hidden.
        for c in xml.split("<col ").skip(1) {
            let min: usize = attr(c, "min").unwrap().parse().unwrap();
            let max: usize = attr(c, "max").unwrap().parse().unwrap();
            if min == 15 {
                // The column after a folded group carries its fold mark.
                assert_eq!(attr(c, "collapsed").as_deref(), Some("1"));
                continue;
            }
            assert_eq!(attr(c, "hidden").is_some(), min >= 10, "column {min}");
            assert_eq!(
                attr(c, "outlineLevel").is_some(),
                min >= 10 && max <= 14,
                "column {min}"
            );
            let w: f64 = attr(c, "width").unwrap().parse().unwrap();
            assert!((4.0..=61.0).contains(&w), "column {min} width {w}");
        }
        // Names are indented by level; the header is bold.
        let styles = part(&bytes, "xl/styles.xml");
        assert!(
            styles.contains(r#"indent="1"/>"#) && styles.contains(r#"indent="2"/>"#),
            "{styles}"
        );
        assert!(styles.contains("<b/>"));
        assert!(styles.contains(r##"formatCode="#,##0""##));
        // Quota names and the unit are the headers: no notes by "Author".
        // (A zip's directory names its parts in plain bytes.)
        assert!(!bytes.windows(8).any(|w| w == b"comments"));
    }

    #[test]
    fn deep_plans_cap_the_outline_at_seven_levels() {
        let mut node = serde_json::json!({"id": "n10", "name": "level 10", "alloc": {"rock": 1}});
        for d in (1..10).rev() {
            node = serde_json::json!({"id": format!("n{d}"), "name": format!("level {d}"),
                "alloc": {"rock": 1}, "nodes": [node]});
        }
        let plan = plan_from(&serde_json::json!([node]), &[1, 0, 0]);
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains(r#"<row r="12" spans="1:14" outlineLevel="7">"#),
            "{xml}"
        );
        assert!(!xml.contains(r#"outlineLevel="8""#));
        assert!(xml.contains(r#"outlineLevelRow="7""#));
        check_table(&plan, &table, &bytes);
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let names = [
            "=1+1",
            "@cmd",
            "=HYPERLINK(\"http://example.com\",\"x\")",
            "+1",
            "-1",
            "\tx",
        ];
        let nodes: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| serde_json::json!({"id": format!("=id{i}"), "name": n, "note": n}))
            .collect();
        let plan = plan_from(&serde_json::Value::Array(nodes), &[0, 0, 0]);
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let (grid, formulas) = sheets(&bytes);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(
                cell(&grid, i + 2, Columns::NAME),
                Data::String((*n).to_owned())
            );
            let cols = Columns { nq: 3 };
            assert_eq!(
                cell(&grid, i + 2, cols.note()),
                Data::String((*n).to_owned())
            );
            assert_eq!(text(&cell(&grid, i + 2, cols.id())), format!("=id{i}"));
            for c in 0..14 {
                assert_eq!(
                    formula(&formulas, i + 2, c),
                    "",
                    "no formula in row {}",
                    i + 2
                );
            }
        }
        check_table(&plan, &table, &bytes);
    }

    #[test]
    fn ids_that_are_wildcards_or_comparisons_do_not_confuse_the_sums() {
        // With paths as SUMIFS criteria, `a*` would match `a*/x` and `A`
        // would match `a`; numeric keys do not care.
        let nodes = serde_json::json!([
            {"id": "a*", "name": "star", "alloc": {"rock": 100}, "nodes": [
                {"id": "x", "name": "x", "alloc": {"rock": 30}, "nodes": [
                    {"id": "y", "name": "y", "alloc": {"rock": 10}}]}]},
            {"id": "A", "name": "upper", "alloc": {"rock": 50}, "nodes": [
                {"id": "<5", "name": "less", "alloc": {"rock": 5}}]},
            {"id": "a", "name": "lower", "alloc": {"rock": 20}, "nodes": [
                {"id": "~?", "name": "tilde", "alloc": {"rock": 7}}]}
        ]);
        let plan = plan_from(&nodes, &[200, 0, 0]);
        let table = Table::new(&plan, None, None);
        check_table(&plan, &table, &workbook(&plan, &table));
    }

    #[test]
    fn partial_tables_write_remainders_they_cannot_sum_as_numbers() {
        let plan = sample();
        for table in [
            Table::new(&plan, Some(1), None),
            Table::new(&plan, None, plan.find("sc")),
            Table::new(&plan, Some(0), None),
        ] {
            let bytes = workbook(&plan, &table);
            check_table(&plan, &table, &bytes);
            let (_, formulas) = sheets(&bytes);
            // National sees all top-level rows only in the depth-1 table.
            let whole = table.rows.iter().filter(|r| r.level == 1).count() == 9;
            assert_eq!(formula(&formulas, 1, 4).is_empty(), !whole);
        }
        // In the Sichuan file, Sichuan's own remainder is still a formula.
        let table = Table::new(&plan, None, plan.find("sc"));
        let (_, formulas) = sheets(&workbook(&plan, &table));
        assert_eq!(formula(&formulas, 2, 4), "B3-SUMIFS(B3:B6,$N3:$N6,$M3)");
    }

    #[test]
    fn the_summary_has_the_plan_quotas_and_top_level_shares() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let mut book = open(&bytes);
        let s = book.worksheet_range(SUMMARY).unwrap();
        let f = book.worksheet_formula(SUMMARY).unwrap();
        assert_eq!(
            text(&cell(&s, 0, 1)),
            "Rare earth mining indicators 2018, by province (sample)"
        );
        assert_eq!(number(&cell(&s, 1, 1)), Some(2018.0));
        assert_eq!(text(&cell(&s, 2, 1)), "t REO");
        assert_eq!(text(&cell(&s, 3, 1)), "2018-08-01T09:30:05Z");
        let head: Vec<_> = (0..5).map(|c| text(&cell(&s, 5, c)).to_owned()).collect();
        assert_eq!(head, ["quota", "name", "total", "allocated", "unallocated"]);
        for (q, quota) in plan.quotas().iter().enumerate() {
            let r = 6 + q;
            assert_eq!(text(&cell(&s, r, 0)), quota.id);
            assert_eq!(text(&cell(&s, r, 1)), quota.name);
            let figures: Vec<_> = (2..5).map(|c| number(&cell(&s, r, c))).collect();
            let want = [
                plan.value(ROOT, q) as f64,
                plan.allocated(ROOT, q) as f64,
                plan.remainder(ROOT, q) as f64,
            ];
            assert_eq!(figures, want.map(Some), "{}", quota.id);
        }
        let col = |q: usize| column_number_to_name(Columns::value(q));
        assert_eq!(formula(&f, 6, 2), "Allocation!B2");
        assert_eq!(formula(&f, 6, 3), "C7-E7");
        assert_eq!(formula(&f, 6, 4), "Allocation!E2");
        // Top-level rows: value and share of each quota.
        let top = 6 + plan.quotas().len() + 1;
        assert_eq!(text(&cell(&s, top, 1)), "Name");
        assert_eq!(text(&cell(&s, top, 2)), "Rock-type mining (t REO)");
        assert_eq!(
            text(&cell(&s, top, 3)),
            "Rock-type mining (t REO): share of national"
        );
        let tops = plan.children(ROOT);
        for (k, &n) in tops.iter().enumerate() {
            let r = top + 1 + k;
            assert_eq!(text(&cell(&s, r, 0)), plan.node(n).id);
            assert_eq!(text(&cell(&s, r, 1)), plan.node(n).name);
            let src = table.rows.iter().position(|row| row.node == n).unwrap() + 2;
            for q in 0..plan.quotas().len() {
                let c = col_num(2 + 2 * q);
                assert_eq!(number(&cell(&s, r, c)), Some(plan.value(n, q) as f64));
                assert_eq!(formula(&f, r, c), format!("Allocation!{}{src}", col(q)));
                let share = number(&cell(&s, r, c + 1)).unwrap();
                let want = plan.value(n, q) as f64 / plan.value(ROOT, q) as f64;
                assert!((share - want).abs() < 1e-12, "{share} {want}");
                assert!(formula(&f, r, c + 1).contains(&format!("/Allocation!${}$2", col(q))));
            }
        }
        // Inner Mongolia's share of rock: 69,250 / 100,850.
        let nm_share = number(&cell(&s, top + 1, 3)).unwrap();
        assert!((nm_share - 0.686_663_361_4).abs() < 1e-9, "{nm_share}");
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="0.0%""#));
    }

    fn col_num(c: usize) -> ColNum {
        col(c)
    }

    #[test]
    fn the_document_properties_name_the_plan() {
        let plan = sample();
        let bytes = workbook(&plan, &Table::new(&plan, None, None));
        let core = part(&bytes, "docProps/core.xml");
        assert!(
            core.contains(
                "<dc:title>Rare earth mining indicators 2018, by province (sample)</dc:title>"
            ),
            "{core}"
        );
        assert!(
            core.contains("<dc:subject>Quota allocation, 2018, t REO</dc:subject>"),
            "{core}"
        );
        assert!(core.contains("2018-08-01T09:30:05Z"), "{core}");
        assert!(core.contains("exported by allot"), "{core}");
    }

    #[test]
    fn a_big_plan_writes_quickly_with_short_formulas() {
        let children: Vec<_> = (0..3000)
            .map(|i| {
                serde_json::json!({"id": format!("e{i}"), "name": format!("企业 {i}"),
                "alloc": {"rock": 1000 + i, "ion": i % 7}})
            })
            .collect();
        let sum: u64 = (0..3000u64).map(|i| 1000 + i).sum();
        let nodes = serde_json::json!([
            {"id": "big", "name": "Big 大", "alloc": {"rock": sum + 5, "ion": 9000}, "nodes": children},
            {"id": "small", "name": "Small", "alloc": {"rock": 10}}
        ]);
        let plan = plan_from(&nodes, &[sum + 100, 9000, 0]);
        let table = Table::new(&plan, None, None);
        let start = Instant::now();
        let bytes = workbook(&plan, &table);
        let took = start.elapsed();
        assert!(took.as_secs() < 20, "took {took:?}");
        let (grid, formulas) = sheets(&bytes);
        assert_eq!(
            formula(&formulas, 2, 4),
            "B3-SUMIFS(B3:B3004,$N3:$N3004,$M3)"
        );
        assert_eq!(number(&cell(&grid, 2, 4)), Some(5.0));
        assert_eq!(number(&cell(&grid, 1, 4)), Some(85.0));
        assert_eq!(evaluate(&formula(&formulas, 1, 4), &grid), 85.0);
        check_table(&plan, &table, &bytes);
    }

    #[test]
    fn long_text_is_cut_to_the_cell_limit_and_widths_count_wide_characters() {
        assert_eq!(text_width("内蒙古"), 6);
        assert_eq!(text_width("Inner Mongolia 内蒙古"), 21);
        assert!((width(200) - 60.0).abs() < f64::EPSILON);
        let long = "稀".repeat(40_000);
        assert_eq!(fit_text(&long).chars().count(), MAX_TEXT);
        assert_eq!(fit_text("short"), "short");
        let emoji = "😀".repeat(20_000);
        assert_eq!(fit_text(&emoji).encode_utf16().count(), MAX_TEXT - 1);
        let nodes = serde_json::json!([{"id": "x", "name": "x", "note": long}]);
        let plan = plan_from(&nodes, &[0, 0, 0]);
        let bytes = workbook(&plan, &Table::new(&plan, None, None));
        let (grid, _) = sheets(&bytes);
        assert_eq!(text(&cell(&grid, 2, 8)).chars().count(), MAX_TEXT);
    }

    #[test]
    fn export_times_are_iso_8601_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(WHEN), "2018-08-01T09:30:05Z");
        assert_eq!(iso8601(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(iso8601(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn write_uses_the_current_time() {
        let plan = sample();
        let bytes = write(&plan, &plan, &Table::new(&plan, None, None), None).unwrap();
        let mut book = open(&bytes);
        let s = book.worksheet_range(SUMMARY).unwrap();
        let stamp = text(&cell(&s, 3, 1)).to_owned();
        assert_eq!(stamp.len(), 20, "{stamp}");
        assert!(stamp.as_str() > "2025-01-01", "{stamp}");
    }

    #[test]
    fn a_plan_without_nodes_has_its_totals_unallocated() {
        let plan = plan_from(&serde_json::json!([]), &[10, 20, 0]);
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        check_table(&plan, &table, &bytes);
        let (grid, formulas) = sheets(&bytes);
        assert_eq!(number(&cell(&grid, 1, 5)), Some(20.0));
        assert_eq!(formula(&formulas, 1, 5), "");
        let mut book = open(&bytes);
        let s = book.worksheet_range(SUMMARY).unwrap();
        assert_eq!(number(&cell(&s, 7, 4)), Some(20.0));
        assert_eq!(text(&cell(&s, 10, 0)), "id");
        assert_eq!(cell(&s, 11, 0), Data::Empty);
    }

    #[test]
    fn a_chinese_workbook_names_its_sheets_and_refers_to_them_quoted() {
        use crate::i18n::{Lang, with};
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = with(Lang::ZhCn, || {
            write_at(&plan, &plan, &table, None, WHEN).unwrap()
        });
        let mut book = open(&bytes);
        assert_eq!(
            book.sheet_names(),
            vec!["分配".to_owned(), "汇总".to_owned(), ABOUT.to_owned()]
        );
        // The headers are the quotas' names and the unit, in Chinese.
        let a = book.worksheet_range("分配").unwrap();
        assert_eq!(text(&cell(&a, 0, 0)), "名称");
        assert_eq!(text(&cell(&a, 1, 0)), "全国");
        assert!(
            text(&cell(&a, 0, 4)).contains("：未分配（"),
            "{:?}",
            cell(&a, 0, 4)
        );
        let f = book.worksheet_formula("汇总").unwrap();
        assert!(
            f.used_cells().any(|(_, _, t)| t.contains("'分配'!")),
            "the summary's formulas refer to the quoted sheet"
        );
        let s = book.worksheet_range("汇总").unwrap();
        assert_eq!(text(&cell(&s, 0, 0)), "标题");
    }

    #[test]
    fn a_streamed_allocation_sheet_is_the_same_table() {
        // Written row by row (as a big table is), the sheet holds the same
        // cells and formulas as one held whole. (rust_xlsxwriter writes no
        // row outline in this mode: a big sheet's levels show by indent and
        // the level column only.)
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let streamed = build(&plan, &plan, &table, None, (WHEN, 0)).unwrap();
        check_table(&plan, &table, &streamed);
        let whole = build(&plan, &plan, &table, None, (WHEN, usize::MAX)).unwrap();
        let (a, fa) = sheets(&streamed);
        let (b, fb) = sheets(&whole);
        assert_eq!(a, b);
        assert_eq!(fa, fb);
        let xml = part(&streamed, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("t=\"inlineStr\""), "streamed: {}", &xml[..400]);
        assert!(part(&streamed, "xl/styles.xml").contains("indent="));
    }

    #[test]
    fn the_allocation_prints_on_a4_landscape_one_page_wide_with_its_header_repeated() {
        let plan = sample();
        let table = Table::new(&plan, None, None);
        let bytes = workbook(&plan, &table);
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("paperSize=\"9\""), "A4: {sheet}");
        assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
        assert!(
            sheet.contains("fitToHeight=\"0\""),
            "one page wide: {sheet}"
        );
        assert!(
            sheet.contains("<oddHeader>&amp;LRare earth mining indicators 2018"),
            "the title in the page header: {sheet}"
        );
        let book = part(&bytes, "xl/workbook.xml");
        assert!(
            book.contains("_xlnm.Print_Titles"),
            "the header row repeats: {book}"
        );
    }
}
