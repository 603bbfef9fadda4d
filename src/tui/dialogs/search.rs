//! Incremental search by name or id: each key moves to the first match;
//! Enter keeps it (and `n`/`N` go on), Esc goes back to where it started.

use super::{Bar, Dialog, Flow, hint};
use crate::core::NodeIx;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::line::LineInput;

/// The search prompt.
pub struct Search {
    origin: NodeIx,
    input: LineInput,
}

impl Search {
    /// A search starting at `origin`.
    pub fn new(origin: NodeIx) -> Self {
        Self {
            origin,
            input: LineInput::default(),
        }
    }

    fn step(&self, app: &mut App) {
        let query = self.input.text();
        if query.is_empty() {
            app.select(self.origin, app.view().col());
            app.clear_message();
            return;
        }
        let col = app.view().col();
        match app.find(query, self.origin, true, true) {
            Ok(Some(n)) => {
                app.select(n, col);
                app.clear_message();
            }
            Ok(None) => {
                app.select(self.origin, col);
                app.error(crate::t!("search-no-match", query = format!("{query:?}")));
            }
            // The names of a big plan are being indexed: the search goes on
            // when they are (`Msg::Indexed`).
            Err(_) => app.info(crate::t!("search-indexing")),
        }
    }
}

impl Dialog for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Text
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Text(op) => {
                self.input.apply(*op);
                self.step(app);
                Flow::Stay(self)
            }
            Msg::Indexed => {
                self.step(app);
                Flow::Stay(self)
            }
            Msg::Cancel => {
                let col = app.view().col();
                app.select(self.origin, col);
                app.cancelled("search");
                Flow::Close
            }
            Msg::Submit => {
                let text = self.input.text().trim().to_owned();
                if text.is_empty() {
                    app.clear_message();
                } else {
                    app.keep_search(text);
                }
                Flow::Close
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Input {
            label: "/".to_owned(),
            input: &self.input,
        }
    }

    fn hints(&self, app: &App) -> Vec<(String, String)> {
        let keys = &app.config().keys;
        vec![
            hint("enter", &crate::t!("label-keep")),
            hint("esc", &crate::t!("label-back")),
            hint(
                &format!(
                    "{}/{}",
                    keys.label(crate::tui::command::Command::NextMatch),
                    keys.label(crate::tui::command::Command::PrevMatch)
                ),
                &crate::t!("search-afterwards"),
            ),
        ]
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{message, send, type_in};

    #[test]
    fn each_key_moves_to_the_first_match_and_esc_goes_back() {
        let mut a = app();
        let origin = a.selected_node();
        let d: Box<dyn Dialog> = Box::new(Search::new(origin));
        let d = type_in(d, &mut a, "四川");
        assert_eq!(a.plan().node(a.selected_node()).id, "sc");
        let d = type_in(d, &mut a, "zz");
        assert!(message(&a).contains("no match"), "{}", message(&a));
        assert_eq!(a.selected_node(), origin);
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(a.selected_node(), origin);
        assert_eq!(message(&a), "search cancelled; nothing changed");
    }

    #[test]
    fn enter_keeps_the_match_for_next_and_previous() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(Search::new(a.selected_node()));
        let d = type_in(d, &mut a, "mongolia");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        a.handle(Msg::Cmd(crate::tui::command::Command::NextMatch));
        assert_eq!(message(&a), "/mongolia", "kept for n and N");
    }

    #[test]
    fn a_big_plans_search_waits_for_the_index_without_holding_the_key() {
        use crate::tui::app::App;
        use crate::tui::command::Command;
        use crate::tui::config::Config;
        use crate::tui::line::TextOp;
        let plan = crate::report::generate::generate(60_000, 2, 7);
        let last = plan.preorder().last().unwrap();
        let id = plan.node(last).id.clone();
        let mut a = App::new(
            plan,
            crate::tui::app::Source::Sample,
            Config::default(),
            (120, 40),
        );
        let origin = a.selected_node();
        // Opening the search asks for the index, on the worker.
        let effects = a.update(Msg::Cmd(Command::Search));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, crate::tui::effects::Effect::IndexNames { .. })),
            "indexed off the UI thread"
        );
        // Keys typed meanwhile wait, and say so.
        for c in id.chars() {
            let more = a.update(Msg::Text(TextOp::Insert(c)));
            assert!(more.is_empty(), "asked once");
        }
        assert_eq!(a.selected_node(), origin);
        assert!(message(&a).contains("indexing"), "{}", message(&a));
        // The index arrives: the search goes on to the node typed.
        for e in effects {
            let d = crate::tui::effects::perform(e);
            a.done(d);
        }
        assert_eq!(a.selected_node(), last);
        // And the next keys find at once, from the index.
        assert!(a.update(Msg::Text(TextOp::Backspace)).is_empty());
        assert_ne!(a.selected_node(), origin);
    }
}
