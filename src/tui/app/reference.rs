//! A reference plan beside the plan being edited: last year's figures, the
//! other ministry's table, the group's report. It is read-only; the table
//! shows its figures (and the change) beside each figure, the nodes only
//! in it greyed in their place, and fill, rebalance and scale can share by
//! its figures. Also the changes since the last save, listed against the
//! file on disk.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{App, Source};
use crate::core::compare::{Comparison, Scope, compare, reference_weight};
use crate::core::text::printable;
use crate::core::{NodeIx, Plan, ROOT};
use crate::storage::OpenError;
use crate::tui::command::Command;
use crate::tui::dialogs::changes::ChangesView;
use crate::tui::dialogs::prompt::{Purpose, TextPrompt};
use crate::tui::dialogs::reference::ReferenceMenu;
use crate::tui::effects::{Effect, ReadFor};

/// What the reference's columns show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefColumns {
    /// The reference's figure beside each figure.
    Figures,
    /// And the change from it (difference and percent).
    Change,
    /// Nothing (the reference still weighs spreads).
    Hidden,
}

/// The reference plan and how it is used.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The plan.
    pub plan: Plan,
    /// Its file name, as shown.
    pub name: String,
    /// What its columns show.
    pub columns: RefColumns,
    /// Fill, rebalance and scale share by its figures.
    pub spread: bool,
}

impl App {
    /// The reference plan, when one is loaded.
    pub fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// Show `plan` as the reference (read-only), named `name`.
    pub fn set_reference(&mut self, plan: Plan, name: &str) {
        let d = compare(self.plan(), &plan, &Scope::default());
        let (changed, only) = (d.changes.len(), d.only_in_b.len());
        self.reference = Some(Reference {
            plan,
            name: printable(name),
            columns: RefColumns::Figures,
            spread: false,
        });
        self.refresh_ghosts();
        self.info(format!(
            "comparing with {}: {changed} figure{} differ{}, {only} node{} only in it \
             (greyed); {} for the columns, {} to spread by it or drop it",
            printable(name),
            if changed == 1 { "" } else { "s" },
            if changed == 1 { "s" } else { "" },
            if only == 1 { "" } else { "s" },
            self.config.keys.label(Command::ReferenceColumns),
            self.config.keys.label(Command::Reference),
        ));
    }

    /// Stop comparing.
    pub fn drop_reference(&mut self) {
        if let Some(r) = self.reference.take() {
            self.refresh_ghosts();
            self.info(crate::t!("reference-dropped", name = r.name.as_str()));
        }
    }

    /// The nodes of the reference that the plan lacks, for the table.
    fn refresh_ghosts(&mut self) {
        let plan = self.ed.plan();
        let ghosts = self
            .reference
            .as_ref()
            .map(|r| crate::tui::rows::Ghosts::new(plan, &r.plan));
        self.view.set_ghosts(plan, ghosts);
    }

    /// Read `path` as the reference (off the UI thread).
    pub(in crate::tui) fn load_reference(&mut self, path: PathBuf) {
        self.effect(Effect::ReadPlan {
            path,
            purpose: ReadFor::Reference,
        });
    }

    /// The reference command: a path to load, or the menu.
    pub(in crate::tui) fn reference_command(&mut self) {
        if self.reference.is_some() {
            self.open(Box::new(ReferenceMenu::new()));
        } else {
            self.open(TextPrompt::boxed(Purpose::ReferencePath, ""));
        }
    }

    /// Its columns: figures, with the change, hidden.
    pub fn cycle_reference_columns(&mut self) {
        let Some(r) = self.reference.as_mut() else {
            self.error(crate::t!(
                "reference-none",
                key = self.config.keys.label(Command::Reference)
            ));
            return;
        };
        r.columns = match r.columns {
            RefColumns::Figures => RefColumns::Change,
            RefColumns::Change => RefColumns::Hidden,
            RefColumns::Hidden => RefColumns::Figures,
        };
        let what = match r.columns {
            RefColumns::Figures => crate::t!("reference-shown-figures"),
            RefColumns::Change => crate::t!("reference-shown-change"),
            RefColumns::Hidden => crate::t!("reference-shown-hidden"),
        };
        self.info(what);
    }

    /// Spread (fill, rebalance, scale) by the reference's figures, or not.
    pub fn toggle_spread_by_reference(&mut self) {
        if let Some(r) = self.reference.as_mut() {
            r.spread = !r.spread;
            let on = r.spread;
            let name = r.name.clone();
            self.info(if on {
                crate::t!("reference-spread-on", name = name)
            } else {
                crate::t!("reference-spread-off")
            });
        }
    }

    /// The weights the reference gives `nodes` in value column `q`, when
    /// spreads go by it.
    pub(in crate::tui) fn reference_weights(
        &self,
        nodes: impl Iterator<Item = NodeIx>,
        q: usize,
    ) -> Option<HashMap<NodeIx, u64>> {
        let r = self.reference.as_ref().filter(|r| r.spread)?;
        let plan = self.ed.plan();
        Some(
            nodes
                .map(|n| (n, reference_weight(plan, &r.plan, n, q)))
                .collect(),
        )
    }

