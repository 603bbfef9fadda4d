//! A printable Markdown report: title, year, unit, a table per quota with
//! value, share of parent and remainder, and the notes.

use std::borrow::Cow;
use std::fmt::Write;

use super::{Table, TableRow};
use crate::core::amount::{format_share, group_signed, group_thousands};
use crate::core::text::printable;
use crate::core::{NodeIx, Plan, ROOT};
use crate::storage::history::Entry;

/// Text safe inside a Markdown table cell: no control characters, pipes
/// escaped, HTML and emphasis characters neutralised.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// The rows a report is made from: a table's, or made from the plan one
/// at a time as they are written (a big plan's table is never held).
enum Source<'a> {
    Table(&'a Table),
    Plan {
        plan: &'a Plan,
        order: Vec<(NodeIx, usize)>,
        ids: Vec<String>,
        names: Vec<String>,
    },
}

impl Source<'_> {
    fn ids(&self) -> &[String] {
        match self {
            Self::Table(t) => &t.quota_ids,
            Self::Plan { ids, .. } => ids,
        }
    }

    fn names(&self) -> &[String] {
        match self {
            Self::Table(t) => &t.quota_names,
            Self::Plan { names, .. } => names,
        }
    }

    /// A row made from the plan (its path, which a report does not show,
    /// left empty).
    fn made(plan: &Plan, n: NodeIx, level: usize) -> TableRow {
        let nq = plan.quotas().len();
        TableRow {
            node: n,
            level,
            path: String::new(),
            id: String::new(),
            name: plan.node(n).name.clone(),
            values: plan.values(n).to_vec(),
            remainders: (n == ROOT || plan.is_parent(n))
                .then(|| (0..nq).map(|q| plan.remainder(n, q)).collect()),
            locked: plan.node(n).locked,
            note: plan.node(n).note.clone(),
        }
    }

    fn national(&self) -> Cow<'_, TableRow> {
        match self {
            Self::Table(t) => t.row(0),
            Self::Plan { plan, .. } => Cow::Owned(Self::made(plan, ROOT, 0)),
        }
    }

    fn each(&self, f: &mut dyn FnMut(&TableRow)) {
        let tick = crate::storage::progress::tick;
        match self {
            Self::Table(t) => t.iter().for_each(|r| {
                tick();
                f(&r);
            }),
            Self::Plan { plan, order, .. } => {
                for &(n, level) in order {
                    tick();
                    f(&Self::made(plan, n, level));
                }
            }
        }
    }
}

/// The report.
pub fn write(plan: &Plan, table: &Table) -> String {
    let mut out = head(plan);
    figures(&mut out, plan, &Source::Table(table), "##");
    notes(&mut out, plan, &Source::Table(table));
    out
}

/// The report of the whole plan (to `depth`; a plan without batches),
/// written to `w` as it is made, row by row: neither the report nor the
/// plan's table is held.
///
/// # Errors
/// When writing to `w` fails.
pub fn write_whole_to(
    plan: &Plan,
    depth: Option<usize>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let flat = super::split::flat_plan(plan);
    let source = Source::Plan {
        plan: &flat,
        order: super::table_order(&flat, depth, None),
        ids: flat.quotas().iter().map(|q| q.id.clone()).collect(),
        names: flat.quotas().iter().map(|q| q.name.clone()).collect(),
    };
    let mut out = IoText {
        w: std::io::BufWriter::with_capacity(1 << 16, w),
        failed: None,
    };
    let _ = out.write_str(&head(&flat));
    figures(&mut out, &flat, &source, "##");
    notes(&mut out, &flat, &source);
    if let Some(e) = out.failed {
        return Err(e);
    }
    out.w
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    Ok(())
}

/// Text written to a byte stream (the first failure kept, to report).
struct IoText<W: std::io::Write> {
    w: W,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Write for IoText<W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.failed.is_some() {
            return Err(std::fmt::Error);
        }
        self.w.write_all(s.as_bytes()).map_err(|e| {
            self.failed = Some(e);
            std::fmt::Error
        })
    }
}

/// The report of a plan with batches: a section per batch (what its notice
/// lists) and one for the year, each with its national totals and a table
/// per quota kind.
pub fn write_by_batch(plan: &Plan, depth: Option<usize>) -> String {
    use crate::core::layout::Sel;
    let layout = plan.layout();
    let mut out = head(plan);
    let mut last = None;
    let sections = layout
        .batches()
        .iter()
        .enumerate()
        .map(|(b, batch)| {
            let mut about = vec![];
            if let Some(n) = &batch.notice {
                about.push(cell(n));
            }
            if let Some(d) = &batch.date {
                about.push(cell(d));
            }
            (cell(&batch.name), about.join(", "), Sel::Batch(b))
        })
        .chain(std::iter::once((
            crate::t!("md-all-batches"),
            crate::t!("md-year-so-far"),
            Sel::Cumulative,
        )));
    for (name, about, sel) in sections {
        let one = super::split::table_plan(plan, Some(sel));
        let table = super::Table::new(&one, depth, None);
        let _ = writeln!(out, "## {name}\n");
        if !about.is_empty() {
            let _ = writeln!(out, "{about}\n");
        }
        figures(&mut out, &one, &Source::Table(&table), "###");
        last = Some((one, table));
    }
    if let Some((one, table)) = last {
        notes(&mut out, &one, &Source::Table(&table));
    }
    out
}

