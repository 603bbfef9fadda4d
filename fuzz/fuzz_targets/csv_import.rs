//! Fuzz the CSV table importer.
//!
//! The first byte picks whether a title and a unit are given; the rest,
//! when it is UTF-8, is the table.
//!
//! Invariants checked:
//! - `parse_csv_plan` never panics, hangs or overflows the stack;
//! - errors are sorted by position, 1-based, with non-empty messages;
//! - an imported plan passes `Plan::audit`, and its canonical JSON text
//!   loads with the JSON loader (the importer accepts nothing the plan
//!   format refuses) to the same canonical text.

#![no_main]

use allot::export::import::parse_csv_plan;
use allot::storage::{parse_plan, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let title = (flags & 1 != 0).then_some("Fuzz \u{1b}[31m title");
    let unit = (flags & 2 != 0).then_some("t REO");
    match parse_csv_plan(text, title, unit) {
        Ok(plan) => {
            if let Err(e) = plan.audit() {
                panic!("imported plan fails its audit: {e}");
            }
            let saved = to_json(&plan);
            let again = match parse_plan(&saved) {
                Ok(p) => p,
                Err(errors) => {
                    panic!("imported plan's JSON does not load: {errors:?}\n{saved}")
                }
            };
            assert_eq!(to_json(&again), saved, "canonical text is not stable");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without any problem");
            for e in &errors {
                assert!(e.row >= 1 && e.column >= 1, "position not 1-based: {e:?}");
                assert!(!e.message.is_empty(), "empty message: {e:?}");
            }
            assert!(
                errors
                    .windows(2)
                    .all(|w| (w[0].row, w[0].column) <= (w[1].row, w[1].column)),
                "errors not sorted: {errors:?}"
            );
        }
    }
});
