//! `allot merge A B -o OUT`: reconcile two plans into one. With `--take a`
//! or `--take b` every difference takes that side (headless); the result
//! is written only when it is consistent. In a terminal without `--take`,
//! the reconcile view lets the planner decide each difference.

use std::io::{self, Write};
use std::path::Path;

use serde_json::json;

use crate::core::Plan;
use crate::core::merge::{Decided, Merge, Side};
use crate::core::text::printable;
use crate::say::{self, NumberFormat};
use crate::storage::file::{FileError, Output, Policy};
use crate::storage::history::{self, CellEntry, Entry};
use crate::storage::{read_plan, to_json};

/// What to merge and where.
#[derive(Debug, Clone, Copy)]
pub struct MergeRequest<'a> {
    /// Plan A.
    pub a: &'a Path,
    /// Plan B.
    pub b: &'a Path,
    /// The merged plan's file.
    pub out: &'a Path,
    /// Take this side for every difference (headless).
    pub take: Option<Side>,
    /// Replace an existing output file.
    pub force: bool,
}

/// Read both plans; None (with the error said) when one cannot be read.
///
/// # Errors
/// When writing the error fails.
pub fn read_both(a: &Path, b: &Path, err: &mut dyn Write) -> io::Result<Option<(Plan, Plan)>> {
    let mut plans = Vec::new();
    for f in [a, b] {
        match read_plan(f) {
            Ok((p, _)) => plans.push(p),
            Err(e) => {
                super::transfer::open_error(f, &e, err)?;
                return Ok(None);
            }
        }
    }
    let b = plans.pop();
    Ok(plans.pop().zip(b))
}

/// The history entry of a merge: every resolved figure with both sides,
/// the merged figure and where it came from.
pub fn history_entry(req: &MergeRequest<'_>, decided: &[Decided]) -> Entry {
    let changes = decided
        .iter()
        .map(|d| {
            let mut more = serde_json::Map::new();
            more.insert("a".to_owned(), json!(d.a));
            more.insert("b".to_owned(), json!(d.b));
            more.insert(
                "from".to_owned(),
                json!(d.from.map_or("typed", Side::letter)),
            );
            CellEntry {
                path: d.path.clone(),
                quota: d.quota.clone(),
                batch: d.batch.clone(),
                old: d.a,
                new: d.value,
                more,
            }
        })
        .collect();
    let mut more = serde_json::Map::new();
    more.insert(
        "merged_from".to_owned(),
        json!({"a": req.a.display().to_string(), "b": req.b.display().to_string()}),
    );
    Entry {
        time: history::now(),
        user: history::user(),
        action: format!("merge {} and {}", req.a.display(), req.b.display()),
        reason: None,
        changes,
        apportionment: Vec::new(),
        more,
    }
}

/// Where the merged plan goes, checked: never over A or B, over another
/// existing file only with `force`.
///
/// # Errors
/// Why it cannot be written there, in words.
pub fn check_output(req: &MergeRequest<'_>, force: bool) -> Result<(Output, Policy), String> {
    let policy = Policy::named(force, vec![req.a.to_path_buf(), req.b.to_path_buf()]);
    let output = Output::check(req.out, &policy).map_err(|e| match e {
        FileError::Exists => crate::t!("apply-output-exists"),
        FileError::IsThePlan => crate::t!("merge-out-is-input"),
        e => crate::t!("apply-cannot-write", error = e.to_string()),
    })?;
    Ok((output, policy))
}

/// Write the merged plan to `req.out` (never over A or B; over another
/// file only with `force`) and record the decisions in its history.
///
/// # Errors
/// Why it was not written, in words.
pub fn write_merged(
    req: &MergeRequest<'_>,
    merge: &Merge,
    force: bool,
    stdout: &mut dyn Write,
) -> Result<(), String> {
    let json = to_json(merge.result());
    let (output, policy) = check_output(req, force)?;
    output
        .write(&policy, stdout, &mut |w, _| w.write_all(json.as_bytes()))
        .map_err(|e| crate::t!("apply-cannot-write", error = e.to_string()))?;
    if let Output::File { .. } = output
        && let Err(e) = history::append_entries(req.out, &[history_entry(req, &merge.decided())])
    {
        return Err(crate::t!("merge-no-history", error = e.to_string()));
    }
    Ok(())
}

/// Run the headless merge; returns the exit code (0 written, 1 refused or
/// not written, 2 usage or an unreadable plan).
///
/// # Errors
/// When writing to `out` or `err` fails.
pub fn run(req: &MergeRequest<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    let Some(side) = req.take else {
        writeln!(
            err,
            "allot merge: not in a terminal: give --take a or --take b to take one side for \
             every difference, or run it in a terminal to decide each one"
        )?;
        return Ok(2);
    };
    let Some((a, b)) = read_both(req.a, req.b, err)? else {
        return Ok(2);
    };
    let nf = NumberFormat::default();
    let mut merge = Merge::new(a, b);
    let n = merge.items().len();
    if let Err(r) = merge.take_all(side) {
        let plans = match side {
            Side::A => [merge.a(), merge.b()],
            Side::B => [merge.b(), merge.a()],
        };
        writeln!(
            err,
            "allot merge: {}",
            crate::t!(
                "merge-take-refused",
                side = side.letter(),
                why = say::merge_refusal(&r, &plans, &nf)
            )
        )?;
        return Ok(1);
    }
    if let Err(m) = write_merged(req, &merge, req.force, out) {
        writeln!(
            err,
            "{}: {}",
            printable(&req.out.display().to_string()),
            crate::t!("check-error", message = m)
        )?;
        return Ok(1);
    }
    if req.out != Path::new("-") {
        let from = match side {
            Side::A => req.a,
            Side::B => req.b,
        };
        writeln!(
            out,
            "{}: {}",
            printable(&req.out.display().to_string()),
            crate::t!(
                "merge-taken",
                count = n,
                side = side.letter(),
                from = printable(&from.display().to_string()),
                history = printable(&history::history_path(req.out).display().to_string())
            )
        )?;
    }
    Ok(0)
}
