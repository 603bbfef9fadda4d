//! The interactive planner's state and its one `update` function. Nothing
//! here draws; `ui` reads this state.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::layout::Rect;

use super::command::Command;
use super::config::Config;
use super::input::{InputKind, LineInput, Msg};
use super::layout::{Areas, Columns};
use super::rows::{Row, Rows};
use crate::core::model::Meta;
use crate::core::model::Quota;
use crate::core::text::printable;
use crate::core::{Editor, NewNode, NodeIx, Plan, ROOT};
use crate::export::split::{SplitError, plan_split, write_split};
use crate::export::{self, ExportFormat};
use crate::storage::file::{FileError, Output, Policy, RealFile};
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

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Name of a new child of the node.
    AddChild(NodeIx),
    /// Name of a new sibling after the node.
    AddSibling(NodeIx),
    /// New name of the node.
    Rename(NodeIx),
    /// Note of the node.
    Note(NodeIx),
    /// Path to save to; then quit if asked.
    SaveAs {
        /// Quit after saving.
        then_quit: bool,
    },
    /// Incremental search; Esc returns to `origin`.
    Search {
        /// Where the search started.
        origin: NodeIx,
    },
    /// Plan title, then year, then unit.
    Title,
    /// Plan year.
    Year,
    /// Plan unit.
    Unit,
    /// Id of a new quota kind.
    QuotaId,
    /// Name of a new quota kind.
    QuotaName {
        /// The id typed before.
        id: String,
    },
    /// National total of a new quota kind.
    QuotaTotal {
        /// The id typed before.
        id: String,
        /// The name typed before.
        name: String,
    },
    /// New name of a quota kind.
    QuotaRename(usize),
    /// Where to export to (a file, or a directory when split).
    ExportPath {
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
    },
}

/// A question answered by a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Delete this node and its subtree?
    Delete(NodeIx),
    /// Delete this quota kind?
    DeleteQuota(usize),
    /// Unsaved changes: save, discard or cancel?
    QuitUnsaved,
    /// The file exists: overwrite?
    Overwrite {
        /// The file.
        file: RealFile,
        /// Quit after saving.
        then_quit: bool,
    },
    /// The plan is over-allocated: export anyway?
    ExportOver {
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
    },
    /// Unsaved work from an earlier session was found: restore it?
    Recover {
        /// The recovered plan, in its saved form.
        text: String,
        /// When it was written (seconds since 1970).
        saved_at: u64,
        /// What differs from the file, in words.
        differences: Vec<String>,
        /// The file was saved after the work in the copy began.
        file_changed: bool,
    },
    /// The file changed on disk: reload, overwrite, save elsewhere?
    ChangedOnDisk {
        /// Quit after saving.
        then_quit: bool,
    },
    /// The export target exists: overwrite?
    ExportOverwrite {
        /// The file or directory.
        path: PathBuf,
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
    },
}

/// What the screen is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The tree-table takes commands.
    Normal,
    /// Typing a value into a cell.
    Edit {
        /// Node.
        node: NodeIx,
        /// Quota.
        quota: usize,
        /// How it is applied.
        how: How,
        /// The text.
        input: LineInput,
    },
    /// A text prompt in the message line.
    Prompt {
        /// What for.
        purpose: Prompt,
        /// The text.
        input: LineInput,
    },
    /// Picking the new parent of a node by search.
    Pick {
        /// The node to move.
        node: NodeIx,
        /// The search text.
        input: LineInput,
        /// Nodes that match.
        matches: Vec<NodeIx>,
        /// Selected match.
        selected: usize,
    },
    /// A yes/no-style question.
    Confirm(Confirm),
    /// The quota kinds menu.
    Quotas {
        /// Selected quota (the last entry is "add").
        selected: usize,
    },
    /// Choosing an export format.
    Export {
        /// One file per top-level node.
        split: bool,
    },
    /// The help overlay.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
}

/// Tone of the message line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A result.
    Info,
    /// A refusal, error or warning.
    Error,
}

/// The whole state of the interactive planner.
pub struct App {
    /// The plan with its history.
    pub ed: Editor,
    /// Where it is saved.
    pub source: Source,
    /// History state at the last load or save.
    pub saved_state: u64,
    /// Keys, colours, number format.
    pub config: Config,
    /// Visible rows.
    pub rows: Rows,
    /// Selected row.
    pub row: usize,
    /// Selected column: 0 the name, 1.. the quotas.
    pub col: usize,
    /// First row shown.
    pub offset: usize,
    /// What the screen is doing.
    pub mode: Mode,
    /// The message line.
    pub message: Option<(String, Tone)>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Set when the app should end.
    pub quit: bool,
    /// The last search, for `n` and `N`.
    pub last_search: Option<String>,
    /// Hash of the file content as loaded or last saved (to notice changes
    /// made behind allot's back).
    pub disk_hash: Option<u64>,
    /// Why the plan is read-only (another allot edits it), when it is.
    pub read_only: Option<String>,
    /// The lock that makes this allot the plan's one editor.
    pub lock: Option<PlanLock>,
    /// Where recovery copies of unsaved work go.
    pub recovery: Option<RecoveryStore>,
    /// Editor revision last written to the recovery copy, and since when an
    /// edit has waited to be written.
    pub recovery_state: (Option<u64>, Option<Instant>),
    /// Unsaved changes that the history does not show (restored work).
    pub force_dirty: bool,
    /// The plan was restored from a recovery copy of work begun on an older
    /// version of the file: saving over the file asks first.
    pub stale_base: bool,
    /// A long job to run after the next frame (which says it is running).
    pub pending: Option<Job>,
}

/// A job long enough on a big plan that the screen should say it is
/// running before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Save to a file.
    Save {
        /// The file.
        file: RealFile,
        /// Hash the file should still have.
        expected: Option<u64>,
        /// Quit after saving.
        then_quit: bool,
    },
    /// Export to a path.
    Export {
        /// File or directory.
        path: PathBuf,
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
        /// The planner agreed to replace what is there.
        replace: bool,
    },
}

