//! The main screen's commands: moving about the table, the view (sort,
//! filter, shares, problems), editing values and the plan's shape, files.
//! Each group is a short function; `App::update` hands them the messages no
//! dialog takes.

use super::{App, How, Source};
use crate::core::text::printable;
use crate::core::{NodeIx, Outcome, ROOT, Refusal};
use crate::tui::command::Command;
use crate::tui::dialogs::batch::BatchMenu;
use crate::tui::dialogs::confirm::{Confirm, Question};
use crate::tui::dialogs::edit::EditValue;
use crate::tui::dialogs::export::ExportMenu;
use crate::tui::dialogs::fill::FillMenu;
use crate::tui::dialogs::filter::FilterMenu;
use crate::tui::dialogs::help::Help;
use crate::tui::dialogs::messages::History;
use crate::tui::dialogs::pick::MovePicker;
use crate::tui::dialogs::preview::{Op, Preview};
use crate::tui::dialogs::prompt::{Purpose, TextPrompt};
use crate::tui::dialogs::quotas::QuotaMenu;
use crate::tui::dialogs::search::Search;
use crate::tui::dialogs::sort::SortMenu;
use crate::tui::dialogs::wizard::Wizard;
use crate::tui::effects::Effect;
use crate::tui::input::Msg;

/// From this many nodes on, the names are indexed off the UI thread.
const INDEX_ON_WORKER: usize = 50_000;

/// A search that waits for the names to be indexed.
#[derive(Debug, Clone, Copy)]
pub(in crate::tui) struct Indexing;
use crate::tui::line::LineInput;
use crate::tui::rows::{Order, Row, Sort};
use crate::tui::view::BatchView;

impl App {
    /// A message for the main screen (no dialog open).
    pub(in crate::tui) fn main(&mut self, msg: &Msg) {
        match msg {
            Msg::Cmd(c) => self.command(*c),
            Msg::StartEdit(ch) if self.read_only.is_none() => self.start_edit(How::Set, Some(*ch)),
            Msg::StartEdit(_) => self.command(Command::Edit),
            Msg::Paste(text) => self.paste_block(text),
            Msg::Click { x, y, count } => self.click(*x, *y, *count),
            Msg::Wheel(d) => self.view.move_rows(isize::from(*d)),
            _ => {}
        }
    }

    pub(in crate::tui) fn refuse_read_only(&mut self) -> bool {
        let Some(why) = self.read_only.clone() else {
            return false;
        };
        self.error(crate::t!(
            "app-read-only",
            why = why,
            key = self.config.keys.label(Command::SaveAs)
        ));
        true
    }

    fn command(&mut self, c: Command) {
        if c.changes_plan() && self.refuse_read_only() {
            return;
        }
        if let Row::Ghost { rix, .. } = self.selected_row()
            && matches!(
                c,
                Command::Edit
                    | Command::EditRebalance
                    | Command::EditScale
                    | Command::Fill
                    | Command::Lock
                    | Command::Paste
                    | Command::AddChild
                    | Command::AddSibling
                    | Command::Rename
                    | Command::Note
                    | Command::Delete
                    | Command::Move
            )
        {
            let name = self
                .reference()
                .map(|r| printable(&r.plan.node(rix).name))
                .unwrap_or_default();
            self.error(format!(
                "{name} is only in the reference plan, which is read-only; add it to the plan \
                 to edit it"
            ));
            return;
        }
        match c {
            Command::Up
            | Command::Down
            | Command::Left
            | Command::Right
            | Command::NextColumn
            | Command::PrevColumn
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom => self.navigate(c),
            Command::Batches => self.next_batches(),
            Command::Reference => self.reference_command(),
            Command::ReferenceColumns => self.cycle_reference_columns(),
            Command::Changes => self.changes_command(),
            Command::Explain => match crate::tui::dialogs::explain::ExplainView::of_last(self) {
                Some(d) => self.open(Box::new(d)),
                None => self.info(crate::t!("app-nothing-to-explain")),
            },
            Command::Reason => {
                if self.ed.can_undo() {
                    let now = self.ed.last_reason().unwrap_or("").to_owned();
                    self.open(TextPrompt::boxed(Purpose::Reason, &now));
                } else {
                    self.info(crate::t!("app-no-change-for-reason"));
                }
            }
            Command::History => self.history_command(),
            Command::Toggle
            | Command::ExpandAll
            | Command::CollapseAll
            | Command::ToggleDetails
            | Command::ToggleShares
            | Command::Sort
            | Command::Filter
            | Command::NextProblem
            | Command::PrevProblem
            | Command::Search
            | Command::NextMatch
            | Command::PrevMatch => self.view_command(c),
            Command::Edit
            | Command::EditRebalance
            | Command::EditScale
            | Command::Fill
            | Command::Lock
            | Command::Yank
            | Command::Paste
            | Command::Undo
            | Command::Redo => self.value_command(c),
            Command::AddChild
            | Command::AddSibling
            | Command::Rename
            | Command::Note
            | Command::Delete
            | Command::Move
            | Command::Quotas
            | Command::BatchMenu
            | Command::PlanInfo => self.structure_command(c),
            Command::Save
            | Command::SaveAs
            | Command::Export
            | Command::Messages
            | Command::Help
            | Command::Quit => self.file_command(c),
        }
    }

    /// Moving the selection.
    fn navigate(&mut self, c: Command) {
        let plan = self.ed.plan();
        let nq = self.view.dcols().len();
        let col = self.view.col();
        let page = isize::try_from(self.view.page()).unwrap_or(isize::MAX);
        match c {
            Command::Up => self.view.move_rows(-1),
            Command::Down => self.view.move_rows(1),
            Command::Left => self.view.move_cols(plan, -1),
            Command::Right => self.view.move_cols(plan, 1),
            Command::NextColumn => {
                let next = if col >= nq { 1 } else { col + 1 };
                self.view.select_col(plan, next);
            }
            Command::PrevColumn => {
                let prev = if col <= 1 { nq } else { col - 1 };
                self.view.select_col(plan, prev);
            }
            Command::PageUp => self.view.move_rows(-page),
            Command::PageDown => self.view.move_rows(page),
            Command::Top => self.view.select_row(0),
            _ => self.view.select_row(usize::MAX),
        }
    }

