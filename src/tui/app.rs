//! The interactive planner's state and its `update`: a message in, effects
//! out. Nothing here draws (`ui` reads this state) and nothing here touches
//! a file ([`Effect`]s are carried out by the event loop and their results
//! come back through [`App::done`]). The main screen's commands are here;
//! every dialog is its own type in `dialogs/`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::command::Command;
use super::config::Config;
use super::dialogs::confirm::{Confirm, Question};
use super::dialogs::edit::EditValue;
use super::dialogs::export::ExportMenu;
use super::dialogs::help::Help;
use super::dialogs::messages::History;
use super::dialogs::pick::MovePicker;
use super::dialogs::prompt::{Purpose, TextPrompt};
use super::dialogs::quotas::QuotaMenu;
use super::dialogs::search::Search;
use super::dialogs::wizard::Wizard;
use super::dialogs::{Dialog, Flow};
use super::effects::{Done, Effect};
use super::input::{InputKind, Msg};
use super::layout::{Areas, Columns};
use super::line::LineInput;
use super::rows::Row;
use super::view::View;
use crate::core::model::{Meta, Quota};
use crate::core::text::printable;
use crate::core::{Editor, NodeIx, Outcome, Plan, ROOT, Refusal};
use crate::say;
use crate::storage::file::RealFile;
use crate::storage::safe::{PlanLock, RecoveryStore};
use crate::storage::{self, OpenError};

/// Where the plan came from and goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in sample: saving asks for a path.
    Sample,
    /// A file; `exists` is false for a new plan not yet saved.
    File {
        /// The file: the name typed (shown) and the real file (saved,
        /// backed up, locked and recovered).
        file: RealFile,
        /// Whether the file exists on disk.
        exists: bool,
    },
}

/// How an edited value is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Plain set: the difference comes from the parent's remainder.
    Set,
    /// Siblings give or take the difference.
    Rebalance,
    /// The subtree scales with the node.
    Scale,
}

/// Tone of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A result.
    Info,
    /// A refusal, error or warning.
    Error,
}

/// A message to the planner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Its tone.
    pub tone: Tone,
}

/// How many messages the history keeps.
const HISTORY: usize = 200;

/// Plans above this many nodes show "saving…" while they are saved (a
/// small plan is saved before the next frame).
pub const BIG_PLAN: usize = 20_000;

/// The whole state of the interactive planner.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags of the file and the session"
)]
pub struct App {
    pub(super) ed: Editor,
    pub(super) config: Config,
    pub(super) view: View,
    dialog: Option<Box<dyn Dialog>>,
    message: Option<Message>,
    history: Vec<Message>,
    pub(super) source: Source,
    /// Editor state at the last load or save.
    pub(super) saved_state: u64,
    /// Hash of the file as loaded or last saved.
    pub(super) disk_hash: Option<u64>,
    /// Why the plan is read-only, when it is.
    pub(super) read_only: Option<String>,
    pub(super) lock: Option<PlanLock>,
    /// Unsaved changes that the history does not show (restored work).
    pub(super) force_dirty: bool,
    /// Restored from a copy of work begun on an older file: saving asks.
    pub(super) stale_base: bool,
    pub(super) recovery: Option<RecoveryStore>,
    /// Editor revision last written to the recovery copy, and since when
    /// an edit has waited to be written.
    pub(super) recovery_state: (Option<u64>, Option<Instant>),
    /// A recovery copy is being written.
    pub(super) recovery_writing: bool,
    effects: Vec<Effect>,
    /// Effects handed out whose results have not come back.
    in_flight: usize,
    /// Of those, the ones the screen says are running (saves, exports).
    busy: usize,
    pub(super) last_search: Option<String>,
    quit: bool,
}

impl App {
    /// An app on `plan`, with the terminal size.
    pub fn new(plan: Plan, source: Source, config: Config, size: (u16, u16)) -> Self {
        let view = View::new(&plan, size);
        Self {
            ed: Editor::new(plan),
            config,
            view,
            dialog: None,
            message: None,
            history: Vec::new(),
            source,
            saved_state: 0,
            disk_hash: None,
            read_only: None,
            lock: None,
            force_dirty: false,
            stale_base: false,
            recovery: None,
            recovery_state: (None, None),
            recovery_writing: false,
            effects: Vec::new(),
            in_flight: 0,
            busy: 0,
            last_search: None,
            quit: false,
        }
    }

    /// A new empty plan for a file that does not exist yet: the three rare
    /// earth quota kinds with totals of 0.
    pub fn empty_plan(path: &Path) -> Plan {
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let quota = |id: &str, name: &str| Quota {
            id: id.to_owned(),
            name: name.to_owned(),
        };
        Plan::new(
            Meta {
                title,
                unit: Some("t REO".to_owned()),
                ..Meta::default()
            },
            vec![
                quota("rock", "Rock-type mining"),
                quota("ion", "Ion-adsorption mining"),
                quota("smelting", "Smelting and separation"),
            ],
        )
    }

