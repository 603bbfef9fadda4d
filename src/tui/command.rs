//! Every command of the main screen, in one table: its name in the config
//! file and its description. The keys come from the config (defaults in
//! `config/default-config.json`, overridable by the user); key handling, the
//! key-hints bar and the help overlay all read the same resulting key map, so
//! they can never disagree.

/// A command a key can trigger on the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Move to the column on the left.
    Left,
    /// Move to the column on the right.
    Right,
    /// Next quota column (wrapping around).
    NextColumn,
    /// Previous quota column (wrapping around).
    PrevColumn,
    /// Up one page.
    PageUp,
    /// Down one page.
    PageDown,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// Expand or collapse the selected node.
    Toggle,
    /// Expand every node.
    ExpandAll,
    /// Collapse every node.
    CollapseAll,
    /// Edit the selected cell (plain set).
    Edit,
    /// Edit the selected cell, rebalancing among siblings.
    EditRebalance,
    /// Edit the selected cell, scaling the subtree.
    EditScale,
    /// Fill the selected node's remainder among its children.
    Fill,
    /// Lock or unlock the selected node.
    Lock,
    /// Add a child under the selected node.
    AddChild,
    /// Add a sibling after the selected node.
    AddSibling,
    /// Rename the selected node.
    Rename,
    /// Edit the selected node's note.
    Note,
    /// Delete the selected node (asks first).
    Delete,
    /// Move the selected node under another parent.
    Move,
    /// Add, rename or delete quota kinds.
    Quotas,
    /// Edit the plan's title, year and unit.
    PlanInfo,
    /// Search by name or id.
    Search,
    /// Next search match.
    NextMatch,
    /// Previous search match.
    PrevMatch,
    /// How the last operation shared its amount.
    Explain,
    /// Attach a reason to the last change.
    Reason,
    /// The plan's history.
    History,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Save.
    Save,
    /// Save under another name.
    SaveAs,
    /// Export allocation files (CSV, XLSX, Markdown, JSON).
    Export,
    /// The messages of this session.
    Messages,
    /// Show or hide the details panel.
    ToggleDetails,
    /// Show or hide the share of the parent beside each figure.
    ToggleShares,
    /// Show the next batch, all batches, or the cumulative.
    Batches,
    /// The batches: add, edit, move, delete.
    BatchMenu,
    /// Load, show, drop a reference plan (figures to compare with).
    Reference,
    /// The reference's columns: its figures, and the change, or hidden.
    ReferenceColumns,
    /// The cells changed since the last save.
    Changes,
    /// Sort siblings (a view: the plan keeps its order).
    Sort,
    /// Show only some rows (a view).
    Filter,
    /// Go to the next problem: over-allocated, then unallocated.
    NextProblem,
    /// Go to the previous problem.
    PrevProblem,
    /// Copy the selected figure.
    Yank,
    /// Set the selected cell to the copied figure.
    Paste,
    /// Help overlay.
    Help,
    /// Quit (asks when there are unsaved changes).
    Quit,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The command.
    pub command: Command,
    /// Its name in the config file.
    pub name: &'static str,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// Short label for the key-hints bar, when it is shown there.
    pub hint: Option<&'static str>,
    /// Heading it is listed under in the help overlay.
    pub group: &'static str,
}

const fn spec(
    command: Command,
    name: &'static str,
    help: &'static str,
    hint: Option<&'static str>,
    group: &'static str,
) -> Spec {
    Spec {
        command,
        name,
        help,
        hint,
        group,
    }
}

const MOVE: &str = "Move";
const VIEW: &str = "Tree";
const EDIT: &str = "Edit values";
const STRUCT: &str = "Edit the plan";
const FILE: &str = "File";

