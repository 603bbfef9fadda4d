//! End-to-end tests of the interactive planner: they start the real `allot`
//! binary in a pseudo-terminal, feed its output to a `vt100` screen, type
//! keys into it and poll the screen for what a planner would see.
//!
//! Every test waits for screen content (never only for time), prints the
//! screen when a wait fails, and kills the child on the way out even when it
//! fails (see [`Tui`]'s `Drop`). Each test uses its own temporary
//! `ALLOT_CONFIG_DIR` and `ALLOT_DATA_DIR`, so the user's settings never
//! leak in.

use std::path::Path;

use serde_json::Value;

mod common;
#[allow(clippy::wildcard_imports)]
use common::*;

/// The row of the national "unallocated" line (the last line of the tree,
/// not indented) as its figures: rock, ion, smelting.
fn national_unallocated(screen: &str) -> Option<Vec<String>> {
    screen
        .lines()
        .find(|l| l.starts_with("   unallocated"))
        .map(|l| {
            l["   unallocated".len()..]
                .split_whitespace()
                .take_while(|w| w.chars().all(|c| c.is_ascii_digit() || ",-".contains(c)))
                .map(str::to_owned)
                .collect()
        })
}

/// Whether the national unallocated rock figure on the screen is `want`.
fn national_rock_unallocated_is(screen: &str, want: &str) -> bool {
    national_unallocated(screen).is_some_and(|v| v.first().map(String::as_str) == Some(want))
}

/// The screen line that contains `needle`.
fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}

/// Whether the tree-table row naming `name` shows `value` as its first
/// figure (the rock column). Only the table part of each line counts: the
/// details panel, beside or below it, starts at a `│` border.
fn row_shows(screen: &str, name: &str, value: &str) -> bool {
    let table = screen
        .lines()
        .map(|l| l.split('│').next().unwrap_or_default());
    table.clone().find(|l| l.contains(name)).is_some_and(|l| {
        l.split_whitespace()
            .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            == Some(value)
    })
}

/// The node with `id` anywhere in a plan's JSON.
fn find_node<'a>(nodes: &'a Value, id: &str) -> Option<&'a Value> {
    nodes.as_array()?.iter().find_map(|n| {
        if n["id"] == id {
            Some(n)
        } else {
            find_node(&n["nodes"], id)
        }
    })
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()))
}

