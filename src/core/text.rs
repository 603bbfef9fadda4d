//! Text from plan files shown to people: made safe to print
//! ([`printable`], [`for_terminal`], [`escape_controls`]), and measured, cut,
//! padded and wrapped by display width ([`width`], [`cut`], [`truncate`],
//! [`pad_right`], [`fit_pad_right`], [`wrap`], ...).
//!
//! Widths are terminal columns as `unicode-width` gives them: a CJK
//! character is 2, a combining mark 0, an emoji ZWJ sequence 2. Text is cut
//! only between grapheme clusters (`unicode-segmentation`), so a letter
//! never loses its accent, a family emoji is never taken apart and a wide
//! character is never halved.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

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

/// [`printable`], and cut to at most `max` display columns (ending in `…`,
/// see [`truncate`]), for messages that repeat text from a file.
pub fn clip(s: &str, max: usize) -> String {
    truncate(&printable(s), max).into_owned()
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

/// Display width of `s` in terminal columns: a CJK character counts 2, a
/// combining mark or a zero-width character 0, an emoji ZWJ sequence 2.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The longest start of `s` that ends between two grapheme clusters and
/// takes at most `max` columns; no `…` added (see [`truncate`]). Zero-width
/// clusters right at the cut stay with the text before it.
///
/// A cut is measured cluster by cluster, as a terminal (and ratatui) lays
/// text out, then measured again as a whole: the few sequences that
/// unicode-width counts narrower as a whole than by their clusters (Arabic
/// lam + alef) may make the cut a little shorter than `max` allows, never
/// wider.
pub fn cut(s: &str, max: usize) -> &str {
    if width(s) <= max {
        return s;
    }
    let (mut head, _) = s.unicode_truncate(max);
    while width(head) > max {
        head = without_last_cluster(head);
    }
    head
}

/// `s` in at most `max` columns: unchanged when it fits, else cut between
/// grapheme clusters (see [`cut`]) and ended with `…` (1 column). A wide
/// character that would stand half outside is left out, so the result can
/// be a column short of `max`. With `max` 0 only text of no width fits;
/// anything else becomes "".
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut head = cut(s, max - 1);
    loop {
        let out = format!("{head}…");
        if head.is_empty() || width(&out) <= max {
            return Cow::Owned(out);
        }
        head = without_last_cluster(head);
    }
}

/// `s` without its last grapheme cluster.
fn without_last_cluster(s: &str) -> &str {
    s.grapheme_indices(true)
        .next_back()
        .map_or("", |(at, _)| &s[..at])
}

/// `s` followed by spaces to `columns` display columns. Text already as wide
/// or wider comes back whole, never cut (tables that size each column to
/// its widest cell rely on that); [`fit_pad_right`] cuts it.
pub fn pad_right(s: &str, columns: usize) -> String {
    let room = columns.saturating_sub(width(s));
    let mut out = String::with_capacity(s.len() + room);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', room));
    out
}

/// Spaces, then `s`, to `columns` display columns (right-aligned). Text
/// already as wide or wider comes back whole, never cut; [`fit_pad_left`]
/// cuts it.
pub fn pad_left(s: &str, columns: usize) -> String {
    let room = columns.saturating_sub(width(s));
    let mut out = String::with_capacity(s.len() + room);
    out.extend(std::iter::repeat_n(' ', room));
    out.push_str(s);
    out
}

/// `s` left-aligned in exactly `columns` columns: [`truncate`]d when too
/// wide, then [`pad_right`]ed (a fixed-width table cell).
pub fn fit_pad_right(s: &str, columns: usize) -> String {
    pad_right(&truncate(s, columns), columns)
}

/// `s` right-aligned in exactly `columns` columns: [`truncate`]d when too
/// wide, then [`pad_left`]ed (a fixed-width figure cell).
pub fn fit_pad_left(s: &str, columns: usize) -> String {
    pad_left(&truncate(s, columns), columns)
}