/// Why an export target cannot be written as it is.
enum ExportCheck {
    /// Something is there: ask before replacing it.
    Exists(String),
    /// Never there (the plan itself, a directory, ...).
    Refused(String),
}

/// Plans above this many nodes save and export after a "saving…" frame.
pub const BIG_PLAN: usize = 20_000;

/// Limit of matches listed in the move picker.
const PICK_LIMIT: usize = 200;

impl App {
    /// An app on `plan`, with the terminal size.
    pub fn new(plan: Plan, source: Source, config: Config, size: (u16, u16)) -> Self {
        let mut app = Self {
            ed: Editor::new(plan),
            source,
            saved_state: 0,
            config,
            rows: Rows::new(),
            row: 0,
            col: 1,
            offset: 0,
            mode: Mode::Normal,
            message: None,
            size,
            quit: false,
            last_search: None,
            disk_hash: None,
            read_only: None,
            lock: None,
            recovery: None,
            recovery_state: (None, None),
            force_dirty: false,
            stale_base: false,
            pending: None,
        };
        app.rows.refresh(app.ed.plan());
        app
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

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.ed.plan()
    }

    /// Whether there are unsaved changes.
    pub fn dirty(&self) -> bool {
        self.force_dirty
            || self.ed.state_id() != self.saved_state
            || matches!(self.source, Source::File { exists: false, .. })
    }

