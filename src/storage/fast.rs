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
pub fn read(path: &std::path::Path) -> Option<(Plan, u64)> {
    use std::io::{BufReader, Read};
    let (file, _) = super::file::open_regular(path, None).ok()?;
    let mut hashed = Hashed {
        inner: file,
        hash: super::safe::content_hash(&[]),
    };
    let mut bom = [0u8; 3];
    let mut got = 0;
    while got < 3 {
        match hashed.read(&mut bom[got..]).ok()? {
            0 => break,
            n => got += n,
        }
    }
    // A byte-order mark is not content; other first bytes are.
    let start: &[u8] = if bom[..got] == *b"\xEF\xBB\xBF" {
        &[]
    } else {
        &bom[..got]
    };
    let mut reader = BufReader::with_capacity(1 << 16, start.chain(hashed));
    let mut de = serde_json::Deserializer::from_reader(&mut reader);
    let plan = de.deserialize_map(Top { starts: None }).ok()?;
    de.end().ok()?;
    // Whatever is left (nothing but white space, as `end` saw) is hashed.
    std::io::copy(&mut reader, &mut std::io::sink()).ok()?;
    let hash = reader.into_inner().into_inner().1.hash;
    Some((plan, hash))
}

/// A reader that hashes what it reads (FNV-1a, as the content hash).
struct Hashed<R> {
    inner: R,
    hash: u64,
}

impl<R: std::io::Read> std::io::Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash = super::safe::content_hash_more(self.hash, &buf[..n]);
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
        ] {
            assert!(parse(&text).is_none(), "{text}");
        }
    }
}
