//! Fuzz the parser for typed quota values.
//!
//! The first 33 bytes make the context (zero-padded when shorter): a flags
//! byte, the current value (u64, little-endian), the parent's value (u64)
//! and the parent's remainder (i128); the rest, decoded as UTF-8 (lossily),
//! is what was typed.
//!
//! Invariants checked:
//! - `parse_value` never panics (no overflow, no slicing inside a
//!   character, no division by zero) and is deterministic;
//! - an accepted value is at most `MAX_AMOUNT`;
//! - an error message is non-empty and short (the input is echoed
//!   shortened), whatever the length of the input;
//! - a plain whole number up to `MAX_AMOUNT` is read as itself.

#![no_main]

use allot::core::amount::MAX_AMOUNT;
use allot::core::value::{ValueContext, parse_value};
use libfuzzer_sys::fuzz_target;

const CONTEXT_BYTES: usize = 33;

fn context(raw: &[u8]) -> ValueContext {
    let mut b = [0u8; CONTEXT_BYTES];
    let n = raw.len().min(CONTEXT_BYTES);
    b[..n].copy_from_slice(&raw[..n]);
    let flags = b[0];
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let mut current = word(1);
    let mut parent = word(9);
    let remainder = i128::from_le_bytes(b[17..33].try_into().expect("16 bytes"));
    // Half of the runs use the values a real plan can hold.
    if flags & 4 != 0 {
        current %= MAX_AMOUNT + 1;
        parent %= MAX_AMOUNT + 1;
    }
    ValueContext {
        current,
        parent_value: (flags & 1 != 0).then_some(parent),
        parent_remainder: (flags & 2 != 0).then_some(remainder),
    }
}

fuzz_target!(|data: &[u8]| {
    let split = data.len().min(CONTEXT_BYTES);
    let ctx = context(&data[..split]);
    let input = String::from_utf8_lossy(&data[split..]);
    let result = parse_value(&input, &ctx);
    assert_eq!(result, parse_value(&input, &ctx), "not deterministic");
    match &result {
        Ok(v) => assert!(*v <= MAX_AMOUNT, "{input:?} gave {v} above the maximum"),
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            assert!(
                message.chars().count() < 400,
                "message not shortened: {message}"
            );
        }
    }
    let plain = input.trim();
    if !plain.is_empty()
        && plain.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = plain.parse::<u64>()
        && n <= MAX_AMOUNT
    {
        assert_eq!(result, Ok(n), "plain number {plain:?}");
    }
});