    /// The screen's layout for the current size.
    pub fn areas(&self) -> Areas {
        Areas::new(Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Quota columns that fit, for the current size and selection.
    pub fn columns(&self) -> Columns {
        Columns::new(
            self.plan(),
            &self.config.numbers,
            self.areas().table.width,
            self.col,
        )
    }

    /// The selected row.
    pub fn selected_row(&self) -> Row {
        self.rows.rows()[self.row.min(self.rows.rows().len() - 1)]
    }

    /// The selected node (a remainder line selects its parent).
    pub fn selected_node(&self) -> NodeIx {
        self.selected_row().node()
    }

    /// The selected quota, when a quota column is selected.
    pub fn selected_quota(&self) -> Option<usize> {
        (self.col > 0).then(|| self.col - 1)
    }

    /// What kind of keyboard input the screen takes now.
    pub fn input_kind(&self) -> InputKind {
        match self.mode {
            Mode::Normal => InputKind::Commands,
            Mode::Edit { .. } | Mode::Prompt { .. } => InputKind::Text,
            Mode::Pick { .. } => InputKind::TextList,
            Mode::Confirm(_) | Mode::Export { .. } => InputKind::Choice,
            Mode::Quotas { .. } => InputKind::List,
            Mode::Help { .. } => InputKind::Help,
        }
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Info));
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Error));
    }

    fn report(&mut self, r: Result<String, crate::core::Refusal>) -> bool {
        match r {
            Ok(m) => {
                self.info(m);
                true
            }
            Err(e) => {
                self.error(format!("refused: {e}"));
                false
            }
        }
    }

    /// Apply one message. The only place state changes.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Resize { width, height } => self.size = (width, height),
            Msg::Click { x, y } => self.click(x, y),
            Msg::Wheel(d) => self.wheel(d),
            msg => {
                let mode = std::mem::replace(&mut self.mode, Mode::Normal);
                self.mode = match mode {
                    Mode::Normal => {
                        match msg {
                            Msg::Cmd(c) => self.command(c),
                            Msg::StartEdit(ch) if self.read_only.is_none() => {
                                self.start_edit(How::Set, Some(ch));
                            }
                            Msg::StartEdit(_) => self.command(Command::Edit),
                            _ => {}
                        }
                        std::mem::replace(&mut self.mode, Mode::Normal)
                    }
                    Mode::Edit {
                        node,
                        quota,
                        how,
                        input,
                    } => self.edit_msg(node, quota, how, input, &msg),
                    Mode::Prompt { purpose, input } => self.prompt_msg(purpose, input, &msg),
                    Mode::Pick {
                        node,
                        input,
                        matches,
                        selected,
                    } => self.pick_msg(node, input, matches, selected, &msg),
                    Mode::Confirm(c) => self.confirm_msg(c, &msg),
                    Mode::Quotas { selected } => self.quotas_msg(selected, &msg),
                    Mode::Export { split } => self.export_msg(split, &msg),
                    Mode::Help { scroll } => match msg {
                        Msg::ListUp => Mode::Help {
                            scroll: scroll.saturating_sub(1),
                        },
                        Msg::ListDown => Mode::Help {
                            scroll: scroll.saturating_add(1).min(self.help_max_scroll()),
                        },
                        _ => Mode::Normal,
                    },
                };
            }
        }
        self.settle();
    }

    /// After any change: rebuild rows if the shape changed, keep the
    /// selection on its node and in view.
    fn settle(&mut self) {
        let before = self.rows.rows().get(self.row).copied();
        if self.rows.refresh(self.ed.plan()) {
            let target = before.map(Row::node).filter(|&n| self.plan().is_live(n));
            self.row = match (before, target) {
                (Some(Row::Node { .. }), Some(n)) => self.rows.position(n).unwrap_or(0),
                (Some(Row::Rest { .. }), Some(n)) => self
                    .rows
                    .rows()
                    .iter()
                    .position(|r| matches!(r, Row::Rest { parent, .. } if *parent == n))
                    .or_else(|| self.rows.position(n))
                    .unwrap_or(0),
                _ => self.row.min(self.rows.rows().len() - 1),
            };
        }
        let last = self.rows.rows().len() - 1;
        self.row = self.row.min(last);
        let nq = self.plan().quotas().len();
        self.col = self.col.min(nq);
        let height = usize::from(self.areas().table_rows());
        if self.row < self.offset {
            self.offset = self.row;
        } else if height > 0 && self.row >= self.offset + height {
            self.offset = self.row + 1 - height;
        }
        self.offset = self.offset.min(last);
    }

    fn select_node(&mut self, n: NodeIx) {
        self.rows.reveal(self.ed.plan(), n);
        self.rows.refresh(self.ed.plan());
        if let Some(r) = self.rows.position(n) {
            self.row = r;
        }
    }

    #[allow(clippy::too_many_lines, reason = "one arm per command, each short")]
    fn command(&mut self, c: Command) {
        if let Some(why) = &self.read_only
            && c.changes_plan()
        {
            let why = why.clone();
            self.error(format!(
                "read-only: {why}; save a copy with {} to edit it",
                self.config.keys.label(Command::SaveAs)
            ));
            return;
        }
        let page = usize::from(self.areas().table_rows().max(1));
        let last = self.rows.rows().len() - 1;
        let nq = self.plan().quotas().len();
        match c {
            Command::Up => self.row = self.row.saturating_sub(1),
            Command::Down => self.row = (self.row + 1).min(last),
            Command::Left => self.col = self.col.saturating_sub(1),
            Command::Right => self.col = (self.col + 1).min(nq),
            Command::PageUp => self.row = self.row.saturating_sub(page),
            Command::PageDown => self.row = (self.row + page).min(last),
            Command::Top => self.row = 0,
            Command::Bottom => self.row = last,
            Command::Toggle => self.toggle(),
            Command::ExpandAll => {
                let n = self.selected_node();
                self.rows.expand_all(self.ed.plan());
                self.select_node(n);
            }
            Command::CollapseAll => {
                let mut n = self.selected_node();
                while self.plan().depth(n) > 1 {
                    n = self.plan().parent(n).unwrap_or(ROOT);
                }
                self.rows.collapse_all();
                self.select_node(n);
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
                self.prompt(Prompt::AddChild(n), "");
            }
            Command::AddSibling => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row has no siblings; use add child");
                } else {
                    self.prompt(Prompt::AddSibling(n), "");
                }
            }
            Command::Rename => {
                let n = self.selected_node();
                if n == ROOT {
                    self.prompt(
                        Prompt::Title,
                        &self.plan().meta().title.clone().unwrap_or_default(),
                    );
                } else {
                    let name = self.plan().node(n).name.clone();
                    self.prompt(Prompt::Rename(n), &name);
                }
            }
            Command::Note => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row has no note; select a node");
                } else {
                    let note = self.plan().node(n).note.clone().unwrap_or_default();
                    self.prompt(Prompt::Note(n), &note);
                }
            }
            Command::Delete => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row cannot be deleted");
                } else {
                    self.mode = Mode::Confirm(Confirm::Delete(n));
                }
            }
            Command::Move => {
                let n = self.selected_node();
                if n == ROOT {
                    self.error("the national row cannot be moved");
                } else {
                    let input = LineInput::default();
                    let matches = self.pick_matches(n, "");
                    self.mode = Mode::Pick {
                        node: n,
                        input,
                        matches,
                        selected: 0,
                    };
                }
            }
            Command::Quotas => {
                self.mode = Mode::Quotas {
                    selected: self.selected_quota().unwrap_or(0),
                };
            }
            Command::PlanInfo => {
                let t = self.plan().meta().title.clone().unwrap_or_default();
                self.prompt(Prompt::Title, &t);
            }
            Command::Search => {
                let origin = self.selected_node();
                self.prompt(Prompt::Search { origin }, "");
            }
            Command::NextMatch | Command::PrevMatch => {
                if let Some(q) = self.last_search.clone() {
                    let from = self.selected_node();
                    match self.find(&q, from, c == Command::NextMatch, false) {
                        Some(n) => {
                            self.select_node(n);
                            self.info(format!("/{q}"));
                        }
                        None => self.error(format!("no match for {q:?}")),
                    }
                } else {
                    self.error("no search yet: press / to search");
                }
            }
            Command::Undo => {
                let r = self.ed.undo();
                self.report(r);
            }
            Command::Redo => {
                let r = self.ed.redo();
                self.report(r);
            }
            Command::Save => self.save(false),
            Command::SaveAs => {
                let current = match &self.source {
                    Source::File { file, .. } => file.shown().display().to_string(),
                    Source::Sample => String::new(),
                };
                self.prompt(Prompt::SaveAs { then_quit: false }, &current);
            }
            Command::Export => self.mode = Mode::Export { split: false },
            Command::Help => self.mode = Mode::Help { scroll: 0 },
            Command::Quit => {
                if self.dirty() {
                    self.mode = Mode::Confirm(Confirm::QuitUnsaved);
                } else {
                    self.quit = true;
                }
            }
        }
    }

    pub(super) fn prompt(&mut self, purpose: Prompt, text: &str) {
        self.mode = Mode::Prompt {
            purpose,
            input: LineInput::with(text),
        };
    }

    fn toggle(&mut self) {
        let n = self.selected_node();
        if let Row::Rest { parent, .. } = self.selected_row() {
            self.rows.set_expanded(parent, false);
            self.select_node(parent);
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
        let open = !self.rows.is_expanded(n);
        self.rows.set_expanded(n, open);
    }

    fn fill(&mut self) {
        let n = self.selected_node();
        let r = match self.selected_quota() {
            Some(q) => self.ed.fill(n, q),
            None => self.ed.fill_all(n),
        };
        if self.report(r) && !self.rows.is_expanded(n) {
            self.rows.set_expanded(n, true);
        }
    }

    fn start_edit(&mut self, how: How, first: Option<char>) {
        let Some(q) = self.selected_quota() else {
            self.error("select a quota column (→) to edit a value");
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
            None => LineInput::with(&self.plan().value(n, q).to_string()),
        };
        self.mode = Mode::Edit {
            node: n,
            quota: q,
            how,
            input,
        };
    }

    fn edit_msg(
        &mut self,
        node: NodeIx,
        quota: usize,
        how: How,
        mut input: LineInput,
        msg: &Msg,
    ) -> Mode {
        match msg {
            Msg::Text(op) => {
                input.apply(*op);
                Mode::Edit {
                    node,
                    quota,
                    how,
                    input,
                }
            }
            Msg::Submit => {
                let value = match self.ed.parse_input(node, quota, input.text()) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error(e.0);
                        return Mode::Edit {
                            node,
                            quota,
                            how,
                            input,
                        };
                    }
                };
                let r = match how {
                    How::Set => self.ed.set_value(node, quota, value),
                    How::Rebalance => self.ed.set_rebalance(node, quota, value),
                    How::Scale => self.ed.scale(node, quota, value),
                };
                if self.report(r) {
                    Mode::Normal
                } else {
                    // Keep the input so the planner can correct it.
                    Mode::Edit {
                        node,
                        quota,
                        how,
                        input,
                    }
                }
            }
            Msg::Cancel => {
                self.info("edit cancelled");
                Mode::Normal
            }
            _ => Mode::Edit {
                node,
                quota,
                how,
                input,
            },
        }
    }

    fn prompt_msg(&mut self, purpose: Prompt, mut input: LineInput, msg: &Msg) -> Mode {
        match msg {
            Msg::Text(op) => {
                input.apply(*op);
                if let Prompt::Search { origin } = purpose {
                    self.search_step(input.text(), origin);
                }
                Mode::Prompt { purpose, input }
            }
            Msg::Cancel => {
                if let Prompt::Search { origin } = purpose {
                    self.select_node(origin);
                }
                self.message = None;
                Mode::Normal
            }
            Msg::Submit => self.submit_prompt(&purpose, input),
            _ => Mode::Prompt { purpose, input },
        }
    }

    #[allow(clippy::too_many_lines, reason = "one arm per prompt, each short")]
    fn submit_prompt(&mut self, purpose: &Prompt, input: LineInput) -> Mode {
        let text = input.text().trim().to_owned();
        let again = |input: LineInput| Mode::Prompt {
            purpose: purpose.clone(),
            input,
        };
        match purpose {
            Prompt::AddChild(parent) | Prompt::AddSibling(parent) => {
                if text.is_empty() {
                    self.error("type a name (Esc cancels)");
                    return again(input);
                }
                let (under, index) = if let Prompt::AddChild(p) = purpose {
                    (*p, None)
                } else {
                    let p = self.plan().parent(*parent).unwrap_or(ROOT);
                    let at = self.plan().children(p).iter().position(|c| c == parent);
                    (p, at.map(|i| i + 1))
                };
                let id = self.ed.fresh_id(&slug(&text));
                let spec = NewNode {
                    id,
                    name: text,
                    ..NewNode::default()
                };
                match self.ed.add_node(under, index, spec) {
                    Ok((n, m)) => {
                        self.info(format!("{m}; type its value"));
                        self.select_node(n);
                        if self.col == 0 {
                            self.col = 1;
                        }
                    }
                    Err(e) => {
                        self.error(format!("refused: {e}"));
                        return again(input);
                    }
                }
                Mode::Normal
            }
            Prompt::Rename(n) => {
                let r = self.ed.rename(*n, &text);
                if self.report(r) {
                    Mode::Normal
                } else {
                    again(input)
                }
            }
            Prompt::Note(n) => {
                let r = self.ed.set_note(*n, input.text());
                self.report(r);
                Mode::Normal
            }
            Prompt::Search { .. } => {
                if text.is_empty() {
                    self.message = None;
                } else {
                    self.last_search = Some(text);
                }
                Mode::Normal
            }
            Prompt::SaveAs { then_quit } => {
                if text.is_empty() {
                    self.error("type a file path (Esc cancels)");
                    return again(input);
                }
                let file = match RealFile::resolve(Path::new(&text)) {
                    Ok(f) => f,
                    Err(e) => {
                        self.error(format!(
                            "cannot save to {}: it {e}; type another path (Esc cancels)",
                            printable(&text)
                        ));
                        return again(input);
                    }
                };
                let same = self.file_path() == Some(file.real());
                if file.exists() && !same {
                    return Mode::Confirm(Confirm::Overwrite {
                        file,
                        then_quit: *then_quit,
                    });
                }
                self.save_to(&file, *then_quit);
                Mode::Normal
            }
            Prompt::Title => {
                let r = self.ed.set_title(&text);
                self.report(r);
                let y = self
                    .plan()
                    .meta()
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_default();
                Mode::Prompt {
                    purpose: Prompt::Year,
                    input: LineInput::with(&y),
                }
            }
            Prompt::Year => {
                let year = if text.is_empty() {
                    None
                } else if let Ok(y) = text.parse::<i64>() {
                    Some(y)
                } else {
                    self.error("a year is a whole number, such as 2024 (empty for none)");
                    return again(input);
                };
                let r = self.ed.set_year(year);
                self.report(r);
                let u = self.plan().meta().unit.clone().unwrap_or_default();
                Mode::Prompt {
                    purpose: Prompt::Unit,
                    input: LineInput::with(&u),
                }
            }
            Prompt::Unit => {
                let r = self.ed.set_unit(&text);
                self.report(r);
                Mode::Normal
            }
            Prompt::QuotaId => {
                if let Err(e) = crate::core::validate::check_quota_id(&text) {
                    self.error(e);
                    return again(input);
                }
                if self.plan().quota_index(&text).is_some() {
                    self.error(format!("quota id {text:?} is already used"));
                    return again(input);
                }
                Mode::Prompt {
                    purpose: Prompt::QuotaName { id: text },
                    input: LineInput::default(),
                }
            }
            Prompt::QuotaName { id } => {
                if text.is_empty() {
                    self.error("type a name for the quota kind");
                    return again(input);
                }
                Mode::Prompt {
                    purpose: Prompt::QuotaTotal {
                        id: id.clone(),
                        name: text,
                    },
                    input: LineInput::with("0"),
                }
            }
            Prompt::QuotaTotal { id, name } => {
                let ctx = crate::core::value::ValueContext {
                    current: 0,
                    parent_value: None,
                    parent_remainder: None,
                };
                match crate::core::value::parse_value(&text, &ctx) {
                    Ok(total) => {
                        let r = self.ed.add_quota(id, name, total);
                        if self.report(r) {
                            self.col = self.plan().quotas().len();
                            Mode::Normal
                        } else {
                            again(input)
                        }
                    }
                    Err(e) => {
                        self.error(e.to_string());
                        again(input)
                    }
                }
            }
            Prompt::ExportPath { format, split } => {
                if text.is_empty() {
                    self.error("type a path (Esc cancels)");
                    return again(input);
                }
                let path = PathBuf::from(&text);
                match self.check_export(&path, *format, *split, false) {
                    Ok(()) => {
                        self.export_to(&path, *format, *split, false);
                        Mode::Normal
                    }
                    Err(ExportCheck::Exists(what)) => {
                        self.info(what);
                        Mode::Confirm(Confirm::ExportOverwrite {
                            path,
                            format: *format,
                            split: *split,
                        })
                    }
                    Err(ExportCheck::Refused(why)) => {
                        self.error(why);
                        again(input)
                    }
                }
            }
            Prompt::QuotaRename(q) => {
                let id = self.plan().quotas()[*q].id.clone();
                let r = self.ed.relabel_quota(*q, &id, &text);
                if self.report(r) {
                    Mode::Normal
                } else {
                    again(input)
                }
            }
        }
    }

    fn pick_matches(&self, node: NodeIx, query: &str) -> Vec<NodeIx> {
        let plan = self.plan();
        let q = query.to_lowercase();
        plan.preorder()
            .filter(|&c| !plan.is_ancestor_or_self(node, c))
            .filter(|&c| {
                q.is_empty()
                    || (c == ROOT && "national".contains(&q))
                    || plan.node(c).name.to_lowercase().contains(&q)
                    || plan.node(c).id.to_lowercase().contains(&q)
            })
            .take(PICK_LIMIT)
            .collect()
    }

    fn pick_msg(
        &mut self,
        node: NodeIx,
        mut input: LineInput,
        matches: Vec<NodeIx>,
        selected: usize,
        msg: &Msg,
    ) -> Mode {
        match msg {
            Msg::Text(op) => {
                input.apply(*op);
                let matches = self.pick_matches(node, input.text());
                Mode::Pick {
                    node,
                    input,
                    matches,
                    selected: 0,
                }
            }
            Msg::ListUp => Mode::Pick {
                node,
                input,
                matches,
                selected: selected.saturating_sub(1),
            },
            Msg::ListDown => {
                let last = matches.len().saturating_sub(1);
                Mode::Pick {
                    node,
                    input,
                    matches,
                    selected: (selected + 1).min(last),
                }
            }
            Msg::Submit => {
                let Some(&target) = matches.get(selected) else {
                    self.error("no matching parent; type part of a name or id");
                    return Mode::Pick {
                        node,
                        input,
                        matches,
                        selected,
                    };
                };
                let r = self.ed.move_to(node, target, None);
                if self.report(r) {
                    self.select_node(node);
                    Mode::Normal
                } else {
                    Mode::Pick {
                        node,
                        input,
                        matches,
                        selected,
                    }
                }
            }
            Msg::Cancel => {
                self.message = None;
                Mode::Normal
            }
            _ => Mode::Pick {
                node,
                input,
                matches,
                selected,
            },
        }
    }

    fn confirm_msg(&mut self, c: Confirm, msg: &Msg) -> Mode {
        let answer = match *msg {
            Msg::Choice(ch) => ch,
            Msg::Cancel => 'c',
            _ => return Mode::Confirm(c),
        };
        match (c, answer) {
            (Confirm::Delete(n), 'y') => {
                // Then select the next sibling, else the previous, else the
                // parent.
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
                    self.select_node(next);
                }
            }
            (Confirm::DeleteQuota(q), 'y') => {
                let r = self.ed.delete_quota(q);
                self.report(r);
            }
            (Confirm::ExportOver { format, split }, 'y') => {
                self.export_prompt(format, split);
            }
            (
                Confirm::ExportOverwrite {
                    path,
                    format,
                    split,
                },
                'y',
            ) => {
                // Asked again in case it changed meanwhile; the plan itself
                // is never replaced.
                match self.check_export(&path, format, split, true) {
                    Ok(()) => self.export_to(&path, format, split, true),
                    Err(ExportCheck::Exists(why) | ExportCheck::Refused(why)) => self.error(why),
                }
            }
            (
                Confirm::Recover {
                    text,
                    saved_at,
                    file_changed,
                    ..
                },
                'r',
            ) => self.restore(&text, saved_at, file_changed),
            (Confirm::Recover { .. }, 'd') => self.discard_recovery(),
            (Confirm::ChangedOnDisk { .. }, 'r') => self.reload(),
            (Confirm::ChangedOnDisk { then_quit }, 'o') => self.overwrite(then_quit),
            (Confirm::ChangedOnDisk { then_quit }, 's') => {
                self.prompt(Prompt::SaveAs { then_quit }, "");
            }
            (Confirm::QuitUnsaved, 's') => self.save(true),
            (Confirm::QuitUnsaved, 'd') => {
                self.discard_recovery();
                self.quit = true;
            }
            (Confirm::Overwrite { file, then_quit }, 'y') => self.save_to(&file, then_quit),
            (
                Confirm::Delete(_)
                | Confirm::DeleteQuota(_)
                | Confirm::Overwrite { .. }
                | Confirm::ExportOver { .. }
                | Confirm::ExportOverwrite { .. }
                | Confirm::ChangedOnDisk { .. },
                'n' | 'c',
            )
            | (Confirm::QuitUnsaved, 'c') => self.info("cancelled"),
            (c, _) => return Mode::Confirm(c),
        }
        // Saving may have opened a prompt (no path yet).
        std::mem::replace(&mut self.mode, Mode::Normal)
    }

    fn quotas_msg(&mut self, selected: usize, msg: &Msg) -> Mode {
        let nq = self.plan().quotas().len();
        match msg {
            Msg::ListUp => Mode::Quotas {
                selected: selected.saturating_sub(1),
            },
            Msg::ListDown => Mode::Quotas {
                selected: (selected + 1).min(nq),
            },
            Msg::Choice('a') => Mode::Prompt {
                purpose: Prompt::QuotaId,
                input: LineInput::default(),
            },
            Msg::Submit if selected == nq => Mode::Prompt {
                purpose: Prompt::QuotaId,
                input: LineInput::default(),
            },
            Msg::Choice('r') | Msg::Submit if selected < nq => Mode::Prompt {
                purpose: Prompt::QuotaRename(selected),
                input: LineInput::with(&self.plan().quotas()[selected].name),
            },
            Msg::Choice('d') if selected < nq => Mode::Confirm(Confirm::DeleteQuota(selected)),
            Msg::Cancel => Mode::Normal,
            _ => Mode::Quotas { selected },
        }
    }

    // ----- export -----

    fn export_msg(&mut self, split: bool, msg: &Msg) -> Mode {
        let format = match msg {
            Msg::Choice('s') => return Mode::Export { split: !split },
            Msg::Choice('c') => ExportFormat::Csv,
            Msg::Choice('x') => ExportFormat::Xlsx,
            Msg::Choice('m') => ExportFormat::Markdown,
            Msg::Choice('j') => ExportFormat::Json,
            Msg::Cancel => return Mode::Normal,
            _ => return Mode::Export { split },
        };
        if !self.plan().is_consistent() {
            return Mode::Confirm(Confirm::ExportOver { format, split });
        }
        self.export_prompt(format, split);
        std::mem::replace(&mut self.mode, Mode::Normal)
    }

    /// Ask where to export, suggesting a name beside the plan.
    fn export_prompt(&mut self, format: ExportFormat, split: bool) {
        let (dir, stem) = match &self.source {
            Source::File { file, .. } => {
                let path = file.shown();
                (
                    path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    path.file_stem()
                        .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned()),
                )
            }
            Source::Sample => (PathBuf::new(), "sample".to_owned()),
        };
        let ext = format.extension();
        let mut suggestion = if split {
            dir.join(format!("{stem}-{ext}"))
        } else {
            dir.join(format!("{stem}.{ext}"))
        };
        // Never the plan itself (a JSON export beside plan.json).
        if !split && self.is_the_plan(&suggestion) {
            suggestion = dir.join(format!("{stem}-export.{ext}"));
        }
        self.prompt(
            Prompt::ExportPath { format, split },
            &suggestion.display().to_string(),
        );
    }

    /// Run the job put off for a frame.
    pub fn run_pending(&mut self) {
        match self.pending.take() {
            Some(Job::Save {
                file,
                expected,
                then_quit,
            }) => self.save_checked(&file, expected, then_quit),
            Some(Job::Export {
                path,
                format,
                split,
                replace,
            }) => self.export_now(&path, format, split, replace),
            None => {}
        }
    }

    fn export_to(&mut self, path: &Path, format: ExportFormat, split: bool, replace: bool) {
        if self.plan().len() > BIG_PLAN {
            self.info(format!(
                "exporting {} nodes to {} …",
                self.plan().len() - 1,
                printable(&path.display().to_string())
            ));
            self.pending = Some(Job::Export {
                path: path.to_path_buf(),
                format,
                split,
                replace,
            });
        } else {
            self.export_now(path, format, split, replace);
        }
    }

    /// What an export may replace: an existing file only once the planner
    /// said yes, never the plan being edited; a FIFO nobody reads is refused
    /// at once (the screen never waits).
    fn export_policy(&self, replace: bool) -> Policy {
        Policy {
            replace,
            never: self
                .file_path()
                .map(Path::to_path_buf)
                .into_iter()
                .collect(),
            follow_links: true,
            wait_for_reader: false,
        }
    }

    fn is_the_plan(&self, path: &Path) -> bool {
        matches!(
            Output::check(path, &self.export_policy(true)),
            Err(FileError::IsThePlan)
        )
    }

    /// Check an export target before writing: Ok when it may be written
    /// now.
    fn check_export(
        &self,
        path: &Path,
        format: ExportFormat,
        split: bool,
        replace: bool,
    ) -> Result<(), ExportCheck> {
        let shown = printable(&path.display().to_string());
        let save = self.config.keys.label(super::command::Command::Save);
        let plan_itself = || {
            ExportCheck::Refused(format!(
                "that is the plan itself: save it with {save}, or choose another name"
            ))
        };
        let policy = self.export_policy(replace);
        if split {
            return match plan_split(self.plan(), path, format, &policy) {
                Ok(_) => Ok(()),
                Err(SplitError::Exist(files)) => Err(ExportCheck::Exists(format!(
                    "{} {} already in {shown}",
                    files.len(),
                    if files.len() == 1 {
                        "file is"
                    } else {
                        "files are"
                    }
                ))),
                Err(SplitError::IsThePlan(_)) => Err(plan_itself()),
                Err(e) => Err(ExportCheck::Refused(format!(
                    "cannot export there: {}",
                    printable(&e.to_string())
                ))),
            };
        }
        match Output::check(path, &policy) {
            Ok(Output::Stdout) => Err(ExportCheck::Refused(
                "type a file path (standard output is the screen here)".to_owned(),
            )),
            Ok(_) => Ok(()),
            Err(FileError::Exists) => Err(ExportCheck::Exists(format!("{shown} exists"))),
            Err(FileError::IsThePlan) => Err(plan_itself()),
            Err(e) => Err(ExportCheck::Refused(format!(
                "cannot export to {shown}: it {e}"
            ))),
        }
    }

    fn export_now(&mut self, path: &Path, format: ExportFormat, split: bool, replace: bool) {
        let shown = |p: &Path| {
            printable(
                &std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.to_path_buf())
                    .display()
                    .to_string(),
            )
        };
        let policy = self.export_policy(replace);
        if split {
            match write_split(self.ed.plan(), path, format, None, &policy, false) {
                Ok(files) => {
                    self.info(format!("exported {} files to {}", files.len(), shown(path)));
                }
                Err(e) => self.error(format!(
                    "could not export to {}: {}",
                    shown(path),
                    printable(&e.to_string())
                )),
            }
            return;
        }
        let result = Output::check(path, &policy).and_then(|out| {
            let bytes = export::render(self.ed.plan(), format, None, None)
                .map_err(|e| FileError::Io(std::io::Error::other(e)))?;
            out.write(&policy, &mut std::io::sink(), &mut |w, _| {
                w.write_all(&bytes)
            })
        });
        match result {
            Ok(()) => self.info(format!("exported to {}", shown(path))),
            Err(e) => self.error(format!("could not export to {}: {e}", shown(path))),
        }
    }

    // ----- search -----

    /// The next node after (or before) `from` whose name or id contains
    /// `query` (case-insensitive), wrapping around; `inclusive` also
    /// considers `from` itself.
    fn find(&self, query: &str, from: NodeIx, forward: bool, inclusive: bool) -> Option<NodeIx> {
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

    fn search_step(&mut self, query: &str, origin: NodeIx) {
        if query.is_empty() {
            self.select_node(origin);
            self.message = None;
            return;
        }
        if let Some(n) = self.find(query, origin, true, true) {
            self.select_node(n);
            self.message = None;
        } else {
            self.select_node(origin);
            self.error(format!("no match for {query:?}"));
        }
    }

    // ----- saving -----

    fn save(&mut self, then_quit: bool) {
        match self.source.clone() {
            Source::Sample => self.prompt(Prompt::SaveAs { then_quit }, ""),
            Source::File { file, .. } => self.save_to(&file, then_quit),
        }
    }

    fn help_max_scroll(&self) -> u16 {
        let lines = super::help::lines(&self.config.keys, &self.config.theme).len();
        super::help::max_scroll(lines, self.size.1)
    }

    // ----- mouse -----

    fn click(&mut self, x: u16, y: u16) {
        if self.mode != Mode::Normal {
            return;
        }
        let areas = self.areas();
        let t = areas.table;
        // The first line of the table is its header.
        if x < t.x || x >= t.x + t.width || y <= t.y || y >= t.y + t.height {
            return;
        }
        let r = self.offset + usize::from(y - t.y - 1);
        if r < self.rows.rows().len() {
            self.row = r;
            if let Some(c) = self.columns().column_at(x - t.x) {
                self.col = c;
            }
        }
    }

    fn wheel(&mut self, d: i16) {
        let max = self.help_max_scroll();
        if let Mode::Help { scroll } = &mut self.mode {
            *scroll = if d < 0 {
                scroll.saturating_sub(d.unsigned_abs())
            } else {
                scroll.saturating_add(d.unsigned_abs()).min(max)
            };
            return;
        }
        let last = self.rows.rows().len() - 1;
        let step = usize::from(d.unsigned_abs());
        if d < 0 {
            self.row = self.row.saturating_sub(step);
        } else {
            self.row = (self.row + step).min(last);
        }
    }
}

