//! Allocation files for the people who receive them: CSV, XLSX, Markdown and
//! JSON, whole or one file per top-level node; and reading the CSV back.
//!
//! Every format is built from the same [`Table`]: the plan's rows in tree
//! order, national first.

pub mod csv;
pub mod history;
pub mod import;
pub mod markdown;
pub mod split;
pub mod workbook;
pub mod xlsx;

use crate::core::{NodeIx, Plan, ROOT};
use crate::storage::history::Entry;

/// One row of an allocation table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The node (the root for the national row).
    pub node: NodeIx,
    /// 0 for national, 1 for the top level, ...
    pub level: usize,
    /// Ids from the top level down, joined by `/` (empty for national).
    pub path: String,
    /// The node's id (empty for national).
    pub id: String,
    /// The node's name (`national` for the national row).
    pub name: String,
    /// Values by quota.
    pub values: Vec<u64>,
    /// Remainders by quota; None for a leaf.
    pub remainders: Option<Vec<i128>>,
    /// Locked.
    pub locked: bool,
    /// Note.
    pub note: Option<String>,
}

/// The rows of a plan, national first, in tree order, down to `depth` levels
/// below national (all when None). Only the subtree of `top` when given (its
/// rows keep their full paths), after the national row.
#[derive(Debug, Clone)]
pub struct Table {
    /// Quota ids, in order.
    pub quota_ids: Vec<String>,
    /// Quota names, in order.
    pub quota_names: Vec<String>,
    /// The rows.
    pub rows: Vec<TableRow>,
    /// One recipient's part of the plan: the national row shows the national
    /// totals, and its remainder only when the planner asked for the true
    /// one (then as a plain number, never a formula).
    pub partial: bool,
    /// For a table whose rows are made when they are read ([`Table::lazy`];
    /// `rows` is then empty): the plan and each row's node and level.
    made: Option<(Plan, Vec<(NodeIx, usize)>)>,
}

/// The row of node `n` at `level` (0 for national) of `plan`.
pub fn table_row(plan: &Plan, n: NodeIx, level: usize) -> TableRow {
    let nq = plan.quotas().len();
    TableRow {
        node: n,
        level,
        path: plan.path_ids(n).join("/"),
        id: plan.node(n).id.clone(),
        name: if n == ROOT {
            "national".to_owned()
        } else {
            plan.node(n).name.clone()
        },
        values: plan.values(n).to_vec(),
        // National always has a remainder (all of it, with no nodes).
        remainders: (n == ROOT || plan.is_parent(n))
            .then(|| (0..nq).map(|q| plan.remainder(n, q)).collect()),
        locked: plan.node(n).locked,
        note: plan.node(n).note.clone(),
    }
}

/// The nodes of [`Table::new`]'s rows with their levels, in its order (for
/// writing a big table row by row without holding its rows).
pub fn table_order(plan: &Plan, depth: Option<usize>, top: Option<NodeIx>) -> Vec<(NodeIx, usize)> {
    let mut rows = vec![(ROOT, 0)];
    if depth == Some(0) {
        return rows;
    }
    let starts: Vec<NodeIx> = match top {
        Some(t) => vec![t],
        None => plan.children(ROOT).to_vec(),
    };
    let mut stack: Vec<(NodeIx, usize)> = starts
        .into_iter()
        .rev()
        .map(|n| (n, plan.depth(n)))
        .collect();
    while let Some((n, level)) = stack.pop() {
        rows.push((n, level));
        if depth.is_none_or(|d| level < d) {
            stack.extend(plan.children(n).iter().rev().map(|&c| (c, level + 1)));
        }
    }
    rows
}

impl Table {
    /// Build the table of `plan`.
    pub fn new(plan: &Plan, depth: Option<usize>, top: Option<NodeIx>) -> Self {
        Self {
            quota_ids: plan.quotas().iter().map(|q| q.id.clone()).collect(),
            quota_names: plan.quotas().iter().map(|q| q.name.clone()).collect(),
            rows: table_order(plan, depth, top)
                .into_iter()
                .map(|(n, level)| table_row(plan, n, level))
                .collect(),
            partial: false,
            made: None,
        }
    }

