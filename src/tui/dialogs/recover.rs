//! Unsaved work found from an earlier session: what it changes, whether
//! the file changed since, restore or discard.

use ratatui::Frame;

use super::{Bar, Dialog, Flow, hint, list_popup};
use crate::t;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The recovery offer.
pub struct RecoverOffer {
    /// The recovered plan, in its saved form.
    pub text: String,
    /// When it was written (seconds since 1970).
    pub saved_at: u64,
    /// What differs from the file, in words.
    pub differences: Vec<String>,
    /// The file was saved after the work in the copy began.
    pub file_changed: bool,
}

impl Dialog for RecoverOffer {
    fn name(&self) -> &'static str {
        "recover"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Choice('r') => app.restore(&self.text, self.saved_at, self.file_changed),
            Msg::Choice('d') => app.discard_recovery(),
            _ => return Flow::Stay(self),
        }
        Flow::Close
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(t!(
            "recover-question",
            age = crate::tui::app::safety::age(self.saved_at)
        ))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let mut items = Vec::new();
        if self.file_changed {
            items.extend(crate::core::text::wrap(&t!("recover-file-changed"), 48));
            items.push(String::new());
            items.push(t!("recover-against-now"));
        } else {
            items.push(t!("recover-changes"));
        }
        items.extend(self.differences.iter().map(|d| format!("  {d}")));
        list_popup(
            frame,
            app,
            areas.table,
            &t!("recover-title"),
            &items,
            usize::MAX,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("r", &t!("recover-restore")),
            hint("d", &t!("recover-discard")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, send};

    #[test]
    fn only_restore_or_discard_answers() {
        let mut a = app();
        let d: Box<dyn Dialog> = Box::new(RecoverOffer {
            text: crate::storage::EXAMPLE_2018_JSON.to_owned(),
            saved_at: 0,
            differences: vec!["Shandong: 3,600 → 3,000".to_owned()],
            file_changed: false,
        });
        assert!(bar(d.as_ref(), &a).contains("[r]estore it, or [d]iscard it?"));
        let d = send(d, &mut a, Msg::Cancel).expect("Esc does not throw work away");
        let d = send(d, &mut a, Msg::Choice('q')).expect("nor does any other key");
        assert_eq!(d.name(), "recover");
    }
}
