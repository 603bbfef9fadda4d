//! Find where a JSON path sits in the raw text of a JSON document.
//!
//! `serde_json` reports positions for syntax errors only. Semantic errors
//! found after parsing (a duplicate id, an unknown key, ...) are known by
//! their path into the document, e.g. `nodes[0].nodes[3].id`; this module
//! re-scans the raw text on that error path to turn such a path into a
//! `LINE:COL` position.
//!
//! The scanner is hand-written and iterative (an explicit stack instead of
//! recursion, so arbitrarily deep documents cannot overflow the call stack),
//! runs in time linear in the length of the text, never panics, and stops at
//! the first syntax error: whatever was found before that point is reported,
//! the rest is `None`.
//!
//! Positions count like `serde_json`'s: lines are 1-based and counted by
//! `'\n'`; columns are 1-based and count *bytes* since the last `'\n'`.

use std::borrow::Cow;
use std::collections::HashMap;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A member of an object, named by its key as decoded (escapes such as
    /// `\"` or `\u00e9` resolved).
    Key(String),
    /// An element of an array, by its 0-based index.
    Index(usize),
}

/// 1-based line and column of a place in the text.
///
/// The column counts bytes since the last `'\n'`, as `serde_json` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line number (lines are separated by `'\n'`).
    pub line: usize,
    /// 1-based column, in bytes since the last `'\n'`.
    pub column: usize,
}

/// Position of the element at `path` in `text`.
///
/// - If the last segment is a [`Seg::Key`], the position is that of the
///   key's opening quote (an error about `"rokc"` in `"alloc": {"rokc": 5}`
///   points at the key).
/// - If it is a [`Seg::Index`], it is the position of the first character of
///   that array element's value.
/// - An empty path gives the position of the top-level value.
///
/// Keys are compared after decoding escapes. If an object has the same key
/// more than once, the first occurrence wins (paths through later
/// occurrences are not found). A key containing a lone surrogate escape
/// (`"\ud800"`) matches no [`Seg::Key`].
///
/// Returns `None` if the path does not exist, or if the text is not valid
/// JSON up to the element. An array element (or the top-level value) is
/// located as soon as its first character is reached, even if the value
/// itself is malformed: in `[1, 2, x]`, index 2 is located at the `x`,
/// which is where `serde_json` reports its error.
#[must_use]
pub fn locate(text: &str, path: &[Seg]) -> Option<Pos> {
    let mut sink = OnePath {
        path,
        found: None,
        done: false,
    };
    scan(text, &mut sink);
    let at = sink.found?;
    Some(LineTracker::default().pos(text.as_bytes(), at))
}

/// [`locate`] for many paths in one pass over the text.
///
/// Results are in the same order as `paths` (the same path may be given
/// more than once). Runs in `O(text.len() + total path length)`: the paths
/// are put into a trie which is followed while scanning, and the scan stops
/// as soon as every path has been found.
#[must_use]
pub fn locate_many(text: &str, paths: &[Vec<Seg>]) -> Vec<Option<Pos>> {
    let mut trie = Trie::new(text.as_bytes(), paths);
    scan(text, &mut trie);
    trie.results()
}

// ---------------------------------------------------------------------------
// What the scanner reports to.

/// Receives the structure the scanner walks through.
///
/// The scanner only tracks containers that lie on a path of interest: each
/// such value has a node (a `usize` chosen by the sink). Values with no node
/// are scanned but not reported.
trait Sink {
    /// The top-level value starts at byte `at`. Returns its node, if any.
    fn top(&mut self, at: usize) -> Option<usize>;
    /// Whether keys of the object with node `parent` need to be reported.
    fn wants_keys(&self, parent: usize) -> bool;
    /// A key (decoded) of the object with node `parent`, whose opening quote
    /// is at byte `at`. Returns the node of the member's value, if any.
    fn key(&mut self, parent: usize, key: &str, at: usize) -> Option<usize>;
    /// Element `index` of the array with node `parent` starts at byte `at`.
    /// Returns the node of that element, if any.
    fn element(&mut self, parent: usize, index: usize, at: usize) -> Option<usize>;
    /// The value with node `node` has been scanned completely.
    fn leave(&mut self, node: usize);
    /// Whether scanning can stop: nothing more is wanted.
    fn finished(&self) -> bool;
}

/// Sink for a single path: the node of a value is the length of the prefix
/// of `path` that leads to it.
struct OnePath<'p> {
    path: &'p [Seg],
    found: Option<usize>,
    done: bool,
}

impl OnePath<'_> {
    fn reach(&mut self, depth: usize, at: usize) -> Option<usize> {
        if depth == self.path.len() {
            self.found = Some(at);
            self.done = true;
            None
        } else {
            Some(depth)
        }
    }
}

impl Sink for OnePath<'_> {
    fn top(&mut self, at: usize) -> Option<usize> {
        self.reach(0, at)
    }

    fn wants_keys(&self, parent: usize) -> bool {
        matches!(self.path.get(parent), Some(Seg::Key(_)))
    }

    fn key(&mut self, parent: usize, key: &str, at: usize) -> Option<usize> {
        match self.path.get(parent) {
            Some(Seg::Key(k)) if k == key => self.reach(parent + 1, at),
            _ => None,
        }
    }

    fn element(&mut self, parent: usize, index: usize, at: usize) -> Option<usize> {
        match self.path.get(parent) {
            Some(Seg::Index(i)) if *i == index => self.reach(parent + 1, at),
            _ => None,
        }
    }

    fn leave(&mut self, node: usize) {
        // A value on the path was scanned completely without reaching the
        // target: it is not there (later duplicate keys do not count).
        if node < self.path.len() {
            self.done = true;
        }
    }

    fn finished(&self) -> bool {
        self.done
    }
}

