//! The quota kinds: add, rename, delete; columns aligned.

use ratatui::Frame;

use super::confirm::{Confirm, Question};
use super::prompt::{Purpose, TextPrompt};
use super::wizard::Wizard;
use super::{Dialog, Flow, hint, list_popup};
use crate::core::ROOT;
use crate::core::text::{fit_pad_left, fit_pad_right, printable, width};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The quota kinds menu.
pub struct QuotaMenu {
    selected: usize,
}

impl QuotaMenu {
    /// The menu with quota `selected` highlighted.
    pub fn new(selected: usize) -> Self {
        Self { selected }
    }
}

impl Dialog for QuotaMenu {
    fn name(&self) -> &'static str {
        "quotas"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::List
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let nq = app.plan().layout().kinds().len();
        match msg {
            Msg::ListUp => self.selected = self.selected.saturating_sub(1),
            Msg::ListDown => self.selected = (self.selected + 1).min(nq),
            Msg::Choice('a') => {
                app.open(Wizard::new_quota());
                return Flow::Close;
            }
            Msg::Submit if self.selected == nq => {
                app.open(Wizard::new_quota());
                return Flow::Close;
            }
            Msg::Choice('r') | Msg::Submit if self.selected < nq => {
                let name = app.plan().layout().kinds()[self.selected].name.clone();
                app.open(TextPrompt::boxed(
                    Purpose::QuotaRename(self.selected),
                    &name,
                ));
                return Flow::Close;
            }
            Msg::Choice('d') if self.selected < nq => {
                app.open(Confirm::boxed(Question::DeleteQuota(self.selected)));
                return Flow::Close;
            }
            Msg::Cancel => {
                app.cancelled("quota kinds");
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let plan = app.plan();
        let nf = &app.config().numbers;
        let kinds = plan.layout().kinds();
        let ids: Vec<String> = kinds.iter().map(|k| printable(&k.id)).collect();
        let names: Vec<String> = kinds
            .iter()
            .map(|k| {
                let unit = k.unit.as_deref().map(|u| format!(" ({})", printable(u)));
                if k.is_derived() {
                    let parts: Vec<&str> = k.sum_of.iter().map(|&p| kinds[p].id.as_str()).collect();
                    format!(
                        "{}{} = {}",
                        printable(&k.name),
                        unit.unwrap_or_default(),
                        parts.join(" + ")
                    )
                } else {
                    format!("{}{}", printable(&k.name), unit.unwrap_or_default())
                }
            })
            .collect();
        // The year's national total of each kind.
        let totals: Vec<String> = (0..kinds.len())
            .map(|k| nf.amount(plan.figure(ROOT, k, crate::core::layout::Sel::Cumulative)))
            .collect();
        let col = |v: &[String]| v.iter().map(|s| width(s)).max().unwrap_or(0);
        let (iw, nw, tw) = (col(&ids), col(&names).min(40), col(&totals));
        let mut items: Vec<String> = (0..ids.len())
            .map(|q| {
                format!(
                    "{}  {}  {}",
                    fit_pad_right(&ids[q], iw),
                    fit_pad_right(&names[q], nw),
                    fit_pad_left(&totals[q], tw)
                )
            })
            .collect();
        items.push(crate::t!("quotas-add"));
        list_popup(
            frame,
            app,
            areas.table,
            &crate::t!("quotas-title"),
            &items,
            self.selected,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("a", &crate::t!("label-add")),
            hint("r/enter", &crate::t!("label-rename")),
            hint("d", &crate::t!("label-delete")),
            hint("esc", &crate::t!("label-close")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{message, send};

    #[test]
    fn the_list_is_bounded_and_letters_open_the_next_step() {
        let mut a = app();
        let mut d: Box<dyn Dialog> = Box::new(QuotaMenu::new(0));
        for _ in 0..10 {
            d = send(d, &mut a, Msg::ListDown).unwrap();
        }
        // On "+ add": Enter adds.
        assert!(send(d, &mut a, Msg::Submit).is_none());
        assert_eq!(a.dialog_name(), Some("wizard"));
        let d: Box<dyn Dialog> = Box::new(QuotaMenu::new(1));
        assert!(send(d, &mut a, Msg::Choice('r')).is_none());
        assert_eq!(a.input().unwrap().text(), "Ion-adsorption mining");
        let d: Box<dyn Dialog> = Box::new(QuotaMenu::new(2));
        assert!(send(d, &mut a, Msg::Choice('d')).is_none());
        assert!(matches!(a.question(), Some(Question::DeleteQuota(2))));
        let d: Box<dyn Dialog> = Box::new(QuotaMenu::new(0));
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "quota kinds cancelled; nothing changed");
    }
}
