//! The year's batches: a list to add, edit, move and delete them, and the
//! prompts that add a batch (id, name, date, notice, then the national
//! total of each quota kind) or edit one.

use ratatui::Frame;

use super::confirm::{Confirm, Question};
use super::{Bar, Dialog, Flow, hint, input_hints, list_popup};
use crate::core::layout::Batch;
use crate::core::text::{fit_pad_right, printable, width};
use crate::core::value::{ValueContext, parse_value};
use crate::core::{Plan, ROOT};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;
use crate::tui::line::LineInput;
use crate::tui::view::BatchView;

/// The batch list.
pub struct BatchMenu {
    selected: usize,
}

impl BatchMenu {
    /// The list with batch `selected` highlighted.
    pub fn new(selected: usize) -> Self {
        Self { selected }
    }
}

impl Dialog for BatchMenu {
    fn name(&self) -> &'static str {
        "batches"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::List
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let nb = app.plan().layout().batches().len();
        match msg {
            Msg::ListUp => self.selected = self.selected.saturating_sub(1),
            Msg::ListDown => self.selected = (self.selected + 1).min(nb),
            Msg::Choice('a') => {
                app.open(BatchWizard::add(app.plan()));
                return Flow::Close;
            }
            Msg::Submit if self.selected == nb => {
                app.open(BatchWizard::add(app.plan()));
                return Flow::Close;
            }
            Msg::Choice('e') | Msg::Submit if self.selected < nb => {
                app.open(BatchWizard::edit(app.plan(), self.selected));
                return Flow::Close;
            }
            Msg::Choice('d') if self.selected < nb => {
                app.open(Confirm::boxed(Question::DeleteBatch(self.selected)));
                return Flow::Close;
            }
            Msg::Choice(c @ ('<' | '>')) if self.selected < nb => {
                let to = if *c == '<' {
                    self.selected.saturating_sub(1)
                } else {
                    (self.selected + 1).min(nb - 1)
                };
                if app.apply(|ed| ed.move_batch(self.selected, to)) {
                    self.selected = to;
                }
            }
            Msg::Choice('v') if self.selected < nb => {
                app.show_batches(BatchView::One(self.selected));
                return Flow::Close;
            }
            Msg::Cancel => {
                app.cancelled("batches");
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let batches = app.plan().layout().batches();
        let ids: Vec<String> = batches.iter().map(|b| printable(&b.id)).collect();
        let iw = ids.iter().map(|s| width(s)).max().unwrap_or(0);
        let mut items: Vec<String> = batches
            .iter()
            .zip(&ids)
            .map(|(b, id)| {
                let mut about = vec![printable(&b.name)];
                about.extend(b.date.as_deref().map(printable));
                about.extend(b.notice.as_deref().map(printable));
                format!("{}  {}", fit_pad_right(id, iw), about.join(" · "))
            })
            .collect();
        items.push(if batches.is_empty() {
            crate::t!("batches-add-first")
        } else {
            crate::t!("batches-add")
        });
        list_popup(
            frame,
            app,
            areas.table,
            &crate::t!("batches-title"),
            &items,
            self.selected,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("a", &crate::t!("label-add")),
            hint("e/enter", &crate::t!("label-edit")),
            hint("< >", &crate::t!("label-move")),
            hint("v", &crate::t!("label-show")),
            hint("d", &crate::t!("label-delete")),
            hint("esc", &crate::t!("label-close")),
        ]
    }
}

/// Where the batch prompts are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Id,
    Name,
    Date,
    Notice,
    /// The national total of the stored kind at this rank.
    Total(usize),
}

/// Adding a batch, or editing one.
pub struct BatchWizard {
    /// The batch edited (None: a new one).
    editing: Option<usize>,
    batch: Batch,
    totals: Vec<(usize, u64)>,
    step: Step,
    input: LineInput,
}

impl BatchWizard {
    /// A new batch, numbered after the last.
    pub fn add(plan: &Plan) -> Box<Self> {
        let layout = plan.layout();
        let mut k = layout.batches().len().max(1) + 1;
        while layout.batch_index(&format!("b{k}")).is_some() {
            k += 1;
        }
        Box::new(Self {
            editing: None,
            batch: Batch {
                id: format!("b{k}"),
                name: String::new(),
                date: None,
                notice: None,
            },
            totals: Vec::new(),
            step: Step::Id,
            input: LineInput::prefilled(&format!("b{k}")),
        })
    }

