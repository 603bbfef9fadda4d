//! Quota amounts: the largest allowed value and exact, integer-only
//! formatting of amounts, shares and percentages.
//!
//! Nothing here uses floating point: shares are computed with exact integer
//! arithmetic and rounded half to even ("banker's rounding"). A share shown
//! as text is rounded once, from the exact fraction ([`format_share`]).

use std::cmp::Ordering;

/// The largest value a quota may have: 10^15 tonnes.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000;

/// Formats `n` with a comma between each group of three digits.
///
/// `69250` becomes `"69,250"`, `0` becomes `"0"` and `1234567` becomes
/// `"1,234,567"`.
#[must_use]
pub fn group_thousands(n: u128) -> String {
    group_digits(&n.to_string())
}

/// Puts a comma between each group of three characters of `digits`,
/// counted from the right: `"1234567"` becomes `"1,234,567"`.
fn group_digits(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        // `i < len` always holds, so the subtraction cannot underflow.
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats `n` like [`group_thousands`], with a leading `-` when negative.
///
/// `-69250` becomes `"-69,250"`; `i128::MIN` is handled.
#[must_use]
pub fn group_signed(n: i128) -> String {
    let grouped = group_thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Returns `part / whole` in basis points (1/100 of a percent), rounded half
/// to even.
///
/// `(1, 3)` gives `3333`, `(2, 3)` gives `6667`, `(1, 8)` gives `1250`, and
/// `(3, 20000)` (1.5 basis points) gives `2`. `part` may exceed `whole`
/// (an over-allocation), giving more than `10000`.
///
/// Returns `None` when `whole` is zero, or when the result does not fit in a
/// `u64`. The computation is exact for every `u128` input.
#[must_use]
pub fn share_basis_points(part: u128, whole: u128) -> Option<u64> {
    if whole == 0 {
        return None;
    }
    let whole_part = part / whole;
    let mut rem = part % whole;
    // Long division, one decimal digit at a time, for the four fractional
    // digits of the basis-point value. `rem < whole` throughout, and
    // `times_ten_mod` never forms a product that could overflow.
    let mut fraction: u64 = 0;
    for _ in 0..4 {
        let (digit, next) = times_ten_mod(rem, whole);
        fraction = fraction * 10 + u64::from(digit);
        rem = next;
    }
    let bp = whole_part
        .checked_mul(10_000)?
        .checked_add(u128::from(fraction))?;
    let rounded = match rem.cmp(&(whole - rem)) {
        Ordering::Greater => bp.checked_add(1)?,
        Ordering::Equal if bp % 2 == 1 => bp.checked_add(1)?,
        _ => bp,
    };
    u64::try_from(rounded).ok()
}

/// For `r < m`, returns `(floor(10 * r / m), (10 * r) mod m)` without ever
/// computing `10 * r` (which could overflow for large `m`).
fn times_ten_mod(r: u128, m: u128) -> (u8, u128) {
    let mut acc: u128 = 0;
    let mut wraps: u8 = 0;
    for _ in 0..10 {
        // Invariant: acc < m and r < m, so `m - r` and `m - acc` are positive.
        if acc >= m - r {
            acc -= m - r;
            wraps += 1;
        } else {
            acc += r;
        }
    }
    (wraps, acc)
}

/// Formats a basis-point value as a percentage with `decimals` decimal places.
///
/// `decimals` is normally 1 or 2; `0` gives a whole percentage and anything
/// above 2 is treated as 2. Dropped digits are rounded half to even:
/// `5771` gives `"57.71%"` with 2 decimals and `"57.7%"` with 1; `5` (0.05%)
/// gives `"0.0%"` with 1 decimal and `15` gives `"0.2%"`. The whole-number
/// part is grouped in thousands (`"1,234.00%"`).
///
/// A basis-point value is already rounded, so formatting a share this way
/// with fewer than 2 decimals rounds it twice (1.346% becomes 135 bp, then
/// `"1.4%"`). To show the share of `part` in `whole`, use [`format_share`],
/// which rounds once, from the exact fraction.
#[must_use]
pub fn format_percent(bp: u64, decimals: u8) -> String {
    match decimals {
        0 => {
            let whole = round_div_half_even(bp, 100);
            format!("{}%", group_thousands(u128::from(whole)))
        }
        1 => {
            let tenths = round_div_half_even(bp, 10);
            format!(
                "{}.{}%",
                group_thousands(u128::from(tenths / 10)),
                tenths % 10
            )
        }
        _ => format!("{}.{:02}%", group_thousands(u128::from(bp / 100)), bp % 100),
    }
}

/// Formats the share of `part` in `whole` as a percentage with exactly
/// `decimals` decimal places, rounded once from the exact fraction
/// `100 * part / whole`.
///
/// **Rounding**: to the nearest multiple of `10^-decimals` percent; an exact
/// half goes to the even last digit (half to even, the rule of
/// [`share_basis_points`] and [`format_percent`]): 0.25% gives `"0.2%"`,
/// 0.75% gives `"0.8%"` and 2.5% gives `"2%"` with 0 decimals. Anything not
/// exactly half-way goes to the nearer value: 1.346% gives `"1.3%"` with 1
/// decimal, 1.496% gives `"1%"` with 0, 0.0549% gives `"0.1%"` with 1 and
/// 12.3456% gives `"12.346%"` with 3.
///
/// **Tiny shares**: a share that is not zero (`part > 0`) but rounds to zero
/// shows as less than the smallest figure the decimals can show: `"<0.1%"`
/// with 1 decimal, `"<1%"` with 0, `"<0.01%"` with 2, `"<0.001%"` with 3. A
/// `part` of 0 gives `"0.0%"` (with 1 decimal). Likewise a share short of
/// the whole that rounds to 100% shows as `">99.9%"` (`">99%"` with 0
/// decimals): only all of it is `"100.0%"`.
///
/// The whole-number part is grouped in thousands with `,` and the decimal
/// mark is `.` (`"1,234.5%"`); with 0 decimals there is no mark (`"58%"`).
/// `part` may exceed `whole` (an over-allocation). There are never more (nor
/// fewer) than `decimals` decimal digits; every `decimals` is supported (the
/// planner uses 0 to 3).
///
/// Returns `None` when `whole` is zero. The computation is exact, with
/// integers only, for every `u128` input: digits come from long division,
/// and no product that could overflow is ever formed.
#[must_use]
pub fn format_share(part: u128, whole: u128, decimals: u8) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let decimals = usize::from(decimals);
    // The digits of floor(100 * 10^decimals * part / whole): those of the
    // whole quotient, then two for the percent and `decimals` more by long
    // division. `rem < whole` throughout.
    let mut digits: Vec<u8> = (part / whole).to_string().into_bytes();
    let mut rem = part % whole;
    for _ in 0..2 + decimals {
        let (digit, next) = times_ten_mod(rem, whole);
        digits.push(b'0' + digit);
        rem = next;
    }
    // The dropped fraction is rem / whole: compare it with one half.
    let last_is_odd = digits.last().is_some_and(|d| (d - b'0') % 2 == 1);
    let round_up = match rem.cmp(&(whole - rem)) {
        Ordering::Greater => true,
        Ordering::Equal => last_is_odd,
        Ordering::Less => false,
    };
    if round_up {
        increment_digits(&mut digits);
    }
    if part > 0 && digits.iter().all(|&d| d == b'0') {
        return Some(if decimals == 0 {
            "<1%".to_owned()
        } else {
            format!("<0.{}1%", "0".repeat(decimals - 1))
        });
    }
    // Not all of it, though it rounds to 100%: said as "more than" the
    // largest figure below 100 the decimals can show.
    if part < whole && is_hundred(&digits, decimals) {
        return Some(if decimals == 0 {
            ">99%".to_owned()
        } else {
            format!(">99.{}%", "9".repeat(decimals))
        });
    }
    // At least `2 + decimals + 1` digits, so the split leaves a non-empty
    // whole-number part.
    let (int, frac) = digits.split_at(digits.len() - decimals);
    let first = int.iter().position(|&d| d != b'0').unwrap_or(int.len() - 1);
    let int: String = int[first..].iter().copied().map(char::from).collect();
    let mut out = group_digits(&int);
    if !frac.is_empty() {
        out.push('.');
        out.extend(frac.iter().copied().map(char::from));
    }
    out.push('%');
    Some(out)
}

/// Whether the digits (with `decimals` of them after the point) are 100.
fn is_hundred(digits: &[u8], decimals: usize) -> bool {
    let (int, frac) = digits.split_at(digits.len() - decimals);
    let int = &int[int.iter().position(|&d| d != b'0').unwrap_or(int.len())..];
    int == b"100" && frac.iter().all(|&d| d == b'0')
}

/// Adds one to a number written as ASCII decimal digits, growing it by a
/// leading `1` when every digit was `9`.
fn increment_digits(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, b'1');
}

