//! The apportionment explained: how a redistribution shared its amount,
//! recipient by recipient — the weight, the exact share as a fraction and
//! as a decimal, the whole part, the leftover unit and why (largest
//! fraction; a tie broken by the larger weight, then the earlier position;
//! a cap reached). Opened on the last operation, or on a history entry.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::core::amount::decimal;
use crate::core::text::{fit_pad_left, fit_pad_right, printable};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// One recipient's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// Who (name, and the quota when several are shared).
    pub name: String,
    /// Its weight.
    pub weight: u64,
    /// Exact share: numerator.
    pub num: u128,
    /// Exact share: denominator.
    pub den: u128,
    /// Whole part.
    pub base: u64,
    /// Got a leftover unit.
    pub extra: bool,
    /// Why, in words.
    pub why: String,
}

/// The explainer.
pub struct ExplainView {
    title: String,
    shares: Vec<Share>,
    top: usize,
    /// The dialog it was opened from, shown again when it closes.
    back: Option<Box<dyn Dialog>>,
    /// It explains a change not made yet (a preview).
    ahead: bool,
}

impl ExplainView {
    /// The explainer of `shares`, under `title`.
    pub fn new(title: String, shares: Vec<Share>) -> Self {
        Self {
            title,
            shares,
            top: 0,
            back: None,
            ahead: false,
        }
    }

    /// It explains a change not made yet.
    #[must_use]
    pub fn ahead(mut self) -> Self {
        self.ahead = true;
        self
    }

    /// Closing it goes back to `d`.
    #[must_use]
    pub fn returning_to(mut self, d: Box<dyn Dialog>) -> Self {
        self.back = Some(d);
        self
    }

    /// The explainer of the last operation, when it shared something.
    pub fn of_last(app: &App) -> Option<Self> {
        let label = app
            .editor()
            .undo_labels()
            .last()
            .map(|o| crate::say::outcome(o, &app.config().numbers))
            .unwrap_or_default();
        Self::of(app.plan(), app.editor().last_apportionment(), label)
    }

    /// The explainer of apportionment `ap` on `plan` (None when it shared
    /// nothing), under `label`.
    pub fn of(
        plan: &crate::core::Plan,
        ap: &[(
            crate::core::NodeIx,
            usize,
            crate::core::apportion::Explained,
        )],
        label: String,
    ) -> Option<Self> {
        if ap.is_empty() {
            return None;
        }
        let several = ap.iter().any(|(_, q, _)| *q != ap[0].1);
        let shares = ap
            .iter()
            .map(|(n, q, e)| {
                let mut name = plan.display_name(*n).to_owned();
                if several && *q < plan.quotas().len() {
                    name = format!("{name} · {}", plan.quotas()[*q].id);
                }
                Share {
                    name,
                    weight: e.weight,
                    num: e.share_num,
                    den: e.share_den,
                    base: e.base,
                    extra: e.extra,
                    why: crate::report::log::why_words(e.why).to_owned(),
                }
            })
            .collect();
        Some(Self::new(label, shares))
    }

    fn rect(app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        popup(
            ratatui::layout::Rect::new(0, 0, w, h),
            110,
            h.saturating_sub(2),
        )
    }
}

impl Dialog for ExplainView {
    fn name(&self) -> &'static str {
        "explain"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Help
    }

    fn on(mut self: Box<Self>, msg: &Msg, _app: &mut App) -> Flow {
        match *msg {
            Msg::ListUp => self.top = self.top.saturating_sub(1),
            Msg::ListDown => self.top = (self.top + 1).min(self.shares.len().saturating_sub(1)),
            Msg::Wheel(d) if d < 0 => self.top = self.top.saturating_sub(3),
            Msg::Wheel(_) => self.top = (self.top + 3).min(self.shares.len().saturating_sub(1)),
            _ => return self.back.map_or(Flow::Close, Flow::Stay),
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, _areas: &Areas) {
        let t = &app.config().theme;
        let nf = &app.config().numbers;
        let r = Self::rect(app);
        let inner_w = usize::from(r.width.saturating_sub(2));
        let total: u128 = self
            .shares
            .iter()
            .map(|s| u128::from(s.base) + u128::from(s.extra))
            .sum();
        let left = self.shares.iter().filter(|s| s.extra).count();
        let mut lines = vec![
            Line::styled(printable(&self.title), Style::new().fg(t.title)),
            Line::styled(
                format!(
                    "{} shared: each gets the whole part of amount × weight ÷ Σ weights; the {} \
                     unit{} left go one each to the largest fractions (a tie: the larger weight, \
                     then the earlier)",
                    nf.amount(total),
                    left,
                    if left == 1 { "" } else { "s" }
                ),
                Style::new().fg(t.dim),
            ),
        ];
        let (w_w, w_f, w_d, w_b) = (10, 22, 16, 10);
        let name_w = inner_w
            .saturating_sub(w_w + w_f + w_d + w_b + 4 + 20 + 6)
            .max(8);
        lines.push(Line::styled(
            format!(
                "{} {} {} {} {} {:>3}  {}",
                fit_pad_right("recipient", name_w),
                fit_pad_left("weight", w_w),
                fit_pad_left("exact share", w_f),
                fit_pad_left("decimal", w_d),
                fit_pad_left("whole", w_b),
                "+1",
                "why"
            ),
            Style::new().fg(t.header).add_modifier(Modifier::BOLD),
        ));
        let rows = usize::from(r.height.saturating_sub(2)).saturating_sub(lines.len());
        for s in self.shares.iter().skip(self.top).take(rows) {
            let fraction = if s.den == 1 {
                nf.amount(s.num)
            } else {
                format!("{}/{}", nf.amount(s.num), nf.amount(s.den))
            };
            let style = if s.extra {
                Style::new().fg(t.balanced)
            } else {
                Style::new()
            };
            lines.push(Line::styled(
                format!(
                    "{} {} {} {} {} {:>3}  {}",
                    fit_pad_right(&printable(&s.name), name_w),
                    fit_pad_left(&nf.amount64(s.weight), w_w),
                    fit_pad_left(&fraction, w_f),
                    fit_pad_left(&decimal(s.num, s.den, 3), w_d),
                    fit_pad_left(&nf.amount64(s.base), w_b),
                    if s.extra { "+1" } else { "" },
                    s.why
                ),
                style,
            ));
        }
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(
                        " How it {} (↑↓ scroll, any other key {}) ",
                        if self.ahead {
                            "would share"
                        } else {
                            "was shared"
                        },
                        if self.back.is_some() {
                            "goes back"
                        } else {
                            "closes"
                        }
                    ))
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let esc = if self.back.is_some() { "back" } else { "close" };
        vec![hint("↑↓", "scroll"), hint("esc", esc)]
    }
}
