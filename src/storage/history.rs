//! The plan's history: one JSON object per line in a file beside the plan
//! (`PLAN.history.jsonl`), appended and never rewritten. A line is written
//! whole with one `write` on a file opened for appending and synced, so a
//! kill leaves every earlier line whole.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// One value changed by an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellEntry {
    /// Path of ids (empty: the national total).
    pub path: Vec<String>,
    /// Quota kind id.
    pub quota: String,
    /// Batch id (None for a plan without batches).
    pub batch: Option<String>,
    /// Before.
    pub old: u64,
    /// After.
    pub new: u64,
    /// Anything else said of it (a merge: both plans' figures and the
    /// side taken), kept as written.
    #[serde(flatten)]
    pub more: serde_json::Map<String, serde_json::Value>,
}

/// One recipient's share in a redistribution, explained (see
/// `core::apportion::explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEntry {
    /// Path of ids.
    pub path: Vec<String>,
    /// Quota kind id.
    pub quota: String,
    /// Batch id.
    pub batch: Option<String>,
    /// Its weight.
    pub weight: u64,
    /// Its exact share: numerator.
    pub share_num: u128,
    /// Its exact share: denominator.
    pub share_den: u128,
    /// The whole part (its cap, when capped).
    pub base: u64,
    /// Whether it got one leftover unit.
    pub extra: bool,
    /// Why: `whole part`, `largest fraction`, `tie: larger weight`,
    /// `tie: earlier`, `capped`.
    pub why: String,
}

/// One entry of a plan's history: a change as the planner made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When (UTC, ISO 8601).
    pub time: String,
    /// Who.
    pub user: String,
    /// What, as the planner would say it.
    pub action: String,
    /// Why, when given.
    pub reason: Option<String>,
    /// Every value it changed.
    pub changes: Vec<CellEntry>,
    /// How its redistributions shared (empty for other changes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apportionment: Vec<ShareEntry>,
    /// Anything else the entry says (a merge: the plans merged and each
    /// figure's side), kept as written.
    #[serde(flatten)]
    pub more: serde_json::Map<String, serde_json::Value>,
}

/// A history as read: its entries and what was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The entries, oldest first.
    pub entries: Vec<Entry>,
    /// Lines that were not entries (a torn last line from an interrupted
    /// save, a damaged line), in words.
    pub warnings: Vec<String>,
}

/// Append `entries` to the history of the plan at `plan`, each on its own
/// line, in one write, synced.
///
/// # Errors
/// When the history cannot be opened or written.
pub fn append_entries(plan: &Path, entries: &[Entry]) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut text = String::new();
    for e in entries {
        text.push_str(&serde_json::to_string(e).map_err(io::Error::other)?);
        text.push('\n');
    }
    let path = history_path(plan);
    // A torn last line (an earlier save killed while appending) is ended
    // first, so that it stays one bad line and the new ones stay whole.
    let torn = std::fs::read(&path)
        .ok()
        .is_some_and(|b| !b.is_empty() && !b.ends_with(b"\n"));
    if torn {
        text.insert(0, '\n');
    }
    let mut f = OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_data()
}

/// Read the history of the plan at `plan` (empty when there is none).
///
/// # Errors
/// When the file is there but cannot be read.
pub fn read(plan: &Path) -> io::Result<History> {
    let path = history_path(plan);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(History::default()),
        Err(e) => return Err(e),
    };
    Ok(parse(&bytes))
}

/// A history's entries from its bytes; damaged lines are skipped with a
/// warning, never an error.
pub fn parse(bytes: &[u8]) -> History {
    let mut h = History::default();
    let text = String::from_utf8_lossy(bytes);
    let ends_whole = text.ends_with('\n');
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(e) => h.entries.push(e),
            Err(_) if i == last && !ends_whole => {
                h.warnings.push(crate::t!("history-torn", line = i + 1));
            }
            Err(e) => h.warnings.push(crate::t!(
                "history-bad-line",
                line = i + 1,
                error = e.to_string()
            )),
        }
    }
    h
}

/// The history file of the plan at `plan`: `plan.json.history.jsonl`.
pub fn history_path(plan: &Path) -> PathBuf {
    let mut s = plan.as_os_str().to_owned();
    s.push(".history.jsonl");
    PathBuf::from(s)
}

/// Now, UTC, ISO 8601 (`2026-12-06T22:20:25Z`).
pub fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso8601(secs)
}

/// Who is making the change: the login name (from the environment, else,
/// on Unix, the account of the process's user), else `unknown`.
pub fn user() -> String {
    ["LOGNAME", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(account)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The name of the account running this process, from `/etc/passwd` (the
/// owner of `/proc/self` is the process's user).
#[cfg(unix)]
fn account() -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    account_of(&passwd, uid)
}

#[cfg(not(unix))]
fn account() -> Option<String> {
    None
}

/// The name of account `uid` in a passwd file's text.
#[cfg_attr(not(unix), allow(dead_code))]
fn account_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id: u32 = f.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
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
    fn the_account_is_found_by_its_number() {
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\n# comment\nli:x:1000:1000::/home/li:/bin/sh\n";
        assert_eq!(account_of(passwd, 1000).as_deref(), Some("li"));
        assert_eq!(account_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_of(passwd, 7), None);
    }

    fn entry(action: &str) -> Entry {
        Entry {
            time: "2026-12-06T22:20:25Z".into(),
            user: "planner".into(),
            action: action.into(),
            reason: Some("规划 revision".into()),
            changes: vec![CellEntry {
                path: vec!["nm".into()],
                quota: "rock".into(),
                batch: None,
                old: 1,
                new: 2,
                more: serde_json::Map::new(),
            }],
            apportionment: vec![ShareEntry {
                path: vec!["nm".into()],
                quota: "rock".into(),
                batch: None,
                weight: 3,
                share_num: u128::from(u64::MAX) * 7,
                share_den: 3,
                base: 1,
                extra: true,
                why: "largest fraction".into(),
            }],
            more: serde_json::Map::new(),
        }
    }

    #[test]
    fn entries_round_trip_and_a_torn_line_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.json");
        append_entries(&plan, &[entry("one"), entry("two")]).unwrap();
        let h = read(&plan).unwrap();
        assert_eq!(h.entries, [entry("one"), entry("two")]);
        assert!(h.warnings.is_empty());
        // A save killed while appending: half a line.
        let path = history_path(&plan);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let line = serde_json::to_string(&entry("three")).unwrap();
        text.push_str(&line[..line.len() / 2]);
        std::fs::write(&path, &text).unwrap();
        let h = read(&plan).unwrap();
        assert_eq!(h.entries.len(), 2);
        assert_eq!(h.warnings.len(), 1);
        assert!(h.warnings[0].contains("incomplete"), "{:?}", h.warnings);
        // The next save goes on after it, whole.
        append_entries(&plan, &[entry("four")]).unwrap();
        let h = read(&plan).unwrap();
        assert_eq!(h.entries.len(), 3);
        assert_eq!(h.entries[2].action, "four");
        assert_eq!(h.warnings.len(), 1);
        assert!(h.warnings[0].contains("not a history entry"));
        // None: empty.
        assert_eq!(
            read(&dir.path().join("none.json")).unwrap(),
            History::default()
        );
    }

    #[test]
    fn entries_are_appended_one_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.json");
        append_entries(&plan, &[entry("one")]).unwrap();
        append_entries(&plan, &[entry("two 二")]).unwrap();
        let text = std::fs::read_to_string(dir.path().join("p.json.history.jsonl")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].contains("\"action\":\"two 二\""), "{}", lines[1]);
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
