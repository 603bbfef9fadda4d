//! The reconcile view of `allot merge A B -o OUT` in a terminal: every
//! difference of the two plans listed with both figures; for each the
//! planner takes A, takes B, or types a figure. A decision that would make
//! the plan inconsistent is refused with the reason and changes nothing;
//! each decision is one undoable step. Below the list, the plan being
//! built: the figures of the selected difference's node, its parent and
//! the national totals, with their remainders. Saving writes OUT when
//! everything is resolved, or asks.
//!
//! Keys come from [`KEYS`], which also gives the hints bar.

use std::io;
use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::config::{Config, Theme};
use super::line::{LineInput, TextOp};
use crate::core::layout::Sel;
use crate::core::merge::{Choice, Item, Merge, Side};
use crate::core::text::{fit_pad_left, fit_pad_right, printable, width};
use crate::core::value::{ValueContext, parse_value};
use crate::core::{NodeIx, ROOT};
use crate::report::merge::{MergeRequest, check_output, read_both, write_merged};
use crate::say::{self, NumberFormat};

/// What the reconcile view can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Up one difference.
    Up,
    /// Down one difference.
    Down,
    /// The first difference.
    First,
    /// The last difference.
    Last,
    /// The next undecided difference.
    NextOpen,
    /// Take plan A's side.
    TakeA,
    /// Take plan B's side.
    TakeB,
    /// Type a figure.
    Type,
    /// Undecide.
    Clear,
    /// Undo the last decision.
    Undo,
    /// Redo.
    Redo,
    /// Write the merged plan.
    Save,
    /// Leave.
    Quit,
}

/// The key table: keys, the action, and the hint (empty: not in the bar).
pub const KEYS: &[(&str, Action, &str)] = &[
    ("a", Action::TakeA, "take A"),
    ("b", Action::TakeB, "take B"),
    ("Enter =", Action::Type, "type"),
    ("s Ctrl-s", Action::Save, "save"),
    ("q Esc", Action::Quit, "quit"),
    ("u", Action::Undo, "undo"),
    ("n", Action::NextOpen, "next open"),
    ("x Del", Action::Clear, "undecide"),
    ("Ctrl-r", Action::Redo, "redo"),
    ("j Down", Action::Down, ""),
    ("k Up", Action::Up, ""),
    ("g Home", Action::First, ""),
    ("G End", Action::Last, ""),
];

/// The action of a key press on the list.
fn action(k: &KeyEvent) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let name = match k.code {
        KeyCode::Char('r') if ctrl => "Ctrl-r",
        KeyCode::Char('s') if ctrl => "Ctrl-s",
        KeyCode::Char(c) if !ctrl => return key_named(&c.to_string()),
        KeyCode::Enter => "Enter",
        KeyCode::Delete => "Del",
        KeyCode::Esc => "Esc",
        KeyCode::Down => "Down",
        KeyCode::Up => "Up",
        KeyCode::Home => "Home",
        KeyCode::End => "End",
        _ => return None,
    };
    key_named(name)
}

fn key_named(name: &str) -> Option<Action> {
    KEYS.iter()
        .find(|(keys, _, _)| keys.split(' ').any(|k| k == name))
        .map(|(_, a, _)| *a)
}

/// A question waiting for y or n.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// Save with differences undecided (they keep A's side).
    SaveOpen,
    /// Quit with decisions not saved.
    QuitUnsaved,
}

/// What the view asks the loop to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Write the merged plan.
    Save,
}

/// The reconcile view.
pub struct Reconcile {
    merge: Merge,
    names: (String, String, String),
    selected: usize,
    typing: Option<LineInput>,
    ask: Option<Ask>,
    message: Option<(String, bool)>,
    /// Decisions since the last save.
    dirty: bool,
    quit: bool,
    nf: NumberFormat,
    theme: Theme,
}