/// The table of all commands, in help order.
pub const COMMANDS: &[Spec] = &[
    spec(Command::Up, "up", "move up", None, MOVE),
    spec(Command::Down, "down", "move down", None, MOVE),
    spec(Command::Left, "left", "column to the left", None, MOVE),
    spec(Command::Right, "right", "column to the right", None, MOVE),
    spec(
        Command::NextColumn,
        "next_column",
        "next quota column",
        None,
        MOVE,
    ),
    spec(
        Command::PrevColumn,
        "prev_column",
        "previous quota column",
        None,
        MOVE,
    ),
    spec(Command::PageUp, "page_up", "page up", None, MOVE),
    spec(Command::PageDown, "page_down", "page down", None, MOVE),
    spec(Command::Top, "top", "first row", None, MOVE),
    spec(Command::Bottom, "bottom", "last row", None, MOVE),
    spec(
        Command::Toggle,
        "toggle",
        "expand / collapse",
        Some("fold"),
        VIEW,
    ),
    spec(Command::ExpandAll, "expand_all", "expand all", None, VIEW),
    spec(
        Command::ToggleDetails,
        "toggle_details",
        "show / hide the details panel",
        None,
        VIEW,
    ),
    spec(
        Command::CollapseAll,
        "collapse_all",
        "collapse all",
        None,
        VIEW,
    ),
    spec(
        Command::ToggleShares,
        "toggle_shares",
        "shares of the parent beside the figures",
        None,
        VIEW,
    ),
    spec(
        Command::Batches,
        "batches",
        "next batch, all batches, the year",
        Some("batch"),
        VIEW,
    ),
    spec(
        Command::Reference,
        "reference",
        "compare with another plan (load, weights, drop)",
        Some("ref"),
        VIEW,
    ),
    spec(
        Command::ReferenceColumns,
        "reference_columns",
        "reference columns: figures, change, hidden",
        None,
        VIEW,
    ),
    spec(
        Command::Changes,
        "changes",
        "changes since the last save (enter jumps)",
        None,
        VIEW,
    ),
    spec(
        Command::Sort,
        "sort",
        "sort siblings (a view: the plan keeps its order)",
        Some("sort"),
        VIEW,
    ),
    spec(
        Command::Filter,
        "filter",
        "show only problems, locked or matching rows",
        Some("filter"),
        VIEW,
    ),
    spec(
        Command::NextProblem,
        "next_problem",
        "next problem (over-allocated, then unallocated)",
        Some("problem"),
        VIEW,
    ),
    spec(
        Command::PrevProblem,
        "prev_problem",
        "previous problem",
        None,
        VIEW,
    ),
    spec(
        Command::Search,
        "search",
        "search by name or id",
        Some("search"),
        VIEW,
    ),
    spec(Command::NextMatch, "next_match", "next match", None, VIEW),
    spec(
        Command::PrevMatch,
        "prev_match",
        "previous match",
        None,
        VIEW,
    ),
    spec(
        Command::Edit,
        "edit",
        "set the value (or type a digit, + - *)",
        Some("edit"),
        EDIT,
    ),
    spec(
        Command::EditRebalance,
        "edit_rebalance",
        "set, rebalancing siblings",
        Some("rebalance"),
        EDIT,
    ),
    spec(
        Command::EditScale,
        "edit_scale",
        "set, scaling the subtree",
        Some("scale"),
        EDIT,
    ),
    spec(
        Command::Fill,
        "fill",
        "fill the remainder among children",
        Some("fill"),
        EDIT,
    ),
    spec(Command::Lock, "lock", "lock / unlock", Some("lock"), EDIT),
    spec(
        Command::Yank,
        "yank",
        "copy the selected figure",
        None,
        EDIT,
    ),
    spec(
        Command::Paste,
        "paste",
        "set the selected cell to the copied figure",
        None,
        EDIT,
    ),
    spec(
        Command::Explain,
        "explain",
        "how the last change shared its amount",
        Some("why"),
        EDIT,
    ),
    spec(
        Command::Reason,
        "reason",
        "attach a reason to the last change",
        None,
        EDIT,
    ),
    spec(
        Command::History,
        "history",
        "the plan's history (enter: the change's cells)",
        None,
        FILE,
    ),
    spec(Command::Undo, "undo", "undo", Some("undo"), EDIT),
    spec(Command::Redo, "redo", "redo", None, EDIT),
    spec(
        Command::AddChild,
        "add_child",
        "add a child",
        Some("add"),
        STRUCT,
    ),
    spec(
        Command::AddSibling,
        "add_sibling",
        "add a sibling",
        None,
        STRUCT,
    ),
    spec(Command::Rename, "rename", "rename", None, STRUCT),
    spec(
        Command::Note,
        "note",
        "edit the note (comment)",
        None,
        STRUCT,
    ),
    spec(
        Command::Delete,
        "delete",
        "delete (asks first)",
        None,
        STRUCT,
    ),
    spec(
        Command::Move,
        "move",
        "move under another parent",
        None,
        STRUCT,
    ),
    spec(
        Command::Quotas,
        "quotas",
        "quota kinds: add, rename, delete",
        None,
        STRUCT,
    ),
    spec(
        Command::BatchMenu,
        "batch_menu",
        "batches: add, edit, move, delete",
        None,
        STRUCT,
    ),
    spec(
        Command::PlanInfo,
        "plan_info",
        "plan title, year, unit and level names",
        None,
        STRUCT,
    ),
    spec(Command::Save, "save", "save", Some("save"), FILE),
    spec(
        Command::SaveAs,
        "save_as",
        "save as another file",
        None,
        FILE,
    ),
    spec(
        Command::Export,
        "export",
        "export allocation files (csv, xlsx, md, json)",
        Some("export"),
        FILE,
    ),
    spec(
        Command::Messages,
        "messages",
        "the messages of this session",
        None,
        FILE,
    ),
    spec(Command::Help, "help", "this help", Some("help"), FILE),
    spec(Command::Quit, "quit", "quit", Some("quit"), FILE),
];

