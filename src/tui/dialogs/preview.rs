//! A redistribution shown before it applies: every figure it would change,
//! old, new and the difference. Enter or `y` applies it, Esc or `n`
//! cancels, `w` explains how it shares (and comes back here).

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::explain::ExplainView;
use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::core::apportion::Explained;
use crate::core::ops::{OpResult, StepRecord};
use crate::core::text::{fit_pad_left, fit_pad_right, printable, width};
use crate::core::{Editor, NodeIx, Plan};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// An operation that can run twice: on a scratch copy for the preview,
/// then on the plan once confirmed (the engine is deterministic, so both
/// give the same figures).
pub type Op = Box<dyn Fn(&mut Editor) -> OpResult>;

/// One figure the operation changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The node's name.
    pub name: String,
    /// The quota (and batch) of the figure.
    pub column: String,
    /// Before.
    pub old: u64,
    /// After.
    pub new: u64,
    /// Its parent's figure in the same column is not among the changes
    /// (the sums add these only: a figure under another is part of it).
    pub top: bool,
}

/// The preview.
pub struct Preview {
    op: Op,
    /// What it is, in a word ("fill"), for "… cancelled".
    what: &'static str,
    /// What it would do, in words.
    label: String,
    lines: Vec<Figure>,
    apportionment: Vec<(NodeIx, usize, Explained)>,
    /// A node to unfold once applied (a fill shows the children it fed).
    expand: Option<NodeIx>,
    top: usize,
}

/// The label of value column `col`: the quota kind, and the batch when
/// the plan has batches.
fn column_label(plan: &Plan, col: usize) -> String {
    let layout = plan.layout();
    if col >= layout.columns() {
        return String::new();
    }
    let (k, b) = layout.column_of(col);
    let kind = layout.kinds().get(k).map_or("", |x| x.id.as_str());
    match layout.batches().get(b) {
        Some(batch) if layout.has_batches() => format!("{kind} · {}", batch.name),
        _ => kind.to_owned(),
    }
}

impl Preview {
    /// The preview of `op`, which on a scratch copy of `plan` made `step`.
    pub fn new(
        plan: &Plan,
        op: Op,
        what: &'static str,
        label: String,
        step: StepRecord,
        expand: Option<NodeIx>,
    ) -> Self {
        let changed: std::collections::HashSet<(NodeIx, usize)> =
            step.cells.iter().map(|c| (c.node, c.col)).collect();
        let lines = step
            .cells
            .iter()
            .map(|c| Figure {
                name: crate::say::node(plan.display_name(c.node)),
                column: column_label(plan, c.col),
                old: c.old,
                new: c.new,
                top: plan
                    .parent(c.node)
                    .is_none_or(|p| !changed.contains(&(p, c.col))),
            })
            .collect();
        Self {
            op,
            what,
            label,
            lines,
            apportionment: step.apportionment,
            expand,
            top: 0,
        }
    }

    /// The figures it would change.
    pub fn lines(&self) -> &[Figure] {
        &self.lines
    }

    /// The width of the figure columns (as wide as the widest figure) and
    /// of the quota column (none when every figure is in the same one).
    fn widths(&self, nf: crate::say::NumberFormat) -> (usize, usize) {
        let w_n = self
            .lines
            .iter()
            .map(|l| width(&nf.amount64(l.old.max(l.new))).max(width(&signed(nf, l.old, l.new))))
            .max()
            .unwrap_or(0)
            .max(6);
        let one_column = self.lines.windows(2).all(|p| p[0].column == p[1].column);
        let w_c = if one_column {
            0
        } else {
            self.lines
                .iter()
                .map(|l| width(&l.column) + 1)
                .max()
                .unwrap_or(0)
                .min(24)
        };
        (w_n, w_c)
    }

    /// As wide as its text and as tall as its lines (three headings and
    /// the borders), at most the screen.
    fn rect(&self, app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        let (w_n, w_c) = self.widths(app.config().numbers);
        let names = self
            .lines
            .iter()
            .map(|l| width(&printable(&l.name)))
            .max()
            .unwrap_or(0)
            .max(8);
        let text = width(&self.heading()).max(HEADING_WIDTH);
        let want_w = (names + w_c + 3 * (w_n + 1)).max(text) + 2;
        let screen = ratatui::layout::Rect::new(0, 0, w, h);
        let wide = popup(screen, u16::try_from(want_w.min(100)).unwrap_or(100), h);
        let heads = self
            .head_lines(usize::from(wide.width.saturating_sub(2)))
            .len();
        let want_h = self.lines.len() + heads + 4;
        popup(
            screen,
            wide.width,
            u16::try_from(want_h).unwrap_or(u16::MAX),
        )
    }

