//! `allot export` and `allot import`.

use std::io::{self, Write};
use std::path::Path;

use crate::core::layout::Sel;
use crate::core::text::{for_terminal, printable};
use crate::export::split::{SplitError, batch_plan, plan_split, table_plan, write_split};
use crate::export::{ExportFormat, import::parse_csv_plan, over_allocations, render_with};
use crate::storage::file::{FileError, Output, Policy, RealFile};
use crate::storage::{OpenError, to_json};

/// What `allot export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    /// The plan file.
    pub file: &'a Path,
    /// Output format.
    pub format: ExportFormat,
    /// Output file (standard output for text formats when None).
    pub out: Option<&'a Path>,
    /// One file per top-level node into this directory.
    pub split: Option<&'a Path>,
    /// Levels below national to include.
    pub depth: Option<usize>,
    /// Export even when over-allocated, and replace existing files (never
    /// the plan itself).
    pub force: bool,
    /// In per-recipient files, show the true national remainder.
    pub national_remainder: bool,
    /// One batch's allocation (what its notice lists), by id.
    pub batch: Option<&'a str>,
    /// Add the plan's history (xlsx and md).
    pub history: bool,
    /// Begin a CSV with a byte-order mark (None: in a regular file yes; on
    /// standard output, a FIFO or a device no).
    pub bom: Option<bool>,
}

fn name(p: &Path) -> String {
    printable(&p.display().to_string())
}

/// Report why a plan could not be opened; returns the exit code.
///
/// # Errors
/// When writing to `err` fails.
pub fn open_error(file: &Path, e: &OpenError, err: &mut dyn Write) -> io::Result<u8> {
    let n = name(file);
    match e {
        OpenError::File(e) => {
            let m = crate::t!("read-cannot", error = e.to_string());
            writeln!(err, "{n}: {}", crate::t!("check-error", message = m))?;
            Ok(2)
        }
        OpenError::Encoding { line, column } => {
            let m = crate::t!("check-not-utf8");
            writeln!(
                err,
                "{n}:{line}:{column}: {}",
                crate::t!("check-error", message = m)
            )?;
            Ok(1)
        }
        OpenError::Invalid(errors) => {
            for e in errors {
                match (e.line, e.column) {
                    (Some(l), Some(c)) => {
                        let line = crate::t!("check-error", message = printable(&e.message));
                        writeln!(err, "{n}:{l}:{c}: {line}")?;
                    }
                    _ => writeln!(
                        err,
                        "{n}: {}",
                        crate::t!("check-error", message = printable(&e.message))
                    )?,
                }
            }
            Ok(1)
        }
    }
}

/// Say why an output was not written; returns the exit code (1).
///
/// # Errors
/// When writing to `err` fails.
pub fn output_error(
    path: &Path,
    e: &FileError,
    plan: &Path,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let n = name(path);
    match e {
        FileError::Exists => {
            let m = crate::t!("out-exists");
            writeln!(err, "{n}: {}", crate::t!("check-error", message = m))?;
        }
        FileError::IsThePlan => {
            let m = crate::t!("out-is-plan", plan = name(plan));
            writeln!(err, "{n}: {}", crate::t!("check-error", message = m))?;
        }
        e => {
            let m = crate::t!("apply-cannot-write", error = e.to_string());
            writeln!(err, "{n}: {}", crate::t!("check-error", message = m))?;
        }
    }
    Ok(1)
}

/// Write `bytes` to `output`: text going to a terminal is made safe to show
/// there (no control sequences).
fn write_bytes(
    output: &Output,
    policy: &Policy,
    bytes: &[u8],
    out: &mut dyn Write,
) -> Result<(), FileError> {
    output.write(policy, out, &mut |w, terminal| {
        if terminal {
            w.write_all(for_terminal(&String::from_utf8_lossy(bytes)).as_bytes())
        } else {
            w.write_all(bytes)
        }
    })
}