    /// The table of `plan` (to `depth`) whose rows are made each time they
    /// are read, never held (a million rows of a workbook): a copy of the
    /// plan (which shares its storage) and 16 bytes a row.
    pub fn lazy(plan: &Plan, depth: Option<usize>) -> Self {
        Self {
            quota_ids: plan.quotas().iter().map(|q| q.id.clone()).collect(),
            quota_names: plan.quotas().iter().map(|q| q.name.clone()).collect(),
            rows: Vec::new(),
            partial: false,
            made: Some((plan.clone(), table_order(plan, depth, None))),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.made.as_ref().map_or(self.rows.len(), |(_, o)| o.len())
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> std::borrow::Cow<'_, TableRow> {
        match &self.made {
            Some((plan, order)) => {
                let (n, level) = order[i];
                std::borrow::Cow::Owned(table_row(plan, n, level))
            }
            None => std::borrow::Cow::Borrowed(&self.rows[i]),
        }
    }

    /// Row `i`'s node and level (without making the row).
    pub fn node_level(&self, i: usize) -> (NodeIx, usize) {
        match &self.made {
            Some((_, order)) => order[i],
            None => (self.rows[i].node, self.rows[i].level),
        }
    }

    /// The rows in order.
    pub fn iter(&self) -> impl Iterator<Item = std::borrow::Cow<'_, TableRow>> {
        (0..self.len()).map(|i| self.row(i))
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values (RFC 4180).
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// A Markdown report.
    Markdown,
    /// The plan in its canonical saved form.
    Json,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Markdown => "md",
            Self::Json => "json",
        }
    }

    /// Whether the format is text (may go to standard output).
    pub fn is_text(self) -> bool {
        self != Self::Xlsx
    }
}

/// One recipient's file: a top-level node's subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The node.
    pub node: NodeIx,
    /// Show the true national remainder (from which the others' sum can be
    /// worked out); by default a recipient's file shows the national totals
    /// and its own figures only.
    pub national_remainder: bool,
}

/// Render `plan` (or one recipient's `part` of it) in `format`.
///
/// A recipient's table (CSV, Markdown, XLSX) lists its subtree after the
/// national row, which shows the national totals and no remainder (the
/// remainder of a file holding one recipient would be false, and with the
/// totals it would give away the others' sum); with
/// [`Part::national_remainder`] the true national remainder, as a plain
/// number. A recipient's JSON is a plan of its own: its subtree, with what
/// the recipient was given as the totals.
///
/// # Errors
/// When the workbook cannot be built.
pub fn render(
    plan: &Plan,
    format: ExportFormat,
    depth: Option<usize>,
    part: Option<Part>,
) -> Result<Vec<u8>, String> {
    render_with(plan, format, depth, part, None)
}

/// [`render`], with the plan's `history` (when given) as the XLSX
/// `History` sheet or the Markdown `Changes` section; a recipient's file
/// gets the recipient's part of it (see [`history::visible`]). CSV and
/// JSON have no place for it.
///
/// # Errors
/// When the workbook cannot be built.
pub fn render_with(
    plan: &Plan,
    format: ExportFormat,
    depth: Option<usize>,
    part: Option<Part>,
    history: Option<&[Entry]>,
) -> Result<Vec<u8>, String> {
    let shown = history.map(|h| {
        let top: Option<Vec<String>> = part.map(|p| {
            plan.path_ids(p.node)
                .into_iter()
                .map(str::to_owned)
                .collect()
        });
        history::visible(h, top.as_deref(), None)
    });
    let mut bytes = render_tables(plan, format, depth, part, shown.as_deref())?;
    if let (ExportFormat::Markdown, Some(entries)) = (format, &shown) {
        let mut section = String::new();
        markdown::changes(&mut section, plan, entries);
        bytes.extend_from_slice(section.as_bytes());
    }
    Ok(bytes)
}

/// The tables of [`render_with`] (and the XLSX history sheet).
fn render_tables(
    plan: &Plan,
    format: ExportFormat,
    depth: Option<usize>,
    part: Option<Part>,
    history: Option<&[Entry]>,
) -> Result<Vec<u8>, String> {
    let json = format == ExportFormat::Json;
    if let Some(part) = part {
        if json {
            let own = split::subplan(plan, Some(part.node), depth, split::Totals::Own);
            return Ok(crate::storage::to_json(&own).into_bytes());
        }
        // Tables keep the full subtree so that their remainders count every
        // child, and list rows to the depth; a year of batches side by side.
        let origin = split::subplan(plan, Some(part.node), None, split::Totals::National);
        if format == ExportFormat::Markdown && plan.layout().has_batches() {
            return Ok(markdown::write_by_batch(&origin, depth).into_bytes());
        }
        let cut = split::flat_plan(&origin);
        let mut table = Table::new(&cut, depth, None);
        table.partial = true;
        table.rows[0].remainders = part.national_remainder.then(|| {
            let whole = split::flat_plan(plan);
            (0..whole.quotas().len())
                .map(|q| whole.remainder(ROOT, q))
                .collect()
        });
        return write_table(&origin, &cut, format, &table, history);
    }
    if json && depth.is_some() {
        // A depth limit cuts the JSON plan too.
        let cut = split::subplan(plan, None, depth, split::Totals::National);
        return Ok(crate::storage::to_json(&cut).into_bytes());
    }
    if json {
        return Ok(crate::storage::to_json(plan).into_bytes());
    }
    if format == ExportFormat::Markdown && plan.layout().has_batches() {
        return Ok(markdown::write_by_batch(plan, depth).into_bytes());
    }
    let flat = split::flat_plan(plan);
    // A workbook reads its rows several times and in places: made when
    // read rather than held (a million rows).
    let table = if format == ExportFormat::Xlsx {
        Table::lazy(&flat, depth)
    } else {
        Table::new(&flat, depth, None)
    };
    write_table(plan, &flat, format, &table, history)
}

