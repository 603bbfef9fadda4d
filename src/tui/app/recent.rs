//! The last few changes of the selected node, for the details panel: the
//! saved ones from the history file beside the plan (read off the screen's
//! thread once, then kept up to date by each save) and the unsaved ones
//! from the undo stack. Looked up by node through indexes built once per
//! read or edit, so moving the selection stays cheap on a large plan.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{App, Source};
use crate::core::NodeIx;
use crate::core::ops::StepRecord;
use crate::storage::history::Entry;
use crate::tui::effects::Effect;

/// How many changes the panel shows.
pub const SHOWN: usize = 3;

/// One change of a node's figure, as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeChange {
    /// When (UTC, ISO 8601); None: not saved yet.
    pub time: Option<String>,
    /// Who (saved changes).
    pub user: String,
    /// What the change was, as said.
    pub action: String,
    /// Why, when said.
    pub reason: Option<String>,
    /// The quota kind (id) of the node's figure that changed first.
    pub quota: String,
    /// Before.
    pub old: u64,
    /// After.
    pub new: u64,
}

/// The unsaved steps as of an editor revision and saved state, and which
/// of them touch each node.
struct Unsaved {
    revision: u64,
    saved_state: u64,
    steps: Vec<StepRecord>,
    by_node: HashMap<NodeIx, Vec<usize>>,
}

/// What the shown changes are of: node, revision, saved entries, saved
/// state.
type ShownKey = (NodeIx, u64, usize, u64);

/// The history kept for the panel.
#[derive(Default)]
pub(super) struct Recent {
    /// The plan file whose history is read (or being read).
    path: Option<PathBuf>,
    /// The saved entries, oldest first.
    saved: Vec<Entry>,
    /// Saved entries by the last id of each changed cell's path ("" the
    /// national total).
    by_id: HashMap<String, Vec<usize>>,
    /// Why the history could not be read.
    pub(super) warning: Option<String>,
    /// Entries being saved now (added once the save is done).
    pending: Vec<Entry>,
    /// The unsaved steps.
    unsaved: Option<Unsaved>,
    /// The changes shown, and what of.
    shown: Option<(ShownKey, Vec<NodeChange>)>,
}