/// Batch `id` of `plan` to export: the plan of the batch (a derived kind
/// stays one) for JSON, its figures for tables.
fn one_batch(
    plan: &crate::core::Plan,
    id: &str,
    format: ExportFormat,
) -> Result<crate::core::Plan, String> {
    let layout = plan.layout();
    let Some(b) = layout.batch_index(id) else {
        let known: Vec<&str> = layout.batches().iter().map(|b| b.id.as_str()).collect();
        return Err(if known.is_empty() {
            crate::t!("summary-no-batches", batch = format!("{id:?}"))
        } else {
            crate::t!(
                "export-no-batch",
                batch = format!("{id:?}"),
                known = known.join(", ")
            )
        });
    };
    Ok(if format == ExportFormat::Json {
        batch_plan(plan, Sel::Batch(b))
    } else {
        table_plan(plan, Some(Sel::Batch(b)))
    })
}

/// The history beside `plan` for an export (of one batch's cells when
/// `batch`); its damaged lines are warned about, an unreadable file is an
/// error (exit 1): the planner asked for it.
fn history_of(
    plan: &Path,
    batch: Option<&str>,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<crate::storage::history::Entry>, u8>> {
    let path = crate::storage::history::history_path(plan);
    match crate::storage::history::read(plan) {
        Ok(h) => {
            for w in &h.warnings {
                writeln!(err, "{}: warning: {}", name(&path), printable(w))?;
            }
            Ok(Ok(match batch {
                Some(b) => crate::export::history::visible(&h.entries, None, Some(b)),
                None => h.entries,
            }))
        }
        Err(e) => {
            let m = crate::t!("export-history-unreadable", error = e.to_string());
            writeln!(
                err,
                "{}: {}",
                name(&path),
                crate::t!("check-error", message = m)
            )?;
            Ok(Err(1))
        }
    }
}

/// An over-allocated plan is refused (exit 1) unless --force, which
/// warns; an unbalanced one is warned about.
fn refuse_state(
    plan: &crate::core::Plan,
    req: &ExportRequest<'_>,
    err: &mut dyn Write,
) -> io::Result<Option<u8>> {
    let over = over_allocations(plan);
    if !over.is_empty() {
        for o in &over {
            let line = if req.force {
                crate::t!("check-warning", message = o.as_str())
            } else {
                crate::t!("check-error", message = o.as_str())
            };
            writeln!(err, "{}: {line}", name(req.file))?;
        }
        if !req.force {
            let m = crate::t!("export-over");
            writeln!(
                err,
                "{}: {}",
                name(req.file),
                crate::t!("check-error", message = m)
            )?;
            return Ok(Some(1));
        }
    } else if !plan.is_balanced() {
        let open: usize = (0..plan.quotas().len())
            .map(|q| plan.stats(q).unallocated_count)
            .sum();
        let m = crate::t!("export-not-balanced", count = open);
        writeln!(
            err,
            "{}: {}",
            name(req.file),
            crate::t!("check-warning", message = m)
        )?;
    }
    Ok(None)
}

/// Run `allot export`; returns the exit code (0 done, 1 refused or failed,
/// 2 usage or unreadable input).
///
/// # Errors
/// When writing to `out` or `err` fails.
pub fn export(req: &ExportRequest<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    use std::io::IsTerminal;
    // A workbook goes to standard output only when asked for (`-o -`) and
    // never onto a terminal.
    let binary_to_stdout = match req.out {
        None => req.split.is_none(),
        Some(p) => p.as_os_str() == "-" && io::stdout().is_terminal(),
    };
    if !req.format.is_text() && binary_to_stdout {
        writeln!(
            err,
            "{}",
            crate::t!("check-error", message = crate::t!("export-xlsx-binary"))
        )?;
        return Ok(2);
    }
    if req.history && !matches!(req.format, ExportFormat::Xlsx | ExportFormat::Markdown) {
        let m = crate::t!("export-history-format", format = req.format.extension());
        writeln!(err, "{}", crate::t!("check-error", message = m))?;
        return Ok(2);
    }
    let plan_file = match RealFile::resolve(req.file) {
        Ok(f) => f,
        Err(e) => return open_error(req.file, &OpenError::File(e), err),
    };
    // Never the plan being read, even with --force; an existing file only
    // with --force.
    let policy = Policy::named(req.force, vec![plan_file.real().to_path_buf()]);
    let output = match req.out.map(|p| Output::check(p, &policy)) {
        Some(Err(e)) => return output_error(req.out.unwrap_or(req.file), &e, req.file, err),
        Some(Ok(o)) => o,
        None => Output::Stdout,
    };
    // Read lean: a big plan's text is not kept beside it.
    let (plan, _) = match crate::storage::read_plan_lean(plan_file.real()) {
        Ok(x) => x,
        Err(e) => return open_error(req.file, &e, err),
    };
    // One batch: what its notice lists, as a plan of its own.
    let plan = match req.batch.map(|id| one_batch(&plan, id, req.format)) {
        None => plan,
        Some(Ok(p)) => p,
        Some(Err(m)) => {
            writeln!(err, "{}: error: {}", name(req.file), printable(&m))?;
            return Ok(2);
        }
    };
    let history = if req.history {
        match history_of(plan_file.real(), req.batch, err)? {
            Ok(h) => Some(h),
            Err(code) => return Ok(code),
        }
    } else {
        None
    };
    if let Some(dir) = req.split
        && let Err(e) = plan_split(&plan, dir, req.format, &policy)
    {
        // Every file is checked before any is written.
        return split_error(dir, &e, req.file, err);
    }
    if let Some(code) = refuse_state(&plan, req, err)? {
        return Ok(code);
    }
    if let Some(dir) = req.split {
        return match write_split(
            &plan,
            dir,
            req.format,
            req.depth,
            &policy,
            crate::export::split::SplitOptions {
                national_remainder: req.national_remainder,
                bom: req.bom.unwrap_or(true),
            },
            history.as_deref(),
        ) {
            Ok(files) => {
                for f in &files {
                    writeln!(err, "{}", crate::t!("wrote", file = name(f)))?;
                }
                Ok(0)
            }
            Err(e) => split_error(dir, &e, req.file, err),
        };
    }
    let plan = match streamed(plan, req, &output, &policy, out) {
        Ok(written) => return said(&output, written, req.file, err),
        Err(plan) => *plan,
    };
    let bytes = match render_with(&plan, req.format, req.depth, None, history.as_deref()) {
        // A regular file is for spreadsheets; standard output and a FIFO or
        // device are streams for other programs.
        Ok(b) if req.bom.unwrap_or(matches!(output, Output::File { .. })) => {
            crate::export::with_bom(req.format, b)
        }
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(1);
        }
    };
    let written = write_bytes(&output, &policy, &bytes, out);
    said(&output, written, req.file, err)
}

