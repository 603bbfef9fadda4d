//! `allot check`: validate a plan file and report every problem.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::core::amount::group_thousands;
use crate::core::layout::Sel;
use crate::core::text::printable;
use crate::core::{NodeIx, Plan, ROOT};
use crate::storage::format::problem_positions;
use crate::storage::{LoadError, OpenError, Starts, read_plan_located};

/// Output format of the headless commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for people (and grep).
    Text,
    /// One JSON object for scripts.
    Json,
}

/// Severity of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Makes the plan fail the check.
    Error,
    /// Reported; fails only under `--strict`.
    Warning,
}

/// One problem in a plan file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// `syntax`, `unknown-field`, `value`, `version`, `duplicate-id`,
    /// `unknown-quota`, `over-allocated`, `unallocated`, ...
    pub kind: &'static str,
    /// Ids from the top level down (empty for national), for consistency
    /// problems.
    pub path: Option<Vec<String>>,
    /// Quota id, for consistency problems.
    pub quota: Option<String>,
    /// Batch id, for consistency problems of a plan with batches.
    pub batch: Option<String>,
    /// Amount, for consistency problems.
    pub amount: Option<u128>,
    /// Line in the file.
    pub line: Option<usize>,
    /// Column in the file.
    pub column: Option<usize>,
    /// The message.
    pub message: String,
}

/// Consistency problems of a loaded plan: over-allocated parents (errors)
/// and unallocated remainders (warnings), in tree order.
///
/// `text` is the file's text, to say where each problem is; `starts` (from
/// the reader) places nodes without scanning the text again.
pub fn consistency_problems(
    plan: &Plan,
    text: Option<&str>,
    starts: Option<&Starts>,
) -> Vec<Problem> {
    let mut found: Vec<(NodeIx, usize, i128)> = Vec::new();
    let nq = plan.quotas().len();
    // Only walk when the running totals say there is something to find.
    if (0..nq).any(|q| {
        let s = plan.stats(q);
        s.over_count + s.unallocated_count > 0
    }) {
        for n in plan.preorder() {
            if !plan.is_parent(n) {
                continue;
            }
            for q in 0..nq {
                let r = plan.remainder(n, q);
                if r != 0 {
                    found.push((n, q, r));
                }
            }
        }
    }
    let positions = text.map(|t| {
        let keys: Vec<(NodeIx, usize)> = found.iter().map(|&(n, q, _)| (n, q)).collect();
        problem_positions(t, plan, &keys, starts)
    });
    let layout = plan.layout();
    found
        .iter()
        .enumerate()
        .map(|(i, &(n, q, r))| {
            let pos = positions.as_ref().and_then(|p| p[i]);
            let unit = plan.column_unit(q);
            // The column (`rock@b1` with batches) in words, the kind and
            // the batch apart in JSON.
            let quota = &plan.quotas()[q].id;
            let (k, b) = layout.column_of(q);
            let names: Vec<String> = plan
                .path_names(n)
                .iter()
                .map(|s| crate::say::node(s))
                .collect();
            let names = names.join(" / ");
            let amount = r.unsigned_abs();
            let (severity, kind, message) = if r < 0 {
                (
                    Severity::Error,
                    "over-allocated",
                    crate::t!(
                        "check-over",
                        names = names,
                        quota = quota,
                        amount = group_thousands(amount),
                        unit = unit,
                        held = group_thousands(plan.allocated(n, q)),
                        value = group_thousands(u128::from(plan.value(n, q)))
                    ),
                )
            } else {
                (
                    Severity::Warning,
                    "unallocated",
                    crate::t!(
                        "check-unallocated",
                        names = names,
                        quota = quota,
                        amount = group_thousands(amount),
                        unit = unit
                    ),
                )
            };
            Problem {
                severity,
                kind,
                path: Some(plan.path_ids(n).into_iter().map(str::to_owned).collect()),
                quota: Some(layout.kinds()[k].id.clone()),
                batch: layout.batches().get(b).map(|b| b.id.clone()),
                amount: Some(amount),
                line: pos.map(|p| p.0),
                column: pos.map(|p| p.1),
                message,
            }
        })
        .collect()
}

