//! Keys and mouse events become messages here, in one place; `App::update`
//! applies them.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::command::Command;
use super::config::KeyMap;
pub use super::line::{LineInput, TextOp};

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A main-screen command.
    Cmd(Command),
    /// A digit or `+ - *` typed on the main screen: start editing with it.
    StartEdit(char),
    /// Editing a line of text in a dialog.
    Text(TextOp),
    /// Enter in a dialog.
    Submit,
    /// Esc in a dialog.
    Cancel,
    /// A letter answering a question (`y`, `n`, `s`, `d`, `c`, ...).
    Choice(char),
    /// Up in a list or the help.
    ListUp,
    /// Down in a list or the help.
    ListDown,
    /// A mouse click at a cell of the screen.
    Click {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
        /// 1 for a click, 2 for a double click (see [`Clicks`]).
        count: u8,
    },
    /// Tab in a text field: complete a path.
    Complete,
    /// What a path typed could go on with (from the file system).
    Completed(super::effects::Completion),
    /// The names and ids are indexed: a search waiting for it goes on.
    Indexed,
    /// Several figures pasted on the main screen (lines, tab-separated
    /// cells: a block copied from a spreadsheet).
    Paste(String),
    /// The wheel: negative up, positive down.
    Wheel(i16),
    /// The terminal was resized.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
}

/// What kind of keyboard input the current screen takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// The main screen: commands from the key map.
    Commands,
    /// A text field (value, name, path, search...).
    Text,
    /// A text field over a list (move target picker): up/down move in the
    /// list.
    TextList,
    /// A question answered by a letter.
    Choice,
    /// A list (quota menu): up/down, Enter, letters, Esc.
    List,
    /// The help overlay: scrolling, any other key closes it.
    Help,
}

/// Translate a terminal event into a message. Only key presses count (not
/// releases or repeats reported as such).
pub fn translate(event: &Event, kind: InputKind, keys: &KeyMap) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Press => key(k, kind, keys),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                x: m.column,
                y: m.row,
                count: 1,
            }),
            MouseEventKind::ScrollUp => Some(Msg::Wheel(-3)),
            MouseEventKind::ScrollDown => Some(Msg::Wheel(3)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Msg::Resize {
            width: *w,
            height: *h,
        }),
        _ => None,
    }
}

/// Pasted text (bracketed paste) as the messages typing it would give, so
/// that a paste is text and never keys or commands: into a text field, its
/// characters (line breaks and tabs as spaces, other control characters
/// dropped); on the main screen, a figure starts an edit with it; anywhere
/// else it is ignored.
pub fn paste(text: &str, kind: InputKind) -> Vec<Msg> {
    // Several lines or cells on the main screen: a block of figures, never
    // one figure made of them all.
    if kind == InputKind::Commands && text.trim().contains(['\n', '\r', '\t']) {
        return vec![Msg::Paste(text.to_owned())];
    }
    let chars = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control());
    match kind {
        InputKind::Text | InputKind::TextList => {
            chars.map(|c| Msg::Text(TextOp::Insert(c))).collect()
        }
        InputKind::Commands => {
            let mut chars = chars.skip_while(|c| *c == ' ').peekable();
            match chars.peek() {
                Some(&c) if c.is_ascii_digit() || "+-*/".contains(c) => {
                    let first = Msg::StartEdit(c);
                    chars.next();
                    std::iter::once(first)
                        .chain(chars.map(|c| Msg::Text(TextOp::Insert(c))))
                        .collect()
                }
                _ => Vec::new(),
            }
        }
        InputKind::Choice | InputKind::List | InputKind::Help => Vec::new(),
    }
}

/// How long between two clicks on one cell makes a double click.
pub const DOUBLE_CLICK: std::time::Duration = std::time::Duration::from_millis(400);

/// Tells a double click from two clicks: the second click on the same cell
/// within [`DOUBLE_CLICK`].
#[derive(Debug, Default)]
pub struct Clicks {
    last: Option<(u16, u16, std::time::Instant)>,
}

impl Clicks {
    /// Count the click in `msg` (made at `now`): a second click on the same
    /// cell soon after the first becomes a double click.
    pub fn count(&mut self, msg: Msg, now: std::time::Instant) -> Msg {
        let Msg::Click { x, y, .. } = msg else {
            return msg;
        };
        let double = self.last.is_some_and(|(lx, ly, at)| {
            lx == x && ly == y && now.saturating_duration_since(at) <= DOUBLE_CLICK
        });
        // A third click starts again.
        self.last = if double { None } else { Some((x, y, now)) };
        Msg::Click {
            x,
            y,
            count: if double { 2 } else { 1 },
        }
    }
}

