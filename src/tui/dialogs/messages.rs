//! The message history: every message of this session, newest last, so
//! that nothing said in passing is lost.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::core::text::{printable, wrap};
use crate::tui::app::{App, Tone};
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The history popup, scrolled to its end.
pub struct History {
    /// Lines scrolled up from the end.
    back: usize,
    count: usize,
}

impl History {
    /// The history of `count` messages.
    pub fn new(count: usize) -> Self {
        Self { back: 0, count }
    }
}

impl Dialog for History {
    fn name(&self) -> &'static str {
        "messages"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Help
    }

    fn on(mut self: Box<Self>, msg: &Msg, _app: &mut App) -> Flow {
        match *msg {
            Msg::ListUp => self.back = (self.back + 1).min(self.count),
            Msg::ListDown => self.back = self.back.saturating_sub(1),
            Msg::Wheel(d) if d < 0 => {
                self.back = (self.back + usize::from(d.unsigned_abs())).min(self.count);
            }
            Msg::Wheel(d) => self.back = self.back.saturating_sub(usize::from(d.unsigned_abs())),
            Msg::Cancel => return Flow::Close,
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let t = &app.config().theme;
        let r = popup(areas.full, 100, areas.full.height.saturating_sub(4));
        let inner_w = usize::from(r.width.saturating_sub(2));
        let mut lines: Vec<Line<'_>> = Vec::new();
        for m in app.history() {
            let style = match m.tone {
                Tone::Info => Style::new().fg(t.message),
                Tone::Error => Style::new().fg(t.error),
            };
            for (i, l) in wrap(&printable(&m.text), inner_w.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "• " } else { "  " };
                lines.push(Line::styled(format!("{lead}{l}"), style));
            }
        }
        if lines.is_empty() {
            lines.push(Line::styled("(no messages yet)", Style::new().fg(t.dim)));
        }
        let inner_h = usize::from(r.height.saturating_sub(2));
        let end = lines.len().saturating_sub(self.back);
        let start = end.saturating_sub(inner_h);
        let shown: Vec<Line<'_>> = lines.drain(start..end.max(start)).collect();
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(shown).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Messages (esc closes) ")
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![hint("↑↓", "scroll"), hint("esc", "close")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::send;

    #[test]
    fn scrolls_back_through_the_history_within_bounds() {
        let mut a = app();
        let mut d: Box<dyn Dialog> = Box::new(History::new(2));
        for _ in 0..5 {
            d = send(d, &mut a, Msg::ListUp).unwrap();
        }
        for _ in 0..5 {
            d = send(d, &mut a, Msg::ListDown).unwrap();
        }
        d = send(d, &mut a, Msg::Wheel(-3)).unwrap();
        assert!(send(d, &mut a, Msg::Cancel).is_none());
    }
}