/// Run `allot check FILE`; its exit code and output.
fn check(path: &Path) -> (i32, String) {
    let out = std::process::Command::new(BIN)
        .arg("check")
        .arg(path)
        .env("ALLOT_CONFIG_DIR", "")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Search for `query` and accept the match.
fn search(tui: &mut Tui, query: &str) {
    tui.send("/");
    tui.wait_for("the search prompt", |t| {
        t.lines().rev().nth(1).is_some_and(|l| l.starts_with('/'))
    });
    tui.send(query);
    tui.wait_text(&format!("/{query}"));
    tui.send("\r");
    // The prompt closes.
    tui.wait_for("the search prompt to close", |t| {
        !t.lines().any(|l| l.starts_with(&format!("/{query}")))
    });
}

// ----- tests -----

/// The issue's scenario: search, type a value, save, quit, and the file on
/// disk has it and still checks.
#[test]
fn search_edit_save_quit_writes_the_file() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    assert!(
        screen.contains("plan.json"),
        "the file name shows:\n{screen}"
    );
    assert!(
        national_rock_unallocated_is(&screen, "0"),
        "nothing unallocated at first:\n{screen}"
    );

    search(&mut tui, "Shandong");
    let screen = tui.wait_text("Shandong 山东");
    assert!(row_shows(&screen, "Shandong", "3,600"), "{screen}");

    tui.send("3000");
    tui.wait_text("set Shandong 山东 / Rock-type mining: 3000");
    tui.send("\r");
    let screen = tui.wait_for("national rock unallocated 600", |t| {
        national_rock_unallocated_is(t, "600")
    });
    assert!(row_shows(&screen, "Shandong", "3,000"), "{screen}");
    assert!(screen.contains("unsaved"), "marked unsaved:\n{screen}");

    tui.send("\x13");
    let screen = tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    assert!(
        !screen.contains("● unsaved"),
        "no longer unsaved after saving:\n{screen}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());

    let json = read_json(&plan);
    let sd = find_node(&json["nodes"], "sd").expect("sd in the saved plan");
    assert_eq!(sd["alloc"]["rock"], 3000, "{sd}");
    let nm = find_node(&json["nodes"], "nm").unwrap();
    assert_eq!(nm["alloc"]["rock"], 69250, "other nodes unchanged");
    let (code, out) = check(&plan);
    assert_eq!(code, 0, "allot check on the saved plan:\n{out}");
    assert!(out.contains("consistent"), "{out}");
}

/// A raise beyond what national has unallocated is refused and changes
/// nothing; quitting with an unsaved change asks, and `d` discards it.
#[test]
fn refused_edit_and_discarding_on_quit_leave_the_file_alone() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let before = std::fs::read(&plan).unwrap();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    search(&mut tui, "Shandong");

    tui.send("4000\r");
    let screen = tui.wait_text("refused");
    assert!(
        line_with(&screen, "refused").is_some_and(|l| l.contains("national")),
        "the refusal says who cannot cover it:\n{screen}"
    );
    assert!(row_shows(&screen, "Shandong", "3,600"), "{screen}");
    assert!(national_rock_unallocated_is(&screen, "0"), "{screen}");

    // The input stays for correcting; Esc gives up.
    tui.esc();
    tui.wait_text("edit cancelled");

    // Nothing changed: quitting now would not ask. Make a change that is
    // allowed, then discard it.
    tui.send("3000\r");
    tui.wait_for("the edit applied", |t| {
        national_rock_unallocated_is(t, "600")
    });
    tui.send("q");
    tui.wait_text("unsaved changes: [s]ave · [d]iscard · [c]ancel");
    tui.send("d");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    assert_eq!(
        std::fs::read(&plan).unwrap(),
        before,
        "the file is byte for byte unchanged"
    );
}

/// `c` at the unsaved-changes question goes back to the plan, and `s` saves
/// and quits.
#[test]
fn quitting_with_changes_cancel_then_save() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    search(&mut tui, "Shandong");
    tui.send("-600\r");
    tui.wait_for("the edit applied", |t| {
        national_rock_unallocated_is(t, "600")
    });
    tui.send("q");
    tui.wait_text("[s]ave · [d]iscard");
    tui.send("c");
    tui.wait_text("cancelled");
    tui.send("q");
    tui.wait_text("[s]ave · [d]iscard");
    tui.send("s");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    let json = read_json(&plan);
    assert_eq!(
        find_node(&json["nodes"], "sd").unwrap()["alloc"]["rock"],
        3000
    );
}

