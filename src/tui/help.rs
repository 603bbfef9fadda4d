//! The help overlay's text: every command with its keys, generated from the
//! command table and the key map in use, so it never disagrees with the keys.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::command::COMMANDS;
use super::config::{KeyMap, Theme};
use crate::core::text::{pad_right, printable};
use crate::t;

/// The help text: every command with its keys, from the same key map the
/// key handling uses.
pub fn lines(keys: &KeyMap, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut group = "";
    for s in COMMANDS {
        if s.group != group {
            group = s.group;
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                s.group_text(),
                Style::new().fg(t.header).add_modifier(Modifier::BOLD),
            ));
        }
        let keys = keys.label(s.command);
        let keys = if keys.is_empty() {
            t!("help-unbound")
        } else {
            keys
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", pad_right(&keys, 16)),
                Style::new().fg(t.hint_key),
            ),
            Span::raw(s.help_text()),
        ]));
    }
    section(
        &mut lines,
        t,
        &t!("help-typing"),
        &[
            ("69250  69,250".to_owned(), t!("help-typing-amount")),
            ("+500  -500".to_owned(), t!("help-typing-plus")),
            ("12.5%".to_owned(), t!("help-typing-percent")),
            ("*1.1  /2".to_owned(), t!("help-typing-times")),
            ("max".to_owned(), t!("help-typing-max")),
            (t!("help-typing-paste-key"), t!("help-typing-paste")),
            (t!("help-typing-tabs-key"), t!("help-typing-tabs")),
        ],
    );
    section(
        &mut lines,
        t,
        &t!("help-text"),
        &[
            (t!("help-text-type-key"), t!("help-text-type")),
            ("ctrl-u  ctrl-k".to_owned(), t!("help-text-clear")),
            ("ctrl-w  alt-⌫".to_owned(), t!("help-text-word")),
            ("ctrl-a  ctrl-e".to_owned(), t!("help-text-ends")),
            ("alt-b  alt-f".to_owned(), t!("help-text-words")),
            ("tab".to_owned(), t!("help-text-tab")),
            ("esc".to_owned(), t!("help-text-esc")),
        ],
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(t!("help-rounding-1"), Style::new().fg(t.dim)));
    lines.push(Line::styled(t!("help-rounding-2"), Style::new().fg(t.dim)));
    let dir = super::config::config_dir().map_or_else(
        || t!("help-no-config-dir"),
        |d| d.join("config.json").display().to_string(),
    );
    lines.push(Line::styled(
        t!("help-config", path = printable(&dir)),
        Style::new().fg(t.dim),
    ));
    lines
}

/// A titled list of (keys, what they do), after a blank line.
fn section(lines: &mut Vec<Line<'static>>, t: &Theme, title: &str, rows: &[(String, String)]) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        title.to_owned(),
        Style::new().fg(t.header).add_modifier(Modifier::BOLD),
    ));
    for (k, v) in rows {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", pad_right(k, 16)),
                Style::new().fg(t.hint_key),
            ),
            Span::raw(v.clone()),
        ]));
    }
}

/// How far the help can scroll on a screen `height` rows tall: the overlay
/// is the text plus a border, at most the screen less a margin.
pub fn max_scroll(lines: usize, height: u16) -> u16 {
    let shown = (lines + 2)
        .min(usize::from(height.saturating_sub(2)))
        .saturating_sub(2);
    u16::try_from(lines.saturating_sub(shown)).unwrap_or(u16::MAX)
}
