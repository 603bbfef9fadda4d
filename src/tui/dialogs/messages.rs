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
}

impl History {
    /// The history, at its end.
    pub fn new() -> Self {
        Self { back: 0 }
    }

    /// The popup's rectangle on the screen.
    fn rect(app: &App) -> ratatui::layout::Rect {
        let (w, h) = app.view().size();
        popup(
            ratatui::layout::Rect::new(0, 0, w, h),
            100,
            h.saturating_sub(4),
        )
    }

    /// Every message, wrapped to `inner_w` columns.
    fn lines(app: &App, inner_w: usize) -> Vec<Line<'static>> {
        let t = &app.config().theme;
        let mut lines: Vec<Line<'static>> = Vec::new();
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
            lines.push(Line::styled(
                crate::t!("messages-none"),
                Style::new().fg(t.dim),
            ));
        }
        lines
    }

    /// How far up it can scroll: until the first line is at the top.
    fn max_back(app: &App) -> usize {
        let r = Self::rect(app);
        let total = Self::lines(app, usize::from(r.width.saturating_sub(2))).len();
        total.saturating_sub(usize::from(r.height.saturating_sub(2)))
    }
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialog for History {
    fn name(&self) -> &'static str {
        "messages"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Help
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let max = Self::max_back(app);
        match *msg {
            Msg::ListUp => self.back = (self.back + 1).min(max),
            Msg::ListDown => self.back = self.back.saturating_sub(1),
            Msg::Wheel(d) if d < 0 => {
                self.back = (self.back + usize::from(d.unsigned_abs())).min(max);
            }
            Msg::Wheel(d) => self.back = self.back.saturating_sub(usize::from(d.unsigned_abs())),
            Msg::Cancel => return Flow::Close,
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, _areas: &Areas) {
        let t = &app.config().theme;
        let r = Self::rect(app);
        let mut lines = Self::lines(app, usize::from(r.width.saturating_sub(2)));
        let inner_h = usize::from(r.height.saturating_sub(2));
        // The window never runs past the first line: no empty rows above.
        let end = lines
            .len()
            .saturating_sub(self.back)
            .max(inner_h.min(lines.len()));
        let start = end.saturating_sub(inner_h);
        let shown: Vec<Line<'_>> = lines.drain(start..end).collect();
        clear_popup(frame, r);
        frame.render_widget(
            Paragraph::new(shown).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", crate::t!("messages-title")))
                    .border_style(Style::new().fg(t.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓", &crate::t!("label-scroll")),
            hint("esc", &crate::t!("label-close")),
        ]
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
        let mut d: Box<dyn Dialog> = Box::new(History::new());
        for _ in 0..5 {
            d = send(d, &mut a, Msg::ListUp).unwrap();
        }
        for _ in 0..5 {
            d = send(d, &mut a, Msg::ListDown).unwrap();
        }
        d = send(d, &mut a, Msg::Wheel(-3)).unwrap();
        assert!(send(d, &mut a, Msg::Cancel).is_none());
    }

    #[test]
    fn scrolled_to_the_top_the_first_message_is_in_the_first_row() {
        let mut a = app();
        a.handle(Msg::Resize {
            width: 80,
            height: 24,
        });
        for i in 1..=40 {
            a.info(format!("message number {i}"));
        }
        a.handle(Msg::Cmd(crate::tui::command::Command::Messages));
        for _ in 0..100 {
            a.handle(Msg::ListUp);
        }
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::tui::ui::draw(f, &a)).unwrap();
        let r = History::rect(&a);
        let row = |y: u16| -> String {
            (r.x..r.x + r.width)
                .map(|x| t.backend().buffer()[(x, y)].symbol().to_owned())
                .collect()
        };
        assert!(
            row(r.y + 1).contains("• message number 1 "),
            "{}",
            row(r.y + 1)
        );
        // One step down moves the window at once.
        a.handle(Msg::ListDown);
        t.draw(|f| crate::tui::ui::draw(f, &a)).unwrap();
        let first: String = (r.x..r.x + r.width)
            .map(|x| t.backend().buffer()[(x, r.y + 1)].symbol().to_owned())
            .collect();
        assert!(first.contains("• message number 2 "), "{first}");
    }
}
