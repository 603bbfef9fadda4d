//! `allot apply`: the planner's operations without a terminal, for scripts
//! and pipelines. The operations run in order on one plan; if any is
//! refused nothing is written, else the plan (or `-o OUT`) is saved with the
//! interactive planner's safety (atomic, `.bak`, refused when the file
//! changed since it was read, the plan's lock).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::check::Format;
use crate::core::layout::Batch;
use crate::core::text::printable;
use crate::core::{Editor, FillBy, NodeIx, Outcome, Plan, ROOT, Refusal};
use crate::say::{self, NumberFormat};
use crate::storage::file::{FileError, Output, Policy, RealFile};
use crate::storage::safe::{self, LockOutcome, SaveError};
use crate::storage::{OpenError, parse_plan, to_json};

/// What `allot apply` was asked to do.
#[derive(Debug, Clone)]
pub struct ApplyRequest<'a> {
    /// The plan file.
    pub file: &'a Path,
    /// Where to write the result (None: the plan itself).
    pub out: Option<&'a Path>,
    /// Check and report, write nothing.
    pub dry_run: bool,
    /// Why (kept with the change).
    pub reason: Option<&'a str>,
    /// Output format.
    pub format: Format,
    /// Replace an existing `out` (never the plan itself).
    pub force: bool,
    /// The operations, one shell argument each.
    pub ops: &'a [String],
}

/// The words of one operation: separated by spaces; a word with spaces in
/// double quotes (`\"` inside is a quote).
///
/// # Errors
/// An unclosed quote.
pub fn words(op: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = op.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(crate::t!("op-quote-open")),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => word.push(e),
                            Some(e) => {
                                word.push('\\');
                                word.push(e);
                            }
                            None => return Err(crate::t!("op-quote-open")),
                        },
                        Some(e) => word.push(e),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    Ok(out)
}

/// A figure's place: the quota kind and, with batches, the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    kind: String,
    batch: Option<String>,
}

/// One operation, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Set {
        path: String,
        cell: Cell,
        value: String,
        how: How,
    },
    Fill {
        path: String,
        kind: Option<String>,
        batch: Option<String>,
        by: Option<FillBy>,
        down: bool,
    },
    Lock {
        path: String,
        locked: bool,
    },
    AddBatch {
        batch: Batch,
        totals: Vec<(String, String)>,
        first: Option<Batch>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Set,
    Rebalance,
    Scale,
}

const USAGE: &str = "operations: set PATH QUOTA[@BATCH] VALUE, rebalance PATH QUOTA[@BATCH] VALUE, \
scale PATH QUOTA[@BATCH] VALUE, fill PATH [QUOTA][@BATCH] [by cumulative|current|previous|equal], \
fill-down PATH [QUOTA][@BATCH] [by ...], lock PATH, unlock PATH, \
add-batch ID NAME [QUOTA=VALUE ...] [date=YYYY-MM-DD] [notice=TEXT] [first=ID] [first-name=NAME]";

/// `QUOTA[@BATCH]`, `@BATCH` or nothing.
fn cell(word: &str) -> (Option<String>, Option<String>) {
    match word.split_once('@') {
        Some((k, b)) => ((!k.is_empty()).then(|| k.to_owned()), Some(b.to_owned())),
        None => (Some(word.to_owned()), None),
    }
}

/// The operations' syntax, after the word for them in the language in use.
fn usage() -> String {
    let tail = USAGE.strip_prefix("operations").unwrap_or(USAGE);
    format!("{}{tail}", crate::t!("op-usage-words"))
}

fn parse(op: &str) -> Result<Op, String> {
    let w = words(op)?;
    let arg = |i: usize, what: &str| {
        w.get(i).cloned().ok_or_else(|| {
            crate::t!(
                "op-needs",
                verb = w[0].as_str(),
                what = what,
                usage = usage()
            )
        })
    };
    let Some(verb) = w.first() else {
        return Err(crate::t!("op-empty", usage = usage()));
    };
    let at_most = |n: usize| {
        if w.len() > n {
            Err(crate::t!(
                "op-too-many",
                verb = verb.as_str(),
                count = n - 1,
                extra = w[n].as_str()
            ))
        } else {
            Ok(())
        }
    };
    match verb.as_str() {
        "set" | "rebalance" | "scale" => {
            at_most(4)?;
            let path = arg(1, "a PATH")?;
            let (kind, batch) = cell(&arg(2, "a QUOTA")?);
            let kind = kind.ok_or_else(|| crate::t!("op-quota-before-at", verb = verb.as_str()))?;
            let value = arg(3, "a VALUE")?;
            let how = match verb.as_str() {
                "set" => How::Set,
                "rebalance" => How::Rebalance,
                _ => How::Scale,
            };
            Ok(Op::Set {
                path,
                cell: Cell { kind, batch },
                value,
                how,
            })
        }
        "fill" | "fill-down" => parse_fill(&w),
        "lock" | "unlock" => {
            at_most(2)?;
            Ok(Op::Lock {
                path: arg(1, "a PATH")?,
                locked: verb == "lock",
            })
        }
        "add-batch" => parse_add_batch(&w),
        other => Err(crate::t!(
            "op-unknown",
            op = format!("{other:?}"),
            usage = usage()
        )),
    }
}