    // ----- reading the state -----

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.ed.plan()
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The view: rows, selection, scrolling.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Whether there are unsaved changes.
    pub fn dirty(&self) -> bool {
        self.ed.state_id() != self.saved_state
            || self.force_dirty
            || matches!(self.source, Source::File { exists: false, .. })
    }

    /// Where the plan came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Why the plan is read-only, when it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The hash of the file as loaded or last saved.
    pub fn disk_hash(&self) -> Option<u64> {
        self.disk_hash
    }

    /// Set the hash of the file as loaded (at start).
    pub fn set_disk_hash(&mut self, hash: Option<u64>) {
        self.disk_hash = hash;
    }

    /// The message line.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// Every message so far, oldest first.
    pub fn history(&self) -> &[Message] {
        &self.history
    }

    /// The open dialog.
    pub fn dialog(&self) -> Option<&dyn Dialog> {
        self.dialog.as_deref()
    }

    /// The open dialog's name (`edit`, `confirm`, `prompt`, ...).
    pub fn dialog_name(&self) -> Option<&'static str> {
        self.dialog.as_ref().map(|d| d.name())
    }

    /// The question asked, when a confirmation is open.
    pub fn question(&self) -> Option<&Question> {
        self.dialog.as_ref().and_then(|d| d.question())
    }

    /// The text input of the open dialog, when it has one.
    pub fn input(&self) -> Option<&LineInput> {
        self.dialog.as_ref().and_then(|d| d.input())
    }

    /// Whether the app should end.
    pub fn wants_quit(&self) -> bool {
        self.quit && self.in_flight == 0
    }

    /// Whether a save or export is running.
    pub fn is_busy(&self) -> bool {
        self.busy > 0
    }

    /// The screen's regions.
    pub fn areas(&self) -> Areas {
        self.view.areas()
    }

    /// The table's columns at the current size and selection.
    pub fn columns(&self) -> Columns {
        let areas = self.areas();
        let rows = self.view.rows().rows();
        let first = self.view.offset().min(rows.len());
        let end = (first + usize::from(areas.table_rows())).min(rows.len());
        Columns::new(
            self.plan(),
            &self.config.numbers,
            areas.table.width.saturating_sub(1),
            self.view.col(),
            &rows[first..end],
        )
    }

    /// The selected row.
    pub fn selected_row(&self) -> Row {
        self.view.selected_row()
    }

    /// The node of the selected row.
    pub fn selected_node(&self) -> NodeIx {
        self.view.selected_node()
    }

    /// The selected quota, when a quota column is selected.
    pub fn selected_quota(&self) -> Option<usize> {
        self.view.selected_quota()
    }

    /// What kind of keyboard input the current screen takes.
    pub fn input_kind(&self) -> InputKind {
        self.dialog
            .as_ref()
            .map_or(InputKind::Commands, |d| d.input_kind())
    }

    // ----- selecting (also for tests) -----

    /// Select node `n` (revealing it) and column `col` (0 the name, 1..
    /// the quotas).
    pub fn select(&mut self, n: NodeIx, col: usize) {
        self.view.select_node(self.ed.plan(), n);
        self.view.select_col(self.ed.plan(), col);
        self.view.settle(self.ed.plan());
    }

    // ----- messages -----

    pub(super) fn say(&mut self, text: impl Into<String>, tone: Tone) {
        let m = Message {
            text: text.into(),
            tone,
        };
        if self.history.len() >= HISTORY {
            self.history.remove(0);
        }
        self.history.push(m.clone());
        self.message = Some(m);
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.say(text, Tone::Info);
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.say(text, Tone::Error);
    }

    /// Warnings (of the settings file, say): each in the history, all of
    /// them on the message line (it grows to show them, and says where the
    /// rest are).
    pub fn warn_all(&mut self, warnings: &[String]) {
        if warnings.is_empty() {
            return;
        }
        for w in warnings {
            self.error(w.clone());
        }
        let all = if warnings.len() == 1 {
            warnings[0].clone()
        } else {
            format!("{} warnings: {}", warnings.len(), warnings.join(" · "))
        };
        self.message = Some(Message {
            text: all,
            tone: Tone::Error,
        });
    }

    /// Say why an operation was refused, in the planner's number format.
    pub(super) fn refused(&mut self, e: &Refusal) {
        self.error(format!(
            "refused: {}",
            say::refusal(e, &self.config.numbers)
        ));
    }

    pub(super) fn clear_message(&mut self) {
        self.message = None;
    }

    /// Report an operation's outcome; the cells it changed are marked.
    /// Returns whether it was applied.
    pub(super) fn report(&mut self, r: Result<Outcome, Refusal>) -> bool {
        match r {
            Ok(o) => {
                self.info(say::outcome(&o, &self.config.numbers));
                let cells = self.ed.touched().cells.clone();
                self.view.mark_changed(cells);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    // ----- dialogs and effects -----

    /// Open a dialog (replacing any). A dialog with a text input starts on
    /// a clean message line.
    pub(super) fn open(&mut self, d: Box<dyn Dialog>) {
        if d.input().is_some() {
            self.message = None;
        }
        self.dialog = Some(d);
    }

    /// Ask for an effect.
    pub(super) fn effect(&mut self, e: Effect) {
        self.effects.push(e);
    }

    /// The effects asked for since the last call; the caller carries them
    /// out and hands each result to [`App::done`].
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let effects = std::mem::take(&mut self.effects);
        self.in_flight += effects.len();
        self.busy += effects.iter().filter(|e| e.is_visible()).count();
        effects
    }

    /// Carry out the pending effects here and now, and their results'
    /// effects in turn (tests, and the moments the event loop must not
    /// wait: a signal, a panic).
    pub fn run_effects(&mut self) {
        loop {
            let effects = self.take_effects();
            if effects.is_empty() {
                return;
            }
            for e in effects {
                let d = super::effects::perform(e);
                self.done(d);
            }
        }
    }

    /// Apply one message and carry out what it asks at once (tests and
    /// scripts; the event loop uses [`App::update`] and a worker).
    pub fn handle(&mut self, msg: Msg) {
        for e in self.update(msg) {
            let d = super::effects::perform(e);
            self.done(d);
        }
        self.run_effects();
    }

    /// Apply one message; returns the effects it asks for. The only place
    /// input changes state.
    #[must_use = "the effects must be carried out"]
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Resize { width, height } => self.view.resize((width, height)),
            Msg::Click { x, y } if self.dialog.is_none() => self.click(x, y),
            Msg::Wheel(d) if self.dialog.is_none() => self.wheel(d),
            msg => {
                if let Some(d) = self.dialog.take() {
                    match d.on(&msg, self) {
                        Flow::Stay(d) => {
                            if self.dialog.is_none() {
                                self.dialog = Some(d);
                            }
                        }
                        Flow::Close => {}
                    }
                } else {
                    self.main(&msg);
                }
            }
        }
        self.view.settle(self.ed.plan());
        self.take_effects()
    }

    /// The result of an effect.
    pub fn done(&mut self, d: Done) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if matches!(d, Done::Saved { .. } | Done::Exported { .. }) {
            self.busy = self.busy.saturating_sub(1);
        }
        self.finish(d);
        self.view.settle(self.ed.plan());
    }

    // ----- the main screen -----

    fn main(&mut self, msg: &Msg) {
        match *msg {
            Msg::Cmd(c) => self.command(c),
            Msg::StartEdit(ch) if self.read_only.is_none() => self.start_edit(How::Set, Some(ch)),
            Msg::StartEdit(_) => self.command(Command::Edit),
            _ => {}
        }
    }

    pub(super) fn refuse_read_only(&mut self) -> bool {
        let Some(why) = self.read_only.clone() else {
            return false;
        };
        self.error(format!(
            "read-only: {why}; save a copy with {} to edit it",
            self.config.keys.label(Command::SaveAs)
        ));
        true
    }

    #[allow(clippy::too_many_lines, reason = "one arm per command, each short")]
    fn command(&mut self, c: Command) {
        if c.changes_plan() && self.refuse_read_only() {
            return;
        }
        let plan = self.ed.plan();
        let page = isize::try_from(self.view.page()).unwrap_or(isize::MAX);
        match c {
            Command::Up => self.view.move_rows(-1),
            Command::Down => self.view.move_rows(1),
            Command::Left => self.view.move_cols(plan, -1),
            Command::Right => self.view.move_cols(plan, 1),
            Command::NextColumn => {
                let nq = plan.quotas().len();
                let next = if self.view.col() >= nq {
                    1
                } else {
                    self.view.col() + 1
                };
                self.view.select_col(plan, next);
            }
            Command::PrevColumn => {
                let nq = plan.quotas().len();
                let prev = if self.view.col() <= 1 {
                    nq
                } else {
                    self.view.col() - 1
                };
                self.view.select_col(plan, prev);
            }
            Command::PageUp => self.view.move_rows(-page),
            Command::PageDown => self.view.move_rows(page),
            Command::Top => self.view.select_row(0),
            Command::Bottom => self.view.select_row(usize::MAX),
            Command::Toggle => self.toggle(),
            Command::ExpandAll => {
                let n = self.selected_node();
                self.view.expand_all(self.ed.plan());
                self.view.select_node(self.ed.plan(), n);
            }
            Command::CollapseAll => {
                let mut n = self.selected_node();
                while self.plan().depth(n) > 1 {
                    n = self.plan().parent(n).unwrap_or(ROOT);
                }
                self.view.collapse_all();
                self.view.select_node(self.ed.plan(), n);
            }
            Command::Edit => self.start_edit(How::Set, None),
            Command::EditRebalance => self.start_edit(How::Rebalance, None),
            Command::EditScale => self.start_edit(How::Scale, None),
            Command::Fill => self.fill(),
            Command::Lock => {
                let n = self.selected_node();
                let locked = !self.plan().node(n).locked;
                let r = self.ed.set_locked(n, locked);
                self.report(r);
            }
            Command::AddChild => {
                let n = self.selected_node();
                self.open(TextPrompt::boxed(Purpose::AddChild(n), ""));
            }
            Command::AddSibling => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row has no siblings; use add child");
                } else {
                    self.open(TextPrompt::boxed(Purpose::AddSibling(n), ""));
                }
            }
            Command::Rename => {
                let n = self.selected_node();
                if n == ROOT {
                    self.open(Wizard::plan_info(self.plan()));
                } else {
                    let name = self.plan().node(n).name.clone();
                    self.open(TextPrompt::boxed(Purpose::Rename(n), &name));
                }
            }
            Command::Note => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row has no note; select a node");
                } else {
                    let note = self.plan().node(n).note.clone().unwrap_or_default();
                    self.open(TextPrompt::boxed(Purpose::Note(n), &note));
                }
            }
            Command::Delete => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row cannot be deleted");
                } else {
                    self.open(Confirm::boxed(Question::Delete(n)));
                }
            }
            Command::Move => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row cannot be moved");
                } else {
                    self.open(MovePicker::boxed(self.plan(), n));
                }
            }
            Command::Quotas => {
                let q = self.selected_quota().unwrap_or(0);
                self.open(Box::new(QuotaMenu::new(q)));
            }
            Command::PlanInfo => self.open(Wizard::plan_info(self.plan())),
            Command::Search => {
                let origin = self.selected_node();
                self.open(Box::new(Search::new(origin)));
            }
            Command::NextMatch | Command::PrevMatch => self.next_match(c == Command::NextMatch),
            Command::Undo => {
                let r = self.ed.undo();
                self.after_history(r);
            }
            Command::Redo => {
                let r = self.ed.redo();
                self.after_history(r);
            }
            Command::Save => self.save(false),
            Command::SaveAs => {
                let current = match &self.source {
                    Source::File { file, .. } => file.shown().display().to_string(),
                    Source::Sample => String::new(),
                };
                self.open(TextPrompt::boxed(
                    Purpose::SaveAs { then_quit: false },
                    &current,
                ));
            }
            Command::Export => self.open(Box::new(ExportMenu::new())),
            Command::Messages => self.open(Box::new(History::new(self.history.len()))),
            Command::ToggleDetails => {
                let shown = self.view.toggle_details();
                self.info(if shown {
                    "details shown"
                } else {
                    "details hidden"
                });
            }
            Command::Help => self.open(Box::new(Help::new())),
            Command::Quit => {
                if self.dirty() {
                    self.open(Confirm::boxed(Question::QuitUnsaved));
                } else {
                    self.request_quit();
                }
            }
        }
    }

    /// After undo or redo: say what, and select and reveal what changed.
    fn after_history(&mut self, r: Result<Outcome, Refusal>) {
        if !self.report(r) {
            return;
        }
        let touched = self.ed.touched().clone();
        if let Some(n) = touched.first_node().filter(|&n| self.plan().is_live(n)) {
            self.view.select_node(self.ed.plan(), n);
            if let Some(&(_, q)) = touched.cells.first() {
                self.view.select_col(self.ed.plan(), q + 1);
            }
        }
    }

    fn toggle(&mut self) {
        let n = self.selected_node();
        if let Row::Rest { parent, .. } = self.selected_row() {
            self.view.set_expanded(parent, false);
            self.view.select_node(self.ed.plan(), parent);
            return;
        }
        if n == ROOT {
            return;
        }
        if self.plan().children(n).is_empty() {
            self.info(format!(
                "{} has no children",
                printable(self.plan().display_name(n))
            ));
            return;
        }
        let open = !self.view.rows().is_expanded(n);
        self.view.set_expanded(n, open);
    }

    fn fill(&mut self) {
        let n = self.selected_node();
        let r = match self.selected_quota() {
            Some(q) => self.ed.fill(n, q),
            None => self.ed.fill_all(n),
        };
        if self.report(r) && !self.view.rows().is_expanded(n) {
            self.view.set_expanded(n, true);
        }
    }

    pub(super) fn start_edit(&mut self, how: How, first: Option<char>) {
        let Some(q) = self.selected_quota() else {
            self.error("select a quota column (→ or tab) to edit a value");
            return;
        };
        let n = self.selected_node();
        if matches!(self.selected_row(), Row::Rest { .. }) {
            self.error("this line shows what is unallocated; select a node to edit");
            return;
        }
        if how == How::Rebalance && n == ROOT {
            self.error("the national total has no siblings; use plain edit or scale");
            return;
        }
        if self.plan().node(n).locked {
            self.error(format!(
                "refused: {} is locked; unlock it first ({})",
                printable(self.plan().display_name(n)),
                self.config.keys.label(Command::Lock)
            ));
            return;
        }
        let input = match first {
            Some(c) => LineInput::with(&c.to_string()),
            None => LineInput::prefilled(&self.plan().value(n, q).to_string()),
        };
        self.open(Box::new(EditValue::new(n, q, how, input)));
    }

    /// Apply a value typed into a cell; false when refused (the message
    /// says why).
    pub(super) fn apply_value(&mut self, node: NodeIx, quota: usize, how: How, value: u64) -> bool {
        let r = match how {
            How::Set => self.ed.set_value(node, quota, value),
            How::Rebalance => self.ed.set_rebalance(node, quota, value),
            How::Scale => self.ed.scale(node, quota, value),
        };
        self.report(r)
    }

    /// Delete `n`, then select the next sibling, else the previous, else
    /// the parent.
    pub(super) fn delete_node(&mut self, n: NodeIx) {
        let plan = self.plan();
        let parent = plan.parent(n).unwrap_or(ROOT);
        let sibs = plan.children(parent);
        let at = sibs.iter().position(|&c| c == n).unwrap_or(0);
        let next = sibs
            .get(at + 1)
            .or_else(|| at.checked_sub(1).and_then(|i| sibs.get(i)))
            .copied()
            .unwrap_or(parent);
        let r = self.ed.delete(n);
        if self.report(r) {
            self.view.select_node(self.ed.plan(), next);
        }
    }

    /// End once the files in hand are written.
    pub(super) fn request_quit(&mut self) {
        self.quit = true;
    }

    // ----- search -----

    /// The next node after (or before) `from` whose name or id contains
    /// `query` (case-insensitive), wrapping around; `inclusive` also
    /// considers `from` itself.
    pub(super) fn find(
        &self,
        query: &str,
        from: NodeIx,
        forward: bool,
        inclusive: bool,
    ) -> Option<NodeIx> {
        let plan = self.plan();
        let q = query.to_lowercase();
        let hit = |n: NodeIx| {
            n != ROOT
                && (plan.node(n).name.to_lowercase().contains(&q)
                    || plan.node(n).id.to_lowercase().contains(&q))
        };
        let order: Vec<NodeIx> = plan.preorder().collect();
        let start = order.iter().position(|&n| n == from).unwrap_or(0);
        let len = order.len();
        let skip = usize::from(!inclusive);
        (0..len)
            .map(|i| i + skip)
            .map(|i| {
                if forward {
                    order[(start + i) % len]
                } else {
                    order[(start + len * 2 - i) % len]
                }
            })
            .find(|&n| hit(n))
    }

    fn next_match(&mut self, forward: bool) {
        let Some(q) = self.last_search.clone() else {
            self.error("no search yet: press / to search");
            return;
        };
        let from = self.selected_node();
        match self.find(&q, from, forward, false) {
            Some(n) => {
                self.view.select_node(self.ed.plan(), n);
                self.info(format!("/{q}"));
            }
            None => self.error(format!("no match for {q:?}")),
        }
    }

    // ----- mouse -----

    fn click(&mut self, x: u16, y: u16) {
        let areas = self.areas();
        let t = areas.table;
        // The first line of the table is its header.
        if x < t.x || x >= t.x + t.width || y <= t.y || y >= t.y + t.height {
            return;
        }
        let r = self.view.offset() + usize::from(y - t.y - 1);
        if r < self.view.rows().rows().len() {
            self.view.select_row(r);
            if let Some(c) = self.columns().column_at(x - t.x) {
                self.view.select_col(self.ed.plan(), c);
            }
        }
    }

    fn wheel(&mut self, d: i16) {
        self.view.move_rows(isize::from(d));
    }
}

