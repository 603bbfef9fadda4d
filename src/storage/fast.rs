//! The plan file read the fast way: the plan is built as the parser reads
//! it, node by node, with no tree of the whole document in between (half
//! the memory of a big plan's load, and less time).
//!
//! Any surprise (a problem, a field out of the usual order, a field after
//! `nodes`) gives up: the file is then read by the full reader in
//! [`super::format`], which says what is wrong and where. On a good file the
//! plan is the same as the full reader builds ([`validate::add_node`] keeps
//! the rules and the order of [`validate::build_with`]).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::format::{Alloc, BatchDoc, FORMAT_NAME, FORMAT_VERSION, Object, QuotaDoc};
use crate::core::layout::Batch;
use crate::core::model::{Meta, NodeIx, Plan, ROOT};
use crate::core::validate::{self, NodeInput, QuotaInput};

/// Why the fast reader gave up (never shown: the full reader speaks).
const GIVE_UP: &str = "read again with the full reader";

fn give_up<E: de::Error>() -> E {
    E::custom(GIVE_UP)
}

/// The plan in `text`, or None when the full reader should read it.
pub fn parse(text: &str) -> Option<Plan> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(body);
    let plan = de.deserialize_map(Top { starts: None }).ok()?;
    de.end().ok()?;
    Some(plan)
}

/// Where each node's object starts in the text it was read from (the byte
/// of its `{`), by node index, as the reader saw it go by: problems found
/// in the plan are then placed without a second scan of the text.
#[derive(Debug, Default)]
pub struct Starts(Vec<usize>);

/// Not known (an id with escapes, or not the node's first field).
const UNKNOWN: usize = usize::MAX;

impl Starts {
    /// The byte where node `n`'s object starts, if the reader saw it.
    #[must_use]
    pub fn of(&self, n: NodeIx) -> Option<usize> {
        self.0.get(n.0).copied().filter(|&a| a != UNKNOWN)
    }
}

/// Records [`Starts`] while reading `text`.
struct Recorder<'t> {
    text: &'t [u8],
    starts: Starts,
}

impl Recorder<'_> {
    /// Record node `n`, whose id's text begins at address `id_at` (of a
    /// string borrowed from the text), if it is `{"id": "` before it.
    fn record(&mut self, n: NodeIx, id_at: Option<usize>) {
        let at = &mut self.starts.0;
        if at.len() <= n.0 {
            at.resize(n.0 + 1, UNKNOWN);
        }
        let base = self.text.as_ptr() as usize;
        let Some(q) = id_at
            .filter(|&a| a > base && a <= base + self.text.len())
            .map(|a| a - base)
        else {
            return;
        };
        let t = self.text;
        let back = |mut i: usize| {
            while i > 0 && matches!(t[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
                i -= 1;
            }
            i
        };
        // `{`, space, `"id"`, space, `:`, space, `"`, then the id at q.
        let quote = q - 1;
        if t[quote] != b'"' {
            return;
        }
        let colon = back(quote);
        if colon == 0 || t[colon - 1] != b':' {
            return;
        }
        let key_end = back(colon - 1);
        if key_end < 4 || &t[key_end - 4..key_end] != b"\"id\"" {
            return;
        }
        let brace = back(key_end - 4);
        if brace > 0 && t[brace - 1] == b'{' {
            at[n.0] = brace - 1;
        }
    }
}

/// The plan in `text` with where each node starts in it (after a
/// byte-order mark, as the reader's positions count), or None when the full
/// reader should read it.
pub fn parse_located(text: &str) -> Option<(Plan, Starts)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rec = Recorder {
        text: body.as_bytes(),
        starts: Starts::default(),
    };
    let mut de = serde_json::Deserializer::from_str(body);
    let plan = de
        .deserialize_map(Top {
            starts: Some(&mut rec),
        })
        .ok()?;
    de.end().ok()?;
    Some((plan, rec.starts))
}

/// The plan in the file at `path`, read as a stream (the file's text is
/// never held whole: a big plan's load takes about the plan's own memory),
/// with the file's content hash ([`super::safe::content_hash`] of every
/// byte); None when the full reader should read it.
///
/// The file is read in big chunks; each top-level node (with its subtree)
/// is cut out of them by a scan of its brackets and strings and parsed as
/// a whole slice, which is as fast as parsing the whole text, while only
/// one top-level node's text is held at a time.
pub fn read(path: &std::path::Path) -> Option<(Plan, u64)> {
    read_in(path, CHUNK)
}

