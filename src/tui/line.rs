//! The one text input of the planner: a line that scrolls sideways, with
//! the usual editing keys (`tui-input` does the editing), and a prefilled
//! value that starts *selected*: the first character typed replaces it, as
//! in a spreadsheet cell; a motion key keeps it for editing.

use tui_input::{Input, InputRequest};

/// An edit of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOp {
    /// Insert a character at the cursor.
    Insert(char),
    /// Delete before the cursor.
    Backspace,
    /// Delete at the cursor.
    Delete,
    /// Cursor left.
    Left,
    /// Cursor right.
    Right,
    /// Cursor one word left.
    WordLeft,
    /// Cursor one word right.
    WordRight,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// Delete the word before the cursor (`ctrl-w`).
    DeleteWord,
    /// Delete from the start to the cursor (`ctrl-u`).
    KillToStart,
    /// Delete from the cursor to the end (`ctrl-k`).
    KillToEnd,
    /// Clear the whole line.
    Clear,
}

/// A one-line text field.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    input: Input,
    /// The prefilled value is selected: typing replaces it.
    selected: bool,
}

impl PartialEq for LineInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
            && self.cursor() == other.cursor()
            && self.selected == other.selected
    }
}

impl Eq for LineInput {}

impl LineInput {
    /// A field holding `text`, cursor at the end, nothing selected (what
    /// is typed is added to it).
    pub fn with(text: &str) -> Self {
        Self {
            input: Input::new(text.to_owned()),
            selected: false,
        }
    }

    /// A field prefilled with `text`, selected: the first character typed
    /// replaces it, Backspace or Delete clear it, a motion key (arrows,
    /// Home, End) keeps it for editing.
    pub fn prefilled(text: &str) -> Self {
        Self {
            input: Input::new(text.to_owned()),
            selected: !text.is_empty(),
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// Cursor position in display columns.
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// How many columns the text is scrolled to keep the cursor in a field
    /// `width` columns wide.
    pub fn scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    /// Whether the prefilled value is still selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Apply an edit.
    pub fn apply(&mut self, op: TextOp) {
        if std::mem::take(&mut self.selected) {
            match op {
                TextOp::Insert(c) if !c.is_control() => {
                    self.input = Input::new(c.to_string());
                    return;
                }
                TextOp::Backspace | TextOp::Delete | TextOp::Clear => {
                    self.input = Input::default();
                    return;
                }
                // A motion keeps the value, now for editing.
                _ => {}
            }
        }
        let req = match op {
            TextOp::Insert(c) if c.is_control() => return,
            TextOp::Insert(c) => InputRequest::InsertChar(c),
            TextOp::Backspace => InputRequest::DeletePrevChar,
            TextOp::Delete => InputRequest::DeleteNextChar,
            TextOp::Left => InputRequest::GoToPrevChar,
            TextOp::Right => InputRequest::GoToNextChar,
            TextOp::WordLeft => InputRequest::GoToPrevWord,
            TextOp::WordRight => InputRequest::GoToNextWord,
            TextOp::Home => InputRequest::GoToStart,
            TextOp::End => InputRequest::GoToEnd,
            TextOp::DeleteWord => InputRequest::DeletePrevWord,
            TextOp::KillToStart => InputRequest::DeleteFromStart,
            TextOp::KillToEnd => InputRequest::DeleteTillEnd,
            TextOp::Clear => InputRequest::DeleteLine,
        };
        self.input.handle(req);
    }

    /// Apply each character of `s` as typed.
    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.apply(TextOp::Insert(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefilled_value_is_replaced_by_typing() {
        let mut i = LineInput::prefilled("127000");
        assert!(i.is_selected());
        i.type_str("130000");
        assert_eq!(i.text(), "130000");
        assert!(!i.is_selected());
    }

    #[test]
    fn a_motion_keeps_the_prefilled_value_for_editing() {
        let mut i = LineInput::prefilled("127000");
        i.apply(TextOp::End);
        i.type_str("5");
        assert_eq!(i.text(), "1270005");
        let mut i = LineInput::prefilled("127000");
        i.apply(TextOp::Home);
        i.type_str("+");
        assert_eq!(i.text(), "+127000");
        let mut i = LineInput::prefilled("127000");
        i.apply(TextOp::Left);
        i.apply(TextOp::Backspace);
        assert_eq!(i.text(), "12700");
    }

    #[test]
    fn deleting_a_selected_value_clears_it() {
        let mut i = LineInput::prefilled("127000");
        i.apply(TextOp::Backspace);
        assert_eq!(i.text(), "");
        let mut i = LineInput::prefilled("");
        assert!(!i.is_selected());
        i.type_str("9");
        assert_eq!(i.text(), "9");
    }

    #[test]
    fn the_usual_editing_keys() {
        let mut i = LineInput::with("Inner Mongolia North");
        i.apply(TextOp::DeleteWord);
        assert_eq!(i.text(), "Inner Mongolia ");
        i.apply(TextOp::Home);
        i.apply(TextOp::WordRight);
        i.apply(TextOp::KillToEnd);
        assert_eq!(i.text(), "Inner ");
        i.apply(TextOp::End);
        i.type_str("x");
        i.apply(TextOp::Left);
        i.apply(TextOp::KillToStart);
        assert_eq!(i.text(), "x");
        i.apply(TextOp::Clear);
        assert_eq!(i.text(), "");
        i.apply(TextOp::Insert('\u{1b}'));
        assert_eq!(i.text(), "", "control characters are not typed");
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_cursor() {
        let i = LineInput::with(&"内".repeat(30));
        assert_eq!(i.visual_cursor(), 60);
        assert!(i.scroll(20) >= 40);
        assert_eq!(LineInput::with("short").scroll(20), 0);
    }
}