/// A node of the trie of paths: one per distinct path prefix.
#[derive(Default)]
struct TrieNode {
    keys: HashMap<String, usize>,
    indices: HashMap<usize, usize>,
    /// Some path ends here.
    target: bool,
    /// Already reached once (so a duplicate key is ignored).
    visited: bool,
    found: Option<Pos>,
}

/// Sink for many paths: the node of a value is its index in `nodes`.
struct Trie<'t> {
    text: &'t [u8],
    nodes: Vec<TrieNode>,
    /// For each input path, the node where it ends.
    ends: Vec<usize>,
    /// Target nodes not reached yet.
    remaining: usize,
    lines: LineTracker,
}

impl<'t> Trie<'t> {
    fn new(text: &'t [u8], paths: &[Vec<Seg>]) -> Self {
        let mut nodes = vec![TrieNode::default()];
        let mut ends = Vec::with_capacity(paths.len());
        let mut remaining = 0;
        for path in paths {
            let mut node = 0;
            for seg in path {
                let fresh = nodes.len();
                let parent = &mut nodes[node];
                let existing = match seg {
                    Seg::Key(k) => parent.keys.get(k.as_str()).copied(),
                    Seg::Index(i) => parent.indices.get(i).copied(),
                };
                node = if let Some(child) = existing {
                    child
                } else {
                    match seg {
                        Seg::Key(k) => parent.keys.insert(k.clone(), fresh),
                        Seg::Index(i) => parent.indices.insert(*i, fresh),
                    };
                    nodes.push(TrieNode::default());
                    fresh
                };
            }
            if !nodes[node].target {
                nodes[node].target = true;
                remaining += 1;
            }
            ends.push(node);
        }
        Trie {
            text,
            nodes,
            ends,
            remaining,
            lines: LineTracker::default(),
        }
    }

    fn reach(&mut self, node: usize, at: usize) -> Option<usize> {
        let n = self.nodes.get_mut(node)?;
        if n.visited {
            return None;
        }
        n.visited = true;
        if n.target {
            n.found = Some(self.lines.pos(self.text, at));
            self.remaining = self.remaining.saturating_sub(1);
        }
        (!n.keys.is_empty() || !n.indices.is_empty()).then_some(node)
    }

    fn results(&self) -> Vec<Option<Pos>> {
        self.ends
            .iter()
            .map(|&n| self.nodes.get(n).and_then(|n| n.found))
            .collect()
    }
}

impl Sink for Trie<'_> {
    fn top(&mut self, at: usize) -> Option<usize> {
        self.reach(0, at)
    }

    fn wants_keys(&self, parent: usize) -> bool {
        self.nodes.get(parent).is_some_and(|n| !n.keys.is_empty())
    }

    fn key(&mut self, parent: usize, key: &str, at: usize) -> Option<usize> {
        let child = *self.nodes.get(parent)?.keys.get(key)?;
        self.reach(child, at)
    }

    fn element(&mut self, parent: usize, index: usize, at: usize) -> Option<usize> {
        let child = *self.nodes.get(parent)?.indices.get(&index)?;
        self.reach(child, at)
    }

    fn leave(&mut self, _node: usize) {}

    fn finished(&self) -> bool {
        self.remaining == 0
    }
}

/// Turns byte offsets into [`Pos`]itions, incrementally: offsets asked for in
/// increasing order cost one pass over the text in total.
#[derive(Default)]
struct LineTracker {
    /// Bytes before this offset have been counted.
    scanned: usize,
    /// Number of `'\n'` before `scanned`.
    newlines: usize,
    /// Offset just after the last `'\n'` before `scanned`.
    line_start: usize,
}

impl LineTracker {
    fn pos(&mut self, text: &[u8], at: usize) -> Pos {
        let at = at.min(text.len());
        if at < self.scanned {
            *self = Self::default();
        }
        let chunk = text.get(self.scanned..at).unwrap_or_default();
        // Counted a byte at a time without a branch (the compiler makes
        // it wide); the last line's start found from the end.
        self.newlines += chunk
            .chunks(255)
            .map(|block| {
                let n = block
                    .iter()
                    .fold(0u8, |n, &c| n.wrapping_add(u8::from(c == b'\n')));
                usize::from(n)
            })
            .sum::<usize>();
        if let Some(k) = chunk.iter().rposition(|&c| c == b'\n') {
            self.line_start = self.scanned + k + 1;
        }
        self.scanned = at;
        Pos {
            line: self.newlines + 1,
            column: at - self.line_start + 1,
        }
    }
}

/// The line and column of each byte offset in `offsets` (in any order).
#[must_use]
pub fn positions_of(text: &str, offsets: &[usize]) -> Vec<Pos> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut tracker = LineTracker::default();
    let mut out = vec![Pos { line: 1, column: 1 }; offsets.len()];
    for i in order {
        out[i] = tracker.pos(text.as_bytes(), offsets[i]);
    }
    out
}