/// How much [`read`] reads at a time.
const CHUNK: usize = 1 << 20;

/// [`read`], `chunk` bytes at a time. The content hash is worked out on a
/// thread of its own from copies of the chunks, beside the parse (it goes
/// byte by byte: at 1,000,000 nodes a quarter of a second).
fn read_in(path: &std::path::Path, chunk: usize) -> Option<(Plan, u64)> {
    let (file, _) = super::file::open_regular(path, None).ok()?;
    std::thread::scope(|s| {
        let (to_hash, chunks) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
        let hasher = s.spawn(move || {
            chunks
                .into_iter()
                .fold(super::safe::content_hash(&[]), |h, c| {
                    super::safe::content_hash_more(h, &c)
                })
        });
        let plan = read_hashed(file, to_hash, chunk);
        let hash = hasher.join().ok()?;
        Some((plan?, hash))
    })
}

/// The plan in `file`, each chunk read also sent to `to_hash`.
fn read_hashed(
    file: std::fs::File,
    to_hash: std::sync::mpsc::SyncSender<Vec<u8>>,
    chunk: usize,
) -> Option<Plan> {
    let mut src = Chunks {
        inner: Hashed {
            inner: file,
            to_hash,
            pending: Vec::new(),
        },
        buf: Vec::new(),
        at: 0,
        eof: false,
        chunk,
    };
    src.fill()?;
    if src.buf.starts_with(b"\xEF\xBB\xBF") {
        src.at = 3;
    }
    let Found::Nodes(nodes_at) = src.find_nodes()? else {
        // No `nodes` (or not where this reader looks): the whole text.
        while !src.eof {
            src.fill()?;
        }
        let text = std::str::from_utf8(&src.buf[src.at..]).ok()?;
        return parse(text);
    };
    let mut plan = head_plan(&src.buf[src.at..nodes_at.key])?;
    src.at = nodes_at.bracket + 1;
    let mut first = true;
    loop {
        match src.next_non_space()? {
            b']' if first => break,
            b'{' => {
                let end = src.value_end()?;
                let slice = &src.buf[src.at..end];
                let mut de = serde_json::Deserializer::from_slice(slice);
                OneNode {
                    plan: &mut plan,
                    parent: ROOT,
                    depth: 1,
                    starts: None,
                }
                .deserialize(&mut de)
                .ok()?;
                de.end().ok()?;
                src.at = end;
            }
            _ => return None,
        }
        first = false;
        match src.next_non_space()? {
            b',' => {
                src.at += 1;
                if src.next_non_space()? != b'{' {
                    return None;
                }
            }
            b']' => break,
            _ => return None,
        }
    }
    // `]`, then the end of the top-level object, then only white space.
    src.at += 1;
    if src.next_non_space()? != b'}' {
        return None;
    }
    src.at += 1;
    match src.next_non_space() {
        None if src.eof && src.at == src.buf.len() => {
            validate::finish_adding(&mut plan);
            Some(plan)
        }
        _ => None,
    }
}

/// The plan with the quotas of `head` (the top-level object up to its
/// `nodes` key) and no nodes yet.
fn head_plan(head: &[u8]) -> Option<Plan> {
    // The fields before `nodes` and the comma after them.
    let head = head.trim_ascii_end().strip_suffix(b",")?;
    let mut text = head.to_vec();
    text.push(b'}');
    let mut de = serde_json::Deserializer::from_slice(&text);
    let plan = de.deserialize_map(Top { starts: None }).ok()?;
    de.end().ok()?;
    Some(plan)
}

/// What the top-level object holds.
enum Found {
    /// A list of nodes, there.
    Nodes(NodesAt),
    /// No `nodes` key.
    NoNodes,
}

/// Where the top-level `nodes` key's opening quote and its list's `[` are.
struct NodesAt {
    key: usize,
    bracket: usize,
}

/// A file read in chunks: `buf[at..]` is read and not yet used.
struct Chunks<R> {
    inner: Hashed<R>,
    buf: Vec<u8>,
    at: usize,
    eof: bool,
    chunk: usize,
}

