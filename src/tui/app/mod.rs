//! The interactive planner's state and its `update`: a message in, effects
//! out. Nothing here draws (`ui` reads this state) and nothing here touches
//! a file ([`Effect`]s are carried out by the event loop and their results
//! come back through [`App::done`]). The main screen's commands are here;
//! every dialog is its own type in `dialogs/`.

mod commands;
pub mod recent;
pub mod reference;
pub mod safety;

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::config::Config;
use super::dialogs::confirm::Question;
use super::dialogs::prompt::{Purpose, TextPrompt};
use super::dialogs::{Dialog, Flow};
use super::effects::{Done, Effect};
use super::input::{InputKind, Msg};
use super::layout::{Areas, Columns};
use super::line::LineInput;
use super::rows::Row;
use super::view::View;
use crate::core::model::{Meta, Quota};
use crate::core::ops::OpResult;
use crate::core::{Editor, NewNode, NodeIx, Outcome, Plan, Refusal};
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

impl How {
    /// What moves with the value.
    pub fn spread(self) -> crate::core::Spread {
        match self {
            How::Set => crate::core::Spread::Alone,
            How::Rebalance => crate::core::Spread::Siblings,
            How::Scale => crate::core::Spread::Subtree,
        }
    }
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
    ed: Editor,
    config: Config,
    view: View,
    dialog: Option<Box<dyn Dialog>>,
    message: Option<Message>,
    history: Vec<Message>,
    source: Source,
    /// Editor state at the last load or save.
    saved_state: u64,
    /// Hash of the file as loaded or last saved.
    disk_hash: Option<u64>,
    /// Why the plan is read-only, when it is.
    read_only: Option<String>,
    lock: Option<PlanLock>,
    /// Unsaved changes that the history does not show (restored work).
    force_dirty: bool,
    /// Restored from a copy of work begun on an older file: saving asks.
    stale_base: bool,
    recovery: Option<RecoveryStore>,
    /// Editor revision last written to the recovery copy, and since when
    /// an edit has waited to be written.
    recovery_state: (Option<u64>, Option<Instant>),
    /// A recovery copy is being written.
    recovery_writing: bool,
    effects: Vec<Effect>,
    /// Effects handed out whose results have not come back.
    in_flight: usize,
    /// Of those, the ones the screen says are running (saves, exports).
    busy: usize,
    /// What the last of them does, in a word.
    busy_with: &'static str,
    /// Since when a save or export has been running.
    busy_since: Option<std::time::Instant>,
    /// How far the running save or export has come (the worker counts).
    progress: std::sync::Arc<crate::storage::progress::Progress>,
    last_search: Option<String>,
    /// The names and ids indexed for searching, when built.
    names: Option<crate::core::find::NameIndex>,
    /// An index of the names is being built.
    indexing: bool,
    /// The figure copied with yank.
    register: Option<u64>,
    /// A plan to compare with.
    reference: Option<reference::Reference>,
    /// The step that waits for its required reason (state id).
    reason_for: Option<u64>,
    /// The history kept for the details panel.
    recent: recent::Recent,
    /// Exports carry the plan's history (as last chosen).
    export_history: bool,
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
            busy_with: "saving…",
            busy_since: None,
            progress: crate::storage::progress::Progress::new(),
            last_search: None,
            names: None,
            indexing: false,
            register: None,
            reference: None,
            reason_for: None,
            recent: recent::Recent::default(),
            export_history: false,
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
                quota("rock", &crate::t!("kind-rock")),
                quota("ion", &crate::t!("kind-ion")),
                quota("smelting", &crate::t!("kind-smelting")),
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

    /// What is running, for the header: "saving…", "exporting…", with
    /// how far it has come and the seconds it has taken once it takes one
    /// (a big plan: "saving… 45 % · 2 s" counts on while the worker
    /// writes).
    pub fn busy_with(&self) -> Option<String> {
        self.busy_with_at(std::time::Instant::now())
    }