// ---------------------------------------------------------------------------
// The scanner.

/// An open container on a tracked path (its node is known).
#[derive(Clone, Copy)]
enum Frame {
    Object { node: usize },
    Array { node: usize, index: usize },
}

/// What the scanner does next.
#[derive(Clone, Copy)]
enum Step {
    /// A value starts at the cursor (after whitespace); it has this node.
    Value(Option<usize>),
    /// A value just ended: expect `,` or the end of the enclosing container.
    AfterValue,
    /// An object key (its opening quote) is at the cursor.
    Key,
    /// Done: end of the top-level value, a syntax error, or nothing wanted.
    Stop,
}

struct Scanner<'a, S> {
    text: &'a str,
    bytes: &'a [u8],
    /// Cursor: byte offset of the next byte to look at.
    i: usize,
    sink: &'a mut S,
    /// Open containers that have a node; always the outermost ones.
    tracked: Vec<Frame>,
    /// Open containers inside the innermost tracked one that have no node
    /// (`true` for an object, `false` for an array). One bit of state per
    /// level keeps memory small even for absurdly deep documents.
    untracked: Vec<bool>,
}

fn scan<S: Sink>(text: &str, sink: &mut S) {
    if sink.finished() {
        return;
    }
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        i: 0,
        sink,
        tracked: Vec::new(),
        untracked: Vec::new(),
    };
    scanner.run();
}

impl<S: Sink> Scanner<'_, S> {
    fn run(&mut self) {
        self.skip_ws();
        let mut step = match self.peek() {
            Some(c) if may_start_element(c) => Step::Value(self.sink.top(self.i)),
            _ => Step::Stop,
        };
        while !self.sink.finished() {
            step = match step {
                Step::Value(node) => self.value(node),
                Step::AfterValue => self.after_value(),
                Step::Key => self.key(),
                Step::Stop => return,
            };
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Scans the value at the cursor (whitespace already skipped).
    fn value(&mut self, node: Option<usize>) -> Step {
        let end = match self.peek() {
            Some(b'{') => return self.open(node, true),
            Some(b'[') => return self.open(node, false),
            Some(b'"') => skip_string(self.bytes, self.i).map(|(end, _)| end),
            Some(b'-' | b'0'..=b'9') => skip_number(self.bytes, self.i),
            Some(b't') => skip_literal(self.bytes, self.i, b"true"),
            Some(b'f') => skip_literal(self.bytes, self.i, b"false"),
            Some(b'n') => skip_literal(self.bytes, self.i, b"null"),
            _ => None,
        };
        let Some(end) = end else {
            return Step::Stop;
        };
        self.i = end;
        self.leave(node);
        Step::AfterValue
    }

    /// Scans the opening bracket of an object or array at the cursor.
    fn open(&mut self, node: Option<usize>, object: bool) -> Step {
        self.i += 1;
        self.skip_ws();
        match (object, self.peek()) {
            (true, Some(b'}')) | (false, Some(b']')) => {
                self.i += 1;
                self.leave(node);
                Step::AfterValue
            }
            (true, Some(b'"')) => {
                self.push(node, true);
                Step::Key
            }
            (false, Some(c)) if may_start_element(c) => {
                self.push(node, false);
                let child = node.and_then(|parent| self.sink.element(parent, 0, self.i));
                Step::Value(child)
            }
            _ => Step::Stop,
        }
    }

    /// After a value: a `,` or the end of the innermost open container.
    fn after_value(&mut self) -> Step {
        self.skip_ws();
        let Some((object, node)) = self.innermost() else {
            // The top-level value is complete; trailing text is ignored.
            return Step::Stop;
        };
        let close = if object { b'}' } else { b']' };
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.skip_ws();
                match self.peek() {
                    Some(b'"') if object => Step::Key,
                    Some(c) if !object && may_start_element(c) => Step::Value(self.next_element()),
                    _ => Step::Stop,
                }
            }
            Some(c) if c == close => {
                self.i += 1;
                self.pop();
                self.leave(node);
                Step::AfterValue
            }
            _ => Step::Stop,
        }
    }

    /// Scans an object key at the cursor, the `:` after it, and the
    /// whitespace before the member's value.
    fn key(&mut self) -> Step {
        let start = self.i;
        let Some((end, escaped)) = skip_string(self.bytes, start) else {
            return Step::Stop;
        };
        self.i = end;
        let child = match self.tracked_object() {
            Some(parent) if self.sink.wants_keys(parent) => {
                let raw = self.text.get(start + 1..end - 1).unwrap_or_default();
                let key = if escaped {
                    decode_escapes(raw).map(Cow::Owned)
                } else {
                    Some(Cow::Borrowed(raw))
                };
                key.and_then(|key| self.sink.key(parent, &key, start))
            }
            _ => None,
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Step::Stop;
        }
        self.i += 1;
        self.skip_ws();
        Step::Value(child)
    }

    fn leave(&mut self, node: Option<usize>) {
        if let Some(node) = node {
            self.sink.leave(node);
        }
    }

    fn push(&mut self, node: Option<usize>, object: bool) {
        match node {
            Some(node) if self.untracked.is_empty() => self.tracked.push(if object {
                Frame::Object { node }
            } else {
                Frame::Array { node, index: 0 }
            }),
            _ => self.untracked.push(object),
        }
    }

    fn pop(&mut self) {
        if self.untracked.pop().is_none() {
            self.tracked.pop();
        }
    }

    /// The innermost open container: whether it is an object, and its node.
    fn innermost(&self) -> Option<(bool, Option<usize>)> {
        if let Some(&object) = self.untracked.last() {
            return Some((object, None));
        }
        match self.tracked.last()? {
            Frame::Object { node } => Some((true, Some(*node))),
            Frame::Array { node, .. } => Some((false, Some(*node))),
        }
    }

    /// The node of the innermost open container if it is a tracked object.
    fn tracked_object(&self) -> Option<usize> {
        match (self.untracked.is_empty(), self.tracked.last()) {
            (true, Some(Frame::Object { node })) => Some(*node),
            _ => None,
        }
    }

    /// Counts the array element starting at the cursor, returning its node.
    fn next_element(&mut self) -> Option<usize> {
        if !self.untracked.is_empty() {
            return None;
        }
        let Some(Frame::Array { node, index }) = self.tracked.last_mut() else {
            return None;
        };
        *index += 1;
        let (node, index) = (*node, *index);
        self.sink.element(node, index, self.i)
    }
}