/// `n / d` rounded half to even, for `d` in `2..=100` (so no overflow).
fn round_div_half_even(n: u64, d: u64) -> u64 {
    let q = n / d;
    let r = n % d;
    match r.cmp(&(d - r)) {
        Ordering::Greater => q + 1,
        Ordering::Equal => q + (q & 1),
        Ordering::Less => q,
    }
}

/// The fraction `num / den` as a decimal with `places` digits after the
/// point, cut (not rounded) and followed by `…` when more digits follow:
/// `12,666.666…`, `3,000`, `0.5`. The whole part is grouped by thousands.
/// `den` 0 gives `–`.
pub fn decimal(num: u128, den: u128, places: usize) -> String {
    if den == 0 {
        return "–".to_owned();
    }
    let mut out = group_thousands(num / den);
    let mut rem = num % den;
    if rem == 0 {
        return out;
    }
    out.push('.');
    for _ in 0..places {
        let (digit, next) = times_ten_mod(rem, den);
        out.push(char::from(b'0' + digit));
        rem = next;
        if rem == 0 {
            return out;
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn max_amount_is_ten_to_the_fifteen() {
        assert_eq!(MAX_AMOUNT, 10u64.pow(15));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(69_250), "69,250");
        assert_eq!(group_thousands(100_000), "100,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(
            group_thousands(u128::from(MAX_AMOUNT)),
            "1,000,000,000,000,000"
        );
        assert_eq!(
            group_thousands(u128::MAX),
            "340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
    }

    #[test]
    fn groups_signed() {
        assert_eq!(group_signed(0), "0");
        assert_eq!(group_signed(-5), "-5");
        assert_eq!(group_signed(-69_250), "-69,250");
        assert_eq!(group_signed(1_234_567), "1,234,567");
        assert_eq!(
            group_signed(i128::MIN),
            "-170,141,183,460,469,231,731,687,303,715,884,105,728"
        );
        assert_eq!(
            group_signed(i128::MAX),
            "170,141,183,460,469,231,731,687,303,715,884,105,727"
        );
    }

    #[test]
    fn basis_points_examples() {
        assert_eq!(share_basis_points(1, 3), Some(3333));
        assert_eq!(share_basis_points(2, 3), Some(6667));
        assert_eq!(share_basis_points(1, 8), Some(1250));
        assert_eq!(share_basis_points(1, 16), Some(625));
        assert_eq!(share_basis_points(1, 80_000), Some(0)); // 0.125 bp
        assert_eq!(share_basis_points(5, 40_000), Some(1)); // 1.25 bp
        assert_eq!(share_basis_points(1, 20_000), Some(0)); // 0.5 bp -> even 0
        assert_eq!(share_basis_points(3, 20_000), Some(2)); // 1.5 bp -> even 2
        assert_eq!(share_basis_points(5, 20_000), Some(2)); // 2.5 bp -> even 2
        assert_eq!(share_basis_points(7, 20_000), Some(4)); // 3.5 bp -> even 4
        assert_eq!(share_basis_points(0, 5), Some(0));
        assert_eq!(share_basis_points(5, 5), Some(10_000));
        assert_eq!(share_basis_points(3, 2), Some(15_000));
        assert_eq!(share_basis_points(40_000, 69_312), Some(5771));
    }

    #[test]
    fn basis_points_none_and_extremes() {
        assert_eq!(share_basis_points(0, 0), None);
        assert_eq!(share_basis_points(1, 0), None);
        assert_eq!(share_basis_points(u128::MAX, 1), None);
        assert_eq!(share_basis_points(u128::MAX, u128::MAX), Some(10_000));
        // (MAX - 1) / 2 over MAX is a hair under one half: 4999.99.. -> 5000.
        assert_eq!(share_basis_points(u128::MAX / 2, u128::MAX), Some(5000));
        assert_eq!(share_basis_points(1, u128::MAX), Some(0));
        assert_eq!(share_basis_points(u128::MAX - 1, u128::MAX), Some(10_000));
        // Largest representable result: u64::MAX basis points exactly.
        assert_eq!(
            share_basis_points(u128::from(u64::MAX), 10_000),
            Some(u64::MAX)
        );
        // One more basis point no longer fits.
        assert_eq!(share_basis_points(u128::from(u64::MAX) + 1, 10_000), None);
    }

    #[test]
    fn formats_percent() {
        assert_eq!(format_percent(5771, 2), "57.71%");
        assert_eq!(format_percent(5771, 1), "57.7%");
        assert_eq!(format_percent(10_000, 2), "100.00%");
        assert_eq!(format_percent(10_000, 1), "100.0%");
        assert_eq!(format_percent(5, 1), "0.0%");
        assert_eq!(format_percent(15, 1), "0.2%");
        assert_eq!(format_percent(25, 1), "0.2%");
        assert_eq!(format_percent(26, 1), "0.3%");
        assert_eq!(format_percent(995, 1), "10.0%");
        assert_eq!(format_percent(0, 2), "0.00%");
        assert_eq!(format_percent(7, 2), "0.07%");
        assert_eq!(format_percent(12_345_678, 2), "123,456.78%");
        assert_eq!(format_percent(5050, 0), "50%");
        assert_eq!(format_percent(5150, 0), "52%");
        assert_eq!(format_percent(5771, 9), "57.71%");
        // No overflow at the top of the range.
        assert_eq!(format_percent(u64::MAX, 1), "184,467,440,737,095,516.2%");
        assert_eq!(format_percent(u64::MAX, 0), "184,467,440,737,095,516%");
    }

    #[test]
    fn share_examples_round_once() {
        // Each was rounded twice through basis points before: 1.346% ->
        // 135 bp -> "1.4%", 1.496% -> 150 bp -> "2%", 0.0549% -> 5 bp ->
        // "0.0%", and 12.346% -> 1235 bp -> "12.350%" with 3 decimals.
        assert_eq!(format_share(1346, 100_000, 1).as_deref(), Some("1.3%"));
        assert_eq!(format_share(1496, 100_000, 0).as_deref(), Some("1%"));
        assert_eq!(format_share(549, 1_000_000, 1).as_deref(), Some("0.1%"));
        assert_eq!(
            format_share(123_456, 1_000_000, 3).as_deref(),
            Some("12.346%")
        );
        assert_eq!(format_share(12_346, 100_000, 3).as_deref(), Some("12.346%"));
        // The sample plan's figures.
        assert_eq!(format_share(69_250, 100_850, 1).as_deref(), Some("68.7%"));
        assert_eq!(format_share(40_000, 69_312, 2).as_deref(), Some("57.71%"));
        assert_eq!(format_share(40_000, 69_312, 0).as_deref(), Some("58%"));
        assert_eq!(format_share(40_000, 69_312, 3).as_deref(), Some("57.710%"));
        assert_eq!(
            format_share(40_000, 69_312, 6).as_deref(),
            Some("57.710065%")
        );
        assert_eq!(format_share(1, 3, 4).as_deref(), Some("33.3333%"));
        assert_eq!(format_share(2, 3, 4).as_deref(), Some("66.6667%"));
        assert_eq!(format_share(5, 5, 1).as_deref(), Some("100.0%"));
        assert_eq!(format_share(0, 5, 1).as_deref(), Some("0.0%"));
        assert_eq!(format_share(0, 5, 0).as_deref(), Some("0%"));
        assert_eq!(format_share(0, 5, 3).as_deref(), Some("0.000%"));
        // Rounding up carries through every digit; short of all of it, a
        // share is never shown as all of it.
        assert_eq!(format_share(9999, 10_000, 1).as_deref(), Some(">99.9%"));
        assert_eq!(format_share(99_999, 100_000, 2).as_deref(), Some(">99.99%"));
        assert_eq!(format_share(109_999, 100_000, 1).as_deref(), Some("110.0%"));
        assert_eq!(format_share(99_996, 10_000, 1).as_deref(), Some("1,000.0%"));
        // Over-allocations are grouped in thousands.
        assert_eq!(
            format_share(1_234_567, 100, 2).as_deref(),
            Some("1,234,567.00%")
        );
    }

    #[test]
    fn share_exact_halves_go_to_even() {
        // 0.25% and 0.75% (the CLI's test plan), 0.05%, 1.5% and 2.5%.
        assert_eq!(format_share(50, 20_000, 1).as_deref(), Some("0.2%"));
        assert_eq!(format_share(150, 20_000, 1).as_deref(), Some("0.8%"));
        assert_eq!(format_share(3, 200, 0).as_deref(), Some("2%"));
        assert_eq!(format_share(5, 200, 0).as_deref(), Some("2%"));
        assert_eq!(format_share(7, 200, 0).as_deref(), Some("4%"));
        assert_eq!(format_share(3, 20_000, 2).as_deref(), Some("0.02%"));
        assert_eq!(format_share(5, 20_000, 2).as_deref(), Some("0.02%"));
        assert_eq!(format_share(1, 16, 1).as_deref(), Some("6.2%")); // 6.25
        assert_eq!(format_share(3, 16, 1).as_deref(), Some("18.8%")); // 18.75
        // A hair above a half goes up, a hair below goes down.
        assert_eq!(format_share(25_001, 10_000_000, 1).as_deref(), Some("0.3%"));
        assert_eq!(format_share(34_999, 10_000_000, 1).as_deref(), Some("0.3%"));
    }

    #[test]
    fn share_tiny_shares_show_below_the_smallest_figure() {
        // 0.005%: not nothing, but zero at 0, 1 and 2 decimals (2 decimals:
        // exactly half of 0.01%, to even 0).
        assert_eq!(format_share(1, 20_000, 0).as_deref(), Some("<1%"));
        assert_eq!(format_share(114_991, 115_000, 1).as_deref(), Some(">99.9%"));
        assert_eq!(format_share(199, 200, 0).as_deref(), Some(">99%"));
        assert_eq!(format_share(200, 200, 1).as_deref(), Some("100.0%"));
        assert_eq!(format_share(1, 20_000, 1).as_deref(), Some("<0.1%"));
        assert_eq!(format_share(1, 20_000, 2).as_deref(), Some("<0.01%"));
        assert_eq!(format_share(1, 20_000, 3).as_deref(), Some("0.005%"));
        assert_eq!(format_share(1, 1_000_000, 3).as_deref(), Some("<0.001%"));
        assert_eq!(format_share(1, 1_000_000, 4).as_deref(), Some("0.0001%"));
        assert_eq!(format_share(1, u128::MAX, 6).as_deref(), Some("<0.000001%"));
        // 0.5% is half of 1%, to even 0; 0.05% half of 0.1%.
        assert_eq!(format_share(1, 200, 0).as_deref(), Some("<1%"));
        assert_eq!(format_share(1, 2000, 1).as_deref(), Some("<0.1%"));
        // Just enough to show.
        assert_eq!(format_share(51, 100_000, 1).as_deref(), Some("0.1%"));
        assert_eq!(format_share(3, 200, 0).as_deref(), Some("2%"));
    }

    #[test]
    fn share_none_and_extremes() {
        assert_eq!(format_share(0, 0, 1), None);
        assert_eq!(format_share(1, 0, 1), None);
        assert_eq!(format_share(u128::MAX, 0, 0), None);
        assert_eq!(
            format_share(u128::MAX, u128::MAX, 1).as_deref(),
            Some("100.0%")
        );
        assert_eq!(
            format_share(u128::MAX - 1, u128::MAX, 6).as_deref(),
            Some(">99.999999%")
        );
        // (MAX - 1) / 2 over MAX is a hair under one half.
        assert_eq!(
            format_share(u128::MAX / 2, u128::MAX, 4).as_deref(),
            Some("50.0000%")
        );
        // 100 * u128::MAX does not fit in a u128; its digits still come out.
        let hundred_max = format!("{}00", u128::MAX);
        assert_eq!(
            format_share(u128::MAX, 1, 0),
            Some(format!("{}%", group_digits(&hundred_max)))
        );
        assert_eq!(
            format_share(u128::MAX, 1, 2),
            Some(format!("{}.00%", group_digits(&hundred_max)))
        );
        // Many decimals.
        let s = format_share(1, 3, 40).unwrap();
        assert_eq!(s, format!("33.{}%", "3".repeat(40)));
        let s = format_share(1, 7, u8::MAX).unwrap();
        assert_eq!(s.split('.').nth(1).unwrap().len(), usize::from(u8::MAX) + 1);
    }

    /// The share of `part` in `whole` with `decimals` decimals, rounded
    /// half to even by scaling up front (`part * 100 * 10^decimals`, so the
    /// inputs must be small enough for that to fit in a u128) and one
    /// division, then written with `format!` padding: another way to the
    /// figure [`format_share`] gives.
    fn reference_share(part: u128, whole: u128, decimals: u8) -> String {
        let scale = 10u128.pow(u32::from(decimals));
        let scaled = part * 100 * scale;
        let (q, r) = (scaled / whole, scaled % whole);
        let up = 2 * r > whole || (2 * r == whole && q % 2 == 1);
        let q = q + u128::from(up);
        let width = usize::from(decimals);
        if q == 0 && part > 0 {
            return if width == 0 {
                "<1%".to_owned()
            } else {
                format!("<0.{:0>width$}%", 1)
            };
        }
        if q == 100 * scale && part < whole {
            return if width == 0 {
                ">99%".to_owned()
            } else {
                format!(">99.{}%", "9".repeat(width))
            };
        }
        if width == 0 {
            format!("{}%", group_thousands(q))
        } else {
            format!("{}.{:0width$}%", group_thousands(q / scale), q % scale)
        }
    }

    /// Checks that `bp` is `part * 10000 / whole` rounded half to even.
    fn is_half_even_bp(part: u128, whole: u128, bp: u64) -> bool {
        // Inputs are bounded so that these products fit in u128.
        let exact = part * 10_000;
        let approx = u128::from(bp) * whole;
        let diff2 = exact.abs_diff(approx) * 2;
        diff2 < whole || (diff2 == whole && bp.is_multiple_of(2))
    }

    #[test]
    fn fractions_as_decimals() {
        assert_eq!(decimal(114_000, 9, 3), "12,666.666…");
        assert_eq!(decimal(3, 2, 3), "1.5");
        assert_eq!(decimal(6000, 2, 3), "3,000");
        assert_eq!(decimal(1, 8, 3), "0.125");
        assert_eq!(decimal(1, 16, 3), "0.062…");
        let big = u128::MAX - 1;
        assert_eq!(
            decimal(big, 3, 2),
            format!("{}.66…", group_thousands(big / 3))
        );
        assert_eq!(decimal(1, 0, 3), "–");
    }

    #[test]
    fn a_share_short_of_the_whole_is_never_a_hundred_percent() {
        let whole = 338_286_529_452_415_216_180_494_398_318_760_222_572_u128;
        assert_eq!(
            format_share(whole - 1, whole, 2).as_deref(),
            Some(">99.99%")
        );
        assert_eq!(format_share(whole, whole, 2).as_deref(), Some("100.00%"));
    }

    proptest! {
        #[test]
        fn grouping_round_trips(n in any::<u128>()) {
            let s = group_thousands(n);
            prop_assert_eq!(s.replace(',', ""), n.to_string());
            let groups: Vec<&str> = s.split(',').collect();
            prop_assert!((1..=3).contains(&groups[0].len()));
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
        }

        #[test]
        fn signed_grouping(n in any::<i128>()) {
            let s = group_signed(n);
            prop_assert_eq!(s.starts_with('-'), n < 0);
            prop_assert_eq!(s.replace(',', ""), n.to_string());
        }

        #[test]
        fn basis_points_are_exactly_rounded(
            whole in 1u128..=u128::from(u64::MAX),
            frac in 0u128..=2_000_000,
        ) {
            // part ranges over 0..=2*whole.
            let part = whole * frac / 1_000_000;
            let bp = share_basis_points(part, whole).unwrap();
            prop_assert!(is_half_even_bp(part, whole, bp));
        }

        #[test]
        fn basis_points_small_values(part in 0u128..10_000, whole in 1u128..100_000) {
            let bp = share_basis_points(part, whole).unwrap();
            prop_assert!(is_half_even_bp(part, whole, bp));
        }

        #[test]
        fn basis_points_never_panic(part in any::<u128>(), whole in any::<u128>()) {
            let bp = share_basis_points(part, whole);
            if whole == 0 {
                prop_assert_eq!(bp, None);
            }
            if part <= whole && whole > 0 {
                prop_assert!(bp.is_some_and(|b| b <= 10_000));
            }
        }

        #[test]
        fn share_matches_exact_rational_rounding(
            whole in 1u128..=u128::from(u64::MAX),
            seed in any::<u128>(),
            decimals in 0u8..=4,
        ) {
            let part = seed % (whole + 1);
            prop_assert_eq!(
                format_share(part, whole, decimals),
                Some(reference_share(part, whole, decimals))
            );
        }

        #[test]
        fn share_matches_exact_rational_rounding_small(
            whole in 1u128..=200_000,
            seed in any::<u128>(),
            decimals in 0u8..=4,
        ) {
            // Small wholes hit exact halves and tiny shares often.
            let part = seed % (whole + 1);
            prop_assert_eq!(
                format_share(part, whole, decimals),
                Some(reference_share(part, whole, decimals))
            );
        }

        #[test]
        fn share_matches_exact_rational_rounding_over_allocated(
            whole in 1u128..=u128::from(u64::MAX),
            frac in 0u128..=100_000_000,
            decimals in 0u8..=4,
        ) {
            // part ranges over 0..=1000 * whole.
            let part = whole * frac / 100_000;
            prop_assert_eq!(
                format_share(part, whole, decimals),
                Some(reference_share(part, whole, decimals))
            );
        }

        #[test]
        fn share_with_two_decimals_is_the_basis_points(
            part in any::<u128>(),
            whole in 1u128..,
        ) {
            // With two decimals there is only one rounding either way.
            if let Some(bp) = share_basis_points(part, whole) {
                let want = if bp == 0 && part > 0 {
                    "<0.01%".to_owned()
                } else if bp == 10_000 && part < whole {
                    // Short of the whole, though it rounds to 100%.
                    ">99.99%".to_owned()
                } else {
                    format_percent(bp, 2)
                };
                prop_assert_eq!(format_share(part, whole, 2), Some(want));
            }
        }

        #[test]
        fn share_has_exactly_the_decimals_asked(
            part in any::<u128>(),
            whole in any::<u128>(),
            decimals in 0u8..=8,
        ) {
            let s = format_share(part, whole, decimals);
            prop_assert_eq!(s.is_none(), whole == 0);
            let Some(s) = s else { return Ok(()) };
            prop_assert!(s.ends_with('%'));
            let body = s.trim_start_matches('<').trim_end_matches('%');
            let frac = body.split_once('.').map_or("", |(_, f)| f);
            prop_assert_eq!(frac.len(), usize::from(decimals), "{}", s);
            prop_assert!(frac.chars().all(|c| c.is_ascii_digit()));
            // Never a bare zero for a share that is not nothing, and a
            // "less than" only for one.
            let zero = body.chars().all(|c| !c.is_ascii_digit() || c == '0');
            if s.starts_with('<') {
                prop_assert!(part > 0);
                let digits: String = body.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(digits.trim_start_matches('0'), "1");
            } else {
                prop_assert_eq!(zero, part == 0, "{}", s);
            }
            if part <= whole {
                let digits: String = body.chars().filter(char::is_ascii_digit).collect();
                let scaled: u128 = digits.parse().unwrap();
                prop_assert!(scaled <= 100 * 10u128.pow(u32::from(decimals)));
            }
        }

        #[test]
        fn percent_two_decimals_is_exact(bp in any::<u64>()) {
            let s = format_percent(bp, 2);
            prop_assert!(s.ends_with('%'));
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(digits.parse::<u64>().unwrap(), bp);
        }

        #[test]
        fn percent_one_decimal_is_half_even(bp in 0u64..10_000_000) {
            let s = format_percent(bp, 1);
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            let tenths: u64 = digits.parse().unwrap();
            let diff2 = (tenths * 10).abs_diff(bp) * 2;
            prop_assert!(diff2 < 10 || (diff2 == 10 && tenths.is_multiple_of(2)));
        }
    }
}
