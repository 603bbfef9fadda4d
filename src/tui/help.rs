//! The help overlay's text: every command with its keys, generated from the
//! command table and the key map in use, so it never disagrees with the keys.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::command::COMMANDS;
use super::config::{KeyMap, Theme};
use crate::core::text::{pad_right, printable};

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
                group.to_owned(),
                Style::new().fg(t.header).add_modifier(Modifier::BOLD),
            ));
        }
        let keys = keys.label(s.command);
        let keys = if keys.is_empty() {
            "(unbound)".to_owned()
        } else {
            keys
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", pad_right(&keys, 16)),
                Style::new().fg(t.hint_key),
            ),
            Span::raw(s.help),
        ]));
    }
    section(
        &mut lines,
        t,
        "Typing values",
        &[
            ("69250  69,250", "that many tonnes"),
            ("+500  -500", "add to / take from the current value"),
            ("12.5%", "of the parent's value (half to even)"),
            ("*1.1  /2", "times / divided (half to even)"),
            ("max", "current value plus all the parent has left"),
            ("paste a column", "figures for the rows from here down"),
            ("(tabs between)", "and for the quota columns to the right"),
        ],
    );
    section(
        &mut lines,
        t,
        "Text inputs",
        &[
            ("type", "replaces a prefilled value; → or End keep it"),
            ("ctrl-u  ctrl-k", "clear to the start / to the end"),
            ("ctrl-w  alt-⌫", "delete a word"),
            ("ctrl-a  ctrl-e", "start, end (also Home, End)"),
            ("alt-b  alt-f", "a word left, right (also ctrl-← →)"),
            ("tab", "complete a file or folder name (~/ is home)"),
            ("esc", "cancel: nothing changes"),
        ],
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Redistribution shares whole tonnes by the largest-remainder method;".to_owned(),
        Style::new().fg(t.dim),
    ));
    lines.push(Line::styled(
        "ties go to the larger weight, then the earlier position.".to_owned(),
        Style::new().fg(t.dim),
    ));
    let dir = super::config::config_dir().map_or_else(
        || "(no config directory)".to_owned(),
        |d| d.join("config.json").display().to_string(),
    );
    lines.push(Line::styled(
        format!("Keys and colours: {}", printable(&dir)),
        Style::new().fg(t.dim),
    ));
    lines
}

/// A titled list of (keys, what they do), after a blank line.
fn section(lines: &mut Vec<Line<'static>>, t: &Theme, title: &str, rows: &[(&str, &str)]) {
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
            Span::raw((*v).to_owned()),
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