impl<R: std::io::Read> Chunks<R> {
    /// Read the next chunk, dropping what was used before it once that is
    /// a chunk's worth; None on a read error.
    fn fill(&mut self) -> Option<()> {
        if self.at >= self.chunk {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        self.grow()
    }

    /// Read the next chunk after what the buffer holds.
    fn grow(&mut self) -> Option<()> {
        use std::io::Read;
        let old = self.buf.len();
        self.buf.resize(old + self.chunk, 0);
        let mut got = 0;
        while old + got < self.buf.len() {
            match self.inner.read(&mut self.buf[old + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        self.buf.truncate(old + got);
        Some(())
    }

    /// The next byte that is not white space (left unread), or None at the
    /// end of the file or on a read error.
    fn next_non_space(&mut self) -> Option<u8> {
        loop {
            while let Some(&b) = self.buf.get(self.at) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Some(b);
                }
                self.at += 1;
            }
            if self.eof {
                return None;
            }
            self.fill()?;
        }
    }

    /// The end (one past its closing bracket) of the object or list that
    /// starts at `at`, reading on as needed; None if the file ends first.
    fn value_end(&mut self) -> Option<usize> {
        let mut i = self.at;
        let mut depth = 0usize;
        let mut in_string = false;
        loop {
            // Offsets from `at`, which a fill may move.
            let from = self.at;
            let bytes = &self.buf;
            while i < bytes.len() {
                if in_string {
                    // To the closing quote, past escapes.
                    match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                        Some(k) if bytes[i + k] == b'"' => {
                            in_string = false;
                            i += k + 1;
                        }
                        Some(k) => i += k + 2,
                        None => i = bytes.len(),
                    }
                    continue;
                }
                let b = bytes[i];
                i += 1;
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => {}
                }
            }
            if self.eof {
                return None;
            }
            // An escape's second byte may lie past the end: `i` says so.
            let back = i - from;
            self.fill()?;
            i = self.at + back;
        }
    }

    /// Find the top-level object's `nodes` key and its list, reading on
    /// as needed; None when the text is not what this reader reads.
    fn find_nodes(&mut self) -> Option<Found> {
        let mut i = self.at;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut string_start = 0;
        // The last string at depth 1, and whether a `:` made it a key.
        let mut last: Option<(usize, usize)> = None;
        let mut key: Option<(usize, usize)> = None;
        loop {
            while let Some(&b) = self.buf.get(i) {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 1 {
                            last = Some((string_start, i + 1));
                        }
                    }
                    i += 1;
                    continue;
                }
                let is_nodes = key.is_some_and(|(s, e)| &self.buf[s..e] == b"\"nodes\"");
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' => {}
                    b'[' if depth == 1 && is_nodes => {
                        let (s, _) = key?;
                        return Some(Found::Nodes(NodesAt { key: s, bracket: i }));
                    }
                    _ if depth == 1 && is_nodes => return None,
                    b'"' => {
                        in_string = true;
                        string_start = i;
                    }
                    b':' if depth == 1 => key = last.take(),
                    b',' if depth == 1 => key = None,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(Found::NoNodes);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            if self.eof {
                return None;
            }
            // The head stays where it is in the buffer.
            self.grow()?;
        }
    }
}

/// A reader that sends a copy of what it reads to be hashed, 64 KiB or
/// more at a time (the rest at the end of the file).
struct Hashed<R> {
    inner: R,
    to_hash: std::sync::mpsc::SyncSender<Vec<u8>>,
    pending: Vec<u8>,
}

impl<R: std::io::Read> std::io::Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending.extend_from_slice(&buf[..n]);
        if (n == 0 && !self.pending.is_empty()) || self.pending.len() >= 1 << 16 {
            self.to_hash
                .send(std::mem::take(&mut self.pending))
                .map_err(|_| std::io::Error::other("the hashing thread stopped"))?;
        }
        Ok(n)
    }
}

/// A key this reader knows, read without a copy.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Format,
    Version,
    Title,
    Year,
    Unit,
    Levels,
    Batches,
    Quotas,
    Nodes,
    Id,
    Name,
    Alloc,
    Locked,
    Note,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "format" => Key::Format,
                    "version" => Key::Version,
                    "title" => Key::Title,
                    "year" => Key::Year,
                    "unit" => Key::Unit,
                    "levels" => Key::Levels,
                    "batches" => Key::Batches,
                    "quotas" => Key::Quotas,
                    "nodes" => Key::Nodes,
                    "id" => Key::Id,
                    "name" => Key::Name,
                    "alloc" => Key::Alloc,
                    "locked" => Key::Locked,
                    "note" => Key::Note,
                    // Anything else: the full reader says what it is.
                    _ => return Err(give_up()),
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The top-level object (and where its nodes start, if asked).
struct Top<'s, 't> {
    starts: Option<&'s mut Recorder<'t>>,
}

