//! Rendering tests of the interactive planner: the app is driven with
//! messages and drawn on ratatui's `TestBackend`.
#![allow(clippy::many_single_char_names)]

use allot::core::Plan;
use allot::storage::{example_2018 as sample, parse_plan};
use allot::tui::app::{App, Source};
use allot::tui::command::{COMMANDS, Command};
use allot::tui::config::Config;
use allot::tui::input::{Msg, TextOp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// One screen line read by display width: wide characters take their cell
/// and the cells they cover are skipped.
struct Line {
    text: String,
    /// For each cell shown: byte offset in `text` and x.
    cells: Vec<(usize, u16)>,
}

struct Screen {
    buf: Buffer,
    lines: Vec<Line>,
}

impl Screen {
    fn new(buf: Buffer) -> Self {
        let area = buf.area;
        let mut lines = Vec::new();
        for y in area.top()..area.bottom() {
            let mut text = String::new();
            let mut cells = Vec::new();
            let mut x = area.left();
            while x < area.right() {
                let sym = buf[(x, y)].symbol();
                cells.push((text.len(), x));
                text.push_str(sym);
                let w = u16::try_from(sym.width().max(1)).unwrap();
                x += w;
            }
            lines.push(Line { text, cells });
        }
        Self { buf, lines }
    }

    /// The screen as text, trailing spaces trimmed.
    fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn row(&self, y: u16) -> &str {
        &self.lines[usize::from(y)].text
    }

    fn cell(&self, x: u16, y: u16) -> &Cell {
        &self.buf[(x, y)]
    }

    /// Every (x, y) where `needle` starts, optionally inside `area`.
    fn find_all_in(&self, needle: &str, area: Option<Rect>) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        for (y, line) in self.lines.iter().enumerate() {
            let y = u16::try_from(y).unwrap();
            for (at, _) in line.text.match_indices(needle) {
                let Ok(i) = line.cells.binary_search_by_key(&at, |c| c.0) else {
                    continue;
                };
                let x = line.cells[i].1;
                let inside = area.is_none_or(|a| {
                    a.contains(ratatui::layout::Position::new(x, y))
                        && x + u16::try_from(needle.width()).unwrap() <= a.right()
                });
                if inside {
                    out.push((x, y));
                }
            }
        }
        out
    }

    fn find_all(&self, needle: &str) -> Vec<(u16, u16)> {
        self.find_all_in(needle, None)
    }

    /// The first place of `needle` on the screen.
    fn find(&self, needle: &str) -> (u16, u16) {
        *self
            .find_all(needle)
            .first()
            .unwrap_or_else(|| panic!("{needle:?} not on the screen:\n{}", self.text()))
    }

    /// The one place of `needle` inside `area`.
    fn find_in(&self, needle: &str, area: Rect) -> (u16, u16) {
        let all = self.find_all_in(needle, Some(area));
        assert_eq!(
            all.len(),
            1,
            "{needle:?} should be shown once in {area:?}:\n{}",
            self.text()
        );
        all[0]
    }

    fn contains(&self, needle: &str) -> bool {
        !self.find_all(needle).is_empty()
    }

    /// x of the last cell of `needle` placed at `start`.
    fn end_x(start: (u16, u16), needle: &str) -> u16 {
        start.0 + u16::try_from(needle.width()).unwrap() - 1
    }

    /// The cells of `needle` placed at `start` (wide characters: their first
    /// cell).
    fn cells_of(&self, start: (u16, u16), needle: &str) -> Vec<&Cell> {
        let (x0, y) = start;
        let w = u16::try_from(needle.width()).unwrap();
        self.lines[usize::from(y)]
            .cells
            .iter()
            .map(|c| c.1)
            .filter(|&x| x >= x0 && x < x0 + w)
            .map(|x| self.cell(x, y))
            .collect()
    }
}

fn render(app: &App) -> Screen {
    let (w, h) = app.view().size();
    render_at(app, w, h)
}

fn render_at(app: &App, w: u16, h: u16) -> Screen {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| allot::tui::ui::draw(f, app))
        .expect("drawing works");
    Screen::new(terminal.backend().buffer().clone())
}

fn load(json: &str) -> Plan {
    parse_plan(json).unwrap_or_else(|e| panic!("test plan does not load: {e:?}"))
}

fn app_on(plan: Plan, w: u16, h: u16) -> App {
    App::new(plan, Source::Sample, Config::default(), (w, h))
}

fn sample_app(w: u16, h: u16) -> App {
    app_on(sample(), w, h)
}

fn cmd(app: &mut App, c: Command) {
    app.handle(Msg::Cmd(c));
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle(Msg::Text(TextOp::Insert(c)));
    }
}

/// Display positions of the cells shown in row `y` (cells hidden under a
/// wide character are left out).
fn shown_xs(s: &Screen, y: u16) -> Vec<u16> {
    s.lines[usize::from(y)].cells.iter().map(|c| c.1).collect()
}

/// A one-line rectangle: row `y` of `area`.
fn row_of(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, y, area.width, 1)
}

/// The y of the table row showing `label`, and x where it starts.
fn table_row(s: &Screen, app: &App, label: &str) -> (u16, u16) {
    let (x, y) = s.find_in(label, app.areas().table);
    (y, x)
}

/// x of the last cell of `figure`, shown in the table row labelled `label`
/// to the right of the label.
fn figure_end(s: &Screen, app: &App, label: &str, figure: &str) -> u16 {
    let table = app.areas().table;
    let (y, lx) = table_row(s, app, label);
    let hits: Vec<_> = s
        .find_all_in(figure, Some(row_of(table, y)))
        .into_iter()
        .filter(|&(x, _)| x > lx + u16::try_from(label.width()).unwrap())
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{figure:?} once in the row of {label:?}: {:?}",
        s.row(y)
    );
    Screen::end_x(hits[0], figure)
}

/// The text and the shown cells of quota column `q` in screen row `y`.
fn quota_cell(s: &Screen, app: &App, y: u16, q: usize) -> (String, Vec<Cell>) {
    let table = app.areas().table;
    let cols = app.columns();
    let &(_, x, w) = cols
        .quotas
        .iter()
        .find(|c| c.0 == q)
        .unwrap_or_else(|| panic!("quota {q} is shown"));
    let xs = (table.x + x)..(table.x + x + w);
    let cells: Vec<Cell> = xs.map(|x| s.cell(x, y).clone()).collect();
    let text: String = cells.iter().map(Cell::symbol).collect();
    (text.trim().to_owned(), cells)
}

/// A plan with one quota (total 1000): Alpha (600) with one child A1, and
/// Beta. Parents are balanced, short or over-allocated by the choice of A1
/// and Beta.
fn alpha_beta(a1: u64, beta: u64) -> Plan {
    load(&format!(
        r#"{{
  "format": "allot-plan",
  "version": 1,
  "title": "Balance test",
  "unit": "t",
  "quotas": [{{"id": "rock", "name": "Rock", "total": 1000}}],
  "nodes": [
    {{"id": "a", "name": "Alpha 甲", "alloc": {{"rock": 600}},
      "nodes": [{{"id": "a1", "name": "A one 一", "alloc": {{"rock": {a1}}}}}]}},
    {{"id": "b", "name": "Beta 乙", "alloc": {{"rock": {beta}}}}}
  ]
}}"#
    ))
}

// ----- 1. colours of balance -----

#[test]
fn default_theme_maps_balance_to_green_yellow_red() {
    let t = Config::default().theme;
    assert_eq!(t.balanced, Color::Green);
    assert_eq!(t.unallocated, Color::Yellow);
    assert_eq!(t.over_allocated, Color::Red);
}