/// Whether `c` (not whitespace) can be where an array element is expected:
/// anything but structural characters. Characters that cannot start a value
/// at all are accepted here so that the element is still located; the
/// scanner stops right after.
fn may_start_element(c: u8) -> bool {
    !matches!(c, b']' | b'}' | b',' | b':')
}

/// Skips the string whose opening quote is at `start`. Returns the offset
/// just after the closing quote, and whether the string has escapes.
fn skip_string(b: &[u8], start: usize) -> Option<(usize, bool)> {
    let mut j = start + 1;
    let mut escaped = false;
    loop {
        match *b.get(j)? {
            b'"' => return Some((j + 1, escaped)),
            b'\\' => {
                escaped = true;
                j += match *b.get(j + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                    b'u' => {
                        hex4(b.get(j + 2..j + 6)?)?;
                        6
                    }
                    _ => return None,
                };
            }
            0x00..=0x1f => return None,
            _ => j += 1,
        }
    }
}

/// Skips the number starting at `start` (JSON grammar).
fn skip_number(b: &[u8], start: usize) -> Option<usize> {
    let digits = |mut j: usize| {
        let first = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        (j > first).then_some(j)
    };
    let mut j = start;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    j = match *b.get(j)? {
        b'0' => j + 1,
        b'1'..=b'9' => digits(j)?,
        _ => return None,
    };
    if b.get(j) == Some(&b'.') {
        j = digits(j + 1)?;
    }
    if let Some(b'e' | b'E') = b.get(j) {
        j += 1;
        if let Some(b'+' | b'-') = b.get(j) {
            j += 1;
        }
        j = digits(j)?;
    }
    Some(j)
}

/// Skips `literal` (`true`, `false` or `null`) at `start`.
fn skip_literal(b: &[u8], start: usize, literal: &[u8]) -> Option<usize> {
    let end = start + literal.len();
    (b.get(start..end)? == literal).then_some(end)
}

/// Value of four hex digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    if digits.len() != 4 {
        return None;
    }
    digits
        .iter()
        .try_fold(0, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
}

/// Decodes the escapes of the inside of a (syntactically valid) JSON string.
/// `None` if it holds a lone surrogate, which no Rust string can hold.
fn decode_escapes(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut plain = 0;
    let mut j = 0;
    while j < b.len() {
        if b[j] == b'\\' {
            out.push_str(raw.get(plain..j)?);
            let (c, next) = decode_escape(b, j)?;
            out.push(c);
            j = next;
            plain = j;
        } else {
            j += 1;
        }
    }
    out.push_str(raw.get(plain..)?);
    Some(out)
}

/// Decodes the escape whose backslash is at `j`: the character and the
/// offset just after the escape (a surrogate pair counts as one escape).
fn decode_escape(b: &[u8], j: usize) -> Option<(char, usize)> {
    let c = match *b.get(j + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(b.get(j + 2..j + 6)?)?;
            if !(0xD800..=0xDBFF).contains(&unit) {
                // Lone low surrogates are rejected by `from_u32`.
                return char::from_u32(unit).map(|c| (c, j + 6));
            }
            if b.get(j + 6..j + 8)? != b"\\u" {
                return None;
            }
            let low = hex4(b.get(j + 8..j + 12)?)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            let code = 0x1_0000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            return char::from_u32(code).map(|c| (c, j + 12));
        }
        _ => return None,
    };
    Some((c, j + 2))
}

