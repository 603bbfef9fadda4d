//! The interactive planner: a ratatui TUI over the plan engine.
//!
//! `input` turns terminal events into [`input::Msg`]s, [`app::App::update`]
//! applies them, and `ui` draws the state. Keys come from `config`, whose
//! key map also feeds the hints bar and the help overlay.

pub mod app;
pub mod command;
pub mod config;
pub mod dialogs;
pub mod effects;
pub mod help;
pub mod input;
pub mod layout;
pub mod line;
pub mod reconcile;
pub mod rows;
pub mod ui;
pub mod view;

use std::io::{self, Write as _};
use std::path::Path;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::storage::safe::RecoveryStore;
use app::App;

/// Restore the terminal: leave raw mode and the alternate screen, stop mouse
/// reporting and bracketed paste. Safe to call more than once.
fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// How often the event loop looks for a signal while it waits for input.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// The signals that end allot gracefully: the unsaved work is written to
/// the recovery copy, the terminal restored, and the exit code is the
/// conventional 128 + the signal's number. (Ctrl-C in the planner is a key,
/// not a signal.)
#[cfg(unix)]
const SIGNALS: &[i32] = &[
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGINT,
];

/// The last terminating signal received (0: none).
fn watch_signals() -> Arc<AtomicUsize> {
    let caught = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for &sig in SIGNALS {
        let _ = signal_hook::flag::register_usize(
            sig,
            Arc::clone(&caught),
            usize::try_from(sig).unwrap_or(0),
        );
    }
    caught
}

/// Run the planner on `path` (the built-in sample when None) until the user
/// quits or a signal ends it; returns the exit code (0, or 128 + the
/// signal).
///
/// # Errors
/// When the file exists but is not a valid plan (nothing is drawn then), or
/// the terminal fails.
pub fn run(path: Option<&Path>, reference: Option<&Path>) -> color_eyre::Result<u8> {
    let signals = watch_signals();
    // The reference is read before the screen changes: its errors print
    // plainly.
    let reference = match reference {
        Some(r) => Some((
            crate::storage::read_plan(r)
                .map_err(|e| open_error(Some(r), &e))?
                .0,
            r.file_name().map_or_else(
                || r.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        )),
        None => None,
    };
    // A big plan takes a moment to read: then the screen says so first. A
    // small one (or a broken one) is read before the screen changes, so its
    // errors print plainly.
    let big = path
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() > BIG_FILE);
    let early = if big {
        None
    } else {
        Some(app::open(path).map_err(|e| open_error(path, &e))?)
    };
    let (config, warnings) = config::load();
    // Restore the terminal before any panic message is printed.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let (plan, source, disk_hash) = if let Some(opened) = early {
        opened
    } else {
        let shown = crate::core::text::printable(
            &path.map(|p| p.display().to_string()).unwrap_or_default(),
        );
        terminal.draw(|f| ui::notice(f, &crate::t!("loading", file = shown.as_str())))?;
        match app::open(path) {
            Ok(x) => x,
            Err(e) => {
                restore();
                return Err(open_error(path, &e));
            }
        }
    };
    let size = terminal.size()?;
    let mut app = App::new(plan, source, config, (size.width, size.height));
    app.set_disk_hash(disk_hash);
    app.warn_all(&warnings);
    app.start_guards(RecoveryStore::default_store());
    if let Some((plan, name)) = reference {
        app.set_reference(plan, &name);
    }
    // A panic inside the loop: the hook above restores the terminal and
    // reports it; the unsaved work is written to the recovery copy before
    // allot ends.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &signals)
    }));
    let result = match result {
        Ok(r) => r,
        Err(panic) => {
            app.write_recovery_now();
            restore();
            std::panic::resume_unwind(panic);
        }
    };
    if result.is_err() {
        // The terminal failed (it went away while drawing, say): the
        // unsaved work is not lost with it.
        app.write_recovery_now();
    }
    restore();
    let _ = io::stdout().flush();
    result
}

/// Files above this size show a loading notice.
const BIG_FILE: u64 = 2_000_000;

/// The exit code when the terminal goes away (as for SIGHUP).
const HANGUP_CODE: u8 = 129;

