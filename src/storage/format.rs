//! The plan file format, versions 1 and 2: reading with precise errors, and
//! writing the canonical pretty form (2-space indent, fixed key order, zero
//! values omitted, trailing newline). A plan without batches, units of its
//! own kinds or derived kinds is written as version 1, byte for byte as
//! before; anything else as version 2.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::fast::Starts;
use super::locate::{Seg, locate_many, positions_of};
use crate::core::amount::{MAX_AMOUNT, group_thousands};
use crate::core::layout::Batch;
use crate::core::model::{MAX_DEPTH, Meta, NodeIx, Plan, ROOT};
use crate::core::validate::{self, Amounts, BuildError, NodeInput, Place, QuotaInput, QuotaKey};

/// The value of the `format` field.
pub const FORMAT_NAME: &str = "allot-plan";
/// The newest format version this build reads and writes (it reads every
/// version from 1).
pub const FORMAT_VERSION: u64 = 2;

/// One problem found while reading a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in bytes, like `serde_json`), when known.
    pub column: Option<usize>,
    /// What kind of problem (its name, `LoadKind::as_str`, is the
    /// machine-readable `kind` of `allot check --format json`).
    pub kind: LoadKind,
    /// What is wrong and, where useful, what to do.
    pub message: String,
}

/// The kind of a problem reading a plan, decided where it is found (never
/// read back from a message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadKind {
    /// Not JSON.
    Syntax,
    /// An object has a field the format does not define.
    UnknownField,
    /// An object lacks a field the format requires.
    MissingField,
    /// A value of the wrong type or out of range.
    Value,
    /// Not an allot plan.
    Format,
    /// A format version this allot does not read, or a field of a later one.
    Version,
    /// The count of the problems not listed.
    More,
    /// A rule of the plan broken (the kinds of `validate::BuildError`:
    /// `duplicate-id`, `unknown-quota`, `id`, `name`, ...).
    Build(&'static str),
}

impl LoadKind {
    /// The kind's name in reports (`syntax`, `unknown-field`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            LoadKind::Syntax => "syntax",
            LoadKind::UnknownField => "unknown-field",
            LoadKind::MissingField => "missing-field",
            LoadKind::Value => "value",
            LoadKind::Format => "format",
            LoadKind::Version => "version",
            LoadKind::More => "more",
            LoadKind::Build(k) => k,
        }
    }
}

impl PartialEq<&str> for LoadKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanDoc {
    format: String,
    version: u64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    year: Option<i64>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    levels: Option<Vec<String>>,
    #[serde(default)]
    batches: Option<Vec<Object<BatchDoc>>>,
    quotas: Vec<Object<QuotaDoc>>,
    #[serde(default)]
    nodes: Vec<Object<NodeDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BatchDoc {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) notice: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuotaDoc {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default, deserialize_with = "present")]
    pub(super) total: Option<AmountsDoc>,
    #[serde(default)]
    pub(super) unit: Option<String>,
    #[serde(default)]
    pub(super) sum_of: Option<Vec<String>>,
}

impl BatchDoc {
    /// The batch as the plan keeps it.
    pub(super) fn into_batch(self) -> Batch {
        Batch {
            id: self.id,
            name: self.name,
            date: self.date,
            notice: self.notice,
        }
    }
}

impl QuotaDoc {
    /// The kind as input to the plan's rules.
    pub(super) fn into_input(self) -> QuotaInput {
        QuotaInput {
            id: self.id,
            name: self.name,
            total: self.total.map(|t| t.0),
            unit: self.unit,
            sum_of: self.sum_of,
        }
    }
}

/// A field that may be left out, but not written as `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Figures: a number, a list (one per batch) or an object by batch id.
pub(super) struct AmountsDoc(pub(super) Amounts);

