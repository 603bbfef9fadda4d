//! Settings: key bindings, colours and the number format.
//!
//! The defaults are embedded from `config/default-config.json`
//! ([`DEFAULTS_JSON`]). A user file `config.json` of the same shape, in
//! [`config_dir`], overrides only what it names. Loading never fails: every
//! problem in the user file becomes a warning and the entry concerned keeps
//! its default.
//!
//! # Key notation
//!
//! - A single character is that key: `a`, `?`, `/`. Case matters for
//!   letters: `G` is shift+g.
//! - Named keys (case-insensitive): `up` `down` `left` `right` `pageup`
//!   `pagedown` `home` `end` `enter` `esc` `tab` `backtab` `space`
//!   `backspace` `delete` `insert` `f1`..`f12` (also accepted: `escape`,
//!   `return`, `del`, `ins`, `pgup`, `pgdn`, and `page-up` / `page_up`
//!   spellings).
//! - Modifiers as prefixes: `ctrl-`, `alt-`, `shift-` (`ctrl-s`, `alt-x`,
//!   `shift-up`). `shift-a` is `A` and `shift-tab` is `backtab`.
//!
//! Terminals cannot tell ctrl+shift+letter from ctrl+letter, nor do they
//! agree on whether a shifted character carries the shift modifier, so
//! `ctrl-S` and `ctrl-shift-s` are rejected (write `ctrl-s`) and `shift-`
//! is rejected before other characters (write `?`, not `shift-/`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::LazyLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::Color;
use serde_json::{Map, Value};

use super::command::{COMMANDS, Command, Spec, spec_of};

use crate::core::text::printable;

/// The default settings, embedded at build time.
pub const DEFAULTS_JSON: &str = include_str!("../../config/default-config.json");

/// Name of the user's settings file inside [`config_dir`].
pub const FILE_NAME: &str = "config.json";

/// Environment variable naming the directory that holds [`FILE_NAME`].
pub const DIR_ENV: &str = "ALLOT_CONFIG_DIR";

/// The top-level sections of a settings file.
const SECTIONS: &[&str] = &["language", "keys", "colors", "numbers", "editing"];

/// The entries of the `editing` section.
const EDITING_ENTRIES: &[&str] = &["preview", "require_reason", "user"];

/// How edits are made and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editing {
    /// A redistribution touching more than one node shows its result first
    /// and applies on confirmation.
    pub preview: bool,
    /// Every change asks for a reason (kept in the history).
    pub require_reason: bool,
    /// The name the history records (None: the login name).
    pub user: Option<String>,
}

impl Default for Editing {
    fn default() -> Self {
        Self {
            preview: true,
            require_reason: false,
            user: None,
        }
    }
}

/// The entries of the `colors` section, in [`Theme`] field order.
const COLOR_NAMES: &[&str] = &[
    "header",
    "title",
    "selection_bg",
    "balanced",
    "unallocated",
    "over_allocated",
    "locked",
    "dim",
    "hint_key",
    "message",
    "error",
    "bar",
    "changed",
];

/// The entries of the `numbers` section.
const NUMBER_ENTRIES: &[&str] = &["thousands_separator", "percent_decimals"];

/// The thousands separators a user may choose (besides none).
const SEPARATORS: &[char] = &[',', '.', ' ', '\'', '_'];

/// Named keys, by their canonical (label) name.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

/// Other accepted spellings of named keys.
const KEY_ALIASES: &[(&str, KeyCode)] = &[
    ("escape", KeyCode::Esc),
    ("return", KeyCode::Enter),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
];

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/// A key with its modifiers, in a normal form shared by the config notation
/// and terminal events, so that matching is an equality test.
///
/// The normal form: character keys never carry SHIFT (the character's case
/// says it; a lowercase letter reported with SHIFT becomes uppercase), a
/// letter with CONTROL is lowercase, and shift+tab is [`KeyCode::BackTab`]
/// without SHIFT. Build values with [`KeyBinding::new`], [`parse_key`] or
/// [`KeyBinding::from_event`] to get the normal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    /// The key.
    pub code: KeyCode,
    /// The modifiers held with it.
    pub modifiers: KeyModifiers,
}

impl KeyBinding {
    /// The binding for `code` with `modifiers`, in normal form.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyBinding {
        let mut modifiers = modifiers;
        let code = match code {
            KeyCode::Char(c) => {
                let c = if modifiers.contains(KeyModifiers::CONTROL) {
                    lower(c)
                } else if modifiers.contains(KeyModifiers::SHIFT) {
                    upper(c)
                } else {
                    c
                };
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyBinding { code, modifiers }
    }

    /// The binding a terminal key event stands for (its kind is ignored).
    pub fn from_event(ev: &KeyEvent) -> KeyBinding {
        KeyBinding::new(ev.code, ev.modifiers)
    }

    /// The binding in config notation: `ctrl-s`, `G`, `space`, `enter`,
    /// `?`, `shift-tab`. [`parse_key`] reads it back to the same binding.
    pub fn label(&self) -> String {
        let mut out = String::new();
        for (flag, prefix) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SUPER, "super-"),
            (KeyModifiers::HYPER, "hyper-"),
            (KeyModifiers::META, "meta-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(flag) {
                out.push_str(prefix);
            }
        }
        let name = match self.code {
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) if c.is_control() => format!("U+{:04X}", u32::from(c)),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "shift-tab".to_owned(),
            KeyCode::F(n) => format!("f{n}"),
            other => match NAMED_KEYS.iter().find(|(_, code)| *code == other) {
                Some((name, _)) => (*name).to_owned(),
                None => format!("{other:?}").to_lowercase(),
            },
        };
        out + &name
    }
}

impl std::fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// `c` in lower case, when that is a single character.
fn lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `c` in upper case, when that is a single character.
fn upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Whether `c` is a letter with an upper and a lower case.
fn has_case(c: char) -> bool {
    lower(c) != c || upper(c) != c
}

/// Reads a key in config notation (see the module documentation).
///
/// # Errors
/// A sentence saying what is wrong with `s`, for a warning.
pub fn parse_key(s: &str) -> Result<KeyBinding, String> {
    if s.is_empty() {
        return Err(crate::t!("key-empty"));
    }
    let mut rest = s;
    let mut modifiers = KeyModifiers::NONE;
    while let Some((prefix, tail)) = rest.split_once('-') {
        let flag = match prefix.to_ascii_lowercase().as_str() {
            "ctrl" => KeyModifiers::CONTROL,
            "alt" => KeyModifiers::ALT,
            "shift" => KeyModifiers::SHIFT,
            _ => break,
        };
        if tail.is_empty() {
            return Err(crate::t!("key-no-key-after", key = s, prefix = prefix));
        }
        if modifiers.contains(flag) {
            return Err(format!("\"{s}\" has \"{prefix}-\" twice"));
        }
        modifiers |= flag;
        rest = tail;
    }
    let code = key_code(s, rest)?;
    if let KeyCode::Char(c) = code {
        if modifiers.contains(KeyModifiers::SHIFT) && !has_case(c) {
            return Err(format!(
                "\"{s}\": shift- goes only before letters and named keys; \
                 write the character the shifted key types (\"?\", not \"shift-/\")"
            ));
        }
        if modifiers.contains(KeyModifiers::CONTROL)
            && has_case(c)
            && (modifiers.contains(KeyModifiers::SHIFT) || lower(c) != c)
        {
            let plain = KeyBinding::new(code, modifiers - KeyModifiers::SHIFT).label();
            return Err(format!(
                "\"{s}\": terminals cannot tell ctrl with shift from plain ctrl \
                 for letters; write \"{plain}\""
            ));
        }
    }
    Ok(KeyBinding::new(code, modifiers))
}