/// Esc in the search prompt goes back to where the search started; `n`
/// repeats the last search.
#[test]
fn esc_cancels_a_search_and_n_repeats_one() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    // The details panel names the selected node on its first line.
    let title = |t: &str| {
        let mut lines = t.lines();
        lines.find(|l| l.contains("┌ Details"))?;
        lines
            .next()?
            .split('│')
            .nth(1)
            .map(|s| s.trim().trim_end_matches("locked").trim().to_owned())
    };
    tui.send("/Sichuan");
    // Incremental: the match is selected while typing.
    tui.wait_for("Sichuan selected", |t| {
        title(t).is_some_and(|n| n == "Sichuan 四川")
    });
    tui.esc();
    let screen = tui.wait_for("the search to be cancelled", |t| {
        !t.contains("/Sichuan") && title(t).is_some_and(|n| n == "National total")
    });
    assert!(
        screen.contains("National total"),
        "back at national:\n{screen}"
    );

    // Accepted searches are remembered for `n`.
    search(&mut tui, "Rare Earth");
    let first = tui.wait_for("a match", |t| {
        title(t).is_some_and(|n| n.contains("Rare Earth"))
    });
    // The first match in tree order is under Inner Mongolia.
    let a = title(&first).unwrap_or_else(|| panic!("a node selected:\n{first}"));
    assert!(a.contains("China Northern"), "{a}");
    assert!(first.contains("national / Inner Mongolia"), "{first}");
    tui.send("n");
    let next = tui.wait_for("the next match", |t| title(t).is_some_and(|b| b != a));
    assert!(
        next.contains("/Rare Earth"),
        "the message repeats the query:\n{next}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// `u` undoes an edit, says so, and the old value is back.
#[test]
fn undo_restores_the_value() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    search(&mut tui, "Shandong");
    tui.send("3000\r");
    let screen = tui.wait_for("the edit applied", |t| {
        national_rock_unallocated_is(t, "600")
    });
    assert!(row_shows(&screen, "Shandong", "3,000"), "{screen}");

    tui.send("u");
    let screen = tui.wait_text("undone");
    assert!(row_shows(&screen, "Shandong", "3,600"), "{screen}");
    assert!(national_rock_unallocated_is(&screen, "0"), "{screen}");
    assert!(
        !screen.contains("● unsaved"),
        "back at the loaded state: clean:\n{screen}"
    );

    // And redo brings it back.
    tui.send("\x12");
    tui.wait_for("redo applied", |t| national_rock_unallocated_is(t, "600"));

    tui.send("u");
    tui.wait_for("undone again", |t| national_rock_unallocated_is(t, "0"));
    // Clean again: quits without asking.
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// `?` opens the help with the key bindings (scrolling with the arrows);
/// any other key closes it and is not taken as a command.
#[test]
fn help_overlay_lists_keys_and_any_key_closes_it() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    tui.send("?");
    let mut screen = tui.wait_for("the help overlay", |t| {
        t.contains("Help: keys") && t.contains("move up")
    });
    // The help is longer than the screen: scroll down until the save key
    // shows (each step waits for the scrolled frame).
    let save_line = |t: &str| {
        line_with(t, "ctrl-s")
            .is_some_and(|l| l.split("ctrl-s").nth(1).is_some_and(|r| r.contains("save")))
    };
    let mut steps = 0;
    while !save_line(&screen) {
        assert!(steps < 60, "ctrl-s never shows in the help:\n{screen}");
        let before = screen.clone();
        tui.send("\x1b[B");
        screen = tui.wait_for("the help to scroll", |t| {
            t != before || t.contains("Keys and colours")
        });
        steps += 1;
    }
    assert!(
        screen.contains("Help: keys"),
        "still open after scrolling:\n{screen}"
    );

    // "x" (export) is neither lost into a command behind the help nor
    // closes it: the help stays, and Esc closes it.
    tui.send("x");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let screen = tui.wait_text("Help: keys");
    assert!(!screen.contains("export:"), "no export menu:\n{screen}");
    tui.esc();
    let screen = tui.wait_for("the help to close", |t| !t.contains("Help: keys"));
    assert!(screen.contains("National total"), "{screen}");

    // Even `q` only closes the help, it does not quit.
    tui.send("?");
    tui.wait_text("Help: keys");
    tui.send("q");
    tui.wait_for("the help to close", |t| !t.contains("Help: keys"));
    assert!(tui.child.try_wait().unwrap().is_none(), "still running");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// A user config that moves undo to `U`: `U` undoes and `u` no longer does.
#[test]
fn user_config_rebinds_undo() {
    let sb = Sandbox::new();
    sb.write_config(r#"{"keys": {"undo": ["U"]}}"#);
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    assert!(
        !screen.contains("config.json"),
        "a good config gives no warning:\n{screen}"
    );
    search(&mut tui, "Shandong");
    tui.send("3000\r");
    tui.wait_for("first edit", |t| national_rock_unallocated_is(t, "600"));
    tui.send("2000\r");
    tui.wait_for("second edit", |t| national_rock_unallocated_is(t, "1,600"));

    // `u` is unbound now, `U` undoes one step: if `u` still undid, both
    // edits would be gone.
    tui.send("u");
    tui.send("U");
    let screen = tui.wait_text("undone");
    assert!(
        national_rock_unallocated_is(&screen, "600"),
        "exactly one step undone:\n{screen}"
    );
    assert!(row_shows(&screen, "Shandong", "3,000"), "{screen}");
    let hints = screen.lines().last().unwrap_or_default();
    assert!(
        hints.contains("U undo") && !hints.contains("u/ctrl-z"),
        "the hints bar shows the user's key:\n{screen}"
    );

    tui.send("q");
    tui.wait_text("[s]ave · [d]iscard");
    tui.send("d");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// A config file that is not JSON: the planner still starts, with the
/// defaults and a warning in the message line naming the file and place.
#[test]
fn broken_user_config_warns_and_starts() {
    let sb = Sandbox::new();
    sb.write_config("{\"keys\": {\"undo\": [\"U\"],}\n");
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    let screen = tui.wait_ready();
    let line = line_with(&screen, "not valid JSON")
        .unwrap_or_else(|| panic!("a warning in the message line:\n{screen}"));
    assert!(
        line.contains("config.json:1:"),
        "names file and line: {line}"
    );

    // The defaults are in force: `u` undoes.
    search(&mut tui, "Shandong");
    tui.send("3000\r");
    tui.wait_for("edit", |t| national_rock_unallocated_is(t, "600"));
    tui.send("u");
    tui.wait_text("undone");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// Opening a path that does not exist starts a new plan; ctrl-s creates the
/// file, which then checks.
#[test]
fn new_file_is_created_on_save() {
    let sb = Sandbox::new();
    let plan = sb.path("new-plan.json");
    let mut tui = sb.spawn(&[&plan], 80, 24);
    let screen = tui.wait_ready();
    assert!(screen.contains("new-plan.json (new)"), "{screen}");
    assert!(!plan.exists());

    // The national row is selected, rock column: type its total.
    tui.send("500\r");
    let screen = tui.wait_for("the national total set", |t| {
        row_shows(t, "National total", "500")
    });
    assert!(national_rock_unallocated_is(&screen, "500"), "{screen}");

    tui.send("\x13");
    let screen = tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    assert!(!screen.contains("(new)"), "{screen}");
    assert!(plan.exists(), "ctrl-s created the file");
    // Saved: quits without asking.
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());

    let json = read_json(&plan);
    assert_eq!(json["format"], "allot-plan");
    let rock = json["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "rock")
        .unwrap();
    assert_eq!(rock["total"], 500);
    let (code, out) = check(&plan);
    assert_eq!(code, 0, "allot check on the new plan:\n{out}");
}

/// Without a file the built-in sample opens; ctrl-s asks for a path
/// (relative to the working directory) and writes the plan there.
#[test]
fn sample_saves_as_a_new_file() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&[], 120, 35);
    let screen = tui.wait_ready();
    assert!(screen.contains("built-in sample"), "{screen}");
    tui.send("\x13");
    tui.wait_text("save as (file path): ");
    tui.send("out.json");
    tui.wait_text("save as (file path): out.json");
    tui.send("\r");
    let screen = tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved out.json"))
    });
    assert!(
        line_with(&screen, "t REO").is_some_and(|l| l.contains("out.json")),
        "the header names the file now:\n{screen}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    let out = sb.path("out.json");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        BUILTIN,
        "the unchanged sample is saved in its canonical form"
    );
    let (code, text) = check(&out);
    assert_eq!(code, 0, "{text}");
}

