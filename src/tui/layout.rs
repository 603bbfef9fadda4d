//! Where things go on the screen: pure functions of the terminal size and the
//! plan, used by drawing and by mouse handling alike.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::config::NumberFormat;
use super::rows::Row;
use super::view::DCol;
use crate::core::layout::Sel;
use crate::core::{Plan, ROOT};

/// The smallest terminal the planner draws in.
pub const MIN_SIZE: (u16, u16) = (60, 15);

/// Width of the details panel when it sits beside the table.
const SIDE_PANEL: u16 = 46;
/// The same on wide terminals.
const WIDE_PANEL: u16 = 64;
/// The name column grows no wider than this; the figures stay near the
/// names.
const MAX_NAME: u16 = 60;

/// The screen's regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The whole screen.
    pub full: Rect,
    /// Whether the terminal is below [`MIN_SIZE`].
    pub too_small: bool,
    /// Title, file and balance line.
    pub header: Rect,
    /// The tree-table (first line: column headers).
    pub table: Rect,
    /// The details panel, when there is room.
    pub details: Option<Rect>,
    /// Message and prompt line.
    pub message: Rect,
    /// Key hints.
    pub hints: Rect,
}

impl Areas {
    /// The layout for a screen of `full` size, with the details panel when
    /// `details` and there is room.
    pub fn new(full: Rect, details: bool) -> Self {
        let too_small = full.width < MIN_SIZE.0 || full.height < MIN_SIZE.1;
        let line = |y: u16| Rect::new(full.x, y, full.width, 1);
        let h = full.height.max(3);
        let header = line(full.y);
        let message = line(full.y + h - 2);
        let hints = line(full.y + h - 1);
        let body = Rect::new(full.x, full.y + 1, full.width, h - 3);
        let (table, details) = if !details {
            (body, None)
        } else if full.width >= 110 {
            let side = if full.width >= 160 {
                WIDE_PANEL
            } else {
                SIDE_PANEL
            };
            let t = Rect::new(body.x, body.y, body.width - side, body.height);
            let d = Rect::new(body.x + t.width, body.y, side, body.height);
            (t, Some(d))
        } else if full.height >= 22 {
            let dh = (body.height / 3).clamp(9, 12);
            let t = Rect::new(body.x, body.y, body.width, body.height - dh);
            let d = Rect::new(body.x, body.y + t.height, body.width, dh);
            (t, Some(d))
        } else {
            (body, None)
        };
        Self {
            full,
            too_small,
            header,
            table,
            details,
            message,
            hints,
        }
    }

    /// Number of plan rows the table shows (its height less the header).
    pub fn table_rows(&self) -> u16 {
        self.table.height.saturating_sub(1)
    }
}

/// The table's columns: the name column, then the quota columns that fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Width of the name column (after the one-cell lock gutter).
    pub name_width: u16,
    /// Shown quota columns: position among the view's columns, x offset
    /// in the table, width.
    pub quotas: Vec<(usize, u16, u16)>,
    /// Whether quota columns are hidden on the left or right.
    pub clipped: bool,
    /// Whether the headers are the quota names (else the ids): the same
    /// for every column of a screen.
    pub named: bool,
    /// Width of the share of the parent at the right of each quota
    /// column (0: shares hidden).
    pub share_width: u16,
    /// Width of the reference's figure after that (0: hidden).
    pub ref_width: u16,
    /// Width of the change from the reference after that (0: hidden).
    pub change_width: u16,
    /// Whether the columns are every batch and the cumulative (headings
    /// name the batch).
    pub all_batches: bool,
}

/// Width the figures of column `d` need among the rows shown (and the
/// national total): the widest, with room for a space; never cut.
fn figure_width(plan: &Plan, numbers: NumberFormat, d: DCol, shown: &[Row]) -> u16 {
    let mut w = numbers.amount(plan.figure(ROOT, d.kind, d.sel)).width();
    for r in shown {
        let text = match *r {
            Row::Node { ix, .. } => numbers.amount(plan.figure(ix, d.kind, d.sel)),
            Row::Rest { parent, .. } => {
                numbers.signed(plan.figure_remainder(parent, d.kind, d.sel))
            }
            Row::Ghost { .. } => String::new(),
        };
        w = w.max(text.width());
    }
    u16::try_from((w + 2).max(9)).unwrap_or(u16::MAX)
}