impl<'de> Deserialize<'de> for AmountsDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AmountsDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                AmountVisitor.expecting(f)?;
                f.write_str(&crate::t!("expect-per-batch"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_u64(v)
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_i64(v)
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_f64(v)
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_bool(v)
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_unit()
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AmountsDoc, E> {
                AmountVisitor
                    .visit_str(v)
                    .map(|a| AmountsDoc(Amounts::One(a.0)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<AmountsDoc, A::Error> {
                let mut out = Vec::new();
                while let Some(a) = seq.next_element::<Amount>()? {
                    out.push(a.0);
                }
                Ok(AmountsDoc(Amounts::List(out)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AmountsDoc, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Amount>()? {
                    out.push((k, v.0));
                }
                Ok(AmountsDoc(Amounts::ByBatch(out)))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeDoc {
    id: String,
    name: String,
    #[serde(default)]
    alloc: Alloc,
    #[serde(default)]
    locked: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    nodes: Vec<Object<NodeDoc>>,
}

/// A quota amount: a whole number from 0 to 10^15.
struct Amount(u64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `any`, so that strings and decimals reach the visitor and get a
        // message that says what to write instead.
        d.deserialize_any(AmountVisitor)
    }
}

/// Reads a struct only from a JSON object: serde would also fill a struct
/// from an array, which no plan file should do.
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&crate::t!("expect-object"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::t!(
            "expect-amount",
            max = group_thousands(u128::from(MAX_AMOUNT))
        ))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        if v > MAX_AMOUNT {
            Err(E::custom(crate::t!(
                "amount-too-large",
                value = v.to_string(),
                max = group_thousands(u128::from(MAX_AMOUNT))
            )))
        } else {
            Ok(Amount(v))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        if let Ok(u) = u64::try_from(v) {
            return self.visit_u64(u);
        }
        Err(E::custom(crate::t!(
            "amount-negative",
            value = v.to_string()
        )))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        // Only used to word the error: amounts are never floats.
        let msg = if v.fract() != 0.0 {
            crate::t!("amount-fraction", value = v.to_string())
        } else if v < 0.0 {
            crate::t!("amount-negative", value = v.to_string())
        } else if v > 1e15 {
            crate::t!(
                "amount-too-large",
                value = format!("{v:.0}"),
                max = group_thousands(u128::from(MAX_AMOUNT))
            )
        } else {
            crate::t!("amount-decimal-point", whole = format!("{:.0}", v.abs()))
        };
        Err(E::custom(msg))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Amount, E> {
        Err(E::custom(crate::t!("amount-bool", value = v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Amount, E> {
        Err(E::custom(crate::t!("amount-null")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        Err(E::custom(crate::t!(
            "amount-string",
            value = format!("{v:?}")
        )))
    }
}

/// The `alloc` object, keys kept in file order (duplicates are reported by
/// validation).
#[derive(Default)]
pub(super) struct Alloc(pub(super) Vec<(QuotaKey, Amounts)>);

impl<'de> Deserialize<'de> for Alloc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Alloc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&crate::t!("expect-alloc"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Alloc, A::Error> {
                let mut out = Vec::new();
                while let Some((KeyDoc(k), v)) = map.next_entry::<KeyDoc, AmountsDoc>()? {
                    out.push((k, v.0));
                }
                Ok(Alloc(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A quota key as shared by every node that names it: the few quota ids of
/// a plan are kept (up to 64 of them) and handed out again, so that a
/// million nodes' figures do not each allocate their key.
fn shared_key(k: &str) -> QuotaKey {
    thread_local! {
        static KEYS: std::cell::RefCell<Vec<QuotaKey>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    KEYS.with_borrow_mut(|keys| {
        if let Some(key) = keys.iter().find(|key| &***key == k) {
            return key.clone();
        }
        let key: QuotaKey = k.into();
        if keys.len() < 64 {
            keys.push(key.clone());
        }
        key
    })
}

/// A key of `alloc`, read without a copy of its own ([`shared_key`]).
struct KeyDoc(QuotaKey);

impl<'de> Deserialize<'de> for KeyDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&crate::t!("expect-alloc"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyDoc, E> {
                Ok(KeyDoc(shared_key(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Only `format` and `version`, to word errors for files that are not
/// allot plans or come from a newer allot.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

fn header_problem(text: &str) -> Option<LoadError> {
    let Object(header) = serde_json::from_str::<Object<Header>>(text).ok()?;
    let at = |key: &str| {
        locate_many(text, &[vec![Seg::Key(key.to_owned())]])
            .into_iter()
            .next()
            .flatten()
    };
    match &header.format {
        Some(serde_json::Value::String(s)) if s == FORMAT_NAME => {}
        Some(other) => {
            let pos = at("format");
            return Some(LoadError {
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                kind: LoadKind::Format,
                message: crate::t!(
                    "load-format-other",
                    found = other.to_string(),
                    expected = FORMAT_NAME
                ),
            });
        }
        None => {
            return Some(LoadError {
                line: Some(1),
                column: Some(1),
                kind: LoadKind::Format,
                message: crate::t!("load-format-missing", expected = FORMAT_NAME),
            });
        }
    }
    if let Some(v) = &header.version {
        let newer = v.as_u64().is_some_and(|n| n > FORMAT_VERSION);
        let bad = !v
            .as_u64()
            .is_some_and(|n| (1..=FORMAT_VERSION).contains(&n));
        if bad {
            let pos = at("version");
            let message = if newer {
                crate::t!(
                    "load-version-newer",
                    version = v.to_string(),
                    newest = FORMAT_VERSION
                )
            } else {
                crate::t!(
                    "load-version-unsupported",
                    version = v.to_string(),
                    newest = FORMAT_VERSION
                )
            };
            return Some(LoadError {
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                kind: LoadKind::Version,
                message,
            });
        }
    }
    None
}

/// A problem serde found, with its kind decided without reading its
/// message: not JSON (serde's category), a field the format does not
/// define or a required one missing (found by walking the document), else a
/// value of the wrong type or out of range.
fn serde_problem(e: &serde_json::Error, text: &str) -> LoadError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let syntax = e.is_syntax() || e.is_eof();
    if !syntax && let Some(p) = field_problem(text) {
        return p;
    }
    let (kind, message) = if syntax {
        (LoadKind::Syntax, syntax_words(&message))
    } else {
        (LoadKind::Value, crate::t!("load-value", detail = message))
    };
    LoadError {
        line: (e.line() > 0).then_some(e.line()),
        column: (e.line() > 0).then_some(e.column().max(1)),
        kind,
        message,
    }
}

/// The fields an object of the format may have, and the ones it must.
struct Shape {
    allowed: &'static [&'static str],
    required: &'static [&'static str],
}

const PLAN_SHAPE: Shape = Shape {
    allowed: &[
        "format", "version", "title", "year", "unit", "levels", "batches", "quotas", "nodes",
    ],
    required: &["format", "version", "quotas"],
};
const BATCH_SHAPE: Shape = Shape {
    allowed: &["id", "name", "date", "notice"],
    required: &["id", "name"],
};
const QUOTA_SHAPE: Shape = Shape {
    allowed: &["id", "name", "total", "unit", "sum_of"],
    required: &["id", "name"],
};
const NODE_SHAPE: Shape = Shape {
    allowed: &["id", "name", "alloc", "locked", "note", "nodes"],
    required: &["id", "name"],
};

/// The first field the format does not define, or the first required one
/// missing, in the order serde reads the document (an unknown key where it
/// stands, a missing one at the end of its object), located. None when the
/// document has no such problem (or is too deep to walk).
fn field_problem(text: &str) -> Option<LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut path = Vec::new();
    let (at, kind, message) = walk_fields(&root, &PLAN_SHAPE, &mut path)?;
    let pos = locate_many(text, &[at]).into_iter().next().flatten();
    Some(LoadError {
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        kind,
        message,
    })
}

/// The nested objects of a field: `(name, shape of each element)`.
fn nested(shape: &Shape, key: &str) -> Option<&'static Shape> {
    match (shape.allowed, key) {
        (a, "batches") if a == PLAN_SHAPE.allowed => Some(&BATCH_SHAPE),
        (a, "quotas") if a == PLAN_SHAPE.allowed => Some(&QUOTA_SHAPE),
        (_, "nodes") => Some(&NODE_SHAPE),
        _ => None,
    }
}

fn walk_fields(
    value: &serde_json::Value,
    shape: &Shape,
    path: &mut Vec<Seg>,
) -> Option<(Vec<Seg>, LoadKind, String)> {
    let serde_json::Value::Object(map) = value else {
        return None;
    };
    for (key, v) in map {
        if !shape.allowed.contains(&key.as_str()) {
            let mut at = path.clone();
            at.push(Seg::Key(key.clone()));
            let expected: Vec<String> = shape.allowed.iter().map(|f| format!("`{f}`")).collect();
            let message = crate::t!(
                "load-unknown-field",
                field = key.as_str(),
                expected = expected.join(", "),
                listed = "yes"
            );
            return Some((at, LoadKind::UnknownField, message));
        }
        if let (Some(inner), serde_json::Value::Array(items)) = (nested(shape, key), v) {
            path.push(Seg::Key(key.clone()));
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                let found = walk_fields(item, inner, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            path.pop();
        }
    }
    let missing = shape.required.iter().find(|f| !map.contains_key(**f))?;
    let message = crate::t!("load-missing-field", field = *missing);
    Some((path.clone(), LoadKind::MissingField, message))
}

/// serde's words for a syntax error, in the language in use: the common
/// ones said whole, the rest with serde's own text inside.
fn syntax_words(message: &str) -> String {
    if message.starts_with("recursion limit exceeded") {
        return crate::t!("load-too-deep", max = MAX_DEPTH);
    }
    let known = [
        ("EOF while parsing", "eof"),
        ("trailing comma", "trailing-comma"),
        ("expected `,` or `}`", "comma-or-brace"),
        ("expected `,` or `]`", "comma-or-bracket"),
        ("expected `:`", "colon"),
        ("expected value", "value"),
        ("key must be a string", "key-string"),
        ("control character", "control"),
        ("trailing characters", "trailing-characters"),
    ];
    let what = known
        .iter()
        .find(|(k, _)| message.starts_with(k))
        .map_or("other", |x| x.1);
    crate::t!("load-syntax", what = what, detail = message)
}

/// Most problems reported for one file; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// Longest message; a message repeating a long text from the file is cut.
const MAX_MESSAGE: usize = 300;

/// Messages safe to print (no control characters from the file, not too
/// long), and not too many of them.
fn tidy(mut errors: Vec<LoadError>) -> Vec<LoadError> {
    for e in &mut errors {
        e.message = crate::core::text::clip(&e.message, MAX_MESSAGE);
    }
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        let (line, column) = (errors[MAX_ERRORS].line, errors[MAX_ERRORS].column);
        errors.truncate(MAX_ERRORS);
        errors.push(LoadError {
            line,
            column,
            kind: LoadKind::More,
            message: crate::t!("load-more", count = more),
        });
    }
    errors
}

/// Read a plan from JSON text, checking every rule of the format.
///
/// # Errors
/// Every problem found (a syntax or type error stops at the first one; rule
/// violations such as duplicate ids are all reported), each with line and
/// column where they can be found.
pub fn parse_plan(text: &str) -> Result<Plan, Vec<LoadError>> {
    if let Some(plan) = super::fast::parse(text) {
        return Ok(plan);
    }
    parse_unchecked(text).map_err(tidy)
}

/// [`parse_plan`], with where each node starts in `text` when the fast
/// reader read it (for placing problems found in the plan).
///
/// # Errors
/// As [`parse_plan`].
pub fn parse_plan_located(text: &str) -> Result<(Plan, Starts), Vec<LoadError>> {
    if let Some(read) = super::fast::parse_located(text) {
        return Ok(read);
    }
    parse_unchecked(text)
        .map(|plan| (plan, Starts::default()))
        .map_err(tidy)
}

/// Read a plan from JSON text that is not needed afterwards: the text is
/// freed before the plan is built, so that reading a big plan takes little
/// more memory than the plan itself. Problems found while building (such as
/// duplicate ids) come without line and column; read the text again with
/// [`parse_plan`] to locate them.
///
/// # Errors
/// As [`parse_plan`], the building problems without positions.
pub fn parse_plan_owned(text: String) -> Result<Plan, Vec<LoadError>> {
    if let Some(plan) = super::fast::parse(&text) {
        return Ok(plan);
    }
    let (meta, batches, quotas, nodes) = read_doc(&text).map_err(tidy)?;
    drop(text);
    validate::build_with(meta, batches, &quotas, nodes).map_err(|errors| {
        tidy(
            errors
                .into_iter()
                .map(|e| LoadError {
                    line: None,
                    column: None,
                    kind: LoadKind::Build(e.kind),
                    message: e.issue.to_string(),
                })
                .collect(),
        )
    })
}

type Doc = (Meta, Vec<Batch>, Vec<QuotaInput>, Vec<NodeInput>);

/// A version-1 file that uses a field of version 2: where, and what to do.
fn version_two_field(text: &str, doc: &PlanDoc) -> Option<LoadError> {
    let path: Vec<Seg> = if doc.batches.is_some() {
        vec![Seg::Key("batches".to_owned())]
    } else {
        let (i, field) = doc.quotas.iter().enumerate().find_map(|(i, Object(q))| {
            if q.sum_of.is_some() {
                Some((i, "sum_of"))
            } else if q.unit.is_some() {
                Some((i, "unit"))
            } else {
                None
            }
        })?;
        vec![
            Seg::Key("quotas".to_owned()),
            Seg::Index(i),
            Seg::Key(field.to_owned()),
        ]
    };
    let what = match path.last() {
        Some(Seg::Key(k)) => k.clone(),
        _ => String::new(),
    };
    let pos = locate_many(text, &[path]).into_iter().next().flatten();
    Some(LoadError {
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        kind: LoadKind::Version,
        message: crate::t!("load-version-two-field", field = what),
    })
}

pub(super) fn parse_unchecked(text: &str) -> Result<Plan, Vec<LoadError>> {
    let (meta, batches, quotas, nodes) = read_doc(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    validate::build_with(meta, batches, &quotas, nodes)
        .map_err(|errors| locate_errors(text, errors))
}

/// The JSON read into build inputs, with the format's own checks.
fn read_doc(text: &str) -> Result<Doc, Vec<LoadError>> {
    // A byte-order mark from Windows editors is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![LoadError {
            line: Some(1),
            column: Some(1),
            kind: LoadKind::Syntax,
            message: crate::t!("load-empty", format = FORMAT_NAME),
        }]);
    }
    let doc: PlanDoc = match serde_json::from_str::<Object<PlanDoc>>(text) {
        Ok(Object(doc)) => doc,
        Err(e) => {
            let first = text.trim_start().chars().next();
            if !e.is_syntax() && !e.is_eof() && first.is_some_and(|c| c != '{') {
                return Err(vec![LoadError {
                    line: Some(e.line()),
                    column: Some(e.column().max(1)),
                    kind: LoadKind::Format,
                    message: crate::t!("load-not-object", format = FORMAT_NAME),
                }]);
            }
            return Err(vec![
                header_problem(text).unwrap_or_else(|| serde_problem(&e, text)),
            ]);
        }
    };
    if (doc.format != FORMAT_NAME || !(1..=FORMAT_VERSION).contains(&doc.version))
        && let Some(p) = header_problem(text)
    {
        return Err(vec![p]);
    }
    if doc.version == 1
        && let Some(p) = version_two_field(text, &doc)
    {
        return Err(vec![p]);
    }
    let meta = Meta {
        title: doc.title,
        year: doc.year,
        unit: doc.unit,
        levels: doc.levels.unwrap_or_else(|| Meta::default().levels),
    };
    let batches = doc
        .batches
        .unwrap_or_default()
        .into_iter()
        .map(|Object(b)| b.into_batch())
        .collect();
    let quotas: Vec<QuotaInput> = doc
        .quotas
        .into_iter()
        .map(|Object(q)| q.into_input())
        .collect();
    let nodes = doc
        .nodes
        .into_iter()
        .map(|Object(n)| node_input(n))
        .collect();
    Ok((meta, batches, quotas, nodes))
}

fn node_input(d: NodeDoc) -> NodeInput {
    NodeInput {
        id: d.id,
        name: d.name,
        alloc: d.alloc.0,
        locked: d.locked,
        note: d.note,
        nodes: d.nodes.into_iter().map(|Object(n)| node_input(n)).collect(),
    }
}

fn node_segs(path: &[usize]) -> Vec<Seg> {
    let mut segs = Vec::with_capacity(path.len() * 2 + 2);
    for &i in path {
        segs.push(Seg::Key("nodes".to_owned()));
        segs.push(Seg::Index(i));
    }
    segs
}

/// The JSON path of a place in the input.
fn place_segs(place: &Place) -> Vec<Seg> {
    match place {
        Place::Quotas => vec![Seg::Key("quotas".to_owned())],
        Place::Quota { index, field } => vec![
            Seg::Key("quotas".to_owned()),
            Seg::Index(*index),
            Seg::Key((*field).to_owned()),
        ],
        Place::Node { path, field } => {
            let mut s = node_segs(path);
            s.push(Seg::Key((*field).to_owned()));
            s
        }
        Place::AllocKey { path, key } => {
            let mut s = node_segs(path);
            s.push(Seg::Key("alloc".to_owned()));
            s.push(Seg::Key(key.clone()));
            s
        }
        Place::AllocBatch { path, key, batch } => {
            let mut s = node_segs(path);
            s.push(Seg::Key("alloc".to_owned()));
            s.push(Seg::Key(key.clone()));
            s.push(Seg::Key(batch.clone()));
            s
        }
        Place::QuotaBatch { index, batch } => vec![
            Seg::Key("quotas".to_owned()),
            Seg::Index(*index),
            Seg::Key("total".to_owned()),
            Seg::Key(batch.clone()),
        ],
        Place::Batch { index, field } => vec![
            Seg::Key("batches".to_owned()),
            Seg::Index(*index),
            Seg::Key((*field).to_owned()),
        ],
    }
}

fn locate_errors(text: &str, errors: Vec<BuildError>) -> Vec<LoadError> {
    let paths: Vec<Vec<Seg>> = errors.iter().map(|e| place_segs(&e.place)).collect();
    let positions = locate_many(text, &paths);
    errors
        .into_iter()
        .zip(positions)
        .map(|(e, pos)| LoadError {
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            kind: LoadKind::Build(e.kind),
            message: e.issue.to_string(),
        })
        .collect()
}

/// Where each (node, quota) figure sits in `text`: for a node the start of
/// its object, for the national root the quota's `total`. For reporting
/// problems found in a loaded plan. `starts` (from the reader, when it saw
/// them) places nodes without scanning the text again.
///
/// # Panics
/// Never: every live node below the root is listed under its parent.
pub fn problem_positions(
    text: &str,
    plan: &Plan,
    keys: &[(NodeIx, usize)],
    starts: Option<&Starts>,
) -> Vec<Option<(usize, usize)>> {
    // Positions count from after a byte-order mark, as the reader's do.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = vec![None; keys.len()];
    // Nodes the reader saw start, by their offsets.
    let seen: Vec<(usize, usize)> = keys
        .iter()
        .enumerate()
        .filter(|&(_, &(n, _))| n != ROOT)
        .filter_map(|(i, &(n, _))| Some((i, starts?.of(n)?)))
        .collect();
    let offsets: Vec<usize> = seen.iter().map(|&(_, at)| at).collect();
    for (&(i, _), p) in seen.iter().zip(positions_of(text, &offsets)) {
        out[i] = Some((p.line, p.column));
    }
    // The others by their paths, in one scan.
    let rest: Vec<usize> = (0..keys.len())
        .filter(|&i| keys[i].0 == ROOT || out[i].is_none())
        .collect();
    let paths: Vec<Vec<Seg>> = rest
        .iter()
        .map(|&i| {
            let (n, q) = keys[i];
            if n == ROOT {
                // The kind's total (the batch's figure in it).
                let (k, b) = plan.layout().column_of(q);
                let mut path = vec![
                    Seg::Key("quotas".to_owned()),
                    Seg::Index(k),
                    Seg::Key("total".to_owned()),
                ];
                if plan.layout().has_batches() {
                    path.push(Seg::Index(b));
                }
                return path;
            }
            let mut path = Vec::new();
            for x in plan.ancestry(n) {
                let parent = plan.parent(x).expect("ancestry is below the root");
                let i = plan
                    .children(parent)
                    .iter()
                    .position(|&c| c == x)
                    .expect("child listed under its parent");
                path.push(i);
            }
            node_segs(&path)
        })
        .collect();
    if !paths.is_empty() {
        for (&i, p) in rest.iter().zip(locate_many(text, &paths)) {
            out[i] = p.map(|p| (p.line, p.column));
        }
    }
    out
}

// ----- writing -----

struct PlanSer<'a>(&'a Plan);
struct BatchesSer<'a>(&'a Plan);
struct BatchSer<'a>(&'a Batch);
struct QuotasSer<'a>(&'a Plan);
struct QuotaSer<'a>(&'a Plan, usize);
/// A stored kind's figures at a node: a number, or one per batch.
struct FiguresSer<'a>(&'a Plan, NodeIx, usize);

/// The version a plan is written as: 1 when it has nothing of version 2
/// (so that it is saved byte for byte as before), else 2.
pub fn version_of(plan: &Plan) -> u64 {
    let layout = plan.layout();
    let v2 = layout.has_batches()
        || layout
            .kinds()
            .iter()
            .any(|k| k.is_derived() || k.unit.is_some());
    if v2 { 2 } else { 1 }
}
struct NodesSer<'a>(&'a Plan, NodeIx);
struct NodeSer<'a>(&'a Plan, NodeIx);
struct AllocSer<'a>(&'a Plan, NodeIx);

impl Serialize for PlanSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plan = self.0;
        let meta = plan.meta();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT_NAME)?;
        m.serialize_entry("version", &version_of(plan))?;
        if let Some(t) = &meta.title {
            m.serialize_entry("title", t)?;
        }
        if let Some(y) = &meta.year {
            m.serialize_entry("year", y)?;
        }
        if let Some(u) = &meta.unit {
            m.serialize_entry("unit", u)?;
        }
        m.serialize_entry("levels", &meta.levels)?;
        if plan.layout().has_batches() {
            m.serialize_entry("batches", &BatchesSer(plan))?;
        }
        m.serialize_entry("quotas", &QuotasSer(plan))?;
        m.serialize_entry("nodes", &NodesSer(plan, ROOT))?;
        m.end()
    }
}

impl Serialize for BatchesSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let batches = self.0.layout().batches();
        let mut seq = s.serialize_seq(Some(batches.len()))?;
        for b in batches {
            seq.serialize_element(&BatchSer(b))?;
        }
        seq.end()
    }
}

impl Serialize for BatchSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &b.id)?;
        m.serialize_entry("name", &b.name)?;
        if let Some(d) = &b.date {
            m.serialize_entry("date", d)?;
        }
        if let Some(n) = &b.notice {
            m.serialize_entry("notice", n)?;
        }
        m.end()
    }
}