/// `fill PATH [QUOTA][@BATCH] [by HOW]` and `fill-down ...`.
fn parse_fill(w: &[String]) -> Result<Op, String> {
    let verb = w[0].as_str();
    let path = w
        .get(1)
        .cloned()
        .ok_or_else(|| crate::t!("op-needs", verb = verb, what = "PATH", usage = usage()))?;
    let mut rest: Vec<&str> = w[2..].iter().map(String::as_str).collect();
    let mut by = None;
    if let Some(i) = rest.iter().position(|&x| x == "by") {
        let how = rest.get(i + 1).ok_or_else(|| crate::t!("op-by-needs"))?;
        by = Some(match *how {
            "cumulative" => FillBy::Cumulative,
            "current" => FillBy::Current,
            "previous" => FillBy::Previous,
            "equal" => FillBy::Equal,
            other => {
                return Err(crate::t!("op-by-unknown", how = format!("{other:?}")));
            }
        });
        if rest.len() > i + 2 {
            return Err(crate::t!("op-after-by", extra = rest[i + 2], how = *how));
        }
        rest.truncate(i);
    }
    if rest.len() > 1 {
        return Err(crate::t!("op-one-quota", verb = verb, extra = rest[1]));
    }
    let (kind, batch) = rest.first().map_or((None, None), |c| cell(c));
    Ok(Op::Fill {
        path,
        kind,
        batch,
        by,
        down: verb == "fill-down",
    })
}

/// `add-batch ID NAME [QUOTA=VALUE ...] [date=] [notice=] [first=] [first-name=]`.
fn parse_add_batch(w: &[String]) -> Result<Op, String> {
    let arg = |i: usize, what: &str| {
        w.get(i)
            .cloned()
            .ok_or_else(|| crate::t!("op-needs", verb = "add-batch", what = what, usage = usage()))
    };
    let mut batch = Batch {
        id: arg(1, "ID")?,
        name: arg(2, "NAME")?,
        date: None,
        notice: None,
    };
    let mut totals = Vec::new();
    let mut first_id = None;
    let mut first_name = None;
    for word in &w[3..] {
        let Some((key, value)) = word.split_once('=') else {
            return Err(crate::t!("op-add-batch-word", word = format!("{word:?}")));
        };
        match key {
            "date" => batch.date = Some(value.to_owned()),
            "notice" => batch.notice = Some(value.to_owned()),
            "first" => first_id = Some(value.to_owned()),
            "first-name" => first_name = Some(value.to_owned()),
            _ => totals.push((key.to_owned(), value.to_owned())),
        }
    }
    // A plan without batches: its figures become the first one.
    let first = Some(Batch {
        id: first_id.unwrap_or_else(|| "b1".to_owned()),
        name: first_name.unwrap_or_else(|| crate::t!("first-batch")),
        date: None,
        notice: None,
    });
    Ok(Op::AddBatch {
        batch,
        totals,
        first,
    })
}

/// The node at `path` (ids joined by `/`; `national` for the root).
fn node_at(plan: &Plan, path: &str) -> Result<NodeIx, String> {
    if path == "national" {
        return Ok(ROOT);
    }
    let ids: Vec<&str> = path.split('/').collect();
    let last = ids.last().copied().unwrap_or_default();
    match plan.find(last) {
        Some(n) if plan.path_ids(n) == ids => Ok(n),
        Some(n) => Err(crate::t!(
            "op-node-elsewhere",
            path = format!("{path:?}"),
            id = format!("{last:?}"),
            at = format!("{:?}", plan.path_ids(n).join("/"))
        )),
        None => Err(crate::t!(
            "op-no-node",
            path = format!("{path:?}"),
            id = format!("{last:?}")
        )),
    }
}

