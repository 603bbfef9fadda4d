//! What the planner looks at: the visible rows, the selected cell, the
//! scroll position and the cells the last operation changed. A pure view of
//! the plan: nothing here changes a figure.

use std::collections::HashSet;

use super::layout::Areas;
use super::rows::{Filter, Order, Row, Rows};
use crate::core::layout::Sel;
use crate::core::{NodeIx, Plan};

/// A column of the table: a quota kind's figures for one batch or the
/// cumulative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DCol {
    /// The kind (position among the plan's kinds).
    pub kind: usize,
    /// Which batches.
    pub sel: Sel,
}

impl DCol {
    /// The engine column it shows, when it can be edited: a stored kind in
    /// one batch.
    pub fn cell(self, plan: &Plan) -> Option<usize> {
        let layout = plan.layout();
        match self.sel {
            Sel::Batch(b) if !layout.kinds().get(self.kind)?.is_derived() => {
                layout.column(self.kind, b)
            }
            _ => None,
        }
    }
}

/// Which batches the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchView {
    /// One batch (the one edited); a plan without batches has only this.
    One(usize),
    /// Every batch and the cumulative, kind by kind.
    All,
    /// The cumulative of each kind only.
    Cumulative,
}

/// The table's columns for `mode`: every kind (derived ones beside their
/// parts) for one batch, for every batch with the cumulative, or the
/// cumulative alone.
pub fn columns_for(plan: &Plan, mode: BatchView) -> Vec<DCol> {
    let layout = plan.layout();
    let nk = layout.kinds().len();
    let nb = layout.batch_count();
    let mut out = Vec::new();
    for kind in 0..nk {
        match mode {
            _ if !layout.has_batches() => out.push(DCol {
                kind,
                sel: Sel::Batch(0),
            }),
            BatchView::One(b) => out.push(DCol {
                kind,
                sel: Sel::Batch(b.min(nb - 1)),
            }),
            BatchView::All => {
                out.extend((0..nb).map(|b| DCol {
                    kind,
                    sel: Sel::Batch(b),
                }));
                out.push(DCol {
                    kind,
                    sel: Sel::Cumulative,
                });
            }
            BatchView::Cumulative => out.push(DCol {
                kind,
                sel: Sel::Cumulative,
            }),
        }
    }
    out
}

/// The selection, scrolling and highlights of the main table.
#[derive(Debug, Clone)]
pub struct View {
    rows: Rows,
    row: usize,
    col: usize,
    offset: usize,
    size: (u16, u16),
    /// Cells the last operation changed: (node, quota).
    changed: HashSet<(NodeIx, usize)>,
    /// The details panel is shown (when there is room).
    details: bool,
    /// Each quota column shows the share of the parent beside the figure.
    shares: bool,
    /// Which batches the table shows.
    #[allow(clippy::struct_field_names, reason = "the view of batches")]
    batch_view: BatchView,
    /// The columns, and what they were made for (layout version, view).
    dcols: Vec<DCol>,
    dcols_for: Option<(u64, BatchView)>,
}

impl View {
    /// The view of `plan` on a terminal of `size`: national selected, the
    /// first quota column.
    pub fn new(plan: &Plan, size: (u16, u16)) -> Self {
        let mut rows = Rows::new();
        rows.refresh(plan);
        // A plan with batches opens on its last batch: the one being shared
        // out.
        let batch_view = BatchView::One(plan.layout().batch_count() - 1);
        let mut v = Self {
            rows,
            row: 0,
            col: 1,
            offset: 0,
            size,
            changed: HashSet::new(),
            details: true,
            shares: false,
            batch_view,
            dcols: Vec::new(),
            dcols_for: None,
        };
        v.refresh_columns(plan);
        v
    }

    /// Make the columns again when the layout or the view changed.
    fn refresh_columns(&mut self, plan: &Plan) {
        let key = (plan.structure_version(), self.batch_view);
        if self.dcols_for != Some(key) {
            let nb = plan.layout().batch_count();
            if let BatchView::One(b) = self.batch_view
                && b >= nb
            {
                self.batch_view = BatchView::One(nb - 1);
            }
            let before = self.selected_dcol();
            self.dcols = columns_for(plan, self.batch_view);
            self.dcols_for = Some((plan.structure_version(), self.batch_view));
            // The same kind stays selected.
            if let Some(d) = before {
                let same = self
                    .dcols
                    .iter()
                    .position(|x| *x == d)
                    .or_else(|| self.dcols.iter().position(|x| x.kind == d.kind));
                if let Some(i) = same {
                    self.col = i + 1;
                }
            }
            self.col = self.col.min(self.dcols.len());
        }
    }

