//! `allot diff A B`: what differs between two plans, for people (a table
//! by path, aligned by display width) and for scripts (JSON, a contract).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::check::Format;
use crate::core::Plan;
use crate::core::compare::{Comparison, Scope, compare};
use crate::core::text::{fit_pad_left, fit_pad_right, printable, width};
use crate::say::NumberFormat;
use crate::storage::read_plan;

#[derive(Serialize)]
struct PathJson<'a> {
    path: &'a [String],
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    path: &'a [String],
    quota: &'a str,
    batch: Option<&'a str>,
    a: u64,
    b: u64,
}

#[derive(Serialize)]
struct MovedJson<'a> {
    id: &'a str,
    a_path: &'a [String],
    b_path: &'a [String],
}

#[derive(Serialize)]
struct RenamedJson<'a> {
    id: &'a str,
    path: &'a [String],
    a_name: &'a str,
    b_name: &'a str,
}

#[derive(Serialize)]
struct QuotasJson<'a> {
    only_in_a: &'a [String],
    only_in_b: &'a [String],
    batches_only_in_a: &'a [String],
    batches_only_in_b: &'a [String],
}

#[derive(Serialize)]
struct DiffJson<'a> {
    same: bool,
    changes: Vec<ChangeJson<'a>>,
    only_in_a: Vec<PathJson<'a>>,
    only_in_b: Vec<PathJson<'a>>,
    moved: Vec<MovedJson<'a>>,
    renamed: Vec<RenamedJson<'a>>,
    quotas: QuotasJson<'a>,
}

/// The comparison as the JSON contract.
pub fn to_json(d: &Comparison) -> String {
    let v = DiffJson {
        same: d.is_same(),
        changes: d
            .changes
            .iter()
            .map(|c| ChangeJson {
                path: &c.path,
                quota: &c.quota,
                batch: c.batch.as_deref(),
                a: c.a,
                b: c.b,
            })
            .collect(),
        only_in_a: d.only_in_a.iter().map(|p| PathJson { path: p }).collect(),
        only_in_b: d.only_in_b.iter().map(|p| PathJson { path: p }).collect(),
        moved: d
            .moved
            .iter()
            .map(|m| MovedJson {
                id: &m.id,
                a_path: &m.a_path,
                b_path: &m.b_path,
            })
            .collect(),
        renamed: d
            .renamed
            .iter()
            .map(|r| RenamedJson {
                id: &r.id,
                path: &r.path,
                a_name: &r.a_name,
                b_name: &r.b_name,
            })
            .collect(),
        quotas: QuotasJson {
            only_in_a: &d.kinds_only_in_a,
            only_in_b: &d.kinds_only_in_b,
            batches_only_in_a: &d.batches_only_in_a,
            batches_only_in_b: &d.batches_only_in_b,
        },
    };
    crate::core::text::escape_controls(&serde_json::to_string_pretty(&v).unwrap_or_default())
}

/// The names along `path` in `plan` (national for the empty path).
fn names(plan: &Plan, path: &[String]) -> String {
    if path.is_empty() {
        return crate::t!("national");
    }
    let n = path.last().and_then(|id| plan.find(id));
    n.map_or_else(|| path.join("/"), |n| plan.path_names(n)[1..].join(" / "))
}

/// The difference `b - a` and the percent change from `a`, in words
/// (`+600`, `+16.7%`; `new` when `a` is 0).
pub fn change_words(a: u64, b: u64, nf: &NumberFormat) -> (String, String) {
    let diff = i128::from(b) - i128::from(a);
    if diff == 0 {
        return ("0".to_owned(), String::new());
    }
    let sign = if diff > 0 { "+" } else { "" };
    let pct = nf.share(diff.unsigned_abs(), u128::from(a)).map_or_else(
        || "new".to_owned(),
        |p| format!("{}{p}", if diff < 0 { "-" } else { "+" }),
    );
    (format!("{sign}{}", nf.signed(diff)), pct)
}

/// The table of figures that differ: node, quota (`@batch` when one batch),
/// both figures, the difference and the percent change, aligned by display
/// width.
fn changes_table(
    d: &Comparison,
    a: &Plan,
    b: &Plan,
    names_ab: (&str, &str),
    nf: NumberFormat,
) -> String {
    let rows: Vec<[String; 6]> = d
        .changes
        .iter()
        .map(|c| {
            let (diff, pct) = change_words(c.a, c.b, &nf);
            let quota = match &c.batch {
                Some(x) => format!("{}@{x}", c.quota),
                None => c.quota.clone(),
            };
            let in_b = c.path.last().is_none_or(|id| b.find(id).is_some());
            let plan = if in_b { b } else { a };
            [
                printable(&names(plan, &c.path)),
                printable(&quota),
                nf.amount(u128::from(c.a)),
                nf.amount(u128::from(c.b)),
                diff,
                pct,
            ]
        })
        .collect();
    let head = [
        crate::t!("preview-node"),
        crate::t!("summary-quota"),
        printable(names_ab.0),
        printable(names_ab.1),
        crate::t!("ui-change"),
        "%".to_owned(),
    ];
    aligned(&head, &rows)
}