/// The heading of column `d`: the kind's id or name; with batches, in the
/// view of them all, the batch's id (`rock@b1`) or name, and `Σ` for the
/// cumulative.
pub fn heading(plan: &Plan, d: DCol, named: bool, all: bool) -> String {
    let layout = plan.layout();
    let kind = &layout.kinds()[d.kind];
    let base = if named { &kind.name } else { &kind.id };
    match (all, d.sel) {
        (false, _) => base.clone(),
        (true, Sel::Batch(b)) => match layout.batches().get(b) {
            Some(batch) if named => format!("{base}, {}", batch.name),
            Some(batch) => format!("{base}@{}", batch.id),
            None => base.clone(),
        },
        (true, Sel::Cumulative) => format!("{base} Σ"),
    }
}

const MIN_NAME: u16 = 16;

/// What each quota column shows besides its figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// The share of the parent.
    pub shares: bool,
    /// Width of the reference's figure (0: none).
    pub reference: u16,
    /// Width of the change from the reference (0: none).
    pub change: u16,
}

impl Columns {
    /// Columns for a table `width` wide showing the rows `shown`, keeping
    /// column `selected` (0 name, 1.. quotas) in view; with `shares`, each
    /// quota column also shows the share of the parent.
    pub fn new(
        plan: &Plan,
        dcols: &[DCol],
        numbers: &NumberFormat,
        width: u16,
        selected: usize,
        shown: &[Row],
        extras: Extras,
    ) -> Self {
        let shares = extras.shares;
        let ref_width = extras.reference + extras.change;
        let nq = dcols.len();
        let all = dcols.iter().any(|d| d.sel == Sel::Cumulative)
            && dcols.iter().any(|d| matches!(d.sel, Sel::Batch(_)));
        let share_width = if shares {
            numbers
                .share(1, 1)
                .map_or(0, |s| u16::try_from(s.width() + 1).unwrap_or(0))
        } else {
            0
        };
        // Wide enough for the figures shown, and for the quota's id (the
        // heading when names do not fit): a heading is never cut.
        let mut widths: Vec<u16> = dcols
            .iter()
            .map(|&d| {
                // And a sort arrow after it.
                let id =
                    u16::try_from(heading(plan, d, false, all).width() + 2).unwrap_or(u16::MAX);
                (figure_width(plan, *numbers, d, shown) + share_width + ref_width).max(id)
            })
            .collect();
        let room = width.saturating_sub(1 + MIN_NAME);
        // Wider columns, so that the quota names show, when everything fits
        // with a comfortable name column.
        let with_names: Vec<u16> = widths
            .iter()
            .zip(dcols)
            .map(|(&w, &d)| {
                w.max(u16::try_from(heading(plan, d, true, all).width() + 2).unwrap_or(u16::MAX))
            })
            .collect();
        let named = with_names.iter().all(|&w| w <= 24)
            && with_names.iter().sum::<u16>() + MIN_NAME <= room;
        if named {
            widths = with_names;
        }
        // First quota shown: move right until the selected one fits.
        let want = selected.saturating_sub(1).min(nq.saturating_sub(1));
        let mut first = 0;
        loop {
            let used: u16 = widths[first..=want.max(first).min(nq.saturating_sub(1))]
                .iter()
                .sum();
            if used <= room || first >= want {
                break;
            }
            first += 1;
        }
        let mut quotas = Vec::new();
        let mut used = 0u16;
        for (q, &w) in widths.iter().enumerate().skip(first) {
            if used + w > room {
                break;
            }
            quotas.push((q, w));
            used += w;
        }
        let name_width = width.saturating_sub(1 + used).min(MAX_NAME);
        let mut x = 1 + name_width;
        let quotas: Vec<(usize, u16, u16)> = quotas
            .into_iter()
            .map(|(q, w)| {
                let col = (q, x, w);
                x += w;
                col
            })
            .collect();
        let clipped = quotas.len() < nq;
        Self {
            name_width,
            quotas,
            clipped,
            named,
            share_width,
            ref_width: extras.reference,
            change_width: extras.change,
            all_batches: all,
        }
    }