/// The balance cases: (A1, Beta, remainder shown, its colour, header badge,
/// badge colour).
fn balance_cases() -> Vec<(u64, u64, &'static str, Color, &'static str, Color)> {
    let t = Config::default().theme;
    vec![
        (600, 400, "0", t.balanced, " balanced ", t.balanced),
        (
            500,
            300,
            "100",
            t.unallocated,
            " 2 unallocated ",
            t.unallocated,
        ),
        (
            700,
            500,
            "-100",
            t.over_allocated,
            " over-allocated (2) ",
            t.over_allocated,
        ),
    ]
}

#[test]
fn unallocated_lines_are_coloured_by_their_remainder() {
    for (a1, beta, shown, colour, _, _) in balance_cases() {
        let mut app = app_on(alpha_beta(a1, beta), 80, 24);
        // Expand Alpha: national and Alpha both get an "unallocated" line.
        cmd(&mut app, Command::Down);
        cmd(&mut app, Command::Toggle);
        let s = render(&app);
        let lines = s.find_all_in("unallocated", Some(app.areas().table));
        assert_eq!(lines.len(), 2, "{}", s.text());
        for &(_, y) in &lines {
            let (text, cells) = quota_cell(&s, &app, y, 0);
            assert_eq!(text, shown, "case {a1}/{beta}: {:?}", s.row(y));
            for c in cells.iter().filter(|c| c.symbol() != " ") {
                assert_eq!(c.fg, colour, "case {a1}/{beta}: {:?}", s.row(y));
            }
        }
    }
}

#[test]
fn header_shows_the_balance_state_in_colour() {
    for (a1, beta, _, _, badge, colour) in balance_cases() {
        let app = app_on(alpha_beta(a1, beta), 80, 24);
        let s = render(&app);
        let header = app.areas().header;
        let at = s.find_in(badge, header);
        for c in s.cells_of(at, badge) {
            assert_eq!(c.bg, colour, "badge {badge:?}");
            assert_eq!(c.fg, Color::Black, "badge {badge:?}");
        }
        // The badge ends at the right edge.
        assert_eq!(Screen::end_x(at, badge), header.right() - 1);
    }
}

#[test]
fn header_badge_follows_a_custom_theme() {
    let mut config = Config::default();
    config.theme.balanced = Color::Blue;
    config.theme.unallocated = Color::Magenta;
    config.theme.over_allocated = Color::LightCyan;
    let t = config.theme;
    let cases = [
        (600, 400, " balanced ", t.balanced),
        (500, 300, " 2 unallocated ", t.unallocated),
        (700, 500, " over-allocated (2) ", t.over_allocated),
    ];
    for (a1, beta, badge, colour) in cases {
        let app = App::new(
            alpha_beta(a1, beta),
            Source::Sample,
            config.clone(),
            (80, 24),
        );
        let s = render(&app);
        let at = s.find_in(badge, app.areas().header);
        for c in s.cells_of(at, badge) {
            assert_eq!(c.bg, colour, "badge {badge:?}");
        }
    }
}

#[test]
fn a_collapsed_over_allocated_parent_shows_its_value_in_red() {
    let t = Config::default().theme;
    let mut app = app_on(alpha_beta(700, 300), 80, 24);
    let s = render(&app);
    let (y, _) = table_row(&s, &app, "Alpha 甲");
    let (text, cells) = quota_cell(&s, &app, y, 0);
    assert_eq!(text, "600");
    assert!(
        cells
            .iter()
            .filter(|c| c.symbol() != " ")
            .all(|c| c.fg == t.over_allocated)
    );
    let (y, _) = table_row(&s, &app, "Beta 乙");
    let (_, cells) = quota_cell(&s, &app, y, 0);
    assert!(cells.iter().all(|c| c.fg != t.over_allocated));
    // Expanded, its own "unallocated" line says it instead.
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    let s = render(&app);
    let (y, _) = table_row(&s, &app, "Alpha 甲");
    let (_, cells) = quota_cell(&s, &app, y, 0);
    assert!(cells.iter().all(|c| c.fg != t.over_allocated));
}

// ----- 2. selection -----

/// Asserts that the whole table row `y` has the selection background.
fn assert_row_selected(s: &Screen, app: &App, y: u16, selected: bool) {
    let t = app.config().theme;
    let table = app.areas().table;
    // The table's last column is its scrollbar.
    for x in shown_xs(s, y)
        .into_iter()
        .filter(|&x| x >= table.left() && x + 1 < table.right())
    {
        let bg = s.cell(x, y).bg;
        if selected {
            assert_eq!(bg, t.selection_bg, "x={x} of {:?}", s.row(y));
        } else {
            assert_ne!(bg, t.selection_bg, "x={x} of {:?}", s.row(y));
        }
    }
}

fn all_reversed(cells: &[&Cell]) -> bool {
    cells
        .iter()
        .all(|c| c.modifier.contains(Modifier::REVERSED))
}

fn none_reversed(cells: &[&Cell]) -> bool {
    cells
        .iter()
        .all(|c| !c.modifier.contains(Modifier::REVERSED))
}

#[test]
fn the_selected_row_and_cell_are_highlighted_and_move() {
    let mut app = sample_app(80, 24);
    let table = app.areas().table;
    let s = render(&app);
    let (national, _) = table_row(&s, &app, "National total");
    let (nm, nm_x) = table_row(&s, &app, "Inner Mongolia 内蒙古");
    assert_row_selected(&s, &app, national, true);
    assert_row_selected(&s, &app, nm, false);
    // The rock cell of the national row is the selected cell.
    let rock = s.find_in("100,850", row_of(table, national));
    assert!(all_reversed(&s.cells_of(rock, "100,850")));
    let ion = s.find_in("19,150", row_of(table, national));
    assert!(none_reversed(&s.cells_of(ion, "19,150")));
    let name = s.find_in("National total", table);
    assert!(none_reversed(&s.cells_of(name, "National total")));

    cmd(&mut app, Command::Down);
    let s = render(&app);
    assert_row_selected(&s, &app, national, false);
    assert_row_selected(&s, &app, nm, true);
    let rock_nm = s.find_in("69,250", row_of(table, nm));
    assert!(all_reversed(&s.cells_of(rock_nm, "69,250")));
    let rock = s.find_in("100,850", row_of(table, national));
    assert!(none_reversed(&s.cells_of(rock, "100,850")));

    // To the name column: the name is the selected cell.
    cmd(&mut app, Command::Left);
    let s = render(&app);
    let label = "Inner Mongolia 内蒙古";
    assert!(all_reversed(&s.cells_of((nm_x, nm), label)));
    let rock_nm = s.find_in("69,250", row_of(table, nm));
    assert!(none_reversed(&s.cells_of(rock_nm, "69,250")));
    assert_row_selected(&s, &app, nm, true);
}

// ----- 3. and 4. numbers and alignment -----

#[test]
fn numbers_are_right_aligned_with_thousands_separators() {
    for (w, h) in [(60, 15), (80, 24), (120, 40)] {
        let app = sample_app(w, h);
        let s = render(&app);
        let table = app.areas().table;
        let cols = app.columns();
        // Rock: every figure ends at the column's right edge, less the gap.
        let (_, x, cw) = cols.quotas[0];
        let edge = table.x + x + cw - 2;
        for (label, figure) in [
            ("National total", "100,850"),
            ("Inner Mongolia 内蒙古", "69,250"),
            ("Sichuan 四川", "28,000"),
            ("Shandong 山东", "3,600"),
        ] {
            assert_eq!(
                figure_end(&s, &app, label, figure),
                edge,
                "{w}x{h} {label}:\n{}",
                s.text()
            );
        }
        // The column header too.
        let header_y = table.y;
        let head = s.find_in("rock", row_of(table, header_y));
        assert_eq!(Screen::end_x(head, "rock"), edge, "{w}x{h}");
        // Ion, where it is shown.
        if let Some(&(_, x, cw)) = cols.quotas.get(1) {
            let edge = table.x + x + cw - 2;
            for (label, figure) in [
                ("National total", "19,150"),
                ("Jiangxi 江西", "8,500"),
                ("Fujian 福建", "3,500"),
                ("Yunnan 云南", "150"),
            ] {
                assert_eq!(figure_end(&s, &app, label, figure), edge, "{w}x{h}");
            }
        }
    }
}

