//! A question answered by a letter. The question and every answer show in
//! a box, wrapped to the screen, so that no answer is ever cut off.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Bar, Dialog, Flow, clear_popup, hint, popup};
use crate::core::text::{printable, width, wrap};
use crate::core::{NodeIx, Plan};
use crate::export::ExportFormat;
use crate::storage::file::RealFile;
use crate::t;
use crate::tui::app::{App, How};
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;
use crate::tui::line::LineInput;

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this node and its subtree?
    Delete(NodeIx),
    /// Delete this quota kind (its position among the kinds)?
    DeleteQuota(usize),
    /// Delete this batch (its position) and its figures?
    DeleteBatch(usize),
    /// Unsaved changes: save, discard or cancel?
    QuitUnsaved,
    /// The file exists: overwrite it with the plan?
    Overwrite {
        /// The file.
        file: RealFile,
        /// Quit after saving.
        then_quit: bool,
    },
    /// The plan is over-allocated: export anyway?
    ExportOver {
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
        /// One batch only.
        batch: Option<usize>,
    },
    /// The file changed on disk: reload, overwrite, save elsewhere?
    ChangedOnDisk {
        /// Quit after saving.
        then_quit: bool,
    },
    /// The export target exists: replace it?
    ExportOverwrite {
        /// The file or folder.
        path: std::path::PathBuf,
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
        /// One batch only.
        batch: Option<usize>,
        /// How many files are in the way.
        files: usize,
    },
    /// A value far from the old one: apply it?
    BigValue {
        /// The cell.
        node: NodeIx,
        /// The quota.
        quota: usize,
        /// How it is applied.
        how: How,
        /// The new value.
        value: u64,
        /// What was typed (back to the edit on "no").
        typed: String,
    },
}

impl Question {
    /// What it asks about, in a word or two (for "… cancelled").
    pub fn what(&self) -> &'static str {
        match self {
            Self::Delete(_) => "delete",
            Self::DeleteQuota(_) => "delete quota kind",
            Self::DeleteBatch(_) => "delete batch",
            Self::QuitUnsaved => "quit",
            Self::Overwrite { .. } | Self::ChangedOnDisk { .. } => "save",
            Self::ExportOver { .. } | Self::ExportOverwrite { .. } => "export",
            Self::BigValue { .. } => "edit",
        }
    }

    /// The question, in words.
    pub fn text(&self, app: &App) -> String {
        let plan = app.plan();
        let nf = &app.config().numbers;
        match self {
            Self::Delete(n) => {
                let below = plan.preorder_from(*n).count() - 1;
                t!(
                    "confirm-delete",
                    node = printable(plan.display_name(*n)),
                    below = below
                )
            }
            Self::DeleteQuota(q) => t!(
                "confirm-delete-quota",
                name = printable(&plan.layout().kinds()[*q].name)
            ),
            Self::DeleteBatch(b) => t!(
                "confirm-delete-batch",
                name = printable(&plan.layout().batches()[*b].name)
            ),
            Self::QuitUnsaved => t!("confirm-quit-unsaved"),
            Self::Overwrite { file, .. } => t!(
                "confirm-overwrite",
                file = printable(&file.shown().display().to_string())
            ),
            Self::ExportOver { .. } => t!("confirm-export-over"),
            Self::ChangedOnDisk { .. } => t!("confirm-changed-on-disk"),
            Self::ExportOverwrite {
                path, split, files, ..
            } => {
                let p = printable(&path.display().to_string());
                if *split {
                    t!("confirm-export-overwrite-split", count = *files, folder = p)
                } else {
                    t!("confirm-export-overwrite", file = p)
                }
            }
            Self::BigValue {
                node, quota, value, ..
            } => {
                let old = plan.value(*node, *quota);
                let why = if *node == crate::core::ROOT {
                    t!("confirm-big-national")
                } else {
                    t!(
                        "confirm-big-times",
                        times = value.checked_div(old.max(1)).unwrap_or(0)
                    )
                };
                t!(
                    "confirm-big-value",
                    node = crate::say::node(&printable(plan.display_name(*node))),
                    quota = printable(&plan.quotas()[*quota].name),
                    old = nf.amount(u128::from(old)),
                    new = nf.amount(u128::from(*value)),
                    why = why
                )
            }
        }
    }

    /// The answers in one short line for the message line (the box above
    /// shows the question whole): "delete? [y]es · [n]o".
    pub fn short(&self) -> String {
        let yes_no = t!("confirm-yes-no");
        match self {
            Self::Delete(_) => t!("confirm-short-delete", yes_no = yes_no),
            Self::DeleteQuota(_) => t!("confirm-short-delete-quota", yes_no = yes_no),
            Self::DeleteBatch(_) => t!("confirm-short-delete-batch", yes_no = yes_no),
            Self::QuitUnsaved => t!("confirm-short-quit"),
            Self::Overwrite { .. } | Self::ExportOverwrite { .. } => {
                t!("confirm-short-replace", yes_no = yes_no)
            }
            Self::ExportOver { .. } => t!("confirm-short-export-over", yes_no = yes_no),
            Self::ChangedOnDisk { .. } => t!("confirm-short-changed"),
            Self::BigValue { .. } => t!("confirm-short-big", yes_no = yes_no),
        }
    }

    /// The answers: key, meaning, and a word or two for the hints bar.
    pub fn answers(&self) -> Vec<(char, String, String)> {
        let a = |k: char, long: String, short: String| (k, long, short);
        match self {
            Self::QuitUnsaved => vec![
                a('s', t!("answer-save-quit"), t!("answer-save")),
                a('d', t!("answer-discard-quit"), t!("answer-discard")),
                a('c', t!("answer-cancel-back"), t!("answer-cancel")),
            ],
            Self::ChangedOnDisk { .. } => vec![
                a('r', t!("answer-reload"), t!("answer-reload-short")),
                a('o', t!("answer-overwrite"), t!("answer-overwrite-short")),
                a(
                    's',
                    t!("answer-save-elsewhere"),
                    t!("answer-save-elsewhere-short"),
                ),
                a('c', t!("answer-cancel"), t!("answer-cancel")),
            ],
            Self::BigValue { .. } => vec![
                a('y', t!("answer-yes-apply"), t!("answer-yes")),
                a('n', t!("answer-no-back"), t!("answer-no")),
            ],
            _ => vec![
                a('y', t!("answer-yes"), t!("answer-yes")),
                a('n', t!("answer-no"), t!("answer-no")),
            ],
        }
    }
}

