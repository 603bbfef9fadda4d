//! A one-line text prompt: a name, a note, a path. What the text is for
//! decides what Enter does.

use super::{Bar, Dialog, Flow, hint, input_hints};
use crate::core::text::printable;
use crate::core::{NewNode, NodeIx, ROOT};
use crate::export::ExportFormat;
use crate::tui::app::{App, expand_home, slug};
use crate::tui::effects::{Completion, Effect};
use crate::tui::input::{InputKind, Msg};
use crate::tui::line::LineInput;
use crate::tui::rows::{Filter, Order};

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Name of a new child of the node.
    AddChild(NodeIx),
    /// Name of a new sibling after the node.
    AddSibling(NodeIx),
    /// New name of the node.
    Rename(NodeIx),
    /// Note of the node.
    Note(NodeIx),
    /// Path to save to; then quit if asked.
    SaveAs {
        /// Quit after saving.
        then_quit: bool,
    },
    /// Where to export to (a file, or a folder when split).
    ExportPath {
        /// Format.
        format: ExportFormat,
        /// One file per top-level node.
        split: bool,
        /// One batch only.
        batch: Option<usize>,
    },
    /// New name of a quota kind (its position among the kinds).
    QuotaRename(usize),
    /// The text a filtered table's names or ids contain.
    FilterText,
    /// The file of a reference plan.
    ReferencePath,
    /// Why the last change was made.
    Reason,
    /// Why the change just made was made: the settings require a reason,
    /// and Esc undoes the change.
    RequiredReason,
}

impl Purpose {
    /// What it is, in a word or two (for "… cancelled").
    pub fn what(&self) -> &'static str {
        match self {
            Purpose::AddChild(_) | Purpose::AddSibling(_) => "add",
            Purpose::Rename(_) => "rename",
            Purpose::Note(_) => "note",
            Purpose::SaveAs { .. } => "save as",
            Purpose::ExportPath { .. } => "export",
            Purpose::QuotaRename(_) => "quota rename",
            Purpose::FilterText => "filter",
            Purpose::ReferencePath => "reference",
            Purpose::Reason | Purpose::RequiredReason => "reason",
        }
    }
}

/// A text prompt.
pub struct TextPrompt {
    purpose: Purpose,
    input: LineInput,
}

impl TextPrompt {
    /// A prompt for `purpose`, holding `text` (selected, so that typing
    /// replaces it).
    pub fn boxed(purpose: Purpose, text: &str) -> Box<Self> {
        Box::new(Self {
            purpose,
            input: LineInput::prefilled(text),
        })
    }

    /// What it is for.
    pub fn purpose(&self) -> &Purpose {
        &self.purpose
    }

    /// Whether it asks for a file or folder (Tab completes).
    fn is_path(&self) -> bool {
        matches!(
            self.purpose,
            Purpose::SaveAs { .. } | Purpose::ExportPath { .. } | Purpose::ReferencePath
        )
    }

    /// Put a completion into the input, and list the names when there is
    /// more than one.
    fn complete(&mut self, c: &Completion, app: &mut App) {
        let Some(text) = c.completed() else {
            let (dir, start) = c.typed.rsplit_once('/').unwrap_or((".", &c.typed));
            app.error(if start.is_empty() {
                crate::t!("prompt-nothing-in", dir = printable(dir))
            } else {
                crate::t!(
                    "prompt-no-match",
                    dir = printable(dir),
                    start = format!("{:?}", printable(start))
                )
            });
            return;
        };
        if text != c.typed {
            self.input = LineInput::with(&text);
        }
        if c.names.len() > 1 {
            let listed: Vec<String> = c.names.iter().map(|n| printable(n)).collect();
            app.info(crate::t!(
                "prompt-matches",
                count = c.names.len(),
                more = if c.more { "+" } else { "" },
                names = listed.join("  ")
            ));
        } else {
            app.clear_message();
        }
    }

    fn label(&self, app: &App) -> String {
        let plan = app.plan();
        let name = |n: &NodeIx| crate::say::node(&printable(plan.display_name(*n)));
        let text = match &self.purpose {
            Purpose::AddChild(n) => crate::t!("prompt-add-child", node = name(n)),
            Purpose::AddSibling(n) => crate::t!("prompt-add-sibling", node = name(n)),
            Purpose::Rename(n) => crate::t!("prompt-rename", node = name(n)),
            Purpose::Note(n) => crate::t!("prompt-note", node = name(n)),
            Purpose::SaveAs { .. } => crate::t!("prompt-save-as"),
            Purpose::QuotaRename(q) => crate::t!(
                "prompt-quota-rename",
                quota = printable(&plan.layout().kinds()[*q].id)
            ),
            Purpose::FilterText => crate::t!("prompt-filter"),
            Purpose::ReferencePath => crate::t!("prompt-reference"),
            Purpose::Reason => crate::t!("prompt-reason"),
            Purpose::RequiredReason => crate::t!("prompt-required-reason"),
            Purpose::ExportPath { format, split, .. } => {
                if *split {
                    crate::t!("prompt-export-split", format = format.extension())
                } else {
                    crate::t!("prompt-export", format = format.extension())
                }
            }
        };
        label_text(text)
    }
}