/// The batch `batch` names (the last one when None).
fn batch_at(plan: &Plan, batch: Option<&str>) -> Result<usize, String> {
    let layout = plan.layout();
    match batch {
        None => Ok(layout.batch_count() - 1),
        Some(b) if !layout.has_batches() => Err(crate::t!("op-no-batches", batch = b)),
        Some(b) => layout.batch_index(b).ok_or_else(|| {
            crate::t!(
                "export-no-batch",
                batch = format!("{b:?}"),
                known = layout
                    .batches()
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }),
    }
}

/// The column of a stored kind in a batch.
fn column(plan: &Plan, kind: &str, batch: Option<&str>) -> Result<usize, String> {
    let layout = plan.layout();
    let k = layout.kind_index(kind).ok_or_else(|| {
        crate::t!(
            "op-no-kind",
            kind = format!("{kind:?}"),
            known = layout
                .kinds()
                .iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    if layout.kinds()[k].is_derived() {
        return Err(crate::t!("op-derived", kind = format!("{kind:?}")));
    }
    let b = batch_at(plan, batch)?;
    Ok(layout
        .column(k, b)
        .expect("a stored kind has a column in every batch"))
}

/// Why an operation did not apply.
enum Failure {
    /// It could not be understood or does not fit the plan.
    Usage(String),
    /// The engine refused it.
    Refused(Refusal),
}

/// Run one operation; the cells it touched (node, column) come from the
/// editor.
fn run_op(ed: &mut Editor, op: &Op) -> Result<Vec<Outcome>, Failure> {
    let plan = ed.plan();
    match op {
        Op::Set {
            path,
            cell,
            value,
            how,
        } => {
            let n = node_at(plan, path).map_err(Failure::Usage)?;
            let q = column(plan, &cell.kind, cell.batch.as_deref()).map_err(Failure::Usage)?;
            let v = ed.parse_input(n, q, value).map_err(Failure::Refused)?;
            let r = match how {
                How::Set => ed.set_value(n, q, v),
                How::Rebalance => ed.set_rebalance(n, q, v),
                How::Scale => ed.scale(n, q, v),
            };
            r.map(|o| vec![o]).map_err(Failure::Refused)
        }
        Op::Fill {
            path,
            kind,
            batch,
            by,
            down,
        } => {
            let n = node_at(plan, path).map_err(Failure::Usage)?;
            let columns: Vec<usize> = if let Some(k) = kind {
                vec![column(plan, k, batch.as_deref()).map_err(Failure::Usage)?]
            } else {
                // Every stored kind of the batch.
                let b = batch_at(plan, batch.as_deref()).map_err(Failure::Usage)?;
                let layout = plan.layout();
                layout
                    .stored()
                    .iter()
                    .filter_map(|&k| layout.column(k, b))
                    .collect()
            };
            let one = columns.len() == 1;
            let mut done = Vec::new();
            let mut last = None;
            for q in columns {
                let r = if *down {
                    ed.fill_down(n, q, *by)
                } else {
                    ed.fill_by(n, q, *by)
                };
                match r {
                    Ok(o) => done.push(o),
                    // Several kinds: those with nothing to fill are passed.
                    Err(e) if !one && matches!(e, Refusal::NothingToFill { .. }) => {
                        last = Some(e);
                    }
                    Err(e) => return Err(Failure::Refused(e)),
                }
            }
            if done.is_empty() {
                return Err(Failure::Refused(last.unwrap_or(Refusal::NoSuchQuota)));
            }
            Ok(done)
        }
        Op::Lock { path, locked } => {
            let n = node_at(plan, path).map_err(Failure::Usage)?;
            ed.set_locked(n, *locked)
                .map(|o| vec![o])
                .map_err(Failure::Refused)
        }
        Op::AddBatch {
            batch,
            totals,
            first,
        } => {
            let layout = plan.layout();
            let mut figures = Vec::new();
            for (kind, value) in totals {
                let k = layout
                    .kind_index(kind)
                    .filter(|&k| !layout.kinds()[k].is_derived())
                    .ok_or_else(|| {
                        Failure::Usage(crate::t!("op-add-batch-kind", kind = format!("{kind:?}")))
                    })?;
                // A value as typed in the planner: `50%` is of the previous
                // batch's total.
                let prev = layout.column(k, layout.batch_count() - 1);
                let ctx = crate::core::value::ValueContext {
                    current: 0,
                    parent_value: prev.map(|c| plan.value(ROOT, c)),
                    parent_remainder: None,
                };
                let v = crate::core::value::parse_value(value, &ctx)
                    .map_err(|e| Failure::Refused(Refusal::Value(e)))?;
                figures.push((k, v));
            }
            ed.add_batch(batch.clone(), &figures, first.clone())
                .map(|o| vec![o])
                .map_err(Failure::Refused)
        }
    }
}

/// A figure's place by ids: (node path, kind, batch).
type Key = (Vec<String>, String, Option<String>);

/// The key of (node, column) in `plan`.
fn key_of(plan: &Plan, n: NodeIx, q: usize) -> Key {
    let layout = plan.layout();
    let (k, b) = layout.column_of(q);
    (
        plan.path_ids(n).into_iter().map(str::to_owned).collect(),
        layout.kinds()[k].id.clone(),
        layout.batches().get(b).map(|x| x.id.clone()),
    )
}

/// The figure at `key` in `plan` (0 where the node, kind or batch is not
/// there). A plan without batches holds the figures of what became the
/// first batch, `first`.
fn value_at(plan: &Plan, key: &Key, first: Option<&str>) -> u64 {
    let layout = plan.layout();
    let n = if key.0.is_empty() {
        Some(ROOT)
    } else {
        plan.find(key.0.last().map_or("", String::as_str))
    };
    let k = layout.kind_index(&key.1);
    let b = match &key.2 {
        Some(b) if layout.has_batches() => layout.batch_index(b),
        Some(b) => (Some(b.as_str()) == first).then_some(0),
        None => Some(0),
    };
    match (n, k, b) {
        (Some(n), Some(k), Some(b)) => layout.column(k, b).map_or(0, |c| plan.value(n, c)),
        _ => 0,
    }
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    path: &'a [String],
    quota: &'a str,
    batch: Option<&'a str>,
    old: u64,
    new: u64,
}

#[derive(Serialize)]
struct OpJson {
    op: String,
    outcome: Vec<String>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    operation: usize,
    op: &'a str,
    message: String,
}

#[derive(Serialize)]
struct ApplyJson<'a> {
    file: String,
    ok: bool,
    dry_run: bool,
    written: Option<String>,
    reason: Option<&'a str>,
    operations: Vec<OpJson>,
    changes: Vec<ChangeJson<'a>>,
    error: Option<ErrorJson<'a>>,
}

/// Run `allot apply`; returns the exit code (0 done, 1 an operation refused
/// or the plan not written, 2 usage or an unreadable plan).
///
/// # Errors
/// When writing to `out` or `err` fails.
#[allow(clippy::too_many_lines, reason = "one command, read to write")]
pub fn run(req: &ApplyRequest<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    let shown = printable(&req.file.display().to_string());
    let nf = NumberFormat::default();
    // Understand every operation before anything else.
    let mut ops = Vec::new();
    for (i, text) in req.ops.iter().enumerate() {
        match parse(text) {
            Ok(op) => ops.push(op),
            Err(m) => {
                writeln!(
                    err,
                    "allot apply: {}",
                    crate::t!(
                        "apply-operation",
                        number = i + 1,
                        op = printable(text),
                        why = printable(&m)
                    )
                )?;
                return Ok(2);
            }
        }
    }
    if ops.is_empty() {
        writeln!(
            err,
            "allot apply: {}",
            crate::t!("op-none", usage = usage())
        )?;
        return Ok(2);
    }
    let file = match RealFile::resolve(req.file) {
        Ok(f) => f,
        Err(e) => {
            let m = crate::t!("read-cannot", error = e.to_string());
            writeln!(err, "{shown}: {}", crate::t!("check-error", message = m))?;
            return Ok(2);
        }
    };
    // The plan's lock, as the planner takes it, when it is saved in place.
    let _lock = if req.out.is_none() && !req.dry_run {
        match safe::lock(file.real()) {
            LockOutcome::Locked(l) => Some(l),
            LockOutcome::Held(h) => {
                let m = crate::t!(
                    "apply-locked",
                    pid = h.pid.map(|p| p.to_string()).unwrap_or_default(),
                    known = if h.pid.is_some() { "yes" } else { "no" }
                );
                writeln!(err, "{shown}: {}", crate::t!("check-error", message = m))?;
                return Ok(1);
            }
            LockOutcome::Unsafe(p) => {
                writeln!(err, "{shown}: error: {p}")?;
                return Ok(1);
            }
            LockOutcome::Unavailable(_) => None,
        }
    } else {
        None
    };
    let text = match file.read() {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return super::transfer::open_error(
                    req.file,
                    &OpenError::Encoding { line: 1, column: 1 },
                    err,
                );
            }
        },
        Err(e) => {
            let m = crate::t!("read-cannot", error = e.to_string());
            writeln!(err, "{shown}: {}", crate::t!("check-error", message = m))?;
            return Ok(2);
        }
    };
    let hash = safe::content_hash(text.as_bytes());
    let plan = match parse_plan(&text) {
        Ok(p) => p,
        Err(errors) => {
            super::transfer::open_error(req.file, &OpenError::Invalid(errors), err)?;
            return Ok(2);
        }
    };
    let original = plan.clone();
    let mut ed = Editor::new(plan);
    let mut keys: BTreeSet<Key> = BTreeSet::new();
    let mut done: Vec<OpJson> = Vec::new();
    let mut failure = None;
    for (i, op) in ops.iter().enumerate() {
        match run_op(&mut ed, op) {
            Ok(outcomes) => {
                for &(n, q) in &ed.touched().cells {
                    keys.insert(key_of(ed.plan(), n, q));
                }
                if let Op::AddBatch { batch, .. } = op {
                    // The new batch's totals.
                    let plan = ed.plan();
                    let layout = plan.layout();
                    if let Some(b) = layout.batch_index(&batch.id) {
                        for &k in layout.stored() {
                            if let Some(c) = layout.column(k, b) {
                                keys.insert(key_of(plan, ROOT, c));
                            }
                        }
                    }
                }
                done.push(OpJson {
                    op: req.ops[i].clone(),
                    outcome: outcomes.iter().map(|o| say::outcome(o, &nf)).collect(),
                });
            }
            Err(f) => {
                let why = match f {
                    Failure::Usage(m) => m,
                    Failure::Refused(r) => crate::t!("refused", why = say::refusal(&r, &nf)),
                };
                failure = Some((i, why));
                break;
            }
        }
    }
    let final_plan = ed.plan();
    // Figures of a plan that had no batches are its first batch's now.
    let first = final_plan.layout().batches().first().map(|b| b.id.clone());
    let keys: BTreeSet<Key> = keys
        .into_iter()
        .map(|(path, kind, batch)| (path, kind, batch.or_else(|| first.clone())))
        .collect();
    let changes: Vec<(Key, u64, u64)> = keys
        .into_iter()
        .map(|k| {
            let old = value_at(&original, &k, first.as_deref());
            let new = value_at(final_plan, &k, first.as_deref());
            (k, old, new)
        })
        .filter(|(_, old, new)| old != new)
        .collect();
    // Write, unless refused or only trying.
    let mut written = None;
    let mut code = 0;
    if let Some((i, why)) = &failure {
        code = 1;
        if req.format == Format::Text {
            writeln!(
                err,
                "allot apply: {}",
                crate::t!(
                    "apply-refused",
                    number = i + 1,
                    op = printable(&req.ops[*i]),
                    why = printable(why)
                )
            )?;
        }
    } else if !req.dry_run {
        let json = to_json(final_plan);
        let result = match req.out {
            None => safe::save(file.real(), &json, Some(hash))
                .map(|_| shown.clone())
                .map_err(|e| match e {
                    SaveError::Changed => crate::t!("apply-changed-on-disk"),
                    SaveError::File(e) => crate::t!("apply-cannot-save", error = e.to_string()),
                }),
            Some(o) => {
                let policy = Policy::named(req.force, vec![file.real().to_path_buf()]);
                Output::check(o, &policy)
                    .and_then(|output| {
                        output.write(&policy, out, &mut |w, _| w.write_all(json.as_bytes()))
                    })
                    .map(|()| printable(&o.display().to_string()))
                    .map_err(|e| match e {
                        FileError::Exists => crate::t!("apply-output-exists"),
                        FileError::IsThePlan => crate::t!("apply-output-is-plan"),
                        e => crate::t!("apply-cannot-write", error = e.to_string()),
                    })
            }
        };
        match result {
            Ok(w) => {
                written = Some(w);
                // The history beside the file written (a stream has none);
                // it never undoes the save.
                let target = match req.out {
                    None => Some(file.real().to_path_buf()),
                    Some(o) if o == Path::new("-") || !o.is_file() => None,
                    Some(o) => Some(o.to_path_buf()),
                };
                if let Some(t) = target {
                    let steps = ed.steps_since(0).unwrap_or_default();
                    let mut entries = crate::record::entries_of(
                        final_plan,
                        &steps,
                        &nf,
                        &crate::storage::history::user(),
                    );
                    for e in &mut entries {
                        e.reason = req.reason.map(str::to_owned);
                    }
                    if let Err(e) = crate::storage::history::append_entries(&t, &entries) {
                        let m = crate::t!("apply-no-history", error = e.to_string());
                        writeln!(err, "{shown}: {}", crate::t!("check-warning", message = m))?;
                    }
                }
            }
            Err(m) => {
                writeln!(
                    err,
                    "{shown}: {}",
                    crate::t!("check-error", message = printable(&m))
                )?;
                code = 1;
            }
        }
    }
    let to_stdout = req.out.is_some_and(|o| o == Path::new("-"));
    match req.format {
        Format::Text if !to_stdout => {
            for op in &done {
                for o in &op.outcome {
                    writeln!(out, "{}: {}", printable(&op.op), printable(o))?;
                }
            }
            if failure.is_none() {
                let figures = changes.len();
                let what = crate::t!("apply-done", ops = done.len(), figures = figures);
                match (&written, req.dry_run) {
                    (_, true) => writeln!(out, "{}", crate::t!("apply-dry-run", what = what))?,
                    (Some(w), false) => writeln!(
                        out,
                        "{}",
                        crate::t!("apply-saved", file = w.as_str(), what = what)
                    )?,
                    (None, false) => {}
                }
            }
        }
        Format::Text => {}
        Format::Json => {
            let report = ApplyJson {
                file: shown.clone(),
                ok: code == 0,
                dry_run: req.dry_run,
                written,
                reason: req.reason,
                operations: done,
                changes: changes
                    .iter()
                    .map(|(k, old, new)| ChangeJson {
                        path: &k.0,
                        quota: &k.1,
                        batch: k.2.as_deref(),
                        old: *old,
                        new: *new,
                    })
                    .collect(),
                error: failure.as_ref().map(|(i, why)| ErrorJson {
                    operation: i + 1,
                    op: &req.ops[*i],
                    message: why.clone(),
                }),
            };
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            let text = crate::core::text::escape_controls(&text);
            if to_stdout {
                writeln!(err, "{text}")?;
            } else {
                writeln!(out, "{text}")?;
            }
        }
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_spaces_and_keep_quoted_ones() {
        assert_eq!(
            words(r#"add-batch b2 "Second batch" rock=111793"#).unwrap(),
            ["add-batch", "b2", "Second batch", "rock=111793"]
        );
        assert_eq!(
            words(r#"  set  a  "say \"hi\""  "#).unwrap(),
            ["set", "a", "say \"hi\""]
        );
        assert_eq!(
            words(r#"notice="工信部 〔2023〕""#).unwrap(),
            ["notice=工信部 〔2023〕"]
        );
        assert!(words("set \"a").is_err());
        assert_eq!(words(r#"x """#).unwrap(), ["x", ""]);
    }

    #[test]
    fn operations_are_read_as_written() {
        assert_eq!(
            parse("fill national rock@b2 by previous").unwrap(),
            Op::Fill {
                path: "national".into(),
                kind: Some("rock".into()),
                batch: Some("b2".into()),
                by: Some(FillBy::Previous),
                down: false
            }
        );
        assert_eq!(
            parse("fill-down national @b2").unwrap(),
            Op::Fill {
                path: "national".into(),
                kind: None,
                batch: Some("b2".into()),
                by: None,
                down: true
            }
        );
        assert!(parse("set a rock").unwrap_err().contains("needs a VALUE"));
        assert!(
            parse("set a rock 1 2")
                .unwrap_err()
                .contains("one too many")
        );
        assert!(
            parse("fill a by sideways")
                .unwrap_err()
                .contains("sideways")
        );
        assert!(
            parse("frobnicate")
                .unwrap_err()
                .contains("unknown operation")
        );
        let Op::AddBatch { batch, totals, .. } =
            parse(r#"add-batch b2 "Second batch" rock=111793 date=2023-09-25"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(batch.date.as_deref(), Some("2023-09-25"));
        assert_eq!(totals, [("rock".to_owned(), "111793".to_owned())]);
    }
}
