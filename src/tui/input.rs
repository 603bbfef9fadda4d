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
    },
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