#[test]
fn chinese_names_line_up_by_display_width() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::ExpandAll);
    let s = render(&app);
    let rows = [
        ("National total", "100,850"),
        ("Inner Mongolia 内蒙古", "69,250"),
        ("China Northern Rare Earth 北方稀土", "60,000"),
        ("Baotou Huamei 包头华美", "5,000"),
        ("Sichuan 四川", "28,000"),
        ("Jiangxi Copper Mianning 江铜冕宁", "16,000"),
        ("Leshan Shenghe 乐山盛和", "12,000"),
        ("Shandong 山东", "3,600"),
    ];
    let ends: Vec<u16> = rows
        .iter()
        .map(|(l, f)| figure_end(&s, &app, l, f))
        .collect();
    assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}\n{}", s.text());
    // Each name is shown whole, at its depth.
    let (_, x_nm) = table_row(&s, &app, "Inner Mongolia 内蒙古");
    let (_, x_ent) = table_row(&s, &app, "China Northern Rare Earth 北方稀土");
    assert_eq!(x_ent, x_nm + 2, "enterprises are indented by two");
}

/// A plan with a 200-character name mixing Latin and Chinese.
fn long_name_plan() -> (Plan, String) {
    let mut long = "Long 长名 ".to_owned();
    long.extend(
        "Baotou 包头 Northern 北方稀土集团 "
            .chars()
            .cycle()
            .take(191),
    );
    long.push('末');
    let json = format!(
        r#"{{
  "format": "allot-plan",
  "version": 1,
  "quotas": [
    {{"id": "rock", "name": "Rock-type mining", "total": 100850}},
    {{"id": "ion", "name": "Ion-adsorption mining", "total": 19150}}
  ],
  "nodes": [
    {{"id": "long", "name": "{long}", "alloc": {{"rock": 71234, "ion": 9000}},
      "note": "{long}"}},
    {{"id": "sc", "name": "Sichuan 四川", "alloc": {{"rock": 28000, "ion": 150}}}}
  ]
}}"#
    );
    (load(&json), long)
}

#[test]
fn a_too_long_name_is_cut_and_keeps_the_figures_in_line() {
    let (plan, long) = long_name_plan();
    assert_eq!(long.chars().count(), 200);
    for w in (60..=100).chain([119, 120, 121, 150]) {
        let mut app = app_on(plan.clone(), w, 24);
        cmd(&mut app, Command::Down);
        let s = render(&app);
        let table = app.areas().table;
        let (y, _) = table_row(&s, &app, "Long 长名");
        let row = s.row(y);
        assert!(row.contains('…'), "{w}: {row:?}");
        let ell = s.find_in("…", row_of(table, y));
        let first_col = table.x + app.columns().quotas[0].1;
        assert!(ell.0 < first_col, "{w}: the cut name stays in its column");
        for (q, (long_fig, sc_fig)) in [("71,234", "28,000"), ("9,000", "150")]
            .into_iter()
            .enumerate()
        {
            if app.columns().quotas.len() <= q {
                continue;
            }
            let a = figure_end(&s, &app, "Long 长名", long_fig);
            let b = figure_end(&s, &app, "Sichuan 四川", sc_fig);
            let c = figure_end(&s, &app, "National total", ["100,850", "19,150"][q]);
            assert_eq!((a, b), (c, c), "{w}:\n{}", s.text());
        }
        // The selected long name in the details panel is cut too.
        if let Some(d) = app.areas().details {
            let found = s.find_all_in("Long 长名", Some(d));
            assert!(!found.is_empty(), "{w}:\n{}", s.text());
        }
        // The row is exactly as wide as the screen: nothing wrapped.
        assert_eq!(row.width(), usize::from(w), "{w}: {row:?}");
    }
}

// ----- 5. control characters -----

const EVIL: &str = r#"{
  "format": "allot-plan",
  "version": 1,
  "title": "Evil \u001b[2J title \u0007",
  "unit": "t\u001b[31m",
  "levels": ["Lev\u001b[2Jel", "Ent\u0007"],
  "quotas": [
    {"id": "rock", "name": "Rock\u001b[2J\u0007", "total": 1000},
    {"id": "ion", "name": "Ion", "total": 500}
  ],
  "nodes": [
    {"id": "evil", "name": "Evil \u001b[2J name \u0007", "alloc": {"rock": 400, "ion": 100},
     "note": "note \u001b]0;pwned\u0007 here",
     "nodes": [{"id": "kid", "name": "Kid\u001b[1m\r\n", "alloc": {"rock": 100}}]},
    {"id": "ok", "name": "Plain 平原", "alloc": {"rock": 600, "ion": 400}}
  ]
}"#;

fn assert_no_control(s: &Screen, what: &str) {
    let area = s.buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let sym = s.cell(x, y).symbol();
            assert!(
                !sym.chars().any(char::is_control),
                "{what}: control character {sym:?} at ({x}, {y}):\n{}",
                s.text()
            );
        }
    }
}

#[test]
fn control_characters_never_reach_the_screen() {
    let plan = load(EVIL);
    for (w, h) in [(60, 15), (80, 24), (120, 40)] {
        let mut app = app_on(plan.clone(), w, h);
        let check = |app: &App, what: &str| {
            let s = render(app);
            assert_no_control(&s, &format!("{w}x{h} {what}"));
            s
        };
        let s = check(&app, "start");
        assert!(s.contains("Evil \u{fffd}[2J title"), "{}", s.text());
        cmd(&mut app, Command::Down);
        cmd(&mut app, Command::Toggle);
        let s = check(&app, "evil selected and expanded");
        assert!(s.contains("Evil \u{fffd}[2J name \u{fffd}"), "{}", s.text());
        // The figures of the evil rows line up with the others.
        let a = figure_end(&s, &app, "Evil \u{fffd}[2J name", "400");
        let b = figure_end(&s, &app, "Plain 平原", "600");
        let c = figure_end(&s, &app, "National total", "1,000");
        let d = figure_end(&s, &app, "Kid\u{fffd}[1m", "100");
        assert_eq!((a, b, d), (c, c, c), "{}", s.text());
        cmd(&mut app, Command::Down);
        cmd(&mut app, Command::Toggle); // a leaf: "... has no children"
        check(&app, "leaf message");
        cmd(&mut app, Command::Rename);
        check(&app, "rename prompt");
        app.handle(Msg::Cancel);
        cmd(&mut app, Command::Delete);
        check(&app, "delete question");
        app.handle(Msg::Cancel);
        cmd(&mut app, Command::Move);
        check(&app, "move picker");
        app.handle(Msg::Cancel);
        cmd(&mut app, Command::Quotas);
        check(&app, "quota menu");
        app.handle(Msg::Cancel);
        cmd(&mut app, Command::Up);
        app.handle(Msg::StartEdit('9'));
        check(&app, "editing");
        app.handle(Msg::Submit);
        check(&app, "refused edit");
        app.handle(Msg::Cancel);
        cmd(&mut app, Command::Search);
        type_text(&mut app, "Evil\u{1b}[2J");
        check(&app, "search");
    }
}

