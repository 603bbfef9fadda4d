//! Sorting the table: siblings by figure, share, unallocated or name, or
//! back to the plan's own order. A view: the plan keeps its order, and
//! saving or exporting is not affected.

use ratatui::Frame;

use super::confirm::draw_question;
use super::{Bar, Dialog, Flow, hint};
use crate::core::text::printable;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;
use crate::tui::rows::{Order, Sort, SortKey};
use crate::tui::view::DCol;

/// The sort menu, for the column selected when it opened.
pub struct SortMenu {
    col: DCol,
}

impl SortMenu {
    /// Sorting by the figures of column `col`.
    pub fn new(col: DCol) -> Self {
        Self { col }
    }

    /// The sort a key chooses, given the current one: the same key again
    /// turns the direction round.
    pub fn choose(&self, key: char, current: Option<Sort>) -> Option<Option<Sort>> {
        let key = match key {
            'v' => SortKey::Value,
            '%' => SortKey::Share,
            'u' => SortKey::Remainder,
            'n' => SortKey::Name,
            't' => return Some(None),
            _ => return None,
        };
        // Figures largest first, names A to Z.
        let descending = key != SortKey::Name;
        let same = current.filter(|s| {
            s.key == key
                && (key == SortKey::Name || (s.kind == self.col.kind && s.sel == self.col.sel))
        });
        Some(Some(Sort {
            key,
            kind: self.col.kind,
            sel: self.col.sel,
            descending: same.map_or(descending, |s| !s.descending),
        }))
    }
}

impl Dialog for SortMenu {
    fn name(&self) -> &'static str {
        "sort"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Choice(c) => {
                let Some(sort) = self.choose(*c, app.view().order().sort) else {
                    return Flow::Stay(self);
                };
                let filter = app.view().order().filter.clone();
                app.set_order(Order { sort, filter });
                Flow::Close
            }
            Msg::Cancel => {
                app.cancelled("sort");
                Flow::Close
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(crate::t!("sort-bar"))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let quota = printable(&crate::tui::layout::heading(
            app.plan(),
            self.col,
            true,
            true,
        ));
        let title = crate::t!("sort-question", quota = quota);
        draw_question(
            frame,
            app,
            areas,
            &title,
            &[
                ('v', crate::t!("sort-value").as_str()),
                ('%', crate::t!("sort-share").as_str()),
                ('u', crate::t!("sort-unallocated").as_str()),
                ('n', crate::t!("sort-name").as_str()),
                ('t', crate::t!("sort-plan").as_str()),
            ],
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("v % u n", &crate::t!("label-sort")),
            hint("t", &crate::t!("label-plan-order")),
            hint("esc", &crate::t!("label-cancel")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(kind: usize) -> DCol {
        DCol {
            kind,
            sel: crate::core::layout::Sel::Batch(0),
        }
    }

    #[test]
    fn the_same_key_again_turns_the_order_round() {
        let m = SortMenu::new(col(1));
        let first = m.choose('v', None).unwrap().unwrap();
        assert_eq!(
            first,
            Sort {
                key: SortKey::Value,
                kind: 1,
                sel: col(1).sel,
                descending: true
            }
        );
        let again = m.choose('v', Some(first)).unwrap().unwrap();
        assert!(!again.descending);
        // Another quota's sort is a new sort, largest first.
        let other = SortMenu::new(col(2))
            .choose('v', Some(again))
            .unwrap()
            .unwrap();
        assert!(other.descending && other.kind == 2);
        assert!(!m.choose('n', None).unwrap().unwrap().descending, "A to Z");
        assert_eq!(m.choose('t', Some(first)), Some(None));
        assert_eq!(m.choose('z', None), None, "other keys do nothing");
    }
}
