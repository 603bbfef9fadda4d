//! The plan's history: one JSON object per line in a file beside the plan
//! (`PLAN.history.jsonl`), appended and never rewritten. A line is written
//! whole with one `write` on a file opened for appending and synced, so a
//! kill leaves every earlier line whole.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The history file of the plan at `plan`: `plan.json.history.jsonl`.
pub fn history_path(plan: &Path) -> PathBuf {
    let mut s = plan.as_os_str().to_owned();
    s.push(".history.jsonl");
    PathBuf::from(s)
}

/// Append one entry (a JSON object, on one line) to the history of the
/// plan at `plan`.
///
/// # Errors
/// When the history cannot be opened or written.
pub fn append(plan: &Path, entry: &serde_json::Value) -> io::Result<()> {
    let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
    line.push('\n');
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(history_path(plan))?;
    f.write_all(line.as_bytes())?;
    f.sync_data()
}

/// Now, UTC, ISO 8601 (`2026-12-06T22:20:25Z`).
pub fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso8601(secs)
}

/// Who is making the change: the login name, else `unknown`.
pub fn user() -> String {
    ["LOGNAME", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `unix_secs` as `2018-08-01T09:30:00Z`.
pub fn iso8601(unix_secs: u64) -> String {
    let days = unix_secs / 86_400;
    let secs = unix_secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The proleptic Gregorian date `days` days after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for non-negative day counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_appended_one_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.json");
        append(&plan, &serde_json::json!({"action": "one"})).unwrap();
        append(&plan, &serde_json::json!({"action": "two 二"})).unwrap();
        let text = std::fs::read_to_string(dir.path().join("p.json.history.jsonl")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, [r#"{"action":"one"}"#, r#"{"action":"two 二"}"#]);
        assert!(now().ends_with('Z') && now().len() == 20);
    }

    #[test]
    fn days_follow_each_other_for_six_hundred_years() {
        // Every day for 600 years: consecutive dates.
        let mut prev = civil_from_days(0);
        for d in 1..219_146 {
            let next = civil_from_days(d);
            let days_in = |(y, m): (u64, u64)| match m {
                2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let want = if prev.2 < days_in((prev.0, prev.1)) {
                (prev.0, prev.1, prev.2 + 1)
            } else if prev.1 < 12 {
                (prev.0, prev.1 + 1, 1)
            } else {
                (prev.0 + 1, 1, 1)
            };
            assert_eq!(next, want);
            prev = next;
        }
    }
}
