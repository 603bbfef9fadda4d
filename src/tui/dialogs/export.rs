//! Choosing what to export: a format, and one file per top-level node or
//! one file. The menu always shows whether split is on.

use ratatui::Frame;

use super::confirm::{Confirm, Question, draw_question};
use super::{Bar, Dialog, Flow, hint};
use crate::core::text::printable;
use crate::export::ExportFormat;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The export menu.
pub struct ExportMenu {
    split: bool,
    /// One batch only (the one shown when the menu opened), or the year.
    batch: Option<usize>,
    /// The batch shown, and its name (plans with batches).
    shown: Option<(usize, String)>,
    /// The plan's history goes in (XLSX and Markdown).
    history: bool,
}

impl ExportMenu {
    /// One file, not split, the whole year; `shown` is the batch shown
    /// (for a plan with batches), which `b` chooses alone.
    pub fn new(shown: Option<(usize, String)>) -> Self {
        Self {
            split: false,
            batch: None,
            shown,
            history: false,
        }
    }

    /// With the history in, or not (as last chosen).
    #[must_use]
    pub fn with_history(mut self, on: bool) -> Self {
        self.history = on;
        self
    }

    /// Whether one file per top-level node is chosen.
    pub fn split(&self) -> bool {
        self.split
    }

    fn answers(&self) -> Vec<(char, String)> {
        let mut out = vec![
            ('c', crate::t!("export-csv")),
            ('x', crate::t!("export-xlsx")),
            ('m', crate::t!("export-md")),
            ('j', crate::t!("export-json")),
            (
                's',
                if self.split {
                    crate::t!("export-split-on")
                } else {
                    crate::t!("export-split-off")
                },
            ),
        ];
        out.push((
            'h',
            if self.history {
                crate::t!("export-history-in")
            } else {
                crate::t!("export-history-out")
            },
        ));
        if let Some((_, name)) = &self.shown {
            out.push((
                'b',
                match self.batch {
                    Some(_) => crate::t!("export-batch-one", batch = printable(name)),
                    None => crate::t!("export-batch-all"),
                },
            ));
        }
        out
    }
}

impl Default for ExportMenu {
    fn default() -> Self {
        Self::new(None)
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
            Msg::Choice('h') => {
                self.history = !self.history;
                return Flow::Stay(self);
            }
            Msg::Choice('b') if self.shown.is_some() => {
                self.batch = match self.batch {
                    Some(_) => None,
                    None => self.shown.as_ref().map(|s| s.0),
                };
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
        app.set_export_history(self.history);
        if app.plan().is_consistent() {
            app.export_prompt(format, self.split, self.batch);
        } else {
            app.open(Confirm::boxed(Question::ExportOver {
                format,
                split: self.split,
                batch: self.batch,
            }));
        }
        Flow::Close
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        let batch = match (&self.shown, self.batch) {
            (None, _) => String::new(),
            (Some(_), None) => crate::t!("export-bar-batch-all"),
            (Some((_, n)), Some(_)) => crate::t!("export-bar-batch", batch = printable(n)),
        };
        Bar::Text(crate::t!(
            "export-bar",
            split = if self.split { "on" } else { "off" },
            history = if self.history { "in" } else { "out" },
            batch = batch
        ))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let answers = self.answers();
        let refs: Vec<(char, &str)> = answers.iter().map(|(k, l)| (*k, l.as_str())).collect();
        draw_question(frame, app, areas, &crate::t!("export-question"), &refs);
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("c x m j", &crate::t!("label-format")),
            hint(
                "s",
                &if self.split {
                    crate::t!("export-hint-split-on")
                } else {
                    crate::t!("export-hint-split-off")
                },
            ),
            hint(
                "h",
                &if self.history {
                    crate::t!("export-hint-history-in")
                } else {
                    crate::t!("export-hint-history-out")
                },
            ),
            hint("esc", &crate::t!("label-cancel")),
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
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new(None));
        assert!(bar(d.as_ref(), &a).contains("[s]plit off"));
        assert!(hints(d.as_ref(), &a).contains("split: off"));
        let d = send(d, &mut a, Msg::Choice('s')).unwrap();
        assert!(bar(d.as_ref(), &a).contains("[s]plit ON"));
        assert!(hints(d.as_ref(), &a).contains("split: ON"));
        let d = send(d, &mut a, Msg::Choice('?')).expect("other keys do nothing");
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "export cancelled; nothing changed");
    }

    #[test]
    fn a_format_asks_where_beside_the_sample_nowhere() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new(None));
        assert!(send(d, &mut a, Msg::Choice('c')).is_none());
        // The sample is balanced in rock and ion but over nothing: the path
        // prompt opens (no file to put it beside).
        assert_eq!(a.dialog_name(), Some("prompt"));
    }

    #[test]
    fn one_batch_can_be_chosen_in_a_plan_with_batches() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new(None));
        assert!(
            !bar(d.as_ref(), &a).contains("[b]atch"),
            "no batches, no choice"
        );
        let d: Box<dyn Dialog> = Box::new(ExportMenu::new(Some((1, "Second batch".into()))));
        assert!(bar(d.as_ref(), &a).ends_with("[b]atch: all"));
        let d = send(d, &mut a, Msg::Choice('b')).unwrap();
        assert!(bar(d.as_ref(), &a).ends_with("[b]atch: Second batch"));
        assert!(send(d, &mut a, Msg::Choice('c')).is_none());
        assert!(matches!(a.dialog_name(), Some("prompt")));
        assert_eq!(a.input().unwrap().text(), "sample.csv");
    }
}