#[test]
fn control_characters_in_level_names_do_not_shift_the_header() {
    let app = app_on(load(EVIL), 80, 24);
    let s = render(&app);
    let table = app.areas().table;
    let header = s.row(table.y);
    assert!(header.contains("Lev\u{fffd}[2Jel"), "{header:?}");
    let (_, x, w) = app.columns().quotas[1];
    let ion = s.find_in("Ion", row_of(table, table.y));
    assert_eq!(Screen::end_x(ion, "Ion"), table.x + x + w - 2, "{header:?}");
}

// ----- 6. sizes -----

#[test]
fn a_small_terminal_says_so_and_resizing_recovers() {
    for (w, h) in [(59, 15), (60, 14), (59, 14), (30, 5), (20, 40), (200, 3)] {
        let mut app = sample_app(w, h);
        let s = render(&app);
        assert!(
            s.text().contains("terminal too small"),
            "{w}x{h}:\n{}",
            s.text()
        );
        assert!(!s.contains("National total"), "{w}x{h}");
        app.handle(Msg::Resize {
            width: 60,
            height: 15,
        });
        let s = render(&app);
        assert!(!s.contains("terminal too small"), "{}", s.text());
        assert!(s.contains("National total"), "{}", s.text());
        assert!(s.contains("100,850"), "{}", s.text());
        assert_no_control(&s, "60x15");
    }
}

/// Draws at `size` after telling the app about it, in the mode `setup`
/// leaves.
fn sweep(setup: &dyn Fn(&mut App), what: &str) {
    let mut app = sample_app(130, 45);
    cmd(&mut app, Command::ExpandAll);
    cmd(&mut app, Command::Bottom);
    cmd(&mut app, Command::Up);
    setup(&mut app);
    for w in (1..=130).step_by(7).chain([59, 60, 109, 110]) {
        for h in (1..=45).step_by(4).chain([14, 15, 21, 22]) {
            app.handle(Msg::Resize {
                width: w,
                height: h,
            });
            let s = render(&app);
            let small = w < 60 || h < 15;
            if w >= 20 && h >= 3 {
                assert_eq!(
                    s.text().contains("terminal too small"),
                    small,
                    "{what} {w}x{h}:\n{}",
                    s.text()
                );
            }
            if !small {
                assert!(
                    s.row(0).starts_with(" Rare ear"),
                    "{what} {w}x{h}:\n{}",
                    s.text()
                );
                if app.dialog_name().is_none() {
                    // The selection stays in view.
                    let table = app.areas().table;
                    let found = s.find_all_in("Yunnan 云南", Some(table));
                    assert_eq!(found.len(), 1, "{what} {w}x{h}:\n{}", s.text());
                    assert_row_selected(&s, &app, found[0].1, true);
                }
            }
        }
    }
    // Drawn at sizes the app has not been told about yet.
    for w in (1..=130).step_by(13) {
        for h in (1..=45).step_by(11) {
            render_at(&app, w, h);
        }
    }
}

#[test]
fn every_size_draws_without_panicking() {
    sweep(&|_| {}, "normal");
    sweep(&|app| cmd(app, Command::Help), "help");
    sweep(
        &|app| {
            cmd(app, Command::Help);
            for _ in 0..100 {
                app.handle(Msg::ListDown);
            }
        },
        "help scrolled",
    );
    sweep(&|app| app.handle(Msg::StartEdit('7')), "edit");
    sweep(
        &|app| {
            cmd(app, Command::Search);
            type_text(app, "内蒙古 Inner");
        },
        "search",
    );
    sweep(&|app| cmd(app, Command::Move), "move picker");
    sweep(&|app| cmd(app, Command::Quotas), "quota menu");
    sweep(&|app| cmd(app, Command::Delete), "delete question");
    sweep(
        &|app| {
            app.handle(Msg::StartEdit('9'));
            type_text(app, "99999999");
            app.handle(Msg::Submit);
        },
        "refused edit",
    );
}

#[test]
fn a_long_name_draws_at_every_size() {
    let (plan, _) = long_name_plan();
    let mut app = app_on(plan, 130, 45);
    cmd(&mut app, Command::Down);
    for w in (1..=130).step_by(3) {
        for h in (1..=45).step_by(4) {
            app.handle(Msg::Resize {
                width: w,
                height: h,
            });
            let s = render(&app);
            assert_no_control(&s, "long name");
        }
    }
}

// ----- 7. help and hints -----

/// "keys  help text" as the help overlay writes a command.
fn help_entry(app: &App, c: Command, help: &str) -> String {
    let keys = app.config().keys.label(c);
    assert!(!keys.is_empty(), "{c:?} has keys by default");
    format!("{keys:<16}{help}")
}

#[test]
fn help_lists_every_command_with_its_keys() {
    let mut app = sample_app(100, 80);
    cmd(&mut app, Command::Help);
    let s = render(&app);
    assert!(s.contains("Help: keys"), "{}", s.text());
    let t = app.config().theme;
    for spec in COMMANDS {
        let entry = help_entry(&app, spec.command, spec.help);
        let at = s.find_all(&entry);
        assert_eq!(at.len(), 1, "{entry:?}:\n{}", s.text());
        // The keys are in the hint-key colour.
        let keys = app.config().keys.label(spec.command);
        for c in s.cells_of(at[0], &keys) {
            assert_eq!(c.fg, t.hint_key, "{entry:?}");
        }
    }
    // Any other message closes it.
    app.handle(Msg::Cancel);
    assert!(!render(&app).contains("Help: keys"));
}

#[test]
fn help_scrolls_to_every_command_on_a_small_screen() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Help);
    let mut seen = String::new();
    for _ in 0..120 {
        seen.push_str(&render(&app).text());
        seen.push('\n');
        app.handle(Msg::ListDown);
    }
    for spec in COMMANDS {
        let entry = help_entry(&app, spec.command, spec.help);
        assert!(seen.contains(&entry), "{entry:?} never shown");
    }
    assert!(seen.contains("Typing values"));
    // The first screen does not show everything: it does scroll.
    app.handle(Msg::Cancel);
    cmd(&mut app, Command::Help);
    let first = render(&app).text();
    assert!(
        !COMMANDS
            .iter()
            .all(|spec| { first.contains(&help_entry(&app, spec.command, spec.help)) })
    );
}

#[test]
fn help_scrolls_back_up_at_once_after_scrolling_past_the_end() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Help);
    for _ in 0..100 {
        app.handle(Msg::ListDown);
    }
    let bottom = render(&app).text();
    app.handle(Msg::ListUp);
    assert_ne!(render(&app).text(), bottom, "one up shows one line more");
}

/// The hint entries of the main screen: "key label", in bar order. Each is
/// a command of the table with a hint, shown with its first key.
fn hint_texts(app: &App) -> Vec<String> {
    let entries = allot::tui::ui::hint_entries(app);
    for (key, label) in &entries {
        let spec = COMMANDS
            .iter()
            .find(|s| s.hint == Some(label.as_str()))
            .unwrap_or_else(|| panic!("{label:?} is a hint of the table"));
        let first = app.config().keys.keys(spec.command)[0].label();
        assert_eq!(&first, key, "{label}: the command's first key");
    }
    entries
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect()
}