/// The whole plan as JSON (as saved) or CSV, written straight to `output`
/// (never held as text); `Err(plan)` for another format or a cut.
fn streamed(
    plan: crate::core::Plan,
    req: &ExportRequest<'_>,
    output: &Output,
    policy: &Policy,
    out: &mut dyn Write,
) -> Result<Result<(), FileError>, Box<crate::core::Plan>> {
    match req.format {
        ExportFormat::Json if req.depth.is_none() => {
            Ok(output.write(policy, out, &mut |w, terminal| {
                if terminal {
                    w.write_all(for_terminal(&to_json(&plan)).as_bytes())
                } else {
                    crate::export::write_whole(&plan, req.format, None, false, w)
                        .expect("a whole JSON plan is written as it is made")
                }
            }))
        }
        ExportFormat::Csv => {
            // Row by row, each row made as it is written.
            let bom = req.bom.unwrap_or(matches!(output, Output::File { .. }));
            Ok(output.write(policy, out, &mut |w, terminal| {
                if terminal {
                    let table = crate::export::whole_table(&plan, req.depth);
                    let text = crate::export::csv::write(&table);
                    w.write_all(for_terminal(&text).as_bytes())
                } else {
                    crate::export::write_whole(&plan, req.format, req.depth, bom, w)
                        .expect("CSV is written as it is made")
                }
            }))
        }
        ExportFormat::Markdown if !req.history && !plan.layout().has_batches() => {
            // Written as it is made.
            Ok(output.write(policy, out, &mut |w, terminal| {
                if terminal {
                    let mut text = Vec::new();
                    crate::export::markdown::write_whole_to(&plan, req.depth, &mut text)?;
                    w.write_all(for_terminal(&String::from_utf8_lossy(&text)).as_bytes())
                } else {
                    crate::export::write_whole(&plan, req.format, req.depth, false, w)
                        .expect("a report without batches is written as it is made")
                }
            }))
        }
        _ => Err(Box::new(plan)),
    }
}

