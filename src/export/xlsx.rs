//! Excel workbooks (placeholder; being written).

use super::Table;
use crate::core::Plan;

/// The workbook's bytes.
///
/// # Errors
/// When the workbook cannot be built.
pub fn write(_plan: &Plan, _table: &Table) -> Result<Vec<u8>, String> {
    Err("xlsx export is not available yet".to_owned())
}