/// `table` of `plan` (a plan laid flat, [`split::flat_plan`], of
/// `origin`) in `format`.
fn write_table(
    origin: &Plan,
    plan: &Plan,
    format: ExportFormat,
    table: &Table,
    history: Option<&[Entry]>,
) -> Result<Vec<u8>, String> {
    match format {
        ExportFormat::Csv => Ok(csv::write(table).into_bytes()),
        ExportFormat::Markdown => Ok(markdown::write(plan, table).into_bytes()),
        ExportFormat::Xlsx => xlsx::write(origin, plan, table, history),
        ExportFormat::Json => Ok(crate::storage::to_json(plan).into_bytes()),
    }
}

/// The table of the whole plan (to `depth`) as the CSV export has it:
/// batches and derived kinds side by side.
pub fn whole_table(plan: &Plan, depth: Option<usize>) -> Table {
    let flat = split::flat_plan(plan);
    Table::new(&flat, depth, None)
}

/// The whole plan (to `depth`) as CSV, written to `w` row by row, each row
/// made as it is written (a big plan's table is never held).
///
/// # Errors
/// When writing to `w` fails.
pub fn write_whole_csv(
    plan: &Plan,
    depth: Option<usize>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let flat = split::flat_plan(plan);
    let ids: Vec<String> = flat.quotas().iter().map(|q| q.id.clone()).collect();
    let order = table_order(&flat, depth, None);
    csv::write_rows(
        &ids,
        order.iter().map(|&(n, level)| table_row(&flat, n, level)),
        w,
    )
}

/// The whole plan (to `depth`) in `format`, written to `w` as it is made,
/// never held: JSON as saved, CSV row by row (after a byte-order mark when
/// `bom`), a Markdown report of a plan without batches. None when `format`
/// is not written that way (a workbook, a report by batch, a cut JSON
/// plan): render it with [`render_with`].
pub fn write_whole(
    plan: &Plan,
    format: ExportFormat,
    depth: Option<usize>,
    bom: bool,
    w: &mut dyn std::io::Write,
) -> Option<std::io::Result<()>> {
    if !is_written_whole(plan, format, depth) {
        return None;
    }
    match format {
        ExportFormat::Json => Some(crate::storage::format::write_json(plan, w)),
        ExportFormat::Csv => Some((|| {
            if bom {
                w.write_all(BOM)?;
            }
            write_whole_csv(plan, depth, w)
        })()),
        ExportFormat::Markdown => Some(markdown::write_whole_to(plan, depth, w)),
        ExportFormat::Xlsx => None,
    }
}

/// Whether [`write_whole`] writes `plan` in `format` (to `depth`).
pub fn is_written_whole(plan: &Plan, format: ExportFormat, depth: Option<usize>) -> bool {
    match format {
        ExportFormat::Json => depth.is_none(),
        ExportFormat::Csv => true,
        ExportFormat::Markdown => !plan.layout().has_batches(),
        ExportFormat::Xlsx => false,
    }
}

/// Units of work [`write_whole`] and [`render_with`] count for `plan` in
/// `format` (see [`crate::storage::progress`]): nodes, rows, or rows for
/// each table of a report.
pub fn work_units(plan: &Plan, format: ExportFormat) -> usize {
    match format {
        ExportFormat::Json => plan.len().saturating_sub(1),
        ExportFormat::Csv | ExportFormat::Xlsx => plan.len(),
        ExportFormat::Markdown => {
            plan.len() * (split::table_columns(plan.layout(), None).len() + 1)
        }
    }
}