/// Title and facts.
fn head(plan: &Plan) -> String {
    let state = plan;
    let meta = plan.meta();
    let unit = plan.unit_label();
    let mut out = String::new();
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| crate::t!("md-untitled"));
    let _ = writeln!(out, "# {}\n", cell(&title));
    let mut facts = Vec::new();
    if let Some(y) = meta.year {
        facts.push(crate::t!("md-year", year = y.to_string()));
    }
    facts.push(crate::t!("md-unit", unit = cell(unit)));
    let batches = plan.layout().batches().len();
    if batches > 0 {
        facts.push(crate::t!("md-batches", count = batches));
    }
    let s = if !state.is_consistent() {
        "over"
    } else if state.is_balanced() {
        "balanced"
    } else {
        "open"
    };
    facts.push(crate::t!("md-state", state = s));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    out
}

/// The national totals and a table per quota, under headings of `level`.
fn figures(out: &mut dyn Write, plan: &Plan, table: &Source<'_>, level: &str) {
    national_totals(out, table, level);
    for (q, name) in table.names().iter().enumerate() {
        let _ = writeln!(out, "{level} {} ({})\n", cell(name), cell(&table.ids()[q]));
        let _ = writeln!(
            out,
            "{}",
            crate::t!("md-quota-head", unit = cell(plan.column_unit(q)))
        );
        let _ = writeln!(out, "|---|---:|---:|---:|");
        let mut omitted = 0;
        table.each(&mut |r| {
            let v = r.values[q];
            let rem = r.remainders.as_ref().map(|x| x[q]);
            if r.level > 0 && v == 0 && rem.unwrap_or(0) == 0 {
                omitted += 1;
                return;
            }
            // A visible marker per level below the top (renderers strip
            // leading spaces in a cell, so enterprises would look like
            // provinces).
            let indent = "· ".repeat(r.level.saturating_sub(1));
            let name = if r.level == 0 {
                format!("**{}**", crate::t!("ui-national-total"))
            } else {
                format!(
                    "{indent}{}{}",
                    cell(&r.name),
                    if r.locked {
                        crate::t!("md-locked")
                    } else {
                        String::new()
                    }
                )
            };
            let share = plan
                .parent(r.node)
                .and_then(|p| format_share(u128::from(v), u128::from(plan.value(p, q)), 1))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {name} | {} | {share} | {} |",
                group_thousands(u128::from(v)),
                rem.map_or_else(String::new, group_signed)
            );
        });
        if omitted > 0 {
            let _ = writeln!(out, "\n{}", crate::t!("md-omitted", count = omitted));
        }
        let _ = out.write_char('\n');
    }
}

/// The notes of the rows.
fn notes(out: &mut dyn Write, plan: &Plan, table: &Source<'_>) {
    let mut notes: Vec<(NodeIx, String)> = Vec::new();
    table.each(&mut |r| {
        if let Some(note) = &r.note {
            notes.push((r.node, note.clone()));
        }
    });
    if !notes.is_empty() {
        let _ = writeln!(out, "## {}\n", crate::t!("md-notes"));
        for (n, note) in notes {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                cell(&plan.path_names(n)[1..].join(" / ")),
                cell(&note).replace('\u{fffd}', " ")
            );
        }
        let _ = out.write_char('\n');
    }
}

/// The national totals per quota; with the allocated and unallocated
/// figures unless this is a recipient's file (which shows the true national
/// remainder only when the planner asked).
fn national_totals(out: &mut dyn Write, table: &Source<'_>, level: &str) {
    let national = table.national();
    let _ = writeln!(out, "{level} {}\n", crate::t!("md-national-totals"));
    if national.remainders.is_some() {
        let _ = writeln!(out, "{}", crate::t!("md-totals-head"));
        let _ = writeln!(out, "|---|---:|---:|---:|");
    } else {
        let _ = writeln!(out, "{}", crate::t!("md-totals-head-short"));
        let _ = writeln!(out, "|---|---:|");
    }
    for (q, name) in table.names().iter().enumerate() {
        let total = national.values[q];
        let figures = match &national.remainders {
            Some(rem) => format!(
                "{} | {} | {}",
                group_thousands(u128::from(total)),
                group_signed(i128::from(total) - rem[q]),
                group_signed(rem[q])
            ),
            None => group_thousands(u128::from(total)),
        };
        let _ = writeln!(
            out,
            "| {} ({}) | {figures} |",
            cell(name),
            cell(&table.ids()[q]),
        );
    }
    let _ = out.write_char('\n');
}

