//! The plan's history in an export: the XLSX `History` sheet and the
//! Markdown `Changes` section, one line per figure changed (time, who, the
//! change, the reason, the node, quota, batch, old, new, difference).
//!
//! A recipient's file holds only the recipient's own figures, so its
//! history is cut the same way: only the cells under the recipient; an
//! entry that also changed others' figures keeps its cells here but not
//! its words (they may name the others' figures), and entries that changed
//! nothing of the recipient's are left out. How a redistribution shared
//! (its weights and their sum) is never exported: the sum of weights would
//! tell the others' figures.

use crate::core::Plan;
use crate::storage::history::Entry;

/// The words put in place of a change's description that also concerned
/// other recipients, in the language in use.
pub fn shared() -> String {
    crate::t!("history-shared")
}

/// The entries as a file may show them: the cells under the node with path
/// `top` (all when None) and of batch `batch` (all when None). Entries
/// left without cells are dropped, except, in a whole-plan file, those
/// that changed no figure at all (a rename, say).
pub fn visible(entries: &[Entry], top: Option<&[String]>, batch: Option<&str>) -> Vec<Entry> {
    let inside = |c: &crate::storage::history::CellEntry| {
        top.is_none_or(|t| c.path.starts_with(t))
            && batch.is_none_or(|b| c.batch.as_deref() == Some(b))
    };
    let mut out = Vec::new();
    for e in entries {
        let cells: Vec<_> = e.changes.iter().filter(|c| inside(c)).cloned().collect();
        let whole = cells.len() == e.changes.len();
        if cells.is_empty() && (top.is_some() || !e.changes.is_empty()) {
            continue;
        }
        let (action, reason) = if whole || top.is_none() {
            (e.action.clone(), e.reason.clone())
        } else {
            (shared(), None)
        };
        out.push(Entry {
            time: e.time.clone(),
            user: e.user.clone(),
            action,
            reason,
            changes: cells,
            apportionment: Vec::new(),
            more: serde_json::Map::new(),
        });
    }
    out
}

/// One line of the history table.
pub struct HistoryLine<'a> {
    /// The entry (its time, who, action and reason on its first line only).
    pub entry: Option<&'a Entry>,
    /// The node's path of ids, `/`-joined.
    pub path: String,
    /// The node's name in the plan (empty when it is no longer there).
    pub name: String,
    /// The quota kind id.
    pub quota: &'a str,
    /// The batch id.
    pub batch: &'a str,
    /// Before and after (None for an entry that changed no figure).
    pub figures: Option<(u64, u64)>,
}

/// The lines of the history table of `entries`, oldest first.
pub fn lines<'a>(plan: &Plan, entries: &'a [Entry]) -> Vec<HistoryLine<'a>> {
    let mut out = Vec::new();
    for e in entries {
        if e.changes.is_empty() {
            out.push(HistoryLine {
                entry: Some(e),
                path: String::new(),
                name: String::new(),
                quota: "",
                batch: "",
                figures: None,
            });
        }
        for (i, c) in e.changes.iter().enumerate() {
            let name = match c.path.last() {
                None => "national".to_owned(),
                Some(id) => plan
                    .find(id)
                    .map(|n| plan.display_name(n).to_owned())
                    .unwrap_or_default(),
            };
            out.push(HistoryLine {
                entry: (i == 0).then_some(e),
                path: c.path.join("/"),
                name,
                quota: &c.quota,
                batch: c.batch.as_deref().unwrap_or(""),
                figures: Some((c.old, c.new)),
            });
        }
    }
    out
}

/// `2026-12-06T23:50:12Z` as `2026-12-06 23:50:12`.
pub fn time(t: &str) -> String {
    t.trim_end_matches('Z').replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::history::CellEntry;

    fn cell(path: &[&str], batch: Option<&str>, old: u64, new: u64) -> CellEntry {
        CellEntry {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            quota: "smelting".to_owned(),
            batch: batch.map(str::to_owned),
            old,
            new,
            more: serde_json::Map::new(),
        }
    }

    fn entry(action: &str, changes: Vec<CellEntry>) -> Entry {
        Entry {
            time: "2026-12-06T10:00:00Z".to_owned(),
            user: "李明".to_owned(),
            action: action.to_owned(),
            reason: Some("notice".to_owned()),
            changes,
            apportionment: Vec::new(),
            more: serde_json::Map::new(),
        }
    }

    #[test]
    fn a_recipient_sees_only_its_own_cells_and_not_the_words_of_shared_changes() {
        let entries = vec![
            entry("set Sichuan", vec![cell(&["sc"], None, 0, 5)]),
            entry(
                "rebalanced Inner Mongolia to 69,000",
                vec![
                    cell(&["nm"], None, 70_000, 69_000),
                    cell(&["sc", "sc-jxcu"], None, 0, 1000),
                ],
            ),
            entry("set Inner Mongolia", vec![cell(&["nm"], None, 0, 1)]),
            entry("renamed the plan", vec![]),
        ];
        let sc = vec!["sc".to_owned()];
        let v = visible(&entries, Some(&sc), None);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].action, "set Sichuan");
        assert_eq!(v[0].reason.as_deref(), Some("notice"));
        assert_eq!(v[1].action, shared());
        assert_eq!(v[1].reason, None);
        assert_eq!(v[1].changes.len(), 1);
        assert_eq!(v[1].changes[0].path, ["sc", "sc-jxcu"]);
        // The whole plan: everything, a rename too.
        let all = visible(&entries, None, None);
        assert_eq!(all.len(), 4);
        assert_eq!(all[1].action, "rebalanced Inner Mongolia to 69,000");
        assert_eq!(all[1].changes.len(), 2);
    }

    #[test]
    fn one_batch_keeps_its_own_cells() {
        let entries = vec![entry(
            "filled",
            vec![
                cell(&["nm"], Some("b1"), 0, 5),
                cell(&["nm"], Some("b2"), 0, 7),
            ],
        )];
        let v = visible(&entries, None, Some("b2"));
        assert_eq!(v[0].changes.len(), 1);
        assert_eq!(v[0].changes[0].new, 7);
        assert!(visible(&entries, None, Some("b3")).is_empty());
    }

    #[test]
    fn lines_name_the_nodes_and_carry_the_entry_once() {
        let plan = crate::storage::example_2018();
        let entries = vec![
            entry(
                "filled",
                vec![cell(&["nm"], None, 0, 5), cell(&["gone"], None, 3, 0)],
            ),
            entry("renamed", vec![]),
        ];
        let l = lines(&plan, &entries);
        assert_eq!(l.len(), 3);
        assert!(l[0].entry.is_some() && l[1].entry.is_none() && l[2].entry.is_some());
        assert_eq!(l[0].name, plan.display_name(plan.find("nm").unwrap()));
        assert_eq!(l[1].name, "");
        assert_eq!(l[1].figures, Some((3, 0)));
        assert_eq!(l[2].figures, None);
        assert_eq!(time("2026-12-06T23:50:12Z"), "2026-12-06 23:50:12");
    }
}
