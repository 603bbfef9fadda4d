//! The history entries of the editor's steps (what a save, `allot apply`
//! and `allot merge` append beside the plan): when, who, the operation in
//! words, the reason, every figure changed and how a redistribution
//! shared.

use crate::core::Plan;
use crate::core::apportion::Why;
use crate::core::ops::StepRecord;
use crate::say::{self, NumberFormat};
use crate::storage::history::{self, CellEntry, Entry, ShareEntry};

/// The words of a reason for a share.
pub fn why_words(why: Why) -> &'static str {
    match why {
        Why::WholePart => "whole part",
        Why::LargestFraction => "largest fraction",
        Why::TieLargerWeight => "tie: larger weight",
        Why::TieEarlier => "tie: earlier",
        Why::Capped => "capped",
    }
}

/// The path of ids, the quota kind and batch ids of a value column.
fn place(plan: &Plan, n: crate::core::NodeIx, col: usize) -> (Vec<String>, String, Option<String>) {
    let layout = plan.layout();
    let path = plan.path_ids(n).into_iter().map(str::to_owned).collect();
    if col >= layout.columns() {
        return (path, String::new(), None);
    }
    let (k, b) = layout.column_of(col);
    let kind = layout
        .kinds()
        .get(k)
        .map_or_else(String::new, |x| x.id.clone());
    let batch = layout
        .has_batches()
        .then(|| layout.batches().get(b).map(|x| x.id.clone()))
        .flatten();
    (path, kind, batch)
}

/// History entries for `steps` of `plan` (as it is after them), made now
/// by `user`.
pub fn entries_of(plan: &Plan, steps: &[StepRecord], nf: &NumberFormat, user: &str) -> Vec<Entry> {
    let time = history::now();
    steps
        .iter()
        .map(|s| Entry {
            time: time.clone(),
            user: user.to_owned(),
            action: say::outcome(&s.label, nf),
            reason: s.reason.clone(),
            changes: s
                .cells
                .iter()
                .map(|c| {
                    let (path, quota, batch) = place(plan, c.node, c.col);
                    CellEntry {
                        path,
                        quota,
                        batch,
                        old: c.old,
                        new: c.new,
                        more: serde_json::Map::new(),
                    }
                })
                .collect(),
            apportionment: s
                .apportionment
                .iter()
                .map(|(n, col, e)| {
                    let (path, quota, batch) = place(plan, *n, *col);
                    ShareEntry {
                        path,
                        quota,
                        batch,
                        weight: e.weight,
                        share_num: e.share_num,
                        share_den: e.share_den,
                        base: e.base,
                        extra: e.extra,
                        why: why_words(e.why).to_owned(),
                    }
                })
                .collect(),
            more: serde_json::Map::new(),
        })
        .collect()
}