/// A new plan that is not saved yet counts as unsaved: quitting asks.
#[test]
fn new_file_quit_asks_and_discard_writes_nothing() {
    let sb = Sandbox::new();
    let plan = sb.path("never.json");
    let mut tui = sb.spawn(&[&plan], 80, 24);
    tui.wait_ready();
    tui.send("q");
    tui.wait_text("[s]ave · [d]iscard");
    tui.send("d");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    assert!(!plan.exists(), "discarding writes nothing");
}

/// Below 60x15 the planner says so instead of drawing; it grows back when the
/// terminal does, and `q` quits either way.
#[test]
fn too_small_terminal_says_so_and_quits() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 50, 12);
    let screen = tui.wait_text("terminal too small");
    assert!(screen.contains("50x12"), "{screen}");
    assert!(!screen.contains("National total"), "{screen}");

    // Grown to 80x24: the planner draws.
    tui.resize(80, 24);
    tui.wait_ready();
    // Shrunk again: the notice is back.
    tui.resize(50, 12);
    tui.wait_text("terminal too small");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}

/// A file that is not a valid plan: no planner, a `FILE:LINE:COL` message and
/// a non-zero exit.
#[test]
fn invalid_plan_exits_with_a_located_error() {
    let sb = Sandbox::new();
    let bad = sb.path("bad.json");
    // A typo in a field name, on a line we know.
    let (line, text) = SAMPLE
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"alloc\""))
        .unwrap();
    // The error points at the key's opening quote (columns are 1-based, in
    // bytes; the line is ASCII).
    let column = text.find("\"alloc\"").unwrap() + 1;
    let text = SAMPLE.replacen("\"alloc\"", "\"aloc\"", 1);
    std::fs::write(&bad, text).unwrap();
    let mut tui = sb.spawn(&[&bad], 120, 35);
    let code = tui.wait_exit();
    let out = tui.raw_text();
    assert_ne!(code, 0, "output:\n{out}");
    let want = format!("bad.json:{}:", line + 1);
    let at = out
        .find(&want)
        .unwrap_or_else(|| panic!("a message with {want:?}:\n{out}"));
    let col: String = out[at + want.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(col, column.to_string(), "the column:\n{out}");
    assert!(out.contains("aloc"), "names the unknown field:\n{out}");
    assert!(
        !out.contains("\x1b[?1049h"),
        "the planner never took the screen:\n{out:?}"
    );
}

