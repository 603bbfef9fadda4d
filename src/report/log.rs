//! `allot log PLAN`: the plan's history read back (the entries are made by
//! [`crate::record`]).

use std::io::{self, Write};
use std::path::Path;

use crate::core::text::printable;
use crate::say::NumberFormat;
use crate::storage::history::{self, Entry};

use super::check::Format;

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
/// `nm/nm-northern`; `national`, as in `allot apply`, is the top).
fn under(path: &[String], node: &str) -> bool {
    if node == "national" {
        return true;
    }
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
            "allot log: --since {}: {}",
            printable(d),
            crate::t!("log-bad-date")
        )?;
        return Ok(2);
    }
    let h = match history::read(req.file) {
        Ok(h) => h,
        Err(e) => {
            writeln!(
                err,
                "{}: {}",
                printable(&history::history_path(req.file).display().to_string()),
                crate::t!(
                    "check-error",
                    message = crate::t!("read-cannot", error = e.to_string())
                )
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
                writeln!(out, "{shown}: {}", crate::t!("log-none"))?;
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