/// `s` broken into lines of at most `columns` display columns: at spaces
/// where a word fits, and between grapheme clusters inside a word wider
/// than the line (a cluster wider than the line alone, say a CJK character
/// on a line of 1, gets a line of its own; a cluster of no width stays on
/// the line of the one before). The spaces at a break are dropped, and so
/// are spaces at the very start; runs of spaces inside a line stay. Only
/// `' '` breaks lines: a newline or tab is not looked at (text passed
/// through [`printable`] has none). Empty text gives no line.
pub fn wrap(s: &str, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let sep = usize::from(!line.is_empty());
        if width(&line) + sep + width(word) <= columns {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: broken between clusters where wider than a line;
        // a zero-width cluster stays with the one before.
        let mut used = 0;
        for cluster in word.graphemes(true) {
            let w = width(cluster);
            if w > 0 && used + w > columns && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(cluster);
            used += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Level names as typed: split at commas (`,` `，` `、`), each trimmed;
/// nothing typed means none (the default names).
pub fn parse_levels(text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.split([',', '，', '、'])
        .map(|l| l.trim().to_owned())
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

    /// A family of four: four emoji joined by ZWJ, one cluster 2 columns
    /// wide.
    const FAMILY: &str = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";

    #[test]
    fn widths_in_columns() {
        assert_eq!(width("内蒙古"), 6);
        assert_eq!(width("Inner Mongolia 内蒙古"), 21);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width(FAMILY), 2);
        assert_eq!(width("\u{200b}"), 0);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn truncating_chinese_never_halves_a_character() {
        assert!(matches!(truncate("内蒙古", 6), Cow::Borrowed("内蒙古")));
        assert_eq!(truncate("内蒙古", 5), "内蒙…");
        assert_eq!(truncate("内蒙古", 4), "内…");
        assert_eq!(truncate("内蒙古", 3), "内…");
        assert_eq!(truncate("内蒙古", 2), "…");
        assert_eq!(truncate("内蒙古", 1), "…");
        assert_eq!(truncate("内蒙古", 0), "");
        assert_eq!(truncate("Inner Mongolia 内蒙古", 17), "Inner Mongolia …");
        assert_eq!(cut("内蒙古", 5), "内蒙");
        assert_eq!(cut("内蒙古", 1), "");
    }

    #[test]
    fn truncating_keeps_accents_and_emoji_sequences_whole() {
        assert_eq!(truncate("cafe\u{301} au lait", 6), "cafe\u{301} …");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(cut("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}e\u{301}");
        let families = format!("{FAMILY}{FAMILY}{FAMILY}");
        assert_eq!(width(&families), 6);
        assert_eq!(truncate(&families, 5), format!("{FAMILY}{FAMILY}…"));
        assert_eq!(truncate(&families, 4), format!("{FAMILY}…"));
        assert_eq!(truncate(&families, 2), "…");
        assert_eq!(cut(&families, 3), FAMILY);
        // Two regional indicators make one flag; three, a flag and a half.
        assert_eq!(
            truncate("\u{1f1e8}\u{1f1f3}\u{1f1e8}\u{1f1f3}", 3),
            "\u{1f1e8}\u{1f1f3}…"
        );
    }

    #[test]
    fn zero_widths() {
        // Text of no width fits anywhere, even in no room.
        assert_eq!(truncate("", 0), "");
        assert_eq!(truncate("\u{200b}", 0), "\u{200b}");
        assert_eq!(truncate("\u{301}", 0), "\u{301}");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(cut("abc", 0), "");
        // A zero-width character at the cut stays with the text before it.
        assert_eq!(cut("ab\u{200b}cd", 2), "ab\u{200b}");
        assert_eq!(pad_right("", 0), "");
        assert_eq!(pad_left("\u{200b}", 2), "  \u{200b}");
        assert_eq!(fit_pad_right("abc", 0), "");
        assert_eq!(fit_pad_left("", 3), "   ");
        assert!(wrap("", 5).is_empty());
        assert!(wrap("   ", 5).is_empty());
        assert_eq!(wrap("abc", 0), ["a", "b", "c"]);
        assert_eq!(wrap("e\u{301}\u{200b}", 0), ["e\u{301}\u{200b}"]);
    }

    #[test]
    fn arabic_lam_alef_is_measured_whole() {
        // unicode-width counts lam + alef 1 column, its two clusters 2.
        assert_eq!(width("\u{644}\u{627}"), 1);
        assert_eq!(truncate("\u{644}\u{627}", 1), "\u{644}\u{627}");
        // Cut by clusters (2 columns), measured whole (1): a debug build
        // of unicode-truncate would panic here (see Cargo.toml).
        assert_eq!(cut("\u{644}\u{627}abc", 2), "\u{644}\u{627}");
        let t = truncate("\u{644}\u{627}\u{644}\u{627}\u{644}\u{627}", 2);
        assert!(width(&t) <= 2, "{t}");
        assert!(t.ends_with('…'));
    }

    #[test]
    fn padding_by_columns() {
        assert_eq!(pad_right("内蒙古", 8), "内蒙古  ");
        assert_eq!(pad_left("内蒙古", 8), "  内蒙古");
        assert_eq!(pad_left("e\u{301}", 3), "  e\u{301}");
        assert_eq!(pad_right(FAMILY, 3), format!("{FAMILY} "));
        // Padding alone never cuts.
        assert_eq!(pad_right("too long", 3), "too long");
        assert_eq!(pad_left("内蒙古", 4), "内蒙古");
        // The fit_ forms give exactly the columns asked for.
        assert_eq!(fit_pad_right("内蒙古", 5), "内蒙…");
        assert_eq!(fit_pad_right("内蒙古", 4), "内… ");
        assert_eq!(fit_pad_left("内蒙古", 4), " 内…");
        assert_eq!(fit_pad_left("12", 4), "  12");
        assert_eq!(fit_pad_right("ab", 4), "ab  ");
    }

    #[test]
    fn wrapping_by_words_and_columns() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("the quick brown fox", 100), ["the quick brown fox"]);
        // Words wider than the line are broken, the rest of one runs on.
        assert_eq!(
            wrap("see https://example.org/long", 8),
            ["see", "https://", "example.", "org/long"]
        );
        assert_eq!(wrap("abcdefg hi", 5), ["abcde", "fg hi"]);
        assert_eq!(
            wrap("内蒙古自治区 呼和浩特", 6),
            ["内蒙古", "自治区", "呼和浩", "特"]
        );
        // A wide character is never split over two lines...
        assert_eq!(wrap("内蒙古", 5), ["内蒙", "古"]);
        // ... and one wider than the line has a line of its own.
        assert_eq!(wrap("内蒙古", 1), ["内", "蒙", "古"]);
        assert_eq!(
            wrap("e\u{301}e\u{301}e\u{301} e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}", "e\u{301}"]
        );
        let families = format!("{FAMILY}{FAMILY}{FAMILY}");
        assert_eq!(
            wrap(&families, 4),
            [format!("{FAMILY}{FAMILY}"), FAMILY.to_owned()]
        );
        // Spaces inside a line stay; spaces at a break go.
        assert_eq!(wrap("a  b", 4), ["a  b"]);
        assert_eq!(wrap("ab  cd", 2), ["ab", "cd"]);
    }

    #[test]
    fn clipping_is_by_columns_and_clusters() {
        assert_eq!(clip("内蒙古自治区", 5), "内蒙…");
        assert_eq!(clip("内蒙古", 6), "内蒙古");
        assert_eq!(clip("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(clip("\u{1b}[2J", 3), "\u{fffd}[…");
    }

    mod props {
        use proptest::prelude::*;

        use super::super::*;

        /// Pieces that make the hard cases: wide, combining, zero-width,
        /// joined and ligating text, controls.
        const PIECES: &[&str] = &[
            "a",
            " ",
            "  ",
            "内",
            "蒙古",
            "e\u{301}",
            "\u{301}",
            "\u{200b}",
            "\u{200d}",
            "\u{fe0f}",
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
            "\u{1f44d}\u{1f3fd}",
            "\u{1f1e8}",
            "\u{1f1f3}",
            "\u{644}",
            "\u{627}",
            "\u{1100}\u{1161}",
            "\u{11a8}",
            "\u{600}",
            "\u{915}\u{94d}",
            "\u{1b}",
            "\r\n",
            "\u{ffa0}",
            "…",
        ];

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                prop::collection::vec(prop::sample::select(PIECES), 0..16)
                    .prop_map(|pieces| pieces.concat()),
            ]
        }

        /// `at` is 0, the end of `s`, or where one of its clusters starts.
        fn at_boundary(s: &str, at: usize) -> bool {
            at == s.len() || s.grapheme_indices(true).any(|(i, _)| i == at)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn truncate_fits_and_cuts_between_clusters(s in text(), n in 0usize..24) {
                let t = truncate(&s, n);
                prop_assert!(width(&t) <= n, "{:?} in {} gave {:?}", s, n, t);
                if width(&s) <= n {
                    prop_assert_eq!(&*t, s.as_str());
                } else if n > 0 {
                    let head = t.strip_suffix('…').expect("ends in …");
                    prop_assert!(s.starts_with(head));
                    prop_assert!(at_boundary(&s, head.len()), "{:?} cut at {}", s, head.len());
                } else {
                    prop_assert_eq!(&*t, "");
                }
                let c = cut(&s, n);
                prop_assert!(width(c) <= n);
                prop_assert!(s.starts_with(c) && at_boundary(&s, c.len()));
            }

            #[test]
            fn padding_gives_the_columns(s in text(), n in 0usize..24) {
                let w = width(&s);
                let r = pad_right(&s, n);
                prop_assert!(r.starts_with(s.as_str()));
                prop_assert_eq!(width(&r), w.max(n));
                let l = pad_left(&s, n);
                prop_assert!(l.ends_with(s.as_str()));
                prop_assert_eq!(width(&l), w.max(n));
                prop_assert_eq!(width(&fit_pad_right(&s, n)), n);
                prop_assert_eq!(width(&fit_pad_left(&s, n)), n);
            }

            #[test]
            fn wrapped_lines_fit_and_keep_the_text(s in text(), n in 0usize..24) {
                let lines = wrap(&s, n);
                for line in &lines {
                    prop_assert!(
                        width(line) <= n
                            || line.graphemes(true).filter(|g| width(g) > 0).count() == 1,
                        "{:?} in {}: {:?}", s, n, lines
                    );
                }
                let kept: String = lines.concat().split(' ').collect();
                let all: String = s.split(' ').collect();
                prop_assert_eq!(kept, all);
            }
        }
    }
}