    /// What the table shows and where: folding, panels, sort, filter,
    /// problems, search. None of these changes the plan.
    fn view_command(&mut self, c: Command) {
        match c {
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
            Command::ToggleDetails => {
                let shown = self.view.toggle_details();
                self.info(if shown {
                    crate::t!("app-details-shown")
                } else {
                    crate::t!("app-details-hidden")
                });
            }
            Command::ToggleShares => {
                let shown = self.view.toggle_shares();
                self.info(if shown {
                    crate::t!("app-shares-shown")
                } else {
                    crate::t!("app-shares-hidden")
                });
            }
            Command::Sort => {
                let col = self
                    .selected_dcol()
                    .or_else(|| self.view.dcols().first().copied());
                if let Some(col) = col {
                    self.open(Box::new(SortMenu::new(col)));
                }
            }
            Command::Filter => self.open(Box::new(FilterMenu::new())),
            Command::NextProblem | Command::PrevProblem => {
                self.next_problem(c == Command::NextProblem);
            }
            Command::Search => {
                let origin = self.selected_node();
                // A big plan's names are indexed while the query is typed.
                self.names_indexed();
                self.open(Box::new(Search::new(origin)));
            }
            _ => self.next_match(c == Command::NextMatch),
        }
    }

    /// Changing figures, and the history of changes.
    fn value_command(&mut self, c: Command) {
        match c {
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
            Command::Yank => self.yank(),
            Command::Paste => self.paste_register(),
            Command::Undo => {
                let r = self.ed.undo();
                self.after_history(r);
            }
            _ => {
                let r = self.ed.redo();
                self.after_history(r);
            }
        }
    }

    /// Changing the plan's nodes, quota kinds and description.
    fn structure_command(&mut self, c: Command) {
        let n = self.selected_node();
        if n == ROOT {
            let why = match c {
                Command::AddSibling => Some(crate::t!("app-root-no-siblings")),
                Command::Note => Some(crate::t!("app-root-no-note")),
                Command::Delete => Some(crate::t!("refusal-root-delete")),
                Command::Move => Some(crate::t!("refusal-root-move")),
                _ => None,
            };
            if let Some(why) = why {
                self.error(why);
                return;
            }
        }
        match c {
            Command::AddChild => self.open(TextPrompt::boxed(Purpose::AddChild(n), "")),
            Command::AddSibling => self.open(TextPrompt::boxed(Purpose::AddSibling(n), "")),
            Command::Rename if n != ROOT => {
                let name = self.plan().node(n).name.clone();
                self.open(TextPrompt::boxed(Purpose::Rename(n), &name));
            }
            Command::Note => {
                let note = self.plan().node(n).note.clone().unwrap_or_default();
                self.open(TextPrompt::boxed(Purpose::Note(n), &note));
            }
            Command::Delete => self.open(Confirm::boxed(Question::Delete(n))),
            Command::Move => self.open(MovePicker::boxed(self.plan(), n)),
            Command::Quotas => {
                let k = self.selected_dcol().map_or(0, |d| d.kind);
                self.open(Box::new(QuotaMenu::new(k)));
            }
            Command::BatchMenu => {
                let b = self.view.batch(self.ed.plan());
                self.open(Box::new(BatchMenu::new(b)));
            }
            // Plan info, and renaming the national row.
            _ => self.open(Wizard::plan_info(self.plan())),
        }
    }

    /// Files, messages, help and quitting.
    fn file_command(&mut self, c: Command) {
        match c {
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
            Command::Export => {
                let plan = self.ed.plan();
                let shown = match self.view.batch_view() {
                    BatchView::One(b) if plan.layout().has_batches() => {
                        Some((b, plan.layout().batches()[b].name.clone()))
                    }
                    _ => None,
                };
                self.open(Box::new(
                    ExportMenu::new(shown).with_history(self.export_history),
                ));
            }
            Command::Messages => self.open(Box::new(History::new())),
            Command::Help => {
                // The overlay covers the message line but for its edges.
                self.clear_message();
                self.open(Box::new(Help::new()));
            }
            _ => {
                if self.dirty() {
                    self.open(Confirm::boxed(Question::QuitUnsaved));
                } else {
                    self.request_quit();
                }
            }
        }
    }