/// What comes before `nodes`: each field once (the outer `Option`), some
/// of them `null` (the inner one).
#[derive(Default)]
#[allow(clippy::option_option, reason = "given once, and maybe null")]
struct Head {
    format: Option<String>,
    version: Option<u64>,
    title: Option<Option<String>>,
    year: Option<Option<i64>>,
    unit: Option<Option<String>>,
    levels: Option<Option<Vec<String>>>,
    batches: Option<Option<Vec<Object<BatchDoc>>>>,
    quotas: Option<Vec<Object<QuotaDoc>>>,
}

impl Head {
    /// The plan with its quotas and no nodes yet, if the head is good.
    fn plan(self) -> Option<Plan> {
        if self.format.as_deref() != Some(FORMAT_NAME) {
            return None;
        }
        let version = self.version?;
        if !(1..=FORMAT_VERSION).contains(&version) {
            return None;
        }
        let quotas = self.quotas?;
        let batches = self.batches.flatten();
        if version == 1
            && (batches.is_some()
                || quotas
                    .iter()
                    .any(|Object(q)| q.unit.is_some() || q.sum_of.is_some()))
        {
            return None;
        }
        let meta = Meta {
            title: self.title.flatten(),
            year: self.year.flatten(),
            unit: self.unit.flatten(),
            levels: self
                .levels
                .flatten()
                .unwrap_or_else(|| Meta::default().levels),
        };
        let batches: Vec<Batch> = batches
            .unwrap_or_default()
            .into_iter()
            .map(|Object(b)| b.into_batch())
            .collect();
        let quotas: Vec<QuotaInput> = quotas.into_iter().map(|Object(q)| q.into_input()).collect();
        validate::build_with(meta, batches, &quotas, Vec::new()).ok()
    }
}

/// Set a field once: a second time gives up (the full reader refuses it).
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(give_up());
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = Plan;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plan")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Plan, A::Error> {
        let mut head = Head::default();
        let mut plan: Option<Plan> = None;
        while let Some(key) = map.next_key::<Key>()? {
            if plan.is_some() {
                // Nothing after the nodes (the full reader takes any order).
                return Err(give_up());
            }
            match key {
                Key::Format => once(&mut head.format, map.next_value()?)?,
                Key::Version => once(&mut head.version, map.next_value()?)?,
                Key::Title => once(&mut head.title, map.next_value()?)?,
                Key::Year => once(&mut head.year, map.next_value()?)?,
                Key::Unit => once(&mut head.unit, map.next_value()?)?,
                Key::Levels => once(&mut head.levels, map.next_value()?)?,
                Key::Batches => once(&mut head.batches, map.next_value()?)?,
                Key::Quotas => once(&mut head.quotas, map.next_value()?)?,
                Key::Nodes => {
                    let mut p = std::mem::take(&mut head).plan().ok_or_else(give_up)?;
                    map.next_value_seed(Nodes {
                        plan: &mut p,
                        parent: ROOT,
                        depth: 1,
                        starts: self.starts.as_deref_mut(),
                    })?;
                    validate::finish_adding(&mut p);
                    plan = Some(p);
                }
                _ => return Err(give_up()),
            }
        }
        match plan {
            Some(p) => Ok(p),
            None => head.plan().ok_or_else(give_up),
        }
    }
}

/// A list of nodes under `parent`, at `depth`.
struct Nodes<'p, 't> {
    plan: &'p mut Plan,
    parent: NodeIx,
    depth: usize,
    starts: Option<&'p mut Recorder<'t>>,
}

impl<'de> DeserializeSeed<'de> for Nodes<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Nodes<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of nodes")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(OneNode {
                plan: &mut *self.plan,
                parent: self.parent,
                depth: self.depth,
                starts: self.starts.as_deref_mut(),
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// One node (and its subtree) under `parent`.
struct OneNode<'p, 't> {
    plan: &'p mut Plan,
    parent: NodeIx,
    depth: usize,
    starts: Option<&'p mut Recorder<'t>>,
}