fn load_problem(e: LoadError) -> Problem {
    Problem {
        severity: Severity::Error,
        kind: e.kind.as_str(),
        path: None,
        quota: None,
        batch: None,
        amount: None,
        line: e.line,
        column: e.column,
        message: e.message,
    }
}

/// From this many nodes on, [`run`] leaves the plan and its text for the
/// process's end to free (a small plan frees in no time).
const LEAVE_TO_EXIT: usize = 100_000;

/// Run `allot check`; returns the exit code (0 ok, 1 problems, 2 unreadable).
///
/// # Errors
/// When writing the report fails.
pub fn run(file: &Path, strict: bool, format: Format, out: &mut dyn Write) -> io::Result<u8> {
    let name = printable(&file.display().to_string());
    let (plan, problems, code) = match read_plan_located(file) {
        Ok((plan, text, starts)) => {
            let problems = consistency_problems(&plan, Some(&text), Some(&starts));
            if plan.len() >= LEAVE_TO_EXIT {
                std::mem::forget(starts);
            }
            if plan.len() >= LEAVE_TO_EXIT {
                std::mem::forget(text);
            }
            let code = u8::from(!plan.is_consistent() || (strict && !plan.is_balanced()));
            (Some(plan), problems, code)
        }
        Err(OpenError::File(e)) => {
            let msg = crate::t!("check-cannot-read", error = e.to_string());
            match format {
                Format::Text => {
                    writeln!(out, "{name}: {}", crate::t!("check-error", message = msg))?;
                }
                Format::Json => {
                    let problem = Problem {
                        severity: Severity::Error,
                        kind: "io",
                        path: None,
                        quota: None,
                        batch: None,
                        amount: None,
                        line: None,
                        column: None,
                        message: msg,
                    };
                    let report = ReportJson {
                        file: &name,
                        ok: false,
                        consistent: None,
                        balanced: None,
                        problems: vec![problem_json(&problem)],
                        quotas: None,
                    };
                    writeln!(out, "{}", report_text(&report, false))?;
                }
            }
            return Ok(2);
        }
        Err(OpenError::Encoding { line, column }) => (
            None,
            vec![Problem {
                severity: Severity::Error,
                kind: "encoding",
                path: None,
                quota: None,
                batch: None,
                amount: None,
                line: Some(line),
                column: Some(column),
                message: crate::t!("check-not-utf8"),
            }],
            1,
        ),
        Err(OpenError::Invalid(errors)) => {
            (None, errors.into_iter().map(load_problem).collect(), 1)
        }
    };
    match format {
        Format::Text => write_text(out, &name, plan.as_ref(), &problems, code)?,
        Format::Json => {
            let report = report_json(&name, plan.as_ref(), &problems, code);
            writeln!(out, "{}", report_text(&report, true))?;
        }
    }
    // `allot check` ends here: freeing a plan of a million nodes node by
    // node would cost a tenth of its time, and the process's end frees it
    // at once.
    if plan.as_ref().is_some_and(|p| p.len() >= LEAVE_TO_EXIT) {
        std::mem::forget(plan);
    }
    Ok(code)
}

fn write_text(
    out: &mut dyn Write,
    name: &str,
    plan: Option<&Plan>,
    problems: &[Problem],
    code: u8,
) -> io::Result<()> {
    for p in problems {
        let msg = printable(&p.message);
        let line = match p.severity {
            Severity::Error => crate::t!("check-error", message = msg),
            Severity::Warning => crate::t!("check-warning", message = msg),
        };
        match (p.line, p.column) {
            (Some(l), Some(c)) => writeln!(out, "{name}:{l}:{c}: {line}")?,
            _ => writeln!(out, "{name}: {line}")?,
        }
    }
    let Some(plan) = plan else {
        return writeln!(out, "{name}: {}", crate::t!("check-not-valid"));
    };
    let state = if !plan.is_consistent() {
        "over"
    } else if plan.is_balanced() {
        "balanced"
    } else {
        "open"
    };
    writeln!(
        out,
        "{name}: {}",
        crate::t!(
            "check-summary",
            state = state,
            nodes = plan.len() - 1,
            kinds = plan.layout().kinds().len(),
            batches = plan.layout().batches().len(),
            failed = if code == 0 { "no" } else { "yes" }
        )
    )
}