#[test]
fn the_hints_bar_shows_keys_of_commands_with_a_hint() {
    let app = sample_app(200, 30);
    let s = render(&app);
    let bar = app.areas().hints;
    let t = app.config().theme;
    let hints = hint_texts(&app);
    assert!(hints.contains(&"ctrl-s save".to_owned()), "{hints:?}");
    assert_eq!(hints[0], "? help", "help comes first: {hints:?}");
    let mut last_x = 0;
    for h in &hints {
        let at = s.find_in(h, bar);
        assert!(at.0 >= last_x, "hints in bar order: {h:?}");
        last_x = at.0;
        let (keys, label) = h.rsplit_once(' ').unwrap();
        for c in s.cells_of(at, keys) {
            assert_eq!(c.fg, t.hint_key, "{h:?}");
            assert!(c.modifier.contains(Modifier::BOLD), "{h:?}");
        }
        let label_at = (at.0 + u16::try_from(keys.width()).unwrap() + 1, at.1);
        for c in s.cells_of(label_at, label) {
            assert_eq!(c.fg, t.dim, "{h:?}");
        }
    }
    // Commands without a hint are not in the bar.
    assert!(!s.row(bar.y).contains("redo"));

    // Narrower: a prefix of the entries, none cut in the middle.
    for w in [60, 80, 100, 120] {
        let app = sample_app(w, 24);
        let s = render(&app);
        let row = s.row(app.areas().hints.y).trim_end().to_owned();
        let shown: Vec<&String> = hints.iter().filter(|h| row.contains(h.as_str())).collect();
        assert!(!shown.is_empty(), "{w}: {row:?}");
        assert_eq!(
            shown,
            hints.iter().take(shown.len()).collect::<Vec<_>>(),
            "{w}: {row:?}"
        );
        assert_eq!(
            row,
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("  "),
            "{w}"
        );
    }
}

#[test]
fn the_help_hint_is_shown_at_80_columns() {
    let app = sample_app(80, 24);
    let s = render(&app);
    let bar = app.areas().hints;
    let row = s.row(bar.y);
    for h in ["? help", "ctrl-s save", "q quit"] {
        assert!(row.contains(h), "{h}: {row:?}");
    }
}

// ----- 8. details -----

#[test]
fn details_show_path_share_and_note() {
    let t = Config::default().theme;
    let mut app = sample_app(120, 40);
    cmd(&mut app, Command::Down);
    let s = render(&app);
    let d = app.areas().details.expect("a side panel at 120x40");
    // The node's name first, then the path above it.
    s.find_in("Inner Mongolia 内蒙古", row_of(d, d.y + 1));
    s.find_in("national", row_of(d, d.y + 2));
    let (_, y) = s.find_in("Rock-type mining ", d);
    let share = s.find_in("68.7%", row_of(d, y));
    assert!(s.find_all_in("69,250", Some(row_of(d, y))).len() == 1);
    // Its own unallocated remainder, in the unallocated colour.
    let rest = s.find_in("4,250", row_of(d, y));
    assert!(rest.0 > share.0);
    for c in s.cells_of(rest, "4,250") {
        assert_eq!(c.fg, t.unallocated);
    }
    s.find_in("note 2018 indicator as published", d);
    s.find_in("Securities Journal, 2018-08-01).", d);
    // Children's shares.
    s.find_in("86.6%", d);

    // An enterprise: its share of the province.
    cmd(&mut app, Command::Toggle);
    cmd(&mut app, Command::Down);
    let s = render(&app);
    let (_, y) = s.find_in("Rock-type mining ", d);
    s.find_in("86.6%", row_of(d, y));
    s.find_in("60,000", row_of(d, y));
    s.find_in("locked", row_of(d, d.y + 1));
    s.find_in("note Illustrative enterprise figure", d);
    s.find_in("China Northern Rare Earth 北方稀土", row_of(d, d.y + 1));
    s.find_in("national / Inner Mongolia 内蒙古", row_of(d, d.y + 2));

    // At 80x24 the panel is below the table and the whole path fits.
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    let s = render(&app);
    let d = app.areas().details.expect("a panel below at 80x24");
    assert!(d.y > app.areas().table.y);
    s.find_in("Baotou Huamei 包头华美", d);
    s.find_in("national / Inner Mongolia 内蒙古", d);
    s.find_in("7.2%", d);
}

#[test]
fn details_keep_the_selected_name_in_a_narrow_panel() {
    let mut app = sample_app(120, 40);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    cmd(&mut app, Command::Down);
    let s = render(&app);
    let d = app.areas().details.unwrap();
    let title = s.row(d.y + 1);
    assert!(title.contains("China Northern"), "{title:?}");
}

// ----- 9. editing -----

#[test]
fn an_edit_changes_the_shown_value() {
    let t = Config::default().theme;
    let mut app = sample_app(80, 24);
    for _ in 0..3 {
        cmd(&mut app, Command::Down);
    }
    let s = render(&app);
    let before = figure_end(&s, &app, "Shandong 山东", "3,600");
    app.handle(Msg::StartEdit('5'));
    type_text(&mut app, "00");
    let s = render(&app);
    let msg = app.areas().message;
    let prompt = "set Shandong 山东 / Rock-type mining: 500";
    s.find_in(prompt, msg);
    // The edited cell is marked.
    let (y, _) = table_row(&s, &app, "Shandong 山东");
    let (_, cells) = quota_cell(&s, &app, y, 0);
    assert!(
        cells
            .iter()
            .filter(|c| c.symbol() != " ")
            .all(|c| c.modifier.contains(Modifier::UNDERLINED))
    );
    app.handle(Msg::Submit);
    let s = render(&app);
    let end = figure_end(&s, &app, "Shandong 山东", "500");
    assert_eq!(end, before);
    assert_eq!(end, figure_end(&s, &app, "National total", "100,850"));
    assert!(s.find_all_in("3,600", Some(app.areas().table)).is_empty());
    // The 3,100 t given back show on the national "unallocated" line.
    let (_, y) = s.find_in("unallocated", app.areas().table);
    let (text, cells) = quota_cell(&s, &app, y, 0);
    assert_eq!(text, "3,100");
    assert!(
        cells
            .iter()
            .filter(|c| c.symbol() != " ")
            .all(|c| c.fg == t.unallocated)
    );
    // The message line is not an error.
    let row = s.row(msg.y);
    assert!(!row.contains("refused"), "{row:?}");
    assert!(!row.trim().is_empty(), "a result is reported");
    let (x, _) = s.find_all_in(row.trim(), Some(msg))[0];
    assert_eq!(s.cell(x, msg.y).fg, t.message);
}

#[test]
fn a_refused_edit_says_so_in_the_error_colour() {
    let t = Config::default().theme;
    let mut app = sample_app(80, 24);
    for _ in 0..3 {
        cmd(&mut app, Command::Down);
    }
    // National rock is fully allocated: Shandong cannot grow.
    app.handle(Msg::StartEdit('9'));
    type_text(&mut app, "999");
    app.handle(Msg::Submit);
    let s = render(&app);
    let msg = app.areas().message;
    // While the input is open, the reason shows whole, above it.
    let above = ratatui::layout::Rect::new(0, msg.y - 3, msg.width, 3);
    let at = s.find_in("refused:", above);
    for c in s.cells_of(at, "refused:") {
        assert_eq!(c.fg, t.error);
    }
    // The input stays whole for correction, the value is unchanged.
    s.find_in("set Shandong 山东 / Rock-type mining: 9999", msg);
    assert!(s.find_all_in("refused:", Some(msg)).is_empty());
    figure_end(&s, &app, "Shandong 山东", "3,600");
    // After Esc, on the main screen the refusal is gone.
    app.handle(Msg::Cancel);
    let s = render(&app);
    assert!(s.find_all_in("refused:", Some(msg)).is_empty());

    // A refusal from a command on the main screen.
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    cmd(&mut app, Command::Down); // China Northern, locked
    app.handle(Msg::StartEdit('1'));
    let s = render(&app);
    let at = s.find_in("refused:", msg);
    for c in s.cells_of(at, "refused:") {
        assert_eq!(c.fg, t.error);
    }
    assert!(s.row(msg.y).contains("is locked"), "{:?}", s.row(msg.y));
}

// ----- 10. snapshots -----

fn snapshot_text(app: &App) -> String {
    render(app).text()
}

#[test]
fn snapshot_top_level_80x24() {
    insta::assert_snapshot!("top_level_80x24", snapshot_text(&sample_app(80, 24)));
}