/// Whether `new` for the cell needs confirming: more than 100 times a
/// non-zero old value, or a national total changed by more than the whole
/// plan holds.
pub fn is_big(plan: &Plan, node: NodeIx, quota: usize, new: u64) -> bool {
    let old = plan.value(node, quota);
    if node == crate::core::ROOT {
        let change = u128::from(old.abs_diff(new));
        return old > 0 && change > u128::from(old);
    }
    old > 0 && u128::from(new) > 100 * u128::from(old)
}

/// The confirmation dialog.
pub struct Confirm {
    question: Question,
}

impl Confirm {
    /// Ask `question`.
    pub fn boxed(question: Question) -> Box<Self> {
        Box::new(Self { question })
    }
}

impl Dialog for Confirm {
    fn name(&self) -> &'static str {
        "confirm"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Choice
    }

    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let answer = match *msg {
            Msg::Choice(c) => c,
            Msg::Cancel => match self.question {
                Question::QuitUnsaved | Question::ChangedOnDisk { .. } => 'c',
                _ => 'n',
            },
            _ => return Flow::Stay(self),
        };
        if !self.question.answers().iter().any(|(k, _, _)| *k == answer) {
            return Flow::Stay(self);
        }
        answer_question(app, self.question, answer);
        Flow::Close
    }

    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Text(self.question.short())
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        draw_question(
            frame,
            app,
            areas,
            &self.question.text(app),
            &self
                .question
                .answers()
                .iter()
                .map(|(k, l, _)| (*k, l.as_str()))
                .collect::<Vec<_>>(),
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        // The answers in a word or two (the box says them whole).
        self.question
            .answers()
            .iter()
            .map(|(k, _, short)| hint(&k.to_string(), short))
            .chain(std::iter::once(hint("esc", &t!("answer-cancel"))))
            .collect()
    }

    fn question(&self) -> Option<&Question> {
        Some(&self.question)
    }
}