/// The key named by `name` (the part of `whole` after its modifiers).
fn key_code(whole: &str, name: &str) -> Result<KeyCode, String> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_control() {
            return Err(crate::t!("key-control", key = whole));
        }
        return Ok(KeyCode::Char(c));
    }
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .collect::<String>()
        .to_lowercase();
    if let Some((_, code)) = NAMED_KEYS
        .iter()
        .chain(KEY_ALIASES)
        .find(|(n, _)| *n == folded)
    {
        return Ok(*code);
    }
    if let Some(digits) = folded.strip_prefix('f')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return match digits.parse::<u8>() {
            Ok(n @ 1..=12) => Ok(KeyCode::F(n)),
            _ => Err(crate::t!("key-function", key = whole)),
        };
    }
    if whole.len() > 1 && whole.contains('+') {
        return Err(crate::t!(
            "key-plus",
            key = whole,
            dashed = whole.replace('+', "-")
        ));
    }
    Err(format!(
        "\"{whole}\" is not a key; use a single character or a key name such as \
         enter, esc, space, pageup or f1, optionally after ctrl-, alt- or shift-"
    ))
}

/// Which command each key triggers, and the keys of each command.
///
/// No key is bound to two commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    by_key: HashMap<KeyBinding, Command>,
    by_command: HashMap<Command, Vec<KeyBinding>>,
}

impl KeyMap {
    /// The command a key event triggers: `None` for unbound keys and for key
    /// releases (presses and auto-repeats trigger).
    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        self.by_key.get(&KeyBinding::from_event(ev)).copied()
    }

    /// The keys bound to `c`, in config order (empty when unbound).
    pub fn keys(&self, c: Command) -> &[KeyBinding] {
        self.by_command.get(&c).map_or(&[], Vec::as_slice)
    }

    /// The keys of `c` for display, joined by `/`: `"enter/e"`, `"ctrl-s"`,
    /// or `""` when unbound.
    pub fn label(&self, c: Command) -> String {
        self.keys(c)
            .iter()
            .map(KeyBinding::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Builds the map from per-command lists. Should a key appear twice, the
    /// first command in table order keeps it.
    fn from_lists(mut lists: HashMap<Command, Vec<KeyBinding>>) -> KeyMap {
        let mut by_key = HashMap::new();
        let mut by_command = HashMap::new();
        for spec in COMMANDS {
            let mut keys = lists.remove(&spec.command).unwrap_or_default();
            keys.retain(|k| by_key.insert(*k, spec.command).is_none());
            by_command.insert(spec.command, keys);
        }
        KeyMap { by_key, by_command }
    }
}

// ---------------------------------------------------------------------------
// Colours and numbers
// ---------------------------------------------------------------------------

/// The colours of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Column headers.
    pub header: Color,
    /// The plan title.
    pub title: Color,
    /// Background of the selected row.
    pub selection_bg: Color,
    /// Nodes whose children add up exactly.
    pub balanced: Color,
    /// Nodes with an unallocated remainder.
    pub unallocated: Color,
    /// Nodes whose children exceed them.
    pub over_allocated: Color,
    /// Locked nodes.
    pub locked: Color,
    /// Secondary text.
    pub dim: Color,
    /// Keys in the key-hints bar.
    pub hint_key: Color,
    /// Status messages.
    pub message: Color,
    /// Error messages.
    pub error: Color,
    /// Share bars.
    pub bar: Color,
    /// Background of the cells the last operation changed.
    pub changed: Color,
}

impl Theme {
    /// Every colour the terminal's default.
    const fn bare() -> Theme {
        Theme {
            header: Color::Reset,
            title: Color::Reset,
            selection_bg: Color::Reset,
            balanced: Color::Reset,
            unallocated: Color::Reset,
            over_allocated: Color::Reset,
            locked: Color::Reset,
            dim: Color::Reset,
            hint_key: Color::Reset,
            message: Color::Reset,
            error: Color::Reset,
            bar: Color::Reset,
            changed: Color::Reset,
        }
    }

    /// The field for a `colors` entry.
    fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "header" => &mut self.header,
            "title" => &mut self.title,
            "selection_bg" => &mut self.selection_bg,
            "balanced" => &mut self.balanced,
            "unallocated" => &mut self.unallocated,
            "over_allocated" => &mut self.over_allocated,
            "locked" => &mut self.locked,
            "dim" => &mut self.dim,
            "hint_key" => &mut self.hint_key,
            "message" => &mut self.message,
            "error" => &mut self.error,
            "bar" => &mut self.bar,
            "changed" => &mut self.changed,
            _ => return None,
        })
    }
}

pub use crate::say::NumberFormat;

// ---------------------------------------------------------------------------
// Config and loading
// ---------------------------------------------------------------------------

/// All settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Key bindings of the main screen.
    pub keys: KeyMap,
    /// Colours.
    pub theme: Theme,
    /// Number format.
    pub numbers: NumberFormat,
    /// How edits are made and recorded.
    pub editing: Editing,
    /// The interface's language (None: from `--lang` or the locale).
    pub language: Option<crate::i18n::Lang>,
}

/// The embedded defaults, read once.
static DEFAULTS: LazyLock<Config> = LazyLock::new(|| defaults_with_warnings().0);

impl Default for Config {
    /// The embedded defaults ([`DEFAULTS_JSON`]).
    fn default() -> Config {
        DEFAULTS.clone()
    }
}

impl Config {
    /// Nothing bound, terminal colours, `,` and one decimal: the base the
    /// embedded defaults are laid over.
    fn bare() -> Config {
        Config {
            keys: KeyMap::from_lists(HashMap::new()),
            theme: Theme::bare(),
            numbers: NumberFormat {
                thousands_separator: Some(','),
                percent_decimals: 1,
            },
            editing: Editing::default(),
            language: None,
        }
    }
}

/// The embedded defaults and any problems with them (a test checks there
/// are none).
fn defaults_with_warnings() -> (Config, Vec<String>) {
    overlay(
        &Config::bare(),
        DEFAULTS_JSON.as_bytes(),
        "built-in defaults",
    )
}

/// Where the user's `config.json` lives: `$ALLOT_CONFIG_DIR` if set and not
/// empty, else the platform's configuration directory for allot (for
/// example `~/.config/allot` on Linux). `None` when neither is known.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "allot").map(|p| p.config_dir().to_path_buf()),
    }
}