/// An export written (or not), said: the exit code.
fn said(
    output: &Output,
    written: Result<(), FileError>,
    plan: &Path,
    err: &mut dyn Write,
) -> io::Result<u8> {
    match written {
        Ok(()) if *output == Output::Stdout => Ok(0),
        Ok(()) => {
            writeln!(err, "{}", crate::t!("wrote", file = name(output.shown())))?;
            Ok(0)
        }
        Err(e) => output_error(output.shown(), &e, plan, err),
    }
}

fn split_error(dir: &Path, e: &SplitError, plan: &Path, err: &mut dyn Write) -> io::Result<u8> {
    match e {
        SplitError::Exist(files) => {
            let names: Vec<String> = files
                .iter()
                .take(5)
                .map(|f| name(Path::new(f.file_name().unwrap_or_default())))
                .collect();
            let more = files.len().saturating_sub(5);
            let m = crate::t!(
                "split-exist",
                count = files.len(),
                names = names.join(", "),
                more = more
            );
            writeln!(
                err,
                "{}: {}",
                name(dir),
                crate::t!("check-error", message = m)
            )?;
        }
        SplitError::IsThePlan(f) => {
            let m = crate::t!("split-is-plan", plan = name(plan));
            writeln!(
                err,
                "{}: {}",
                name(f),
                crate::t!("check-error", message = m)
            )?;
        }
        SplitError::File { path, error } => {
            let m = crate::t!("apply-cannot-write", error = error.to_string());
            writeln!(
                err,
                "{}: {}",
                name(path),
                crate::t!("check-error", message = m)
            )?;
        }
    }
    Ok(1)
}

/// What a CSV table has no place for, given on the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportFacts<'a> {
    /// The plan's title.
    pub title: Option<&'a str>,
    /// Its unit.
    pub unit: Option<&'a str>,
    /// Its year.
    pub year: Option<i64>,
    /// Its level names, comma-separated, top first.
    pub levels: Option<&'a str>,
    /// How a CSV table's text is encoded.
    pub encoding: crate::export::import::TableEncoding,
}

