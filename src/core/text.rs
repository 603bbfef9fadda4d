//! Text from plan files shown to people.

/// Replace control characters (ESC, BEL, CR, ...) by U+FFFD so that names and
/// messages from a hostile file can never drive the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
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
}
