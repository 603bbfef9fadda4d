//! Typing a value into a cell. The current value starts selected: the
//! first character typed replaces it. A value far from the old one asks
//! first; a refused value stays in the input with the reason below it.

use super::confirm::{Confirm, Question, is_big};
use super::{Bar, Dialog, Flow, hint};
use crate::core::NodeIx;
use crate::core::text::{printable, truncate, width};
use crate::tui::app::{App, How};
use crate::tui::input::{InputKind, Msg};
use crate::tui::line::LineInput;

/// The value editor of one cell.
pub struct EditValue {
    node: NodeIx,
    quota: usize,
    how: How,
    input: LineInput,
}

impl EditValue {
    /// Edit the cell (`node`, `quota`), applied as `how`, starting from
    /// `input`.
    pub fn new(node: NodeIx, quota: usize, how: How, input: LineInput) -> Self {
        Self {
            node,
            quota,
            how,
            input,
        }
    }

    /// How the value is applied.
    pub fn how(&self) -> How {
        self.how
    }
}

/// The colon after a label, with the space before the typing.
fn colon() -> String {
    crate::t!("edit-colon")
}

fn how_label(how: How) -> String {
    match how {
        How::Set => crate::t!("edit-set"),
        How::Rebalance => crate::t!("edit-rebalance"),
        How::Scale => crate::t!("edit-scale"),
    }
}

impl Dialog for EditValue {
    fn name(&self) -> &'static str {
        "edit"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Text
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Text(op) => {
                self.input.apply(*op);
                Flow::Stay(self)
            }
            Msg::Cancel => {
                app.cancelled("edit");
                Flow::Close
            }
            Msg::Submit => {
                let value = match app
                    .editor()
                    .parse_input(self.node, self.quota, self.input.text())
                {
                    Ok(v) => v,
                    Err(e) => {
                        app.error(crate::say::refusal(&e, &app.config().numbers));
                        return Flow::Stay(self);
                    }
                };
                // Ask only about a value that can be applied.
                if let Err(e) = app
                    .editor()
                    .check(self.node, self.quota, value, self.how.spread())
                {
                    app.refused(&e);
                    return Flow::Stay(self);
                }
                if is_big(app.plan(), self.node, self.quota, value) {
                    app.open(Confirm::boxed(Question::BigValue {
                        node: self.node,
                        quota: self.quota,
                        how: self.how,
                        value,
                        typed: self.input.text().to_owned(),
                    }));
                    return Flow::Close;
                }
                if app.apply_value(self.node, self.quota, self.how, value) {
                    Flow::Close
                } else {
                    // Keep the input so the planner can correct it.
                    Flow::Stay(self)
                }
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, app: &App) -> Bar<'_> {
        let plan = app.plan();
        // The quota always shows (the typing goes there); the node's name
        // gives way first.
        let how = how_label(self.how);
        let quota = printable(&plan.quotas()[self.quota].name);
        let node = crate::say::node(&printable(plan.display_name(self.node)));
        let room = crate::tui::ui::label_room(usize::from(app.view().size().0));
        let fixed = width(&how) + width(&quota) + 6;
        let label = if fixed + width(&node) <= room {
            format!("{how} {node} / {quota}{}", colon())
        } else if fixed + 6 <= room {
            format!(
                "{how} {} / {quota}{}",
                truncate(&node, room - fixed),
                colon()
            )
        } else {
            format!("{how} {quota}{}", colon())
        };
        Bar::Input {
            label,
            input: &self.input,
        }
    }

    fn hints(&self, app: &App) -> Vec<(String, String)> {
        let mut h = vec![
            hint("enter", &crate::t!("label-apply")),
            hint("esc", &crate::t!("label-cancel")),
        ];
        if self.input.is_selected() {
            h.push(hint("type", &crate::t!("label-replaces")));
            h.push(hint("→", &crate::t!("label-edit-it")));
        }
        h.push(hint("ctrl-u", &crate::t!("label-clear")));
        // The forms, the amount in the planner's grouping.
        let nf = &app.config().numbers;
        h.push(hint(
            "",
            &format!("{}  +500  -500  12.5%  *1.1  max", nf.amount(69_250)),
        ));
        h
    }

    fn editing(&self) -> Option<(NodeIx, usize)> {
        Some((self.node, self.quota))
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, hints, message, send, type_in};

    fn shandong(app: &crate::tui::app::App) -> NodeIx {
        app.plan().find("sd").unwrap()
    }

    #[test]
    fn typing_replaces_the_selected_value_and_enter_applies() {
        let mut a = app();
        let sd = shandong(&a);
        let d: Box<dyn Dialog> = Box::new(EditValue::new(
            sd,
            0,
            How::Set,
            LineInput::prefilled("3600"),
        ));
        assert!(hints(d.as_ref(), &a).contains("ctrl-u clear"));
        assert!(hints(d.as_ref(), &a).contains("type replaces"));
        let d = type_in(d, &mut a, "3000");
        assert!(
            bar(d.as_ref(), &a).ends_with(": 3000"),
            "{}",
            bar(d.as_ref(), &a)
        );
        assert!(send(d, &mut a, Msg::Submit).is_none(), "applied, closed");
        assert_eq!(a.plan().value(sd, 0), 3000);
    }

    #[test]
    fn a_refused_or_unreadable_value_stays_to_be_corrected() {
        let mut a = app();
        let sd = shandong(&a);
        let d: Box<dyn Dialog> = Box::new(EditValue::new(sd, 0, How::Set, LineInput::default()));
        let d = type_in(d, &mut a, "lots");
        let d = send(d, &mut a, Msg::Submit).expect("stays open");
        assert!(message(&a).contains("not a number"), "{}", message(&a));
        let d = send(d, &mut a, Msg::Text(crate::tui::input::TextOp::Clear)).unwrap();
        let d = type_in(d, &mut a, "+1");
        let d = send(d, &mut a, Msg::Submit).expect("refused: stays open");
        assert!(message(&a).starts_with("refused"), "{}", message(&a));
        assert_eq!(a.plan().value(sd, 0), 3600);
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "edit cancelled; nothing changed");
    }

    #[test]
    fn a_far_larger_value_opens_the_question_instead() {
        let mut a = app();
        let sd = shandong(&a);
        a.apply(|ed| ed.set_value(crate::core::ROOT, 0, 1_000_000));
        let d: Box<dyn Dialog> = Box::new(EditValue::new(sd, 0, How::Set, LineInput::default()));
        let d = type_in(d, &mut a, "400000");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        assert!(matches!(a.question(), Some(Question::BigValue { .. })));
        assert_eq!(a.plan().value(sd, 0), 3600, "not applied yet");
    }
}
