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
        Bar::Text(crate::t!("reference-bar"))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let Some(r) = app.reference() else { return };
        let title = crate::t!("reference-title", name = r.name.as_str());
        let columns = match r.columns {
            RefColumns::Figures => crate::t!("reference-columns-figures"),
            RefColumns::Change => crate::t!("reference-columns-change"),
            RefColumns::Hidden => crate::t!("reference-columns-hidden"),
        };
        let weights = if r.spread {
            crate::t!("reference-weights-on")
        } else {
            crate::t!("reference-weights-off")
        };
        draw_question(
            frame,
            app,
            areas,
            &title,
            &[
                ('c', columns.as_str()),
                ('w', weights.as_str()),
                ('l', crate::t!("reference-load").as_str()),
                ('d', crate::t!("reference-drop").as_str()),
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