/// An id made from a name: spaces to `-`, ASCII lowercased, no `/`.
pub(super) fn slug(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '/' => '-',
            c if c.is_control() => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if s.is_empty() { "node".to_owned() } else { s }
}

/// Open a plan for the app: the sample, an existing file, or a new plan for
/// a path that does not exist yet. The path is resolved once (see
/// [`RealFile`]): the screen shows the name typed, and everything written
/// goes to the real file.
///
/// # Errors
/// The problems of a file that exists but cannot be read as a plan, or is
/// not a regular file (a FIFO, a device, a directory).
pub fn open(path: Option<&Path>) -> Result<(Plan, Source, Option<u64>), storage::OpenError> {
    let Some(p) = path else {
        return Ok((storage::sample(), Source::Sample, None));
    };
    let file = RealFile::resolve(p).map_err(OpenError::File)?;
    if !file.exists() {
        return Ok((
            App::empty_plan(p),
            Source::File {
                file,
                exists: false,
            },
            None,
        ));
    }
    let (plan, hash) = storage::read_plan_lean(file.real())?;
    Ok((plan, Source::File { file, exists: true }, Some(hash)))
}

/// The path a planner typed, with `~/` for the home folder.
pub(super) fn expand_home(text: &str) -> PathBuf {
    match text.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map_or_else(|| PathBuf::from(text), |d| d.home_dir().join(rest)),
        None if text == "~" => directories::BaseDirs::new()
            .map_or_else(|| PathBuf::from(text), |d| d.home_dir().to_path_buf()),
        None => PathBuf::from(text),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tui::dialogs::prompt::Purpose;
    use crate::tui::input::TextOp;

    pub(crate) fn app() -> App {
        App::new(
            storage::sample(),
            Source::Sample,
            Config::default(),
            (120, 40),
        )
    }

    pub(crate) fn type_text(app: &mut App, s: &str) {
        for c in s.chars() {
            app.handle(Msg::Text(TextOp::Insert(c)));
        }
    }

    fn message(a: &App) -> &str {
        a.message().map_or("", |m| m.text.as_str())
    }

    #[test]
    fn typing_a_value_sets_it_and_undo_restores() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::StartEdit('3'));
        type_text(&mut a, "000");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(sd, 0), 3000);
        assert!(a.dirty());
        a.handle(Msg::Cmd(Command::Undo));
        assert_eq!(a.plan().value(sd, 0), 3600);
        assert!(!a.dirty(), "undo back to the loaded state is clean");
        assert!(message(&a).starts_with("undone"));
    }

    #[test]
    fn messages_follow_the_number_format() {
        // Defect 8: with a space between groups the table showed 3 600
        // and the message 3,600 → 3,000.
        let mut config = Config::default();
        config.numbers.thousands_separator = Some(' ');
        let mut a = App::new(storage::sample(), Source::Sample, config, (120, 40));
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::StartEdit('3'));
        type_text(&mut a, "000");
        a.handle(Msg::Submit);
        assert!(message(&a).contains("3 600 → 3 000"), "{}", message(&a));
        a.handle(Msg::Cmd(Command::Undo));
        assert!(message(&a).contains("3 600 → 3 000"), "{}", message(&a));
        // A refusal's figures too.
        a.select(sd, 1);
        a.handle(Msg::StartEdit('9'));
        type_text(&mut a, "999999");
        a.handle(Msg::Submit);
        if a.question().is_some() {
            a.handle(Msg::Choice('y'));
        }
        assert!(
            message(&a).contains("(9 996 399 more needed)"),
            "{}",
            message(&a)
        );
        assert!(!message(&a).contains(','), "{}", message(&a));
    }

    #[test]
    fn typing_over_a_prefilled_value_replaces_it() {
        // The national total: Enter opens it selected; typing 130000
        // replaces 100850 instead of making 100,850,130,000.
        let mut a = app();
        a.select(ROOT, 1);
        a.handle(Msg::Cmd(Command::Edit));
        assert!(a.input().unwrap().is_selected());
        type_text(&mut a, "101000");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(ROOT, 0), 101_000, "{}", message(&a));
        // End keeps it for editing.
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Edit));
        a.handle(Msg::Text(TextOp::End));
        a.handle(Msg::Text(TextOp::Backspace));
        type_text(&mut a, "5");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(sd, 0), 3605, "{}", message(&a));
    }

    #[test]
    fn a_far_larger_value_asks_first() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select(ROOT, 1);
        a.handle(Msg::Cmd(Command::Edit));
        type_text(&mut a, "100850130000");
        a.handle(Msg::Submit);
        assert!(
            matches!(a.question(), Some(Question::BigValue { .. })),
            "a national total change larger than the plan asks"
        );
        assert_eq!(a.plan().value(ROOT, 0), 100_850);
        a.handle(Msg::Choice('n'));
        assert_eq!(a.dialog_name(), Some("edit"), "back to the edit");
        assert_eq!(a.input().unwrap().text(), "100850130000");
        a.handle(Msg::Cancel);
        // A leaf more than 100 times its value asks; yes applies.
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Edit));
        type_text(&mut a, "3600000");
        a.handle(Msg::Submit);
        assert!(matches!(a.question(), Some(Question::BigValue { .. })));
        a.handle(Msg::Choice('y'));
        // Refused (national has nothing left), but asked and tried.
        assert!(message(&a).contains("refused"), "{}", message(&a));
    }

    #[test]
    fn a_refused_edit_keeps_the_input_and_says_why() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Edit));
        a.handle(Msg::Text(TextOp::Clear));
        type_text(&mut a, "+1");
        a.handle(Msg::Submit);
        assert_eq!(a.dialog_name(), Some("edit"));
        let m = a.message().unwrap().clone();
        assert_eq!(m.tone, Tone::Error);
        assert!(m.text.contains("national has only 0 t REO"), "{}", m.text);
        assert_eq!(a.plan().value(sd, 0), 3600);
        a.handle(Msg::Cancel);
        assert_eq!(a.dialog_name(), None);
    }

    #[test]
    fn search_reveals_and_n_moves_on() {
        let mut a = app();
        a.handle(Msg::Cmd(Command::Search));
        type_text(&mut a, "rare earth");
        let n = a.selected_node();
        assert!(a.plan().node(n).name.to_lowercase().contains("rare earth"));
        assert!(
            a.plan().depth(n) == 2,
            "an enterprise, shown by opening its province"
        );
        a.handle(Msg::Submit);
        a.handle(Msg::Cmd(Command::NextMatch));
        let m = a.selected_node();
        assert_ne!(m, n);
        assert!(a.plan().node(m).name.to_lowercase().contains("rare earth"));
        a.handle(Msg::Cmd(Command::PrevMatch));
        assert_eq!(a.selected_node(), n);
    }

    #[test]
    fn add_rename_delete_move_with_prompts() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        // The last column used was smelting: the new node's figure still
        // goes into the first quota.
        a.select(sd, 3);
        a.handle(Msg::Cmd(Command::AddChild));
        type_text(&mut a, "Shandong Rare Earth 山东稀土");
        a.handle(Msg::Submit);
        let n = a.selected_node();
        assert_eq!(a.plan().parent(n), Some(sd));
        assert_eq!(a.selected_quota(), Some(0));
        assert!(message(&a).contains("Rock-type mining"), "{}", message(&a));
        a.handle(Msg::StartEdit('5'));
        type_text(&mut a, "00");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(n, 0), 500);
        a.handle(Msg::Cmd(Command::Rename));
        type_text(&mut a, "SD RE");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().node(n).name, "SD RE");
        // Move it under Sichuan: Sichuan has nothing unallocated: refused.
        a.handle(Msg::Cmd(Command::Move));
        type_text(&mut a, "四川");
        a.handle(Msg::Submit);
        assert_eq!(a.dialog_name(), Some("pick"));
        assert!(message(&a).contains("refused"));
        a.handle(Msg::Cancel);
        a.handle(Msg::Cmd(Command::Delete));
        a.handle(Msg::Choice('y'));
        assert!(!a.plan().is_live(n));
        assert_eq!(a.selected_node(), sd);
    }

    #[test]
    fn quitting_with_changes_asks() {
        let mut a = app();
        a.handle(Msg::Cmd(Command::Quit));
        assert!(a.wants_quit(), "nothing changed: quits at once");
        let mut a = app();
        a.handle(Msg::Cmd(Command::Lock));
        a.handle(Msg::Cmd(Command::Down));
        a.handle(Msg::Cmd(Command::Lock));
        a.handle(Msg::Cmd(Command::Quit));
        assert_eq!(a.question(), Some(&Question::QuitUnsaved));
        a.handle(Msg::Choice('c'));
        assert!(!a.wants_quit());
        a.handle(Msg::Cmd(Command::Quit));
        a.handle(Msg::Choice('s'));
        assert_eq!(
            a.dialog_name(),
            Some("prompt"),
            "the sample has no file yet"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        type_text(&mut a, &path.display().to_string());
        a.handle(Msg::Submit);
        assert!(a.wants_quit(), "{}", message(&a));
        let saved = storage::read_plan(&path).unwrap().0;
        assert!(saved.node(saved.find("nm").unwrap()).locked);
        assert!(!saved.node(saved.find("sc").unwrap()).locked);
    }

    #[test]
    fn fill_and_quota_menu() {
        let mut a = app();
        // National smelting: 115,000 unallocated, provinces all 0: equal shares.
        a.select(ROOT, 3);
        a.handle(Msg::Cmd(Command::Fill));
        let plan = a.plan();
        let total: u64 = plan.children(ROOT).iter().map(|&c| plan.value(c, 2)).sum();
        assert_eq!(total, 115_000);
        a.handle(Msg::Cmd(Command::Quotas));
        a.handle(Msg::Choice('a'));
        type_text(&mut a, "heavy");
        a.handle(Msg::Submit);
        type_text(&mut a, "Heavy rare earths");
        a.handle(Msg::Submit);
        type_text(&mut a, "1,000");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().quotas().len(), 4);
        assert_eq!(a.plan().value(ROOT, 3), 1000);
        assert_eq!(a.view().col(), 4);
    }

    #[test]
    fn export_dialog_writes_asks_before_overwriting_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        let plan_path = dir.path().join("plan.json");
        std::fs::write(&plan_path, storage::SAMPLE_JSON).unwrap();
        let (plan, source, _) = open(Some(&plan_path)).unwrap();
        let mut a = App::new(plan, source, Config::default(), (120, 40));
        a.handle(Msg::Cmd(Command::Export));
        a.handle(Msg::Choice('c'));
        // The suggested path is beside the plan.
        assert_eq!(
            PathBuf::from(a.input().unwrap().text()),
            dir.path().join("plan.csv")
        );
        a.handle(Msg::Submit);
        let csv = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
        assert!(csv.starts_with("level,path,id,name,"));
        assert!(message(&a).contains("exported to"));
        // Again: the file exists, so it asks; "n" leaves it alone.
        std::fs::write(dir.path().join("plan.csv"), "mine").unwrap();
        a.handle(Msg::Cmd(Command::Export));
        a.handle(Msg::Choice('c'));
        a.handle(Msg::Submit);
        assert!(matches!(
            a.question(),
            Some(Question::ExportOverwrite { .. })
        ));
        a.handle(Msg::Choice('n'));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("plan.csv")).unwrap(),
            "mine"
        );
        // Split: one file per province into a directory.
        a.handle(Msg::Cmd(Command::Export));
        a.handle(Msg::Choice('s'));
        a.handle(Msg::Choice('j'));
        a.handle(Msg::Submit);
        let files = std::fs::read_dir(dir.path().join("plan-json"))
            .unwrap()
            .count();
        assert_eq!(files, a.plan().children(ROOT).len());
        assert!(
            message(&a).starts_with("exported 9 files"),
            "{}",
            message(&a)
        );
    }

    #[test]
    fn toggling_and_collapse_keep_selection_sane() {
        let mut a = app();
        let nm = a.plan().find("nm").unwrap();
        a.select(nm, 1);
        a.handle(Msg::Cmd(Command::Toggle));
        a.handle(Msg::Cmd(Command::Down));
        let child = a.selected_node();
        assert_eq!(a.plan().parent(child), Some(nm));
        a.handle(Msg::Cmd(Command::CollapseAll));
        assert_eq!(a.selected_node(), nm);
        a.handle(Msg::Cmd(Command::ExpandAll));
        a.handle(Msg::Cmd(Command::Bottom));
        assert!(matches!(a.selected_row(), Row::Rest { parent: ROOT, .. }));
    }

    #[test]
    fn undo_selects_and_reveals_what_changed_and_marks_it() {
        let mut a = app();
        let leaf = a.plan().find("nm-huamei").unwrap();
        let nm = a.plan().find("nm").unwrap();
        a.select(leaf, 1);
        a.handle(Msg::Cmd(Command::Edit));
        type_text(&mut a, "-100");
        a.handle(Msg::Submit);
        assert!(a.view().is_changed(leaf, 0), "{}", message(&a));
        // Collapse and go elsewhere; undo brings the cell back into view.
        a.handle(Msg::Cmd(Command::CollapseAll));
        a.select(ROOT, 3);
        a.handle(Msg::Cmd(Command::Undo));
        assert_eq!(a.selected_node(), leaf);
        assert_eq!(a.selected_quota(), Some(0));
        assert!(a.view().rows().is_expanded(nm));
        assert!(a.view().is_changed(leaf, 0));
        // A fill marks every cell it touched.
        a.select(ROOT, 3);
        a.handle(Msg::Cmd(Command::Fill));
        let marked = a
            .plan()
            .children(ROOT)
            .iter()
            .filter(|&&c| a.view().is_changed(c, 2))
            .count();
        assert_eq!(marked, a.plan().children(ROOT).len());
    }

    #[test]
    fn tab_moves_between_quota_columns() {
        let mut a = app();
        a.select(ROOT, 1);
        a.handle(Msg::Cmd(Command::NextColumn));
        assert_eq!(a.view().col(), 2);
        a.handle(Msg::Cmd(Command::NextColumn));
        a.handle(Msg::Cmd(Command::NextColumn));
        assert_eq!(a.view().col(), 1, "wraps around");
        a.handle(Msg::Cmd(Command::PrevColumn));
        assert_eq!(a.view().col(), 3);
    }

    #[test]
    fn a_prompt_starts_on_a_clean_message_line() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 0);
        a.handle(Msg::Cmd(Command::Toggle));
        assert!(a.message().is_some(), "Shandong has no children");
        a.handle(Msg::Cmd(Command::Rename));
        assert!(a.message().is_none(), "no stale message under the prompt");
        assert!(matches!(a.dialog_name(), Some("prompt")));
        let _ = Purpose::Note(sd);
    }
}