/// Whether the terminal has gone away (its window closed): it no longer
/// answers as a terminal.
fn hung_up() -> bool {
    use std::io::IsTerminal;
    !io::stdin().is_terminal()
}

/// What wakes the event loop: a terminal event, or a file effect done.
enum Incoming {
    Event(io::Result<Event>),
    Done(Box<effects::Done>),
}

/// Read terminal events on a thread of their own, so that the event loop
/// always wakes up in time: to write a recovery copy, to notice a signal,
/// or a terminal that went away (crossterm's reader then never returns).
fn input_thread(tx: mpsc::Sender<Incoming>) {
    let spawned = std::thread::Builder::new()
        .name("allot-input".to_owned())
        .spawn(move || {
            loop {
                let ev = event::read();
                let failed = ev.is_err();
                if tx.send(Incoming::Event(ev)).is_err() || failed {
                    break;
                }
            }
        });
    // Without the thread no event comes: the loop sees a closed terminal.
    drop(spawned);
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: &AtomicUsize,
) -> color_eyre::Result<u8> {
    let (tx, incoming) = mpsc::channel();
    input_thread(tx.clone());
    let worker = effects::Worker::start(tx, |d| Incoming::Done(Box::new(d)));
    // The effects of the start (none yet, but guards may ask).
    for e in app.take_effects() {
        worker.send(e);
    }
    let mut redraw = true;
    let mut clicks = input::Clicks::default();
    loop {
        // A signal: the unsaved work goes to the recovery copy at once.
        let sig = signals.load(Ordering::Relaxed);
        if sig != 0 {
            app.write_recovery_now();
            return Ok(u8::try_from(128 + sig).unwrap_or(u8::MAX));
        }
        // A recovery copy due now is asked for before the frame.
        let wait = app.tick(Instant::now());
        for e in app.take_effects() {
            worker.send(e);
        }
        if redraw {
            terminal.draw(|f| ui::draw(f, app))?;
            redraw = false;
        }
        if app.wants_quit() {
            return Ok(0);
        }
        // Wait for input or a result, waking up when the recovery copy is
        // due and now and then to look for a signal or a terminal that went
        // away.
        let timeout = wait.map_or(SIGNAL_CHECK, |d| d.min(SIGNAL_CHECK));
        let effects = match incoming.recv_timeout(timeout) {
            Ok(Incoming::Event(Ok(ev))) => {
                redraw = true;
                if let Event::Paste(text) = &ev {
                    let mut all = Vec::new();
                    for msg in input::paste(text, app.input_kind()) {
                        all.extend(app.update(msg));
                    }
                    all
                } else if let Some(msg) =
                    input::translate(&ev, app.input_kind(), &app.config().keys)
                {
                    app.update(clicks.count(msg, Instant::now()))
                } else {
                    Vec::new()
                }
            }
            Ok(Incoming::Event(Err(e))) => return Err(e.into()),
            Ok(Incoming::Done(d)) => {
                redraw = true;
                app.done(*d);
                app.take_effects()
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if hung_up() {
                    app.write_recovery_now();
                    return Ok(HANGUP_CODE);
                }
                // A save or export running: the header counts its seconds.
                redraw |= app.is_busy();
                Vec::new()
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                app.write_recovery_now();
                return Ok(HANGUP_CODE);
            }
        };
        for e in effects {
            worker.send(e);
        }
    }
}

fn open_error(path: Option<&Path>, e: &crate::storage::OpenError) -> color_eyre::Report {
    use crate::core::text::printable;
    use crate::storage::OpenError;
    let name = printable(&path.map_or_else(String::new, |p| p.display().to_string()));
    let text = match e {
        OpenError::File(e) => format!(
            "{name}: {}",
            crate::t!("read-cannot", error = e.to_string())
        ),
        OpenError::Encoding { line, column } => {
            format!("{name}:{line}:{column}: {}", crate::t!("check-not-utf8"))
        }
        OpenError::Invalid(errors) => errors
            .iter()
            .map(|err| match (err.line, err.column) {
                (Some(l), Some(c)) => format!("{name}:{l}:{c}: {}", printable(&err.message)),
                _ => format!("{name}: {}", printable(&err.message)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let fix = crate::t!("open-fix", file = name.as_str());
    color_eyre::eyre::eyre!("{text}\n{fix}")
}
