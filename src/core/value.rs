//! The single parser for what a planner types into a quota cell.
//!
//! Accepted forms (after trimming surrounding whitespace):
//!
//! | typed      | meaning                                                  |
//! |------------|----------------------------------------------------------|
//! | `69250`    | exactly that many tonnes                                 |
//! | `69,250`   | the same, with thousands separators (`,` or a space)     |
//! | `+500`     | the current value plus 500                               |
//! | `-500`     | the current value minus 500                              |
//! | `12.5%`    | 12.5 percent of the parent's value                       |
//! | `*1.1`     | the current value times 1.1                              |
//! | `/2`       | the current value divided by 2                           |
//! | `max`      | the current value plus everything the parent has left    |
//!
//! Full-width characters produced by Chinese input methods (`６９２５０`,
//! `６９，２５０`, `＋`, `－`, `％`, `＊`, `／`, `．`, `ｍａｘ`), the ideographic
//! full stop `。` as a decimal point, the minus sign `−`, and ideographic,
//! thin and no-break spaces are all understood.
//!
//! Fractional results (percentages, factors, divisions) are computed exactly
//! with integers and rounded half to even. No input makes the parser panic.

use std::cmp::Ordering;

use super::amount::MAX_AMOUNT;

/// What the parser needs to know about the cell being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueContext {
    /// The cell's current value.
    pub current: u64,
    /// The value of the node's parent; `None` for the national total, which
    /// has no parent.
    pub parent_value: Option<u64>,
    /// The parent's unallocated amount (negative when over-allocated);
    /// `None` for the national total.
    pub parent_remainder: Option<i128>,
}

/// Longest piece of the input echoed back in an error message.
const ECHO_CHARS: usize = 40;

/// Why a typed value was not accepted. The interface (`crate::say`) puts it
/// into words: what went wrong and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// Nothing was typed.
    Empty,
    /// The text is not one of the accepted forms.
    NotANumber {
        /// What was typed (shortened if very long).
        input: String,
    },
    /// Thousands separators that do not split the digits into groups of
    /// three, such as `6,9250` or `1,2`.
    BadGrouping {
        /// What was typed (shortened if very long).
        input: String,
    },
    /// A plain number with a decimal point, such as `12.5`.
    NotWhole {
        /// What was typed (shortened if very long).
        input: String,
    },
    /// A percentage or factor with more than [`MAX_DECIMALS`] decimal
    /// places.
    TooManyDecimals {
        /// What was typed (shortened if very long).
        input: String,
    },
    /// A subtraction that would go below zero.
    WouldBeNegative {
        /// The cell's current value.
        current: u64,
        /// What was typed (shortened if very long).
        input: String,
    },
    /// A percentage or `max` typed for the national total, which has no
    /// parent.
    NoParent {
        /// What was typed (shortened if very long).
        input: String,
    },
    /// A division by zero, such as `/0`.
    DivideByZero,
    /// The result would be above [`MAX_AMOUNT`].
    TooLarge {
        /// What was typed (shortened if very long).
        input: String,
    },
}

/// The most decimal places accepted in a percentage, factor or divisor.
pub const MAX_DECIMALS: u32 = 6;

impl std::error::Error for ValueError {}