#[cfg(test)]
mod tests {
    use super::{Pos, Seg, locate, locate_many};
    use proptest::prelude::*;
    use serde_json::Value;
    use std::fmt::Write as _;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    fn pos(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// `locate`, checked against `locate_many` (alone and with a decoy).
    fn loc(text: &str, path: &[Seg]) -> Option<Pos> {
        let one = locate(text, path);
        assert_eq!(locate_many(text, &[path.to_vec()]), vec![one], "{path:?}");
        let decoy = vec![key("no such key"), Seg::Index(7)];
        assert_eq!(
            locate_many(text, &[decoy, path.to_vec()])[1],
            one,
            "{path:?}"
        );
        one
    }

    /// Byte offset of `pos` in `text`.
    fn offset_of(text: &str, pos: Pos) -> usize {
        let line_start = if pos.line == 1 {
            0
        } else {
            text.match_indices('\n').nth(pos.line - 2).expect("line").0 + 1
        };
        line_start + pos.column - 1
    }

    /// Where `serde_json` reports the error in `text`.
    fn serde_error_pos(text: &str) -> Pos {
        let err = serde_json::from_str::<Value>(text).expect_err("text must be invalid");
        pos(err.line(), err.column())
    }

    // ---- column convention, checked against serde_json ----

    #[test]
    fn column_convention_matches_serde_json() {
        let cases: [(&str, Vec<Seg>); 5] = [
            (r#"{"a": [1, 2, x]}"#, vec![key("a"), Seg::Index(2)]),
            ("{\"中文\": [1, 2, x]}", vec![key("中文"), Seg::Index(2)]),
            ("{\"😀\":\t[\"é\", 2, x]}", vec![key("😀"), Seg::Index(2)]),
            (
                "{\n  \"中文\": [\"日本\",\r\n 2,   x]}",
                vec![key("中文"), Seg::Index(2)],
            ),
            ("\n\n  x", vec![]),
        ];
        for (text, path) in cases {
            let found = loc(text, &path).expect(text);
            assert_eq!(found, serde_error_pos(text), "{text}");
            assert_eq!(&text[offset_of(text, found)..][..1], "x");
        }
        assert_eq!(
            loc(r#"{"a": [1, 2, x]}"#, &[key("a"), Seg::Index(2)]),
            Some(pos(1, 14))
        );
        // 中文 is 6 bytes where `a` is 1, so x is 5 columns further right.
        assert_eq!(
            loc("{\"中文\": [1, 2, x]}", &[key("中文"), Seg::Index(2)]),
            Some(pos(1, 19))
        );
    }

    #[test]
    fn key_position_is_the_opening_quote() {
        let text = "{\"alloc\": {\"rokc\": 5}}";
        let found = loc(text, &[key("alloc"), key("rokc")]);
        assert_eq!(found, Some(pos(1, 12)));
        // serde_json agrees: an invalid character there is reported there.
        assert_eq!(
            serde_error_pos(&text.replacen("\"rokc", "xrokc", 1)),
            pos(1, 12)
        );

        let text = "{\n  \"nodes\": [\n    {\"id\": 1},\n    {\"id\": 2, \"id\": 3}\n  ]\n}";
        assert_eq!(loc(text, &[key("nodes")]), Some(pos(2, 3)));
        assert_eq!(loc(text, &[key("nodes"), Seg::Index(1)]), Some(pos(4, 5)));
        assert_eq!(
            loc(text, &[key("nodes"), Seg::Index(1), key("id")]),
            Some(pos(4, 6))
        );
        assert_eq!(loc(text, &[]), Some(pos(1, 1)));
    }

    // ---- behaviour ----

    #[test]
    fn top_level_value() {
        assert_eq!(loc("  \n [1]", &[]), Some(pos(2, 2)));
        assert_eq!(loc("  \n [1]", &[Seg::Index(0)]), Some(pos(2, 3)));
        assert_eq!(loc("7", &[]), Some(pos(1, 1)));
        assert_eq!(loc("", &[]), None);
        assert_eq!(loc(" \n\t\r ", &[]), None);
        assert_eq!(loc("]", &[]), None);
        // Trailing text after the top-level value is not looked at.
        assert_eq!(loc(r#"{"a": 1} garbage"#, &[key("a")]), Some(pos(1, 2)));
    }

    #[test]
    fn missing_paths() {
        let text = r#"{"a": [10, {"b": null}], "c": "s", "d": {}}"#;
        for path in [
            vec![key("x")],
            vec![Seg::Index(0)],
            vec![key("a"), Seg::Index(2)],
            vec![key("a"), key("b")],
            vec![key("a"), Seg::Index(0), Seg::Index(0)],
            vec![key("a"), Seg::Index(1), key("c")],
            vec![key("c"), Seg::Index(0)],
            vec![key("c"), key("s")],
            vec![key("d"), key("a")],
            vec![key("b")],
        ] {
            assert_eq!(loc(text, &path), None, "{path:?}");
        }
        assert_eq!(
            loc(text, &[key("a"), Seg::Index(1), key("b")]),
            Some(pos(1, 13))
        );
        assert_eq!(loc(text, &[key("d")]), Some(pos(1, 36)));
    }

    #[test]
    fn escaped_keys_are_decoded() {
        let text =
            r#"{"a\"b": 1, "\u0063": 2, "\ud83d\ude00": 3, "\\\/\n\t": 4, "x\u00e9y": 5, "中": 6}"#;
        let expected = [
            ("a\"b", 2),
            ("c", 13),
            ("😀", 26),
            ("\\/\n\t", 45),
            ("xéy", 60),
            ("中", 75),
        ];
        for (k, column) in expected {
            assert_eq!(loc(text, &[key(k)]), Some(pos(1, column)), "{k:?}");
        }
        // The raw (escaped) spelling is not the key.
        assert_eq!(loc(text, &[key("\\u0063")]), None);
    }

    #[test]
    fn lone_surrogate_keys_match_nothing() {
        let text = r#"{"\ud800": 1, "\udc00x": 2, "\ud800\u0041": 3, "ok": [4]}"#;
        for k in ["\u{fffd}", "\u{fffd}x", "\u{fffd}A", "x", "A"] {
            assert_eq!(loc(text, &[key(k)]), None, "{k:?}");
        }
        // ...but scanning goes on past them.
        assert_eq!(loc(text, &[key("ok"), Seg::Index(0)]), Some(pos(1, 55)));
    }

    #[test]
    fn duplicate_keys_first_occurrence_wins() {
        let text = r#"{"a": {"b": 1}, "a": {"c": 2}, "z": 0}"#;
        assert_eq!(loc(text, &[key("a")]), Some(pos(1, 2)));
        assert_eq!(loc(text, &[key("a"), key("b")]), Some(pos(1, 8)));
        assert_eq!(loc(text, &[key("a"), key("c")]), None);
        assert_eq!(loc(text, &[key("z")]), Some(pos(1, 32)));
        let paths = vec![
            vec![key("a"), key("c")],
            vec![key("a"), key("b")],
            vec![key("a")],
        ];
        assert_eq!(
            locate_many(text, &paths),
            vec![None, Some(pos(1, 8)), Some(pos(1, 2))]
        );
    }

    #[test]
    fn invalid_text_before_the_target() {
        for text in [
            r#"{"a": tru, "b": 1}"#,
            r#"{"a": 01, "b": 1}"#,
            r#"{"a": 1. , "b": 1}"#,
            r#"{"a": -, "b": 1}"#,
            r#"{"a": 1e, "b": 1}"#,
            r#"{"a": "x\q", "b": 1}"#,
            r#"{"a": "\u12g4", "b": 1}"#,
            "{\"a\": \"tab\there\", \"b\": 1}",
            r#"{"a": 1 "b": 1}"#,
            r#"{"a": [1,], "b": 1}"#,
            r#"{"a": 1,, "b": 1}"#,
            r#"{"a" 1, "b": 1}"#,
            r#"{"a": 1, b: 1}"#,
            r#"{"a": [1}, "b": 1}"#,
            r#"{"a": 1, "b"#,
        ] {
            assert_eq!(loc(text, &[key("b")]), None, "{text}");
            assert_eq!(loc(text, &[key("a")]), Some(pos(1, 2)), "{text}");
        }
        // Valid number and literal forms do not stop the scan.
        let text = r#"[0, -0, 1.5, -2e10, 3E+2, 4e-3, 0.0e0, true, false, null, "\/\b\f\n\r\t\"\\", {}, []]"#;
        assert_eq!(loc(text, &[Seg::Index(11)]), Some(pos(1, 79)));
        assert_eq!(loc(text, &[Seg::Index(12)]), Some(pos(1, 83)));
        assert_eq!(loc(text, &[Seg::Index(13)]), None);
    }

    #[test]
    fn locate_many_keeps_order_and_duplicates() {
        let text = "[\n  {\"a\": 1},\n  {\"b\": [true]}\n]";
        let paths = vec![
            vec![Seg::Index(1), key("b"), Seg::Index(0)],
            vec![],
            vec![Seg::Index(5)],
            vec![Seg::Index(0), key("a")],
            vec![Seg::Index(1), key("b"), Seg::Index(0)],
            vec![Seg::Index(1)],
        ];
        assert_eq!(
            locate_many(text, &paths),
            vec![
                Some(pos(3, 10)),
                Some(pos(1, 1)),
                None,
                Some(pos(2, 4)),
                Some(pos(3, 10)),
                Some(pos(3, 3)),
            ]
        );
        assert_eq!(locate_many(text, &[]), Vec::<Option<Pos>>::new());
    }

    // ---- depth and size ----

    #[test]
    fn very_deep_arrays_do_not_overflow() {
        let depth = 100_000;
        let text = "[".repeat(depth) + &"]".repeat(depth);
        let path = vec![Seg::Index(0); depth - 1];
        assert_eq!(loc(&text, &path), Some(pos(1, depth)));
        assert_eq!(loc(&text, &vec![Seg::Index(0); depth]), None);
        assert_eq!(loc(&text, &[Seg::Index(1)]), None);
        // Unterminated, even deeper.
        let text = "[".repeat(1_000_000);
        assert_eq!(loc(&text, &vec![Seg::Index(0); 10]), Some(pos(1, 11)));
        assert_eq!(loc(&text, &[Seg::Index(1)]), None);
    }

    #[test]
    fn very_deep_objects_do_not_overflow() {
        let depth = 100_000;
        let text = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
        let path = vec![key("a"); depth];
        assert_eq!(loc(&text, &path), Some(pos(1, 5 * depth - 3)));
        assert_eq!(loc(&text, &path[..1]), Some(pos(1, 2)));
        let mut too_deep = path.clone();
        too_deep.push(key("a"));
        assert_eq!(loc(&text, &too_deep), None);
    }

    #[test]
    fn large_document() {
        // ~5 MB: one object per line, positions recorded while building.
        let count = 50_000;
        let mut text = String::from("[\n");
        let mut name_columns = Vec::with_capacity(count);
        for i in 0..count {
            let line_start = text.len();
            write!(text, "  {{\"id\": \"n{i}\", \"vals\": [{i}, -{i}.5e1], ").unwrap();
            name_columns.push(text.len() - line_start + 1);
            let pad = "x".repeat(i % 30);
            write!(text, "\"tag\\u00e9\": \"中文{i}\", \"pad\": \"{pad}\"}}").unwrap();
            text.push_str(if i + 1 < count { ",\n" } else { "\n" });
        }
        text.push(']');
        assert!(text.len() > 4_000_000, "{}", text.len());

        let paths: Vec<Vec<Seg>> = (0..count)
            .map(|i| vec![Seg::Index(i), key("tagé")])
            .collect();
        let many = locate_many(&text, &paths);
        for (i, found) in many.iter().enumerate() {
            assert_eq!(*found, Some(pos(i + 2, name_columns[i])), "{i}");
        }
        // Value of the member: index into "vals".
        let last = count - 1;
        let found = locate(&text, &[Seg::Index(last), key("vals"), Seg::Index(1)]).unwrap();
        assert_eq!(found.line, count + 1);
        assert!(text[offset_of(&text, found)..].starts_with(&format!("-{last}.5e1]")));
        assert_eq!(locate(&text, &[Seg::Index(count)]), None);
        assert_eq!(locate(&text, &[Seg::Index(last), key("nope")]), None);
    }

    /// Not run by default: `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing only"]
    fn timing_50_mb() {
        let mut text = String::from("[");
        let mut i = 0;
        while text.len() < 50_000_000 {
            writeln!(
                text,
                "{{\"id\": \"n{i}\", \"vals\": [{i}, 2.5, true, null], \"s\": \"a\\\"b\\u00e9 中文\"}},"
            )
            .unwrap();
            i += 1;
        }
        text.push_str("{\"end\": 1}]");
        let start = std::time::Instant::now();
        let found = locate(&text, &[Seg::Index(i), key("end")]);
        let one = start.elapsed();
        let start = std::time::Instant::now();
        let many = locate_many(&text, &[vec![Seg::Index(i), key("end")], vec![key("x")]]);
        let both = start.elapsed();
        assert!(found.is_some());
        assert_eq!(many[0], found);
        println!("{} bytes: locate {one:?}, locate_many {both:?}", text.len());
    }

    // ---- property tests ----

    /// What the text at a located position must hold.
    enum Expect<'v> {
        Key(&'v str),
        Value(&'v Value),
    }

    /// Paths that exist, each with what it leads to.
    type Present<'v> = Vec<(Vec<Seg>, Expect<'v>)>;

    /// Every path in `doc` with what it leads to, and some paths that do
    /// not exist.
    fn paths_of(doc: &Value) -> (Present<'_>, Vec<Vec<Seg>>) {
        let mut present = Vec::new();
        let mut absent = Vec::new();
        let mut todo = vec![(Vec::new(), doc)];
        while let Some((path, value)) = todo.pop() {
            let with = |seg: Seg| {
                let mut p: Vec<Seg> = path.clone();
                p.push(seg);
                p
            };
            match value {
                Value::Array(items) => {
                    absent.push(with(Seg::Index(items.len())));
                    absent.push(with(key("0")));
                    for (i, item) in items.iter().enumerate() {
                        todo.push((with(Seg::Index(i)), item));
                    }
                }
                Value::Object(map) => {
                    absent.push(with(Seg::Index(0)));
                    let mut missing = String::from("missing");
                    while map.contains_key(&missing) {
                        missing.push('!');
                    }
                    absent.push(with(Seg::Key(missing)));
                    for (k, v) in map {
                        let p = with(Seg::Key(k.clone()));
                        present.push((p.clone(), Expect::Key(k)));
                        todo.push((p, v));
                    }
                }
                _ => {
                    absent.push(with(Seg::Index(0)));
                    absent.push(with(key("")));
                }
            }
            if !matches!(path.last(), Some(Seg::Key(_))) {
                present.push((path, Expect::Value(value)));
            }
        }
        (present, absent)
    }

    /// Checks every path of the valid JSON `text`.
    fn check_document(text: &str) {
        let doc: Value = serde_json::from_str(text).expect("valid JSON");
        let (present, absent) = paths_of(&doc);
        let mut all: Vec<Vec<Seg>> = present.iter().map(|(p, _)| p.clone()).collect();
        all.extend(absent.iter().cloned());
        let many = locate_many(text, &all);

        for (i, (path, expect)) in present.iter().enumerate() {
            let found = locate(text, path);
            assert_eq!(found, many[i], "{path:?}");
            let found = found.unwrap_or_else(|| panic!("{path:?} not found in {text}"));
            let at = offset_of(text, found);
            let rest = &text[at..];
            match expect {
                Expect::Key(k) => {
                    assert!(rest.starts_with('"'), "{path:?}: {rest}");
                    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
                    assert_eq!(stream.next().unwrap().unwrap(), *k);
                }
                Expect::Value(v) => {
                    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
                    assert_eq!(&stream.next().unwrap().unwrap(), *v, "{path:?}");
                }
            }
            // An invalid character put there is reported there by serde_json.
            let mut broken = text.to_owned();
            broken.replace_range(at..=at, "x");
            assert_eq!(serde_error_pos(&broken), found, "{path:?}");
            if let Expect::Value(_) = expect {
                assert_eq!(locate(&broken, path), Some(found), "{path:?}");
            }
        }
        for (path, found) in absent.iter().zip(&many[present.len()..]) {
            assert_eq!(locate(text, path), None, "{path:?}");
            assert_eq!(*found, None, "{path:?}");
        }
    }

    fn arb_key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-c]{0,2}",
            "[a\"\\\\/\u{0}-\u{1f}é中😀\u{7f}\u{2028}]{0,4}",
            any::<String>(),
        ]
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
                .map(Value::Number)),
            arb_key().prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 80, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((arb_key(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    /// A JSON writer of its own, with chosen whitespace between all tokens
    /// and optionally every string character written as a `\u` escape
    /// (surrogate pairs beyond the BMP).
    struct Writer<'a> {
        out: String,
        spaces: &'a [&'static str],
        next_space: usize,
        escape_all: bool,
    }

    impl Writer<'_> {
        fn space(&mut self) {
            if !self.spaces.is_empty() {
                self.out
                    .push_str(self.spaces[self.next_space % self.spaces.len()]);
                self.next_space += 1;
            }
        }

        fn string(&mut self, s: &str) {
            self.out.push('"');
            for c in s.chars() {
                match c {
                    _ if self.escape_all => {
                        for unit in c.encode_utf16(&mut [0; 2]) {
                            write!(self.out, "\\u{unit:04X}").unwrap();
                        }
                    }
                    '"' => self.out.push_str("\\\""),
                    '\\' => self.out.push_str("\\\\"),
                    '/' => self.out.push_str("\\/"),
                    '\n' => self.out.push_str("\\n"),
                    '\u{0}'..='\u{1f}' => write!(self.out, "\\u{:04x}", u32::from(c)).unwrap(),
                    _ => self.out.push(c),
                }
            }
            self.out.push('"');
        }

        fn value(&mut self, v: &Value) {
            self.space();
            match v {
                Value::Array(items) => {
                    self.out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            self.out.push(',');
                        }
                        self.value(item);
                    }
                    self.space();
                    self.out.push(']');
                }
                Value::Object(map) => {
                    self.out.push('{');
                    for (i, (k, item)) in map.iter().enumerate() {
                        if i > 0 {
                            self.out.push(',');
                        }
                        self.space();
                        self.string(k);
                        self.space();
                        self.out.push(':');
                        self.value(item);
                    }
                    self.space();
                    self.out.push('}');
                }
                Value::String(s) => self.string(s),
                other => self.out.push_str(&other.to_string()),
            }
            self.space();
        }
    }

