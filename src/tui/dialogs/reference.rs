//! The reference menu: what to do with the plan compared with (its
//! columns, spreading by its figures, another one, dropping it).

use ratatui::Frame;

use super::confirm::draw_question;
use super::prompt::{Purpose, TextPrompt};
use super::{Bar, Dialog, Flow, hint};
use crate::tui::app::App;
use crate::tui::app::reference::RefColumns;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The reference menu.
#[derive(Debug, Default)]
pub struct ReferenceMenu;

impl ReferenceMenu {
    /// The menu.
    pub fn new() -> Self {
        Self
    }
}

impl Dialog for ReferenceMenu {
    fn name(&self) -> &'static str {
        "reference"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Choice('c') => app.cycle_reference_columns(),
            Msg::Choice('w') => app.toggle_spread_by_reference(),
            Msg::Choice('l') => app.open(TextPrompt::boxed(Purpose::ReferencePath, "")),
            Msg::Choice('d') => app.drop_reference(),
            Msg::Cancel => app.cancelled("reference"),
            _ => return Flow::Stay(self),
        }
        Flow::Close
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(
            "reference: [c]olumns · [w]eights for fill, rebalance, scale · [l]oad another · [d]rop"
                .to_owned(),
        )
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let Some(r) = app.reference() else { return };
        let title = format!("Comparing with {} (read-only):", r.name);
        let columns = match r.columns {
            RefColumns::Figures => "columns: its figures (next: with the change)",
            RefColumns::Change => "columns: its figures and the change (next: hidden)",
            RefColumns::Hidden => "columns: hidden (next: its figures)",
        };
        let weights = if r.spread {
            "fill, rebalance and scale share by its figures: ON"
        } else {
            "fill, rebalance and scale share by its figures: off (by the plan's own)"
        };
        draw_question(
            frame,
            app,
            areas,
            &title,
            &[
                ('c', columns),
                ('w', weights),
                ('l', "load another reference plan"),
                ('d', "drop the reference"),
            ],
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("c", &crate::t!("label-columns")),
            hint("w", &crate::t!("label-weights")),
            hint("l", &crate::t!("label-load")),
            hint("d", &crate::t!("label-drop")),
            hint("esc", &crate::t!("label-cancel")),
        ]
    }
}