#[test]
fn snapshot_top_level_120x40() {
    insta::assert_snapshot!("top_level_120x40", snapshot_text(&sample_app(120, 40)));
}

fn enterprise_selected(w: u16, h: u16) -> App {
    let mut app = sample_app(w, h);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    app
}

#[test]
fn snapshot_enterprise_80x24() {
    insta::assert_snapshot!(
        "enterprise_80x24",
        snapshot_text(&enterprise_selected(80, 24))
    );
}

#[test]
fn snapshot_enterprise_120x40() {
    insta::assert_snapshot!(
        "enterprise_120x40",
        snapshot_text(&enterprise_selected(120, 40))
    );
}

#[test]
fn snapshot_help_80x24() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Help);
    insta::assert_snapshot!("help_80x24", snapshot_text(&app));
}

#[test]
fn snapshot_search_prompt_80x24() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Search);
    type_text(&mut app, "四川");
    insta::assert_snapshot!("search_prompt_80x24", snapshot_text(&app));
}

#[test]
fn snapshot_edit_prompt_60x15() {
    let mut app = sample_app(60, 15);
    cmd(&mut app, Command::Down);
    app.handle(Msg::StartEdit('+'));
    type_text(&mut app, "500");
    insta::assert_snapshot!("edit_prompt_60x15", snapshot_text(&app));
}

#[test]
fn figures_deep_in_an_over_allocated_plan_are_shown_whole() {
    let mut app = app_on(alpha_beta(12_345_678, 300), 80, 24);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Toggle);
    let s = render(&app);
    let table = app.areas().table;
    assert!(s.find_all_in("…", Some(table)).is_empty(), "{}", s.text());
    let a = figure_end(&s, &app, "A one 一", "12,345,678");
    let b = figure_end(&s, &app, "National total", "1,000");
    assert_eq!(a, b);
    s.find_in("-12,345,078", table);
}

// ----- long messages, the help's place, the view -----

/// Defect 2: six settings warnings ran together and the message line kept
/// their end; now the start shows, and the last line says where the rest
/// is.
#[test]
fn a_long_message_shows_from_its_start_and_says_where_the_rest_is() {
    let mut app = sample_app(80, 24);
    let warnings: Vec<String> = (1..=6)
        .map(|i| format!("config.json: warning number {i}, long enough to take much of a line"))
        .collect();
    app.warn_all(&warnings);
    let s = render(&app);
    let m = app.areas().message;
    assert!(
        s.contains("6 warnings: config.json: warning number 1,"),
        "{}",
        s.text()
    );
    s.find_in("shows every message", row_of(m, m.y));
    cmd(&mut app, Command::Messages);
    let s = render(&app);
    for i in 1..=6 {
        assert!(s.contains(&format!("warning number {i},")), "{}", s.text());
    }
}

/// The help says when there is more below, and where it is.
#[test]
fn help_says_there_is_more_below() {
    let mut app = sample_app(80, 24);
    cmd(&mut app, Command::Help);
    assert!(render(&app).contains("↓ more: lines 1-"));
    for _ in 0..100 {
        app.handle(Msg::ListDown);
    }
    assert!(render(&app).contains(" end: lines "));
}

/// The share column and a sorted, filtered table as the planner sees them.
#[test]
fn shares_sort_and_filter_show_in_the_table() {
    let mut app = sample_app(120, 40);
    cmd(&mut app, Command::ToggleShares);
    let s = render(&app);
    // Inner Mongolia: 69,250 of 100,850 rock-type.
    let nm = s.find_all("Inner Mongolia 内蒙古")[0];
    s.find_in("68.7%", row_of(app.areas().table, nm.1));
    let t = app.config().theme;
    for c in s.cells_of(s.find_in("68.7%", row_of(app.areas().table, nm.1)), "68.7%") {
        assert_eq!(c.fg, t.dim, "shares are dimmed beside the figures");
    }
    // Sorted by ion-adsorption, largest first: Jiangxi on top, and the
    // header says so.
    app.select(allot::core::ROOT, 2);
    cmd(&mut app, Command::Sort);
    app.handle(Msg::Choice('v'));
    let s = render(&app);
    let head = row_of(app.areas().table, app.areas().table.y);
    let top = app.areas().header;
    s.find_in("by ion ▼", top);
    s.find_in("ion▼", head);
    let jx = s.find_all("Jiangxi 江西")[0];
    assert_eq!(jx.1, app.areas().table.y + 2, "first under national");
    // Only what is unallocated: Inner Mongolia and the national line.
    cmd(&mut app, Command::Filter);
    app.handle(Msg::Choice('u'));
    let s = render(&app);
    s.find_in("by ion ▼ · only unallocated (2)", top);
    let table = app.areas().table;
    assert!(
        s.find_all_in("Sichuan", Some(table)).is_empty(),
        "{}",
        s.text()
    );
    // Inner Mongolia's own "unallocated" line shows under it: 4,250.
    let (_, y) = s.find_in("Inner Mongolia 内蒙古", table);
    s.find_in("unallocated", row_of(table, y + 1));
    s.find_in("4,250", row_of(table, y + 1));
}

/// The 2018 sample as "last year": Inner Mongolia lower (the plan's figure
/// is up on it), Sichuan higher (down on it), smelting given 3 : 1, and an
/// enterprise the plan does not have.
fn last_year() -> Plan {
    let mut v: serde_json::Value = serde_json::from_str(allot::storage::EXAMPLE_2018_JSON).unwrap();
    let nodes = v["nodes"].as_array_mut().unwrap();
    for n in nodes.iter_mut() {
        match n["id"].as_str().unwrap() {
            "nm" => {
                n["alloc"]["rock"] = 60_000.into();
                n["alloc"]["smelting"] = 3.into();
                n["nodes"][0]["alloc"]["rock"] = 50_000.into();
                n["nodes"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"id": "nm-old", "name": "Old Mine 旧矿", "alloc": {"rock": 4000}}));
            }
            "sc" => {
                n["alloc"]["rock"] = 30_000.into();
                n["alloc"]["smelting"] = 1.into();
            }
            _ => {}
        }
    }
    load(&v.to_string())
}

#[test]
fn a_reference_shows_beside_every_figure_with_the_change_coloured() {
    let mut app = sample_app(120, 40);
    app.set_reference(last_year(), "last-year.json");
    let s = render(&app);
    let t = app.config().theme;
    assert!(s.contains("ref"), "{}", s.text());
    let nm = s.find("Inner Mongolia");
    let line = s.row(nm.1).to_owned();
    assert!(line.contains("69,250") && line.contains("60,000"), "{line}");
    // With the change: up in green, down in red.
    cmd(&mut app, Command::ReferenceColumns);
    let s = render(&app);
    assert!(s.contains("change"), "{}", s.text());
    let up = s.find("+9,250");
    assert_eq!(s.cells_of(up, "+9,250")[0].fg, t.balanced);
    let down = s.find("-2,000");
    assert_eq!(s.cells_of(down, "-2,000")[0].fg, t.over_allocated);
    // Hidden, then shown again.
    cmd(&mut app, Command::ReferenceColumns);
    assert!(!render(&app).contains("60,000"));
    cmd(&mut app, Command::ReferenceColumns);
    assert!(render(&app).contains("60,000"));
}

