//! The pseudo-terminal harness shared by the end-to-end tests
//! (`tui_e2e.rs`, `safety.rs`): a sandbox of temporary directories, and the
//! real `allot` binary running in a pty whose output feeds a `vt100` screen.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_allot");

/// The binary the end-to-end tests run: `$ALLOT_TEST_BIN` when set (to run
/// the tests against another build, such as the one before a fix), else
/// this build's.
pub fn bin() -> String {
    std::env::var("ALLOT_TEST_BIN").unwrap_or_else(|_| BIN.to_owned())
}
pub const SAMPLE: &str = include_str!("../../config/example-2018-provinces.json");

/// The built-in sample (what allot opens without a file).
pub const BUILTIN: &str = include_str!("../../config/sample-plan.json");

/// How long any one wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Pause after a lone Esc, so that the next key is not read together with it
/// as an Alt-key sequence.
pub const ESC_PAUSE: Duration = Duration::from_millis(150);

/// How long the screen must stay unchanged for a frame to count as drawn
/// whole (the planner writes a frame in several chunks).
pub const QUIET: Duration = Duration::from_millis(30);

/// How long the screen must stay unchanged to count as drawn whole when its
/// last bytes do not look like the end of a frame.
pub const STALL: Duration = Duration::from_millis(400);

// ----- harness -----

/// The temporary directories of one test: one for plans (also the working
/// directory), one for settings, one for data.
pub struct Sandbox {
    pub dir: TempDir,
    pub config: TempDir,
    pub data: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// A path in the plans directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A copy of the sample plan in the plans directory.
    pub fn sample_copy(&self) -> PathBuf {
        let p = self.path("plan.json");
        std::fs::write(&p, SAMPLE).unwrap();
        p
    }

    /// Write the user's `config.json`.
    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config.path().join("config.json"), text).unwrap();
    }

    /// The recovery copies in the data directory.
    pub fn recovery_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.data.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("recovery-"))
            })
            .collect()
    }

    /// Start `allot ARGS` in a `cols`x`rows` pseudo-terminal.
    pub fn spawn(&self, args: &[&Path], cols: u16, rows: u16) -> Tui {
        self.spawn_with_data(args, cols, rows, self.data.path())
    }

    /// [`Sandbox::spawn`] in a locale (`LANG`, with `LC_ALL` unset).
    pub fn spawn_in_locale(&self, args: &[&Path], cols: u16, rows: u16, lang: &str) -> Tui {
        self.spawn_env(args, cols, rows, self.data.path(), Some(lang))
    }

    /// [`Sandbox::spawn`] with recovery copies going to `data`.
    pub fn spawn_with_data(&self, args: &[&Path], cols: u16, rows: u16, data: &Path) -> Tui {
        self.spawn_env(args, cols, rows, data, None)
    }

    fn spawn_env(
        &self,
        args: &[&Path],
        cols: u16,
        rows: u16,
        data: &Path,
        lang: Option<&str>,
    ) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        for a in args {
            cmd.arg(a);
        }
        cmd.cwd(self.dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("ALLOT_CONFIG_DIR", self.config.path());
        cmd.env("ALLOT_DATA_DIR", data);
        // English unless a test asks for another language.
        match lang {
            None => cmd.env("LC_ALL", "C"),
            Some(l) => {
                cmd.env_remove("LC_ALL");
                cmd.env_remove("LC_MESSAGES");
                cmd.env("LANG", l);
            }
        }
        for var in [
            "COLUMNS",
            "LINES",
            "NO_COLOR",
            "RUST_BACKTRACE",
            "RUST_LIB_BACKTRACE",
        ] {
            cmd.env_remove(var);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Only the child holds the terminal side now, so reading ends when
        // it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let thread = {
            let (parser, raw, eof) = (parser.clone(), raw.clone(), eof.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            parser.lock().unwrap().process(&buf[..n]);
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        let writer = pair.master.take_writer().unwrap();
        Tui {
            child,
            writer: Some(writer),
            master: Some(pair.master),
            parser,
            raw,
            eof,
            reader: Some(thread),
        }
    }
}

/// A running `allot` in a pseudo-terminal. Dropping it kills the child if it
/// is still running.
pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub eof: Arc<AtomicBool>,
    pub reader: Option<JoinHandle<()>>,
}

impl Drop for Tui {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            // Reap it; a killed child ends at once, but never hang a test.
            let end = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        // Closing the writer may send a newline and EOF: only now that the
        // child is gone.
        drop(self.writer.take());
        if self.eof.load(Ordering::SeqCst)
            && let Some(t) = self.reader.take()
        {
            let _ = t.join();
        }
    }
}