    /// The headings in `inner_w` columns: what it would do (wrapped), the
    /// note, the column heads.
    fn head_lines(&self, inner_w: usize) -> Vec<String> {
        crate::core::text::wrap(&self.heading(), inner_w.max(1))
    }

    /// The first line: what it would do.
    fn heading(&self) -> String {
        crate::t!("preview-heading", what = printable(&self.label))
    }

    /// How many lines fit under the headings.
    fn rows(&self, app: &App) -> usize {
        let r = self.rect(app);
        let heads = self
            .head_lines(usize::from(r.width.saturating_sub(2)))
            .len();
        usize::from(r.height.saturating_sub(2)).saturating_sub(heads + 2)
    }
}

/// The width of the second heading ("… in the figures below; nothing is
/// changed until you apply") with its figures.
const HEADING_WIDTH: usize = 72;

/// A signed difference with its sign.
fn signed(nf: crate::say::NumberFormat, old: u64, new: u64) -> String {
    match new.cmp(&old) {
        std::cmp::Ordering::Greater => format!("+{}", nf.amount64(new - old)),
        std::cmp::Ordering::Less => format!("−{}", nf.amount64(old - new)),
        std::cmp::Ordering::Equal => "0".to_owned(),
    }
}

impl Dialog for Preview {
    fn name(&self) -> &'static str {
        "preview"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::List
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let last = self.lines.len().saturating_sub(self.rows(app));
        match *msg {
            Msg::ListUp => self.top = self.top.saturating_sub(1),
            Msg::ListDown => self.top = (self.top + 1).min(last),
            Msg::Wheel(d) if d < 0 => self.top = self.top.saturating_sub(3),
            Msg::Wheel(_) => self.top = (self.top + 3).min(last),
            Msg::Submit | Msg::Choice('y') => {
                app.apply_confirmed(&self.op, self.expand);
                return Flow::Close;
            }
            Msg::Cancel | Msg::Choice('n') => {
                app.cancelled(self.what);
                return Flow::Close;
            }
            Msg::Choice('w') => {
                let ap = std::mem::take(&mut self.apportionment);
                let Some(view) = ExplainView::of(app.plan(), &ap, self.label.clone()) else {
                    app.info(crate::t!("preview-nothing-shared"));
                    return Flow::Stay(self);
                };
                self.apportionment = ap;
                app.open(Box::new(view.ahead().returning_to(self)));
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay(self)
    }

    fn bar(&self, _app: &App) -> super::Bar<'_> {
        super::Bar::Text(crate::t!("preview-bar", count = self.lines.len()))
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, _areas: &Areas) {
        let t = &app.config().theme;
        let nf = &app.config().numbers;
        let r = self.rect(app);
        let inner_w = usize::from(r.width.saturating_sub(2));
        let (w_n, w_c) = self.widths(*nf);
        let name_w = inner_w.saturating_sub(w_c + 3 * (w_n + 1)).max(6);
        let (old, new) = self
            .lines
            .iter()
            .filter(|l| l.top)
            .fold((0u128, 0u128), |(o, n), l| {
                (o + u128::from(l.old), n + u128::from(l.new))
            });
        let quota = |text: &str| {
            if w_c == 0 {
                String::new()
            } else {
                fit_pad_right(text, w_c)
            }
        };
        let mut lines: Vec<Line<'_>> = self
            .head_lines(inner_w)
            .into_iter()
            .map(|l| Line::styled(l, Style::new().fg(t.title)))
            .collect();
        lines.extend([
            Line::styled(
                crate::t!("preview-sums", old = nf.amount(old), new = nf.amount(new)),
                Style::new().fg(t.dim),
            ),
            Line::styled(
                format!(
                    "{}{} {} {} {}",
                    fit_pad_right(&crate::t!("preview-node"), name_w),
                    quota(&crate::t!("preview-quota")),
                    fit_pad_left(&crate::t!("preview-old"), w_n),
                    fit_pad_left(&crate::t!("preview-new"), w_n),
                    fit_pad_left(&crate::t!("ui-change"), w_n),
                ),
                Style::new().fg(t.header).add_modifier(Modifier::BOLD),
            ),
        ]);
        for l in self.lines.iter().skip(self.top).take(self.rows(app)) {
            let style = match l.new.cmp(&l.old) {
                std::cmp::Ordering::Greater => Style::new().fg(t.balanced),
                std::cmp::Ordering::Less => Style::new().fg(t.unallocated),
                std::cmp::Ordering::Equal => Style::new().fg(t.dim),
            };
            lines.push(Line::from(vec![
                ratatui::text::Span::raw(format!(
                    "{}{} {} {} ",
                    fit_pad_right(&printable(&l.name), name_w),
                    quota(&printable(&l.column)),
                    fit_pad_left(&nf.amount64(l.old), w_n),
                    fit_pad_left(&nf.amount64(l.new), w_n),
                )),
                ratatui::text::Span::styled(fit_pad_left(&signed(*nf, l.old, l.new), w_n), style),
            ]));
        }
        let more = self.lines.len().saturating_sub(self.top + self.rows(app));
        let title = if more > 0 {
            format!(" {} ", crate::t!("preview-title-more", count = more))
        } else {
            format!(" {} ", crate::t!("preview-title"))
        };
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(title)
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let mut h = vec![
            hint("enter/y", &crate::t!("label-apply")),
            hint("esc/n", &crate::t!("label-cancel")),
        ];
        if !self.apportionment.is_empty() {
            h.push(hint("w", &crate::t!("label-how-it-shares")));
        }
        h.push(hint("↑↓", &crate::t!("label-scroll")));
        h
    }
}

