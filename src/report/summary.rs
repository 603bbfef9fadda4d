//! `allot summary`: national figures per quota and each node's values and
//! shares, down to a depth.

use std::io::{self, Write};

use serde::Serialize;

use super::check::{Format, QuotaJson};
use crate::core::amount::{format_share, group_signed, group_thousands, share_basis_points};
use crate::core::text::{pad_left, pad_right, printable, width};
use crate::core::{NodeIx, Plan, ROOT};

/// Share of `n`'s value in its parent's, in basis points (None for the root
/// or a parent of 0).
pub fn share_bp(plan: &Plan, n: NodeIx, q: usize) -> Option<u64> {
    let parent = plan.parent(n)?;
    share_basis_points(
        u128::from(plan.value(n, q)),
        u128::from(plan.value(parent, q)),
    )
}

/// Share of `n`'s value in its parent's as text with one decimal, rounded
/// once from the exact fraction (`"68.7%"`, `"<0.1%"` for a tiny share);
/// None for the root or a parent of 0.
fn share_text(plan: &Plan, n: NodeIx, q: usize) -> Option<String> {
    let parent = plan.parent(n)?;
    format_share(
        u128::from(plan.value(n, q)),
        u128::from(plan.value(parent, q)),
        1,
    )
}

/// Nodes down to `depth` (None: all) in tree order, with their depth; the
/// root excluded.
fn rows(plan: &Plan, depth: Option<usize>) -> Vec<(NodeIx, usize)> {
    let mut out = Vec::new();
    if depth == Some(0) {
        return out;
    }
    let mut stack: Vec<(NodeIx, usize)> =
        plan.children(ROOT).iter().rev().map(|&c| (c, 1)).collect();
    while let Some((n, d)) = stack.pop() {
        out.push((n, d));
        if depth.is_none_or(|max| d < max) {
            stack.extend(plan.children(n).iter().rev().map(|&c| (c, d + 1)));
        }
    }
    out
}

/// Write the summary.
///
/// # Errors
/// When writing fails.
/// What a summary shows of a plan with batches: one batch (`b2`) or every
/// batch and the year's cumulative (`all`, the default). A plan without
/// batches is shown as it is.
///
/// # Errors
/// An unknown batch, in words.
pub fn of_batch(plan: &Plan, batch: Option<&str>) -> Result<Plan, String> {
    use crate::core::layout::Sel;
    use crate::export::split::{flat_plan, table_plan};
    let layout = plan.layout();
    match batch {
        None | Some("all") => Ok(flat_plan(plan)),
        Some(id) => layout
            .batch_index(id)
            .map(|b| table_plan(plan, Some(Sel::Batch(b))))
            .ok_or_else(|| {
                let known: Vec<&str> = layout.batches().iter().map(|b| b.id.as_str()).collect();
                if known.is_empty() {
                    crate::t!("summary-no-batches", batch = format!("{id:?}"))
                } else {
                    crate::t!(
                        "summary-no-batch",
                        batch = format!("{id:?}"),
                        known = known.join(", ")
                    )
                }
            }),
    }
}

/// Write the summary of `plan`.
///
/// # Errors
/// When writing fails.
pub fn write(
    plan: &Plan,
    file: &str,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => write_text(plan, file, depth, out),
        Format::Json => {
            let v = summary_json(plan, file, depth);
            writeln!(
                out,
                "{}",
                crate::core::text::escape_controls(
                    &serde_json::to_string_pretty(&v).unwrap_or_default()
                )
            )
        }
    }
}