/// A box over the table with `text` wrapped and each answer on a line.
pub fn draw_question(
    frame: &mut Frame<'_>,
    app: &App,
    areas: &Areas,
    text: &str,
    answers: &[(char, &str)],
) {
    let t = &app.config().theme;
    let room = usize::from(areas.full.width.saturating_sub(6)).clamp(20, 70);
    let mut lines: Vec<Line<'_>> = wrap(text, room).into_iter().map(Line::raw).collect();
    lines.push(Line::raw(""));
    for (k, l) in answers {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {k} "),
                Style::new().fg(t.hint_key).add_modifier(Modifier::BOLD),
            ),
            Span::raw((*l).to_owned()),
        ]));
    }
    let w = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(10)
        .max(width(" question "))
        + 2;
    let r = popup(
        areas.full,
        u16::try_from(w + 2).unwrap_or(u16::MAX),
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX),
    );
    clear_popup(frame, r);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(t.unallocated)),
        ),
        r,
    );
}

fn answer_question(app: &mut App, q: Question, answer: char) {
    match (q, answer) {
        (Question::Delete(n), 'y') => app.delete_node(n),
        (Question::DeleteQuota(q), 'y') => {
            app.apply(|ed| ed.delete_kind(q));
        }
        (Question::DeleteBatch(b), 'y') => {
            app.apply(|ed| ed.delete_batch(b));
        }
        (
            Question::ExportOver {
                format,
                split,
                batch,
            },
            'y',
        ) => app.export_prompt(format, split, batch),
        (
            Question::ExportOverwrite {
                path,
                format,
                split,
                batch,
                ..
            },
            'y',
        ) => app.export_to(path, format, split, batch, true),
        (Question::ChangedOnDisk { .. }, 'r') => app.reload(),
        (Question::ChangedOnDisk { then_quit }, 'o') => app.overwrite(then_quit),
        (Question::ChangedOnDisk { then_quit }, 's') => app.open(super::prompt::TextPrompt::boxed(
            super::prompt::Purpose::SaveAs { then_quit },
            "",
        )),
        (Question::QuitUnsaved, 's') => app.save(true),
        (Question::QuitUnsaved, 'd') => app.discard_and_quit(),
        (Question::Overwrite { file, then_quit }, 'y') => app.save_to(&file, then_quit),
        (
            Question::BigValue {
                node,
                quota,
                how,
                value,
                typed,
            },
            'y',
        ) => {
            // Refused after all: back to the edit, with what was typed.
            if !app.apply_value(node, quota, how, value) {
                app.reopen(Box::new(super::edit::EditValue::new(
                    node,
                    quota,
                    how,
                    LineInput::with(&typed),
                )));
            }
        }
        (
            Question::BigValue {
                node,
                quota,
                how,
                typed,
                ..
            },
            _,
        ) => app.open(Box::new(super::edit::EditValue::new(
            node,
            quota,
            how,
            LineInput::with(&typed),
        ))),
        (q, _) => app.cancelled(q.what()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, hints, message, send};

    #[test]
    fn every_answer_shows_and_only_answers_count() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let d: Box<dyn Dialog> = Confirm::boxed(Question::Delete(sd));
        assert_eq!(bar(d.as_ref(), &a), "delete? [y]es · [n]o");
        assert!(hints(d.as_ref(), &a).contains("esc cancel"));
        let d = send(d, &mut a, Msg::Choice('x')).expect("not an answer: stays");
        assert!(send(d, &mut a, Msg::Choice('y')).is_none());
        assert!(!a.plan().is_live(sd));
    }

    #[test]
    fn esc_is_no_or_cancel() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let d: Box<dyn Dialog> = Confirm::boxed(Question::Delete(sd));
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert!(a.plan().is_live(sd));
        assert_eq!(message(&a), "delete cancelled; nothing changed");
        let d: Box<dyn Dialog> = Confirm::boxed(Question::QuitUnsaved);
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert!(!a.wants_quit());
    }

    #[test]
    fn questions_name_every_answer_in_one_short_line() {
        for q in [
            Question::QuitUnsaved,
            Question::ChangedOnDisk { then_quit: false },
        ] {
            let short = q.short();
            for (k, _, _) in q.answers() {
                assert!(short.contains(&format!("[{k}]")), "{short}");
            }
            assert!(short.chars().count() <= 80, "{short}");
        }
    }

    #[test]
    fn the_delete_question_counts_what_goes_with_the_node() {
        let a = app();
        let nm = a.plan().find("nm").unwrap();
        let sc = a.plan().find("sc").unwrap();
        let sd = a.plan().find("sd").unwrap();
        assert!(
            Question::Delete(nm)
                .text(&a)
                .ends_with("and the 2 nodes under it?")
        );
        assert!(Question::Delete(sc).text(&a).contains("and the 2 nodes"));
        assert_eq!(Question::Delete(sd).text(&a), "Delete Shandong 山东?");
    }
}
