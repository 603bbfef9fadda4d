//! The planner's dialogs, one small type each (the model is gitui's
//! popups): each takes its own input, draws itself and names its keys.
//! The app holds at most one; a dialog that leads to another opens it
//! through the app.

pub mod batch;
pub mod changes;
pub mod confirm;
pub mod edit;
pub mod explain;
pub mod export;
pub mod fill;
pub mod filter;
pub mod help;
pub mod history;
pub mod messages;
pub mod pick;
pub mod preview;
pub mod prompt;
pub mod quotas;
pub mod recover;
pub mod reference;
pub mod search;
pub mod sort;
pub mod wizard;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::App;
use super::input::{InputKind, Msg};
use super::layout::Areas;
use super::line::LineInput;
use crate::core::NodeIx;
use crate::core::text::{fit_pad_right, width};

/// What a dialog wants after a message.
pub enum Flow {
    /// Stay open (in its new state).
    Stay(Box<dyn Dialog>),
    /// Close (the app may have opened another dialog meanwhile).
    Close,
}

/// What a dialog shows in the message line.
pub enum Bar<'a> {
    /// A label and a text input.
    Input {
        /// The label before the input.
        label: String,
        /// The input.
        input: &'a LineInput,
    },
    /// A line of its own (a question, a menu), in the highlight colour.
    Text(String),
    /// The message line as usual.
    Messages,
}

/// One dialog.
pub trait Dialog {
    /// A name for tests and debugging (`edit`, `confirm`, ...).
    fn name(&self) -> &'static str;

    /// What kind of keys it takes.
    fn input_kind(&self) -> InputKind;

    /// Take one message.
    fn on(self: Box<Self>, msg: &Msg, app: &mut App) -> Flow;

    /// What it shows in the message line.
    fn bar(&self, _app: &App) -> Bar<'_> {
        Bar::Messages
    }

    /// Draw anything beyond the message line (a popup).
    fn draw(&self, _frame: &mut Frame<'_>, _app: &App, _areas: &Areas) {}

    /// Its keys, for the hints bar: (keys, what they do).
    fn hints(&self, app: &App) -> Vec<(String, String)>;

    /// The cell being edited, when it edits one (underlined in the table).
    fn editing(&self) -> Option<(NodeIx, usize)> {
        None
    }

    /// The question, when it asks one.
    fn question(&self) -> Option<&confirm::Question> {
        None
    }

    /// Its text input, when it has one.
    fn input(&self) -> Option<&LineInput> {
        None
    }
}

/// A (keys, label) pair for the hints bar.
pub fn hint(keys: &str, label: &str) -> (String, String) {
    (keys.to_owned(), label.to_owned())
}

/// The hints of every text input: apply, cancel, how to clear, and, while
/// the prefilled text is selected, that typing replaces it.
pub fn input_hints(ok: &str, input: &LineInput) -> Vec<(String, String)> {
    let mut h = vec![hint("enter", ok), hint("esc", &crate::t!("hint-cancel"))];
    if input.is_selected() {
        h.push(hint(
            &crate::t!("hint-type-key"),
            &crate::t!("hint-replaces"),
        ));
        h.push(hint("→", &crate::t!("hint-edit-it")));
    }
    h.push(hint("ctrl-u", &crate::t!("hint-clear")));
    h.push(hint("ctrl-w", &crate::t!("hint-word")));
    h
}

/// A rectangle of at most `width` x `height` centred in `area`, leaving a
/// margin of one cell.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear a popup's rectangle, widened by one cell on each side where the
/// screen allows, so that a wide character cut by its edge is cleared
/// whole rather than left half drawn.
pub fn clear_popup(frame: &mut Frame<'_>, r: Rect) {
    let full = frame.area();
    let x = r.x.saturating_sub(1).max(full.x);
    let right = (r.x + r.width + 1).min(full.x + full.width);
    frame.render_widget(Clear, Rect::new(x, r.y, right - x, r.height));
}

/// A bordered list in a popup over the table, `selected` highlighted
/// (`usize::MAX`: none), scrolled to keep it in view.
pub fn list_popup(
    frame: &mut Frame<'_>,
    app: &App,
    area: Rect,
    title: &str,
    items: &[String],
    selected: usize,
) {
    let t = &app.config().theme;
    let w = items
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(10)
        .max(width(title))
        + 4;
    let r = popup(
        area,
        u16::try_from(w).unwrap_or(u16::MAX),
        u16::try_from(items.len() + 2).unwrap_or(u16::MAX),
    );
    clear_popup(frame, r);
    let inner_h = usize::from(r.height.saturating_sub(2));
    let first = if selected < items.len() {
        selected.saturating_sub(inner_h.saturating_sub(1))
    } else {
        0
    };
    let inner_w = usize::from(r.width.saturating_sub(2));
    let lines: Vec<Line<'_>> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(inner_h)
        .map(|(i, s)| {
            let style = if i == selected {
                Style::new().bg(t.selection_bg).add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Line::styled(fit_pad_right(s, inner_w), style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {title} "))
                .border_style(Style::new().fg(t.header)),
        ),
        r,
    );
}

/// Driving a dialog in unit tests, without the app's dispatch (and without
/// any file: the app is on the built-in sample).
#[cfg(test)]
pub(crate) mod testing {
    use super::{Bar, Dialog, Flow};
    use crate::tui::app::App;
    use crate::tui::input::{Msg, TextOp};

    /// Send `msg`; the dialog, unless it closed.
    #[allow(clippy::needless_pass_by_value, reason = "tests read better")]
    pub fn send(d: Box<dyn Dialog>, app: &mut App, msg: Msg) -> Option<Box<dyn Dialog>> {
        match d.on(&msg, app) {
            Flow::Stay(d) => Some(d),
            Flow::Close => None,
        }
    }

    /// Type `text` into it.
    pub fn type_in(mut d: Box<dyn Dialog>, app: &mut App, text: &str) -> Box<dyn Dialog> {
        for c in text.chars() {
            d = send(d, app, Msg::Text(TextOp::Insert(c))).expect("typing keeps it open");
        }
        d
    }

    /// The message line it shows, in words.
    pub fn bar(d: &dyn Dialog, app: &App) -> String {
        match d.bar(app) {
            Bar::Input { label, input } => format!("{label}{}", input.text()),
            Bar::Text(t) => t,
            Bar::Messages => String::new(),
        }
    }

    /// The hints, as "keys label" joined.
    pub fn hints(d: &dyn Dialog, app: &App) -> String {
        d.hints(app)
            .into_iter()
            .map(|(k, l)| format!("{k} {l}"))
            .collect::<Vec<_>>()
            .join("  ")
    }

    /// The message line's text.
    pub fn message(app: &App) -> String {
        app.message().map_or_else(String::new, |m| m.text.clone())
    }
}
