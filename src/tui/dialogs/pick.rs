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
                    app.error("no matching parent; type part of a name or id");
                    return Flow::Stay(self);
                };
                let r = app.ed.move_to(self.node, target, None);
                if app.report(r) {
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
                "move {} under (search): ",
                printable(app.plan().display_name(self.node))
            ),
            input: &self.input,
        }
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let plan = app.plan();
        let items: Vec<String> = if self.matches.is_empty() {
            vec!["(no match)".to_owned()]
        } else {
            self.matches
                .iter()
                .map(|&n| {
                    if n == ROOT {
                        "national (top level)".to_owned()
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
        list_popup(frame, app, areas.table, "new parent", &items, self.selected);
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓", "choose"),
            hint("enter", "move here"),
            hint("esc", "cancel"),
        ]
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}