/// After quitting, the terminal is as it was: main screen, cursor shown, no
/// mouse reporting, raw mode off.
#[test]
fn terminal_is_restored_after_quit() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 80, 24);
    tui.wait_ready();
    {
        let p = tui.parser.lock().unwrap();
        assert!(
            p.screen().alternate_screen(),
            "the planner uses the alternate screen"
        );
        assert_ne!(
            p.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "and the mouse"
        );
    }
    #[cfg(target_os = "linux")]
    assert_eq!(tui.line_mode(), (false, false), "raw mode while running");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());

    let raw = tui.raw.lock().unwrap().clone();
    let find_last = |pat: &[u8]| raw.windows(pat.len()).rposition(|w| w == pat);
    let entered = find_last(b"\x1b[?1049h").expect("entered the alternate screen");
    let left = find_last(b"\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered, "left after entering");

    let p = tui.parser.lock().unwrap();
    let screen = p.screen();
    assert!(!screen.alternate_screen(), "back on the main screen");
    assert!(!screen.hide_cursor(), "the cursor is visible");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is off"
    );
    drop(p);

    // Raw mode is off: the terminal echoes and reads lines again.
    #[cfg(target_os = "linux")]
    assert_eq!(tui.line_mode(), (true, true), "raw mode off after quitting");
}

