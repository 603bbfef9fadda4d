//! Filling a remainder in a plan with batches: in proportion to what
//! (the earlier batches, the previous one, the figures already there, equal
//! shares), and whether down to the leaves.

use ratatui::Frame;

use super::confirm::draw_question;
use super::{Bar, Dialog, Flow, hint};
use crate::core::text::printable;
use crate::core::{FillBy, NodeIx};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The fill menu, for one parent and value column.
pub struct FillMenu {
    node: NodeIx,
    quota: usize,
    down: bool,
}

impl FillMenu {
    /// Filling `node`'s remainder in column `quota`.
    pub fn new(node: NodeIx, quota: usize) -> Self {
        Self {
            node,
            quota,
            down: false,
        }
    }

    /// The weights a key chooses (Some(None): as allot chooses).
    pub fn choose(key: char) -> Option<Option<FillBy>> {
        Some(match key {
            'f' => None,
            'c' => Some(FillBy::Cumulative),
            'p' => Some(FillBy::Previous),
            'v' => Some(FillBy::Current),
            'e' => Some(FillBy::Equal),
            _ => return None,
        })
    }

    fn fill(&self, app: &mut App, by: Option<FillBy>) {
        let (n, q, down) = (self.node, self.quota, self.down);
        app.apply_shared(
            Box::new(move |ed| {
                if down {
                    ed.fill_down(n, q, by)
                } else {
                    ed.fill_by(n, q, by)
                }
            }),
            "fill",
            Some(n),
        );
    }
}

impl Dialog for FillMenu {
    fn name(&self) -> &'static str {
        "fill"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Choice('d') => {
                self.down = !self.down;
                Flow::Stay(self)
            }
            Msg::Submit => {
                self.fill(app, None);
                Flow::Close
            }
            Msg::Choice(c) => match Self::choose(*c) {
                Some(by) => {
                    self.fill(app, by);
                    Flow::Close
                }
                None => Flow::Stay(self),
            },
            Msg::Cancel => {
                app.cancelled("fill");
                Flow::Close
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(crate::t!(
            "fill-bar",
            down = if self.down { "on" } else { "off" }
        ))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let plan = app.plan();
        let title = crate::t!(
            "fill-question",
            node = crate::say::node(&printable(plan.display_name(self.node))),
            quota = printable(&plan.quotas()[self.quota].name)
        );
        draw_question(
            frame,
            app,
            areas,
            &title,
            &[
                ('f', crate::t!("fill-auto").as_str()),
                ('c', crate::t!("fill-cumulative").as_str()),
                ('p', crate::t!("fill-previous").as_str()),
                ('v', crate::t!("fill-current").as_str()),
                ('e', crate::t!("fill-equal").as_str()),
                (
                    'd',
                    if self.down {
                        crate::t!("fill-down-on")
                    } else {
                        crate::t!("fill-down-off")
                    }
                    .as_str(),
                ),
            ],
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("enter f c p v e", &crate::t!("label-fill")),
            hint(
                "d",
                &if self.down {
                    crate::t!("fill-hint-down-on")
                } else {
                    crate::t!("fill-hint-down-off")
                },
            ),
            hint("esc", &crate::t!("label-cancel")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ROOT;
    use crate::core::layout::{Batch, Sel};
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{message, send};

    #[test]
    fn fills_the_batch_by_the_earlier_ones_down_to_the_leaves() {
        let mut a = app();
        let batch = |id: &str| Batch {
            id: id.into(),
            name: id.into(),
            date: None,
            notice: None,
        };
        a.apply(|ed| ed.add_batch(batch("b2"), &[(0, 50_425)], Some(batch("b1"))));
        let q = a.plan().layout().column(0, 1).unwrap();
        let d: Box<dyn Dialog> = Box::new(FillMenu::new(ROOT, q));
        let d = send(d, &mut a, Msg::Choice('d')).unwrap();
        assert!(send(d, &mut a, Msg::Submit).is_none(), "{}", message(&a));
        a.handle(Msg::Submit);
        let plan = a.plan();
        // Inner Mongolia had 69,250 of 100,850 in the first batch: half now.
        let nm = plan.find("nm").unwrap();
        assert_eq!(plan.figure(nm, 0, Sel::Batch(1)), 34_625);
        // And down to its enterprises (one of them locked: the other gets
        // what is left to share).
        assert_eq!(plan.figure_remainder(nm, 0, Sel::Batch(1)), 0);
        assert!(
            message(&a).contains("down to the leaves"),
            "{}",
            message(&a)
        );
        let d: Box<dyn Dialog> = Box::new(FillMenu::new(ROOT, q));
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "fill cancelled; nothing changed");
    }
}
