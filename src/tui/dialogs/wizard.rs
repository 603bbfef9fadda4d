//! Prompts that follow one another: the plan's title, year and unit; a new
//! quota kind's id, name and national total. Each step is applied (or
//! checked) when Enter is pressed; Esc stops, keeping what was applied.

use super::{Bar, Dialog, Flow, input_hints};
use crate::core::Plan;
use crate::core::text::printable;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::line::LineInput;

/// The step a wizard is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Plan title.
    Title,
    /// Plan year.
    Year,
    /// Plan unit.
    Unit,
    /// The names of the levels, top first (Province, Enterprise; the
    /// first shows over the names).
    Levels,
    /// Id of a new quota kind.
    QuotaId,
    /// Its name.
    QuotaName {
        /// The id typed before.
        id: String,
    },
    /// Its national total.
    QuotaTotal {
        /// The id typed before.
        id: String,
        /// The name typed before.
        name: String,
    },
}

/// A sequence of prompts.
pub struct Wizard {
    step: Step,
    input: LineInput,
}

impl Wizard {
    /// Title, year, unit, starting from the plan's.
    pub fn plan_info(plan: &Plan) -> Box<Self> {
        Box::new(Self {
            step: Step::Title,
            input: LineInput::prefilled(plan.meta().title.as_deref().unwrap_or("")),
        })
    }

    /// A new quota kind.
    pub fn new_quota() -> Box<Self> {
        Box::new(Self {
            step: Step::QuotaId,
            input: LineInput::default(),
        })
    }

    /// The step it is at.
    pub fn step(&self) -> &Step {
        &self.step
    }

    fn next(mut self: Box<Self>, step: Step, text: &str) -> Flow {
        self.step = step;
        self.input = LineInput::prefilled(text);
        Flow::Stay(self)
    }
}

/// A year as planners type it: `2024`, full-width `２０２４`, `2024年`.
pub fn parse_year(text: &str) -> Option<i64> {
    let ascii: String = text
        .trim()
        .trim_end_matches('年')
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(u32::from(c) - u32::from('０'), 10).unwrap_or(c),
            c => c,
        })
        .collect();
    ascii.trim().parse().ok()
}

pub use crate::core::text::parse_levels;

impl Dialog for Wizard {
    fn name(&self) -> &'static str {
        "wizard"
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
                match self.step {
                    Step::Title => app.cancelled("plan info"),
                    Step::Year | Step::Unit | Step::Levels => {
                        app.info(crate::t!("wizard-rest-cancelled"));
                    }
                    _ => app.cancelled("new quota kind"),
                }
                Flow::Close
            }
            Msg::Submit => self.submit(app),
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        let label = match &self.step {
            Step::Title => crate::t!("wizard-title") + " ",
            Step::Year => crate::t!("wizard-year") + " ",
            Step::Unit => crate::t!("wizard-unit") + " ",
            Step::Levels => crate::t!("wizard-levels") + " ",
            Step::QuotaId => crate::t!("wizard-quota-id") + " ",
            Step::QuotaName { id } => crate::t!("wizard-quota-name", id = id.as_str()) + " ",
            Step::QuotaTotal { name, .. } => {
                crate::t!("wizard-quota-total", quota = printable(name)) + " "
            }
        };
        Bar::Input {
            label,
            input: &self.input,
        }
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let last = matches!(self.step, Step::Levels | Step::QuotaTotal { .. });
        input_hints(
            &if last {
                crate::t!("label-ok")
            } else {
                crate::t!("label-next")
            },
            &self.input,
        )
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}