impl Tui {
    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child has a pid")
    }

    /// Type `keys` (raw bytes: "\r" is Enter, "\x13" ctrl-s, ...).
    pub fn send(&mut self, keys: &str) {
        let w = self.writer.as_mut().expect("writer open");
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Press Esc alone, and pause so that the next key is not taken as an
    /// Alt sequence with it.
    pub fn esc(&mut self) {
        self.send("\x1b");
        std::thread::sleep(ESC_PAUSE);
    }

    /// The screen as text, row by row.
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything the child wrote, lossily as text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Bytes read from the child so far.
    pub fn bytes_read(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Whether the output stopped at `seen` bytes at the end of a frame: no
    /// more output for [`QUIET`], and the last bytes are the attribute reset
    /// ratatui writes after a frame (maybe followed by cursor moves), or,
    /// should that ever change, no more output for [`STALL`].
    pub fn settled(&self, seen: usize) -> bool {
        std::thread::sleep(QUIET);
        if self.bytes_read() != seen {
            return false;
        }
        if self.frame_ended() {
            return true;
        }
        std::thread::sleep(STALL);
        self.bytes_read() == seen
    }

    /// Whether the output so far ends like a drawn frame.
    pub fn frame_ended(&self) -> bool {
        let raw = self.raw.lock().unwrap();
        let mut tail: &[u8] = &raw;
        // Strip trailing cursor show/hide and moves (`ESC [ row ; col H`).
        loop {
            if let Some(t) = tail
                .strip_suffix(b"\x1b[?25l")
                .or_else(|| tail.strip_suffix(b"\x1b[?25h"))
            {
                tail = t;
                continue;
            }
            if let Some(t) = tail.strip_suffix(b"H") {
                let digits = t
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_digit() || **b == b';')
                    .count();
                if digits > 0 && t[..t.len() - digits].ends_with(b"\x1b[") {
                    tail = &t[..t.len() - digits - 2];
                    continue;
                }
            }
            break;
        }
        tail.ends_with(b"\x1b[0m")
    }

    /// Wait until `pred` holds for the screen text and the screen is quiet
    /// at the end of a frame (see [`Tui::settled`]: a frame is written in
    /// several chunks and must never be judged half drawn);
    /// fail with the screen and `what` otherwise. Returns the screen text
    /// that satisfied `pred`.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + TIMEOUT;
        loop {
            let seen = self.bytes_read();
            let text = self.text();
            if pred(&text) {
                if self.settled(seen) {
                    return text;
                }
                continue;
            }
            // Once the child is gone the screen will not change any more.
            let ended = self.eof.load(Ordering::SeqCst) && self.bytes_read() == seen;
            assert!(
                !ended,
                "the program ended while waiting for {what}; the screen:\n{}\n{text}\n{}\n\
                     everything it wrote:\n{:?}",
                "-".repeat(40),
                "-".repeat(40),
                self.raw_text()
            );
            assert!(
                Instant::now() < end,
                "timed out after {TIMEOUT:?} waiting for {what}; the screen:\n{}\n{text}\n{}",
                "-".repeat(40),
                "-".repeat(40),
            );
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Wait until the screen contains `needle`.
    pub fn wait_text(&self, needle: &str) -> String {
        self.wait_for(&format!("{needle:?}"), |t| t.contains(needle))
    }

    /// Wait for the first full draw of the planner.
    pub fn wait_ready(&self) -> String {
        self.wait_text("National total")
    }

    /// Wait for the child to exit and for all its output to be read; its
    /// exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let end = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                Instant::now() < end,
                "the program did not exit within {TIMEOUT:?}; the screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        while !self.eof.load(Ordering::SeqCst) {
            assert!(
                Instant::now() < end,
                "the program exited but its output did not end"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some(t) = self.reader.take() {
            t.join().unwrap();
        }
        status.exit_code()
    }

    /// Whether the terminal reads whole lines (`ICANON`) and echoes
    /// (`ECHO`); both are off in raw mode. The flag values are Linux's.
    #[cfg(target_os = "linux")]
    pub fn line_mode(&self) -> (bool, bool) {
        const ICANON: u32 = 0o000_002;
        const ECHO: u32 = 0o000_010;
        let t = self
            .master
            .as_ref()
            .expect("the terminal is open")
            .get_termios()
            .expect("termios of the pty");
        let flags = t.local_flags.bits();
        (flags & ICANON != 0, flags & ECHO != 0)
    }

    /// Resize the terminal (the program gets SIGWINCH) and the screen.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Close the terminal, as closing its window does: the child gets
    /// SIGHUP and its terminal reads end.
    pub fn hang_up(&mut self) {
        drop(self.writer.take());
        drop(self.master.take());
    }

    /// Kill the child with SIGKILL (no chance to clean up: as a crash or
    /// `kill -9` would) and wait until it is gone. (`portable_pty`'s own
    /// `kill` sends SIGHUP first.)
    pub fn kill9(&mut self) {
        let pid = self.pid().to_string();
        // The shell's `kill`: a `kill` program may not be installed.
        let ok = std::process::Command::new("sh")
            .args(["-c", &format!("kill -KILL {pid}")])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -KILL {pid}");
        let end = Instant::now() + TIMEOUT;
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < end, "still running after SIGKILL");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A terminal dimension for `vt100`.
pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal dimension above 0")
}

/// In the planner (the library's `App`), select Shandong's rock cell and
/// type `value` into it.
pub fn type_into_shandong(app: &mut allot::tui::app::App, value: &str) {
    use allot::tui::command::Command;
    use allot::tui::input::{Msg, TextOp};
    let sd = app.plan().find("sd").unwrap();
    app.select(sd, 1);
    app.handle(Msg::Cmd(Command::Edit));
    app.handle(Msg::Text(TextOp::Clear));
    for c in value.chars() {
        app.handle(Msg::Text(TextOp::Insert(c)));
    }
    app.handle(Msg::Submit);
}