    /// The table's columns.
    pub fn dcols(&self) -> &[DCol] {
        &self.dcols
    }

    /// Which batches the table shows.
    pub fn batch_view(&self) -> BatchView {
        self.batch_view
    }

    /// Show other batches.
    pub fn set_batch_view(&mut self, plan: &Plan, mode: BatchView) {
        self.batch_view = mode;
        self.refresh_columns(plan);
    }

    /// The batch being edited: the one shown, or (all shown) the selected
    /// column's, or the last.
    pub fn batch(&self, plan: &Plan) -> usize {
        match (self.batch_view, self.selected_dcol().map(|d| d.sel)) {
            (BatchView::One(b), _) | (_, Some(Sel::Batch(b))) => b,
            _ => plan.layout().batch_count() - 1,
        }
    }

    /// The selected column, when it is a quota's.
    pub fn selected_dcol(&self) -> Option<DCol> {
        self.col
            .checked_sub(1)
            .and_then(|i| self.dcols.get(i).copied())
    }

    /// The display column (1..) showing engine column `q`, if shown.
    pub fn col_of_cell(&mut self, plan: &Plan, q: usize) -> Option<usize> {
        self.refresh_columns(plan);
        self.dcols
            .iter()
            .position(|d| d.cell(plan) == Some(q))
            .map(|i| i + 1)
    }

    /// The visible rows.
    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    /// The selected row's index.
    pub fn row(&self) -> usize {
        self.row
    }

    /// The selected column: 0 the name, 1.. the quotas.
    pub fn col(&self) -> usize {
        self.col
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The terminal size.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The screen's regions.
    pub fn areas(&self) -> Areas {
        Areas::new(
            ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1),
            self.details,
        )
    }

    /// Whether the details panel is on (it shows when there is room).
    pub fn details_shown(&self) -> bool {
        self.details
    }

    /// Show or hide the details panel; whether it is shown now.
    pub fn toggle_details(&mut self) -> bool {
        self.details = !self.details;
        self.details
    }

    /// Whether the quota columns show shares of the parent.
    pub fn shares_shown(&self) -> bool {
        self.shares
    }

    /// Show or hide the share columns; whether they are shown now.
    pub fn toggle_shares(&mut self) -> bool {
        self.shares = !self.shares;
        self.shares
    }

    /// How the rows are sorted and filtered.
    pub fn order(&self) -> &Order {
        self.rows.order()
    }

    /// Sort and filter the rows (a view: the plan is not changed). The
    /// selection stays on its node when it is still shown.
    pub fn set_order(&mut self, plan: &Plan, order: Order) {
        self.rows.set_order(order);
        self.settle(plan);
    }

    /// Show the nodes only in a reference plan (None: none).
    pub fn set_ghosts(&mut self, plan: &Plan, ghosts: Option<super::rows::Ghosts>) {
        self.rows.set_ghosts(ghosts);
        self.settle(plan);
    }

    /// Select the "unallocated" line of `parent`, opening it and its
    /// ancestors.
    pub fn select_rest(&mut self, plan: &Plan, parent: NodeIx) {
        self.rows.reveal(plan, parent);
        self.rows.set_expanded(parent, true);
        let find = |rows: &Rows| {
            rows.rows()
                .iter()
                .position(|r| matches!(r, Row::Rest { parent: p, .. } if *p == parent))
        };
        if let Some(r) = self.shown(plan, find) {
            self.row = r;
        }
    }

    /// The row `find` finds, after a refresh; when a filter hides it, the
    /// filter is dropped (the sort stays) so that it shows.
    fn shown(&mut self, plan: &Plan, find: impl Fn(&Rows) -> Option<usize>) -> Option<usize> {
        self.rows.refresh(plan);
        if let Some(r) = find(&self.rows) {
            return Some(r);
        }
        if self.rows.order().filter == Filter::All {
            return None;
        }
        let sort = self.rows.order().sort;
        self.rows.set_order(Order {
            sort,
            filter: Filter::All,
        });
        self.rows.refresh(plan);
        find(&self.rows)
    }

    /// The selected row.
    pub fn selected_row(&self) -> Row {
        self.rows.rows()[self.row]
    }

    /// The node of the selected row (for a remainder line, its parent).
    pub fn selected_node(&self) -> NodeIx {
        self.selected_row().node()
    }

    /// The selected quota, when a quota column is selected.
    pub fn selected_quota(&self, plan: &Plan) -> Option<usize> {
        self.selected_dcol().and_then(|d| d.cell(plan))
    }