impl<'de> DeserializeSeed<'de> for OneNode<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl OneNode<'_, '_> {
    /// Add the node read so far to the plan.
    fn add<E: de::Error>(&mut self, fields: &mut Fields) -> Result<NodeIx, E> {
        let input = NodeInput {
            id: fields.id.take().ok_or_else(give_up)?,
            name: fields.name.take().ok_or_else(give_up)?,
            alloc: fields.alloc.take().map(|a| a.0).unwrap_or_default(),
            locked: fields.locked.unwrap_or(false),
            note: fields.note.take().flatten(),
            nodes: Vec::new(),
        };
        let n =
            validate::add_node(self.plan, self.parent, input, self.depth).ok_or_else(give_up)?;
        if let Some(starts) = self.starts.as_deref_mut() {
            starts.record(n, fields.id_at);
        }
        Ok(n)
    }
}

/// An id as read: borrowed from the text when it has no escapes.
enum IdText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> de::Deserialize<'de> for IdText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IdText::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IdText::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(IdText::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// A node's fields as read (the outer `Option`: given, once).
#[derive(Default)]
#[allow(clippy::option_option, reason = "given once, and maybe null")]
struct Fields {
    id: Option<String>,
    /// The address of the id's text, when it was borrowed from the text.
    id_at: Option<usize>,
    name: Option<String>,
    alloc: Option<Alloc>,
    locked: Option<bool>,
    note: Option<Option<String>>,
}

