//! A hidden command for tests that interrupt a save: `allot __save-steps
//! FILE --pause-ms N` loads the plan, changes its title, and saves it,
//! printing `step NAME` at each step of the save and pausing there, so a test
//! can kill the process at any step and check the file.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use crate::core::Editor;
use crate::storage::safe::{content_hash, save_steps};
use crate::storage::{read_plan, to_json};

/// The title the interrupted save writes.
pub const NEW_TITLE: &str = "saved by __save-steps";

/// Run the save with pauses; returns the exit code.
///
/// # Errors
/// When writing to `out` fails.
pub fn save_steps_command(file: &Path, pause: Duration, out: &mut dyn Write) -> io::Result<u8> {
    let Ok((plan, text)) = read_plan(file) else {
        writeln!(out, "cannot read the plan")?;
        return Ok(1);
    };
    let mut ed = Editor::new(plan);
    if ed.set_title(NEW_TITLE).is_err() {
        return Ok(1);
    }
    let new_text = to_json(ed.plan());
    let result = save_steps(
        file,
        &new_text,
        Some(content_hash(text.as_bytes())),
        &mut |name| {
            let _ = writeln!(out, "step {name}");
            let _ = out.flush();
            std::thread::sleep(pause);
        },
    );
    match result {
        Ok(_) => Ok(0),
        Err(e) => {
            writeln!(out, "error {e}")?;
            Ok(1)
        }
    }
}
