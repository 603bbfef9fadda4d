//! Filtering the table: only the rows with something unallocated,
//! over-allocated, locked, or matching a text, with the parents that lead
//! to them. A view: nothing in the plan changes.

use ratatui::Frame;

use super::confirm::draw_question;
use super::prompt::{Purpose, TextPrompt};
use super::{Bar, Dialog, Flow, hint};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;
use crate::tui::rows::{Filter, Order};

/// The filter menu.
#[derive(Default)]
pub struct FilterMenu;

impl FilterMenu {
    /// The menu.
    pub fn new() -> Self {
        Self
    }

    /// The filter a key chooses (None: a text to type first, or no such
    /// key).
    pub fn choose(key: char) -> Option<Filter> {
        Some(match key {
            'u' => Filter::Unallocated,
            'o' => Filter::Over,
            'p' => Filter::Problems,
            'l' => Filter::Locked,
            'a' => Filter::All,
            _ => return None,
        })
    }
}

impl Dialog for FilterMenu {
    fn name(&self) -> &'static str {
        "filter"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Choice('t') => {
                let current = match &app.view().order().filter {
                    Filter::Text(t) => t.clone(),
                    _ => String::new(),
                };
                app.open(TextPrompt::boxed(Purpose::FilterText, &current));
                Flow::Close
            }
            Msg::Choice(c) => {
                let Some(filter) = Self::choose(*c) else {
                    return Flow::Stay(self);
                };
                let sort = app.view().order().sort;
                app.set_order(Order { sort, filter });
                Flow::Close
            }
            Msg::Cancel => {
                app.cancelled("filter");
                Flow::Close
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(crate::t!("filter-bar"))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        draw_question(
            frame,
            app,
            areas,
            &crate::t!("filter-question"),
            &[
                ('u', crate::t!("filter-unallocated").as_str()),
                ('o', crate::t!("filter-over").as_str()),
                ('p', crate::t!("filter-problems").as_str()),
                ('l', crate::t!("filter-locked").as_str()),
                ('t', crate::t!("filter-text").as_str()),
                ('a', crate::t!("filter-all").as_str()),
            ],
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("u o p l t", &crate::t!("label-filter")),
            hint("a", &crate::t!("label-all-rows")),
            hint("esc", &crate::t!("label-cancel")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_choose_filters() {
        assert_eq!(FilterMenu::choose('u'), Some(Filter::Unallocated));
        assert_eq!(FilterMenu::choose('a'), Some(Filter::All));
        assert_eq!(FilterMenu::choose('t'), None, "a text is typed first");
        assert_eq!(FilterMenu::choose('x'), None);
    }
}