#[test]
fn a_node_only_in_the_reference_is_greyed_in_its_place_and_read_only() {
    let mut app = sample_app(120, 40);
    app.set_reference(last_year(), "last-year.json");
    cmd(&mut app, Command::ExpandAll);
    let s = render(&app);
    let t = app.config().theme;
    let ghost = s.find("Old Mine 旧矿");
    assert!(s.cells_of(ghost, "Old Mine").iter().all(|c| c.fg == t.dim));
    // In its place: after Inner Mongolia's enterprises, before its
    // unallocated line.
    let huamei = s.find("Baotou Huamei");
    assert_eq!(ghost.1, huamei.1 + 1, "{}", s.text());
    assert!(s.row(ghost.1).contains("4,000"), "its reference figure");
    // Selected and edited: refused, nothing changed.
    while !matches!(app.selected_row(), allot::tui::rows::Row::Ghost { .. }) {
        cmd(&mut app, Command::Down);
    }
    let before = allot::storage::to_json(app.plan());
    cmd(&mut app, Command::Edit);
    assert!(
        app.message()
            .unwrap()
            .text
            .contains("only in the reference"),
        "{:?}",
        app.message()
    );
    assert_eq!(allot::storage::to_json(app.plan()), before);
    // Dropped: gone.
    app.drop_reference();
    assert!(!render(&app).contains("Old Mine"));
}

#[test]
fn fill_shares_by_the_reference_when_asked() {
    let mut app = sample_app(120, 40);
    app.set_reference(last_year(), "last-year.json");
    app.toggle_spread_by_reference();
    let plan = app.plan();
    let smelting = plan.quota_index("smelting").unwrap();
    let total = plan.value(allot::core::ROOT, smelting);
    app.select(allot::core::ROOT, smelting + 1);
    cmd(&mut app, Command::Fill);
    app.handle(Msg::Submit);
    let plan = app.plan();
    let nm = plan.find("nm").unwrap();
    let sc = plan.find("sc").unwrap();
    // 3 : 1, everyone else 0 in the reference.
    assert_eq!(plan.value(nm, smelting), total / 4 * 3);
    assert_eq!(plan.value(sc, smelting), total / 4);
    assert!(
        app.message().unwrap().text.contains("reference"),
        "{:?}",
        app.message()
    );
}

#[test]
fn the_last_fill_is_explained_and_a_reason_is_kept_in_the_history() {
    let mut app = sample_app(120, 40);
    let plan = app.plan();
    let smelting = plan.quota_index("smelting").unwrap();
    let total = plan.value(allot::core::ROOT, smelting);
    let provinces = plan.children(allot::core::ROOT).len() as u64;
    app.select(allot::core::ROOT, smelting + 1);
    cmd(&mut app, Command::Fill);
    app.handle(Msg::Submit);
    cmd(&mut app, Command::Explain);
    let s = render(&app);
    assert!(s.contains("How it was shared"), "{}", s.text());
    // Nothing yet anywhere: equal weights, 115,000 / 9 each, the leftover
    // units to the earliest.
    let exact = allot::core::amount::decimal(u128::from(total), u128::from(provinces), 3);
    assert_eq!(s.find_all(&exact).len() as u64, provinces, "{}", s.text());
    // "+1" in the heading, then on each row given a leftover unit.
    let plus = s.find_all("+1").len() as u64 - 1;
    assert_eq!(plus, total % provinces);
    assert_eq!(s.find_all("tie: earlier").len() as u64, total % provinces);
    let t = app.config().theme;
    let first = s.find("tie: earlier");
    assert_eq!(
        s.cell(first.0, first.1).fg,
        t.balanced,
        "a leftover unit in green"
    );
    app.handle(Msg::Cancel);
    // A reason for it.
    cmd(&mut app, Command::Reason);
    type_text(&mut app, "notice 工信部 2018");
    app.handle(Msg::Submit);
    assert!(app.message().unwrap().text.contains("reason kept"));
    // The history: not saved yet, with its reason.
    cmd(&mut app, Command::History);
    let s = render(&app);
    assert!(s.contains("History: 1 change"), "{}", s.text());
    assert!(s.contains("(not saved yet)"));
    assert!(s.contains("notice 工信部 2018"), "{}", s.text());
    // From there, w explains it too.
    app.handle(Msg::Choice('w'));
    assert!(render(&app).contains("How it was shared"));
}

#[test]
fn a_required_reason_is_asked_after_each_change_and_esc_undoes_it() {
    let mut config = Config::default();
    config.editing.require_reason = true;
    let mut app = App::new(sample(), Source::Sample, config, (120, 40));
    let smelting = app.plan().quota_index("smelting").unwrap();
    let nm = app.plan().find("nm").unwrap();
    let set = |app: &mut App, v: &str| {
        app.select(nm, smelting + 1);
        cmd(app, Command::Edit);
        type_text(app, v);
        app.handle(Msg::Submit);
    };
    set(&mut app, "1000");
    assert_eq!(app.plan().value(nm, smelting), 1000);
    let s = render(&app);
    assert!(
        s.contains("reason for this change (required"),
        "{}",
        s.text()
    );
    assert!(s.contains("esc undo the change"), "{}", s.text());
    // The change's own message stays in sight.
    assert!(
        app.message().unwrap().text.contains("1,000"),
        "{:?}",
        app.message()
    );
    // Nothing typed: asked again.
    app.handle(Msg::Submit);
    assert!(render(&app).contains("reason for this change (required"));
    assert!(app.message().unwrap().text.contains("a reason is required"));
    // Esc: the change is undone.
    app.handle(Msg::Cancel);
    assert_eq!(app.plan().value(nm, smelting), 0);
    assert!(
        app.message().unwrap().text.contains("undone"),
        "{:?}",
        app.message()
    );
    assert!(!render(&app).contains("reason for this change"));
    // Again, with a reason: kept.
    set(&mut app, "1000");
    type_text(&mut app, "notice 2018-1");
    app.handle(Msg::Submit);
    assert_eq!(app.plan().value(nm, smelting), 1000);
    assert_eq!(app.editor().last_reason(), Some("notice 2018-1"));
    // Undo and redo make no new change: nothing asked.
    cmd(&mut app, Command::Undo);
    cmd(&mut app, Command::Redo);
    assert!(!render(&app).contains("reason for this change"));
    assert_eq!(app.editor().last_reason(), Some("notice 2018-1"));
}

#[test]
fn the_preview_shows_each_recipients_old_new_and_change_before_it_applies() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = sample_app(w, h);
        let plan = app.plan();
        let rock = plan.quota_index("rock").unwrap();
        let sd = plan.find("sd").unwrap();
        let old: Vec<(String, u64)> = plan
            .children(allot::core::ROOT)
            .iter()
            .map(|&c| (plan.display_name(c).to_owned(), plan.value(c, rock)))
            .collect();
        // Shandong's rock-type mining 3,600 → 3,000, the siblings take the
        // 600 in proportion.
        app.select(sd, rock + 1);
        cmd(&mut app, Command::EditRebalance);
        type_text(&mut app, "3000");
        app.handle(Msg::Submit);
        let s = render(&app);
        assert!(s.contains("Preview"), "{}", s.text());
        assert!(
            s.contains("nothing is changed until you apply"),
            "{}",
            s.text()
        );
        assert!(s.contains("apply?"), "{}", s.text());
        // What it would do, whole (wrapped at 80 columns, never cut).
        assert!(
            s.contains("rebalancing") && s.contains("siblings"),
            "{w}x{h}:\n{}",
            s.text()
        );
        let t = app.config().theme;
        // Nothing applied yet.
        assert_eq!(app.plan().value(sd, rock), 3600);
        // Shandong's line: 3,600 3,000 −600, the change in the colour of
        // a cut.
        let (x, y) = s.find("−600");
        assert!(s.row(y).contains("3,600"), "{}", s.row(y));
        assert!(s.row(y).contains("3,000"), "{}", s.row(y));
        assert_eq!(s.cell(x, y).fg, t.unallocated);
        // Apply: every figure the preview showed is the plan's now.
        let screen = s.text();
        app.handle(Msg::Submit);
        let plan = app.plan();
        for (&c, (name, before)) in plan.children(allot::core::ROOT).iter().zip(&old) {
            let now = plan.value(c, rock);
            if now == *before {
                continue;
            }
            let diff = if now > *before {
                format!("+{}", fmt(now - before))
            } else {
                format!("−{}", fmt(before - now))
            };
            let line = screen
                .lines()
                .find(|l| l.contains(name.as_str()) && l.contains(&diff))
                .unwrap_or_else(|| panic!("{name} {diff} not shown at {w}x{h}:\n{screen}"));
            assert!(line.contains(&fmt(now)), "{line}");
        }
        assert_eq!(plan.value(sd, rock), 3000);
        assert_eq!(plan.remainder(allot::core::ROOT, rock), 0);
    }
}