impl<'de> Visitor<'de> for OneNode<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a node")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut fields = Fields::default();
        let mut added: Option<NodeIx> = None;
        while let Some(key) = map.next_key::<Key>()? {
            if added.is_some() {
                // A field after the children: the full reader takes it.
                return Err(give_up());
            }
            match key {
                Key::Id => {
                    let id = match map.next_value::<IdText<'de>>()? {
                        IdText::Borrowed(s) => {
                            fields.id_at = Some(s.as_ptr() as usize);
                            s.to_owned()
                        }
                        IdText::Owned(s) => s,
                    };
                    once(&mut fields.id, id)?;
                }
                Key::Name => once(&mut fields.name, map.next_value()?)?,
                Key::Alloc => once(&mut fields.alloc, map.next_value()?)?,
                Key::Locked => once(&mut fields.locked, map.next_value()?)?,
                Key::Note => once(&mut fields.note, map.next_value()?)?,
                Key::Nodes => {
                    let n = self.add(&mut fields)?;
                    map.next_value_seed(Nodes {
                        plan: &mut *self.plan,
                        parent: n,
                        depth: self.depth + 1,
                        starts: self.starts.as_deref_mut(),
                    })?;
                    added = Some(n);
                }
                _ => return Err(give_up()),
            }
        }
        if added.is_none() {
            self.add(&mut fields)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::format::{parse_unchecked, to_json};

    /// The full reader's plan, written out (plans compare by their file).
    fn full(text: &str) -> String {
        to_json(&parse_unchecked(text).expect("a good plan"))
    }

    #[test]
    fn a_good_file_gives_the_plan_the_full_reader_builds() {
        let texts = [
            include_str!("../../config/sample-plan.json").to_owned(),
            include_str!("../../config/example-2018-provinces.json").to_owned(),
            to_json(&crate::report::generate::generate(3_000, 3, 11)),
            to_json(&crate::report::generate::generate(500, 1, 2)),
        ];
        for text in &texts {
            let fast = parse(text).expect("read fast");
            assert_eq!(to_json(&fast), full(text));
            assert_eq!(fast.audit(), Ok(()));
            assert_eq!(
                fast.structure_version(),
                parse_unchecked(text).unwrap().structure_version()
            );
        }
        // A byte-order mark, escapes, a note, a lock, a plan without nodes.
        let odd = "\u{feff}{\"format\":\"allot-plan\",\"version\":1,\"title\":\"a\\\"b\",\
            \"quotas\":[{\"id\":\"rock\",\"name\":\"R\",\"total\":10}],\
            \"nodes\":[{\"id\":\"x\\u0041\",\"name\":\"n\\n\",\"alloc\":{\"rock\":4},\
            \"locked\":true,\"note\":\"hi\"}]}";
        assert_eq!(to_json(&parse(odd).unwrap()), full(odd));
        let bare =
            r#"{"format":"allot-plan","version":1,"quotas":[{"id":"rock","name":"R","total":1}]}"#;
        assert_eq!(to_json(&parse(bare).unwrap()), full(bare));
    }

    #[test]
    fn a_file_read_as_a_stream_gives_the_same_plan_and_the_files_hash() {
        let dir = tempfile::tempdir().unwrap();
        let sample = include_str!("../../config/sample-plan.json");
        for (name, bytes) in [
            ("plain.json", sample.as_bytes().to_vec()),
            (
                "bom.json",
                [b"\xEF\xBB\xBF".as_slice(), sample.as_bytes()].concat(),
            ),
            (
                "spaced.json",
                [sample.as_bytes(), b"\n\n  \n".as_slice()].concat(),
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let (plan, hash) = read(&path).expect("read as a stream");
            assert_eq!(hash, crate::storage::safe::content_hash(&bytes), "{name}");
            assert_eq!(to_json(&plan), full(sample), "{name}");
        }
        // Cut into chunks anywhere: inside strings, escapes, numbers, the
        // head, between nodes; pretty or on one line; a plan without
        // nodes, with an empty list of them.
        let generated = to_json(&crate::report::generate::generate(300, 3, 9));
        let one_line: String = generated.lines().map(str::trim_start).collect();
        let escaped = generated.replacen("\"name\": \"", "\"name\": \"\\u0041\\\"\\\\", 7);
        let bare =
            r#"{"format":"allot-plan","version":1,"quotas":[{"id":"rock","name":"R","total":1}]}"#;
        let empty = r#"{"format":"allot-plan","version":1,"quotas":[{"id":"rock","name":"R","total":1}],"nodes":[ ]}"#;
        for text in [&generated, &one_line, &escaped, bare, empty, sample] {
            let path = dir.path().join("chunked.json");
            std::fs::write(&path, text).unwrap();
            let want = full(text);
            for chunk in [1, 2, 7, 64, 4096, 1 << 20] {
                let (plan, hash) = read_in(&path, chunk).expect("read in chunks");
                assert_eq!(to_json(&plan), want, "chunk {chunk}");
                assert_eq!(plan.audit(), Ok(()), "chunk {chunk}: sums and counts");
                assert_eq!(parse(text).map(|p| p.audit()), Some(Ok(())));
                assert_eq!(hash, crate::storage::safe::content_hash(text.as_bytes()));
            }
        }
        // Anything else is left to the full reader.
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\"format\":\"allot-plan\",\xFF}").unwrap();
        assert!(read(&bad).is_none());
        assert!(read(dir.path()).is_none(), "a directory");
    }

    #[test]
    fn anything_unusual_is_left_to_the_full_reader() {
        let q = r#""quotas":[{"id":"rock","name":"R","total":10}]"#;
        let node = r#"{"id":"a","name":"A","alloc":{"rock":4}}"#;
        for text in [
            // Problems the full reader words.
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node},{node}]}}"#),
            format!(
                r#"{{"format":"allot-plan","version":1,{q},"nodes":[{{"id":"a","name":"A","colour":1}}]}}"#
            ),
            format!(
                r#"{{"format":"allot-plan","version":1,{q},"nodes":[{{"id":"a","name":"A","alloc":{{"ion":1}}}}]}}"#
            ),
            format!(r#"{{"format":"allot-plan","version":9,{q}}}"#),
            format!(r#"{{"format":"allot-plan","version":1,"version":1,{q}}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}]}} x"#),
            // Good files in an unusual order: read, but by the full reader.
            format!(r#"{{"nodes":[{node}],"format":"allot-plan","version":1,{q}}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}],"title":"t"}}"#),
            format!(
                r#"{{"format":"allot-plan","version":1,{q},"nodes":[{{"id":"a","nodes":[],"name":"A"}}]}}"#
            ),
            // What the streamed reader must not take for a plan.
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node},]}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[,{node}]}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}{node}]}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}]"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":null}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[1]}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q},"nodes":[{node}]}}}}"#),
            format!(r#"{{"format":"allot-plan","version":1,{q}"nodes":[{node}]}}"#),
            format!(r#"{{"format":"allot-plan","version":1,,{q},"nodes":[{node}]}}"#),
            format!(
                r#"{{"format":"allot-plan","version":1,{q},"nodes":[{{"id":"a","name":"A\"}}]}}"#
            ),
        ] {
            assert!(parse(&text).is_none(), "{text}");
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("unusual.json");
            std::fs::write(&path, &text).unwrap();
            for chunk in [3, 1 << 20] {
                assert!(read_in(&path, chunk).is_none(), "{chunk}: {text}");
            }
        }
    }
}