impl Dialog for TextPrompt {
    fn name(&self) -> &'static str {
        "prompt"
    }

    fn input_kind(&self) -> InputKind {
        InputKind::Text
    }

    fn on(mut self: Box<Self>, msg: &Msg, app: &mut App) -> Flow {
        match msg {
            Msg::Text(op) => {
                self.input.apply(*op);
                Flow::Stay(self)
            }
            Msg::Cancel if self.purpose == Purpose::RequiredReason => {
                app.undo_unreasoned();
                Flow::Close
            }
            Msg::Cancel => {
                app.cancelled(self.purpose.what());
                Flow::Close
            }
            Msg::Submit => {
                if submit(app, &self.purpose, self.input.text()) {
                    Flow::Close
                } else {
                    Flow::Stay(self)
                }
            }
            Msg::Complete if self.is_path() => {
                app.effect(Effect::Complete {
                    typed: self.input.text().to_owned(),
                });
                Flow::Stay(self)
            }
            Msg::Completed(c) if c.typed == self.input.text() => {
                self.complete(c, app);
                Flow::Stay(self)
            }
            _ => Flow::Stay(self),
        }
    }

    fn bar(&self, app: &App) -> Bar<'_> {
        Bar::Input {
            label: self.label(app),
            input: &self.input,
        }
    }

    fn hints(&self, _app: &App) -> Vec<(String, String)> {
        let mut h = input_hints(&crate::t!("label-ok"), &self.input);
        if self.purpose == Purpose::RequiredReason {
            h[1] = hint("esc", &crate::t!("label-undo-the-change"));
        }
        if self.is_path() {
            h.push(hint("tab", &crate::t!("label-complete")));
            h.push(hint("~/", &crate::t!("label-home-folder")));
        }
        h
    }

    fn input(&self) -> Option<&LineInput> {
        Some(&self.input)
    }
}

/// A reason for the last change; a required one may not be empty.
fn reason(app: &mut App, purpose: &Purpose, raw: &str) -> bool {
    if *purpose == Purpose::RequiredReason && raw.trim().is_empty() {
        app.error(crate::t!("prompt-reason-required"));
        return false;
    }
    app.set_reason(raw);
    true
}

/// A prompt's label followed by the space before the typing (none after a
/// full-width colon).
fn label_text(mut text: String) -> String {
    if !text.ends_with('：') {
        text.push(' ');
    }
    text
}