/// The "Changes" section: the plan's history, oldest first, a line per
/// figure changed (the entry's time, who, what and why on its first line).
pub fn changes(out: &mut String, plan: &Plan, entries: &[Entry]) {
    use super::history::{lines, time};
    let _ = writeln!(out, "## {}\n", crate::t!("md-changes"));
    if entries.is_empty() {
        let _ = writeln!(out, "{}\n", crate::t!("md-no-changes"));
        return;
    }
    let batches = entries
        .iter()
        .flat_map(|e| &e.changes)
        .any(|c| c.batch.is_some());
    let (batch_head, batch_rule) = if batches {
        (format!(" {} |", crate::t!("md-batch")), "---|")
    } else {
        (String::new(), "")
    };
    let _ = writeln!(out, "{}", crate::t!("md-changes-head", batch = batch_head));
    let _ = writeln!(out, "|---|---|---|---|---|---|{batch_rule}---:|---:|---:|");
    for l in lines(plan, entries) {
        let (when, who, what, why) = l.entry.map_or_else(Default::default, |e| {
            (
                time(&e.time),
                cell(&e.user),
                cell(&e.action),
                e.reason.as_deref().map(cell).unwrap_or_default(),
            )
        });
        let node = match (l.name.is_empty(), l.path.is_empty()) {
            (_, true) => cell(&l.name),
            (true, false) => cell(&l.path),
            (false, false) => format!("{} ({})", cell(&l.name), cell(&l.path)),
        };
        let batch = if batches {
            format!(" {} |", cell(l.batch))
        } else {
            String::new()
        };
        let figures = l.figures.map_or_else(
            || " | |".to_owned(),
            |(old, new)| {
                let d = i128::from(new) - i128::from(old);
                format!(
                    "{} | {} | {}{}",
                    group_thousands(u128::from(old)),
                    group_thousands(u128::from(new)),
                    if d > 0 { "+" } else { "" },
                    group_signed(d)
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {who} | {what} | {why} | {node} | {} |{batch} {figures} |",
            cell(&when),
            cell(l.quota)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{example_2018 as sample, parse_plan};

    #[test]
    fn report_has_title_tables_and_notes() {
        let plan = sample();
        let md = write(&plan, &Table::new(&plan, None, None));
        assert!(md.starts_with("# Rare earth mining indicators 2018, by province (sample)\n"));
        assert!(md.contains("Year: 2018 · Unit: t REO"));
        assert!(md.contains("| Rock-type mining (rock) | 100,850 | 100,850 | 0 |"));
        assert!(md.contains("| Smelting and separation (smelting) | 115,000 | 0 | 115,000 |"));
        assert!(
            md.contains("| Inner Mongolia 内蒙古 | 69,250 | 68.7% | 4,250 |"),
            "{md}"
        );
        assert!(md.contains("China Northern Rare Earth 北方稀土 (locked) | 60,000 | 86.6% |  |"));
        assert!(md.contains("## Notes"));
        assert!(md.contains("- **Guangxi 广西**: Derived"));
        // Ion-adsorption table lists the ion provinces, not the rock ones.
        let ion = md.split("## Ion-adsorption mining (ion)").nth(1).unwrap();
        let ion = ion.split("\n## ").next().unwrap();
        assert!(ion.contains("Jiangxi 江西"));
        assert!(!ion.contains("Sichuan"));
    }

    #[test]
    fn shares_are_rounded_once() {
        // 1.346% and 0.0549% of the parent, and a tiny share.
        let text = r#"{
  "format": "allot-plan",
  "version": 1,
  "quotas": [{"id": "a", "name": "A", "total": 1000000}],
  "nodes": [
    {"id": "p", "name": "P", "alloc": {"a": 13460}},
    {"id": "q", "name": "Q", "alloc": {"a": 549}},
    {"id": "r", "name": "R", "alloc": {"a": 1}}
  ]
}
"#;
        let plan = parse_plan(text).unwrap();
        let md = write(&plan, &Table::new(&plan, None, None));
        assert!(md.contains("| P | 13,460 | 1.3% |  |"), "{md}");
        assert!(md.contains("| Q | 549 | 0.1% |  |"), "{md}");
        assert!(md.contains("| R | 1 | <0.1% |  |"), "{md}");
    }

    #[test]
    fn hostile_names_cannot_break_the_table() {
        let text = crate::storage::EXAMPLE_2018_JSON
            .replace("Sichuan 四川", "a|b <script> *x* \\u001b[2J");
        let plan = parse_plan(&text).unwrap();
        let md = write(&plan, &Table::new(&plan, None, None));
        assert!(
            md.contains("a\\|b &lt;script&gt; \\*x\\* \u{fffd}\\[2J"),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'));
    }
}