    /// Column at table offset `x`: 0 for the name, 1.. for quotas.
    pub fn column_at(&self, x: u16) -> Option<usize> {
        if x < 1 + self.name_width {
            return Some(0);
        }
        self.quotas
            .iter()
            .find(|(_, cx, w)| x >= *cx && x < cx + w)
            .map(|(q, _, _)| q + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::example_2018 as sample;

    #[test]
    fn layouts_by_size() {
        let a = Areas::new(Rect::new(0, 0, 80, 24), true);
        assert!(!a.too_small);
        assert_eq!(a.table.width, 80);
        assert!(a.details.is_some());
        assert_eq!(a.hints.y, 23);
        let a = Areas::new(Rect::new(0, 0, 120, 40), true);
        assert_eq!(a.details.unwrap().x, 120 - SIDE_PANEL);
        let a = Areas::new(Rect::new(0, 0, 60, 15), true);
        assert!(!a.too_small);
        assert!(a.details.is_none());
        assert!(Areas::new(Rect::new(0, 0, 59, 15), true).too_small);
    }

    #[test]
    fn columns_fit_and_follow_the_selection() {
        let plan = sample();
        let numbers = crate::tui::config::Config::default().numbers;
        let c = Columns::new(
            &plan,
            &crate::tui::view::columns_for(&plan, crate::tui::view::BatchView::One(0)),
            &numbers,
            80,
            1,
            &[],
            Extras::default(),
        );
        assert_eq!(c.quotas.len(), 3);
        assert_eq!(c.column_at(0), Some(0));
        let (q, x, _) = c.quotas[1];
        assert_eq!(c.column_at(x), Some(q + 1));
        // Too narrow for all three: the selected one stays visible.
        let c = Columns::new(
            &plan,
            &crate::tui::view::columns_for(&plan, crate::tui::view::BatchView::One(0)),
            &numbers,
            40,
            3,
            &[],
            Extras::default(),
        );
        assert!(c.clipped);
        assert!(c.quotas.iter().any(|(q, _, _)| *q == 2));
        assert!(c.name_width >= MIN_NAME);
    }

    #[test]
    fn a_heading_is_never_cut() {
        let plan = crate::storage::parse_plan(
            r#"{"format": "allot-plan", "version": 1,
            "quotas": [{"id": "export-licence", "name": "Export licences for rare earth products", "total": 10},
                       {"id": "b", "name": "B", "total": 10}],
            "nodes": [{"id": "x", "name": "X", "alloc": {"b": 1}}]}"#,
        )
        .unwrap();
        let numbers = crate::tui::config::Config::default().numbers;
        let c = Columns::new(
            &plan,
            &crate::tui::view::columns_for(&plan, crate::tui::view::BatchView::One(0)),
            &numbers,
            120,
            1,
            &[],
            Extras::default(),
        );
        assert!(!c.named, "the long name does not fit");
        assert!(usize::from(c.quotas[0].2) > "export-licence▼".width());
    }

    #[test]
    fn columns_are_as_wide_as_the_figures_shown() {
        // Over-allocated by 1 t: the columns stay the width of the figures
        // shown, not of the largest figure possible, and never cut one.
        let plan = crate::storage::parse_plan(
            r#"{"format": "allot-plan", "version": 1,
            "quotas": [{"id": "a", "name": "A", "total": 10}, {"id": "b", "name": "B", "total": 10},
                       {"id": "c", "name": "C", "total": 10}, {"id": "d", "name": "D", "total": 10}],
            "nodes": [{"id": "x", "name": "X", "alloc": {"a": 11}},
                      {"id": "y", "name": "Y", "alloc": {"a": 1000000000000000}}]}"#,
        )
        .unwrap();
        let numbers = crate::tui::config::Config::default().numbers;
        let mut rows = crate::tui::rows::Rows::new();
        rows.refresh(&plan);
        let first_two = &rows.rows()[..2];
        let c = Columns::new(
            &plan,
            &crate::tui::view::columns_for(&plan, crate::tui::view::BatchView::One(0)),
            &numbers,
            120,
            1,
            first_two,
            Extras::default(),
        );
        assert_eq!(c.quotas.len(), 4, "all four quotas at 120 columns");
        let all = Columns::new(
            &plan,
            &crate::tui::view::columns_for(&plan, crate::tui::view::BatchView::One(0)),
            &numbers,
            120,
            1,
            rows.rows(),
            Extras::default(),
        );
        let widest = numbers.signed(plan.remainder(ROOT, 0)).width();
        assert!(usize::from(all.quotas[0].2) > widest, "never cut");
    }
}