/// A year of batches in the planner: a second batch is added to a plan of
/// one (its figures become the first), filled down to the leaves in
/// proportion to the first, and saved.
#[test]
fn a_second_batch_is_added_filled_and_saved() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    tui.send("B");
    tui.wait_text("+ add a batch (the plan's figures become the first)");
    tui.send("a");
    tui.wait_text("new batch id (letters, digits, - _): b2");
    tui.send("\r");
    tui.wait_text("name of batch b2: ");
    tui.send("Second batch\r");
    tui.wait_text("the notice's date");
    tui.send("2018-09-30\r");
    tui.wait_text("the notice's number");
    tui.send("\r");
    tui.wait_text("national total of Rock-type mining in Second batch");
    tui.send("50%\r");
    tui.wait_text("national total of Ion-adsorption mining in Second batch");
    tui.send("\r");
    tui.wait_text("national total of Smelting and separation in Second batch");
    tui.send("\r");
    let screen = tui.wait_text("editing Second batch");
    assert!(
        screen.contains("50,425"),
        "the new batch's total shows:\n{screen}"
    );
    // National's rock-type, filled down to the leaves.
    tui.send("f");
    tui.wait_text("fill by:");
    tui.send("d");
    tui.wait_text("[d]own ON");
    tui.send("\r");
    // Shown first, applied with y.
    tui.wait_text("nothing is changed until you apply");
    tui.send("y");
    tui.wait_text("down to the leaves");
    tui.send("\x13");
    tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());

    let json = read_json(&plan);
    assert_eq!(json["version"], 2);
    assert_eq!(json["batches"][1]["id"], "b2");
    assert_eq!(json["batches"][1]["date"], "2018-09-30");
    let nm = find_node(&json["nodes"], "nm").unwrap();
    // 69,250 of 100,850 in the first batch: 34,625 of 50,425 now.
    assert_eq!(
        nm["alloc"]["rock"],
        serde_json::json!([69_250, 34_625]),
        "{nm}"
    );
    let (code, out) = check(&plan);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn two_plans_are_reconciled_with_a_refused_decision_and_saved_consistent() {
    let sb = Sandbox::new();
    let a = sb.path("ministry-a.json");
    let b = sb.path("ministry-b.json");
    std::fs::write(
        &a,
        r#"{"format":"allot-plan","version":1,"levels":["Group"],
          "quotas":[{"id":"m","name":"Mining","total":1000}],
          "nodes":[{"id":"g1","name":"北方稀土","alloc":{"m":600}},
                   {"id":"g2","name":"中国稀土集团","alloc":{"m":300}}]}"#,
    )
    .unwrap();
    std::fs::write(
        &b,
        r#"{"format":"allot-plan","version":1,"levels":["Group"],
          "quotas":[{"id":"m","name":"Mining","total":1000}],
          "nodes":[{"id":"g1","name":"北方稀土","alloc":{"m":650}},
                   {"id":"g2","name":"中国稀土集团","alloc":{"m":250}},
                   {"id":"g3","name":"厦门钨业","alloc":{"m":100}}]}"#,
    )
    .unwrap();
    let out = sb.path("unified.json");
    let mut tui = sb.spawn(&[Path::new("merge"), &a, &b, Path::new("-o"), &out], 80, 24);
    tui.wait_text("3 of 3 unresolved");
    // g1 from B: 650 + 300 of 1000.
    tui.send("b");
    tui.wait_text("2 of 3 unresolved");
    // g2 typed as 400: 1,050 of 1,000, refused with the reason.
    tui.send("=");
    tui.wait_text("figure:");
    tui.send("400\r");
    let screen = tui.wait_text("refused");
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("over-allocated by 50"), "{screen}");
    assert!(
        screen.contains("2 of 3 unresolved"),
        "nothing changed:\n{screen}"
    );
    // g2 from B (250), g3 kept from B (100): 1,000 of 1,000.
    tui.send("b");
    tui.wait_text("1 of 3 unresolved");
    tui.send("b");
    tui.wait_text("all 3 decided");
    tui.send("s");
    tui.wait_text("saved unified.json");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    let json = read_json(&out);
    let figure = |id: &str| find_node(&json["nodes"], id).unwrap()["alloc"]["m"].clone();
    assert_eq!(figure("g1"), 650);
    assert_eq!(figure("g2"), 250);
    assert_eq!(figure("g3"), 100);
    let history = std::fs::read_to_string(sb.path("unified.json.history.jsonl")).unwrap();
    let entry: Value = serde_json::from_str(history.lines().next().unwrap()).unwrap();
    let changes = entry["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "the two figures decided: {entry}");
    assert!(changes.iter().all(|c| c["from"] == "b"));
    // The plans merged are untouched.
    assert!(std::fs::read_to_string(&a).unwrap().contains("600"));
}