impl Serialize for QuotasSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0.layout().kinds().len();
        let mut seq = s.serialize_seq(Some(n))?;
        for k in 0..n {
            seq.serialize_element(&QuotaSer(self.0, k))?;
        }
        seq.end()
    }
}

impl Serialize for QuotaSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kinds = self.0.layout().kinds();
        let kind = &kinds[self.1];
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &kind.id)?;
        m.serialize_entry("name", &kind.name)?;
        if let Some(u) = &kind.unit {
            m.serialize_entry("unit", u)?;
        }
        if kind.is_derived() {
            let parts: Vec<&str> = kind.sum_of.iter().map(|&p| kinds[p].id.as_str()).collect();
            m.serialize_entry("sum_of", &parts)?;
        } else {
            m.serialize_entry("total", &FiguresSer(self.0, ROOT, self.1))?;
        }
        m.end()
    }
}

impl Serialize for FiguresSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (plan, n, k) = (self.0, self.1, self.2);
        let layout = plan.layout();
        let of = |b: usize| layout.column(k, b).map_or(0, |c| plan.value(n, c));
        if layout.has_batches() {
            let nb = layout.batch_count();
            let mut seq = s.serialize_seq(Some(nb))?;
            for b in 0..nb {
                seq.serialize_element(&of(b))?;
            }
            seq.end()
        } else {
            s.serialize_u64(of(0))
        }
    }
}