    /// Show the next batch; after the last, every batch and the year; then
    /// the year alone; then the first batch again.
    fn next_batches(&mut self) {
        let nb = self.ed.plan().layout().batches().len();
        if nb == 0 {
            self.info(crate::t!(
                "app-no-batches",
                key = self.config.keys.label(Command::BatchMenu)
            ));
            return;
        }
        let next = match self.view.batch_view() {
            BatchView::One(b) if b + 1 < nb => BatchView::One(b + 1),
            BatchView::One(_) => BatchView::All,
            BatchView::All => BatchView::Cumulative,
            BatchView::Cumulative => BatchView::One(0),
        };
        self.show_batches(next);
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
                self.show_cell(q);
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
            self.info(crate::t!(
                "app-no-children",
                node = crate::say::node(&printable(self.plan().display_name(n)))
            ));
            return;
        }
        let open = !self.view.rows().is_expanded(n);
        self.view.set_expanded(n, open);
    }

    fn fill(&mut self) {
        let n = self.selected_node();
        let has_batches = self.ed.plan().layout().has_batches();
        let by_reference = self.reference().is_some_and(|r| r.spread);
        let op: Op = match (self.selected_quota(), self.selected_dcol()) {
            // Spreading by the reference: its figures weigh the children.
            (Some(q), _) if by_reference => {
                let kids = self.plan().children(n).to_vec();
                let w = self
                    .reference_weights(kids.into_iter(), q)
                    .unwrap_or_default();
                Box::new(move |ed| ed.fill_given(n, q, &|c| w.get(&c).copied().unwrap_or(0)))
            }
            // With batches: ask how (the earlier batches, equal, down).
            (Some(q), _) if has_batches => {
                self.open(Box::new(FillMenu::new(n, q)));
                return;
            }
            (Some(q), _) => Box::new(move |ed| ed.fill(n, q)),
            (None, Some(_)) => {
                self.computed_column();
                return;
            }
            // From the name column: every kind of the batch edited.
            (None, None) => {
                let plan = self.ed.plan();
                let layout = plan.layout();
                let b = self.view.batch(plan);
                let cols: Vec<usize> = layout
                    .stored()
                    .iter()
                    .filter_map(|&k| layout.column(k, b))
                    .collect();
                Box::new(move |ed| ed.fill_columns(n, &cols))
            }
        };
        self.apply_shared(op, "fill", Some(n));
    }

    /// A redistribution: when it would change figures of more than one
    /// node and the preview is on, show them first (applied on
    /// confirmation); otherwise apply it now. Whether it was applied or
    /// shown (false: refused, the message says why).
    pub(in crate::tui) fn apply_shared(
        &mut self,
        op: Op,
        what: &'static str,
        expand: Option<NodeIx>,
    ) -> bool {
        if self.config.editing.preview {
            let mut scratch = self.ed.scratch();
            match op(&mut scratch) {
                Err(e) => {
                    self.refused(&e);
                    return false;
                }
                Ok(o) => {
                    let step = scratch.steps_since(0).and_then(|v| v.into_iter().next());
                    if let Some(step) = step {
                        let nodes: std::collections::HashSet<NodeIx> =
                            step.cells.iter().map(|c| c.node).collect();
                        if nodes.len() > 1 {
                            let label = crate::say::outcome(&o, &self.config.numbers);
                            let p = Preview::new(self.plan(), op, what, label, step, expand);
                            self.open(Box::new(p));
                            return true;
                        }
                    }
                }
            }
        }
        self.apply_confirmed(&op, expand)
    }

    /// Apply a (previewed) redistribution, and unfold `expand` to show
    /// what it fed. Whether it was applied.
    pub(in crate::tui) fn apply_confirmed(&mut self, op: &Op, expand: Option<NodeIx>) -> bool {
        let r = op(&mut self.ed);
        let done = self.report(r);
        if let Some(n) = expand.filter(|_| done) {
            self.expand(n);
        }
        done
    }

    /// Select the column showing value column `q`, showing its batch
    /// when another is shown.
    pub(in crate::tui) fn show_cell(&mut self, q: usize) {
        let plan = self.ed.plan();
        if self.view.col_of_cell(plan, q).is_none() {
            let (_, b) = plan.layout().column_of(q);
            self.view.set_batch_view(plan, BatchView::One(b));
        }
        if let Some(c) = self.view.col_of_cell(self.ed.plan(), q) {
            self.view.select_col(self.ed.plan(), c);
        }
    }

    /// Say why the selected column cannot be typed into.
    fn computed_column(&mut self) {
        let Some(d) = self.selected_dcol() else {
            return;
        };
        let layout = self.ed.plan().layout();
        let kind = &layout.kinds()[d.kind];
        let why = if kind.is_derived() {
            let parts: Vec<String> = kind
                .sum_of
                .iter()
                .map(|&p| printable(&layout.kinds()[p].name))
                .collect();
            crate::t!(
                "app-sum-of-kinds",
                kind = printable(&kind.name),
                parts = parts.join(crate::t!("app-and").as_str())
            )
        } else {
            crate::t!(
                "app-sum-of-batches",
                key = self.config.keys.label(Command::Batches)
            )
        };
        self.error(why);
    }

    /// The selected cell when it is a node's figure; else says why not.
    fn editable_cell(&mut self) -> Option<(NodeIx, usize)> {
        let Some(q) = self.selected_quota() else {
            if self.selected_dcol().is_some() {
                self.computed_column();
            } else {
                self.error(crate::t!("app-select-column-edit"));
            }
            return None;
        };
        if matches!(self.selected_row(), Row::Rest { .. }) {
            self.error(crate::t!("app-rest-line"));
            return None;
        }
        let n = self.selected_node();
        if self.plan().node(n).locked {
            self.error(crate::t!(
                "app-locked",
                node = printable(self.plan().display_name(n)),
                key = self.config.keys.label(Command::Lock)
            ));
            return None;
        }
        Some((n, q))
    }

    pub(in crate::tui) fn start_edit(&mut self, how: How, first: Option<char>) {
        if how == How::Rebalance && self.selected_node() == ROOT {
            self.error(crate::t!("app-root-no-rebalance"));
            return;
        }
        let Some((n, q)) = self.editable_cell() else {
            return;
        };
        let input = match first {
            Some(c) => LineInput::with(&c.to_string()),
            None => LineInput::prefilled(&self.plan().value(n, q).to_string()),
        };
        self.open(Box::new(EditValue::new(n, q, how, input)));
    }

    /// Apply a value typed into a cell; false when refused (the message
    /// says why).
    pub(in crate::tui) fn apply_value(
        &mut self,
        node: NodeIx,
        quota: usize,
        how: How,
        value: u64,
    ) -> bool {
        let plan = self.ed.plan();
        // Spreading by the reference's figures, when asked: the siblings'
        // (rebalance) or the children's (scale).
        let around = match how {
            How::Rebalance => plan
                .parent(node)
                .map_or_else(Vec::new, |p| plan.children(p).to_vec()),
            _ => plan.children(node).to_vec(),
        };
        let weights = self.reference_weights(around.into_iter(), quota);
        let kept = self.reference_kept(node, quota);
        let (n, q) = (node, quota);
        let op: Op = match (how, weights) {
            (How::Set, _) => {
                let r = self.ed.set_value(node, quota, value);
                return self.report(r);
            }
            (How::Rebalance, None) => Box::new(move |ed| ed.set_rebalance(n, q, value)),
            (How::Rebalance, Some(w)) => Box::new(move |ed| {
                ed.rebalance_given(n, q, value, &|c| w.get(&c).copied().unwrap_or(0))
            }),
            (How::Scale, None) => Box::new(move |ed| ed.scale(n, q, value)),
            (How::Scale, Some(w)) => Box::new(move |ed| {
                ed.scale_given(n, q, value, &|c| w.get(&c).copied().unwrap_or(0), kept)
            }),
        };
        let what = if how == How::Scale {
            "scale"
        } else {
            "rebalance"
        };
        self.apply_shared(op, what, None)
    }

    /// Delete `n`, then select the next sibling, else the previous, else
    /// the parent.
    pub(in crate::tui) fn delete_node(&mut self, n: NodeIx) {
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

    // ----- view: sort, filter, problems -----

    /// Sort and filter the table (a view: the plan keeps its order), and
    /// say what it shows.
    pub(in crate::tui) fn set_order(&mut self, order: Order) {
        self.view.set_order(self.ed.plan(), order);
        match crate::tui::ui::view_state(self) {
            Some(s) => self.info(crate::t!(
                "app-view",
                view = s,
                sort = self.config.keys.label(Command::Sort),
                filter = self.config.keys.label(Command::Filter)
            )),
            None => self.info(crate::t!("app-view-all")),
        }
    }

    /// Go to the next (or previous) problem in the order of the screen:
    /// a parent over-allocated in a quota, or, when nothing is, one with
    /// something unallocated. Its "unallocated" line is selected, in that
    /// quota's column.
    fn next_problem(&mut self, forward: bool) {
        let plan = self.ed.plan();
        let nq = plan.quotas().len();
        // The "unallocated" lines come after their subtrees, in the order
        // the table shows siblings.
        let order = postorder(plan, self.view.order().sort);
        let at: std::collections::HashMap<NodeIx, usize> =
            order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let cells = |over: bool| -> Vec<(usize, usize)> {
            order
                .iter()
                .enumerate()
                .filter(|&(_, &n)| plan.is_parent(n))
                .flat_map(|(i, &n)| {
                    (0..nq)
                        .filter(move |&q| {
                            let r = plan.remainder(n, q);
                            if over { r < 0 } else { r > 0 }
                        })
                        .map(move |q| (i, q))
                })
                .collect()
        };
        let (list, over) = match cells(true) {
            c if !c.is_empty() => (c, true),
            _ => (cells(false), false),
        };
        if list.is_empty() {
            self.info(crate::t!("app-no-problems"));
            return;
        }
        // Where the selection is, in the same order: on an "unallocated"
        // line, that line's cell; on a node's row, just before its subtree.
        let n = self.selected_node();
        let here = at.get(&n).copied().unwrap_or(0);
        let cur: (usize, isize) = match self.selected_row() {
            Row::Rest { .. } | Row::Ghost { .. } => (
                here,
                self.selected_quota()
                    .map_or(-1, |q| isize::try_from(q).unwrap_or(isize::MAX)),
            ),
            Row::Node { .. } => (here + 1 - plan.preorder_from(n).count(), -1),
        };
        let key = |&(i, q): &(usize, usize)| (i, isize::try_from(q).unwrap_or(isize::MAX));
        let pick = if forward {
            list.iter().position(|c| key(c) > cur).unwrap_or(0)
        } else {
            list.iter()
                .rposition(|c| key(c) < cur)
                .unwrap_or(list.len() - 1)
        };
        let (i, q) = list[pick];
        let node = order[i];
        let r = plan.remainder(node, q);
        let nf = &self.config.numbers;
        let text = crate::t!(
            "app-problem",
            over = if over { "yes" } else { "no" },
            node = crate::say::node(&printable(plan.display_name(node))),
            quota = printable(&plan.quotas()[q].name),
            amount = nf.amount(r.unsigned_abs()),
            unit = printable(plan.unit_label()),
            place = nf.amount64(pick as u64 + 1),
            count = nf.amount64(list.len() as u64)
        );
        self.view.select_rest(self.ed.plan(), node);
        self.show_cell(q);
        if over {
            self.error(text);
        } else {
            self.info(text);
        }
    }

    // ----- yank and paste -----

    /// Copy the selected figure (a node's, or an "unallocated" line's).
    fn yank(&mut self) {
        let Some(d) = self.selected_dcol() else {
            self.error(crate::t!("app-select-column-copy"));
            return;
        };
        let plan = self.ed.plan();
        let value = match self.selected_row() {
            Row::Node { ix, .. } => {
                u64::try_from(plan.figure(ix, d.kind, d.sel)).unwrap_or(u64::MAX)
            }
            Row::Rest { parent, .. } => {
                let r = plan.figure_remainder(parent, d.kind, d.sel);
                let Ok(v) = u64::try_from(r) else {
                    self.error(crate::t!("app-copy-over"));
                    return;
                };
                v
            }
            // A node only in the reference: its figure there.
            Row::Ghost { rix, .. } => {
                let Some(v) = self.ghost_figure(rix, d) else {
                    self.error(crate::t!("app-reference-no-figure"));
                    return;
                };
                u64::try_from(v).unwrap_or(u64::MAX)
            }
        };
        self.register = Some(value);
        self.info(crate::t!(
            "app-copied",
            value = self.config.numbers.amount64(value),
            key = self.config.keys.label(Command::Paste)
        ));
    }

    /// Set the selected cell to the copied figure.
    fn paste_register(&mut self) {
        let Some(value) = self.register else {
            self.error(crate::t!(
                "app-nothing-copied",
                key = self.config.keys.label(Command::Yank)
            ));
            return;
        };
        if let Some((n, q)) = self.editable_cell() {
            self.apply_value(n, q, How::Set, value);
        }
    }

    /// Text pasted on the main screen with several figures (a column or a
    /// block copied from a spreadsheet): each line goes to the next sibling
    /// from the selected node down (in the order shown; rows of other
    /// levels between them are passed over, never set), each tab-separated
    /// cell to the next quota column; empty cells are left alone. One
    /// undoable step, refused whole (saying which line and figure) when any
    /// figure is not one or any value would be refused.
    fn paste_block(&mut self, text: &str) {
        if self.refuse_read_only() {
            return;
        }
        let Some(first_col) = self.view.col().checked_sub(1) else {
            self.error(crate::t!("app-select-column-paste"));
            return;
        };
        let Row::Node { ix: first, depth } = self.selected_row() else {
            self.error(crate::t!("app-paste-first-node"));
            return;
        };
        let plan = self.ed.plan();
        // The columns from the selected one right.
        let columns: Vec<Option<usize>> = self.view.dcols()[first_col..]
            .iter()
            .map(|d| d.cell(plan))
            .collect();
        let parent = plan.parent(first);
        // The selected node and the siblings shown after it.
        let targets: Vec<NodeIx> = self.view.rows().rows()[self.view.row()..]
            .iter()
            .take_while(|r| match r {
                Row::Node { depth: d, .. }
                | Row::Rest { depth: d, .. }
                | Row::Ghost { depth: d, .. } => *d >= depth,
            })
            .filter_map(|r| match *r {
                Row::Node { ix, depth: d } if d == depth && plan.parent(ix) == parent => Some(ix),
                _ => None,
            })
            .collect();
        // Lines end in LF, CR LF, or CR alone (as many terminals paste).
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
        if lines.len() > targets.len() {
            let under = parent.map_or_else(String::new, |p| {
                crate::say::node(&printable(plan.display_name(p)))
            });
            self.error(crate::t!(
                "app-paste-too-many",
                lines = lines.len(),
                rows = targets.len(),
                under = under
            ));
            return;
        }
        let mut cells = Vec::new();
        let mut places = Vec::new();
        for (i, (line, &n)) in lines.iter().zip(&targets).enumerate() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() > columns.len() {
                self.error(crate::t!(
                    "app-paste-too-wide",
                    line = i + 1,
                    figures = fields.len(),
                    columns = columns.len()
                ));
                return;
            }
            for (j, field) in fields.iter().enumerate() {
                let field = field.trim();
                if field.is_empty() {
                    continue;
                }
                let Some(q) = columns[j] else {
                    self.error(crate::t!("app-paste-sum", line = i + 1, figure = j + 1));
                    return;
                };
                match self.ed.parse_input(n, q, field) {
                    Ok(v) => {
                        cells.push((n, q, v));
                        places.push((i + 1, j + 1));
                    }
                    Err(e) => {
                        self.pasted_refusal(i + 1, j + 1, &e);
                        return;
                    }
                }
            }
        }
        match self.ed.paste(&cells) {
            Ok(o) => {
                self.report(Ok(o));
            }
            Err((at, e)) => match at.and_then(|k| places.get(k)) {
                Some(&(line, figure)) => self.pasted_refusal(line, figure, &e),
                None => self.refused(&e),
            },
        }
    }

    /// Why a pasted figure was refused, and where it is in the paste.
    fn pasted_refusal(&mut self, line: usize, figure: usize, e: &Refusal) {
        self.error(crate::t!(
            "app-paste-refused",
            line = line,
            figure = figure,
            why = crate::say::refusal(e, &self.config.numbers)
        ));
    }

    // ----- search -----

    /// The next node after (or before) `from` whose name or id contains
    /// `query` (case-insensitive), wrapping around; `inclusive` also
    /// considers `from` itself.
    /// Where a search for `query` from `from` lands (see
    /// [`NameIndex::find`](crate::core::find::NameIndex::find)); `Err` while
    /// the names of a big plan are still being indexed (a
    /// [`Msg::Indexed`] follows).
    pub(in crate::tui) fn find(
        &mut self,
        query: &str,
        from: NodeIx,
        forward: bool,
        inclusive: bool,
    ) -> Result<Option<NodeIx>, Indexing> {
        if !self.names_indexed() {
            return Err(Indexing);
        }
        Ok(self
            .names
            .as_ref()
            .and_then(|ix| ix.find(query, from, forward, inclusive)))
    }

    /// Whether the index of names is current; if not, it is built: here
    /// for a small plan, on the worker for a big one (then false).
    pub(in crate::tui) fn names_indexed(&mut self) -> bool {
        let plan = self.ed.plan();
        if self.names.as_ref().is_some_and(|ix| ix.is_current(plan)) {
            return true;
        }
        self.names = None;
        if plan.len() < INDEX_ON_WORKER {
            self.names = Some(crate::core::find::NameIndex::build(plan));
            return true;
        }
        if !self.indexing {
            self.indexing = true;
            self.effect(Effect::IndexNames {
                plan: self.ed.snapshot(),
            });
        }
        false
    }

    fn next_match(&mut self, forward: bool) {
        let Some(q) = self.last_search.clone() else {
            self.error(crate::t!("app-no-search"));
            return;
        };
        let from = self.selected_node();
        match self.find(&q, from, forward, false) {
            Ok(Some(n)) => {
                self.view.select_node(self.ed.plan(), n);
                self.info(format!("/{q}"));
            }
            Ok(None) => self.error(crate::t!("search-no-match", query = format!("{q:?}"))),
            Err(Indexing) => self.info(crate::t!("search-indexing-again")),
        }
    }

    // ----- mouse -----

    /// A click selects a cell; a double click edits a figure or folds a
    /// name; a click on a quota's header selects its column.
    fn click(&mut self, x: u16, y: u16, count: u8) {
        let areas = self.areas();
        let t = areas.table;
        if x < t.x || x >= t.x + t.width || y < t.y || y >= t.y + t.height {
            return;
        }
        let col = self.columns().column_at(x - t.x);
        // The first line of the table is its header.
        if y == t.y {
            if let Some(c) = col.filter(|&c| c > 0) {
                self.view.select_col(self.ed.plan(), c);
            }
            return;
        }
        let r = self.view.offset() + usize::from(y - t.y - 1);
        if r >= self.view.rows().rows().len() {
            return;
        }
        self.view.select_row(r);
        if let Some(c) = col {
            self.view.select_col(self.ed.plan(), c);
        }
        if count >= 2 {
            match col {
                Some(0) => self.toggle(),
                Some(_) => self.command(Command::Edit),
                None => {}
            }
        }
    }
}