/// The defaults overlaid with `<dir>/config.json` when it exists. Never
/// fails: each problem becomes a warning (a sentence naming the file and
/// the entry) and the entry keeps its default. A missing file or `None`
/// gives the defaults without warnings.
pub fn load_from(dir: Option<&Path>) -> (Config, Vec<String>) {
    let base = Config::default();
    let Some(dir) = dir else {
        return (base, Vec::new());
    };
    let path = dir.join(FILE_NAME);
    let source = path.display().to_string();
    // Never blocks on a FIFO, never reads a device: a settings file is a
    // small regular file.
    match crate::storage::file::read_regular(&path, Some(CONFIG_LIMIT)) {
        Ok(bytes) => overlay(&base, &bytes, &source),
        Err(crate::storage::file::FileError::NotFound) => (base, Vec::new()),
        Err(e) => {
            let warning = format!(
                "{source}: {}",
                crate::t!("settings-unreadable", error = e.to_string())
            );
            (base, vec![printable(&warning)])
        }
    }
}

/// Settings files above this size are refused (they are a few kilobytes).
const CONFIG_LIMIT: u64 = 1 << 20;

/// The defaults overlaid with the user's settings from [`config_dir`]; see
/// [`load_from`].
pub fn load() -> (Config, Vec<String>) {
    load_from(config_dir().as_deref())
}

/// `base` overlaid with the settings in `text`, read from `source`.
fn overlay(base: &Config, text: &[u8], source: &str) -> (Config, Vec<String>) {
    let mut loader = Loader {
        source,
        warnings: Vec::new(),
    };
    let config = loader.overlay(base, text);
    (config, loader.warnings)
}

/// Collects warnings while laying a settings file over a base.
struct Loader<'a> {
    source: &'a str,
    warnings: Vec<String>,
}