/// A figure as the screen shows it (thousands with a comma).
fn fmt(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[test]
fn the_details_show_the_selected_nodes_last_changes_saved_and_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, allot::storage::EXAMPLE_2018_JSON).unwrap();
    let first = serde_json::json!({
        "time": "2026-11-30T08:15:00Z", "user": "王芳", "action": "set smelting",
        "reason": "first notice",
        "changes": [{"path": ["nm"], "quota": "smelting", "batch": null, "old": 0, "new": 500}]
    });
    let other = serde_json::json!({
        "time": "2026-11-30T09:00:00Z", "user": "王芳", "action": "set Sichuan",
        "reason": null,
        "changes": [{"path": ["sc"], "quota": "smelting", "batch": null, "old": 0, "new": 7}]
    });
    std::fs::write(
        dir.path().join("plan.json.history.jsonl"),
        format!("{first}\n{other}\n"),
    )
    .unwrap();
    let (plan, source, _) = allot::tui::app::open(Some(&path)).unwrap();
    let mut config = Config::default();
    config.editing.user = Some("李明".to_owned());
    let mut app = App::new(plan, source, config, (120, 40));
    app.handle(Msg::Resize {
        width: 120,
        height: 40,
    });
    let nm = app.plan().find("nm").unwrap();
    let smelting = app.plan().quota_index("smelting").unwrap();
    app.select(nm, smelting + 1);
    app.handle(Msg::Resize {
        width: 120,
        height: 40,
    });
    let s = render(&app);
    let panel = app.areas().details.expect("the details panel at 120x40");
    assert!(
        s.find_all_in("last changes", Some(panel)).len() == 1,
        "{}",
        s.text()
    );
    assert_eq!(
        s.find_all_in("11-30 08:15 王芳", Some(panel)).len(),
        1,
        "{}",
        s.text()
    );
    assert_eq!(s.find_all_in("smelting 0 → 500", Some(panel)).len(), 1);
    assert_eq!(s.find_all_in("first notice", Some(panel)).len(), 1);
    // Sichuan's change is Sichuan's, not Inner Mongolia's.
    assert!(s.find_all_in("set Sichuan", Some(panel)).is_empty());
    // A change here: shown as not saved yet, in the colour of changes.
    cmd(&mut app, Command::Edit);
    type_text(&mut app, "1000");
    app.handle(Msg::Submit);
    let s = render(&app);
    let at = s.find_in("not saved yet", panel);
    assert_eq!(s.cell(at.0, at.1).fg, app.config().theme.changed);
    assert_eq!(
        s.find_all_in("smelting 0 → 1,000", Some(panel)).len(),
        1,
        "{}",
        s.text()
    );
    // Saved: the history file has it, and the panel shows who and when.
    cmd(&mut app, Command::Save);
    let history = std::fs::read_to_string(dir.path().join("plan.json.history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 3, "{history}");
    let s = render(&app);
    assert!(
        s.find_all_in("not saved yet", Some(panel)).is_empty(),
        "{}",
        s.text()
    );
    assert_eq!(s.find_all_in("李明", Some(panel)).len(), 1, "{}", s.text());
    assert_eq!(s.find_all_in("smelting 0 → 1,000", Some(panel)).len(), 1);
    assert_eq!(s.find_all_in("smelting 0 → 500", Some(panel)).len(), 1);
}

// ----- the Chinese interface -----

use allot::i18n::{Lang, with};

/// The screens a planner meets first, in a language: the top level, an
/// enterprise selected, the help, and a refusal.
fn screens(lang: Lang, w: u16, h: u16) -> Vec<(&'static str, Screen)> {
    with(lang, || {
        let top = sample_app(w, h);
        let enterprise = enterprise_selected(w, h);
        let mut help = sample_app(w, h);
        cmd(&mut help, Command::Help);
        // A refusal: Inner Mongolia's locked enterprise typed into.
        let mut refusal = sample_app(w, h);
        cmd(&mut refusal, Command::Down);
        cmd(&mut refusal, Command::Toggle);
        cmd(&mut refusal, Command::Down);
        cmd(&mut refusal, Command::Right);
        refusal.handle(Msg::StartEdit('1'));
        vec![
            ("top", render(&top)),
            ("enterprise", render(&enterprise)),
            ("help", render(&help)),
            ("refusal", render(&refusal)),
        ]
    })
}

#[test]
fn snapshot_chinese_screens_80x24() {
    for (name, s) in screens(Lang::ZhCn, 80, 24) {
        insta::assert_snapshot!(format!("zh_{name}_80x24"), s.text());
    }
}

#[test]
fn the_chinese_screens_speak_chinese() {
    let s = screens(Lang::ZhCn, 80, 24);
    let text = |name: &str| s.iter().find(|(n, _)| *n == name).unwrap().1.text();
    let top = text("top");
    for word in ["全国总量", "未分配", "帮助", "保存", "退出"] {
        assert!(top.contains(word), "{word}:\n{top}");
    }
    let help = text("help");
    assert!(help.contains("帮助：按键"), "{help}");
    assert!(help.contains("上移"), "{help}");
    let refusal = text("refusal");
    assert!(refusal.contains("已拒绝"), "{refusal}");
    assert!(refusal.contains("已锁定"), "{refusal}");
}

#[test]
fn nothing_is_cut_in_chinese_that_is_not_cut_in_english() {
    for (w, h) in [(80, 24), (120, 40)] {
        let en = screens(Lang::En, w, h);
        let zh = screens(Lang::ZhCn, w, h);
        for ((name, e), (_, z)) in en.iter().zip(&zh) {
            let (et, zt) = (e.text(), z.text());
            for (y, (el, zl)) in et.lines().zip(zt.lines()).enumerate() {
                // A cut shows as an ellipsis: the Chinese line has one
                // only where the English line has one too.
                assert!(
                    !zl.contains('…') || el.contains('…'),
                    "{name} {w}x{h}, line {y} is cut in Chinese only:\n{zl}\n{el}\n\n{zt}"
                );
            }
        }
    }
}

#[test]
fn a_previewed_rebalance_that_cascades_sums_only_the_siblings() {
    // Shandong's ion-adsorption mining 0 → 3,000: its siblings give it,
    // and Jiangxi's enterprises follow Jiangxi down. The sums are of the
    // siblings (the parent's figure does not move), not of every figure.
    let mut app = sample_app(120, 40);
    let ion = app.plan().quota_index("ion").unwrap();
    let sd = app.plan().find("sd").unwrap();
    let total = app.plan().value(ROOT_IX, ion);
    app.select(sd, ion + 1);
    cmd(&mut app, Command::EditRebalance);
    type_text(&mut app, "3000");
    app.handle(Msg::Submit);
    let s = render(&app);
    assert!(
        s.contains("Ganzhou Rare Earth"),
        "the cascade is listed:\n{}",
        s.text()
    );
    let sums = format!("{} → {} in the figures below", fmt(total), fmt(total));
    assert!(s.contains(&sums), "{sums}:\n{}", s.text());
}

const ROOT_IX: allot::core::NodeIx = allot::core::ROOT;