/// The nodes of `plan` children first, each after its subtree, siblings in
/// the order the table shows them: the order of the "unallocated" lines in
/// a fully open table.
fn postorder(plan: &crate::core::Plan, sort: Option<Sort>) -> Vec<NodeIx> {
    let mut out = Vec::with_capacity(plan.len() + 1);
    let mut stack = vec![(ROOT, false)];
    let mut kids = Vec::new();
    while let Some((n, done)) = stack.pop() {
        if done {
            out.push(n);
        } else {
            stack.push((n, true));
            kids.clear();
            kids.extend_from_slice(plan.children(n));
            if let Some(sort) = sort {
                kids.sort_by(|&a, &b| Order::compare(sort, plan, a, b));
            }
            stack.extend(kids.iter().rev().map(|&c| (c, false)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::{app, type_text};
    use crate::tui::rows::{Filter, SortKey};

    fn message(a: &App) -> String {
        a.message().map_or_else(String::new, |m| m.text.clone())
    }

    /// The names of the nodes shown, in order.
    fn shown(a: &App) -> Vec<String> {
        a.view()
            .rows()
            .rows()
            .iter()
            .filter_map(|r| match r {
                Row::Node { ix, .. } if *ix != ROOT => Some(a.plan().node(*ix).id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn sorting_orders_siblings_and_never_the_plan() {
        let mut a = app();
        let before: Vec<String> = a
            .plan()
            .children(ROOT)
            .iter()
            .map(|&c| a.plan().node(c).id.clone())
            .collect();
        // Ion-adsorption, largest first.
        a.select(ROOT, 2);
        a.handle(Msg::Cmd(Command::Sort));
        assert_eq!(a.dialog_name(), Some("sort"));
        a.handle(Msg::Choice('v'));
        let ion: Vec<u64> = a
            .view()
            .rows()
            .rows()
            .iter()
            .filter_map(|r| match r {
                Row::Node { ix, depth: 1 } => Some(a.plan().value(*ix, 1)),
                _ => None,
            })
            .collect();
        assert!(ion.windows(2).all(|w| w[0] >= w[1]), "{ion:?}");
        assert_eq!(shown(&a)[0], "jx");
        assert!(message(&a).contains("by ion ▼"), "{}", message(&a));
        // The plan keeps its order.
        let after: Vec<String> = a
            .plan()
            .children(ROOT)
            .iter()
            .map(|&c| a.plan().node(c).id.clone())
            .collect();
        assert_eq!(before, after);
        // Again: smallest first; then back to the plan's order.
        a.handle(Msg::Cmd(Command::Sort));
        a.handle(Msg::Choice('v'));
        assert!(!a.view().order().sort.unwrap().descending);
        a.handle(Msg::Cmd(Command::Sort));
        a.handle(Msg::Choice('t'));
        assert_eq!(a.view().order().sort, None);
        assert_eq!(shown(&a), before);
    }

    #[test]
    fn a_sorted_table_follows_an_edit_and_keeps_the_selection() {
        let mut a = app();
        a.select(ROOT, 1);
        a.handle(Msg::Cmd(Command::Sort));
        a.handle(Msg::Choice('n'));
        assert_eq!(a.view().order().sort.unwrap().key, SortKey::Name);
        let sd = a.plan().find("sd").unwrap();
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Sort));
        a.handle(Msg::Choice('v'));
        let rank = |a: &App| shown(a).iter().position(|id| id == "sd").unwrap();
        let was = rank(&a);
        a.handle(Msg::StartEdit('0'));
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(sd, 0), 0, "{}", message(&a));
        assert!(rank(&a) > was, "Shandong moved down with its figure");
        assert_eq!(a.selected_node(), sd, "the selection follows it");
    }

    #[test]
    fn filters_keep_problem_rows_and_their_parents() {
        let mut a = app();
        a.handle(Msg::Cmd(Command::Filter));
        a.handle(Msg::Choice('u'));
        assert_eq!(a.view().order().filter, Filter::Unallocated);
        // Inner Mongolia has 4,250 t of rock-type left; the national row
        // its smelting.
        assert_eq!(shown(&a), ["nm"]);
        assert!(
            a.view()
                .rows()
                .rows()
                .iter()
                .any(|r| matches!(r, Row::Rest { parent, .. } if *parent == ROOT)),
            "the national remainder line stays"
        );
        assert!(
            message(&a).contains("only unallocated (2)"),
            "{}",
            message(&a)
        );
        // A text filter: the enterprises and their provinces.
        a.handle(Msg::Cmd(Command::Filter));
        a.handle(Msg::Choice('t'));
        assert_eq!(a.dialog_name(), Some("prompt"));
        type_text(&mut a, "rare earth");
        a.handle(Msg::Submit);
        let ids = shown(&a);
        assert!(ids.contains(&"nm".to_owned()) && ids.contains(&"jx-ganzhou".to_owned()));
        assert!(!ids.contains(&"sd".to_owned()), "{ids:?}");
        a.handle(Msg::Cmd(Command::Filter));
        a.handle(Msg::Choice('a'));
        assert_eq!(a.view().order().filter, Filter::All);
        assert_eq!(shown(&a).len(), a.plan().children(ROOT).len());
    }

    #[test]
    fn folding_works_in_a_filtered_table() {
        let mut a = app();
        a.handle(Msg::Cmd(Command::Filter));
        a.handle(Msg::Choice('t'));
        type_text(&mut a, "rare earth");
        a.handle(Msg::Submit);
        let nm = a.plan().find("nm").unwrap();
        // Opened by the filter, showing only its enterprise that matches.
        assert!(a.view().rows().is_expanded(nm));
        assert!(shown(&a).contains(&"nm-northern".to_owned()));
        assert!(!shown(&a).contains(&"nm-huamei".to_owned()));
        a.select(nm, 0);
        a.handle(Msg::Cmd(Command::Toggle));
        assert!(!a.view().rows().is_expanded(nm), "the marker follows");
        assert!(!shown(&a).contains(&"nm-northern".to_owned()));
        // Opened by hand: all its children.
        a.handle(Msg::Cmd(Command::Toggle));
        assert!(a.view().rows().is_expanded(nm));
        assert!(shown(&a).contains(&"nm-huamei".to_owned()));
        // A search for a node the filter hides shows it in its place.
        a.handle(Msg::Cmd(Command::Search));
        type_text(&mut a, "Leshan");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().node(a.selected_node()).id, "sc-shenghe");
        assert!(
            matches!(a.view().order().filter, Filter::Text(_)),
            "still filtered"
        );
    }

    #[test]
    fn next_problem_goes_to_over_allocation_first_then_unallocated() {
        let mut a = app();
        // Nothing over-allocated: the first unallocated after national is
        // Inner Mongolia's rock-type.
        a.handle(Msg::Cmd(Command::NextProblem));
        let nm = a.plan().find("nm").unwrap();
        assert_eq!(
            a.selected_row(),
            Row::Rest {
                parent: nm,
                depth: 2
            }
        );
        assert_eq!(a.selected_quota(), Some(0));
        assert!(message(&a).contains("4,250"), "{}", message(&a));
        assert!(
            message(&a).contains("(1 of 2 unallocated)"),
            "{}",
            message(&a)
        );
        // Next: the national smelting; then round again.
        a.handle(Msg::Cmd(Command::NextProblem));
        assert_eq!(
            a.selected_row(),
            Row::Rest {
                parent: ROOT,
                depth: 1
            }
        );
        assert_eq!(a.selected_quota(), Some(2));
        assert!(
            message(&a).contains("(2 of 2 unallocated)"),
            "{}",
            message(&a)
        );
        // Every cell of a parent is a problem of its own: with national
        // rock-type left over too, it comes before national smelting, in
        // the column order; and [ goes back.
        let sd = a.plan().find("sd").unwrap();
        a.apply(|ed| ed.set_value(sd, 0, 3000));
        a.select(ROOT, 1);
        for (parent, q) in [(nm, 0), (ROOT, 0), (ROOT, 2), (nm, 0)] {
            a.handle(Msg::Cmd(Command::NextProblem));
            assert_eq!(a.selected_row().node(), parent, "{}", message(&a));
            assert_eq!(a.selected_quota(), Some(q), "{}", message(&a));
        }
        a.handle(Msg::Cmd(Command::PrevProblem));
        assert_eq!(
            (a.selected_row().node(), a.selected_quota()),
            (ROOT, Some(2))
        );
        // Sorted, the problems come in the order of the screen: with Jiangxi
        // over Inner Mongolia (ion-adsorption, largest first) and Jiangxi
        // left with ion-adsorption to give, Jiangxi comes first.
        let jx = a.plan().find("jx").unwrap();
        let gz = a.plan().find("jx-ganzhou").unwrap();
        a.apply(|ed| ed.set_value(gz, 1, 5000));
        a.select(ROOT, 2);
        a.handle(Msg::Cmd(Command::Sort));
        a.handle(Msg::Choice('v'));
        a.select(ROOT, 0);
        a.handle(Msg::Cmd(Command::NextProblem));
        assert_eq!(a.selected_row().node(), jx, "{}", message(&a));
        // Over-allocated comes first from anywhere: Sichuan's enterprises
        // given 1,000 t more than Sichuan has.
        let sc = a.plan().find("sc").unwrap();
        let json = crate::storage::EXAMPLE_2018_JSON.replace("\"rock\": 12000", "\"rock\": 13000");
        let plan = crate::storage::parse_plan(&json).unwrap();
        let mut a = crate::tui::app::App::new(
            plan,
            crate::tui::app::Source::Sample,
            crate::tui::config::Config::default(),
            (120, 40),
        );
        a.handle(Msg::Cmd(Command::NextProblem));
        assert_eq!(
            a.selected_row(),
            Row::Rest {
                parent: sc,
                depth: 2
            }
        );
        assert!(
            message(&a).contains("over-allocated by 1,000 t REO (1 of 1 over-allocated)"),
            "{}",
            message(&a)
        );
        assert_eq!(a.message().unwrap().tone, crate::tui::app::Tone::Error);
    }

    #[test]
    fn yank_and_paste_a_figure() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let nm = a.plan().find("nm").unwrap();
        a.handle(Msg::Cmd(Command::Paste));
        assert!(message(&a).contains("nothing copied"), "{}", message(&a));
        // Inner Mongolia's unallocated 4,250 onto Baotou Huamei's 5,000:
        // an increase of... no: onto a new enterprise would need room.
        a.select(sd, 1);
        a.handle(Msg::Cmd(Command::Yank));
        assert!(message(&a).contains("copied 3,600"), "{}", message(&a));
        let huamei = a.plan().find("nm-huamei").unwrap();
        a.select(huamei, 1);
        a.handle(Msg::Cmd(Command::Paste));
        assert_eq!(a.plan().value(huamei, 0), 3600, "{}", message(&a));
        assert_eq!(a.plan().remainder(nm, 0), 5650);
        a.handle(Msg::Cmd(Command::Undo));
        assert_eq!(a.plan().value(huamei, 0), 5000);
        // The usual refusals: Fujian has no rock-type room at national.
        let fj = a.plan().find("fj").unwrap();
        a.select(fj, 1);
        a.handle(Msg::Cmd(Command::Paste));
        assert_eq!(a.plan().value(fj, 0), 0);
        assert!(message(&a).starts_with("refused"), "{}", message(&a));
    }

    #[test]
    fn a_pasted_column_fills_the_rows_below_in_one_step() {
        let mut a = app();
        let gz = a.plan().find("jx-ganzhou").unwrap();
        let mm = a.plan().find("jx-minmetals").unwrap();
        // Ganzhou 6,000 and Minmetals 2,500 of ion-adsorption become 5,000
        // and 3,500: one step, the decrease made room for the increase.
        a.select(gz, 2);
        a.handle(Msg::Paste("5,000\r\n3,500\r\n".to_owned()));
        assert_eq!(
            (a.plan().value(gz, 1), a.plan().value(mm, 1)),
            (5000, 3500),
            "{}",
            message(&a)
        );
        assert!(message(&a).contains("pasted 2 values"), "{}", message(&a));
        a.handle(Msg::Cmd(Command::Undo));
        assert_eq!(a.plan().value(gz, 1), 6000);
        // Never past the last enterprise of Jiangxi.
        a.handle(Msg::Paste("1\n1\n1\n".to_owned()));
        assert!(
            message(&a).contains("3 lines pasted, but only 2 rows under Jiangxi"),
            "{}",
            message(&a)
        );
        // A figure that is not one refuses the whole paste, saying where.
        a.handle(Msg::Paste("6000\rabc\r".to_owned()));
        assert!(
            message(&a).contains("pasted line 2, figure 1"),
            "{}",
            message(&a)
        );
        // Tabs go to the quota columns to the right; a value refused says
        // where it is too (Jiangxi has no smelting to give).
        a.handle(Msg::Paste("6000\t7\n".to_owned()));
        assert!(
            message(&a).starts_with("refused: pasted line 1, figure 2: Jiangxi"),
            "{}",
            message(&a)
        );
        assert_eq!(a.plan().value(gz, 1), 6000, "refused whole");
        a.handle(Msg::Paste("5900\t0\n\t\n".to_owned()));
        assert_eq!(a.plan().value(gz, 1), 5900, "{}", message(&a));
        // Provinces: the enterprises shown between them are passed over.
        let nm = a.plan().find("nm").unwrap();
        let sd = a.plan().find("sd").unwrap();
        a.select(nm, 1);
        a.handle(Msg::Cmd(Command::Toggle));
        a.handle(Msg::Paste("69250\n28000\n3000\n".to_owned()));
        assert_eq!(a.plan().value(sd, 0), 3000, "{}", message(&a));
        assert_eq!(a.plan().value(nm, 0), 69_250);
        // Locked rows refuse.
        let northern = a.plan().find("nm-northern").unwrap();
        a.select(northern, 1);
        a.handle(Msg::Paste("1\n2\n".to_owned()));
        assert!(message(&a).contains("locked"), "{}", message(&a));
    }

    #[test]
    fn shares_show_beside_the_figures() {
        let mut a = app();
        assert_eq!(a.columns().share_width, 0);
        a.handle(Msg::Cmd(Command::ToggleShares));
        assert!(a.columns().share_width >= 6);
        a.handle(Msg::Cmd(Command::ToggleShares));
        assert_eq!(a.columns().share_width, 0);
    }

    #[test]
    fn a_double_click_on_a_figure_edits_it() {
        let mut a = app();
        let cols = a.columns();
        let (_, x, _) = cols.quotas[0];
        let t = a.areas().table;
        // Row 3 of the table: Sichuan (national, Inner Mongolia, Sichuan).
        let y = t.y + 1 + 2;
        a.handle(Msg::Click {
            x: t.x + x + 2,
            y,
            count: 1,
        });
        assert_eq!(a.plan().node(a.selected_node()).id, "sc");
        assert_eq!(a.dialog_name(), None);
        a.handle(Msg::Click {
            x: t.x + x + 2,
            y,
            count: 2,
        });
        assert_eq!(a.dialog_name(), Some("edit"));
        a.handle(Msg::Cancel);
        // On the name: folds.
        a.handle(Msg::Click {
            x: t.x + 3,
            y,
            count: 2,
        });
        assert!(a.view().rows().is_expanded(a.selected_node()));
        // A click on a quota header selects its column.
        let (_, x3, _) = a.columns().quotas[2];
        a.handle(Msg::Click {
            x: t.x + x3 + 1,
            y: t.y,
            count: 1,
        });
        assert_eq!(a.view().col(), 3);
    }

    #[test]
    fn esc_says_the_same_thing_in_every_dialog() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        for (c, what) in [
            (Command::Edit, "edit"),
            (Command::Rename, "rename"),
            (Command::Move, "move"),
            (Command::Search, "search"),
            (Command::Export, "export"),
            (Command::Quotas, "quota kinds"),
            (Command::Sort, "sort"),
            (Command::Filter, "filter"),
            (Command::Delete, "delete"),
            (Command::PlanInfo, "plan info"),
        ] {
            a.select(sd, 1);
            a.handle(Msg::Cmd(c));
            assert!(a.dialog_name().is_some(), "{c:?}");
            a.handle(Msg::Cancel);
            assert_eq!(a.dialog_name(), None, "{c:?}");
            assert_eq!(message(&a), format!("{what} cancelled; nothing changed"));
        }
    }

    #[test]
    fn every_level_name_can_be_edited() {
        let mut a = app();
        a.handle(Msg::Cmd(Command::PlanInfo));
        a.handle(Msg::Submit); // title
        a.handle(Msg::Submit); // year
        a.handle(Msg::Submit); // unit
        assert_eq!(a.input().unwrap().text(), "Province, Enterprise");
        type_text(&mut a, "集团，企业");
        a.handle(Msg::Submit);
        assert_eq!(a.plan().meta().levels, ["集团", "企业"]);
        assert_eq!(a.dialog_name(), None);
    }
}
