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
use crate::core::text::{fit_pad_left, fit_pad_right, printable, width};
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
                    why: crate::record::why_words(e.why).to_owned(),
                }
            })
            .collect();
        Some(Self::new(label, shares))
    }

    /// The figures of a line: weight, exact share, decimal, whole part.
    fn cells(s: &Share, nf: crate::say::NumberFormat) -> [String; 4] {
        let fraction = if s.den == 1 {
            nf.amount(s.num)
        } else {
            format!("{}/{}", nf.amount(s.num), nf.amount(s.den))
        };
        [
            nf.amount64(s.weight),
            fraction,
            decimal(s.num, s.den, 3),
            nf.amount64(s.base),
        ]
    }

    /// The widths of the name, the four figure columns and the reason.
    fn widths(&self, nf: crate::say::NumberFormat) -> (usize, [usize; 4], usize) {
        let mut w = [
            width(&crate::t!("explain-weight")),
            width(&crate::t!("explain-exact")),
            width(&crate::t!("explain-decimal")),
            width(&crate::t!("explain-whole")),
        ];
        let mut name = width(&crate::t!("explain-recipient"));
        let mut why = width(&crate::t!("explain-why"));
        for s in &self.shares {
            for (i, c) in Self::cells(s, nf).iter().enumerate() {
                w[i] = w[i].max(width(c));
            }
            name = name.max(width(&printable(&s.name)));
            why = why.max(width(&why_text(&s.why)));
        }
        (name.min(40), w, why)
    }

    /// As wide as its table, as tall as its lines, at most the screen.
    fn rect(&self, app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        let (name, cols, why) = self.widths(app.config().numbers);
        let table = name + cols.iter().map(|c| c + 1).sum::<usize>() + 6 + why;
        let want_w = table.max(width(&printable(&self.title)).min(100)).max(60) + 2;
        let want_h = self.shares.len() + 8;
        popup(
            ratatui::layout::Rect::new(0, 0, w, h),
            u16::try_from(want_w.min(110)).unwrap_or(110),
            u16::try_from(want_h).unwrap_or(u16::MAX),
        )
    }
}

/// A reason for a share (as stored: `largest fraction`) in the language
/// in use.
fn why_text(why: &str) -> String {
    let id = format!("why-{}", why.replace(": ", "-").replace(' ', "-"));
    crate::i18n::tr_or(&id, why)
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
        let nf = app.config().numbers;
        let r = self.rect(app);
        let inner_w = usize::from(r.width.saturating_sub(2));
        let total: u128 = self
            .shares
            .iter()
            .map(|s| u128::from(s.base) + u128::from(s.extra))
            .sum();
        let left = self.shares.iter().filter(|s| s.extra).count();
        let mut lines: Vec<Line<'_>> = crate::core::text::wrap(&printable(&self.title), inner_w)
            .into_iter()
            .map(|l| Line::styled(l, Style::new().fg(t.title)))
            .collect();
        let rule = crate::t!("explain-rule", total = nf.amount(total), left = left);
        for l in crate::core::text::wrap(&rule, inner_w) {
            lines.push(Line::styled(l, Style::new().fg(t.dim)));
        }
        let (name_w, w, why_w) = self.widths(nf);
        let name_w = name_w
            .min(inner_w.saturating_sub(w.iter().map(|c| c + 1).sum::<usize>() + 6 + why_w))
            .max(6);
        lines.push(Line::styled(
            format!(
                "{} {} {} {} {} {:>3}  {}",
                fit_pad_right(&crate::t!("explain-recipient"), name_w),
                fit_pad_left(&crate::t!("explain-weight"), w[0]),
                fit_pad_left(&crate::t!("explain-exact"), w[1]),
                fit_pad_left(&crate::t!("explain-decimal"), w[2]),
                fit_pad_left(&crate::t!("explain-whole"), w[3]),
                "+1",
                crate::t!("explain-why")
            ),
            Style::new().fg(t.header).add_modifier(Modifier::BOLD),
        ));
        let rows = usize::from(r.height.saturating_sub(2)).saturating_sub(lines.len());
        for s in self.shares.iter().skip(self.top).take(rows) {
            let c = Self::cells(s, nf);
            let style = if s.extra {
                Style::new().fg(t.balanced)
            } else {
                Style::new()
            };
            lines.push(Line::styled(
                format!(
                    "{} {} {} {} {} {:>3}  {}",
                    fit_pad_right(&printable(&s.name), name_w),
                    fit_pad_left(&c[0], w[0]),
                    fit_pad_left(&c[1], w[1]),
                    fit_pad_left(&c[2], w[2]),
                    fit_pad_left(&c[3], w[3]),
                    if s.extra { "+1" } else { "" },
                    why_text(&s.why)
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
                        " {} ",
                        crate::t!(
                            "explain-title",
                            ahead = if self.ahead { "yes" } else { "no" },
                            back = if self.back.is_some() { "yes" } else { "no" }
                        )
                    ))
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let esc = if self.back.is_some() {
            crate::t!("label-back")
        } else {
            crate::t!("label-close")
        };
        vec![hint("↑↓", &crate::t!("label-scroll")), hint("esc", &esc)]
    }
}
