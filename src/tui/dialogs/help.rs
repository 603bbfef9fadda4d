//! The help overlay: every key, from the command table. Arrows and pages
//! scroll; Esc, `q` or `?` close it; other keys do nothing (they are not
//! lost into a command behind it).

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Dialog, Flow, clear_popup, hint, popup};
use crate::tui::app::App;
use crate::tui::input::{InputKind, Msg};
use crate::tui::layout::Areas;

/// The help overlay.
pub struct Help {
    scroll: u16,
}

impl Help {
    /// At the top.
    pub fn new() -> Self {
        Self { scroll: 0 }
    }

    /// Lines scrolled.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }
}

impl Default for Help {
    fn default() -> Self {
        Self::new()
    }
}

fn max_scroll(app: &App) -> u16 {
    let lines = crate::tui::help::lines(&app.config().keys, &app.config().theme).len();
    crate::tui::help::max_scroll(lines, app.view().size().1)
}

impl Dialog for Help {
    fn name(&self) -> &'static str {
        "help"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Help
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        let max = max_scroll(app);
        match *msg {
            Msg::ListUp => self.scroll = self.scroll.saturating_sub(1),
            Msg::ListDown => self.scroll = self.scroll.saturating_add(1).min(max),
            Msg::Wheel(d) if d < 0 => self.scroll = self.scroll.saturating_sub(d.unsigned_abs()),
            Msg::Wheel(d) => self.scroll = self.scroll.saturating_add(d.unsigned_abs()).min(max),
            Msg::Cancel => return Flow::Close,
            _ => {}
        }
        Flow::Stay(self)
    }

    fn draw(&self, frame: &mut Frame<'_>, app: &App, areas: &Areas) {
        let lines = crate::tui::help::lines(&app.config().keys, &app.config().theme);
        let r = popup(
            areas.full,
            72,
            u16::try_from(lines.len() + 2).unwrap_or(u16::MAX),
        );
        clear_popup(frame, r);
        let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let shown = r.height.saturating_sub(2);
        let max = total.saturating_sub(shown);
        let top = self.scroll.min(max);
        // Where the window is, and whether there is more below.
        let place = if max == 0 {
            String::new()
        } else if top < max {
            format!(
                " {} ",
                crate::t!("help-more", from = top + 1, to = top + shown, total = total)
            )
        } else {
            format!(" {} ", crate::t!("help-end", from = top + 1, total = total))
        };
        frame.render_widget(
            Paragraph::new(lines).scroll((top, 0)).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", crate::t!("help-title")))
                    .title_bottom(place)
                    .border_style(Style::new().fg(app.config().theme.header)),
            ),
            r,
        );
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        vec![
            hint("↑↓ pgup pgdn", &crate::t!("label-scroll")),
            hint("g G", &crate::t!("label-top-end")),
            hint("esc q ?", &crate::t!("label-close")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::send;

    #[test]
    fn scrolls_within_bounds_and_closes_only_on_its_keys() {
        let mut a = app();
        let mut d: Box<dyn Dialog> = Box::new(Help::new());
        d = send(d, &mut a, Msg::ListUp).unwrap();
        for _ in 0..500 {
            d = send(d, &mut a, Msg::ListDown).unwrap();
        }
        d = send(d, &mut a, Msg::Choice('x')).expect("other keys do nothing");
        d = send(d, &mut a, Msg::Wheel(-1000)).unwrap();
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert!(max_scroll(&a) > 0, "the help is longer than the screen");
    }
}