#[allow(clippy::too_many_lines, reason = "two tables, top to bottom")]
fn write_text(
    plan: &Plan,
    file: &str,
    depth: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let meta = plan.meta();
    let unit = plan.unit_label();
    let mut head = vec![printable(meta.title.as_deref().unwrap_or(file))];
    if let Some(y) = meta.year {
        head.push(y.to_string());
    }
    head.push(printable(unit));
    writeln!(out, "{}", head.join(" · "))?;
    writeln!(out)?;
    // National figures per quota.
    let table: Vec<[String; 5]> = plan
        .quotas()
        .iter()
        .enumerate()
        .map(|(q, quota)| {
            [
                printable(&quota.id),
                printable(&quota.name),
                group_thousands(u128::from(plan.value(ROOT, q))),
                group_thousands(plan.allocated(ROOT, q)),
                group_signed(plan.remainder(ROOT, q)),
            ]
        })
        .collect();
    let header = [
        "summary-quota",
        "summary-name",
        "summary-total",
        "summary-allocated",
        "ui-unallocated",
    ]
    .map(|id| crate::i18n::tr(id, &[]));
    let header = header.each_ref().map(String::as_str);
    let mut widths = header.map(width);
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: [&str; 5]| {
        format!(
            "{}  {}  {}  {}  {}",
            pad_right(cells[0], widths[0]),
            pad_right(cells[1], widths[1]),
            pad_left(cells[2], widths[2]),
            pad_left(cells[3], widths[3]),
            pad_left(cells[4], widths[4])
        )
    };
    writeln!(out, "{}", line(header).trim_end())?;
    for row in &table {
        writeln!(
            out,
            "{}",
            line([&row[0], &row[1], &row[2], &row[3], &row[4]])
        )?;
    }
    writeln!(out)?;
    // Nodes.
    let rows = rows(plan, depth);
    let nq = plan.quotas().len();
    let national = crate::t!("national");
    let mut name_w = width(&national);
    let mut cells: Vec<(String, Vec<(String, String)>)> = Vec::with_capacity(rows.len() + 1);
    let fig = |n: NodeIx, q: usize| {
        let v = group_thousands(u128::from(plan.value(n, q)));
        let s = share_text(plan, n, q)
            .filter(|_| plan.value(n, q) > 0)
            .unwrap_or_default();
        (v, s)
    };
    cells.push((
        national.clone(),
        (0..nq).map(|q| (fig(ROOT, q).0, String::new())).collect(),
    ));
    for &(n, d) in &rows {
        let name = format!("{}{}", "  ".repeat(d), printable(&plan.node(n).name));
        name_w = name_w.max(width(&name));
        cells.push((name, (0..nq).map(|q| fig(n, q)).collect()));
    }
    let mut val_w: Vec<usize> = plan.quotas().iter().map(|q| width(&q.id)).collect();
    let share_w = 6;
    for (_, figs) in &cells {
        for (q, (v, _)) in figs.iter().enumerate() {
            val_w[q] = val_w[q].max(v.len());
        }
    }
    let mut h = pad_right(&crate::t!("preview-node"), name_w);
    for (q, quota) in plan.quotas().iter().enumerate() {
        h.push_str("  ");
        h.push_str(&pad_left(&printable(&quota.id), val_w[q]));
        h.push(' ');
        h.push_str(&pad_left(&crate::t!("ui-share"), share_w));
    }
    writeln!(out, "{}", h.trim_end())?;
    for (name, figs) in &cells {
        let mut l = pad_right(name, name_w);
        for (q, (v, s)) in figs.iter().enumerate() {
            l.push_str("  ");
            l.push_str(&pad_left(v, val_w[q]));
            l.push(' ');
            l.push_str(&pad_left(s, share_w));
        }
        writeln!(out, "{}", l.trim_end())?;
    }
    Ok(())
}

/// Figures by quota id, as a JSON object in quota order.
struct ByQuota<'a, T> {
    plan: &'a Plan,
    figures: Vec<T>,
}

impl<T: Serialize> Serialize for ByQuota<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.figures.len()))?;
        for (q, f) in self.plan.quotas().iter().zip(&self.figures) {
            m.serialize_entry(&q.id, f)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct NodeJson<'a> {
    path: Vec<&'a str>,
    id: &'a str,
    name: &'a str,
    depth: usize,
    locked: bool,
    values: ByQuota<'a, u64>,
    share_percent: ByQuota<'a, Option<f64>>,
    unallocated: Option<ByQuota<'a, i128>>,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    file: &'a str,
    title: Option<&'a str>,
    year: Option<i64>,
    unit: Option<&'a str>,
    consistent: bool,
    balanced: bool,
    quotas: Vec<QuotaJson<'a>>,
    nodes: Vec<NodeJson<'a>>,
}

