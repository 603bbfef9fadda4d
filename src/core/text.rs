//! Text from plan files shown to people.

/// Replace control characters (ESC, BEL, CR, ...) by U+FFFD so that names and
/// messages from a hostile file can never drive the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// [`printable`], and cut to at most `max` characters (ending in `…`), for
/// messages that repeat text from a file.
pub fn clip(s: &str, max: usize) -> String {
    let p = printable(s);
    if p.chars().count() <= max {
        return p;
    }
    let mut t: String = p.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// JSON text with every control character that `serde_json` leaves raw
/// (DEL and the C1 range) written as a `\uXXXX` escape. These only occur
/// inside strings, so the result is the same JSON.
pub fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(
            printable("a\u{1b}[2Jb\u{7}\n"),
            "a\u{fffd}[2Jb\u{fffd}\u{fffd}"
        );
        assert_eq!(printable("内蒙古 ok"), "内蒙古 ok");
    }

    #[test]
    fn clipping_and_json_escapes() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("a\u{1b}", 4), "a\u{fffd}");
        let json = serde_json::to_string("x\u{7f}y\u{9b}").unwrap();
        let safe = escape_controls(&json);
        assert_eq!(safe, "\"x\\u007fy\\u009b\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "x\u{7f}y\u{9b}"
        );
    }
}