/// Run `allot import`; returns the exit code (0 done, 1 bad table or
/// failure, 2 unreadable input).
///
/// # Errors
/// When writing to `err` fails.
pub fn import(
    table: &Path,
    out: &Path,
    facts: &ImportFacts<'_>,
    force: bool,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let (title, unit) = (facts.title, facts.unit);
    let table_file = RealFile::resolve(table);
    let policy = Policy::named(
        force,
        table_file.iter().map(|f| f.real().to_path_buf()).collect(),
    );
    // Where the plan goes is checked before the table is read.
    let output = match Output::check(out, &policy) {
        Ok(o) => o,
        Err(FileError::IsThePlan) => {
            let m = crate::t!("import-is-table");
            writeln!(
                err,
                "{}: {}",
                name(out),
                crate::t!("check-error", message = m)
            )?;
            return Ok(1);
        }
        Err(e) => return output_error(out, &e, table, err),
    };
    let bytes = match table_file.and_then(|f| f.read()) {
        Ok(b) => b,
        Err(e) => {
            let m = crate::t!("read-cannot", error = e.to_string());
            writeln!(
                err,
                "{}: {}",
                name(table),
                crate::t!("check-error", message = m)
            )?;
            return Ok(2);
        }
    };
    // A workbook (a zip archive) is read as allot's own XLSX.
    if bytes.starts_with(b"PK\x03\x04") {
        return match crate::export::workbook::parse_xlsx_plan(&bytes) {
            Ok(imported) => {
                for n in &imported.notes {
                    let m = crate::t!("import-read-workbook-note", message = printable(&n.message));
                    writeln!(err, "{}: {}: {m}", name(table), n.place())?;
                }
                let plan = match with_facts(imported.plan, facts, err)? {
                    Ok(p) => p,
                    Err(code) => return Ok(code),
                };
                write_plan(&output, &policy, &plan, out, table, err)
            }
            Err(errors) => {
                for e in errors {
                    let m = crate::t!("check-error", message = printable(&e.message));
                    if e.row == 0 && e.sheet.is_none() {
                        writeln!(err, "{}: {m}", name(table))?;
                    } else {
                        writeln!(err, "{}: {}: {m}", name(table), e.place())?;
                    }
                }
                writeln!(err, "{}: {}", name(out), crate::t!("nothing-written"))?;
                Ok(1)
            }
        };
    }
    let encoding = facts.encoding;
    let Some((text, gb)) = crate::export::import::decode_table_as(bytes, encoding) else {
        let m = if encoding == crate::export::import::TableEncoding::Gb18030 {
            crate::t!("import-not-gb18030")
        } else {
            crate::t!("import-not-utf8")
        };
        writeln!(
            err,
            "{}: {}",
            name(table),
            crate::t!("check-error", message = m)
        )?;
        return Ok(1);
    };
    if gb && encoding == crate::export::import::TableEncoding::Auto {
        writeln!(err, "{}: {}", name(table), crate::t!("import-read-gb18030"))?;
    }
    let plan = match parse_csv_plan(&text, title, unit) {
        Ok(p) => match with_facts(p, facts, err)? {
            Ok(p) => p,
            Err(code) => return Ok(code),
        },
        Err(errors) => {
            for e in errors {
                writeln!(
                    err,
                    "{}:{}:{}: {}",
                    name(table),
                    e.row,
                    e.column,
                    crate::t!("check-error", message = printable(&e.message))
                )?;
            }
            writeln!(err, "{}: {}", name(out), crate::t!("nothing-written"))?;
            return Ok(1);
        }
    };
    write_plan(&output, &policy, &plan, out, table, err)
}

/// The plan with what the command line gives it (title, unit, year, level
/// names) over what the table had; `Err(code)` when a value is refused.
fn with_facts(
    plan: crate::core::Plan,
    facts: &ImportFacts<'_>,
    err: &mut dyn Write,
) -> io::Result<Result<crate::core::Plan, u8>> {
    let mut ed = crate::core::Editor::new(plan);
    let text = |s: Option<&str>| s.filter(|s| !s.trim().is_empty()).map(str::to_owned);
    if let Some(t) = text(facts.title) {
        let _ = ed.set_title(&t);
    }
    if let Some(u) = text(facts.unit) {
        let _ = ed.set_unit(&u);
    }
    if facts.year.is_some() {
        let _ = ed.set_year(facts.year);
    }
    if let Some(l) = facts.levels {
        let names = crate::core::text::parse_levels(l);
        if !names.is_empty()
            && let Err(r) = ed.set_levels(names)
        {
            let m = crate::say::refusal(&r, &crate::say::NumberFormat::default());
            writeln!(err, "--levels: {}", crate::t!("check-error", message = m))?;
            return Ok(Err(2));
        }
    }
    Ok(Ok(ed.into_plan()))
}

/// Write the imported plan to `out` and say so.
fn write_plan(
    output: &Output,
    policy: &Policy,
    plan: &crate::core::Plan,
    out: &Path,
    table: &Path,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let mut stdout = io::stdout().lock();
    // Written as it is made (a big plan is never held as text).
    let written = output.write(policy, &mut stdout, &mut |w, terminal| {
        if terminal {
            w.write_all(for_terminal(&to_json(plan)).as_bytes())
        } else {
            crate::storage::format::write_json(plan, w)
        }
    });
    match written {
        Ok(()) => {
            writeln!(
                err,
                "{}",
                crate::t!("wrote-nodes", file = name(out), count = plan.len() - 1)
            )?;
            Ok(0)
        }
        Err(e) => output_error(out, &e, table, err),
    }
}
