//! Choosing what to export: a format, and one file per top-level node or
//! one file. The menu always shows whether split is on.

use ratatui::Frame;

use super::confirm::{Confirm, Question, draw_question};
use super::{Bar, Dialog, Flow, hint};
use crate::export::ExportFormat;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The export menu.
pub struct ExportMenu {
    split: bool,
}

impl ExportMenu {
    /// One file, not split.
    pub fn new() -> Self {
        Self { split: false }
    }

    /// Whether one file per top-level node is chosen.
    pub fn split(&self) -> bool {
        self.split
    }

    fn answers(&self) -> [(char, &'static str); 5] {
        [
            ('c', "CSV (Excel, WPS, scripts)"),
            ('x', "XLSX workbook with live remainders"),
            ('m', "Markdown report"),
            ('j', "JSON plan"),
            (
                's',
                if self.split {
                    "split is ON: one file per top-level node"
                } else {
                    "split is off: one file for the whole plan"
                },
            ),
        ]
    }
}

impl Default for ExportMenu {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialog for ExportMenu {
    fn name(&self) -> &'static str {
        "export"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let format = match msg {
            Msg::Choice('s') => {
                self.split = !self.split;
                return Flow::Stay(self);
            }
            Msg::Choice('c') => ExportFormat::Csv,
            Msg::Choice('x') => ExportFormat::Xlsx,
            Msg::Choice('m') => ExportFormat::Markdown,
            Msg::Choice('j') => ExportFormat::Json,
            Msg::Cancel => {
                app.cancelled("export");
                return Flow::Close;
            }
            _ => return Flow::Stay(self),
        };
        if app.plan().is_consistent() {
            app.export_prompt(format, self.split);
        } else {
            app.open(Confirm::boxed(Question::ExportOver {
                format,
                split: self.split,
            }));
        }
        Flow::Close
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(format!(
            "export: [c]sv [x]lsx [m]arkdown [j]son · [s]plit {}",
            if self.split { "ON" } else { "off" }
        ))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        draw_question(
            frame,
            app,
            areas,
            "Export allocation files as:",
            &self.answers(),
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("c x m j", "format"),
            hint(
                "s",
                if self.split {
                    "split: ON"
                } else {
                    "split: off"
                },
            ),
            hint("esc", "cancel"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, hints, message, send};

    #[test]
    fn split_shows_on_or_off_everywhere() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new());
        assert!(bar(d.as_ref(), &a).ends_with("[s]plit off"));
        assert!(hints(d.as_ref(), &a).contains("split: off"));
        let d = send(d, &mut a, Msg::Choice('s')).unwrap();
        assert!(bar(d.as_ref(), &a).ends_with("[s]plit ON"));
        assert!(hints(d.as_ref(), &a).contains("split: ON"));
        let d = send(d, &mut a, Msg::Choice('?')).expect("other keys do nothing");
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "export cancelled; nothing changed");
    }

    #[test]
    fn a_format_asks_where_beside_the_sample_nowhere() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new());
        assert!(send(d, &mut a, Msg::Choice('c')).is_none());
        // The sample is balanced in rock and ion but over nothing: the path
        // prompt opens (no file to put it beside).
        assert_eq!(a.dialog_name(), Some("prompt"));
    }
}