/// A problem in the JSON report (every amount exact, however large).
#[derive(Serialize)]
struct ProblemJson<'a> {
    severity: &'static str,
    kind: &'static str,
    path: Option<&'a [String]>,
    quota: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<&'a str>,
    amount: Option<u128>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn problem_json(p: &Problem) -> ProblemJson<'_> {
    ProblemJson {
        severity: match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        kind: p.kind,
        path: p.path.as_deref(),
        quota: p.quota.as_deref(),
        batch: p.batch.as_deref(),
        amount: p.amount,
        line: p.line,
        column: p.column,
        message: &p.message,
    }
}

/// A quota kind's national figures in a JSON report: exact, beyond 64 bits
/// too (an over-allocated plan's sums can exceed them). With batches: the
/// cumulative, and each batch's; a derived kind: the sum of its parts.
#[derive(Serialize)]
pub struct QuotaJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sum_of: Option<Vec<&'a str>>,
    total: u128,
    allocated: u128,
    unallocated: i128,
    #[serde(skip_serializing_if = "Option::is_none")]
    batches: Option<Vec<BatchJson<'a>>>,
}

/// A kind's national figures in one batch.
#[derive(Serialize)]
pub struct BatchJson<'a> {
    id: &'a str,
    total: u128,
    allocated: u128,
    unallocated: i128,
}

/// The national total, allocated and unallocated of kind `k` in `sel`.
fn national(plan: &Plan, k: usize, sel: Sel) -> (u128, u128, i128) {
    let total = plan.figure(ROOT, k, sel);
    let unallocated = plan.figure_remainder(ROOT, k, sel);
    let allocated = plan
        .layout()
        .columns_of(k, sel)
        .into_iter()
        .map(|c| plan.allocated(ROOT, c))
        .sum();
    (total, allocated, unallocated)
}

impl<'a> QuotaJson<'a> {
    /// The national figures of quota kind `k`, with its name when `named`.
    pub fn new(plan: &'a Plan, k: usize, named: bool) -> Self {
        let layout = plan.layout();
        let kind = &layout.kinds()[k];
        let (total, allocated, unallocated) = national(plan, k, Sel::Cumulative);
        Self {
            id: &kind.id,
            name: named.then_some(kind.name.as_str()),
            unit: kind.unit.as_deref(),
            sum_of: kind.is_derived().then(|| {
                kind.sum_of
                    .iter()
                    .map(|&p| layout.kinds()[p].id.as_str())
                    .collect()
            }),
            total,
            allocated,
            unallocated,
            batches: layout.has_batches().then(|| {
                layout
                    .batches()
                    .iter()
                    .enumerate()
                    .map(|(b, batch)| {
                        let (total, allocated, unallocated) = national(plan, k, Sel::Batch(b));
                        BatchJson {
                            id: &batch.id,
                            total,
                            allocated,
                            unallocated,
                        }
                    })
                    .collect()
            }),
        }
    }
}

#[derive(Serialize)]
struct ReportJson<'a> {
    file: &'a str,
    ok: bool,
    consistent: Option<bool>,
    balanced: Option<bool>,
    problems: Vec<ProblemJson<'a>>,
    quotas: Option<Vec<QuotaJson<'a>>>,
}

/// The JSON report as text: pretty, every figure exact, and no control
/// character raw in it.
fn report_text(r: &ReportJson<'_>, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(r)
    } else {
        serde_json::to_string(r)
    };
    crate::core::text::escape_controls(&text.unwrap_or_default())
}

fn report_json<'a>(
    name: &'a str,
    plan: Option<&'a Plan>,
    problems: &'a [Problem],
    code: u8,
) -> ReportJson<'a> {
    ReportJson {
        file: name,
        ok: code == 0,
        consistent: plan.map(Plan::is_consistent),
        balanced: plan.map(Plan::is_balanced),
        problems: problems.iter().map(problem_json).collect(),
        quotas: plan.map(|plan| {
            (0..plan.layout().kinds().len())
                .map(|k| QuotaJson::new(plan, k, false))
                .collect()
        }),
    }
}