impl Serialize for NodesSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kids = self.0.children(self.1);
        let mut seq = s.serialize_seq(Some(kids.len()))?;
        for &c in kids {
            seq.serialize_element(&NodeSer(self.0, c))?;
        }
        seq.end()
    }
}

impl Serialize for NodeSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (plan, n) = (self.0, self.1);
        super::progress::tick();
        let node = plan.node(n);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &node.id)?;
        m.serialize_entry("name", &node.name)?;
        m.serialize_entry("alloc", &AllocSer(plan, n))?;
        if node.locked {
            m.serialize_entry("locked", &true)?;
        }
        if let Some(note) = &node.note {
            m.serialize_entry("note", note)?;
        }
        if !plan.children(n).is_empty() {
            m.serialize_entry("nodes", &NodesSer(plan, n))?;
        }
        m.end()
    }
}

impl Serialize for AllocSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (plan, n) = (self.0, self.1);
        let layout = plan.layout();
        let values = plan.values(n);
        let nb = layout.batch_count();
        let mut m = s.serialize_map(None)?;
        // A kind is written when any of its batches is not 0; its columns
        // are consecutive.
        for (rank, &k) in layout.stored().iter().enumerate() {
            if values[rank * nb..(rank + 1) * nb].iter().any(|&v| v != 0) {
                m.serialize_entry(&layout.kinds()[k].id, &FiguresSer(plan, n, k))?;
            }
        }
        m.end()
    }
}

