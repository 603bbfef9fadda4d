//! The plan's history: entries made from the editor's steps (what a save
//! appends), and `allot log PLAN`, which reads them back.

use std::io::{self, Write};
use std::path::Path;

use crate::core::Plan;
use crate::core::apportion::Why;
use crate::core::ops::StepRecord;
use crate::core::text::printable;
use crate::say::{self, NumberFormat};
use crate::storage::history::{self, CellEntry, Entry, ShareEntry};

use super::check::Format;

/// The words of a reason for a share.
pub fn why_words(why: Why) -> &'static str {
    match why {
        Why::WholePart => "whole part",
        Why::LargestFraction => "largest fraction",
        Why::TieLargerWeight => "tie: larger weight",
        Why::TieEarlier => "tie: earlier",
        Why::Capped => "capped",
    }
}

/// The path of ids, the quota kind and batch ids of a value column.
fn place(plan: &Plan, n: crate::core::NodeIx, col: usize) -> (Vec<String>, String, Option<String>) {
    let layout = plan.layout();
    let path = plan.path_ids(n).into_iter().map(str::to_owned).collect();
    if col >= layout.columns() {
        return (path, String::new(), None);
    }
    let (k, b) = layout.column_of(col);
    let kind = layout
        .kinds()
        .get(k)
        .map_or_else(String::new, |x| x.id.clone());
    let batch = layout
        .has_batches()
        .then(|| layout.batches().get(b).map(|x| x.id.clone()))
        .flatten();
    (path, kind, batch)
}

/// History entries for `steps` of `plan` (as it is after them), made now
/// by `user`.
pub fn entries_of(plan: &Plan, steps: &[StepRecord], nf: &NumberFormat, user: &str) -> Vec<Entry> {
    let time = history::now();
    steps
        .iter()
        .map(|s| Entry {
            time: time.clone(),
            user: user.to_owned(),
            action: say::outcome(&s.label, nf),
            reason: s.reason.clone(),
            changes: s
                .cells
                .iter()
                .map(|c| {
                    let (path, quota, batch) = place(plan, c.node, c.col);
                    CellEntry {
                        path,
                        quota,
                        batch,
                        old: c.old,
                        new: c.new,
                        more: serde_json::Map::new(),
                    }
                })
                .collect(),
            apportionment: s
                .apportionment
                .iter()
                .map(|(n, col, e)| {
                    let (path, quota, batch) = place(plan, *n, *col);
                    ShareEntry {
                        path,
                        quota,
                        batch,
                        weight: e.weight,
                        share_num: e.share_num,
                        share_den: e.share_den,
                        base: e.base,
                        extra: e.extra,
                        why: why_words(e.why).to_owned(),
                    }
                })
                .collect(),
            more: serde_json::Map::new(),
        })
        .collect()
}

/// What to show of a history.
#[derive(Debug, Clone, Copy)]
pub struct LogRequest<'a> {
    /// The plan file.
    pub file: &'a Path,
    /// Text or JSON.
    pub format: Format,
    /// Only entries changing this node or below (a path of ids, `/`
    /// between them, or one id).
    pub node: Option<&'a str>,
    /// Only entries from this date on (`YYYY-MM-DD`, UTC).
    pub since: Option<&'a str>,
}

/// Whether `path` is at or under the node `node` names (`nm` or
/// `nm/nm-northern`).
fn under(path: &[String], node: &str) -> bool {
    let want: Vec<&str> = node.split('/').filter(|s| !s.is_empty()).collect();
    match want.as_slice() {
        [] => true,
        [one] => path.iter().any(|p| p == one),
        many => path.len() >= many.len() && path.iter().zip(many.iter()).all(|(a, b)| a == b),
    }
}

/// Run `allot log`; returns the exit code (0, 1 when the history cannot
/// be read, 2 on a bad date).
///
/// # Errors
/// When writing fails.
pub fn run(req: &LogRequest<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    let shown = printable(&req.file.display().to_string());
    if let Some(d) = req.since
        && crate::core::validate::check_date(d).is_err()
    {
        writeln!(
            err,
            "allot log: --since {}: give a date as YYYY-MM-DD",
            printable(d)
        )?;
        return Ok(2);
    }
    let h = match history::read(req.file) {
        Ok(h) => h,
        Err(e) => {
            writeln!(
                err,
                "{}: error: cannot read: {e}",
                printable(&history::history_path(req.file).display().to_string())
            )?;
            return Ok(1);
        }
    };
    for w in &h.warnings {
        writeln!(
            err,
            "{}: warning: {}",
            printable(&history::history_path(req.file).display().to_string()),
            printable(w)
        )?;
    }
    let kept: Vec<&Entry> = h
        .entries
        .iter()
        .filter(|e| req.since.is_none_or(|d| e.time.as_str() >= d))
        .filter(|e| {
            req.node.is_none_or(|n| {
                e.changes.iter().any(|c| under(&c.path, n))
                    || e.apportionment.iter().any(|c| under(&c.path, n))
            })
        })
        .collect();
    match req.format {
        Format::Json => writeln!(
            out,
            "{}",
            crate::core::text::escape_controls(
                &serde_json::to_string_pretty(&kept).unwrap_or_default()
            )
        ),
        Format::Text => {
            if kept.is_empty() {
                writeln!(out, "{shown}: no history entries")?;
                return Ok(0);
            }
            let nf = NumberFormat::default();
            for e in kept {
                writeln!(
                    out,
                    "{}  {}  {}",
                    printable(&e.time),
                    printable(&e.user),
                    printable(&e.action)
                )?;
                if let Some(r) = &e.reason {
                    writeln!(out, "    reason: {}", printable(r))?;
                }
                for c in &e.changes {
                    let quota = match &c.batch {
                        Some(b) => format!("{}@{b}", c.quota),
                        None => c.quota.clone(),
                    };
                    let path = if c.path.is_empty() {
                        "national".to_owned()
                    } else {
                        c.path.join("/")
                    };
                    writeln!(
                        out,
                        "    {} {}: {} → {}",
                        printable(&path),
                        printable(&quota),
                        nf.amount64(c.old),
                        nf.amount64(c.new)
                    )?;
                }
            }
            Ok(())
        }
    }
    .map(|()| 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_matched_by_id_or_path() {
        let p = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!(under(&p(&["nm", "nm-northern"]), "nm"));
        assert!(under(&p(&["nm", "nm-northern"]), "nm-northern"));
        assert!(under(&p(&["nm", "nm-northern"]), "nm/nm-northern"));
        assert!(!under(&p(&["sc"]), "nm"));
        assert!(!under(&p(&["nm"]), "nm/nm-northern"));
    }
}