impl Wizard {
    /// Enter: apply or check this step, go on to the next.
    fn submit(self: Box<Self>, app: &mut App) -> Flow {
        let text = self.input.text().trim().to_owned();
        match self.step.clone() {
            Step::Title => {
                // Each step changes (and says) only what was changed.
                if app.plan().meta().title.as_deref().unwrap_or("") != text {
                    app.apply(|ed| ed.set_title(&text));
                }
                let y = app
                    .plan()
                    .meta()
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_default();
                self.next(Step::Year, &y)
            }
            Step::Year => {
                let year = if text.is_empty() {
                    None
                } else if let Some(y) = parse_year(&text) {
                    Some(y)
                } else {
                    app.error(crate::t!("wizard-bad-year"));
                    return Flow::Stay(self);
                };
                if app.plan().meta().year != year {
                    app.apply(|ed| ed.set_year(year));
                }
                let u = app.plan().meta().unit.clone().unwrap_or_default();
                self.next(Step::Unit, &u)
            }
            Step::Unit => {
                if app.plan().meta().unit.as_deref().unwrap_or("") != text {
                    app.apply(|ed| ed.set_unit(&text));
                }
                let levels = app.plan().meta().levels.join(", ");
                self.next(Step::Levels, &levels)
            }
            Step::Levels => {
                let levels = parse_levels(&text);
                if levels == app.plan().meta().levels || app.apply(|ed| ed.set_levels(levels)) {
                    // The batches, with their notices and dates, come next.
                    if app.plan().layout().has_batches() {
                        let b = app.view().batch(app.plan());
                        app.reopen(Box::new(super::batch::BatchMenu::new(b)));
                    }
                    Flow::Close
                } else {
                    Flow::Stay(self)
                }
            }
            Step::QuotaId => {
                if let Err(e) = crate::core::validate::check_quota_id(&text) {
                    app.error(e.to_string());
                    return Flow::Stay(self);
                }
                if app.plan().quota_index(&text).is_some() {
                    app.error(crate::t!(
                        "refusal-quota-id-taken",
                        id = format!("{text:?}")
                    ));
                    return Flow::Stay(self);
                }
                self.next(Step::QuotaName { id: text }, "")
            }
            Step::QuotaName { id } => {
                if text.is_empty() {
                    app.error(crate::t!("wizard-type-quota-name"));
                    return Flow::Stay(self);
                }
                self.next(Step::QuotaTotal { id, name: text }, "0")
            }
            Step::QuotaTotal { id, name } => {
                let ctx = crate::core::value::ValueContext {
                    current: 0,
                    parent_value: None,
                    parent_remainder: None,
                };
                match crate::core::value::parse_value(&text, &ctx) {
                    Ok(total) => {
                        // The total goes into the batch being edited.
                        let b = app.view().batch(app.plan());
                        let mut totals = vec![0; b + 1];
                        totals[b] = total;
                        if app.apply(|ed| ed.add_kind(&id, &name, &totals)) {
                            let layout = app.plan().layout();
                            if let Some(q) =
                                layout.kind_index(&id).and_then(|k| layout.column(k, b))
                            {
                                app.show_cell(q);
                            }
                            Flow::Close
                        } else {
                            Flow::Stay(self)
                        }
                    }
                    Err(e) => {
                        app.error(e.to_string());
                        Flow::Stay(self)
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, message, send, type_in};

    #[test]
    fn plan_info_steps_through_title_year_unit_and_levels() {
        let mut a = app();
        let d: Box<dyn Dialog> = Wizard::plan_info(a.plan());
        assert!(bar(d.as_ref(), &a).starts_with("plan title: Rare earth"));
        let d = type_in(d, &mut a, "稀土 2024");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = type_in(d, &mut a, "twenty");
        let d = send(d, &mut a, Msg::Submit).expect("not a year: asked again");
        assert!(message(&a).contains("a year is a whole number"));
        let d = send(d, &mut a, Msg::Text(crate::tui::input::TextOp::Clear)).unwrap();
        let d = type_in(d, &mut a, "２０２４年");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        assert_eq!(a.plan().meta().year, Some(2024));
        let d = send(d, &mut a, Msg::Submit).unwrap();
        assert!(bar(d.as_ref(), &a).starts_with("level names"));
        let d = type_in(d, &mut a, "Group,");
        let d = send(d, &mut a, Msg::Submit).expect("an empty level name is refused");
        assert!(message(&a).starts_with("refused"), "{}", message(&a));
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert!(message(&a).contains("the steps before are kept"));
        assert_eq!(a.plan().meta().title.as_deref(), Some("稀土 2024"));
    }

    #[test]
    fn a_new_quota_kind_checks_its_id_then_asks_name_and_total() {
        let mut a = app();
        let d: Box<dyn Dialog> = Wizard::new_quota();
        let d = type_in(d, &mut a, "rock");
        let d = send(d, &mut a, Msg::Submit).expect("taken");
        assert!(message(&a).contains("already used"));
        let d = send(d, &mut a, Msg::Text(crate::tui::input::TextOp::Clear)).unwrap();
        let d = type_in(d, &mut a, "heavy");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = type_in(d, &mut a, "Heavy rare earths 重稀土");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = type_in(d, &mut a, "2,000");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        let q = a.plan().quota_index("heavy").unwrap();
        assert_eq!(a.plan().value(crate::core::ROOT, q), 2000);
    }

    #[test]
    fn years_as_planners_type_them() {
        assert_eq!(parse_year("2024"), Some(2024));
        assert_eq!(parse_year("２０２４"), Some(2024));
        assert_eq!(parse_year("2024年"), Some(2024));
        assert_eq!(parse_year(" ２０２３年 "), Some(2023));
        assert_eq!(parse_year("twenty"), None);
    }

    #[test]
    fn level_names_as_planners_type_them() {
        assert_eq!(parse_levels("Group, Enterprise"), ["Group", "Enterprise"]);
        assert_eq!(parse_levels("省，企业、矿山"), ["省", "企业", "矿山"]);
        assert!(parse_levels("  ").is_empty());
        // An empty name between commas is kept, and refused by the engine.
        assert_eq!(parse_levels("a,,b"), ["a", "", "b"]);
    }
}