impl Loader<'_> {
    /// Records `message` about `entry` (a path such as `keys.undo`; empty
    /// for the whole file).
    fn warn(&mut self, entry: &str, message: &str) {
        let text = if entry.is_empty() {
            format!("{}: {message}", self.source)
        } else {
            format!("{}: {entry}: {message}", self.source)
        };
        self.warnings.push(printable(&text));
    }

    /// Warns about an unknown name, suggesting a close one from `known`, or
    /// listing them all when `list` is set.
    fn unknown(&mut self, entry: &str, what: &str, name: &str, known: &[&str], list: bool) {
        let hint = match suggest(name, known) {
            Some(close) => crate::t!("settings-did-you-mean", name = close),
            None if list => crate::t!("settings-known", names = known.join(", ")),
            None => String::new(),
        };
        let what = crate::i18n::tr(&format!("settings-what-{}", what.replace(' ', "-")), &[]);
        self.warn(
            entry,
            &crate::t!("settings-unknown", what = what, hint = hint),
        );
    }

    fn overlay(&mut self, base: &Config, text: &[u8]) -> Config {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            return base.clone();
        }
        let root = match serde_json::from_slice::<Value>(text) {
            Ok(root) => root,
            Err(e) => {
                let full = e.to_string();
                let place = format!(" at line {} column {}", e.line(), e.column());
                let reason = full.strip_suffix(&place).unwrap_or(&full);
                let message = format!(
                    "{}:{}:{}: {}",
                    self.source,
                    e.line(),
                    e.column(),
                    crate::t!("settings-bad-json", reason = reason)
                );
                self.warnings.push(printable(&message));
                return base.clone();
            }
        };
        let Value::Object(sections) = root else {
            self.warn("", &crate::t!("settings-not-object"));
            return base.clone();
        };
        let mut config = base.clone();
        for (section, value) in &sections {
            match section.as_str() {
                "keys" => config.keys = self.keys(&base.keys, value),
                "colors" => self.colors(&mut config.theme, value),
                "numbers" => self.numbers(&mut config.numbers, value),
                "editing" => self.editing(&mut config.editing, value),
                "language" => self.language(&mut config.language, value),
                other => self.unknown(other, "section", other, SECTIONS, true),
            }
        }
        config
    }

    /// The `keys` section laid over `base`.
    fn keys(&mut self, base: &KeyMap, value: &Value) -> KeyMap {
        let Value::Object(entries) = value else {
            self.warn(
                "keys",
                &crate::t!("settings-keys-object", value = describe(value)),
            );
            return base.clone();
        };
        let user = self.user_lists(entries);
        let claimed: HashSet<KeyBinding> = user.values().flatten().copied().collect();
        let mut lists: HashMap<Command, Vec<KeyBinding>> = COMMANDS
            .iter()
            .map(|spec| {
                let keys = user.get(&spec.command).cloned().unwrap_or_else(|| {
                    let defaults = base.keys(spec.command).iter();
                    defaults.filter(|k| !claimed.contains(k)).copied().collect()
                });
                (spec.command, keys)
            })
            .collect();
        self.keep_reachable(base, &user, &mut lists);
        for spec in COMMANDS {
            if !lists[&spec.command].is_empty() {
                continue;
            }
            let name = spec.name;
            let entry = format!("keys.{name}");
            if user.get(&spec.command).is_some_and(|keys| !keys.is_empty()) {
                self.warn(&entry, &crate::t!("keys-none-left", name = name));
            } else if user.contains_key(&spec.command) || base.keys(spec.command).is_empty() {
                self.warn(&entry, &crate::t!("keys-unbound", name = name));
            } else {
                let taken = match base.keys(spec.command) {
                    [one] => crate::t!("keys-default-taken", key = one.to_string()),
                    _ => crate::t!("keys-defaults-taken", keys = base.label(spec.command)),
                };
                self.warn(
                    "keys",
                    &crate::t!("keys-no-key-left", name = name, why = taken),
                );
            }
        }
        KeyMap::from_lists(lists)
    }

    /// The user's key lists by command. A key claimed by two entries stays
    /// with the first; an entry with keys but none usable is left out.
    fn user_lists(&mut self, entries: &Map<String, Value>) -> HashMap<Command, Vec<KeyBinding>> {
        let mut owner: HashMap<KeyBinding, &'static Spec> = HashMap::new();
        let mut user = HashMap::new();
        for (name, value) in entries {
            let entry = format!("keys.{name}");
            let Some(spec) = COMMANDS.iter().find(|s| s.name == name) else {
                let names: Vec<&str> = COMMANDS.iter().map(|s| s.name).collect();
                self.unknown(&entry, "command", name, &names, false);
                continue;
            };
            let Value::Array(items) = value else {
                self.warn(
                    &entry,
                    &format!(
                        "expected a list of keys such as [\"u\", \"ctrl-z\"], found {}; \
                         keeping the default keys",
                        describe(value)
                    ),
                );
                continue;
            };
            let mut keys: Vec<KeyBinding> = Vec::new();
            for item in items {
                let Value::String(text) = item else {
                    self.warn(
                        &entry,
                        &crate::t!("keys-not-string", value = describe(item)),
                    );
                    continue;
                };
                let key = match parse_key(text) {
                    Ok(key) => key,
                    Err(e) => {
                        self.warn(&entry, &format!("{e}; ignored"));
                        continue;
                    }
                };
                if keys.contains(&key) {
                    continue;
                }
                if let Some(other) = owner.get(&key) {
                    self.warn(
                        &entry,
                        &crate::t!(
                            "keys-taken-earlier",
                            key = text.as_str(),
                            other = other.name
                        ),
                    );
                    continue;
                }
                owner.insert(key, spec);
                keys.push(key);
            }
            if keys.is_empty() && !items.is_empty() {
                self.warn(&entry, &crate::t!("keys-none-usable"));
                continue;
            }
            user.insert(spec.command, keys);
        }
        user
    }

    /// Gives quit and help their default keys back if they were left with
    /// none, taking those keys from other commands.
    fn keep_reachable(
        &mut self,
        base: &KeyMap,
        user: &HashMap<Command, Vec<KeyBinding>>,
        lists: &mut HashMap<Command, Vec<KeyBinding>>,
    ) {
        let mut restored = HashSet::new();
        // Restoring one can empty the other, so go round until stable; each
        // is restored at most once, so this ends.
        loop {
            let mut changed = false;
            for must in [Command::Quit, Command::Help] {
                let defaults = base.keys(must);
                if !lists[&must].is_empty() || defaults.is_empty() || !restored.insert(must) {
                    continue;
                }
                let name = spec_of(must).name;
                let label = base.label(must);
                if user.get(&must).is_some_and(Vec::is_empty) {
                    self.warn(
                        &format!("keys.{name}"),
                        &crate::t!("keys-must-keep", name = name, keys = label.as_str()),
                    );
                } else {
                    self.warn(
                        "keys",
                        &format!(
                            "\"{name}\" must keep a key; its default keys {label} are taken \
                             back from the commands they were given to"
                        ),
                    );
                }
                for (c, keys) in lists.iter_mut() {
                    if *c != must {
                        keys.retain(|k| !defaults.contains(k));
                    }
                }
                lists.insert(must, defaults.to_vec());
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    /// The `colors` section laid over `theme`.
    fn colors(&mut self, theme: &mut Theme, value: &Value) {
        let Value::Object(entries) = value else {
            self.warn(
                "colors",
                &crate::t!("settings-colors-object", value = describe(value)),
            );
            return;
        };
        for (name, value) in entries {
            let entry = format!("colors.{name}");
            let Some(slot) = theme.slot(name) else {
                self.unknown(&entry, "colour entry", name, COLOR_NAMES, true);
                continue;
            };
            let color = match value {
                Value::String(s) => Color::from_str(s).ok(),
                Value::Number(n) => n
                    .as_u64()
                    .and_then(|i| u8::try_from(i).ok())
                    .map(Color::Indexed),
                _ => None,
            };
            match color {
                Some(color) => *slot = color,
                None => self.warn(
                    &entry,
                    &crate::t!("settings-not-colour", value = describe(value)),
                ),
            }
        }
    }

    /// The `language` setting: `"zh-CN"`, `"en"`, or `"auto"` (or null)
    /// for the locale's.
    fn language(&mut self, language: &mut Option<crate::i18n::Lang>, value: &Value) {
        match value {
            Value::Null => *language = None,
            Value::String(s) if s.trim().eq_ignore_ascii_case("auto") => *language = None,
            Value::String(s) => match crate::i18n::Lang::parse(s) {
                Some(l) => *language = Some(l),
                None => self.warn(
                    "language",
                    &crate::t!("settings-language-unknown", value = describe(value)),
                ),
            },
            _ => self.warn(
                "language",
                &crate::t!("settings-language-type", value = describe(value)),
            ),
        }
    }

    /// The `editing` section laid over `editing`.
    fn editing(&mut self, editing: &mut Editing, value: &Value) {
        let Value::Object(entries) = value else {
            self.warn(
                "editing",
                &crate::t!("settings-editing-object", value = describe(value)),
            );
            return;
        };
        for (name, value) in entries {
            let entry = format!("editing.{name}");
            match (name.as_str(), value) {
                ("preview", Value::Bool(b)) => editing.preview = *b,
                ("require_reason", Value::Bool(b)) => editing.require_reason = *b,
                ("user", Value::String(u)) => {
                    let u = u.trim();
                    editing.user = (!u.is_empty()).then(|| u.to_owned());
                }
                ("user", Value::Null) => editing.user = None,
                ("preview" | "require_reason", _) => self.warn(
                    &entry,
                    &crate::t!("settings-not-bool", value = describe(value)),
                ),
                ("user", _) => self.warn(
                    &entry,
                    &crate::t!("settings-not-name", value = describe(value)),
                ),
                _ => self.unknown(&entry, "editing setting", name, EDITING_ENTRIES, true),
            }
        }
    }

    /// The `numbers` section laid over `numbers`.
    fn numbers(&mut self, numbers: &mut NumberFormat, value: &Value) {
        let Value::Object(entries) = value else {
            self.warn(
                "numbers",
                &crate::t!("settings-numbers-object", value = describe(value)),
            );
            return;
        };
        for (name, value) in entries {
            let entry = format!("numbers.{name}");
            match name.as_str() {
                "thousands_separator" => match separator(value) {
                    Ok(sep) => numbers.thousands_separator = sep,
                    Err(()) => self.warn(
                        &entry,
                        &crate::t!("settings-not-separator", value = describe(value)),
                    ),
                },
                "percent_decimals" => match value.as_u64().and_then(|d| u8::try_from(d).ok()) {
                    Some(d @ 0..=3) => numbers.percent_decimals = d,
                    _ => self.warn(
                        &entry,
                        &crate::t!("settings-not-decimals", value = describe(value)),
                    ),
                },
                _ => self.unknown(&entry, "number setting", name, NUMBER_ENTRIES, true),
            }
        }
    }
}

/// A thousands separator setting: `Ok(None)` for none, `Err` if invalid.
fn separator(value: &Value) -> Result<Option<char>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (None, _) => Ok(None),
                (Some(c), None) if SEPARATORS.contains(&c) => Ok(Some(c)),
                _ => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// A JSON value, shortly, for a warning.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("\"{head}...\"")
        }
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => crate::t!("json-list"),
        Value::Object(_) => crate::t!("json-object"),
        other => other.to_string(),
    }
}