    /// [`Self::busy_with`] at the time `now`.
    pub fn busy_with_at(&self, now: std::time::Instant) -> Option<String> {
        (self.busy > 0).then(|| {
            let what = if self.busy_with.starts_with("exporting") {
                crate::t!("busy-exporting")
            } else {
                crate::t!("busy-saving")
            };
            let secs = self
                .busy_since
                .map_or(0, |t| now.saturating_duration_since(t).as_secs());
            match (self.progress.percent(), secs) {
                (None, 0) => what,
                (Some(percent), 0) => {
                    crate::t!("busy-percent", what = what, percent = u32::from(percent))
                }
                (Some(percent), _) => crate::t!(
                    "busy-progress",
                    what = what,
                    percent = u32::from(percent),
                    seconds = secs
                ),
                (None, _) => crate::t!("busy-for", what = what, seconds = secs),
            }
        })
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
            self.view.dcols(),
            &self.config.numbers,
            areas.table.width.saturating_sub(1),
            self.view.col(),
            &rows[first..end],
            self.column_extras(),
        )
    }

    /// What the quota columns show besides the figures: shares, and the
    /// reference's figures and the change.
    fn column_extras(&self) -> super::layout::Extras {
        use reference::RefColumns;
        let mut extras = super::layout::Extras {
            shares: self.view.shares_shown(),
            ..super::layout::Extras::default()
        };
        let Some(r) = &self.reference else {
            return extras;
        };
        if r.columns == RefColumns::Hidden {
            return extras;
        }
        let nf = &self.config.numbers;
        let widest = self
            .view
            .dcols()
            .iter()
            .filter_map(|&d| self.reference_figure(crate::core::ROOT, d))
            .chain(std::iter::once(0))
            .map(|v| crate::core::text::width(&nf.amount(v)))
            .max()
            .unwrap_or(1);
        extras.reference = u16::try_from(widest + 2).unwrap_or(u16::MAX).max(5);
        if r.columns == RefColumns::Change {
            // "+12,345" and " +12.3%".
            extras.change = extras.reference + 8;
        }
        extras
    }

    /// The selected row.
    pub fn selected_row(&self) -> Row {
        self.view.selected_row()
    }

    /// The node of the selected row.
    pub fn selected_node(&self) -> NodeIx {
        self.view.selected_node()
    }

    /// The selected figure's value column, when it is one that can be
    /// edited (a stored kind in one batch).
    pub fn selected_quota(&self) -> Option<usize> {
        self.view.selected_quota(self.ed.plan())
    }

    /// The selected column, when it is a quota's.
    pub fn selected_dcol(&self) -> Option<super::view::DCol> {
        self.view.selected_dcol()
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
        let why = say::refusal(e, &self.config.numbers);
        // Nothing to undo is a fact, not a refusal.
        if matches!(e, Refusal::NothingToUndo | Refusal::NothingToRedo) {
            self.info(why);
        } else {
            self.error(crate::t!("refused", why = why));
        }
    }

    /// Esc in a dialog: the same words everywhere, naming what was
    /// cancelled.
    pub(super) fn cancelled(&mut self, what: &str) {
        let id = format!("what-{}", what.replace(' ', "-"));
        let word = crate::i18n::tr_or(&id, what);
        self.info(crate::t!("cancelled", what = word));
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

    /// Run an operation on the plan and report it: the message says what
    /// it did or why not, the cells it changed are marked. Whether it was
    /// applied.
    pub(in crate::tui) fn apply(&mut self, op: impl FnOnce(&mut Editor) -> OpResult) -> bool {
        let r = op(&mut self.ed);
        self.report(r)
    }

    /// The editor, to read (parse a typed value, make an id).
    pub fn editor(&self) -> &Editor {
        &self.ed
    }

    /// Add a node (reported by the caller, which selects it).
    pub(in crate::tui) fn add_node(
        &mut self,
        under: NodeIx,
        index: Option<usize>,
        spec: NewNode,
    ) -> Result<(NodeIx, Outcome), Refusal> {
        self.ed.add_node(under, index, spec)
    }

    /// Show one batch, all of them, or the cumulative, and say which.
    pub(in crate::tui) fn show_batches(&mut self, mode: super::view::BatchView) {
        use super::view::BatchView;
        self.view.set_batch_view(self.ed.plan(), mode);
        let layout = self.ed.plan().layout();
        let what = match mode {
            BatchView::One(b) => layout.batches().get(b).map_or_else(
                || crate::t!("app-plan-no-batches"),
                |x| {
                    crate::t!(
                        "app-showing-batch",
                        batch = crate::core::text::printable(&x.name)
                    )
                },
            ),
            BatchView::All => crate::t!("app-showing-all-batches"),
            BatchView::Cumulative => crate::t!("app-showing-year"),
        };
        self.info(what);
    }

    /// Show `n`'s children (after a fill, say).
    pub(in crate::tui) fn expand(&mut self, n: NodeIx) {
        if !self.view.rows().is_expanded(n) {
            self.view.set_expanded(n, true);
        }
    }

    /// The open dialog, taken out (tests drive it by hand).
    #[cfg(test)]
    pub(crate) fn take_dialog(&mut self) -> Option<Box<dyn Dialog>> {
        self.dialog.take()
    }

    /// Keep a search for next and previous match.
    pub(in crate::tui) fn keep_search(&mut self, query: String) {
        self.last_search = Some(query);
    }

    // ----- dialogs and effects -----

    /// Open a dialog (replacing any). A dialog with a text input starts on
    /// a clean message line.
    pub(super) fn open(&mut self, d: Box<dyn Dialog>) {
        self.message = None;
        self.dialog = Some(d);
    }

    /// Open a dialog keeping the message that says why (a refused value,
    /// back in its edit).
    pub(super) fn reopen(&mut self, d: Box<dyn Dialog>) {
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
        for e in effects.iter().filter(|e| e.is_visible()) {
            if self.busy == 0 {
                self.busy_since = Some(std::time::Instant::now());
            }
            self.busy += 1;
            self.busy_with = match e {
                Effect::Export(_) => "exporting…",
                _ => "saving…",
            };
        }
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
    #[allow(
        clippy::needless_pass_by_value,
        reason = "a message is handed over to the app"
    )]
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        self.dispatch(&msg);
        self.view.settle(self.ed.plan());
        self.want_history();
        self.refresh_recent();
        self.take_effects()
    }

    /// A message to the open dialog, else to the main screen.
    pub(super) fn dispatch(&mut self, msg: &Msg) {
        let made = self.ed.steps_made();
        self.dispatch_to(msg);
        self.ask_reason(made);
    }

    /// With `editing.require_reason`, a step made since `made` steps asks
    /// for its reason once no dialog is open (and it is still the last).
    fn ask_reason(&mut self, made: u64) {
        if !self.config.editing.require_reason {
            return;
        }
        if self.ed.steps_made() != made {
            self.reason_for = Some(self.ed.state_id());
        }
        if self.dialog.is_some() {
            return;
        }
        if let Some(id) = self.reason_for.take()
            && id == self.ed.state_id()
            && self.ed.last_reason().is_none()
        {
            let prompt = TextPrompt::boxed(Purpose::RequiredReason, "");
            self.reopen(prompt);
        }
    }

    fn dispatch_to(&mut self, msg: &Msg) {
        if let Msg::Resize { width, height } = *msg {
            self.view.resize((width, height));
        } else if let Some(d) = self.dialog.take() {
            match d.on(msg, self) {
                Flow::Stay(d) => {
                    if self.dialog.is_none() {
                        self.dialog = Some(d);
                    }
                }
                Flow::Close => {}
            }
        } else {
            self.main(msg);
        }
    }

    /// End once the files in hand are written.
    pub(super) fn request_quit(&mut self) {
        self.quit = true;
        if let Some(what) = self.busy_with() {
            let what = what.trim_end_matches('…').to_owned();
            self.info(crate::t!("app-quit-when-done", what = what));
        }
    }

    /// The result of an effect.
    pub fn done(&mut self, d: Done) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if matches!(d, Done::Saved { .. } | Done::Exported { .. }) {
            self.busy = self.busy.saturating_sub(1);
            if self.busy == 0 {
                self.busy_since = None;
            }
        }
        let made = self.ed.steps_made();
        self.finish(d);
        self.ask_reason(made);
        self.view.settle(self.ed.plan());
        self.want_history();
        self.refresh_recent();
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
    use crate::core::ROOT;
    use crate::tui::command::Command;
    use crate::tui::dialogs::prompt::Purpose;
    use crate::tui::input::TextOp;

    pub(crate) fn app() -> App {
        App::new(
            storage::example_2018(),
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
        let mut a = App::new(storage::example_2018(), Source::Sample, config, (120, 40));
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
            message(&a).contains("9 996 399 short of the 9 996 399 needed"),
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
        // A leaf more than 100 times its value that cannot be applied is
        // refused at once, without a pointless question; the typing stays.
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Edit));
        type_text(&mut a, "3600000");
        a.handle(Msg::Submit);
        assert!(a.question().is_none());
        assert!(message(&a).starts_with("refused"), "{}", message(&a));
        assert_eq!(a.input().unwrap().text(), "3600000");
        a.handle(Msg::Cancel);
        // With room at national, it asks; yes applies.
        a.apply(|ed| ed.set_value(ROOT, 0, 5_000_000));
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Edit));
        type_text(&mut a, "3600000");
        a.handle(Msg::Submit);
        assert!(matches!(a.question(), Some(Question::BigValue { .. })));
        a.handle(Msg::Choice('y'));
        assert_eq!(a.plan().value(sd, 0), 3_600_000, "{}", message(&a));
        // Refused only while sharing out (the siblings cannot give that
        // much): back in the edit, with the typing and the reason.
        a.handle(Msg::Cmd(Command::Undo));
        let nm = a.plan().find("nm").unwrap();
        a.select(nm, 1);
        a.handle(Msg::Cmd(Command::EditRebalance));
        type_text(&mut a, "7000000");
        a.handle(Msg::Submit);
        a.handle(Msg::Choice('y'));
        assert_eq!(a.dialog_name(), Some("edit"));
        assert_eq!(a.input().unwrap().text(), "7000000");
        assert!(message(&a).contains("can give at most"), "{}", message(&a));
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
        // Shown first; applied on Enter.
        assert_eq!(a.dialog_name(), Some("preview"));
        a.handle(Msg::Submit);
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
    fn an_export_carries_the_history_saved_and_unsaved_when_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let plan_path = dir.path().join("plan.json");
        std::fs::write(&plan_path, storage::EXAMPLE_2018_JSON).unwrap();
        let saved = r#"{"time":"2026-11-30T08:15:00Z","user":"王芳","action":"set Shandong","reason":"notice 7","changes":[{"path":["sd"],"quota":"smelting","batch":null,"old":0,"new":0}]}"#;
        std::fs::write(
            dir.path().join("plan.json.history.jsonl"),
            format!("{saved}\n"),
        )
        .unwrap();
        let (plan, source, _) = open(Some(&plan_path)).unwrap();
        let mut a = App::new(plan, source, Config::default(), (120, 40));
        // An unsaved change.
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 3);
        a.handle(Msg::StartEdit('4'));
        type_text(&mut a, "2");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(sd, 2), 42);
        // Markdown with the history in.
        a.handle(Msg::Cmd(Command::Export));
        a.handle(Msg::Choice('h'));
        a.handle(Msg::Choice('m'));
        a.handle(Msg::Submit);
        let md = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
        let changes = md.split("## Changes").nth(1).expect("a Changes section");
        assert!(changes.contains("notice 7"), "{changes}");
        assert!(changes.contains("| 0 | 42 | +42 |"), "{changes}");
        // The choice stays for the next export; out again, no section.
        a.handle(Msg::Cmd(Command::Export));
        let bar = crate::tui::dialogs::testing::bar(a.dialog().unwrap(), &a);
        assert!(bar.contains("[h]istory IN"), "{bar}");
        a.handle(Msg::Choice('h'));
        a.handle(Msg::Choice('m'));
        a.handle(Msg::Submit);
        a.handle(Msg::Choice('y'));
        let md = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
        assert!(!md.contains("## Changes"), "{md}");
        assert!(md.contains("# "), "{md}");
    }

    #[test]
    fn export_dialog_writes_asks_before_overwriting_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        let plan_path = dir.path().join("plan.json");
        std::fs::write(&plan_path, storage::EXAMPLE_2018_JSON).unwrap();
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
        assert!(
            csv.starts_with("\u{feff}level,path,id,name,"),
            "a CSV file for spreadsheets begins with the BOM"
        );
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
        a.handle(Msg::Submit);
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
