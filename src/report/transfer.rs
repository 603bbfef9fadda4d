//! `allot export` and `allot import`.

use std::io::{self, Write};
use std::path::Path;

use crate::core::text::printable;
use crate::export::split::write_split;
use crate::export::{ExportFormat, import::parse_csv_plan, over_allocations, render};
use crate::storage::file::write_atomic;
use crate::storage::{OpenError, read_plan, to_json};

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
    /// Export even when over-allocated.
    pub force: bool,
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
        OpenError::Io(e) => {
            writeln!(err, "{n}: error: cannot read: {e}")?;
            Ok(2)
        }
        OpenError::Encoding { line, column } => {
            writeln!(
                err,
                "{n}:{line}:{column}: error: the file is not UTF-8 text; save it as UTF-8"
            )?;
            Ok(1)
        }
        OpenError::Invalid(errors) => {
            for e in errors {
                match (e.line, e.column) {
                    (Some(l), Some(c)) => {
                        writeln!(err, "{n}:{l}:{c}: error: {}", printable(&e.message))?;
                    }
                    _ => writeln!(err, "{n}: error: {}", printable(&e.message))?,
                }
            }
            Ok(1)
        }
    }
}

/// Run `allot export`; returns the exit code (0 done, 1 refused or failed,
/// 2 usage or unreadable input).
///
/// # Errors
/// When writing to `out` or `err` fails.
pub fn export(req: &ExportRequest<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    if !req.format.is_text() && req.out.is_none() && req.split.is_none() {
        writeln!(
            err,
            "error: xlsx is a binary format: give an output file with -o FILE.xlsx"
        )?;
        return Ok(2);
    }
    let (plan, _) = match read_plan(req.file) {
        Ok(x) => x,
        Err(e) => return open_error(req.file, &e, err),
    };
    let over = over_allocations(&plan);
    if !over.is_empty() {
        let sev = if req.force { "warning" } else { "error" };
        for o in &over {
            writeln!(err, "{}: {sev}: {o}", name(req.file))?;
        }
        if !req.force {
            writeln!(
                err,
                "{}: error: the plan is over-allocated; fix it, or export anyway with --force",
                name(req.file)
            )?;
            return Ok(1);
        }
    } else if !plan.is_balanced() {
        let open: usize = (0..plan.quotas().len())
            .map(|q| plan.stats(q).unallocated_count)
            .sum();
        writeln!(
            err,
            "{}: warning: the plan is not balanced ({open} {} unallocated; allot check lists them)",
            name(req.file),
            if open == 1 { "remainder" } else { "remainders" }
        )?;
    }
    if let Some(dir) = req.split {
        return match write_split(&plan, dir, req.format, req.depth) {
            Ok(files) => {
                for f in &files {
                    writeln!(err, "wrote {}", name(f))?;
                }
                Ok(0)
            }
            Err(e) => {
                writeln!(err, "{}: error: cannot write: {e}", name(dir))?;
                Ok(1)
            }
        };
    }
    let bytes = match render(&plan, req.format, req.depth, None) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(1);
        }
    };
    match req.out {
        Some(path) => match write_atomic(path, &bytes) {
            Ok(()) => {
                writeln!(err, "wrote {}", name(path))?;
                Ok(0)
            }
            Err(e) => {
                writeln!(err, "{}: error: cannot write: {e}", name(path))?;
                Ok(1)
            }
        },
        None if req.format.is_text() => {
            out.write_all(&bytes)?;
            Ok(0)
        }
        None => {
            writeln!(
                err,
                "error: xlsx is a binary format: give an output file with -o FILE.xlsx"
            )?;
            Ok(2)
        }
    }
}

/// Run `allot import`; returns the exit code (0 done, 1 bad table or
/// failure, 2 unreadable input).
///
/// # Errors
/// When writing to `err` fails.
pub fn import(
    table: &Path,
    out: &Path,
    title: Option<&str>,
    unit: Option<&str>,
    force: bool,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let bytes = match std::fs::read(table) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "{}: error: cannot read: {e}", name(table))?;
            return Ok(2);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        writeln!(
            err,
            "{}: error: the table is not UTF-8 text; save it as UTF-8 CSV",
            name(table)
        )?;
        return Ok(1);
    };
    let plan = match parse_csv_plan(&text, title, unit) {
        Ok(p) => p,
        Err(errors) => {
            for e in errors {
                writeln!(
                    err,
                    "{}:{}:{}: error: {}",
                    name(table),
                    e.row,
                    e.column,
                    printable(&e.message)
                )?;
            }
            writeln!(err, "{}: nothing written", name(out))?;
            return Ok(1);
        }
    };
    if out.exists() && !force {
        writeln!(
            err,
            "{}: error: the file exists; choose another name, or replace it with --force",
            name(out)
        )?;
        return Ok(1);
    }
    match write_atomic(out, to_json(&plan).as_bytes()) {
        Ok(()) => {
            writeln!(err, "wrote {} ({} nodes)", name(out), plan.len() - 1)?;
            Ok(0)
        }
        Err(e) => {
            writeln!(err, "{}: error: cannot write: {e}", name(out))?;
            Ok(1)
        }
    }
}