impl Recent {
    fn index(&mut self, from: usize) {
        for (i, e) in self.saved.iter().enumerate().skip(from) {
            for c in &e.changes {
                let id = c.path.last().cloned().unwrap_or_default();
                let list = self.by_id.entry(id).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }

    fn set(&mut self, entries: Vec<Entry>) {
        self.saved = entries;
        self.by_id.clear();
        self.index(0);
        self.shown = None;
    }

    fn append(&mut self, entries: Vec<Entry>) {
        let from = self.saved.len();
        self.saved.extend(entries);
        self.index(from);
        self.shown = None;
    }
}

impl App {
    /// With the details panel on, the history of the plan's file is read
    /// once (off the screen's thread), and again after a reload.
    pub(super) fn want_history(&mut self) {
        if !self.view.details_shown() {
            return;
        }
        let Source::File { file, exists: true } = &self.source else {
            return;
        };
        let path = file.real().to_path_buf();
        if self.recent.path.as_ref() != Some(&path) {
            self.recent.path = Some(path.clone());
            self.recent.set(Vec::new());
            self.effect(Effect::ReadHistory { path, show: false });
        }
    }

    /// Read it again and start over (a new editor: the plan was read
    /// from disk again).
    pub(super) fn forget_history(&mut self) {
        self.recent = Recent::default();
    }

    /// The history read for the panel.
    pub(super) fn panel_history(
        &mut self,
        path: &std::path::Path,
        result: Result<crate::storage::history::History, String>,
    ) {
        if self.recent.path.as_deref() != Some(path) {
            return;
        }
        match result {
            Ok(h) => {
                self.recent.warning = h.warnings.into_iter().next();
                self.recent.set(h.entries);
            }
            Err(e) => self.recent.warning = Some(crate::t!("history-unreadable", error = e)),
        }
    }

    /// A save is writing `entries` to the history.
    pub(super) fn history_pending(&mut self, entries: &[Entry]) {
        self.recent.pending = entries.to_vec();
    }

    /// The save is done: its entries are in the history of `path`, when
    /// they could be written.
    pub(super) fn history_saved(&mut self, path: &std::path::Path, written: bool) {
        let entries = std::mem::take(&mut self.recent.pending);
        if written && self.recent.path.as_deref() == Some(path) {
            self.recent.append(entries);
        }
    }

    /// Bring the selected node's last changes up to date (after each
    /// message): only when the node, the plan or the history moved on.
    pub(super) fn refresh_recent(&mut self) {
        if !self.view.details_shown() {
            return;
        }
        let n = self.selected_node();
        let key = (
            n,
            self.ed.revision(),
            self.recent.saved.len(),
            self.saved_state,
        );
        if self.recent.shown.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let (rev, saved_state) = (self.ed.revision(), self.saved_state);
        let fresh = self
            .recent
            .unsaved
            .as_ref()
            .is_some_and(|u| u.revision == rev && u.saved_state == saved_state);
        if !fresh {
            let steps = self.ed.steps_since(saved_state).unwrap_or_default();
            let mut by_node: HashMap<NodeIx, Vec<usize>> = HashMap::new();
            for (i, s) in steps.iter().enumerate() {
                for c in &s.cells {
                    let list = by_node.entry(c.node).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            self.recent.unsaved = Some(Unsaved {
                revision: rev,
                saved_state,
                steps,
                by_node,
            });
        }
        let changes = self.changes_of(n);
        self.recent.shown = Some((key, changes));
    }

    /// The last few changes of `n`, oldest first: saved, then unsaved.
    fn changes_of(&self, n: NodeIx) -> Vec<NodeChange> {
        let plan = self.plan();
        let nf = &self.config.numbers;
        let path: Vec<String> = plan.path_ids(n).into_iter().map(str::to_owned).collect();
        let id = path.last().cloned().unwrap_or_default();
        let mut out = Vec::new();
        if let Some(u) = &self.recent.unsaved {
            for &i in u.by_node.get(&n).into_iter().flatten().rev().take(SHOWN) {
                let s = &u.steps[i];
                let Some(c) = s.cells.iter().find(|c| c.node == n) else {
                    continue;
                };
                let layout = plan.layout();
                let quota = if c.col < layout.columns() {
                    let (k, _) = layout.column_of(c.col);
                    layout.kinds()[k].id.clone()
                } else {
                    String::new()
                };
                out.push(NodeChange {
                    time: None,
                    user: String::new(),
                    action: crate::say::outcome(&s.label, nf),
                    reason: s.reason.clone(),
                    quota,
                    old: c.old,
                    new: c.new,
                });
            }
        }
        for &i in self.recent.by_id.get(&id).into_iter().flatten().rev() {
            if out.len() >= SHOWN {
                break;
            }
            let e = &self.recent.saved[i];
            let Some(c) = e.changes.iter().find(|c| c.path == path) else {
                continue;
            };
            out.push(NodeChange {
                time: Some(e.time.clone()),
                user: e.user.clone(),
                action: e.action.clone(),
                reason: e.reason.clone(),
                quota: c.quota.clone(),
                old: c.old,
                new: c.new,
            });
        }
        out.reverse();
        out
    }

    /// The selected node's last few changes, oldest first (as of the
    /// last message).
    pub fn recent_changes(&self) -> &[NodeChange] {
        self.recent
            .shown
            .as_ref()
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Exports carry the plan's history from now on, or not.
    pub(in crate::tui) fn set_export_history(&mut self, on: bool) {
        self.export_history = on;
    }

    /// Why the history beside the plan could not be read, if so.
    pub fn history_warning(&self) -> Option<&str> {
        self.recent.warning.as_deref()
    }
}