/// Parses what a planner typed into a quota cell and returns the new value.
///
/// See the [module documentation](self) for the accepted forms. Percentages,
/// factors and divisions are rounded half to even: `50%` of 5 is 2, `*1.5`
/// of 5 is 8. `max` gives `current + parent_remainder`, or 0 if that would
/// be negative.
///
/// # Errors
///
/// Returns a [`ValueError`] when the text is not an accepted form, when
/// thousands separators are misplaced, when a subtraction would go below
/// zero, when a percentage or `max` is typed for the national total (no
/// parent), when dividing by zero, or when the result would exceed
/// [`MAX_AMOUNT`].
pub fn parse_value(input: &str, ctx: &ValueContext) -> Result<u64, ValueError> {
    let trimmed = input.trim();
    let text = normalise(trimmed);
    let text = text.trim();
    let echo = || shorten(trimmed);
    let too_large = || ValueError::TooLarge { input: echo() };
    let current = u128::from(ctx.current);

    let result: u128 = if text.is_empty() {
        return Err(ValueError::Empty);
    } else if text.eq_ignore_ascii_case("max") {
        let remainder = ctx
            .parent_remainder
            .ok_or_else(|| ValueError::NoParent { input: echo() })?;
        let sum = i128::from(ctx.current)
            .checked_add(remainder)
            .ok_or_else(too_large)?;
        // Below zero becomes zero: the caller's engine judges the result.
        u128::try_from(sum).unwrap_or(0)
    } else if let Some(rest) = text.strip_prefix('+') {
        let amount = parse_whole(rest.trim_start(), &echo)?.ok_or_else(too_large)?;
        current.checked_add(amount).ok_or_else(too_large)?
    } else if let Some(rest) = text.strip_prefix('-') {
        let amount = parse_whole(rest.trim_start(), &echo)?;
        amount
            .and_then(|a| current.checked_sub(a))
            .ok_or_else(|| ValueError::WouldBeNegative {
                current: ctx.current,
                input: echo(),
            })?
    } else if let Some(rest) = text.strip_prefix('*') {
        let factor = parse_decimal(rest.trim_start(), &echo)?;
        scale(current, factor.mantissa, 10u128.pow(factor.scale)).ok_or_else(too_large)?
    } else if let Some(rest) = text.strip_prefix('/') {
        let divisor = parse_decimal(rest.trim_start(), &echo)?;
        match divisor.mantissa {
            Some(0) => return Err(ValueError::DivideByZero),
            // current × 10^scale < 2^64 × 10^6, which cannot overflow.
            Some(m) => div_half_even(current * 10u128.pow(divisor.scale), m),
            // Dividing by more than 2^128 leaves less than one half: 0.
            None => 0,
        }
    } else if let Some(rest) = text.strip_suffix('%') {
        let percent = parse_decimal(rest.trim_end(), &echo)?;
        let parent = ctx
            .parent_value
            .ok_or_else(|| ValueError::NoParent { input: echo() })?;
        let denominator = 100 * 10u128.pow(percent.scale);
        scale(u128::from(parent), percent.mantissa, denominator).ok_or_else(too_large)?
    } else {
        parse_whole(text, &echo)?.ok_or_else(too_large)?
    };

    match u64::try_from(result) {
        Ok(v) if v <= MAX_AMOUNT => Ok(v),
        _ => Err(too_large()),
    }
}

/// Maps full-width forms, other minus signs, the ideographic full stop and
/// Unicode spaces to their plain ASCII equivalents (what a Chinese input
/// method types: `２０２３－０９－２５` is `2023-09-25`).
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            // Full-width ASCII block: ！ (U+FF01) .. ～ (U+FF5E).
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3002}' => '.',
            '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// The input as echoed in error messages, cut short if very long.