/// The summary for scripts; every figure exact (remainders beyond 64 bits
/// too).
fn summary_json<'a>(plan: &'a Plan, file: &'a str, depth: Option<usize>) -> SummaryJson<'a> {
    let meta = plan.meta();
    let nq = plan.quotas().len();
    let nodes = rows(plan, depth)
        .into_iter()
        .map(|(n, d)| NodeJson {
            path: plan.path_ids(n),
            id: &plan.node(n).id,
            name: &plan.node(n).name,
            depth: d,
            locked: plan.node(n).locked,
            values: ByQuota {
                plan,
                figures: (0..nq).map(|q| plan.value(n, q)).collect(),
            },
            // A display figure in percent with two decimals; the stored
            // and summed values stay integers.
            #[allow(clippy::cast_precision_loss)]
            share_percent: ByQuota {
                plan,
                figures: (0..nq)
                    .map(|q| share_bp(plan, n, q).map(|bp| bp as f64 / 100.0))
                    .collect(),
            },
            unallocated: plan.is_parent(n).then(|| ByQuota {
                plan,
                figures: (0..nq).map(|q| plan.remainder(n, q)).collect(),
            }),
        })
        .collect();
    SummaryJson {
        file,
        title: meta.title.as_deref(),
        year: meta.year,
        unit: meta.unit.as_deref(),
        consistent: plan.is_consistent(),
        balanced: plan.is_balanced(),
        quotas: (0..plan.layout().kinds().len())
            .map(|k| QuotaJson::new(plan, k, true))
            .collect(),
        nodes,
    }
}

/// (path, name, quota id, value, reference figure).
type ComparedLine<'a> = (Vec<&'a str>, String, &'a str, u64, Option<u64>);

/// One figure beside its reference.
#[derive(Serialize)]
struct ComparedJson<'a> {
    path: Vec<&'a str>,
    name: &'a str,
    quota: &'a str,
    value: u64,
    reference: Option<u64>,
    difference: Option<i128>,
}

/// The summary of `plan` beside `reference`: per node (matched by id) and
/// quota kind, the figure, the reference figure, the difference and the
/// percent change. A plan with batches is compared as the year, batch by
/// batch and summed (see [`of_batch`]).
///
/// # Errors
/// When writing fails.
pub fn write_compared(
    plan: &Plan,
    reference: &Plan,
    file: &str,
    depth: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let nf = crate::say::NumberFormat::default();
    // (path, name, quota id, value, reference)
    let mut lines: Vec<ComparedLine<'_>> = Vec::new();
    let kinds = plan.quotas();
    let mut all = vec![(ROOT, 0usize)];
    all.extend(rows(plan, depth));
    for (n, d) in all {
        let r = if n == ROOT {
            Some(ROOT)
        } else {
            reference.find(&plan.node(n).id)
        };
        for (q, kind) in kinds.iter().enumerate() {
            let rq = reference.quota_index(&kind.id);
            let rv = r.zip(rq).map(|(r, rq)| reference.value(r, rq));
            let name = if n == ROOT {
                crate::t!("national")
            } else {
                format!("{}{}", "  ".repeat(d.saturating_sub(1)), plan.node(n).name)
            };
            lines.push((plan.path_ids(n), name, &kind.id, plan.value(n, q), rv));
        }
    }
    match format {
        Format::Json => {
            let v: Vec<ComparedJson<'_>> = lines
                .iter()
                .map(|(path, name, quota, value, reference)| ComparedJson {
                    path: path.clone(),
                    name: name.trim_start(),
                    quota,
                    value: *value,
                    reference: *reference,
                    difference: reference.map(|r| i128::from(*value) - i128::from(r)),
                })
                .collect();
            writeln!(
                out,
                "{}",
                crate::core::text::escape_controls(
                    &serde_json::to_string_pretty(&v).unwrap_or_default()
                )
            )
        }
        Format::Text => {
            writeln!(
                out,
                "{}\n",
                crate::t!("summary-compared", file = printable(file))
            )?;
            let table: Vec<[String; 6]> = lines
                .iter()
                .map(|(_, name, quota, value, reference)| {
                    let (diff, pct) = reference.map_or_else(
                        || (crate::t!("summary-not-in-reference"), String::new()),
                        |r| super::diff::change_words(r, *value, &nf),
                    );
                    [
                        printable(name),
                        printable(quota),
                        nf.amount(u128::from(*value)),
                        reference.map_or_else(|| "–".to_owned(), |r| nf.amount(u128::from(r))),
                        diff,
                        pct,
                    ]
                })
                .collect();
            let head = [
                crate::t!("preview-node"),
                crate::t!("summary-quota"),
                crate::t!("ui-value"),
                crate::t!("summary-reference"),
                crate::t!("ui-change"),
                "%".to_owned(),
            ];
            write!(out, "{}", super::diff::aligned(&head, &table))
        }
    }
}