impl Reconcile {
    /// A view over `merge`; `names` are A's, B's and OUT's file names.
    pub fn new(merge: Merge, names: (&Path, &Path, &Path), config: &Config) -> Self {
        let show = |p: &Path| {
            printable(&p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ))
        };
        Self {
            merge,
            names: (show(names.0), show(names.1), show(names.2)),
            selected: 0,
            typing: None,
            ask: None,
            message: None,
            dirty: false,
            quit: false,
            nf: config.numbers,
            theme: config.theme,
        }
    }

    /// The merge.
    pub fn merge(&self) -> &Merge {
        &self.merge
    }

    /// Whether the planner has left.
    pub fn wants_quit(&self) -> bool {
        self.quit
    }

    /// The message shown (text, whether it is an error).
    pub fn message(&self) -> Option<&(String, bool)> {
        self.message.as_ref()
    }

    /// The saving was done (or failed with the reason).
    pub fn saved(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.dirty = false;
                self.message = Some((crate::t!("saved", file = self.names.2.as_str()), false));
            }
            Err(m) => self.message = Some((crate::t!("merge-not-saved", why = m), true)),
        }
    }

    /// A terminal event.
    pub fn event(&mut self, ev: &Event) -> Option<Effect> {
        let Event::Key(k) = ev else { return None };
        if k.kind != KeyEventKind::Press {
            return None;
        }
        self.key(k)
    }

    /// A key press.
    pub fn key(&mut self, k: &KeyEvent) -> Option<Effect> {
        if let Some(ask) = self.ask {
            return self.answer(ask, k);
        }
        if self.typing.is_some() {
            self.type_key(k);
            return None;
        }
        let a = action(k)?;
        self.act(a)
    }

    fn answer(&mut self, ask: Ask, k: &KeyEvent) -> Option<Effect> {
        let yes = matches!(k.code, KeyCode::Char('y' | 'Y'));
        let no = matches!(k.code, KeyCode::Char('n' | 'N') | KeyCode::Esc);
        if !yes && !no {
            return None;
        }
        self.ask = None;
        self.message = None;
        match (ask, yes) {
            (Ask::SaveOpen, true) => Some(Effect::Save),
            (Ask::QuitUnsaved, true) => {
                self.quit = true;
                None
            }
            (_, false) => None,
        }
    }

    /// Perform `a`.
    pub fn act(&mut self, a: Action) -> Option<Effect> {
        let n = self.merge.items().len();
        self.message = None;
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::First => self.selected = 0,
            Action::Last => self.selected = n.saturating_sub(1),
            Action::NextOpen => {
                let next = (1..=n)
                    .map(|d| (self.selected + d) % n.max(1))
                    .find(|&i| self.merge.choice(i).is_none());
                match next {
                    Some(i) => self.selected = i,
                    None => self.message = Some((crate::t!("merge-all-decided"), false)),
                }
            }
            Action::TakeA => self.decide(Some(Choice::Take(Side::A))),
            Action::TakeB => self.decide(Some(Choice::Take(Side::B))),
            Action::Clear => self.decide(None),
            Action::Type => self.start_typing(),
            Action::Undo | Action::Redo => {
                let done = if a == Action::Undo {
                    self.merge.undo()
                } else {
                    self.merge.redo()
                };
                if done {
                    self.dirty = true;
                } else {
                    let what = if a == Action::Undo {
                        crate::t!("refusal-nothing-to-undo")
                    } else {
                        crate::t!("refusal-nothing-to-redo")
                    };
                    self.message = Some((what, false));
                }
            }
            Action::Save => {
                let open = self.merge.unresolved();
                if open == 0 {
                    return Some(Effect::Save);
                }
                self.ask = Some(Ask::SaveOpen);
                self.message = Some((crate::t!("merge-save-open", count = open), false));
            }
            Action::Quit => {
                if self.dirty {
                    self.ask = Some(Ask::QuitUnsaved);
                    self.message = Some((crate::t!("merge-quit-unsaved"), false));
                } else {
                    self.quit = true;
                }
            }
        }
        None
    }

    fn decide(&mut self, choice: Option<Choice>) {
        let i = self.selected;
        if i >= self.merge.items().len() {
            return;
        }
        match self.merge.decide(i, choice) {
            Ok(()) => {
                self.dirty = true;
                // On to the next open difference, as a spreadsheet moves
                // down after Enter.
                if choice.is_some() {
                    let n = self.merge.items().len();
                    if let Some(j) = (i + 1..n).find(|&j| self.merge.choice(j).is_none()) {
                        self.selected = j;
                    }
                }
            }
            Err(r) => {
                let plans = [self.merge.result(), self.merge.a(), self.merge.b()];
                self.message = Some((
                    format!("refused: {}", say::merge_refusal(&r, &plans, &self.nf)),
                    true,
                ));
            }
        }
    }

    fn start_typing(&mut self) {
        let Some(Item::Figure(c)) = self.merge.items().get(self.selected) else {
            self.message = Some((crate::t!("merge-type-figure-only"), true));
            return;
        };
        let now = match self.merge.choice(self.selected) {
            Some(Choice::Value(v)) => v,
            Some(Choice::Take(Side::B)) => c.b,
            _ => c.a,
        };
        self.typing = Some(LineInput::prefilled(&now.to_string()));
    }

    fn type_key(&mut self, k: &KeyEvent) {
        let Some(line) = self.typing.as_mut() else {
            return;
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let op = match k.code {
            KeyCode::Esc => {
                self.typing = None;
                return;
            }
            KeyCode::Enter => {
                let text = line.text().to_owned();
                self.submit(&text);
                return;
            }
            KeyCode::Char('a') if ctrl => TextOp::Home,
            KeyCode::Char('e') if ctrl => TextOp::End,
            KeyCode::Char('w') if ctrl => TextOp::DeleteWord,
            KeyCode::Char('u') if ctrl => TextOp::KillToStart,
            KeyCode::Char('k') if ctrl => TextOp::KillToEnd,
            KeyCode::Char(c) if !ctrl => TextOp::Insert(c),
            KeyCode::Backspace => TextOp::Backspace,
            KeyCode::Delete => TextOp::Delete,
            KeyCode::Left => TextOp::Left,
            KeyCode::Right => TextOp::Right,
            KeyCode::Home => TextOp::Home,
            KeyCode::End => TextOp::End,
            _ => return,
        };
        line.apply(op);
    }

    fn submit(&mut self, text: &str) {
        let Some(Item::Figure(c)) = self.merge.items().get(self.selected) else {
            self.typing = None;
            return;
        };
        let current = match self.merge.choice(self.selected) {
            Some(Choice::Value(v)) => v,
            Some(Choice::Take(Side::B)) => c.b,
            _ => c.a,
        };
        let ctx = ValueContext {
            current,
            parent_value: None,
            parent_remainder: None,
        };
        match parse_value(text, &ctx) {
            Ok(v) => {
                self.typing = None;
                self.decide(Some(Choice::Value(v)));
            }
            Err(e) => self.message = Some((say::value_error(&e, &self.nf), true)),
        }
    }

    /// Draw the view.
    pub fn draw(&self, f: &mut Frame<'_>) {
        let area = f.area();
        let [head, list, built, msg, hints] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(6),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_head(f, head);
        self.draw_list(f, list);
        self.draw_built(f, built);
        self.draw_message(f, msg);
        self.draw_hints(f, hints);
    }

    fn draw_head(&self, f: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let open = self.merge.unresolved();
        let n = self.merge.items().len();
        let right = if n == 0 {
            crate::t!("merge-same")
        } else if open == 0 {
            crate::t!("merge-decided", count = n)
        } else {
            crate::t!("merge-unresolved", open = open, count = n)
        };
        let w = usize::from(area.width);
        let left = crate::t!(
            "merge-head",
            a = self.names.0.as_str(),
            b = self.names.1.as_str(),
            out = self.names.2.as_str()
        );
        let room = w.saturating_sub(width(&right) + 1);
        let line = Line::from(vec![
            Span::styled(
                fit_pad_right(&left, room),
                Style::new().fg(t.title).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" "),
            Span::styled(
                right,
                Style::new().fg(if open == 0 { t.balanced } else { t.unallocated }),
            ),
        ]);
        f.render_widget(Paragraph::new(line), area);
    }

    /// The row of item `i`: mark, node, quota, A, B, merged.
    fn row(&self, i: usize, item: &Item) -> [String; 6] {
        let m = &self.merge;
        let choice = m.choice(i);
        let mark = match choice {
            None => "·",
            Some(Choice::Take(Side::A)) => "A",
            Some(Choice::Take(Side::B)) => "B",
            Some(Choice::Value(_)) => "=",
        };
        let names = |path: &[String]| {
            let plans = [m.b(), m.a()];
            let id = path.last();
            plans
                .iter()
                .find(|p| id.is_none_or(|id| p.find(id).is_some()))
                .map_or_else(|| path.join("/"), |p| say::path_names(p, path))
        };
        let amount = |v: u64| self.nf.amount64(v);
        match item {
            Item::Whole => [
                mark.to_owned(),
                crate::t!("merge-whole"),
                String::new(),
                crate::t!("merge-side", side = "A"),
                crate::t!("merge-side", side = "B"),
                side_word(choice),
            ],
            Item::Figure(c) => {
                let merged = match choice {
                    Some(Choice::Value(v)) => amount(v),
                    Some(Choice::Take(Side::B)) => amount(c.b),
                    Some(Choice::Take(Side::A)) => amount(c.a),
                    None => String::new(),
                };
                let quota = match &c.batch {
                    Some(b) => format!("{}@{b}", c.quota),
                    None => c.quota.clone(),
                };
                [
                    mark.to_owned(),
                    names(&c.path),
                    printable(&quota),
                    amount(c.a),
                    amount(c.b),
                    merged,
                ]
            }
            Item::Only { side, path } => {
                let here = |s: Side| {
                    if s == *side {
                        crate::t!("merge-present")
                    } else {
                        crate::t!("merge-absent")
                    }
                };
                let merged = match choice {
                    None => String::new(),
                    Some(Choice::Take(s)) if s == *side => crate::t!("merge-kept"),
                    Some(_) => crate::t!("merge-left-out"),
                };
                [
                    mark.to_owned(),
                    crate::t!(
                        "merge-only-in",
                        node = names(path),
                        side = side.letter().to_uppercase()
                    ),
                    crate::t!("preview-node"),
                    here(Side::A),
                    here(Side::B),
                    merged,
                ]
            }
            Item::Moved(mv) => {
                let parent = |p: &[String]| {
                    if p.len() <= 1 {
                        crate::t!("merge-top-level")
                    } else {
                        names(&p[..p.len() - 1])
                    }
                };
                [
                    mark.to_owned(),
                    crate::t!("merge-moved", node = names(std::slice::from_ref(&mv.id))),
                    crate::t!("merge-parent"),
                    parent(&mv.a_path),
                    parent(&mv.b_path),
                    side_word(choice),
                ]
            }
            Item::Renamed(r) => [
                mark.to_owned(),
                crate::t!("merge-renamed", node = r.id.as_str()),
                crate::t!("summary-name"),
                printable(&r.a_name),
                printable(&r.b_name),
                side_word(choice),
            ],
        }
    }

    fn draw_list(&self, f: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let block = Block::default()
            .borders(Borders::TOP | Borders::BOTTOM)
            .title(format!(" {} ", crate::t!("merge-differences")));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let w = usize::from(inner.width);
        // mark 1, node, quota 12, A 11, B 11, merged 11, gaps 5.
        let fig = if w >= 100 { 14 } else { 10 };
        let quota_w = if w >= 100 { 16 } else { 10 };
        let node_w = w.saturating_sub(2 + quota_w + 3 * fig + 4).max(8);
        let cells = |r: &[String; 6]| -> String {
            format!(
                "{} {} {} {} {} {}",
                fit_pad_right(&r[0], 1),
                fit_pad_right(&r[1], node_w),
                fit_pad_right(&r[2], quota_w),
                fit_pad_left(&r[3], fig),
                fit_pad_left(&r[4], fig),
                fit_pad_left(&r[5], fig)
            )
        };
        let head = [
            String::new(),
            crate::t!("preview-node"),
            crate::t!("summary-quota"),
            "A".to_owned(),
            "B".to_owned(),
            crate::t!("merge-merged"),
        ];
        let mut lines = vec![Line::styled(
            cells(&head),
            Style::new().fg(t.header).add_modifier(Modifier::BOLD),
        )];
        let rows = usize::from(inner.height).saturating_sub(1);
        let items = self.merge.items();
        let top = self.selected.saturating_sub(rows.saturating_sub(1));
        for (i, item) in items.iter().enumerate().skip(top).take(rows) {
            let mut style = match self.merge.choice(i) {
                None => Style::new().fg(t.unallocated),
                Some(_) => Style::new(),
            };
            if i == self.selected {
                style = style.bg(t.selection_bg).add_modifier(Modifier::BOLD);
            }
            lines.push(Line::styled(cells(&self.row(i, item)), style));
        }
        if items.is_empty() {
            lines.push(Line::raw(crate::t!("diff-same")));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    /// The plan being built around the selected difference: the node, its
    /// parent and the national figures, each with its remainder.
    fn draw_built(&self, f: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let plan = self.merge.result();
        let block = Block::default()
            .borders(Borders::BOTTOM)
            .title(format!(" {} ", crate::t!("merge-built-title")));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let item = self.merge.items().get(self.selected);
        // The node, or (for one not in the merged plan yet) the nearest
        // of its parents that is.
        let path: Vec<&str> = match item {
            Some(Item::Figure(c)) => c.path.iter().map(String::as_str).collect(),
            Some(Item::Only { path, .. }) => path.iter().map(String::as_str).collect(),
            Some(Item::Moved(m)) => m.b_path.iter().map(String::as_str).collect(),
            Some(Item::Renamed(r)) => r.path.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let node = path
            .iter()
            .rev()
            .find_map(|id| plan.find(id))
            .unwrap_or(ROOT);
        let sel = match item {
            Some(Item::Figure(c)) => c
                .batch
                .as_deref()
                .and_then(|b| plan.layout().batch_index(b))
                .map_or(Sel::Cumulative, Sel::Batch),
            _ => Sel::Cumulative,
        };
        let sel = if plan.layout().has_batches() {
            sel
        } else {
            Sel::Batch(0)
        };
        let mut chain: Vec<NodeIx> = vec![ROOT];
        if let Some(p) = plan.parent(node).filter(|&p| p != ROOT) {
            chain.push(p);
        }
        if node != ROOT {
            chain.push(node);
        }
        let kinds = plan.layout().kinds();
        // The selected difference's kind first.
        let mut order: Vec<usize> = (0..kinds.len()).collect();
        if let Some(Item::Figure(c)) = item
            && let Some(k) = plan.layout().kind_index(&c.quota)
        {
            order.retain(|&x| x != k);
            order.insert(0, k);
        }
        let w = usize::from(inner.width);
        let cell = if w >= 100 { 20 } else { 16 };
        let shown = (w.saturating_sub(12) / (cell + 1)).clamp(1, kinds.len().max(1));
        let order = &order[..shown.min(order.len())];
        let name_w = w.saturating_sub(shown * (cell + 1)).max(6);
        let mut head = vec![Span::raw(fit_pad_right("", name_w))];
        for k in order.iter().map(|&k| &kinds[k]) {
            head.push(Span::styled(
                format!(" {}", fit_pad_left(&printable(&k.id), cell)),
                Style::new().fg(t.header),
            ));
        }
        let mut lines = vec![Line::from(head)];
        for n in chain {
            let mut spans = vec![Span::raw(fit_pad_right(
                &say::node(&printable(plan.display_name(n))),
                name_w,
            ))];
            for &k in order {
                let v = plan.figure(n, k, sel);
                let rem = plan.figure_remainder(n, k, sel);
                let (text, color) = if !plan.is_parent(n) {
                    (self.nf.amount(v), t.dim)
                } else if rem < 0 {
                    (
                        format!("{} {}", self.nf.amount(v), self.nf.signed(rem)),
                        t.over_allocated,
                    )
                } else if rem > 0 {
                    (
                        format!("{} +{}", self.nf.amount(v), self.nf.signed(rem)),
                        t.unallocated,
                    )
                } else {
                    (format!("{} ✓", self.nf.amount(v)), t.balanced)
                };
                spans.push(Span::styled(
                    format!(" {}", fit_pad_left(&text, cell)),
                    Style::new().fg(color),
                ));
            }
            lines.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_message(&self, f: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        if let Some(line) = &self.typing {
            let label = crate::t!("merge-figure-label");
            let label = label.as_str();
            let room = usize::from(area.width).saturating_sub(width(label) + 1);
            let scroll = line.scroll(room);
            let text: String = line.text().chars().skip(scroll).collect();
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(label, Style::new().fg(t.header)),
                    Span::raw(fit_pad_right(&text, room)),
                ])),
                area,
            );
            let x =
                area.x + u16::try_from(width(label) + line.visual_cursor() - scroll).unwrap_or(0);
            f.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
            return;
        }
        if let Some((m, error)) = &self.message {
            let color = if *error { t.error } else { t.message };
            f.render_widget(
                Paragraph::new(Line::styled(printable(m), Style::new().fg(color)))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
        }
    }

    fn draw_hints(&self, f: &mut Frame<'_>, area: Rect) {
        let t = &self.theme;
        let entries: Vec<(&str, String)> = if self.typing.is_some() {
            vec![
                ("Enter", crate::t!("merge-decide")),
                ("Esc", crate::t!("answer-cancel")),
            ]
        } else if self.ask.is_some() {
            vec![
                ("y", crate::t!("answer-yes")),
                ("n", crate::t!("answer-no")),
            ]
        } else {
            KEYS.iter()
                .filter(|(_, _, h)| !h.is_empty())
                .map(|(k, _, h)| (k.split(' ').next().unwrap_or(k), key_hint(h)))
                .collect()
        };
        let mut spans = Vec::new();
        let mut used = 0;
        for (k, l) in entries {
            let w = width(k) + width(&l) + 3;
            if used + w > usize::from(area.width) {
                break;
            }
            used += w;
            spans.push(Span::styled(
                k.to_owned(),
                Style::new().fg(t.hint_key).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(" "));
            spans.push(Span::styled(l, Style::new().fg(t.dim)));
            spans.push(Span::raw("  "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}

/// A key's hint (the English of the key table) in the language in use.
fn key_hint(hint: &str) -> String {
    let id = format!("merge-key-{}", hint.replace(' ', "-").to_ascii_lowercase());
    crate::i18n::tr_or(&id, hint)
}

fn side_word(choice: Option<Choice>) -> String {
    match choice {
        None => String::new(),
        Some(Choice::Take(s)) => crate::t!("merge-side", side = s.letter().to_uppercase()),
        Some(Choice::Value(v)) => v.to_string(),
    }
}

/// Run the reconcile view in the terminal until the planner quits; `save`
/// writes the merged plan. Returns the exit code (0 when the merged plan
/// was saved, 1 when the planner left without saving, 128 + a signal).
///
/// # Errors
/// When the terminal fails.
pub fn run(
    merge: Merge,
    names: (&Path, &Path, &Path),
    save: &mut dyn FnMut(&Merge) -> Result<(), String>,
) -> io::Result<u8> {
    use ratatui::crossterm::event;
    use std::sync::atomic::Ordering;
    use std::time::Duration;
    let signals = super::watch_signals();
    let (config, _) = super::config::load();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        super::restore();
        hook(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let mut view = Reconcile::new(merge, names, &config);
    let mut saved_once = false;
    let result = (|| -> io::Result<u8> {
        loop {
            let sig = signals.load(Ordering::Relaxed);
            if sig != 0 {
                return Ok(u8::try_from(128 + sig).unwrap_or(u8::MAX));
            }
            terminal.draw(|f| view.draw(f))?;
            if view.wants_quit() {
                return Ok(u8::from(!saved_once || view.dirty));
            }
            if !event::poll(Duration::from_millis(50))? {
                if super::hung_up() {
                    return Ok(super::HANGUP_CODE);
                }
                continue;
            }
            let ev = event::read()?;
            if view.event(&ev) == Some(Effect::Save) {
                let r = save(view.merge());
                saved_once |= r.is_ok();
                view.saved(r);
            }
        }
    })();
    super::restore();
    result
}

/// `allot merge A B -o OUT` in a terminal: read both plans, check OUT can
/// be written (before the screen changes), then run the reconcile view.
/// Returns the exit code (2 when a plan cannot be read, 1 when OUT cannot
/// be written or was not saved).
pub fn open(req: &MergeRequest<'_>) -> u8 {
    let mut err = io::stderr();
    let Ok(Some((a, b))) = read_both(req.a, req.b, &mut err) else {
        return 2;
    };
    if let Err(why) = check_output(req, req.force) {
        eprintln!(
            "{}: {}",
            printable(&req.out.display().to_string()),
            crate::t!("check-error", message = why)
        );
        return 1;
    }
    let mut force = req.force;
    let mut save = |m: &Merge| {
        let r = write_merged(req, m, force, &mut io::sink());
        force |= r.is_ok();
        r
    };
    match run(Merge::new(a, b), (req.a, req.b, req.out), &mut save) {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "allot merge: {}",
                crate::t!("merge-terminal-failed", error = e.to_string())
            );
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::parse_plan;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    const A: &str = r#"{"format":"allot-plan","version":1,"levels":["Group"],
      "quotas":[{"id":"m","name":"Mining","total":1000}],
      "nodes":[{"id":"g1","name":"北方稀土","alloc":{"m":600}},
               {"id":"g2","name":"中国稀土集团","alloc":{"m":300}}]}"#;
    const B: &str = r#"{"format":"allot-plan","version":1,"levels":["Group"],
      "quotas":[{"id":"m","name":"Mining","total":1000}],
      "nodes":[{"id":"g1","name":"北方稀土","alloc":{"m":650}},
               {"id":"g2","name":"中国稀土集团","alloc":{"m":400}}]}"#;

    fn view() -> Reconcile {
        let m = Merge::new(parse_plan(A).unwrap(), parse_plan(B).unwrap());
        Reconcile::new(
            m,
            (
                Path::new("a.json"),
                Path::new("b.json"),
                Path::new("out.json"),
            ),
            &Config::default(),
        )
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn screen(view: &Reconcile, cols: u16, rows: u16) -> String {
        let mut term = Terminal::new(TestBackend::new(cols, rows)).unwrap();
        term.draw(|f| view.draw(f)).unwrap();
        let buf = term.backend().buffer().clone();
        // A wide character fills two cells: the second is not text.
        let mut out = String::new();
        for y in 0..rows {
            let mut x = 0;
            while x < cols {
                let sym = buf[(x, y)].symbol();
                out.push_str(sym);
                x += u16::try_from(width(sym).max(1)).unwrap_or(1);
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn taking_both_b_figures_is_refused_and_the_reason_shown() {
        let mut v = view();
        assert_eq!(v.merge().unresolved(), 2);
        let s = screen(&v, 80, 24);
        assert!(s.contains("2 of 2 unresolved"), "{s}");
        assert!(s.contains("北方稀土"), "{s}");
        // g1 from B (650): 950 of 1000 given. Then g2 from B (400): 1050.
        v.key(&key('b'));
        assert_eq!(v.merge().unresolved(), 1);
        v.key(&key('b'));
        let (m, error) = v.message().unwrap().clone();
        assert!(error && m.contains("refused"), "{m}");
        assert!(m.contains("over-allocated by 50"), "{m}");
        assert_eq!(v.merge().unresolved(), 1, "nothing changed");
        let s = screen(&v, 80, 24);
        assert!(s.contains("refused"), "{s}");
        // A typed 350 fits exactly.
        v.key(&key('='));
        for c in "350".chars() {
            v.key(&key(c));
        }
        v.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(v.merge().unresolved(), 0);
        let r = v.merge().result();
        assert_eq!(r.value(r.find("g2").unwrap(), 0), 350);
        assert!(r.is_balanced());
        let s = screen(&v, 80, 24);
        assert!(s.contains("all 2 decided"), "{s}");
        // Undo takes the typed figure back.
        v.key(&key('u'));
        assert_eq!(v.merge().unresolved(), 1);
    }

    #[test]
    fn saving_with_open_differences_asks_and_quitting_unsaved_asks() {
        let mut v = view();
        assert_eq!(v.act(Action::Save), None);
        assert!(v.message().unwrap().0.contains("save anyway"));
        assert_eq!(v.key(&key('y')), Some(Effect::Save));
        v.key(&key('a'));
        v.key(&key('q'));
        assert!(!v.wants_quit(), "decisions unsaved: asks");
        v.key(&key('y'));
        assert!(v.wants_quit());
    }

    #[test]
    fn the_keys_of_the_table_are_the_keys_handled() {
        for (keys, a, _) in KEYS {
            for k in keys.split(' ') {
                assert_eq!(key_named(k), Some(*a), "{k}");
            }
        }
        assert_eq!(action(&key('b')), Some(Action::TakeB));
        assert_eq!(
            action(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Redo)
        );
    }
}
