//! Storage: the plan file format and reading plans from disk.

mod fast;
pub use fast::Starts;
pub mod file;
pub mod format;
pub mod history;
pub mod locate;
pub mod progress;
pub mod safe;

use std::path::Path;

pub use format::{LoadError, parse_plan, parse_plan_owned, to_json};

use crate::core::Plan;

/// The built-in sample plan: the 2023 indicators by group, three batches.
pub const SAMPLE_JSON: &str = include_str!("../../config/sample-plan.json");

/// The example plan of one batch: the 2018 mining indicators by province.
pub const EXAMPLE_2018_JSON: &str = include_str!("../../config/example-2018-provinces.json");

/// The built-in sample plan, parsed.
///
/// # Panics
/// Never in a released build: a test checks that the sample loads.
pub fn sample() -> Plan {
    parse_plan(SAMPLE_JSON).expect("the built-in sample plan is valid")
}

/// The 2018 example plan, parsed.
///
/// # Panics
/// Never in a released build: a test checks that it loads.
pub fn example_2018() -> Plan {
    parse_plan(EXAMPLE_2018_JSON).expect("the example plan is valid")
}

#[cfg(test)]
mod tests {
    use crate::core::ROOT;
    use crate::core::layout::Sel;

    #[test]
    fn the_embedded_sample_is_the_2023_year_in_three_batches() {
        let plan = super::sample();
        assert!(plan.is_consistent());
        let l = plan.layout();
        assert_eq!(l.batches().len(), 3);
        // The year as published: mining 255,000 t, smelting 243,850 t.
        let mining = l.kind_index("mining").unwrap();
        let smelting = l.kind_index("smelting").unwrap();
        assert_eq!(plan.figure(ROOT, mining, Sel::Cumulative), 255_000);
        assert_eq!(plan.figure(ROOT, smelting, Sel::Cumulative), 243_850);
        assert_eq!(plan.figure(ROOT, mining, Sel::Batch(0)), 120_000);
        // The first batch is shared out whole among the groups.
        for k in [
            l.kind_index("rock").unwrap(),
            l.kind_index("ion").unwrap(),
            smelting,
        ] {
            assert_eq!(plan.figure_remainder(ROOT, k, Sel::Batch(0)), 0);
        }
        // Saved unchanged, it is the same file.
        assert_eq!(super::to_json(&plan), super::SAMPLE_JSON);
        // The 2018 example stays.
        let old = super::example_2018();
        assert!(old.is_consistent());
        assert_eq!(old.value(ROOT, 0), 100_850);
    }
}

/// Why a plan file could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The file could not be read, or is not a regular file.
    File(file::FileError),
    /// The file is not valid UTF-8.
    Encoding {
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
    /// The content breaks the format; every problem found.
    Invalid(Vec<LoadError>),
}

/// Read a plan file; returns the plan and the text it was read from.
///
/// # Errors
/// When the file cannot be read, is not UTF-8, or is not a valid plan.
pub fn read_plan(path: &Path) -> Result<(Plan, String), OpenError> {
    let text = read_text(path)?;
    match parse_plan(&text) {
        Ok(plan) => Ok((plan, text)),
        Err(errors) => Err(OpenError::Invalid(errors)),
    }
}

/// [`read_plan`], with where each node starts in the text (when the fast
/// reader read it), for placing the problems found in the plan.
///
/// # Errors
/// As [`read_plan`].
pub fn read_plan_located(path: &Path) -> Result<(Plan, String, fast::Starts), OpenError> {
    let text = read_text(path)?;
    match format::parse_plan_located(&text) {
        Ok((plan, starts)) => Ok((plan, text, starts)),
        Err(errors) => Err(OpenError::Invalid(errors)),
    }
}

fn read_text(path: &Path) -> Result<String, OpenError> {
    let bytes = file::read_regular(path, None).map_err(OpenError::File)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.split(|&b| b == b'\n').count();
        let column = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        OpenError::Encoding { line, column }
    })
}

/// Read a plan file for editing, keeping memory low: the file is read as a
/// stream straight into the plan, one top-level node's text at a time (at
/// 1,000,000 nodes the load's peak is the plan's size, 1.9x the file, not
/// 2.8x). Returns the plan and the content hash of the file (see
/// [`safe::content_hash`]).
///
/// # Errors
/// As [`read_plan`] (problems are located by reading the file again).
pub fn read_plan_lean(path: &Path) -> Result<(Plan, u64), OpenError> {
    if let Some(read) = fast::read(path) {
        return Ok(read);
    }
    // Not read that way (a problem, or an unusual order of fields): the
    // full reader reads the text and says what is wrong.
    let text = read_text(path)?;
    let hash = safe::content_hash(text.as_bytes());
    match parse_plan_owned(text) {
        Ok(plan) => Ok((plan, hash)),
        Err(errors) if errors.iter().all(|e| e.line.is_some()) => Err(OpenError::Invalid(errors)),
        // Problems found while building: read again to say where they are.
        Err(_) => read_plan(path).map(|(plan, text)| (plan, safe::content_hash(text.as_bytes()))),
    }
}
