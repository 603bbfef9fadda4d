//! Picking the new parent of a node by search.

use ratatui::Frame;

use super::{Bar, Dialog, Flow, hint, list_popup};
use crate::core::text::printable;
use crate::core::{NodeIx, Plan, ROOT};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;
use crate::tui::line::LineInput;

/// Most matches listed.
const PICK_LIMIT: usize = 200;

/// The move picker.
pub struct MovePicker {
    node: NodeIx,
    input: LineInput,
    matches: Vec<NodeIx>,
    selected: usize,
}

/// Nodes `node` may move under whose name or id contains `query`.
fn matches(plan: &Plan, node: NodeIx, query: &str) -> Vec<NodeIx> {
    let q = query.to_lowercase();
    plan.preorder()
        .filter(|&c| !plan.is_ancestor_or_self(node, c))
        .filter(|&c| {
            q.is_empty()
                || (c == ROOT && "national".contains(&q))
                || plan.node(c).name.to_lowercase().contains(&q)
                || plan.node(c).id.to_lowercase().contains(&q)
        })
        .take(PICK_LIMIT)
        .collect()
}

impl MovePicker {
    /// Pick a new parent for `node`.
    pub fn boxed(plan: &Plan, node: NodeIx) -> Box<Self> {
        Box::new(Self {
            node,
            input: LineInput::default(),
            matches: matches(plan, node, ""),
            selected: 0,
        })
    }
}

impl Dialog for MovePicker {
    fn name(&self) -> &'static str {
        "pick"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::TextList
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Text(op) => {
                self.input.apply(*op);
                self.matches = matches(app.plan(), self.node, self.input.text());
                self.selected = 0;
                Flow::Stay(self)
            }
            Msg::ListUp => {
                self.selected = self.selected.saturating_sub(1);
                Flow::Stay(self)
            }
            Msg::ListDown => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1));
                Flow::Stay(self)
            }
            Msg::Submit => {
                let Some(&target) = self.matches.get(self.selected) else {
                    app.error(crate::t!("pick-none"));
                    return Flow::Stay(self);
                };
                if app.apply(|ed| ed.move_to(self.node, target, None)) {
                    let col = app.view().col();
                    app.select(self.node, col);
                    Flow::Close
                } else {
                    Flow::Stay(self)
                }
            }
            Msg::Cancel => {
                app.cancelled("move");
                Flow::Close
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, app: &App) -> Bar<'_> {
        Bar::Input {
            label: format!(
                "{} ",
                crate::t!(
                    "pick-label",
                    node = printable(app.plan().display_name(self.node))
                )
            ),
            input: &self.input,
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let plan = app.plan();
        let items: Vec<String> = if self.matches.is_empty() {
            vec![crate::t!("pick-no-match")]
        } else {
            self.matches
                .iter()
                .map(|&n| {
                    if n == ROOT {
                        crate::t!("pick-national")
                    } else {
                        plan.path_names(n)[1..]
                            .iter()
                            .map(|s| printable(s))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    }
                })
                .collect()
        };
        list_popup(
            frame,
            app,
            areas.table,
            &crate::t!("pick-title"),
            &items,
            self.selected,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓", &crate::t!("label-choose")),
            hint("enter", &crate::t!("label-move-here")),
            hint("esc", &crate::t!("label-cancel")),
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
    fn never_offers_the_node_or_what_is_under_it() {
        let a = app();
        let nm = a.plan().find("nm").unwrap();
        let all = matches(a.plan(), nm, "");
        assert!(!all.iter().any(|&n| a.plan().is_ancestor_or_self(nm, n)));
        assert!(all.contains(&ROOT));
        let sc = a.plan().find("sc").unwrap();
        assert_eq!(matches(a.plan(), nm, "四川"), [sc]);
        assert_eq!(matches(a.plan(), nm, "nation"), [ROOT]);
    }

    #[test]
    fn moves_under_the_chosen_parent_or_says_why_not() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let d: Box<dyn Dialog> = MovePicker::boxed(a.plan(), sd);
        let d = type_in(d, &mut a, "zzz");
        let d = send(d, &mut a, Msg::Submit).expect("no match: stays");
        assert!(
            message(&a).contains("no matching parent"),
            "{}",
            message(&a)
        );
        let d = send(d, &mut a, Msg::Text(crate::tui::input::TextOp::Clear)).unwrap();
        // Under Inner Mongolia: it has 4,250 t of rock left, Shandong needs
        // 3,600: the move is allowed.
        let d = type_in(d, &mut a, "Inner");
        assert!(send(d, &mut a, Msg::Submit).is_none(), "{}", message(&a));
        assert_eq!(a.plan().parent(sd), a.plan().find("nm"));
    }
}