/// The name in `known` closest to `name` (ignoring case), if within edit
/// distance 2 and not a complete rewrite; the first on ties.
fn suggest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let len = name.chars().count();
    known
        .iter()
        .map(|k| (edit_distance(&name, k), *k))
        .filter(|&(d, _)| d <= 2 && d < len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Levenshtein distance between `a` and `b`, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn key(s: &str) -> KeyBinding {
        parse_key(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    /// Loads `text` as a user's config.json; returns the file's path too.
    fn load_text(text: &str) -> (Config, Vec<String>, String) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let (config, warnings) = load_from(Some(dir.path()));
        let path = dir.path().join(FILE_NAME).display().to_string();
        (config, warnings, path)
    }

    /// Loads `text`, expects exactly one warning, naming the file and
    /// containing every one of `needles`; returns the config.
    fn one_warning(text: &str, needles: &[&str]) -> Config {
        let (config, warnings, path) = load_text(text);
        assert_eq!(warnings.len(), 1, "{text}: {warnings:#?}");
        let w = &warnings[0];
        assert!(w.starts_with(&format!("{path}:")), "{w}");
        for needle in needles {
            assert!(w.contains(needle), "{w:?} should mention {needle:?}");
        }
        config
    }

    fn raw_defaults() -> Map<String, Value> {
        match serde_json::from_str(DEFAULTS_JSON).unwrap() {
            Value::Object(m) => m,
            _ => panic!("defaults are not an object"),
        }
    }

    fn default_key_strings() -> Vec<(String, Vec<String>)> {
        let raw = raw_defaults();
        raw["keys"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, list)| {
                let keys = list.as_array().unwrap();
                let keys = keys.iter().map(|k| k.as_str().unwrap().to_owned());
                (name.clone(), keys.collect())
            })
            .collect()
    }

    #[test]
    fn defaults_are_valid_and_complete() {
        let (config, warnings) = defaults_with_warnings();
        assert!(warnings.is_empty(), "{warnings:#?}");
        assert_eq!(config, Config::default());
        for spec in COMMANDS {
            assert!(
                !config.keys.keys(spec.command).is_empty(),
                "{} unbound",
                spec.name
            );
        }
        let raw = raw_defaults();
        let sections: Vec<&str> = raw.keys().map(String::as_str).collect();
        assert_eq!(sections, SECTIONS);
        let names: HashSet<&str> = raw["keys"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let commands: HashSet<&str> = COMMANDS.iter().map(|s| s.name).collect();
        assert_eq!(names, commands);
        let colors: Vec<&str> = raw["colors"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(colors, COLOR_NAMES);
        let numbers: Vec<&str> = raw["numbers"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(numbers, NUMBER_ENTRIES);
        // No default key is given to two commands (none was silently dropped).
        let total: usize = default_key_strings().iter().map(|(_, k)| k.len()).sum();
        let bound: usize = COMMANDS
            .iter()
            .map(|s| config.keys.keys(s.command).len())
            .sum();
        assert_eq!(total, bound);
        // Every colour was set by the file.
        let mut theme = config.theme;
        for name in COLOR_NAMES {
            assert_ne!(*theme.slot(name).unwrap(), Color::Reset, "{name}");
        }
    }

    #[test]
    fn default_keys_round_trip_through_labels() {
        let config = Config::default();
        for (name, keys) in default_key_strings() {
            let spec = COMMANDS.iter().find(|s| s.name == name).unwrap();
            let parsed: Vec<KeyBinding> = keys.iter().map(|k| key(k)).collect();
            assert_eq!(config.keys.keys(spec.command), parsed.as_slice(), "{name}");
            for (text, k) in keys.iter().zip(&parsed) {
                assert_eq!(&k.label(), text);
                assert_eq!(key(&k.label()), *k);
            }
            assert_eq!(config.keys.label(spec.command), keys.join("/"));
        }
    }

    #[test]
    fn labels() {
        let keys = Config::default().keys;
        assert_eq!(keys.label(Command::Edit), "enter/e");
        assert_eq!(keys.label(Command::Save), "ctrl-s");
        assert_eq!(keys.label(Command::Toggle), "space");
        assert_eq!(keys.label(Command::Help), "?/f1");
        assert_eq!(keys.keys(Command::Redo), &[key("ctrl-r"), key("ctrl-y")]);
        let (config, _, _) = load_text(r#"{"keys": {"fill": []}}"#);
        assert_eq!(config.keys.label(Command::Fill), "");
        assert_eq!(key("alt-X").to_string(), "alt-X");
        assert_eq!(key("shift-up").label(), "shift-up");
        assert_eq!(key("ctrl-alt-shift-f5").label(), "ctrl-alt-shift-f5");
        assert_eq!(
            KeyBinding::new(KeyCode::Null, KeyModifiers::NONE).label(),
            "null"
        );
    }

    #[test]
    fn key_notation() {
        let plain = |code| KeyBinding {
            code,
            modifiers: KeyModifiers::NONE,
        };
        assert_eq!(key("a"), plain(KeyCode::Char('a')));
        assert_eq!(key("G"), plain(KeyCode::Char('G')));
        assert_eq!(key("shift-g"), key("G"));
        assert_eq!(key("shift-G"), key("G"));
        assert_eq!(key(" "), key("space"));
        assert_eq!(key("space"), plain(KeyCode::Char(' ')));
        assert_eq!(key("-"), plain(KeyCode::Char('-')));
        assert_eq!(
            key("ctrl--"),
            KeyBinding {
                code: KeyCode::Char('-'),
                modifiers: KeyModifiers::CONTROL
            }
        );
        assert_eq!(key("shift-tab"), plain(KeyCode::BackTab));
        assert_eq!(key("backtab"), plain(KeyCode::BackTab));
        assert_eq!(key("F1"), plain(KeyCode::F(1)));
        assert_eq!(key("f12"), plain(KeyCode::F(12)));
        assert_eq!(key("Enter"), plain(KeyCode::Enter));
        assert_eq!(key("page-up"), plain(KeyCode::PageUp));
        assert_eq!(key("PgDn"), plain(KeyCode::PageDown));
        assert_eq!(key("escape"), plain(KeyCode::Esc));
        assert_eq!(key("CTRL-s"), key("ctrl-s"));
        assert_eq!(
            key("shift-up"),
            KeyBinding {
                code: KeyCode::Up,
                modifiers: KeyModifiers::SHIFT
            }
        );
        assert_eq!(
            key("alt-shift-x"),
            KeyBinding {
                code: KeyCode::Char('X'),
                modifiers: KeyModifiers::ALT
            }
        );
        assert_eq!(key("é").label(), "é");
        for (bad, needle) in [
            ("", "empty"),
            ("ctrl-", "no key after"),
            ("ctrl-ctrl-s", "twice"),
            ("ctrl+z", "\"ctrl-z\""),
            ("f13", "f1 to f12"),
            ("f0", "f1 to f12"),
            ("pageupp", "not a key"),
            ("shift-/", "\"?\""),
            ("shift-space", "shift-"),
            ("ctrl-shift-s", "\"ctrl-s\""),
            ("ctrl-S", "\"ctrl-s\""),
            ("ctrl-alt-S", "\"ctrl-alt-s\""),
            ("\t", "control character"),
            ("super-x", "not a key"),
        ] {
            let err = parse_key(bad).expect_err(bad);
            assert!(err.contains(needle), "{bad:?}: {err}");
        }
    }

    #[test]
    fn events_match_however_terminals_report_them() {
        let keys = Config::default().keys;
        let none = KeyModifiers::NONE;
        let shift = KeyModifiers::SHIFT;
        let ctrl = KeyModifiers::CONTROL;
        let cases = [
            (ev(KeyCode::Char('G'), shift), Some(Command::Bottom)),
            (ev(KeyCode::Char('G'), none), Some(Command::Bottom)),
            (ev(KeyCode::Char('g'), shift), Some(Command::Bottom)),
            (ev(KeyCode::Char('g'), none), Some(Command::Top)),
            (ev(KeyCode::Char('s'), ctrl), Some(Command::Save)),
            (ev(KeyCode::Char('S'), ctrl), Some(Command::Save)),
            (ev(KeyCode::Char('S'), ctrl | shift), Some(Command::Save)),
            (ev(KeyCode::Char('s'), none), Some(Command::EditScale)),
            (ev(KeyCode::Char('s'), KeyModifiers::ALT), None),
            (ev(KeyCode::Char('?'), shift), Some(Command::Help)),
            (ev(KeyCode::Char('?'), none), Some(Command::Help)),
            (ev(KeyCode::Up, none), Some(Command::Up)),
            (ev(KeyCode::Down, none), Some(Command::Down)),
            (ev(KeyCode::Left, none), Some(Command::Left)),
            (ev(KeyCode::Right, none), Some(Command::Right)),
            (ev(KeyCode::Up, shift), None),
            (ev(KeyCode::Enter, none), Some(Command::Edit)),
            (ev(KeyCode::Char(' '), none), Some(Command::Toggle)),
            (ev(KeyCode::F(1), none), Some(Command::Help)),
            (ev(KeyCode::Char('c'), ctrl), Some(Command::Quit)),
            (ev(KeyCode::Char('z'), none), None),
        ];
        for (event, want) in cases {
            assert_eq!(keys.command(&event), want, "{event:?}");
        }
        let release = KeyEvent::new_with_kind(KeyCode::Char('q'), none, KeyEventKind::Release);
        assert_eq!(keys.command(&release), None);
        let repeat = KeyEvent::new_with_kind(KeyCode::Char('j'), none, KeyEventKind::Repeat);
        assert_eq!(keys.command(&repeat), Some(Command::Down));
        assert_eq!(
            KeyBinding::from_event(&ev(KeyCode::Tab, shift)),
            KeyBinding::from_event(&ev(KeyCode::BackTab, shift))
        );
        assert_eq!(
            KeyBinding::from_event(&ev(KeyCode::BackTab, shift)),
            key("backtab")
        );
    }

    #[test]
    fn a_partial_file_overrides_only_what_it_names() {
        let (config, warnings, _) = load_text(
            r##"{"keys": {"undo": ["U"]}, "colors": {"over_allocated": "#ff0000"},
                "numbers": {"thousands_separator": " "}}"##,
        );
        assert!(warnings.is_empty(), "{warnings:#?}");
        let defaults = Config::default();
        assert_eq!(config.keys.keys(Command::Undo), &[key("U")]);
        assert_eq!(
            config
                .keys
                .command(&ev(KeyCode::Char('u'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            config
                .keys
                .command(&ev(KeyCode::Char('z'), KeyModifiers::CONTROL)),
            None
        );
        for spec in COMMANDS.iter().filter(|s| s.command != Command::Undo) {
            assert_eq!(
                config.keys.keys(spec.command),
                defaults.keys.keys(spec.command)
            );
        }
        let mut want = defaults.theme;
        want.over_allocated = Color::Rgb(255, 0, 0);
        assert_eq!(config.theme, want);
        assert_eq!(config.numbers.thousands_separator, Some(' '));
        assert_eq!(config.numbers.percent_decimals, 1);
        assert_eq!(config.numbers.amount(69_250), "69 250");
    }

    #[test]
    fn user_keys_take_keys_from_defaults() {
        // "S" is free; "r" is edit_rebalance's only key.
        let (config, warnings, path) = load_text(r#"{"keys": {"redo": ["S", "r"]}}"#);
        assert_eq!(config.keys.keys(Command::Redo), &[key("S"), key("r")]);
        assert_eq!(
            config
                .keys
                .command(&ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            Some(Command::Redo)
        );
        assert!(config.keys.keys(Command::EditRebalance).is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].starts_with(&path));
        assert!(warnings[0].contains("edit_rebalance"), "{}", warnings[0]);

        // Taking one of two keys is silent.
        let (config, warnings, _) = load_text(r#"{"keys": {"redo": ["u"]}}"#);
        assert!(warnings.is_empty(), "{warnings:#?}");
        assert_eq!(config.keys.keys(Command::Undo), &[key("ctrl-z")]);
        assert_eq!(config.keys.keys(Command::Redo), &[key("u")]);
    }

    #[test]
    fn two_user_entries_claiming_a_key_keep_the_first() {
        let config = one_warning(
            r#"{"keys": {"undo": ["z"], "redo": ["z", "ctrl-y", "ctrl-y"]}}"#,
            &["keys.redo", "\"z\"", "\"undo\""],
        );
        assert_eq!(config.keys.keys(Command::Undo), &[key("z")]);
        assert_eq!(config.keys.keys(Command::Redo), &[key("ctrl-y")]);
    }

    #[test]
    fn key_warnings() {
        let u = [key("U")];
        let cases: &[(&str, &[&str])] = &[
            (
                r#"{"keys": {"qiut": ["x"], "undo": ["U"]}}"#,
                &["keys.qiut", "\"quit\""],
            ),
            (
                r#"{"keys": {"Undo": ["x"], "undo": ["U"]}}"#,
                &["keys.Undo", "\"undo\""],
            ),
            (
                r#"{"keys": {"undo": ["ctrl+z", "U"]}}"#,
                &["keys.undo", "\"ctrl+z\"", "ctrl-z"],
            ),
            (r#"{"keys": {"undo": [5, "U"]}}"#, &["keys.undo", "5"]),
            (
                r#"{"keys": {"redo": "x", "undo": ["U"]}}"#,
                &["keys.redo", "\"x\"", "list"],
            ),
            (
                r#"{"keys": {"undo": ["U"], "redo": {}}}"#,
                &["keys.redo", "an object"],
            ),
            (
                r#"{"keys": {"undo": ["U", "ctrl-shift-u"]}}"#,
                &["keys.undo", "ctrl-shift-u"],
            ),
        ];
        for (text, needles) in cases {
            let config = one_warning(text, needles);
            assert_eq!(config.keys.keys(Command::Undo), &u, "{text}");
            let defaults = Config::default();
            assert_eq!(
                config.keys.keys(Command::Redo),
                defaults.keys.keys(Command::Redo)
            );
        }
        // Far from every name: no suggestion.
        let (_, warnings, _) = load_text(r#"{"keys": {"frobnicate": ["x"]}}"#);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("keys.frobnicate"));
        assert!(!warnings[0].contains("did you mean"), "{}", warnings[0]);
        // Nothing usable: the defaults stay, and each problem is reported.
        let (config, warnings, _) = load_text(r#"{"keys": {"undo": ["ctrl+z", 1]}}"#);
        assert_eq!(config.keys, Config::default().keys);
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(
            warnings.iter().all(|w| w.contains("keys.undo")),
            "{warnings:#?}"
        );
        assert!(
            warnings[2].contains("keeping the default keys"),
            "{warnings:#?}"
        );
        // Not an object at all.
        let config = one_warning(
            r#"{"keys": ["u"], "numbers": {"percent_decimals": 2}}"#,
            &["keys"],
        );
        assert_eq!(config.keys, Config::default().keys);
        assert_eq!(config.numbers.percent_decimals, 2);
    }

    #[test]
    fn explicitly_unbound_commands_are_reported() {
        let config = one_warning(
            r#"{"keys": {"fill": []}}"#,
            &["keys.fill", "cannot be used"],
        );
        assert!(config.keys.keys(Command::Fill).is_empty());
        assert_eq!(
            config
                .keys
                .command(&ev(KeyCode::Char('f'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn quit_and_help_stay_reachable() {
        let defaults = Config::default().keys;
        let config = one_warning(
            r#"{"keys": {"quit": [], "undo": ["U"]}}"#,
            &["keys.quit", "q/ctrl-c"],
        );
        assert_eq!(
            config.keys.keys(Command::Quit),
            defaults.keys(Command::Quit)
        );
        assert_eq!(config.keys.keys(Command::Undo), &[key("U")]);

        // Taken away by other bindings: taken back, and the loser reported.
        let (config, warnings, _) = load_text(r#"{"keys": {"undo": ["q", "ctrl-c"]}}"#);
        assert_eq!(
            config.keys.keys(Command::Quit),
            defaults.keys(Command::Quit)
        );
        assert!(config.keys.keys(Command::Undo).is_empty());
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert!(warnings[0].contains("\"quit\""), "{}", warnings[0]);
        assert!(warnings[1].contains("keys.undo"), "{}", warnings[1]);
        assert!(warnings[1].contains("quit and help"), "{}", warnings[1]);

        // Restoring help takes "?" from quit, which then gets its own back.
        let (config, warnings, _) = load_text(r#"{"keys": {"quit": ["?"], "help": []}}"#);
        assert_eq!(
            config.keys.keys(Command::Help),
            defaults.keys(Command::Help)
        );
        assert_eq!(
            config.keys.keys(Command::Quit),
            defaults.keys(Command::Quit)
        );
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn color_warnings() {
        let defaults = Config::default().theme;
        let config = one_warning(
            r#"{"colors": {"locked": "purplish", "dim": "gray"}}"#,
            &["colors.locked", "\"purplish\""],
        );
        assert_eq!(config.theme.locked, defaults.locked);
        assert_eq!(config.theme.dim, Color::Gray);
        let config = one_warning(
            r#"{"colors": {"locked": true, "dim": 8}}"#,
            &["colors.locked", "true"],
        );
        assert_eq!(config.theme.dim, Color::Indexed(8));
        let config = one_warning(
            r##"{"colors": {"locked": 300, "dim": "#0a0B0c"}}"##,
            &["colors.locked", "300"],
        );
        assert_eq!(config.theme.dim, Color::Rgb(10, 11, 12));
        let config = one_warning(
            r#"{"colors": {"background": "red", "dim": "light-red"}}"#,
            &["colors.background", "over_allocated"],
        );
        assert_eq!(config.theme.dim, Color::LightRed);
        one_warning(
            r#"{"colors": {"over_alocated": "red"}}"#,
            &["colors.over_alocated", "\"over_allocated\""],
        );
        one_warning(r#"{"colors": "red"}"#, &["colors", "\"red\""]);
        let config = one_warning(
            r#"{"colours": {"dim": "red"}, "keys": {"undo": ["U"]}}"#,
            &["colours", "\"colors\""],
        );
        assert_eq!(config.keys.keys(Command::Undo), &[key("U")]);
        assert_eq!(config.theme, defaults);
    }

    #[test]
    fn number_format_warnings() {
        for bad in [r#""ab""#, r#""x""#, "1", "[]"] {
            let text = format!(
                r#"{{"numbers": {{"thousands_separator": {bad}, "percent_decimals": 2}}}}"#
            );
            let config = one_warning(&text, &["numbers.thousands_separator"]);
            assert_eq!(config.numbers.thousands_separator, Some(','));
            assert_eq!(config.numbers.percent_decimals, 2);
        }
        for bad in ["4", "-1", "1.5", r#""2""#, "null"] {
            let text = format!(
                r#"{{"numbers": {{"percent_decimals": {bad}, "thousands_separator": "_"}}}}"#
            );
            let config = one_warning(&text, &["numbers.percent_decimals", bad]);
            assert_eq!(config.numbers.percent_decimals, 1);
            assert_eq!(config.numbers.thousands_separator, Some('_'));
        }
        one_warning(
            r#"{"numbers": {"decimals": 2}}"#,
            &["numbers.decimals", "percent_decimals"],
        );
        for (text, want) in [
            (r#""""#, None),
            ("null", None),
            (r#""'""#, Some('\'')),
            (r#"".""#, Some('.')),
        ] {
            let (config, warnings, _) = load_text(&format!(
                r#"{{"numbers": {{"thousands_separator": {text}}}}}"#
            ));
            assert!(warnings.is_empty(), "{warnings:#?}");
            assert_eq!(config.numbers.thousands_separator, want);
        }
    }

    #[test]
    fn broken_or_odd_files() {
        let defaults = Config::default();
        let (config, warnings, path) = load_text("{\n  \"keys\": {\"undo\": [\"U\"],}\n}\n");
        assert_eq!(config, defaults);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(
            warnings[0].starts_with(&format!("{path}:2:")),
            "{}",
            warnings[0]
        );
        assert!(!warnings[0].contains(" at line "), "{}", warnings[0]);

        let config = one_warning("[1, 2]", &["JSON object"]);
        assert_eq!(config, defaults);

        let (config, warnings, _) = load_text("");
        assert!(warnings.is_empty());
        assert_eq!(config, defaults);
        let (config, warnings, _) = load_text("\u{feff}{\"keys\": {\"undo\": [\"U\"]}}");
        assert!(warnings.is_empty(), "{warnings:#?}");
        assert_eq!(config.keys.keys(Command::Undo), &[key("U")]);

        // Control characters never reach the terminal through a warning.
        let (_, warnings, _) = load_text("{\"keys\": {\"\\u001b[2J\": []}}");
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].contains('\u{1b}'), "{:?}", warnings[0]);

        // Not UTF-8.
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(FILE_NAME),
            b"{\"keys\": {\"undo\": [\"\xff\"]}}",
        )
        .unwrap();
        let (config, warnings) = load_from(Some(dir.path()));
        assert_eq!(config, defaults);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

    #[test]
    fn missing_or_unreadable_files() {
        let defaults = Config::default();
        assert_eq!(load_from(None), (defaults.clone(), Vec::new()));
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_from(Some(dir.path())), (defaults.clone(), Vec::new()));
        let gone = dir.path().join("no-such-dir");
        assert_eq!(load_from(Some(&gone)), (defaults.clone(), Vec::new()));
        // A directory where the file should be cannot be read.
        fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
        let (config, warnings) = load_from(Some(dir.path()));
        assert_eq!(config, defaults);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].contains("cannot read"), "{}", warnings[0]);
        assert!(warnings[0].contains(FILE_NAME));
    }

    /// Runs in a child process (environment variables are process-wide, and
    /// changing them needs `unsafe` in edition 2024).
    #[test]
    fn config_dir_honours_the_environment_variable() {
        const CHILD: &str = "ALLOT_CONFIG_TEST_CHILD";
        let project = || {
            directories::ProjectDirs::from("", "", "allot").map(|p| p.config_dir().to_path_buf())
        };
        match std::env::var(CHILD).ok().as_deref() {
            Some("set") => {
                let dir = PathBuf::from(std::env::var_os("ALLOT_CONFIG_DIR").unwrap());
                assert_eq!(config_dir(), Some(dir));
                let (config, warnings) = load();
                assert!(warnings.is_empty(), "{warnings:#?}");
                assert_eq!(config.keys.keys(Command::Undo), &[key("U")]);
                return;
            }
            Some("empty") => {
                assert_eq!(std::env::var_os("ALLOT_CONFIG_DIR").unwrap(), "");
                assert_eq!(config_dir(), project());
                return;
            }
            Some(other) => panic!("unknown child mode {other}"),
            None => {}
        }
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), r#"{"keys": {"undo": ["U"]}}"#).unwrap();
        let module = module_path!().split_once("::").map_or("", |(_, m)| m);
        let test = format!("{module}::config_dir_honours_the_environment_variable");
        for (mode, value) in [("set", dir.path().as_os_str()), ("empty", "".as_ref())] {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", &test, "--test-threads=1"])
                .env(CHILD, mode)
                .env("ALLOT_CONFIG_DIR", value)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{mode}: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                stdout.contains("1 passed"),
                "{mode}: the child ran no test: {stdout}"
            );
        }
    }

    #[test]
    fn number_formats() {
        let fmt = |sep, decimals| NumberFormat {
            thousands_separator: sep,
            percent_decimals: decimals,
        };
        let default = Config::default().numbers;
        assert_eq!(default, fmt(Some(','), 1));
        assert_eq!(default.amount(0), "0");
        assert_eq!(default.amount(69_250), "69,250");
        assert_eq!(
            default.amount(1_000_000_000_000_000),
            "1,000,000,000,000,000"
        );
        assert_eq!(fmt(Some(' '), 1).amount(69_250), "69 250");
        assert_eq!(fmt(None, 1).amount(69_250), "69250");
        assert_eq!(fmt(Some('.'), 1).amount(1_234_567), "1.234.567");
        assert_eq!(fmt(Some('\''), 1).amount(1_234_567), "1'234'567");
        assert_eq!(fmt(Some('_'), 1).amount(999), "999");
        assert_eq!(default.signed(-1200), "-1,200");
        assert_eq!(default.signed(1200), "1,200");
        assert_eq!(fmt(None, 1).signed(i128::MIN), i128::MIN.to_string());
        let share = |f: NumberFormat, p: u128, w: u128| f.share(p, w).unwrap();
        assert_eq!(share(default, 5771, 10_000), "57.7%");
        assert_eq!(share(fmt(Some(','), 0), 5771, 10_000), "58%");
        assert_eq!(share(fmt(Some(','), 2), 5771, 10_000), "57.71%");
        // Three decimals are three real decimals (not a 0 appended).
        assert_eq!(share(fmt(Some(','), 3), 57_713, 100_000), "57.713%");
        assert_eq!(share(fmt(Some(','), 9), 57_713, 100_000), "57.713%");
        // Rounded once: 1.346% is 1.3%, 1.496% at 0 decimals is 1%, 0.0549%
        // is 0.1%.
        assert_eq!(share(default, 1346, 100_000), "1.3%");
        assert_eq!(share(fmt(Some(','), 0), 1496, 100_000), "1%");
        assert_eq!(share(default, 549, 1_000_000), "0.1%");
        assert_eq!(share(default, 1, 1_000_000), "<0.1%");
        assert_eq!(share(default, 12_345_678, 10_000), "123,456.8%");
        assert_eq!(default.share(1, 0), None);
        assert_eq!(share(fmt(Some('.'), 1), 12_345_678, 10_000), "123.456,8%");
        assert_eq!(fmt(Some('.'), 1).decimal_mark(), ',');
        assert_eq!(share(fmt(None, 2), 12_345_678, 10_000), "123456.78%");
        assert_eq!(share(fmt(Some(' '), 1), 10_000, 10_000), "100.0%");
    }

    #[test]
    fn warnings_speak_the_language_in_use() {
        use crate::i18n::{Lang, with};
        let (_, w, _) = with(Lang::ZhCn, || {
            load_text(r#"{"colours": {}, "keys": {"quit": ["ctrl+q"]}}"#)
        });
        let all = w.join("\n");
        assert!(all.contains("未知的设置节"), "{all}");
        assert!(all.contains("是否想写 \"colors\""), "{all}");
        assert!(all.contains("修饰键请用短横线连接"), "{all}");
        let (_, w, _) = with(Lang::En, || load_text(r#"{"colours": {}}"#));
        assert!(
            w[0].contains("unknown section (did you mean \"colors\"?)"),
            "{w:?}"
        );
    }

    #[test]
    fn the_language_setting() {
        let (c, w, _) = load_text(r#"{"language": "zh-CN"}"#);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(c.language, Some(crate::i18n::Lang::ZhCn));
        let (c, _, _) = load_text(r#"{"language": "auto"}"#);
        assert_eq!(c.language, None);
        let c = one_warning(r#"{"language": "klingon"}"#, &["language", "zh-CN"]);
        assert_eq!(c.language, None);
        one_warning(r#"{"language": 3}"#, &["language", "auto"]);
    }

    #[test]
    fn editing_settings() {
        let (config, warnings, _) = load_text(
            r#"{"editing": {"preview": false, "require_reason": true, "user": " 李明 "}}"#,
        );
        assert!(warnings.is_empty(), "{warnings:#?}");
        assert!(!config.editing.preview);
        assert!(config.editing.require_reason);
        assert_eq!(config.editing.user.as_deref(), Some("李明"));
        let c = one_warning(
            r#"{"editing": {"preview": "no"}}"#,
            &["editing.preview", "true or false"],
        );
        assert!(c.editing.preview);
        let c = one_warning(
            r#"{"editing": {"user": 7}}"#,
            &["editing.user", "login name"],
        );
        assert_eq!(c.editing.user, None);
        one_warning(
            r#"{"editing": {"previe": true}}"#,
            &["editing.previe", "\"preview\""],
        );
        one_warning(r#"{"editing": 3}"#, &["editing", "keeping the defaults"]);
        let (c, _, _) = load_text(r#"{"editing": {"user": ""}}"#);
        assert_eq!(c.editing.user, None);
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("qiut", "quit"), 2);
        assert_eq!(suggest("colours", SECTIONS), Some("colors"));
        assert_eq!(suggest("x", &["up"]), None);
        assert_eq!(suggest("QUIT", &["quit"]), Some("quit"));
        assert_eq!(suggest("zzzzzz", COLOR_NAMES), None);
    }
}