/// A table of six columns by display width: two left-aligned (a name
/// column of up to 60 cells, then one of up to 40), four right-aligned
/// figures; lines end without spaces.
pub fn aligned(head: &[String; 6], rows: &[[String; 6]]) -> String {
    let mut w = [0usize; 6];
    for r in rows.iter().chain(std::iter::once(head)) {
        for (i, cell) in r.iter().enumerate() {
            w[i] = w[i].max(width(cell)).min(if i == 0 { 60 } else { 40 });
        }
    }
    let mut out = String::new();
    for r in std::iter::once(head).chain(rows.iter()) {
        let line = format!(
            "{}  {}  {}  {}  {}  {}",
            fit_pad_right(&r[0], w[0]),
            fit_pad_right(&r[1], w[1]),
            fit_pad_left(&r[2], w[2]),
            fit_pad_left(&r[3], w[3]),
            fit_pad_left(&r[4], w[4]),
            fit_pad_left(&r[5], w[5])
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// A titled list, or nothing when `items` is empty.
fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", crate::t!("list-title", title = title));
    for i in items {
        let _ = writeln!(out, "  {i}");
    }
}

/// The comparison for people: the figures that differ by path with both
/// figures, the difference and the percent change, aligned by display
/// width; then the nodes, kinds and batches of one plan, the moves and the
/// renames.
pub fn to_text(
    d: &Comparison,
    a: &Plan,
    b: &Plan,
    names_ab: (&str, &str),
    nf: &NumberFormat,
) -> String {
    if d.is_same() {
        return crate::t!("diff-same") + "\n";
    }
    let mut out = String::new();
    if !d.changes.is_empty() {
        out.push_str(&changes_table(d, a, b, names_ab, *nf));
    }
    let (na, nb) = (printable(names_ab.0), printable(names_ab.1));
    let paths = |plan: &Plan, v: &[Vec<String>]| -> Vec<String> {
        v.iter().map(|p| printable(&names(plan, p))).collect()
    };
    list(
        &mut out,
        &crate::t!("diff-only-in", plan = na.as_str()),
        &paths(a, &d.only_in_a),
    );
    list(
        &mut out,
        &crate::t!("diff-only-in", plan = nb.as_str()),
        &paths(b, &d.only_in_b),
    );
    let moved: Vec<String> = d
        .moved
        .iter()
        .map(|m| {
            format!(
                "{}: {} → {}",
                printable(&m.id),
                printable(&m.a_path.join("/")),
                printable(&m.b_path.join("/"))
            )
        })
        .collect();
    list(&mut out, &crate::t!("diff-moved-heading"), &moved);
    let renamed: Vec<String> = d
        .renamed
        .iter()
        .map(|r| {
            format!(
                "{}: {} → {}",
                printable(&r.id),
                printable(&r.a_name),
                printable(&r.b_name)
            )
        })
        .collect();
    list(&mut out, &crate::t!("diff-renamed-heading"), &renamed);
    let ids = |v: &[String]| v.iter().map(|s| printable(s)).collect::<Vec<_>>();
    list(
        &mut out,
        &crate::t!("diff-kinds-only-in", plan = na.as_str()),
        &ids(&d.kinds_only_in_a),
    );
    list(
        &mut out,
        &crate::t!("diff-kinds-only-in", plan = nb.as_str()),
        &ids(&d.kinds_only_in_b),
    );
    list(
        &mut out,
        &crate::t!("diff-batches-only-in", plan = na.as_str()),
        &ids(&d.batches_only_in_a),
    );
    list(
        &mut out,
        &crate::t!("diff-batches-only-in", plan = nb.as_str()),
        &ids(&d.batches_only_in_b),
    );
    out
}

/// Run `allot diff`; returns the exit code (0 the same, 1 different, 2
/// usage or an unreadable plan).
///
/// # Errors
/// When writing fails.
pub fn run(
    a_file: &Path,
    b_file: &Path,
    scope: &Scope<'_>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let read = |f: &Path, err: &mut dyn Write| -> io::Result<Option<Plan>> {
        match read_plan(f) {
            Ok((p, _)) => Ok(Some(p)),
            Err(e) => {
                super::transfer::open_error(f, &e, err)?;
                Ok(None)
            }
        }
    };
    let (Some(a), Some(b)) = (read(a_file, err)?, read(b_file, err)?) else {
        return Ok(2);
    };
    if let Some(id) = scope.batch
        && a.layout().batch_index(id).is_none()
        && b.layout().batch_index(id).is_none()
    {
        writeln!(
            err,
            "allot diff: {}",
            crate::t!("diff-no-batch", batch = format!("{:?}", printable(id)))
        )?;
        return Ok(2);
    }
    let d = compare(&a, &b, scope);
    match format {
        Format::Json => writeln!(out, "{}", to_json(&d))?,
        Format::Text => {
            let name = |p: &Path| p.display().to_string();
            write!(
                out,
                "{}",
                to_text(
                    &d,
                    &a,
                    &b,
                    (&name(a_file), &name(b_file)),
                    &NumberFormat::default()
                )
            )?;
        }
    }
    Ok(u8::from(!d.is_same()))
}