impl Spec {
    /// What it does, in the language in use (the `help` above is the
    /// English of catalogue message `cmd-NAME`).
    pub fn help_text(&self) -> String {
        crate::i18n::tr(&format!("cmd-{}", self.name.replace('_', "-")), &[])
    }

    /// Its label in the hints bar, in the language in use.
    pub fn hint_text(&self) -> Option<String> {
        self.hint
            .map(|_| crate::i18n::tr(&format!("hint-{}", self.name.replace('_', "-")), &[]))
    }

    /// The heading it is listed under, in the language in use.
    pub fn group_text(&self) -> String {
        crate::i18n::tr(
            &format!(
                "group-{}",
                self.group.to_ascii_lowercase().replace(' ', "-")
            ),
            &[],
        )
    }
}

impl Command {
    /// Whether the command changes the plan (refused when it is read-only).
    pub fn changes_plan(self) -> bool {
        matches!(
            self,
            Command::Edit
                | Command::EditRebalance
                | Command::EditScale
                | Command::Fill
                | Command::Lock
                | Command::AddChild
                | Command::AddSibling
                | Command::Rename
                | Command::Note
                | Command::Delete
                | Command::Move
                | Command::Quotas
                | Command::BatchMenu
                | Command::PlanInfo
                | Command::Undo
                | Command::Redo
                | Command::Paste
                | Command::Save
        )
    }
}

/// The table row of a command.
///
/// # Panics
/// Never: every command has a row (a test checks it).
pub fn spec_of(c: Command) -> &'static Spec {
    COMMANDS
        .iter()
        .find(|s| s.command == c)
        .expect("every command is in the table")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_is_complete_and_unambiguous() {
        let names: HashSet<_> = COMMANDS.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), COMMANDS.len(), "names are unique");
        let commands: HashSet<_> = COMMANDS.iter().map(|s| s.command).collect();
        assert_eq!(commands.len(), COMMANDS.len(), "each command listed once");
        assert_eq!(spec_of(Command::Quit).name, "quit");
    }

    #[test]
    fn every_command_is_said_in_both_languages_and_the_table_is_the_english() {
        use crate::i18n::{LANGS, Lang, with};
        for s in COMMANDS {
            assert_eq!(with(Lang::En, || s.help_text()), s.help, "{}", s.name);
            assert_eq!(
                with(Lang::En, || s.hint_text()).as_deref(),
                s.hint,
                "{}",
                s.name
            );
            assert_eq!(with(Lang::En, || s.group_text()), s.group, "{}", s.name);
            for lang in LANGS {
                let help = with(lang, || s.help_text());
                assert!(!help.starts_with("cmd-"), "{}: {help}", s.name);
                // Help lines fit beside the keys at 80 columns.
                assert!(crate::core::text::width(&help) <= 50, "{}: {help}", s.name);
                let group = with(lang, || s.group_text());
                assert!(!group.starts_with("group-"), "{}", s.name);
            }
            let zh = with(Lang::ZhCn, || s.help_text());
            assert_ne!(zh, s.help, "{}", s.name);
        }
    }
}
