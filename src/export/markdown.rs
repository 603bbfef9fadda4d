//! Markdown report (being written).

use super::Table;
use crate::core::Plan;

/// The report.
pub fn write(_plan: &Plan, _table: &Table) -> String {
    String::new()
}