/// An id made from a name: spaces to `-`, ASCII lowercased, no `/`.
fn slug(name: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::input::TextOp;

    pub(crate) fn app() -> App {
        App::new(
            storage::sample(),
            Source::Sample,
            Config::default(),
            (120, 40),
        )
    }

    fn type_text(app: &mut App, s: &str) {
        for c in s.chars() {
            app.update(Msg::Text(TextOp::Insert(c)));
        }
    }

    #[test]
    fn typing_a_value_sets_it_and_undo_restores() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select_node(sd);
        a.col = 1;
        a.update(Msg::StartEdit('3'));
        type_text(&mut a, "000");
        a.update(Msg::Submit);
        assert_eq!(a.plan().value(sd, 0), 3000);
        assert!(a.dirty());
        a.update(Msg::Cmd(Command::Undo));
        assert_eq!(a.plan().value(sd, 0), 3600);
        assert!(!a.dirty(), "undo back to the loaded state is clean");
        assert!(a.message.as_ref().unwrap().0.starts_with("undone"));
    }

    #[test]
    fn a_refused_edit_keeps_the_input_and_says_why() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select_node(sd);
        a.col = 1;
        a.update(Msg::Cmd(Command::Edit));
        a.update(Msg::Text(TextOp::Clear));
        type_text(&mut a, "+1");
        a.update(Msg::Submit);
        assert!(matches!(a.mode, Mode::Edit { .. }));
        let (m, tone) = a.message.clone().unwrap();
        assert_eq!(tone, Tone::Error);
        assert!(m.contains("national has only 0 t REO"), "{m}");
        assert_eq!(a.plan().value(sd, 0), 3600);
        a.update(Msg::Cancel);
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn search_reveals_and_n_moves_on() {
        let mut a = app();
        a.update(Msg::Cmd(Command::Search));
        type_text(&mut a, "rare earth");
        let n = a.selected_node();
        assert!(a.plan().node(n).name.to_lowercase().contains("rare earth"));
        assert!(
            a.plan().depth(n) == 2,
            "an enterprise, shown by opening its province"
        );
        a.update(Msg::Submit);
        a.update(Msg::Cmd(Command::NextMatch));
        let m = a.selected_node();
        assert_ne!(m, n);
        assert!(a.plan().node(m).name.to_lowercase().contains("rare earth"));
        a.update(Msg::Cmd(Command::PrevMatch));
        assert_eq!(a.selected_node(), n);
    }

    #[test]
    fn add_rename_delete_move_with_prompts() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        a.select_node(sd);
        a.update(Msg::Cmd(Command::AddChild));
        type_text(&mut a, "Shandong Rare Earth 山东稀土");
        a.update(Msg::Submit);
        let n = a.selected_node();
        assert_eq!(a.plan().parent(n), Some(sd));
        a.update(Msg::StartEdit('5'));
        type_text(&mut a, "00");
        a.update(Msg::Submit);
        assert_eq!(a.plan().value(n, 0), 500);
        a.update(Msg::Cmd(Command::Rename));
        a.update(Msg::Text(TextOp::Clear));
        type_text(&mut a, "SD RE");
        a.update(Msg::Submit);
        assert_eq!(a.plan().node(n).name, "SD RE");
        // Move it under Sichuan: Sichuan has nothing unallocated: refused.
        a.update(Msg::Cmd(Command::Move));
        type_text(&mut a, "四川");
        a.update(Msg::Submit);
        assert!(matches!(a.mode, Mode::Pick { .. }));
        assert!(a.message.as_ref().unwrap().0.contains("refused"));
        a.update(Msg::Cancel);
        a.update(Msg::Cmd(Command::Delete));
        a.update(Msg::Choice('y'));
        assert!(!a.plan().is_live(n));
        assert_eq!(a.selected_node(), sd);
    }

    #[test]
    fn quitting_with_changes_asks() {
        let mut a = app();
        a.update(Msg::Cmd(Command::Quit));
        assert!(a.quit, "nothing changed: quits at once");
        let mut a = app();
        a.update(Msg::Cmd(Command::Lock));
        a.update(Msg::Cmd(Command::Down));
        a.update(Msg::Cmd(Command::Lock));
        a.update(Msg::Cmd(Command::Quit));
        assert_eq!(a.mode, Mode::Confirm(Confirm::QuitUnsaved));
        a.update(Msg::Choice('c'));
        assert!(!a.quit);
        a.update(Msg::Cmd(Command::Quit));
        a.update(Msg::Choice('s'));
        assert!(
            matches!(
                a.mode,
                Mode::Prompt {
                    purpose: Prompt::SaveAs { then_quit: true },
                    ..
                }
            ),
            "the sample has no file yet"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        type_text(&mut a, &path.display().to_string());
        a.update(Msg::Submit);
        assert!(a.quit);
        let saved = storage::read_plan(&path).unwrap().0;
        assert!(saved.node(saved.find("nm").unwrap()).locked);
        assert!(!saved.node(saved.find("sc").unwrap()).locked);
    }

    #[test]
    fn fill_and_quota_menu() {
        let mut a = app();
        // National smelting: 115,000 unallocated, provinces all 0: equal shares.
        a.row = 0;
        a.col = 3;
        a.update(Msg::Cmd(Command::Fill));
        let plan = a.plan();
        let total: u64 = plan.children(ROOT).iter().map(|&c| plan.value(c, 2)).sum();
        assert_eq!(total, 115_000);
        a.update(Msg::Cmd(Command::Quotas));
        a.update(Msg::Choice('a'));
        type_text(&mut a, "heavy");
        a.update(Msg::Submit);
        type_text(&mut a, "Heavy rare earths");
        a.update(Msg::Submit);
        a.update(Msg::Text(TextOp::Clear));
        type_text(&mut a, "1,000");
        a.update(Msg::Submit);
        assert_eq!(a.plan().quotas().len(), 4);
        assert_eq!(a.plan().value(ROOT, 3), 1000);
        assert_eq!(a.col, 4);
    }

    #[test]
    fn export_dialog_writes_asks_before_overwriting_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        let plan_path = dir.path().join("plan.json");
        std::fs::write(&plan_path, storage::SAMPLE_JSON).unwrap();
        let (plan, source, _) = open(Some(&plan_path)).unwrap();
        let mut a = App::new(plan, source, Config::default(), (120, 40));
        a.update(Msg::Cmd(Command::Export));
        a.update(Msg::Choice('c'));
        // The suggested path is beside the plan.
        let Mode::Prompt { input, .. } = &a.mode else {
            panic!("a path prompt: {:?}", a.mode)
        };
        assert_eq!(PathBuf::from(input.text()), dir.path().join("plan.csv"));
        a.update(Msg::Submit);
        let csv = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
        assert!(csv.starts_with("level,path,id,name,"));
        assert!(a.message.as_ref().unwrap().0.contains("exported to"));
        // Again: the file exists, so it asks; "n" leaves it alone.
        std::fs::write(dir.path().join("plan.csv"), "mine").unwrap();
        a.update(Msg::Cmd(Command::Export));
        a.update(Msg::Choice('c'));
        a.update(Msg::Submit);
        assert!(matches!(
            a.mode,
            Mode::Confirm(Confirm::ExportOverwrite { .. })
        ));
        a.update(Msg::Choice('n'));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("plan.csv")).unwrap(),
            "mine"
        );
        // Split: one file per province into a directory.
        a.update(Msg::Cmd(Command::Export));
        a.update(Msg::Choice('s'));
        a.update(Msg::Choice('j'));
        a.update(Msg::Submit);
        let files = std::fs::read_dir(dir.path().join("plan-json"))
            .unwrap()
            .count();
        assert_eq!(files, a.plan().children(ROOT).len());
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .0
                .starts_with("exported 9 files")
        );
    }

    #[test]
    fn toggling_and_collapse_keep_selection_sane() {
        let mut a = app();
        let nm = a.plan().find("nm").unwrap();
        a.select_node(nm);
        a.update(Msg::Cmd(Command::Toggle));
        a.update(Msg::Cmd(Command::Down));
        let child = a.selected_node();
        assert_eq!(a.plan().parent(child), Some(nm));
        a.update(Msg::Cmd(Command::CollapseAll));
        assert_eq!(a.selected_node(), nm);
        a.update(Msg::Cmd(Command::ExpandAll));
        a.update(Msg::Cmd(Command::Bottom));
        assert!(matches!(a.selected_row(), Row::Rest { parent: ROOT, .. }));
    }
}