    /// Batch `b`'s name, date and notice.
    pub fn edit(plan: &Plan, b: usize) -> Box<Self> {
        let batch = plan.layout().batches()[b].clone();
        let input = LineInput::prefilled(&batch.name);
        Box::new(Self {
            editing: Some(b),
            batch,
            totals: Vec::new(),
            step: Step::Name,
            input,
        })
    }

    fn next(mut self: Box<Self>, step: Step, text: &str) -> Flow {
        self.step = step;
        self.input = LineInput::prefilled(text);
        Flow::Stay(self)
    }

    /// The step after the notice: the first total, or (editing) done.
    fn after_notice(self: Box<Self>, app: &mut App) -> Flow {
        match self.editing {
            Some(b) => {
                let batch = self.batch.clone();
                if app.apply(|ed| ed.edit_batch(b, batch)) {
                    Flow::Close
                } else {
                    Flow::Stay(self)
                }
            }
            None => self.next(Step::Total(0), ""),
        }
    }

    /// Add the batch, and show it.
    fn finish(self: Box<Self>, app: &mut App) -> Flow {
        let plan = app.plan();
        let layout = plan.layout();
        // A plan without batches: its figures become the first.
        let first = (!layout.has_batches()).then(|| Batch {
            id: if self.batch.id == "b1" { "first" } else { "b1" }.to_owned(),
            name: crate::t!("first-batch"),
            date: None,
            notice: None,
        });
        let batch = self.batch.clone();
        let totals = self.totals.clone();
        if app.apply(|ed| ed.add_batch(batch, &totals, first)) {
            let b = app.plan().layout().batches().len() - 1;
            app.show_batches(BatchView::One(b));
            Flow::Close
        } else {
            Flow::Stay(self)
        }
    }

    #[allow(clippy::needless_pass_by_value, reason = "the text typed, once")]
    fn submit(mut self: Box<Self>, app: &mut App, text: String) -> Flow {
        match self.step {
            Step::Id => {
                if let Err(e) = crate::core::validate::check_batch_id(&text) {
                    app.error(e.to_string());
                    return Flow::Stay(self);
                }
                let layout = app.plan().layout();
                if layout.batch_index(&text).is_some() || layout.kind_index(&text).is_some() {
                    app.error(crate::t!("batch-id-taken", id = format!("{text:?}")));
                    return Flow::Stay(self);
                }
                self.batch.id = text;
                let name = format!("Batch {}", app.plan().layout().batches().len().max(1) + 1);
                self.next(Step::Name, &name)
            }
            Step::Name => {
                if text.is_empty() {
                    app.error(crate::t!("batch-type-name"));
                    return Flow::Stay(self);
                }
                self.batch.name = text;
                let date = self.batch.date.clone().unwrap_or_default();
                self.next(Step::Date, &date)
            }
            Step::Date => {
                // Dates as a Chinese input method types them too.
                let text = crate::core::value::normalise(&text).trim().to_owned();
                if !text.is_empty()
                    && let Err(e) = crate::core::validate::check_date(&text)
                {
                    app.error(e.to_string());
                    return Flow::Stay(self);
                }
                self.batch.date = (!text.is_empty()).then_some(text);
                let notice = self.batch.notice.clone().unwrap_or_default();
                self.next(Step::Notice, &notice)
            }
            Step::Notice => {
                self.batch.notice = (!text.is_empty()).then_some(text);
                self.after_notice(app)
            }
            Step::Total(rank) => {
                let plan = app.plan();
                let layout = plan.layout();
                let kind = layout.stored()[rank];
                // `50%` is of the last batch's total.
                let last = layout.column(kind, layout.batch_count() - 1);
                let ctx = ValueContext {
                    current: 0,
                    parent_value: last.map(|c| plan.value(ROOT, c)),
                    parent_remainder: None,
                };
                let value = if text.is_empty() {
                    0
                } else {
                    match parse_value(&text, &ctx) {
                        Ok(v) => v,
                        Err(e) => {
                            app.refused(&crate::core::Refusal::Value(e));
                            return Flow::Stay(self);
                        }
                    }
                };
                self.totals.push((kind, value));
                if rank + 1 < layout.stored().len() {
                    self.next(Step::Total(rank + 1), "")
                } else {
                    self.finish(app)
                }
            }
        }
    }
}

