//! Fuzz the plan loader: any bytes, read as a plan file.
//!
//! Invariants checked:
//! - `parse_plan` never panics, hangs or overflows the stack;
//! - an error list is never empty, every message is non-empty, and a
//!   reported position is 1-based and inside the text;
//! - a plan that loads passes `Plan::audit` (every cached sum and count
//!   agrees with a recount), and its canonical text (`to_json`) loads again
//!   to a plan with exactly the same canonical text.

#![no_main]

use allot::storage::{parse_plan, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `read_plan` refuses non-UTF-8 before parsing; the parser sees text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_plan(text) {
        Ok(plan) => {
            if let Err(e) = plan.audit() {
                panic!("loaded plan fails its audit: {e}");
            }
            let saved = to_json(&plan);
            let again = match parse_plan(&saved) {
                Ok(p) => p,
                Err(errors) => panic!("canonical text does not load again: {errors:?}\n{saved}"),
            };
            assert_eq!(to_json(&again), saved, "canonical text is not stable");
            if let Err(e) = again.audit() {
                panic!("reloaded plan fails its audit: {e}");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without any problem");
            let lines = text.split('\n').count();
            for e in &errors {
                assert!(!e.message.is_empty(), "empty message: {e:?}");
                if let Some(line) = e.line {
                    assert!((1..=lines).contains(&line), "line out of range: {e:?}");
                }
                if let Some(column) = e.column {
                    assert!(column >= 1, "column 0: {e:?}");
                }
            }
        }
    }
});
