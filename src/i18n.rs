//! The languages of allot: English and Simplified Chinese. Every sentence a
//! person reads comes from a Fluent catalogue in `locales/` (one message id
//! per sentence, placeholders for names and figures, plural forms where a
//! language needs them); this module picks the language and renders a
//! message.
//!
//! The language is chosen once, at start (`--lang`, then the settings'
//! `language`, then `LC_ALL`, `LC_MESSAGES`, `LANG`, else English), and
//! can be set for one thread (tests render both languages side by side).
//! Figures are formatted by the caller in the planner's number format and
//! handed over as text; counts are handed over as numbers, so that plural
//! forms follow them.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    ZhCn,
}

/// Every language, English first.
pub const LANGS: [Lang; 2] = [Lang::En, Lang::ZhCn];

/// The English catalogue.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");
/// The Simplified Chinese catalogue.
pub const ZH_CN_FTL: &str = include_str!("../locales/zh-CN.ftl");

impl Lang {
    /// Its tag (`en`, `zh-CN`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Its catalogue's text.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::En => EN_FTL,
            Lang::ZhCn => ZH_CN_FTL,
        }
    }

    /// A language named by a tag or a locale (`en`, `en_US.UTF-8`,
    /// `zh-CN`, `zh_CN.UTF-8`, `zh`, `chinese`); Traditional Chinese
    /// locales fall back to Simplified until a catalogue of their own
    /// exists. `C` and `POSIX` are English. None when not known.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        // `zh_CN.UTF-8@modifier`: the language and region only.
        let base = tag.split(['.', '@']).next().unwrap_or("");
        let lower = base.to_ascii_lowercase().replace('_', "-");
        let lang = lower.split('-').next().unwrap_or("");
        match lang {
            "zh" | "chinese" | "中文" => Some(Lang::ZhCn),
            "en" | "english" | "c" | "posix" => Some(Lang::En),
            _ if tag == "中文" || tag == "简体中文" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }
    }

    fn from_index(i: u8) -> Lang {
        if i == 1 { Lang::ZhCn } else { Lang::En }
    }
}

/// The language the environment asks for: the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty decides (as the C
/// library does); None when none is set or it names another language.
pub fn from_env() -> Option<Lang> {
    from_vars(|v| std::env::var(v).ok())
}

/// [`from_env`] over a given environment.
pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| get(v).filter(|s| !s.trim().is_empty()))
        .and_then(|s| Lang::parse(&s))
}

/// The language to use: `--lang`, else the settings' `language`, else the
/// environment's, else English.
pub fn choose(flag: Option<Lang>, setting: Option<Lang>) -> Lang {
    flag.or(setting).or_else(from_env).unwrap_or(Lang::En)
}

static GLOBAL: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Use `lang` from now on (every thread that has not chosen its own).
pub fn set(lang: Lang) {
    GLOBAL.store(lang.index(), Ordering::Relaxed);
}

/// The language in use on this thread.
pub fn current() -> Lang {
    THREAD
        .with(Cell::get)
        .unwrap_or_else(|| Lang::from_index(GLOBAL.load(Ordering::Relaxed)))
}

/// Run `f` with `lang` on this thread (tests; a worker rendering for a
/// screen in another language).
pub fn with<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = THREAD.with(|t| t.replace(Some(lang)));
    let r = f();
    THREAD.with(|t| t.set(before));
    r
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| LANGS.map(build));
    &all[usize::from(lang.index())]
}

fn build(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No invisible isolation marks around placeables: they would count in
    // widths and show in files.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(lang.catalogue().to_owned()).unwrap_or_else(|(res, _)| res);
    let _ = b.add_resource(res);
    b
}

/// A value for a placeholder: text (a name, a figure already formatted) or
/// a count (which plural forms follow).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(Cow<'a, str>),
    /// A count.
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&&'a str> for Arg<'a> {
    fn from(s: &&'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s.as_str()))
    }
}

macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(usize, u64, u32, u16, u8, i64, i32);

/// Message `id` in the language in use, with `args`; English when the
/// language lacks it, the id itself when no catalogue has it.
pub fn tr(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    tr_in(current(), id, args)
}

/// Message `id` in the language in use, or `fallback` (the English the
/// id was made from) when no catalogue has it.
pub fn tr_or(id: &str, fallback: &str) -> String {
    let t = tr(id, &[]);
    if t == id { fallback.to_owned() } else { t }
}

/// Message `id` in `lang`.
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let fargs = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            let v = match v {
                Arg::Text(s) => FluentValue::from(s.to_string()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            a.set(*k, v);
        }
        a
    });
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(p) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b
                .format_pattern(p, fargs.as_ref(), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// A message in the language in use: `t!("id")`, or with placeholders
/// `t!("id", name = value, count = n)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id, &[])
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::tr($id, &[$((stringify!($k), $crate::i18n::Arg::from($v))),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    /// Every message id of a catalogue with the placeholders it uses.
    fn ids(text: &str) -> BTreeMap<String, BTreeSet<String>> {
        let res = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, e)| {
            panic!("the catalogue does not parse: {e:?}");
        });
        let mut out = BTreeMap::new();
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                out.insert(m.id.name.to_owned(), vars);
            }
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expression_vars(expression, out);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, out),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            _ => {}
        }
    }

    #[test]
    fn both_catalogues_have_the_same_ids_and_placeholders() {
        let en = ids(EN_FTL);
        let zh = ids(ZH_CN_FTL);
        let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
        assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
        for (id, vars) in &en {
            assert_eq!(vars, &zh[id], "placeholders of {id}");
        }
        assert!(en.len() > 10);
    }

    #[test]
    fn both_catalogues_load_without_errors() {
        for lang in LANGS {
            let res = FluentResource::try_new(lang.catalogue().to_owned());
            assert!(res.is_ok(), "{}: {:?}", lang.code(), res.err().map(|e| e.1));
        }
    }

    #[test]
    fn languages_from_tags_and_the_environment() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh_CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh-TW"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh_HK.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR.UTF-8"), None);
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |v: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, x)| (*x).to_owned())
            }
        };
        assert_eq!(from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Some(Lang::ZhCn));
        // LC_ALL wins, then LC_MESSAGES, then LANG; an empty one is skipped.
        assert_eq!(
            from_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            from_vars(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_CN"),
                ("LANG", "C")
            ])),
            Some(Lang::ZhCn)
        );
        assert_eq!(from_vars(env(&[])), None);
        assert_eq!(choose(Some(Lang::En), Some(Lang::ZhCn)), Lang::En);
        assert_eq!(choose(None, Some(Lang::ZhCn)), Lang::ZhCn);
    }

    #[test]
    fn plurals_follow_counts_and_unknown_ids_fall_back() {
        let en = |n: usize| with(Lang::En, || crate::t!("test-nodes", count = n));
        assert_eq!(en(1), "1 node");
        assert_eq!(en(2), "2 nodes");
        assert_eq!(
            with(Lang::ZhCn, || crate::t!("test-nodes", count = 2)),
            "2 个节点"
        );
        assert_eq!(tr_in(Lang::ZhCn, "no-such-id", &[]), "no-such-id");
    }
}