/// The byte-order mark a CSV file for spreadsheets begins with: without it,
/// Excel on Chinese Windows reads UTF-8 as GBK (`内蒙古` comes out as
/// `鍐呰挋鍙`).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` of `format` as a file for spreadsheets: a CSV begins with the
/// byte-order mark; other formats are as they are.
pub fn with_bom(format: ExportFormat, bytes: Vec<u8>) -> Vec<u8> {
    if format == ExportFormat::Csv && !bytes.starts_with(BOM) {
        let mut out = BOM.to_vec();
        out.extend(bytes);
        out
    } else {
        bytes
    }
}

/// Where the plan is over-allocated, in words (`national / Sichuan 四川 /
/// rock: over-allocated by 1,000 t REO`), for refusing an export.
pub fn over_allocations(plan: &Plan) -> Vec<String> {
    let nq = plan.quotas().len();
    if plan.is_consistent() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for n in plan.preorder() {
        for q in 0..nq {
            let r = plan.remainder(n, q);
            if r < 0 && plan.is_parent(n) {
                let names: Vec<String> = plan
                    .path_names(n)
                    .iter()
                    .map(|s| crate::say::node(&crate::core::text::printable(s)))
                    .collect();
                out.push(crate::t!(
                    "export-over-at",
                    path = names.join(" / "),
                    quota = plan.quotas()[q].id.as_str(),
                    amount = crate::core::amount::group_thousands(r.unsigned_abs()),
                    unit = plan.unit_label()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_made_when_read_has_the_rows_of_one_held() {
        let plans = [
            crate::storage::sample(),
            crate::report::generate::generate(700, 3, 4),
        ];
        for plan in &plans {
            let flat = split::flat_plan(plan);
            for depth in [None, Some(0), Some(1)] {
                let held = Table::new(&flat, depth, None);
                let made = Table::lazy(&flat, depth);
                assert!(made.rows.is_empty(), "nothing held");
                assert_eq!(made.len(), held.rows.len());
                let rows: Vec<TableRow> = made.iter().map(std::borrow::Cow::into_owned).collect();
                assert_eq!(rows, held.rows);
                for (i, r) in held.rows.iter().enumerate() {
                    assert_eq!(made.node_level(i), (r.node, r.level));
                    assert_eq!(held.node_level(i), (r.node, r.level));
                }
                // The workbook is the same either way.
                assert_eq!(
                    xlsx::write_at(plan, &flat, &made, None, 1_700_000_000),
                    xlsx::write_at(plan, &flat, &held, None, 1_700_000_000)
                );
                // Also as a streamed sheet (from 10 rows on).
                let streamed = |t: &Table| {
                    xlsx::build(plan, &flat, t, None, (1_700_000_000, 10))
                        .map_err(|e| e.to_string())
                };
                assert_eq!(streamed(&made), streamed(&held));
                // And so are CSV and the report.
                assert_eq!(csv::write(&made), csv::write(&held));
                assert_eq!(markdown::write(&flat, &made), markdown::write(&flat, &held));
            }
        }
    }

    #[test]
    fn tables_written_row_by_row_are_the_tables_written_whole() {
        let plans = [
            crate::storage::sample(),
            crate::storage::example_2018(),
            crate::report::generate::generate(700, 3, 4),
        ];
        for plan in &plans {
            for depth in [None, Some(0), Some(1), Some(2)] {
                let mut csv_out = Vec::new();
                write_whole_csv(plan, depth, &mut csv_out).unwrap();
                assert_eq!(
                    String::from_utf8(csv_out).unwrap(),
                    csv::write(&whole_table(plan, depth))
                );
                if !plan.layout().has_batches() {
                    let mut md = Vec::new();
                    markdown::write_whole_to(plan, depth, &mut md).unwrap();
                    let flat = split::flat_plan(plan);
                    assert_eq!(
                        String::from_utf8(md).unwrap(),
                        markdown::write(&flat, &Table::new(&flat, depth, None))
                    );
                }
            }
        }
    }
    use crate::storage::example_2018 as sample;

    #[test]
    fn table_rows_follow_the_tree() {
        let plan = sample();
        let t = Table::new(&plan, None, None);
        assert_eq!(t.rows.len(), 16);
        assert_eq!(t.rows[0].level, 0);
        assert_eq!(t.rows[0].name, "national");
        assert_eq!(t.rows[1].path, "nm");
        assert_eq!(t.rows[2].path, "nm/nm-northern");
        assert_eq!(t.rows[2].level, 2);
        assert!(t.rows[2].remainders.is_none());
        assert_eq!(t.rows[1].remainders.as_ref().unwrap()[0], 4250);
        let t = Table::new(&plan, Some(1), None);
        assert_eq!(t.rows.len(), 10);
        let sc = plan.find("sc").unwrap();
        let t = Table::new(&plan, None, Some(sc));
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[1].path, "sc");
    }
}