    /// Whether the last operation changed this cell.
    pub fn is_changed(&self, n: NodeIx, q: usize) -> bool {
        self.changed.contains(&(n, q))
    }

    /// Mark the cells an operation changed (replacing the last marks).
    pub fn mark_changed(&mut self, cells: impl IntoIterator<Item = (NodeIx, usize)>) {
        self.changed = cells.into_iter().collect();
    }

    /// The terminal was resized.
    pub fn resize(&mut self, size: (u16, u16)) {
        self.size = size;
    }

    /// Move the selection by `d` rows (clamped).
    pub fn move_rows(&mut self, d: isize) {
        let last = self.rows.rows().len() - 1;
        self.row = self.row.saturating_add_signed(d).min(last);
    }

    /// Select row `r` (clamped).
    pub fn select_row(&mut self, r: usize) {
        self.row = r.min(self.rows.rows().len() - 1);
    }

    /// Select column `c` (clamped to the quotas of `plan`).
    pub fn select_col(&mut self, plan: &Plan, c: usize) {
        self.refresh_columns(plan);
        self.col = c.min(self.dcols.len());
    }

    /// Move the selected column by `d` (clamped).
    pub fn move_cols(&mut self, plan: &Plan, d: isize) {
        self.select_col(plan, self.col.saturating_add_signed(d));
    }

    /// Rows in a page of the table.
    pub fn page(&self) -> usize {
        usize::from(self.areas().table_rows().max(1))
    }

    /// Show or hide `n`'s children.
    pub fn set_expanded(&mut self, n: NodeIx, open: bool) {
        self.rows.set_expanded(n, open);
    }

    /// Expand every node.
    pub fn expand_all(&mut self, plan: &Plan) {
        self.rows.expand_all(plan);
    }

    /// Collapse every node.
    pub fn collapse_all(&mut self) {
        self.rows.collapse_all();
    }

    /// Select node `n`, opening its ancestors so that it shows.
    pub fn select_node(&mut self, plan: &Plan, n: NodeIx) {
        self.rows.reveal(plan, n);
        if let Some(r) = self.shown(plan, |rows| rows.position(n)) {
            self.row = r;
        }
    }

    /// After any change: rebuild the rows if the plan's shape or the
    /// expansion changed, keep the selection on its node, the column on a
    /// quota that exists, and the selection in view (also after the
    /// terminal grew: the rows above come back into view).
    pub fn settle(&mut self, plan: &Plan) {
        let before = self.rows.rows().get(self.row).copied();
        if self.rows.refresh(plan) {
            let target = before.map(Row::node).filter(|&n| plan.is_live(n));
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
        self.refresh_columns(plan);
        self.col = self.col.min(self.dcols.len());
        let height = usize::from(self.areas().table_rows());
        if self.row < self.offset {
            self.offset = self.row;
        } else if height > 0 && self.row >= self.offset + height {
            self.offset = self.row + 1 - height;
        }
        // Never leave empty rows at the bottom while rows above are hidden.
        let total = self.rows.rows().len();
        if height > 0 && self.offset + height > total {
            self.offset = total.saturating_sub(height);
        }
        self.offset = self.offset.min(last);
    }

    /// Forget the rows (a new plan was loaded): national selected.
    pub fn reset(&mut self, plan: &Plan) {
        let (details, shares) = (self.details, self.shares);
        *self = Self::new(plan, self.size);
        self.details = details;
        self.shares = shares;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::example_2018 as sample;

    #[test]
    fn growing_the_terminal_brings_the_top_rows_back() {
        let plan = sample();
        let mut v = View::new(&plan, (80, 24));
        v.expand_all(&plan);
        v.settle(&plan);
        v.select_row(usize::MAX);
        v.settle(&plan);
        assert!(v.offset() > 0, "scrolled at 80x24");
        v.resize((120, 40));
        v.settle(&plan);
        assert_eq!(v.offset(), 0, "everything fits at 120x40: from the top");
    }

    #[test]
    fn the_selection_follows_its_node_and_stays_in_view() {
        let plan = sample();
        let mut v = View::new(&plan, (80, 24));
        let sd = plan.find("sd").unwrap();
        v.select_node(&plan, sd);
        let nm = plan.find("nm").unwrap();
        v.set_expanded(nm, true);
        v.settle(&plan);
        assert_eq!(v.selected_node(), sd);
        v.move_rows(-100);
        assert_eq!(v.row(), 0);
        v.move_cols(&plan, 10);
        assert_eq!(v.col(), 3);
    }
}