#[test]
fn a_reference_is_shown_and_the_changes_since_the_save_are_listed() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    // Last year: Inner Mongolia's rock-type 60,000.
    let mut last: Value = serde_json::from_str(SAMPLE).unwrap();
    last["nodes"][0]["alloc"]["rock"] = 60_000.into();
    let reference = sb.path("last-year.json");
    std::fs::write(&reference, last.to_string()).unwrap();
    let mut tui = sb.spawn(&[&plan, Path::new("--compare"), &reference], 120, 35);
    let screen = tui.wait_text("comparing with last-year.json");
    assert!(screen.contains("60,000"), "{screen}");
    // Inner Mongolia's smelting set (the national total has it free).
    tui.send("j\t\t");
    tui.send("1000\r");
    tui.wait_text("● unsaved");
    // The changes since the save: one figure; enter jumps to it.
    tui.send("d");
    let screen = tui.wait_text("Changes since the last save: 1");
    assert!(screen.contains("smelting"), "{screen}");
    assert!(screen.contains("1,000"), "{screen}");
    tui.send("\r");
    tui.wait_for("the list closed", |t| {
        !t.contains("Changes since the last save")
    });
    tui.send("q");
    tui.wait_text("unsaved changes: [s]ave · [d]iscard · [c]ancel");
    tui.send("d");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    // The reference was only read.
    assert_eq!(
        std::fs::read_to_string(&reference).unwrap(),
        last.to_string()
    );
}

#[test]
fn a_save_records_exactly_the_changes_kept_in_the_history() {
    let sb = Sandbox::new();
    sb.write_config(r#"{"editing": {"user": "李明"}}"#);
    let plan = sb.sample_copy();
    let mut tui = sb.spawn(&[&plan], 120, 35);
    tui.wait_ready();
    // Inner Mongolia's smelting: 1,000, then 2,000; the second undone.
    tui.send("j\t\t");
    tui.send("1000\r");
    tui.wait_text("● unsaved");
    tui.send("2000\r");
    tui.wait_text("2,000");
    tui.send("u");
    tui.wait_text("undone:");
    tui.send("\x13");
    tui.wait_for("the saved message", |t| {
        t.lines().any(|l| l.starts_with("saved "))
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
    let history = std::fs::read_to_string(sb.path("plan.json.history.jsonl")).unwrap();
    let entries: Vec<Value> = history
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 1, "{history}");
    assert_eq!(entries[0]["user"], "李明", "the configured name");
    assert_eq!(
        entries[0]["changes"],
        serde_json::json!([{"path": ["nm"], "quota": "smelting", "batch": null, "old": 0, "new": 1000}])
    );
    assert!(
        entries[0]["action"]
            .as_str()
            .unwrap()
            .contains("Inner Mongolia")
    );
}

#[test]
fn the_planner_opens_in_chinese_from_the_locale() {
    let sb = Sandbox::new();
    let plan = sb.sample_copy();
    let mut tui = sb.spawn_in_locale(&[&plan], 80, 24, "zh_CN.UTF-8");
    let screen = tui.wait_text("全国总量");
    assert!(
        screen.contains("帮助"),
        "the hints speak Chinese:\n{screen}"
    );
    tui.send("?");
    tui.wait_text("帮助：按键");
    tui.send("q");
    tui.wait_text("全国总量");
    // A refusal, in Chinese: the national row cannot be deleted.
    tui.send("D");
    tui.wait_text("全国行不能删除");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "screen:\n{}", tui.text());
}