    /// What the reference keeps unallocated at `n` in column `q`.
    pub(in crate::tui) fn reference_kept(&self, n: NodeIx, q: usize) -> u64 {
        let Some(r) = self.reference.as_ref() else {
            return 0;
        };
        let plan = self.ed.plan();
        let own = reference_weight(plan, &r.plan, n, q);
        let rn = if n == ROOT {
            Some(ROOT)
        } else {
            r.plan.find(&plan.node(n).id)
        };
        // Its figure less what its children hold there.
        let given: u64 = rn.map_or(0, |rn| {
            r.plan
                .children(rn)
                .iter()
                .map(|&c| {
                    plan.find(&r.plan.node(c).id)
                        .map_or(0, |pc| reference_weight(plan, &r.plan, pc, q))
                })
                .fold(0u64, u64::saturating_add)
        });
        own.saturating_sub(given)
    }

    /// The figure of reference node `rix` in display column `d` (kind by
    /// id; the batch by id, else the reference's year).
    pub fn ghost_figure(&self, rix: NodeIx, d: crate::tui::view::DCol) -> Option<u128> {
        use crate::core::layout::Sel;
        let r = self.reference.as_ref()?;
        let (lp, lr) = (self.plan().layout(), r.plan.layout());
        let k = lr.kind_index(&lp.kinds().get(d.kind)?.id)?;
        let sel = match d.sel {
            _ if !lr.has_batches() => Sel::Batch(0),
            Sel::Batch(b) if lp.has_batches() => {
                Sel::Batch(lr.batch_index(&lp.batches().get(b)?.id)?)
            }
            _ => Sel::Cumulative,
        };
        Some(r.plan.figure(rix, k, sel))
    }

    /// The reference figure beside plan node `n` in display column `d`.
    pub fn reference_figure(&self, n: NodeIx, d: crate::tui::view::DCol) -> Option<u128> {
        let r = self.reference.as_ref()?;
        crate::core::compare::reference_figure(self.plan(), &r.plan, n, d.kind, d.sel)
    }

    /// Attach a reason to the last change (kept in the history when saved).
    pub(in crate::tui) fn set_reason(&mut self, reason: &str) {
        if self.ed.set_reason(reason) {
            if reason.trim().is_empty() {
                self.info(crate::t!("reason-cleared"));
            } else {
                self.info(crate::t!("reason-kept", reason = printable(reason.trim())));
            }
        }
    }

    /// The required reason refused: the change it was for is undone.
    pub(in crate::tui) fn undo_unreasoned(&mut self) {
        let r = self.ed.undo();
        if let Ok(o) = &r {
            let m = crate::say::outcome(o, &self.config.numbers);
            self.info(crate::t!("reason-missing-undone", what = m));
            let cells = self.ed.touched().cells.clone();
            self.view.mark_changed(cells);
        } else {
            self.report(r);
        }
    }

    /// The history: read the file beside the plan, then show it with the
    /// changes not saved yet.
    pub(in crate::tui) fn history_command(&mut self) {
        match &self.source {
            Source::File { file, exists: true } => {
                let path = file.real().to_path_buf();
                self.effect(Effect::ReadHistory { path, show: true });
            }
            _ => self.history_read(Ok(crate::storage::history::History::default())),
        }
    }

    /// The history read: show it.
    pub(super) fn history_read(
        &mut self,
        result: Result<crate::storage::history::History, String>,
    ) {
        let (saved, warnings) = match result {
            Ok(h) => (h.entries, h.warnings),
            Err(e) => (Vec::new(), vec![crate::t!("history-unreadable", error = e)]),
        };
        let unsaved = self
            .ed
            .steps_since(self.saved_state)
            .map(|steps| {
                crate::record::entries_of(self.plan(), &steps, &self.config.numbers, &self.user())
            })
            .unwrap_or_default();
        self.open(Box::new(crate::tui::dialogs::history::HistoryView::new(
            saved, unsaved, warnings,
        )));
    }

    /// The changes since the last save: read the saved file, then list.
    pub(in crate::tui) fn changes_command(&mut self) {
        match &self.source {
            Source::File { file, exists: true } => {
                let path = file.real().to_path_buf();
                self.effect(Effect::ReadPlan {
                    path,
                    purpose: ReadFor::Changes,
                });
            }
            _ => self.info(crate::t!("changes-never-saved")),
        }
    }

    /// A plan read for the reference or the changes.
    pub(super) fn plan_read(
        &mut self,
        path: &std::path::Path,
        purpose: ReadFor,
        result: Result<Box<Plan>, OpenError>,
    ) {
        let shown = printable(&path.display().to_string());
        match (purpose, result) {
            (ReadFor::Reference, Ok(plan)) => {
                let name = path
                    .file_name()
                    .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
                self.set_reference(*plan, &name);
            }
            (ReadFor::Changes, Ok(saved)) => {
                let d: Comparison = compare(&saved, self.plan(), &Scope::default());
                if d.is_same() {
                    self.info(crate::t!("changes-none"));
                } else {
                    self.open(Box::new(ChangesView::new(&d)));
                }
            }
            (_, Err(e)) => {
                let why = match e {
                    OpenError::File(e) => crate::t!("read-cannot", error = e.to_string()),
                    OpenError::Encoding { .. } => crate::t!("read-not-utf8"),
                    OpenError::Invalid(errors) => errors.first().map_or_else(
                        || crate::t!("check-not-valid"),
                        |e| match (e.line, e.column) {
                            (Some(l), Some(c)) => format!("{l}:{c}: {}", printable(&e.message)),
                            _ => printable(&e.message),
                        },
                    ),
                };
                self.error(crate::t!("read-nothing-loaded", file = shown, why = why));
            }
        }
    }
}