fn shorten(s: &str) -> String {
    let mut chars = s.chars();
    let mut out: String = chars.by_ref().take(ECHO_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Parses a whole number with optional thousands separators (`,` or a
/// space, not mixed, in groups of three). `Ok(None)` means the number is
/// too large to represent at all.
fn parse_whole(s: &str, echo: &dyn Fn() -> String) -> Result<Option<u128>, ValueError> {
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    let only_digits_and_separators = s
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b' ');
    if !has_digit || !only_digits_and_separators {
        return Err(if is_plain_decimal(s) {
            ValueError::NotWhole { input: echo() }
        } else {
            ValueError::NotANumber { input: echo() }
        });
    }
    let has_comma = s.contains(',');
    let has_space = s.contains(' ');
    if has_comma || has_space {
        let separator = if has_comma { ',' } else { ' ' };
        let groups: Vec<&str> = s.split(separator).collect();
        let well_grouped = !(has_comma && has_space)
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3);
        if !well_grouped {
            return Err(ValueError::BadGrouping { input: echo() });
        }
    }
    Ok(digits_value(s.bytes().filter(u8::is_ascii_digit)))
}

/// Whether `s` looks like `12.5`: digits, one point, digits.
fn is_plain_decimal(s: &str) -> bool {
    match s.split_once('.') {
        Some((int, frac)) => {
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The value of a run of ASCII digits, or `None` if it exceeds `u128`.
fn digits_value(digits: impl Iterator<Item = u8>) -> Option<u128> {
    // Callers pass only ASCII digits, so `d - b'0'` is in 0..=9.
    digits.into_iter().try_fold(0u128, |acc, d| {
        acc.checked_mul(10)?.checked_add(u128::from(d - b'0'))
    })
}

/// An exact decimal: `mantissa / 10^scale`. A `None` mantissa is too large
/// to represent (more than 2^128).
struct Decimal {
    mantissa: Option<u128>,
    scale: u32,
}

/// Parses `12`, `12.5`, `.5` or `12.` (no separators, no sign), with at most
/// [`MAX_DECIMALS`] significant decimal places.
fn parse_decimal(s: &str, echo: &dyn Fn() -> String) -> Result<Decimal, ValueError> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let well_formed = !(int.is_empty() && frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(ValueError::NotANumber { input: echo() });
    }
    // Trailing zeros after the point carry no precision.
    let frac = frac.trim_end_matches('0');
    let scale = u32::try_from(frac.len()).unwrap_or(u32::MAX);
    if scale > MAX_DECIMALS {
        return Err(ValueError::TooManyDecimals { input: echo() });
    }
    let mantissa = digits_value(int.bytes().chain(frac.bytes()));
    Ok(Decimal { mantissa, scale })
}

/// `base × mantissa ÷ denominator`, rounded half to even; `None` when it is
/// too large to compute (which means far above [`MAX_AMOUNT`]).
fn scale(base: u128, mantissa: Option<u128>, denominator: u128) -> Option<u128> {
    if base == 0 {
        return Some(0);
    }
    let product = base.checked_mul(mantissa?)?;
    Some(div_half_even(product, denominator))
}

/// `n ÷ d` rounded half to even; `d` must not be zero.
fn div_half_even(n: u128, d: u128) -> u128 {
    let q = n / d;
    let r = n % d;
    match r.cmp(&(d - r)) {
        Ordering::Greater => q + 1,
        Ordering::Equal => q + (q & 1),
        Ordering::Less => q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::amount::group_thousands;
    use proptest::prelude::*;

    const CTX: ValueContext = ValueContext {
        current: 1000,
        parent_value: Some(69_250),
        parent_remainder: Some(250),
    };

    const NATIONAL: ValueContext = ValueContext {
        current: 69_250,
        parent_value: None,
        parent_remainder: None,
    };

    fn with_current(current: u64) -> ValueContext {
        ValueContext { current, ..CTX }
    }

    fn with_parent(parent: u64) -> ValueContext {
        ValueContext {
            parent_value: Some(parent),
            ..CTX
        }
    }

    fn parse(s: &str) -> Result<u64, ValueError> {
        parse_value(s, &CTX)
    }

    fn message(s: &str, ctx: &ValueContext) -> String {
        parse_value(s, ctx).unwrap_err().to_string()
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse("69250"), Ok(69_250));
        assert_eq!(parse("69,250"), Ok(69_250));
        assert_eq!(parse("69 250"), Ok(69_250));
        assert_eq!(parse("  69250\t"), Ok(69_250));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("007"), Ok(7));
        assert_eq!(parse("1,234,567"), Ok(1_234_567));
        assert_eq!(parse("1 234 567"), Ok(1_234_567));
        assert_eq!(parse("1,000,000,000,000,000"), Ok(MAX_AMOUNT));
    }

    #[test]
    fn bad_grouping() {
        for s in [
            "6,9250",
            "1,2",
            "69,25",
            ",250",
            "69,",
            "1,,000",
            "1  000",
            "1,000 000",
            "1000,000",
            "1 ,000",
            "12, 345",
            "1234 567",
            "+1,2",
        ] {
            let err = parse(s).unwrap_err();
            assert!(
                matches!(err, ValueError::BadGrouping { .. }),
                "{s}: {err:?}"
            );
            assert!(err.to_string().contains("groups of three"), "{err}");
        }
        assert!(matches!(parse("1_000"), Err(ValueError::NotANumber { .. })));
    }

    #[test]
    fn full_width_and_unicode_spaces() {
        assert_eq!(parse("６９２５０"), Ok(69_250));
        assert_eq!(parse("６９，２５０"), Ok(69_250));
        assert_eq!(parse("69\u{3000}250"), Ok(69_250));
        assert_eq!(parse("69\u{2009}250"), Ok(69_250));
        assert_eq!(parse("69\u{00A0}250"), Ok(69_250));
        assert_eq!(parse("69\u{202F}250"), Ok(69_250));
        assert_eq!(parse("\u{3000}69250\u{3000}"), Ok(69_250));
        assert_eq!(parse("＋５００"), Ok(1500));
        assert_eq!(parse("－５００"), Ok(500));
        assert_eq!(parse("\u{2212}500"), Ok(500));
        assert_eq!(parse("１２．５％"), Ok(8656)); // 8656.25
        assert_eq!(parse("12。5%"), Ok(8656));
        assert_eq!(parse("＊１．１"), Ok(1100));
        assert_eq!(parse("／４"), Ok(250));
        assert_eq!(parse("ｍａｘ"), Ok(1250));
        assert_eq!(parse("ＭＡＸ"), Ok(1250));
    }

    #[test]
    fn deltas() {
        assert_eq!(parse("+500"), Ok(1500));
        assert_eq!(parse("-500"), Ok(500));
        assert_eq!(parse("+1,500"), Ok(2500));
        assert_eq!(parse("+ 1 500"), Ok(2500));
        assert_eq!(parse("-1,000"), Ok(0));
        assert_eq!(parse("+0"), Ok(1000));
        assert_eq!(parse("-0"), Ok(1000));
        let err = parse("-1,001").unwrap_err();
        assert_eq!(
            err,
            ValueError::WouldBeNegative {
                current: 1000,
                input: "-1,001".to_string()
            }
        );
        let text = err.to_string();
        assert!(text.contains("would be negative"), "{text}");
        assert!(text.contains("1,000"), "{text}");
        assert!(matches!(parse("+1,2"), Err(ValueError::BadGrouping { .. })));
        assert!(matches!(
            parse_value("-5", &with_current(0)),
            Err(ValueError::WouldBeNegative { .. })
        ));
        let huge = "9".repeat(60);
        assert!(matches!(
            parse(&format!("-{huge}")),
            Err(ValueError::WouldBeNegative { .. })
        ));
        assert!(matches!(
            parse(&format!("+{huge}")),
            Err(ValueError::TooLarge { .. })
        ));
    }

    #[test]
    fn percent_of_parent() {
        assert_eq!(parse("100%"), Ok(69_250));
        assert_eq!(parse("50%"), Ok(34_625));
        assert_eq!(parse("0%"), Ok(0));
        assert_eq!(parse("12.5 %"), Ok(8656));
        assert_eq!(parse("150%"), Ok(103_875));
        assert_eq!(parse(".5%"), Ok(346)); // 346.25
        assert_eq!(parse("0.000001%"), Ok(0));
        assert_eq!(parse("12.5000000%"), Ok(8656)); // trailing zeros are fine
        assert_eq!(parse_value("33.333333%", &with_parent(3)), Ok(1));
        // Half to even.
        assert_eq!(parse_value("12.5%", &with_parent(3)), Ok(0)); // 0.375
        assert_eq!(parse_value("50%", &with_parent(3)), Ok(2)); // 1.5
        assert_eq!(parse_value("50%", &with_parent(5)), Ok(2)); // 2.5
        assert_eq!(parse_value("50%", &with_parent(7)), Ok(4)); // 3.5
        assert_eq!(parse_value("12.5%", &with_parent(4)), Ok(0)); // 0.5
        assert_eq!(parse_value("12.5%", &with_parent(12)), Ok(2)); // 1.5
        assert_eq!(parse_value("12.5%", &with_parent(5)), Ok(1)); // 0.625
        assert!(matches!(
            parse("12.1234567%"),
            Err(ValueError::TooManyDecimals { .. })
        ));
        let err = message("12.5%", &NATIONAL);
        assert!(err.contains("no"), "{err}");
        assert!(err.contains("69250"), "{err}");
        assert!(matches!(
            parse_value("1e40%", &with_parent(0)),
            Err(ValueError::NotANumber { .. })
        ));
        let huge = format!("{}%", "9".repeat(60));
        assert_eq!(parse_value(&huge, &with_parent(0)), Ok(0));
        assert!(matches!(parse(&huge), Err(ValueError::TooLarge { .. })));
    }

    #[test]
    fn factor_and_divisor() {
        assert_eq!(parse("*1.1"), Ok(1100));
        assert_eq!(parse("*0"), Ok(0));
        assert_eq!(parse("*1"), Ok(1000));
        assert_eq!(parse("*2"), Ok(2000));
        assert_eq!(parse("* 0.5"), Ok(500));
        assert_eq!(parse_value("*1.5", &with_current(3)), Ok(4)); // 4.5
        assert_eq!(parse_value("*1.5", &with_current(5)), Ok(8)); // 7.5
        assert_eq!(parse_value("*0.5", &with_current(1)), Ok(0)); // 0.5
        assert_eq!(parse_value("/2", &with_current(5)), Ok(2)); // 2.5
        assert_eq!(parse_value("/2", &with_current(7)), Ok(4)); // 3.5
        assert_eq!(parse_value("/3", &with_current(5)), Ok(2)); // 1.67
        assert_eq!(parse_value("/0.5", &with_current(5)), Ok(10));
        assert_eq!(parse("/1"), Ok(1000));
        assert_eq!(parse(&format!("/{}", "9".repeat(60))), Ok(0));
        assert_eq!(parse("/0"), Err(ValueError::DivideByZero));
        assert_eq!(parse("/0.000"), Err(ValueError::DivideByZero));
        assert!(matches!(parse("x1.1"), Err(ValueError::NotANumber { .. })));
        assert!(matches!(parse("×1.1"), Err(ValueError::NotANumber { .. })));
        assert!(matches!(parse("*1,1"), Err(ValueError::NotANumber { .. })));
        assert!(matches!(parse("*-1"), Err(ValueError::NotANumber { .. })));
        assert_eq!(parse_value("*0", &NATIONAL), Ok(0));
        assert_eq!(parse_value("*1.1", &NATIONAL), Ok(76_175));
    }

    #[test]
    fn max_form() {
        assert_eq!(parse("max"), Ok(1250));
        assert_eq!(parse("MAX"), Ok(1250));
        assert_eq!(parse(" Max "), Ok(1250));
        let over = ValueContext {
            parent_remainder: Some(-400),
            ..CTX
        };
        assert_eq!(parse_value("max", &over), Ok(600));
        let far_over = ValueContext {
            parent_remainder: Some(-5000),
            ..CTX
        };
        assert_eq!(parse_value("max", &far_over), Ok(0));
        let extreme = ValueContext {
            parent_remainder: Some(i128::MAX),
            ..CTX
        };
        assert!(matches!(
            parse_value("max", &extreme),
            Err(ValueError::TooLarge { .. })
        ));
        let extreme_low = ValueContext {
            parent_remainder: Some(i128::MIN),
            ..CTX
        };
        assert_eq!(parse_value("max", &extreme_low), Ok(0));
        assert!(matches!(
            parse_value("max", &NATIONAL),
            Err(ValueError::NoParent { .. })
        ));
        assert!(matches!(
            parse("maximum"),
            Err(ValueError::NotANumber { .. })
        ));
    }

    #[test]
    fn maximum_amount() {
        assert_eq!(parse("1000000000000000"), Ok(MAX_AMOUNT));
        let err = parse("1000000000000001").unwrap_err();
        assert!(matches!(err, ValueError::TooLarge { .. }));
        assert!(err.to_string().contains("1,000,000,000,000,000"), "{err}");
        assert!(matches!(
            parse(&"9".repeat(100)),
            Err(ValueError::TooLarge { .. })
        ));
        let at_max = with_current(MAX_AMOUNT);
        assert_eq!(parse_value("+0", &at_max), Ok(MAX_AMOUNT));
        assert!(matches!(
            parse_value("+1", &at_max),
            Err(ValueError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_value("*1.000001", &at_max),
            Err(ValueError::TooLarge { .. })
        ));
        let big = with_current(u64::MAX);
        assert!(matches!(
            parse_value("*1", &big),
            Err(ValueError::TooLarge { .. })
        ));
        assert_eq!(parse_value("*0", &big), Ok(0));
        assert!(matches!(
            parse_value("150%", &with_parent(u64::MAX)),
            Err(ValueError::TooLarge { .. })
        ));
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "abc", "1e5", "--5", "0x10", "%", "+", "-", "*", "/", "++5", "5+", "1_000", "five",
            "12.5.3", ".", "*.", "%5", "5%%", "+12.5%", "12 .5%", "- -5", "*1.1.1", "max5",
        ] {
            let err = parse(s).unwrap_err();
            assert!(
                matches!(err, ValueError::NotANumber { .. }),
                "{s:?} gave {err:?}"
            );
            let text = err.to_string();
            assert!(text.contains("69,250") && text.contains("max"), "{text}");
        }
        assert_eq!(parse(""), Err(ValueError::Empty));
        assert_eq!(parse("   "), Err(ValueError::Empty));
        assert_eq!(parse("\u{3000}"), Err(ValueError::Empty));
        assert!(parse("").unwrap_err().to_string().contains("69250"));
        for s in ["12.5", "0.5", "1.0"] {
            let err = parse(s).unwrap_err();
            assert!(matches!(err, ValueError::NotWhole { .. }), "{s}: {err:?}");
            assert!(err.to_string().contains('%'), "{err}");
        }
    }

    #[test]
    fn messages_are_short_and_quote_the_input() {
        assert_eq!(
            message("abc", &CTX),
            "not a number: \"abc\" (type 69250, 69,250, +500, -500, 12.5%, *1.1 or max)"
        );
        let long = "z".repeat(1000);
        let text = message(&long, &CTX);
        assert!(text.len() < 200, "{text}");
        assert!(text.contains('…'));
        // The echo is what the planner typed, not the normalised text.
        assert!(message("６，９２５０", &CTX).contains("６，９２５０"));
    }

    #[test]
    fn errors_are_std_errors() {
        let err: Box<dyn std::error::Error> = Box::new(ValueError::DivideByZero);
        assert!(err.to_string().contains("/2"));
    }

    /// Writes `n` with full-width digits and commas.
    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from(c) + 0xFEE0).unwrap(),
                ',' => '，',
                c => c,
            })
            .collect()
    }

    fn any_ctx() -> impl Strategy<Value = ValueContext> {
        (
            prop_oneof![0u64..=MAX_AMOUNT, any::<u64>()],
            proptest::option::of(any::<u64>()),
            proptest::option::of(any::<i128>()),
        )
            .prop_map(|(current, parent_value, parent_remainder)| ValueContext {
                current,
                parent_value,
                parent_remainder,
            })
    }

    /// Whether `got` is `num / den` rounded half to even.
    fn is_half_even(got: u64, num: u128, den: u128) -> bool {
        let diff2 = (u128::from(got) * den).abs_diff(num) * 2;
        diff2 < den || (diff2 == den && got.is_multiple_of(2))
    }

    proptest! {
        #[test]
        fn never_panics_any(s in ".*", ctx in any_ctx()) {
            if let Ok(v) = parse_value(&s, &ctx) {
                prop_assert!(v <= MAX_AMOUNT);
            }
        }

        #[test]
        fn never_panics_printable(s in "\\PC*", ctx in any_ctx()) {
            match parse_value(&s, &ctx) {
                Ok(v) => prop_assert!(v <= MAX_AMOUNT),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn never_panics_near_misses(s in "[-+*/%0-9., xXmaMA]{0,24}", ctx in any_ctx()) {
            if let Ok(v) = parse_value(&s, &ctx) {
                prop_assert!(v <= MAX_AMOUNT);
            }
        }

        #[test]
        fn numbers_round_trip(n in 0u64..=MAX_AMOUNT, ctx in any_ctx()) {
            let grouped = group_thousands(u128::from(n));
            prop_assert_eq!(parse_value(&grouped, &ctx), Ok(n));
            prop_assert_eq!(parse_value(&n.to_string(), &ctx), Ok(n));
            prop_assert_eq!(parse_value(&grouped.replace(',', " "), &ctx), Ok(n));
            prop_assert_eq!(parse_value(&grouped.replace(',', "\u{3000}"), &ctx), Ok(n));
            prop_assert_eq!(parse_value(&full_width(&grouped), &ctx), Ok(n));
        }

        #[test]
        fn above_maximum_is_rejected(n in (MAX_AMOUNT + 1)..=u64::MAX) {
            let is_too_large = matches!(
                parse_value(&n.to_string(), &CTX),
                Err(ValueError::TooLarge { .. })
            );
            prop_assert!(is_too_large);
        }

        #[test]
        fn plus_and_minus(current in 0u64..=MAX_AMOUNT, k in 0u64..=MAX_AMOUNT) {
            let ctx = with_current(current);
            let grouped = group_thousands(u128::from(k));
            let plus = parse_value(&format!("+{grouped}"), &ctx);
            if current + k <= MAX_AMOUNT {
                prop_assert_eq!(plus, Ok(current + k));
            } else {
                prop_assert!(matches!(plus, Err(ValueError::TooLarge { .. })), "{plus:?}");
            }
            let minus = parse_value(&format!("-{grouped}"), &ctx);
            let expected = current.checked_sub(k).ok_or_else(|| ValueError::WouldBeNegative {
                current,
                input: format!("-{grouped}"),
            });
            prop_assert_eq!(minus, expected);
        }

        #[test]
        fn percent_rounds_half_even(
            parent in prop_oneof![0u64..1000, 0u64..=MAX_AMOUNT],
            mantissa in 0u64..=200_000_000,
            scale in 0u32..=6,
        ) {
            let text = decimal_text(mantissa, scale);
            let got = parse_value(&format!("{text}%"), &with_parent(parent));
            let num = u128::from(parent) * u128::from(mantissa);
            let den = 100 * 10u128.pow(scale);
            match got {
                Ok(v) => prop_assert!(is_half_even(v, num, den), "{text}% of {parent} gave {v}"),
                Err(e) => {
                    prop_assert!(matches!(e, ValueError::TooLarge { .. }), "{e:?}");
                    prop_assert!(num * 2 > u128::from(MAX_AMOUNT) * den * 2 + den);
                }
            }
        }

        #[test]
        fn factor_rounds_half_even(
            current in prop_oneof![0u64..1000, 0u64..=MAX_AMOUNT],
            mantissa in 0u64..=5_000_000,
            scale in 0u32..=6,
        ) {
            let text = decimal_text(mantissa, scale);
            let got = parse_value(&format!("*{text}"), &with_current(current));
            let num = u128::from(current) * u128::from(mantissa);
            let den = 10u128.pow(scale);
            match got {
                Ok(v) => prop_assert!(is_half_even(v, num, den), "*{text} of {current} gave {v}"),
                Err(e) => {
                    prop_assert!(matches!(e, ValueError::TooLarge { .. }), "{e:?}");
                    prop_assert!(num * 2 > u128::from(MAX_AMOUNT) * den * 2 + den);
                }
            }
        }

        #[test]
        fn divisor_rounds_half_even(
            current in 0u64..=MAX_AMOUNT,
            mantissa in 1u64..=5_000_000,
            scale in 0u32..=6,
        ) {
            let text = decimal_text(mantissa, scale);
            let got = parse_value(&format!("/{text}"), &with_current(current));
            let num = u128::from(current) * 10u128.pow(scale);
            match got {
                Ok(v) => prop_assert!(is_half_even(v, num, u128::from(mantissa))),
                Err(e) => prop_assert!(matches!(e, ValueError::TooLarge { .. }), "{e:?}"),
            }
        }

        #[test]
        fn max_is_current_plus_remainder(
            current in 0u64..=MAX_AMOUNT,
            remainder in -2_000_000_000_000_000i128..=2_000_000_000_000_000,
        ) {
            let ctx = ValueContext { current, parent_value: Some(0), parent_remainder: Some(remainder) };
            let expected = (i128::from(current) + remainder).max(0);
            let got = parse_value("max", &ctx);
            if expected <= i128::from(MAX_AMOUNT) {
                prop_assert_eq!(got.map(i128::from), Ok(expected));
            } else {
                prop_assert!(matches!(got, Err(ValueError::TooLarge { .. })), "{got:?}");
            }
        }
    }

    /// `mantissa / 10^scale` written as a decimal, e.g. `(125, 1)` -> `12.5`.
    fn decimal_text(mantissa: u64, scale: u32) -> String {
        let digits = format!("{mantissa:0>width$}", width = scale as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - scale as usize);
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        }
    }
}