/// Write the canonical saved form of a plan into `w` (the same bytes as
/// [`to_json`], without building them in memory first).
///
/// # Errors
/// When writing fails.
pub fn write_json(plan: &Plan, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &PlanSer(plan)).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// The canonical saved form of a plan.
///
/// # Panics
/// Never: serialising a plan to a string cannot fail.
pub fn to_json(plan: &Plan) -> String {
    let mut out = serde_json::to_string_pretty(&PlanSer(plan)).expect("a plan always serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_starts_seen_by_the_reader_place_problems_where_a_scan_does() {
        let generated = crate::report::generate::generate(400, 3, 5);
        let pretty = to_json(&generated);
        // The same without line breaks and indents (no string has one).
        let minified: String = pretty
            .lines()
            .map(|l| l.trim_start().replace("\": ", "\":"))
            .collect();
        let texts = [
            pretty.clone(),
            minified.clone(),
            format!("\u{feff}{minified}"),
            super::super::SAMPLE_JSON.to_owned(),
            // An id with an escape, and a node whose id is not its first
            // field: placed by the scan instead.
            pretty.replacen("\"id\": \"n1\"", "\"id\": \"n\\u0031\"", 1),
            minified.replacen("{\"id\":\"n2\",", "{\"locked\":false,\"id\":\"n2\",", 1),
            // Spaces and line breaks anywhere between tokens.
            pretty.replace("{\n", "{ \r\n\t").replace("\": ", "\" :  "),
        ];
        for text in &texts {
            let (plan, starts) = parse_plan_located(text).expect("a good plan");
            let keys: Vec<(NodeIx, usize)> = plan
                .preorder()
                .flat_map(|n| (0..plan.quotas().len()).map(move |q| (n, q)))
                .collect();
            let placed = problem_positions(text, &plan, &keys, Some(&starts));
            let scanned = problem_positions(text, &plan, &keys, None);
            assert_eq!(placed, scanned);
            assert!(placed.iter().all(Option::is_some));
            let seen = keys
                .iter()
                .filter(|&&(n, _)| starts.of(n).is_some())
                .count();
            assert!(
                seen + 2 * plan.quotas().len() + 3 >= keys.len(),
                "most seen"
            );
        }
        // A file the full reader reads has none (and is placed by a scan).
        let odd = pretty
            .replacen("\"format\": \"allot-plan\",", "", 1)
            .replacen('{', "{\"format\": \"allot-plan\", \"x-later\": 1,", 1);
        assert!(parse_plan_located(&odd).is_err());
        let without_title: String = pretty
            .lines()
            .filter(|l| !l.trim_start().starts_with("\"title\""))
            .collect::<Vec<_>>()
            .join("\n");
        let late = format!(
            "{}, \"title\": \"t\"}}",
            without_title.trim_end().strip_suffix('}').unwrap()
        );
        let (plan, none) = parse_plan_located(&late).unwrap();
        assert!(plan.preorder().all(|n| none.of(n).is_none()));
    }

    const SMALL: &str = r#"{
  "format": "allot-plan",
  "version": 1,
  "title": "t",
  "unit": "t REO",
  "levels": ["Province", "Enterprise"],
  "quotas": [
    {"id": "rock", "name": "Rock", "total": 100},
    {"id": "ion", "name": "Ion", "total": 10}
  ],
  "nodes": [
    {"id": "nm", "name": "Inner Mongolia 内蒙古", "alloc": {"rock": 60},
     "nodes": [{"id": "bt", "name": "Baotou", "alloc": {"rock": 50}, "locked": true, "note": "n"}]},
    {"id": "jx", "name": "Jiangxi", "alloc": {"ion": 10, "rock": 0}}
  ]
}"#;

    fn err(text: &str) -> LoadError {
        let errs = parse_plan(text).expect_err("should fail");
        errs.into_iter().next().unwrap()
    }

    #[test]
    fn unknown_and_missing_fields_are_found_by_their_place_not_by_words() {
        use crate::i18n::{Lang, with};
        // A nested node without its name: missing, at the node's brace.
        let text = SMALL.replace(
            "{\"id\": \"bt\", \"name\": \"Baotou\", ",
            "{\"id\": \"bt\", ",
        );
        for lang in [Lang::En, Lang::ZhCn] {
            let e = with(lang, || err(&text));
            assert_eq!(e.kind, LoadKind::MissingField, "{e:?}");
            assert_eq!(e.line, Some(13), "{e:?}");
            let col = text
                .lines()
                .nth(12)
                .unwrap()
                .find("{\"id\": \"bt\"")
                .unwrap()
                + 1;
            assert_eq!(e.column, Some(col), "{e:?}");
            assert!(e.message.contains("`name`"), "{}", e.message);
        }
        // An unknown key in a quota, in Chinese too: the kind is the same.
        let text = SMALL.replace("\"name\": \"Ion\"", "\"nmae\": \"Ion\"");
        let e = with(Lang::ZhCn, || err(&text));
        assert_eq!(e.kind, LoadKind::UnknownField);
        assert_eq!(e.kind.as_str(), "unknown-field");
        assert!(e.message.contains("未知字段 `nmae`"), "{}", e.message);
        assert!(e.message.contains("`sum_of`"), "{}", e.message);
        // A value of the wrong type stays a value problem.
        let e = err(&SMALL.replace("\"total\": 100", "\"total\": \"100\""));
        assert_eq!(e.kind, LoadKind::Value);
    }

    #[test]
    fn reads_and_writes_canonically() {
        let plan = parse_plan(SMALL).unwrap();
        assert_eq!(plan.len(), 4);
        let out = to_json(&plan);
        assert!(out.ends_with("}\n"));
        assert!(out.contains("  \"format\": \"allot-plan\",\n"));
        assert!(!out.contains("\"rock\": 0"), "zero entries are omitted");
        let again = to_json(&parse_plan(&out).unwrap());
        assert_eq!(out, again);
        let mut streamed = Vec::new();
        write_json(&plan, &mut streamed).unwrap();
        assert_eq!(streamed, out.as_bytes(), "streaming writes the same bytes");
        let keys: Vec<usize> = [
            "\"format\"",
            "\"version\"",
            "\"title\"",
            "\"unit\"",
            "\"levels\"",
            "\"quotas\"",
            "\"nodes\"",
        ]
        .iter()
        .map(|k| out.find(k).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "key order {keys:?}");
    }

    #[test]
    fn errors_name_the_place() {
        let e = err(&SMALL.replace("\"alloc\": {\"rock\": 60}", "\"aloc\": {\"rock\": 60}"));
        assert_eq!(e.kind, "unknown-field");
        assert!(e.message.contains("aloc"), "{}", e.message);
        assert_eq!(e.line, Some(12));

        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": -10}"));
        assert_eq!(e.kind, "value");
        assert!(e.message.contains("negative"), "{}", e.message);
        assert_eq!(e.line, Some(9));

        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": 10.5}"));
        assert!(e.message.contains("fraction"), "{}", e.message);

        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": 1000000000000001}"));
        assert!(e.message.contains("maximum"), "{}", e.message);

        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": \"10\"}"));
        assert!(e.message.contains("string"), "{}", e.message);

        let e = err(&SMALL.replace("\"version\": 1", "\"version\": 3"));
        assert_eq!(e.kind, "version");
        assert!(e.message.contains("newer allot"), "{}", e.message);
        assert_eq!(
            (e.line, e.column),
            Some((3, 3)).map(|(a, b)| (Some(a), Some(b))).unwrap()
        );

        let e = err(&SMALL.replace("\"id\": \"bt\"", "\"id\": \"nm\""));
        assert_eq!(e.kind, "duplicate-id");
        assert_eq!(e.line, Some(13));

        let e = err(&SMALL.replace("\"ion\": 10, \"rock\": 0", "\"ion\": 10, \"rokc\": 0"));
        assert_eq!(e.kind, "unknown-quota");
        assert_eq!(e.line, Some(14));
        assert!(e.column.unwrap() > 40);

        let e = err("{\"format\": \"allot-plan\", ");
        assert_eq!(e.kind, "syntax");

        let e = err("{\"name\": \"some-package\", \"version\": \"1.0.0\"}");
        assert_eq!(e.kind, "format");
    }

    #[test]
    fn odd_but_harmless_and_odd_and_wrong_inputs() {
        // A byte-order mark is skipped.
        assert!(parse_plan(&format!("\u{feff}{SMALL}")).is_ok());
        let e = err("  \n");
        assert!(e.message.contains("empty"), "{}", e.message);
        let e = err("[\"allot-plan\", 1]");
        assert_eq!(e.kind, "format");
        // Structs are never read from arrays, at any level.
        let e = err(&SMALL.replace(
            "{\"id\": \"ion\", \"name\": \"Ion\", \"total\": 10}",
            "[\"ion\", \"Ion\", 10]",
        ));
        assert_eq!((e.kind.as_str(), e.line), ("value", Some(9)));
        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": 10.0}"));
        assert!(e.message.contains("whole number 10"), "{}", e.message);
        let e = err(&SMALL.replace("\"total\": 10}", "\"total\": null}"));
        assert!(e.message.contains("null"), "{}", e.message);
    }

    #[test]
    fn depth_limit() {
        use std::fmt::Write as _;
        fn nested(levels: usize) -> String {
            let mut s = String::new();
            for i in 0..levels {
                write!(s, "{{\"id\": \"n{i}\", \"name\": \"N\", \"nodes\": [").unwrap();
            }
            s.push_str(&"]}".repeat(levels));
            SMALL.replace(
                "\"nodes\": [\n    {\"id\": \"nm\"",
                &format!("\"nodes\": [{s},\n    {{\"id\": \"nm\""),
            )
        }
        assert!(parse_plan(&nested(MAX_DEPTH)).is_ok());
        let e = err(&nested(MAX_DEPTH + 1));
        assert!(e.message.contains("levels deep"), "{}", e.message);
        let e = err(&nested(10_000));
        assert!(e.message.contains("levels deep"), "{}", e.message);
    }

    #[test]
    fn newer_version_wins_over_unknown_fields() {
        let text = SMALL
            .replace("\"version\": 1", "\"version\": 7")
            .replace("\"title\"", "\"subtitle\": \"x\", \"title\"");
        let e = err(&text);
        assert_eq!(e.kind, "version");
    }

    /// The example of the format's description, as written there.
    const V2: &str = r#"{
  "format": "allot-plan", "version": 2,
  "title": "Rare earth indicators 2023", "year": 2023, "unit": "t REO",
  "batches": [
    {"id": "b1", "name": "First batch", "date": "2023-03-24", "notice": "工信部联原〔2023〕23号"},
    {"id": "b2", "name": "Second batch", "date": "2023-09-25"}
  ],
  "quotas": [
    {"id": "rock", "name": "Mining, rock-type", "total": [109057, 111793]},
    {"id": "ion", "name": "Mining, ion-adsorption", "total": [10943, 8207]},
    {"id": "mining", "name": "Mining", "sum_of": ["rock", "ion"]},
    {"id": "smelting", "name": "Smelting and separation", "unit": "t REO", "total": [115000, 115000]}
  ],
  "nodes": [
    {"id": "northern", "name": "China Northern Rare Earth 北方稀土", "alloc": {"rock": [80943, 85707], "smelting": [73403, 78831]}}
  ]
}"#;

    #[test]
    fn version_two_reads_and_writes_batches_units_and_sums() {
        use crate::core::layout::Sel;
        let plan = parse_plan(V2).unwrap();
        let l = plan.layout();
        assert_eq!(l.batches().len(), 2);
        assert_eq!(
            l.batches()[0].notice.as_deref(),
            Some("工信部联原〔2023〕23号")
        );
        assert_eq!(l.kinds().len(), 4);
        assert!(l.kinds()[2].is_derived());
        assert_eq!(plan.quotas().len(), 6);
        let n = plan.find("northern").unwrap();
        let mining = l.kind_index("mining").unwrap();
        assert_eq!(plan.figure(n, mining, Sel::Batch(1)), 85_707);
        assert_eq!(plan.figure(ROOT, mining, Sel::Cumulative), 240_000);
        assert_eq!(plan.figure(ROOT, 3, Sel::Cumulative), 230_000);
        let out = to_json(&plan);
        assert!(out.contains("\"version\": 2"), "{out}");
        assert!(
            out.contains("\"sum_of\": [\n        \"rock\",\n        \"ion\"\n      ]"),
            "{out}"
        );
        assert_eq!(to_json(&parse_plan(&out).unwrap()), out, "round trip");
        // By batch id, as an object: the same plan.
        let by_id = V2.replace(
            "\"rock\": [80943, 85707]",
            "\"rock\": {\"b2\": 85707, \"b1\": 80943}",
        );
        assert_eq!(to_json(&parse_plan(&by_id).unwrap()), out);
    }

    #[test]
    fn version_two_errors_name_the_place() {
        let at = |text: &str, needle: &str| {
            let i = text.find(needle).unwrap();
            let line = text[..i].matches('\n').count() + 1;
            let col = i - text[..i].rfind('\n').map_or(0, |p| p + 1) + 1;
            (Some(line), Some(col))
        };
        // One figure too few.
        let text = V2.replace("[10943, 8207]", "[10943]");
        let e = err(&text);
        assert_eq!(e.kind, "length");
        assert!(
            e.message.contains("1 figure where the plan has 2 batches"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), at(&text, "\"total\": [10943]"));
        // A batch that is not there.
        let text = V2.replace("\"rock\": [80943, 85707]", "\"rock\": {\"b3\": 1}");
        let e = err(&text);
        assert_eq!(e.kind, "batch");
        assert!(e.message.contains("unknown batch \"b3\""), "{}", e.message);
        assert_eq!((e.line, e.column), at(&text, "\"b3\""));
        // A derived kind in alloc.
        let text = V2.replace(
            "\"smelting\": [73403",
            "\"mining\": [1, 1], \"smelting\": [73403",
        );
        let e = err(&text);
        assert_eq!(e.kind, "derived");
        assert_eq!((e.line, e.column), at(&text, "\"mining\": [1"));
        // A sum of a sum; of itself; of another unit; of nothing known.
        for (from, to, words) in [
            (
                "[\"rock\", \"ion\"]",
                "[\"rock\", \"mining\"]",
                "sum of itself",
            ),
            (
                "\"sum_of\": [\"rock\", \"ion\"]}",
                "\"sum_of\": [\"rock\", \"all\"]}, {\"id\": \"all\", \"name\": \"All\", \"sum_of\": [\"mining\"]}",
                "a cycle",
            ),
            (
                "\"total\": [10943, 8207]",
                "\"unit\": \"kg\", \"total\": [10943, 8207]",
                "one unit",
            ),
            (
                "[\"rock\", \"ion\"]",
                "[\"rock\", \"iron\"]",
                "not a quota kind",
            ),
        ] {
            let text = V2.replace(from, to);
            let e = err(&text);
            assert_eq!(e.kind, "derived", "{}", e.message);
            assert!(e.message.contains(words), "{words}: {}", e.message);
            assert!(e.line.is_some(), "located: {}", e.message);
        }
        // A bad date, a repeated batch.
        let e = err(&V2.replace("2023-09-25", "2023-13-01"));
        assert_eq!((e.kind.as_str(), e.line), ("batch", Some(6)));
        let e = err(&V2.replace("\"id\": \"b2\"", "\"id\": \"b1\""));
        assert_eq!((e.kind.as_str(), e.line), ("duplicate-id", Some(6)));
        // Version 1 with a field of version 2.
        let e = err(&V2.replace("\"version\": 2", "\"version\": 1"));
        assert_eq!((e.kind.as_str(), e.line), ("version", Some(4)));
        assert!(
            e.message
                .contains("\"batches\" is a field of format version 2")
        );
    }

    #[test]
    fn version_one_files_are_written_as_they_were() {
        let text = to_json(&parse_plan(SMALL).unwrap());
        assert!(text.contains("\"version\": 1"));
        assert!(!text.contains("batches"));
        let sample = crate::storage::EXAMPLE_2018_JSON;
        assert_eq!(to_json(&parse_plan(sample).unwrap()), sample);
    }
}