impl Dialog for BatchWizard {
    fn name(&self) -> &'static str {
        "batch"
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
                app.cancelled(if self.editing.is_some() {
                    "batch edit"
                } else {
                    "new batch"
                });
                Flow::Close
            }
            Msg::Submit => {
                let text = self.input.text().trim().to_owned();
                self.submit(app, text)
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, app: &App) -> Bar<'_> {
        let layout = app.plan().layout();
        let label = match self.step {
            Step::Id => crate::t!("batch-id"),
            Step::Name => crate::t!("batch-name", id = printable(&self.batch.id)),
            Step::Date => crate::t!("batch-date"),
            Step::Notice => crate::t!("batch-notice"),
            Step::Total(rank) => {
                let kind = &layout.kinds()[layout.stored()[rank]];
                crate::t!(
                    "batch-total",
                    quota = printable(&kind.name),
                    batch = printable(&self.batch.name)
                )
            }
        } + " ";
        Bar::Input {
            label,
            input: &self.input,
        }
    }

    fn hints(&self, app: &App) -> Vec<(String, String)> {
        let last = match self.step {
            Step::Notice => self.editing.is_some(),
            Step::Total(rank) => rank + 1 == app.plan().layout().stored().len(),
            _ => false,
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::layout::Sel;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, message, send, type_in};
    use crate::tui::input::TextOp;

    fn clear(d: Box<dyn Dialog>, a: &mut App) -> Box<dyn Dialog> {
        send(d, a, Msg::Text(TextOp::Clear)).unwrap()
    }

    #[test]
    fn a_batch_is_added_step_by_step_and_shown() {
        let mut a = app();
        let d: Box<dyn Dialog> = BatchWizard::add(a.plan());
        assert_eq!(d.input().unwrap().text(), "b2");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = clear(d, &mut a);
        let d = type_in(d, &mut a, "Second batch 第二批");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = type_in(d, &mut a, "2018-13-01");
        let d = send(d, &mut a, Msg::Submit).expect("no 13th month");
        assert!(message(&a).contains("not a date"), "{}", message(&a));
        let d = clear(d, &mut a);
        // As a Chinese input method types it: full-width digits and dash.
        let d = type_in(d, &mut a, "２０１８－０９－３０");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = send(d, &mut a, Msg::Submit).unwrap(); // no notice
        assert!(bar(d.as_ref(), &a).starts_with("national total of Rock-type mining"));
        let d = type_in(d, &mut a, "50%");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = send(d, &mut a, Msg::Submit).unwrap(); // ion: 0
        let d = type_in(d, &mut a, "1,000");
        assert!(send(d, &mut a, Msg::Submit).is_none(), "{}", message(&a));
        let plan = a.plan();
        let layout = plan.layout();
        assert_eq!(layout.batches().len(), 2);
        assert_eq!(
            layout.batches()[0].id,
            "b1",
            "the plan's figures came first"
        );
        assert_eq!(layout.batches()[1].date.as_deref(), Some("2018-09-30"));
        assert_eq!(plan.figure(ROOT, 0, Sel::Batch(1)), 50_425);
        assert_eq!(plan.figure(ROOT, 2, Sel::Batch(1)), 1_000);
        assert_eq!(
            a.view().batch_view(),
            BatchView::One(1),
            "the new batch is shown"
        );
    }

    #[test]
    fn the_list_edits_moves_and_deletes() {
        let mut a = app();
        let first = Batch {
            id: "b1".into(),
            name: "First".into(),
            date: None,
            notice: None,
        };
        let second = Batch {
            id: "b2".into(),
            name: "Second".into(),
            ..first.clone()
        };
        a.apply(|ed| ed.add_batch(second, &[(0, 10)], Some(first)));
        let d: Box<dyn Dialog> = Box::new(BatchMenu::new(1));
        let d = send(d, &mut a, Msg::Choice('<')).unwrap();
        assert_eq!(a.plan().layout().batches()[0].id, "b2");
        assert!(send(d, &mut a, Msg::Choice('e')).is_none());
        let d = a.take_dialog().unwrap();
        let d = clear(d, &mut a);
        let d = type_in(d, &mut a, "Second batch");
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = send(d, &mut a, Msg::Submit).unwrap();
        let d = type_in(d, &mut a, "工信部联原〔2018〕1号");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        assert_eq!(
            a.plan().layout().batches()[0].notice.as_deref(),
            Some("工信部联原〔2018〕1号")
        );
        let d: Box<dyn Dialog> = Box::new(BatchMenu::new(0));
        assert!(send(d, &mut a, Msg::Choice('d')).is_none());
        assert!(matches!(a.question(), Some(Question::DeleteBatch(0))));
    }
}