#[cfg(test)]
mod tests {
    use crate::core::ROOT;
    use crate::storage::to_json;
    use crate::tui::app::tests::{app, type_text};
    use crate::tui::command::Command;
    use crate::tui::dialogs::testing::{bar, hints, message};
    use crate::tui::input::Msg;

    /// The national smelting total: 115,000 to share among nine provinces
    /// that have nothing yet.
    fn fill_smelting() -> crate::tui::app::App {
        let mut a = app();
        let q = a.plan().quota_index("smelting").unwrap();
        a.select(ROOT, q + 1);
        a.handle(Msg::Cmd(Command::Fill));
        a
    }

    #[test]
    fn a_fill_is_shown_first_and_applies_only_on_confirmation() {
        let mut a = fill_smelting();
        let q = a.plan().quota_index("smelting").unwrap();
        let before = to_json(a.plan());
        assert_eq!(a.dialog_name(), Some("preview"));
        assert_eq!(to_json(a.plan()), before, "nothing changed yet");
        assert!(!a.dirty());
        // Scrolling and the explainer change nothing either.
        a.handle(Msg::ListDown);
        a.handle(Msg::Choice('w'));
        assert_eq!(a.dialog_name(), Some("explain"));
        a.handle(Msg::Cancel);
        assert_eq!(a.dialog_name(), Some("preview"), "back from the explainer");
        assert_eq!(to_json(a.plan()), before);
        // Esc cancels: nothing changed, nothing to undo.
        a.handle(Msg::Cancel);
        assert_eq!(a.dialog_name(), None);
        assert_eq!(to_json(a.plan()), before);
        assert!(message(&a).contains("fill cancelled; nothing changed"));
        assert!(!a.editor().can_undo());
        // Again, and y applies it.
        a.handle(Msg::Cmd(Command::Fill));
        a.handle(Msg::Choice('y'));
        assert_eq!(a.dialog_name(), None);
        assert_eq!(a.plan().remainder(ROOT, q), 0);
        assert!(a.editor().can_undo());
    }

    #[test]
    fn the_preview_says_what_changes_and_its_keys() {
        let mut a = fill_smelting();
        let d = a.take_dialog().unwrap();
        assert!(
            bar(d.as_ref(), &a).contains("apply? 9 figures change"),
            "{}",
            bar(d.as_ref(), &a)
        );
        let h = hints(d.as_ref(), &a);
        assert!(h.contains("enter/y apply"), "{h}");
        assert!(h.contains("w how it shares"), "{h}");
    }

    #[test]
    fn without_the_preview_a_fill_applies_at_once() {
        let mut config = crate::tui::config::Config::default();
        config.editing.preview = false;
        let mut a = crate::tui::app::App::new(
            crate::storage::example_2018(),
            crate::tui::app::Source::Sample,
            config,
            (120, 40),
        );
        let q = a.plan().quota_index("smelting").unwrap();
        a.select(ROOT, q + 1);
        a.handle(Msg::Cmd(Command::Fill));
        assert_eq!(a.dialog_name(), None);
        assert_eq!(a.plan().remainder(ROOT, q), 0);
    }

    #[test]
    fn a_rebalance_is_previewed_and_a_refusal_shows_no_preview() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let rock = a.plan().quota_index("rock").unwrap();
        let before = to_json(a.plan());
        a.select(sd, rock + 1);
        a.handle(Msg::Cmd(Command::EditRebalance));
        type_text(&mut a, "3000");
        a.handle(Msg::Submit);
        assert_eq!(a.dialog_name(), Some("preview"), "{}", message(&a));
        assert_eq!(to_json(a.plan()), before);
        a.handle(Msg::Submit);
        assert_eq!(a.plan().value(sd, rock), 3000);
        // More than the parent has: refused, no preview, nothing changed.
        let now = to_json(a.plan());
        a.handle(Msg::Cmd(Command::EditRebalance));
        type_text(&mut a, "999999999");
        a.handle(Msg::Submit);
        assert_ne!(a.dialog_name(), Some("preview"));
        assert_eq!(to_json(a.plan()), now);
    }
}
