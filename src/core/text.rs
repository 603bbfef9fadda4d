//! Text from plan files shown to people.

/// Characters that change how text around them shows without showing
/// themselves: the bidirectional controls (U+202E turns `exe.txt` into
/// what looks like `txt.exe`), zero-width characters and invisible
/// operators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Replace control characters (ESC, BEL, CR, ...) and invisible ones (bidi
/// controls, zero-width characters) by U+FFFD so that names and messages
/// from a hostile file can never drive the terminal or disguise text.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || is_invisible(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// A whole text (a CSV, Markdown or JSON export) made safe to print on a
/// terminal: line ends (`\n`, `\r\n`) and tabs stay; every other control
/// or invisible character becomes U+FFFD.
pub fn for_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !c.is_control() && !is_invisible(c),
        };
        out.push(if keep { c } else { '\u{fffd}' });
    }
    out
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
        assert_eq!(
            printable("bidi\u{202e}lmth.exe\u{2066}x\u{200b}y"),
            "bidi\u{fffd}lmth.exe\u{fffd}x\u{fffd}y"
        );
    }

    #[test]
    fn text_for_a_terminal_keeps_line_ends_only() {
        assert_eq!(
            for_terminal("a,b\r\n\u{1b}]0;title\u{7}\u{1b}[2J\tc\rd\u{202e}\n"),
            "a,b\r\n\u{fffd}]0;title\u{fffd}\u{fffd}[2J\tc\u{fffd}d\u{fffd}\n"
        );
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