fn key(k: &KeyEvent, kind: InputKind, keys: &KeyMap) -> Option<Msg> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    match kind {
        InputKind::Commands => {
            if let Some(c) = keys.command(k) {
                return Some(Msg::Cmd(c));
            }
            match k.code {
                KeyCode::Char(c) if !ctrl && (c.is_ascii_digit() || "+-*/".contains(c)) => {
                    Some(Msg::StartEdit(c))
                }
                _ => None,
            }
        }
        InputKind::Text | InputKind::TextList => match k.code {
            KeyCode::Enter => Some(Msg::Submit),
            KeyCode::Esc => Some(Msg::Cancel),
            KeyCode::Char('c') if ctrl => Some(Msg::Cancel),
            KeyCode::Char('u') if ctrl => Some(Msg::Text(TextOp::KillToStart)),
            KeyCode::Char('k') if ctrl => Some(Msg::Text(TextOp::KillToEnd)),
            KeyCode::Char('w') if ctrl => Some(Msg::Text(TextOp::DeleteWord)),
            KeyCode::Backspace if ctrl || alt => Some(Msg::Text(TextOp::DeleteWord)),
            KeyCode::Char('a') if ctrl => Some(Msg::Text(TextOp::Home)),
            KeyCode::Char('e') if ctrl => Some(Msg::Text(TextOp::End)),
            KeyCode::Char('b') if alt => Some(Msg::Text(TextOp::WordLeft)),
            KeyCode::Char('f') if alt => Some(Msg::Text(TextOp::WordRight)),
            KeyCode::Char(c) if !ctrl && !alt => Some(Msg::Text(TextOp::Insert(c))),
            KeyCode::Backspace => Some(Msg::Text(TextOp::Backspace)),
            KeyCode::Delete => Some(Msg::Text(TextOp::Delete)),
            KeyCode::Left if ctrl || alt => Some(Msg::Text(TextOp::WordLeft)),
            KeyCode::Right if ctrl || alt => Some(Msg::Text(TextOp::WordRight)),
            KeyCode::Left => Some(Msg::Text(TextOp::Left)),
            KeyCode::Right => Some(Msg::Text(TextOp::Right)),
            KeyCode::Home => Some(Msg::Text(TextOp::Home)),
            KeyCode::End => Some(Msg::Text(TextOp::End)),
            KeyCode::Tab => Some(Msg::Complete),
            KeyCode::Up if kind == InputKind::TextList => Some(Msg::ListUp),
            KeyCode::Down if kind == InputKind::TextList => Some(Msg::ListDown),
            _ => None,
        },
        InputKind::Choice => match k.code {
            KeyCode::Esc => Some(Msg::Cancel),
            KeyCode::Char('c') if ctrl => Some(Msg::Cancel),
            KeyCode::Enter => Some(Msg::Submit),
            KeyCode::Char(c) => Some(Msg::Choice(c.to_ascii_lowercase())),
            _ => None,
        },
        InputKind::List => match k.code {
            KeyCode::Esc | KeyCode::Char('q') => Some(Msg::Cancel),
            KeyCode::Enter => Some(Msg::Submit),
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::ListUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::ListDown),
            KeyCode::Char(c) if !ctrl => Some(Msg::Choice(c)),
            _ => None,
        },
        InputKind::Help => match k.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::ListUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::ListDown),
            KeyCode::PageUp => Some(Msg::Wheel(-10)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Msg::Wheel(10)),
            KeyCode::Home | KeyCode::Char('g') => Some(Msg::Wheel(i16::MIN)),
            KeyCode::End | KeyCode::Char('G') => Some(Msg::Wheel(i16::MAX)),
            KeyCode::Esc | KeyCode::Enter | KeyCode::F(1) | KeyCode::Char('q' | '?') => {
                Some(Msg::Cancel)
            }
            KeyCode::Char('c') if ctrl => Some(Msg::Cancel),
            // Any other key does nothing here (it is not lost into a
            // command behind the overlay).
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_click_on_the_same_cell_soon_is_a_double_click() {
        let t0 = std::time::Instant::now();
        let mut c = Clicks::default();
        let click = |x, y| Msg::Click { x, y, count: 1 };
        assert_eq!(c.count(click(5, 5), t0), click(5, 5));
        let soon = t0 + std::time::Duration::from_millis(200);
        assert_eq!(
            c.count(click(5, 5), soon),
            Msg::Click {
                x: 5,
                y: 5,
                count: 2
            }
        );
        // A third click is a first again; another cell or a slow second
        // click is not a double.
        assert_eq!(c.count(click(5, 5), soon), click(5, 5));
        let late = soon + DOUBLE_CLICK + std::time::Duration::from_millis(1);
        assert_eq!(c.count(click(5, 5), late), click(5, 5));
        let later = late + std::time::Duration::from_millis(10);
        assert_eq!(c.count(click(6, 5), later), click(6, 5));
    }

    #[test]
    fn a_pasted_column_is_a_block_not_one_figure() {
        assert_eq!(
            paste("10\n500\n", InputKind::Commands),
            vec![Msg::Paste("10\n500\n".to_owned())]
        );
        assert_eq!(
            paste("10\t500", InputKind::Commands),
            vec![Msg::Paste("10\t500".to_owned())]
        );
        // One figure (with the line break a spreadsheet adds) still starts
        // an edit with it.
        assert_eq!(
            paste("1,500\r\n", InputKind::Commands)[0],
            Msg::StartEdit('1')
        );
    }

    #[test]
    fn line_input_edits_by_character() {
        let mut l = LineInput::with("内蒙");
        l.apply(TextOp::Insert('古'));
        assert_eq!(l.text(), "内蒙古");
        l.apply(TextOp::Home);
        l.apply(TextOp::Delete);
        assert_eq!(l.text(), "蒙古");
        l.apply(TextOp::End);
        l.apply(TextOp::Backspace);
        l.apply(TextOp::Left);
        l.apply(TextOp::Insert('x'));
        assert_eq!((l.text(), l.cursor()), ("x蒙", 1));
        l.apply(TextOp::Insert('\u{1b}'));
        assert_eq!(l.text(), "x蒙", "control characters are not typed in");
        l.apply(TextOp::Clear);
        assert_eq!(l.text(), "");
    }
}