/// Act on the text; false keeps the prompt open (the message says why).
fn submit(app: &mut App, purpose: &Purpose, raw: &str) -> bool {
    let text = raw.trim().to_owned();
    match purpose {
        Purpose::AddChild(parent) | Purpose::AddSibling(parent) => {
            if text.is_empty() {
                app.error(crate::t!("prompt-type-name"));
                return false;
            }
            let (under, index) = if let Purpose::AddChild(p) = purpose {
                (*p, None)
            } else {
                let p = app.plan().parent(*parent).unwrap_or(ROOT);
                let at = app.plan().children(p).iter().position(|c| c == parent);
                (p, at.map(|i| i + 1))
            };
            let id = app.editor().fresh_id(&slug(&text));
            let spec = NewNode {
                id,
                name: text,
                ..NewNode::default()
            };
            match app.add_node(under, index, spec) {
                Ok((n, m)) => {
                    // The typing that follows goes into the first quota,
                    // and the message says so.
                    app.select(n, 1);
                    let quota = app
                        .plan()
                        .quotas()
                        .first()
                        .map(|q| printable(&q.name))
                        .unwrap_or_default();
                    let m = crate::say::outcome(&m, &app.config().numbers);
                    app.info(crate::t!(
                        "prompt-added-type-value",
                        done = m,
                        quota = quota
                    ));
                    true
                }
                Err(e) => {
                    app.refused(&e);
                    false
                }
            }
        }
        Purpose::Rename(n) => app.apply(|ed| ed.rename(*n, &text)),
        Purpose::Note(n) => {
            app.apply(|ed| ed.set_note(*n, raw));
            true
        }
        Purpose::SaveAs { then_quit } => {
            if text.is_empty() {
                app.error(crate::t!("prompt-type-file"));
                return false;
            }
            app.save_as(&expand_home(&text).display().to_string(), *then_quit);
            true
        }
        Purpose::ExportPath {
            format,
            split,
            batch,
        } => {
            if text.is_empty() {
                app.error(crate::t!("prompt-type-path"));
                return false;
            }
            app.export_to(expand_home(&text), *format, *split, *batch, false);
            true
        }
        Purpose::QuotaRename(k) => {
            let id = app.plan().layout().kinds()[*k].id.clone();
            app.apply(|ed| ed.relabel_kind(*k, &id, &text))
        }
        Purpose::ReferencePath => {
            if text.is_empty() {
                app.error(crate::t!("prompt-type-file"));
                return false;
            }
            app.load_reference(expand_home(&text));
            true
        }
        Purpose::Reason | Purpose::RequiredReason => reason(app, purpose, raw),
        Purpose::FilterText => {
            let sort = app.view().order().sort;
            let filter = if text.is_empty() {
                Filter::All
            } else {
                Filter::Text(text)
            };
            app.set_order(Order { sort, filter });
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::app;
    use crate::tui::dialogs::testing::{bar, hints, message, send, type_in};

    #[test]
    fn rename_replaces_the_selected_name() {
        let mut a = app();
        let sd = a.plan().find("sd").unwrap();
        let d: Box<dyn Dialog> = TextPrompt::boxed(Purpose::Rename(sd), "Shandong 山东");
        assert_eq!(bar(d.as_ref(), &a), "rename Shandong 山东: Shandong 山东");
        assert!(hints(d.as_ref(), &a).contains("ctrl-u clear"));
        let d = type_in(d, &mut a, "山东省");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        assert_eq!(a.plan().node(sd).name, "山东省");
    }

    #[test]
    fn an_empty_name_is_asked_again() {
        let mut a = app();
        let d: Box<dyn Dialog> = TextPrompt::boxed(Purpose::AddChild(ROOT), "");
        let d = send(d, &mut a, Msg::Submit).expect("stays");
        assert!(message(&a).contains("type a name"));
        assert!(send(d, &mut a, Msg::Cancel).is_none());
        assert_eq!(message(&a), "add cancelled; nothing changed");
    }

    #[test]
    fn tab_completes_a_path_from_what_the_folder_holds() {
        let mut a = app();
        let d: Box<dyn Dialog> = TextPrompt::boxed(Purpose::SaveAs { then_quit: false }, "");
        assert!(hints(d.as_ref(), &a).contains("tab complete"));
        let d = type_in(d, &mut a, "plans/ra");
        // What the folder holds comes back from the file system; here it
        // is given.
        let listed = |names: &[&str]| {
            Msg::Completed(Completion {
                typed: "plans/ra".to_owned(),
                names: names.iter().map(|&n| n.to_owned()).collect(),
                more: false,
            })
        };
        let d = send(d, &mut a, listed(&["rare-2023.json", "rare-2024.json"])).unwrap();
        assert_eq!(d.input().unwrap().text(), "plans/rare-202");
        assert!(message(&a).starts_with("2 matches: rare-2023.json  rare-2024.json"));
        // A late answer for other text is ignored.
        let d = send(d, &mut a, listed(&["rates/"])).unwrap();
        assert_eq!(d.input().unwrap().text(), "plans/rare-202");
        // One name: all of it.
        let d = send(d, &mut a, Msg::Text(crate::tui::input::TextOp::Clear)).unwrap();
        let d = type_in(d, &mut a, "plans/ra");
        let d = send(d, &mut a, listed(&["rates/"])).unwrap();
        assert_eq!(d.input().unwrap().text(), "plans/rates/");
        // Tab asks the file system (an effect, carried out by the loop).
        let _ = send(d, &mut a, Msg::Complete).unwrap();
        assert!(matches!(
            a.take_effects().as_slice(),
            [Effect::Complete { typed }] if typed == "plans/rates/"
        ));
    }

    #[test]
    fn a_text_filter_is_a_view() {
        let mut a = app();
        let d: Box<dyn Dialog> = TextPrompt::boxed(Purpose::FilterText, "");
        let d = type_in(d, &mut a, "川");
        assert!(send(d, &mut a, Msg::Submit).is_none());
        assert_eq!(a.view().order().filter, Filter::Text("川".to_owned()));
    }
}
