//! The plan's history: every saved change (from the history file beside
//! the plan) and the changes not saved yet, newest last; the selected
//! one's cells below. Enter goes to the node of its first cell; `w`
//! explains how it shared its amount.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::explain::{ExplainView, Share};
use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::core::text::{fit_pad_left, fit_pad_right, printable};
use crate::storage::history::Entry;
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The history view.
pub struct HistoryView {
    /// Saved entries, then the unsaved ones.
    entries: Vec<Entry>,
    /// How many of them are saved.
    saved: usize,
    selected: usize,
    warnings: Vec<String>,
}

impl HistoryView {
    /// The view of `saved` entries and the `unsaved` ones after them.
    pub fn new(saved: Vec<Entry>, unsaved: Vec<Entry>, warnings: Vec<String>) -> Self {
        let n = saved.len();
        let mut entries = saved;
        entries.extend(unsaved);
        Self {
            selected: entries.len().saturating_sub(1),
            entries,
            saved: n,
            warnings,
        }
    }

    /// How many entries it lists.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it lists none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn rect(app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        popup(
            ratatui::layout::Rect::new(0, 0, w, h),
            110,
            h.saturating_sub(2),
        )
    }

    /// Go to the node of the selected entry's first cell.
    fn jump(&self, app: &mut App) -> bool {
        let Some(e) = self.entries.get(self.selected) else {
            return false;
        };
        let Some(c) = e.changes.first() else {
            app.info(crate::t!("history-no-figure"));
            return false;
        };
        let plan = app.plan();
        let node = match c.path.last() {
            None => Some(crate::core::ROOT),
            Some(id) => plan.find(id),
        };
        let Some(n) = node else {
            app.info(crate::t!("refusal-node-gone"));
            return false;
        };
        let col = plan
            .layout()
            .kind_index(&c.quota)
            .and_then(|k| app.view().dcols().iter().position(|d| d.kind == k))
            .map_or(0, |i| i + 1);
        app.select(n, col);
        true
    }

    /// The explainer of the selected entry, going back here when closed.
    fn explain(self: Box<Self>, app: &mut App) -> Flow {
        let Some(e) = self.entries.get(self.selected) else {
            return Flow::Stay(self);
        };
        if e.apportionment.is_empty() {
            app.info(crate::t!("history-nothing-shared"));
            return Flow::Stay(self);
        }
        let plan = app.plan();
        let shares = e
            .apportionment
            .iter()
            .map(|s| Share {
                name: s
                    .path
                    .last()
                    .and_then(|id| plan.find(id))
                    .map_or_else(|| s.path.join("/"), |n| plan.display_name(n).to_owned()),
                weight: s.weight,
                num: s.share_num,
                den: s.share_den,
                base: s.base,
                extra: s.extra,
                why: s.why.clone(),
            })
            .collect();
        let view = ExplainView::new(e.action.clone(), shares);
        app.open(Box::new(view.returning_to(self)));
        Flow::Close
    }
}

impl Dialog for HistoryView {
    fn name(&self) -> &'static str {
        "history"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::List
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let n = self.entries.len();
        match *msg {
            Msg::ListUp => self.selected = self.selected.saturating_sub(1),
            Msg::Wheel(d) if d < 0 => self.selected = self.selected.saturating_sub(1),
            Msg::ListDown | Msg::Wheel(_) => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            Msg::Submit if self.jump(app) => return Flow::Close,
            Msg::Choice('w') => return self.explain(app),
            Msg::Cancel => return Flow::Close,
            _ => {}
        }
        Flow::Stay(self)
    }

    #[allow(clippy::too_many_lines, reason = "one popup, top to bottom")]
    fn draw(&self, frame: &mut Frame<'_>, app: &App, _areas: &Areas) {
        let t = &app.config().theme;
        let nf = &app.config().numbers;
        let r = Self::rect(app);
        let inner_w = usize::from(r.width.saturating_sub(2));
        let inner_h = usize::from(r.height.saturating_sub(2));
        let mut lines: Vec<Line<'_>> = self
            .warnings
            .iter()
            .map(|w| Line::styled(printable(w), Style::new().fg(t.error)))
            .collect();
        if self.entries.is_empty() {
            lines.push(Line::styled(
                crate::t!("history-none"),
                Style::new().fg(t.dim),
            ));
        }
        // The list takes what the selected entry's cells leave.
        let cells = self.entries.get(self.selected).map_or(0, |e| {
            e.changes.len().min(8) + 2 + usize::from(e.reason.is_some())
        });
        let list_h = inner_h.saturating_sub(lines.len() + cells).max(3);
        let top = self.selected.saturating_sub(list_h.saturating_sub(1));
        for (i, e) in self.entries.iter().enumerate().skip(top).take(list_h) {
            let when = if i >= self.saved {
                crate::t!("history-unsaved")
            } else {
                e.time.replace('T', " ").trim_end_matches('Z').to_owned()
            };
            let reason = e
                .reason
                .as_deref()
                .map_or_else(String::new, |r| format!(" — {r}"));
            let mut style = if i >= self.saved {
                Style::new().fg(t.unallocated)
            } else {
                Style::new()
            };
            if i == self.selected {
                style = style.bg(t.selection_bg).add_modifier(Modifier::BOLD);
            }
            let text = format!(
                "{} {} {}{}",
                fit_pad_right(&when, 19),
                fit_pad_right(&printable(&e.user), 10),
                printable(&e.action),
                printable(&reason)
            );
            lines.push(Line::styled(fit_pad_right(&text, inner_w), style));
        }
        if let Some(e) = self.entries.get(self.selected) {
            lines.push(Line::styled("─".repeat(inner_w), Style::new().fg(t.dim)));
            if let Some(reason) = &e.reason {
                lines.push(Line::styled(
                    format!(
                        "  {}",
                        crate::t!("history-reason", reason = printable(reason))
                    ),
                    Style::new().fg(t.title),
                ));
            }
            let plan = app.plan();
            for c in e.changes.iter().take(8) {
                let name = match c.path.last() {
                    None => crate::t!("national"),
                    Some(id) => plan
                        .find(id)
                        .map_or_else(|| id.clone(), |n| plan.display_name(n).to_owned()),
                };
                let quota = match &c.batch {
                    Some(b) => format!("{}@{b}", c.quota),
                    None => c.quota.clone(),
                };
                lines.push(Line::raw(format!(
                    "  {} {} {} → {}",
                    fit_pad_right(&printable(&name), 36),
                    fit_pad_right(&printable(&quota), 14),
                    fit_pad_left(&nf.amount64(c.old), 12),
                    nf.amount64(c.new)
                )));
            }
            if e.changes.len() > 8 {
                lines.push(Line::styled(
                    format!(
                        "  {}",
                        crate::t!("history-more", count = e.changes.len() - 8)
                    ),
                    Style::new().fg(t.dim),
                ));
            }
        }
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(
                        " {} ",
                        crate::t!("history-title", count = self.entries.len())
                    ))
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓", &crate::t!("label-move")),
            hint("enter", &crate::t!("label-go-to-it")),
            hint("w", &crate::t!("label-how-it-was-shared")),
            hint("esc", &crate::t!("label-close")),
        ]
    }
}