    /// Text that looks a bit like JSON, to reach deeper into the scanner.
    fn jsonish() -> impl Strategy<Value = String> {
        let tokens = vec![
            "{", "}", "[", "]", "\"", "\"a\"", "\"b\"", ",", ":", "\\", "\\u", "d83d", "de00",
            "\\ud800", "\\\"", "0", "1", "-", ".", "e", "+", "true", "fals", "null", " ", "\n",
            "\t", "a", "中", "😀", "\u{1}",
        ];
        prop::collection::vec(prop::sample::select(tokens), 0..60).prop_map(|t| t.concat())
    }

    fn arb_path() -> impl Strategy<Value = Vec<Seg>> {
        let seg = prop_oneof![
            (0..3usize).prop_map(Seg::Index),
            prop::sample::select(vec!["a", "b", "", "\u{fffd}", "😀"]).prop_map(key),
        ];
        prop::collection::vec(seg, 0..5)
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(
            text in prop_oneof![any::<String>(), jsonish()],
            paths in prop::collection::vec(arb_path(), 0..6),
        ) {
            let many = locate_many(&text, &paths);
            prop_assert_eq!(many.len(), paths.len());
            for (path, found) in paths.iter().zip(&many) {
                prop_assert_eq!(locate(&text, path), *found);
                if let Some(p) = found {
                    prop_assert!(p.line >= 1 && p.column >= 1);
                    prop_assert!(offset_of(&text, *p) < text.len());
                }
            }
        }

        #[test]
        fn finds_every_path_pretty_and_compact(doc in arb_value()) {
            check_document(&serde_json::to_string(&doc).unwrap());
            check_document(&serde_json::to_string_pretty(&doc).unwrap());
        }

        #[test]
        fn finds_every_path_with_odd_spacing_and_escapes(
            doc in arb_value(),
            spaces in prop::collection::vec(
                prop::sample::select(vec!["", " ", "\n", "\t", "\r\n", " \n\t "]),
                0..7,
            ),
            escape_all in any::<bool>(),
        ) {
            let mut writer = Writer { out: String::new(), spaces: &spaces, next_space: 0, escape_all };
            writer.value(&doc);
            check_document(&writer.out);
        }

        #[test]
        fn a_prefix_finds_the_same_or_nothing(doc in arb_value(), cut in any::<prop::sample::Index>()) {
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let parsed: Value = serde_json::from_str(&text).unwrap();
            let paths: Vec<Vec<Seg>> = paths_of(&parsed).0.into_iter().map(|(p, _)| p).collect();
            let full = locate_many(&text, &paths);
            let mut end = cut.index(text.len() + 1);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let prefix = &text[..end];
            let partial = locate_many(prefix, &paths);
            for ((path, f), p) in paths.iter().zip(&full).zip(&partial) {
                prop_assert_eq!(locate(prefix, path), *p);
                prop_assert!(p.is_none() || p == f, "{:?}: {:?} vs {:?}", path, p, f);
            }
        }
    }
}
