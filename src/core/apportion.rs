//! Exact, deterministic sharing of a whole-tonne total in proportion to
//! weights: the largest-remainder (Hamilton) method, optionally with caps.
//!
//! All arithmetic is integer (`u128` where products need it); there is no
//! floating point and no input makes these functions panic.

use std::cmp::{Ordering, Reverse};

/// Shares `total` in proportion to `weights` by the largest-remainder
/// (Hamilton) method; ties by larger weight then earlier position.
///
/// The rule, exactly:
///
/// 1. Each item's exact quota is `total × weightᵢ ÷ W`, where `W` is the sum
///    of all weights. Each item first receives the whole-number part of its
///    quota (rounded down).
/// 2. The tonnes still left over (always fewer than the number of items) go
///    one each to the items with the largest fractional remainder.
/// 3. When two remainders are equal, the item with the larger weight goes
///    first; when the weights are equal too, the earlier item goes first.
///
/// If every weight is zero, `total` is shared equally, as if every weight
/// were 1 (so the extra tonnes go to the earliest items).
///
/// The result has one share per weight and always sums exactly to `total`;
/// an item with weight 0 receives nothing unless all weights are 0. The
/// result depends only on the inputs (no randomness, no hashing), and the
/// work is linear in the number of items apart from a selection step.
///
/// Returns `None` only when `weights` is empty and `total` is greater than
/// zero (there is nobody to give the total to); an empty `weights` with a
/// zero `total` gives an empty vector.
#[must_use]
pub fn apportion(total: u64, weights: &[u64]) -> Option<Vec<u64>> {
    if weights.is_empty() {
        return (total == 0).then(Vec::new);
    }
    // A slice of `u64` has fewer than 2^61 elements, so this sum of values
    // below 2^64 stays below 2^125 and cannot overflow `u128`.
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        let ones = vec![1u64; weights.len()];
        return Some(largest_remainder(total, &ones, weights.len() as u128));
    }
    Some(largest_remainder(total, weights, sum))
}

/// The Hamilton method proper. `weight_sum` must be the (non-zero) sum of
/// `weights`.
fn largest_remainder(total: u64, weights: &[u64], weight_sum: u128) -> Vec<u64> {
    let total_wide = u128::from(total);
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: u64 = 0;
    for &w in weights {
        // total × w < 2^128, and the quotient is at most `total`.
        let product = total_wide * u128::from(w);
        let floor = u64::try_from(product / weight_sum).unwrap_or(total);
        shares.push(floor);
        remainders.push(product % weight_sum);
        given = given.saturating_add(floor);
    }
    // The floors sum to at most `total`, and the shortfall is below `len`.
    let leftover = usize::try_from(total.saturating_sub(given)).unwrap_or(usize::MAX);
    if leftover == 0 {
        return shares;
    }
    let key = |&i: &usize| (Reverse(remainders[i]), Reverse(weights[i]), i);
    let mut order: Vec<usize> = (0..weights.len()).collect();
    if leftover < order.len() {
        order.select_nth_unstable_by_key(leftover - 1, key);
    }
    for &i in order.iter().take(leftover) {
        shares[i] = shares[i].saturating_add(1);
    }
    shares
}

/// Shares `total` in proportion to `weights` like [`apportion`], but no item
/// receives more than its cap: largest-remainder (Hamilton) method; ties by
/// larger weight then earlier position.
///
/// The rule, exactly:
///
/// 1. Work out every item's exact (not yet rounded) share of the total in
///    proportion to its weight.
/// 2. Every item whose exact share is more than its cap is fixed at its cap
///    and takes no further part. What is left of the total is shared again,
///    in proportion to their weights, among the items that remain. This is
///    repeated until no exact share is more than its cap.
/// 3. If at some point the remaining items all have weight 0 but some of the
///    total is still left, it is shared equally among them instead (as if
///    every weight were 1), with the same capping.
/// 4. The remaining total is then shared among the remaining items by the
///    largest-remainder method of [`apportion`]: whole-number parts first,
///    then one tonne each to the largest remainders, ties by larger weight
///    then earlier position.
///
/// Because capping is decided on exact shares, every final share is at most
/// its cap, items with cap 0 never receive anything, and the result is the
/// proportional sharing "as if the capped items had only ever asked for
/// their cap", rounded by the Hamilton method. The result sums exactly to
/// `total` and depends only on the inputs.
///
/// Returns `None` when `weights` and `caps` differ in length, when the caps
/// add up to less than `total`, or when `weights` is empty and `total` is
/// greater than zero.
#[must_use]
pub fn apportion_capped(total: u64, weights: &[u64], caps: &[u64]) -> Option<Vec<u64>> {
    if weights.len() != caps.len() {
        return None;
    }
    if weights.is_empty() {
        return (total == 0).then(Vec::new);
    }
    let cap_sum: u128 = caps.iter().map(|&c| u128::from(c)).sum();
    if cap_sum < u128::from(total) {
        return None;
    }

    let mut shares = vec![0u64; weights.len()];
    let mut fixed = vec![false; weights.len()];
    let mut left = total;

    // Phase 1: by weight. Phase 2 (only if needed): equally, weight 1 each.
    left = fix_capped(left, weights, caps, &mut fixed, &mut shares);
    let mut free: Vec<usize> = (0..weights.len()).filter(|&i| !fixed[i]).collect();
    let mut free_weights: Vec<u64> = free.iter().map(|&i| weights[i]).collect();
    if left > 0 && free_weights.iter().all(|&w| w == 0) {
        let ones = vec![1u64; weights.len()];
        left = fix_capped(left, &ones, caps, &mut fixed, &mut shares);
        free.retain(|&i| !fixed[i]);
        free_weights = vec![1; free.len()];
    }

    // The capping keeps `left` at most the sum of the free items' caps, so
    // when `left > 0` there is a free item with cap > 0 (and with positive
    // weight in phase 1), and `apportion` cannot fail.
    let free_shares = apportion(left, &free_weights)?;
    for (&i, share) in free.iter().zip(free_shares) {
        shares[i] = share;
    }
    Some(shares)
}

/// Runs the iterative capping of [`apportion_capped`] on the items not yet
/// `fixed`, using `weights`: marks each capped item as fixed, records its
/// cap in `shares`, and returns what is left of `total`.
///
/// Instead of recomputing every share each round, the items are sorted once
/// by cap ÷ weight; in each round the items whose exact share exceeds their
/// cap are exactly those at the front of that order whose ratio is below
/// (remaining total ÷ remaining weight), so the rounds move along the sorted
/// order and the whole process is O(n log n). The rounds are the same as in
/// the step-by-step description.
fn fix_capped(
    total: u64,
    weights: &[u64],
    caps: &[u64],
    fixed: &mut [bool],
    shares: &mut [u64],
) -> u64 {
    let mut order: Vec<usize> = (0..weights.len())
        .filter(|&i| !fixed[i] && weights[i] > 0)
        .collect();
    // Ascending cap/weight; both cross products are below 2^128.
    order.sort_unstable_by(|&a, &b| {
        (u128::from(caps[a]) * u128::from(weights[b]))
            .cmp(&(u128::from(caps[b]) * u128::from(weights[a])))
            .then(a.cmp(&b))
    });
    let mut left = total;
    // Fewer than 2^61 items of weight below 2^64: no overflow.
    let mut weight_left: u128 = order.iter().map(|&i| u128::from(weights[i])).sum();
    let mut next = 0;
    loop {
        // One round: all items whose exact share left × w / weight_left is
        // more than the cap, judged against this round's totals.
        let (round_left, round_weight) = (u128::from(left), weight_left);
        let start = next;
        while let Some(&i) = order.get(next) {
            let w = u128::from(weights[i]);
            if !exceeds_cap(round_left, w, round_weight, caps[i]) {
                break;
            }
            fixed[i] = true;
            shares[i] = caps[i];
            // The invariant left <= sum of free caps keeps this exact; the
            // saturation only guards against impossible underflow.
            left = left.saturating_sub(caps[i]);
            weight_left = weight_left.saturating_sub(w);
            next += 1;
        }
        if next == start || weight_left == 0 {
            return left;
        }
    }
}

/// Whether the exact share `left × w ÷ weight_sum` is more than `cap`, i.e.
/// `cap × weight_sum < left × w`, compared without overflow.
fn exceeds_cap(left: u128, w: u128, weight_sum: u128, cap: u64) -> bool {
    // left and w are below 2^64, so their product fits.
    let share_side = left * w;
    match u128::from(cap).checked_mul(weight_sum) {
        Some(cap_side) => cap_side.cmp(&share_side) == Ordering::Less,
        // cap × weight_sum is at least 2^128, more than any share side.
        None => false,
    }
}

/// Why a share is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its whole part only: its fraction was not among the largest (or
    /// nothing was left over).
    WholePart,
    /// Its whole part and one leftover unit: its fraction was among the
    /// largest.
    LargestFraction,
    /// One leftover unit: its fraction tied with one that got none, and its
    /// weight is larger.
    TieLargerWeight,
    /// One leftover unit: its fraction and weight tied with one that got
    /// none, and it comes earlier.
    TieEarlier,
    /// Fixed at its cap (its exact share was more).
    Capped,
}

/// One recipient's share, explained: the weight it was given, its exact
/// share `share_num / share_den` (reduced), the whole part `base`, and
/// whether it got one of the leftover units (`extra`), and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explained {
    /// Its weight (1 each when every weight was 0).
    pub weight: u64,
    /// Numerator of its exact share.
    pub share_num: u128,
    /// Denominator of its exact share.
    pub share_den: u128,
    /// The whole part of its exact share (its cap, when capped).
    pub base: u64,
    /// Whether it got one leftover unit.
    pub extra: bool,
    /// Why.
    pub why: Why,
}

impl Explained {
    /// The share it received.
    pub fn share(&self) -> u64 {
        self.base + u64::from(self.extra)
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn reduced(num: u128, den: u128) -> (u128, u128) {
    let g = gcd(num, den).max(1);
    (num / g, den / g)
}

/// [`apportion`], explained recipient by recipient: the same shares, with
/// each one's exact fraction, whole part and leftover unit, and why.
/// `None` exactly when [`apportion`] gives `None`.
#[must_use]
pub fn explain(total: u64, weights: &[u64]) -> Option<Vec<Explained>> {
    let shares = apportion(total, weights)?;
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let ones;
    let (weights, sum) = if sum == 0 {
        ones = vec![1u64; weights.len()];
        (&ones[..], weights.len() as u128)
    } else {
        (weights, sum)
    };
    Some(explain_among(total, weights, sum, &shares))
}

/// The explanation of `shares`, the Hamilton sharing of `total` by
/// `weights` (summing to `sum`, non-zero).
fn explain_among(total: u64, weights: &[u64], sum: u128, shares: &[u64]) -> Vec<Explained> {
    let total_wide = u128::from(total);
    let rem = |i: usize| (total_wide * u128::from(weights[i])) % sum;
    // The best of those without a leftover unit: what a winner beat.
    let key = |i: usize| (Reverse(rem(i)), Reverse(weights[i]), i);
    let base = |i: usize| u64::try_from(total_wide * u128::from(weights[i]) / sum).unwrap_or(total);
    let loser = (0..weights.len())
        .filter(|&i| shares[i] == base(i))
        .min_by_key(|&i| key(i));
    (0..weights.len())
        .map(|i| {
            let b = base(i);
            let extra = shares[i] > b;
            let why = match (extra, loser) {
                (false, _) => Why::WholePart,
                (true, Some(l)) if rem(l) == rem(i) && weights[l] == weights[i] => Why::TieEarlier,
                (true, Some(l)) if rem(l) == rem(i) => Why::TieLargerWeight,
                (true, _) => Why::LargestFraction,
            };
            let (share_num, share_den) = reduced(total_wide * u128::from(weights[i]), sum);
            Explained {
                weight: weights[i],
                share_num,
                share_den,
                base: b,
                extra,
                why,
            }
        })
        .collect()
}

/// [`apportion_capped`], explained: capped recipients first fixed at their
/// caps, the rest explained as [`explain`] explains the sharing of what is
/// left among them. `None` exactly when [`apportion_capped`] gives `None`.
#[must_use]
pub fn explain_capped(total: u64, weights: &[u64], caps: &[u64]) -> Option<Vec<Explained>> {
    let shares = apportion_capped(total, weights, caps)?;
    let mut fixed = vec![false; weights.len()];
    let mut scratch = vec![0u64; weights.len()];
    let mut left = fix_capped(total, weights, caps, &mut fixed, &mut scratch);
    let mut free: Vec<usize> = (0..weights.len()).filter(|&i| !fixed[i]).collect();
    let mut free_weights: Vec<u64> = free.iter().map(|&i| weights[i]).collect();
    if left > 0 && free_weights.iter().all(|&w| w == 0) {
        let ones = vec![1u64; weights.len()];
        left = fix_capped(left, &ones, caps, &mut fixed, &mut scratch);
        free.retain(|&i| !fixed[i]);
        free_weights = vec![1; free.len()];
    }
    let free_shares: Vec<u64> = free.iter().map(|&i| shares[i]).collect();
    let sum: u128 = free_weights.iter().map(|&w| u128::from(w)).sum();
    let among = if free.is_empty() {
        Vec::new()
    } else if sum == 0 {
        let ones = vec![1u64; free.len()];
        explain_among(left, &ones, free.len() as u128, &free_shares)
    } else {
        explain_among(left, &free_weights, sum, &free_shares)
    };
    let mut out: Vec<Explained> = (0..weights.len())
        .map(|i| Explained {
            weight: weights[i],
            share_num: u128::from(caps[i]),
            share_den: 1,
            base: caps[i],
            extra: false,
            why: Why::Capped,
        })
        .collect();
    for (&i, e) in free.iter().zip(among) {
        out[i] = e;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sum(v: &[u64]) -> u128 {
        v.iter().map(|&x| u128::from(x)).sum()
    }

    #[test]
    fn the_rounding_is_explained() {
        // 100 shared 1 : 1 : 1: 33 each, one leftover to the earliest tie.
        let e = explain(100, &[1, 1, 1]).unwrap();
        assert_eq!((e[0].share_num, e[0].share_den, e[0].base), (100, 3, 33));
        assert_eq!(e[0].why, Why::TieEarlier);
        assert_eq!((e[1].extra, e[1].why), (false, Why::WholePart));
        // A larger weight wins a tie of fractions: 1 of 2 : 4 ... remainders
        // equal with weights 2 and 4 over 6 when sharing 3: 1, 2 exactly;
        // sharing 1 by 1 : 2 : 1 gives the middle its largest fraction.
        let e = explain(1, &[1, 2, 1]).unwrap();
        assert_eq!(e[1].why, Why::LargestFraction);
        let e = explain(1, &[3, 1, 2]).unwrap();
        assert!(e[0].extra && e[0].why == Why::LargestFraction);
        // 3 by 1 : 2 : 3: fractions 3/6, 0, 3/6; the larger weight wins.
        let e = explain(3, &[1, 2, 3]).unwrap();
        assert_eq!(
            e.iter().map(Explained::share).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!((e[2].why, e[0].why), (Why::TieLargerWeight, Why::WholePart));
        // Capped: fixed at the cap, the rest shared among the others.
        let e = explain_capped(10, &[1, 1], &[2, 100]).unwrap();
        assert_eq!((e[0].why, e[0].share()), (Why::Capped, 2));
        assert_eq!(e[1].share(), 8);
    }

    #[test]
    fn tie_rules() {
        assert_eq!(apportion(1, &[1, 1]), Some(vec![1, 0]));
        // Remainders 1, 2, 1 (over 4): the middle one is largest.
        assert_eq!(apportion(1, &[1, 2, 1]), Some(vec![0, 1, 0]));
        assert_eq!(apportion(2, &[3, 3, 3]), Some(vec![1, 1, 0]));
        assert_eq!(apportion(2, &[1, 1, 1, 1, 1]), Some(vec![1, 1, 0, 0, 0]));
    }

    #[test]
    fn equal_remainders_larger_weight_wins() {
        // total 1, weights [1, 3] (W = 4): quotas 1/4 and 3/4, remainders
        // 1 and 3 — not a tie. Use total 2, weights [1, 3, 4] (W = 8):
        // quotas 2/8, 6/8, 8/8 -> floors 0, 0, 1; remainders 2, 6, 0.
        assert_eq!(apportion(2, &[1, 3, 4]), Some(vec![0, 1, 1]));
        // A real tie of remainders with different weights: total 3,
        // weights [1, 5] (W = 6): quotas 3/6 = 0.5 and 15/6 = 2.5, both
        // remainders 3 over 6. The larger weight (second) wins.
        assert_eq!(apportion(3, &[1, 5]), Some(vec![0, 3]));
        assert_eq!(apportion(3, &[5, 1]), Some(vec![3, 0]));
        // Same again with three items: total 5, weights [1, 3, 1, 5]
        // (W = 10): quotas 0.5, 1.5, 0.5, 2.5; floors 0, 1, 0, 2 (sum 3),
        // two extra tonnes, all remainders equal: weights 5 then 3 win.
        assert_eq!(apportion(5, &[1, 3, 1, 5]), Some(vec![0, 2, 0, 3]));
        // Equal weights and equal remainders: earlier position wins.
        assert_eq!(apportion(5, &[1, 3, 3, 3]), Some(vec![0, 2, 2, 1]));
    }

    #[test]
    fn exact_division_and_zero_weights() {
        assert_eq!(apportion(10, &[1, 2, 2]), Some(vec![2, 4, 4]));
        assert_eq!(apportion(10, &[0, 1, 0]), Some(vec![0, 10, 0]));
        assert_eq!(apportion(7, &[0, 0, 0]), Some(vec![3, 2, 2]));
        assert_eq!(apportion(2, &[0, 0, 0]), Some(vec![1, 1, 0]));
        assert_eq!(apportion(5, &[0]), Some(vec![5]));
    }

    #[test]
    fn empty_and_zero_total() {
        assert_eq!(apportion(0, &[]), Some(vec![]));
        assert_eq!(apportion(1, &[]), None);
        assert_eq!(apportion(0, &[3, 0, 5]), Some(vec![0, 0, 0]));
        assert_eq!(apportion(0, &[0, 0]), Some(vec![0, 0]));
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let max = u64::MAX;
        assert_eq!(
            apportion(max, &[max, max]),
            Some(vec![max / 2 + 1, max / 2])
        );
        assert_eq!(apportion(max, &[max]), Some(vec![max]));
        assert_eq!(apportion(max, &[1, max]), Some(vec![1, max - 1]));
        let shares = apportion(max, &[max, max, max, 1, 0]).unwrap();
        assert_eq!(sum(&shares), u128::from(max));
        assert_eq!(shares[4], 0);
        let m = 1_000_000_000_000_000;
        assert_eq!(
            apportion(m, &[1, 1, 1]).unwrap(),
            vec![
                333_333_333_333_334,
                333_333_333_333_333,
                333_333_333_333_333
            ]
        );
        assert_eq!(apportion(m, &[m, 3 * m]), Some(vec![m / 4, 3 * m / 4]));
    }

    #[test]
    fn realistic_example() {
        // 69,250 t over three provinces by last year's output.
        let shares = apportion(69_250, &[40_000, 20_000, 9_312]).unwrap();
        assert_eq!(shares, vec![39_964, 19_982, 9_304]);
        assert_eq!(sum(&shares), 69_250);
    }

    #[test]
    fn a_million_items() {
        let weights: Vec<u64> = (0..1_000_000u64).map(|i| i % 7 + 1).collect();
        let total = 123_456_789;
        let shares = apportion(total, &weights).unwrap();
        assert_eq!(sum(&shares), u128::from(total));
        let capped = apportion_capped(total, &weights, &vec![130; weights.len()]).unwrap();
        assert_eq!(sum(&capped), u128::from(total));
        assert!(capped.iter().all(|&s| s <= 130));
    }

    #[test]
    fn capped_examples() {
        // Uncapped would be [5, 3, 2]; the first is held at 3 and the other
        // 7 are shared 3 : 2 -> 4.2, 2.8 -> [3, 4, 3].
        assert_eq!(apportion(10, &[5, 3, 2]), Some(vec![5, 3, 2]));
        assert_eq!(
            apportion_capped(10, &[5, 3, 2], &[3, 10, 10]),
            Some(vec![3, 4, 3])
        );
        // Caps that do not bind change nothing.
        assert_eq!(
            apportion_capped(10, &[5, 3, 2], &[5, 3, 2]),
            Some(vec![5, 3, 2])
        );
        // A cascade: holding the first at its cap pushes the second over.
        assert_eq!(
            apportion_capped(100, &[50, 30, 20], &[10, 40, 100]),
            Some(vec![10, 40, 50])
        );
        // Cap 0 never receives anything, even with a large weight.
        assert_eq!(
            apportion_capped(9, &[100, 1, 2], &[0, 9, 9]),
            Some(vec![0, 3, 6])
        );
        // Caps exactly enough.
        assert_eq!(
            apportion_capped(6, &[1, 1, 1], &[1, 2, 3]),
            Some(vec![1, 2, 3])
        );
    }

    #[test]
    fn capped_zero_weights_share_equally() {
        assert_eq!(
            apportion_capped(7, &[0, 0, 0], &[1, 10, 10]),
            Some(vec![1, 3, 3])
        );
        assert_eq!(
            apportion_capped(7, &[0, 0, 0], &[0, 10, 10]),
            Some(vec![0, 4, 3])
        );
        // Weighted items fill up first; the rest is shared equally among the
        // zero-weight items that still have room.
        assert_eq!(
            apportion_capped(10, &[1, 0, 0, 0], &[4, 0, 3, 5]),
            Some(vec![4, 0, 3, 3])
        );
        assert_eq!(
            apportion_capped(9, &[1, 0, 0, 0], &[4, 0, 3, 5]),
            Some(vec![4, 0, 3, 2])
        );
    }

    #[test]
    fn capped_none_cases() {
        assert_eq!(apportion_capped(10, &[1, 1], &[4, 5]), None);
        assert_eq!(apportion_capped(1, &[1, 1], &[1]), None);
        assert_eq!(apportion_capped(0, &[1, 1], &[1]), None);
        assert_eq!(apportion_capped(1, &[], &[]), None);
        assert_eq!(apportion_capped(0, &[], &[]), Some(vec![]));
        assert_eq!(apportion_capped(0, &[1, 2], &[0, 0]), Some(vec![0, 0]));
    }

    #[test]
    fn capped_huge_values() {
        let max = u64::MAX;
        assert_eq!(
            apportion_capped(max, &[max, max], &[max, max]),
            Some(vec![max / 2 + 1, max / 2])
        );
        assert_eq!(
            apportion_capped(max, &[max, 1], &[1, max]),
            Some(vec![1, max - 1])
        );
        assert_eq!(
            apportion_capped(max, &[1, 1], &[max, 0]),
            Some(vec![max, 0])
        );
    }

    /// Step-by-step reference for the capping rule, straight from the doc:
    /// recompute exact shares each round, fix the ones over their cap.
    fn capped_reference(total: u64, weights: &[u64], caps: &[u64]) -> Option<Vec<u64>> {
        if weights.len() != caps.len() || sum(caps) < u128::from(total) {
            return None;
        }
        if weights.is_empty() {
            return (total == 0).then(Vec::new);
        }
        let n = weights.len();
        let mut shares = vec![0u64; n];
        let mut active: Vec<usize> = (0..n).collect();
        let mut left = total;
        let mut use_ones = false;
        loop {
            let w = |i: usize| if use_ones { 1 } else { weights[i] };
            let wsum: u128 = active.iter().map(|&i| u128::from(w(i))).sum();
            if wsum == 0 {
                if left > 0 && !use_ones {
                    use_ones = true;
                    continue;
                }
                break;
            }
            let over: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&i| {
                    u128::from(caps[i])
                        .checked_mul(wsum)
                        .is_some_and(|c| c < u128::from(left) * u128::from(w(i)))
                })
                .collect();
            if over.is_empty() {
                break;
            }
            for &i in &over {
                shares[i] = caps[i];
                left -= caps[i];
            }
            active.retain(|i| !over.contains(i));
        }
        let ws: Vec<u64> = active
            .iter()
            .map(|&i| if use_ones { 1 } else { weights[i] })
            .collect();
        for (&i, s) in active.iter().zip(apportion(left, &ws)?) {
            shares[i] = s;
        }
        Some(shares)
    }

    fn weights_strategy() -> impl Strategy<Value = Vec<u64>> {
        prop_oneof![
            prop::collection::vec(0u64..10, 0..12),
            prop::collection::vec(0u64..1_000_000, 1..40),
            prop::collection::vec(any::<u64>(), 1..8),
        ]
    }

    fn total_strategy() -> impl Strategy<Value = u64> {
        prop_oneof![0u64..100, 0u64..=1_000_000_000_000_000, any::<u64>()]
    }

    proptest! {
        #[test]
        fn the_explanation_recomputes_the_shares(
            total in total_strategy(),
            weights in weights_strategy(),
        ) {
            let shares = apportion(total, &weights);
            let explained = explain(total, &weights);
            prop_assert_eq!(shares.is_none(), explained.is_none());
            let (Some(shares), Some(explained)) = (shares, explained) else {
                return Ok(());
            };
            let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
            for (i, (e, &s)) in explained.iter().zip(&shares).enumerate() {
                // The exact fraction is total × weight ÷ Σ weights, reduced.
                let w = if sum == 0 { 1 } else { weights[i] };
                let den = if sum == 0 { weights.len() as u128 } else { sum };
                prop_assert_eq!(den % e.share_den, 0);
                prop_assert_eq!(e.share_num * (den / e.share_den), u128::from(total) * u128::from(w));
                prop_assert_eq!(u128::from(e.base), e.share_num / e.share_den);
                prop_assert_eq!(e.share(), s);
                prop_assert_eq!(e.extra, e.why != Why::WholePart);
            }
            // Leftover units: exactly the shortfall of the whole parts.
            let bases: u128 = explained.iter().map(|e| u128::from(e.base)).sum();
            let extras = explained.iter().filter(|e| e.extra).count() as u128;
            prop_assert_eq!(bases + extras, u128::from(total));
        }

        #[test]
        fn capped_explanations_recompute_the_shares(
            total in 0u64..2_000,
            weights in prop::collection::vec(0u64..50, 1..12),
            caps in prop::collection::vec(0u64..400, 12),
        ) {
            let caps = &caps[..weights.len()];
            let shares = apportion_capped(total, &weights, caps);
            let explained = explain_capped(total, &weights, caps);
            prop_assert_eq!(shares.is_none(), explained.is_none());
            if let (Some(shares), Some(explained)) = (shares, explained) {
                let got: Vec<u64> = explained.iter().map(Explained::share).collect();
                prop_assert_eq!(got, shares);
            }
        }

        #[test]
        fn sums_to_total(total in total_strategy(), weights in weights_strategy()) {
            match apportion(total, &weights) {
                Some(shares) => {
                    prop_assert_eq!(shares.len(), weights.len());
                    prop_assert_eq!(sum(&shares), u128::from(total));
                }
                None => prop_assert!(weights.is_empty() && total > 0),
            }
        }

        #[test]
        fn each_share_is_floor_or_ceil(
            total in total_strategy(),
            weights in prop::collection::vec(1u64..=u64::MAX, 1..30),
        ) {
            let shares = apportion(total, &weights).unwrap();
            let wsum = sum(&weights);
            for (&s, &w) in shares.iter().zip(&weights) {
                let product = u128::from(total) * u128::from(w);
                let floor = product / wsum;
                let ceil = floor + u128::from(product % wsum != 0);
                prop_assert!(u128::from(s) == floor || u128::from(s) == ceil);
            }
        }

        #[test]
        fn remainder_order_respected(
            total in 0u64..1000,
            weights in prop::collection::vec(0u64..20, 1..15),
        ) {
            // Any item that got its ceiling ranks ahead of any item with a
            // non-zero remainder that did not.
            prop_assume!(weights.iter().any(|&w| w > 0));
            let shares = apportion(total, &weights).unwrap();
            let wsum = sum(&weights);
            let key = |i: usize| {
                let p = u128::from(total) * u128::from(weights[i]);
                (Reverse(p % wsum), Reverse(weights[i]), i)
            };
            let got_extra = |i: usize| {
                u128::from(shares[i]) * wsum > u128::from(total) * u128::from(weights[i])
            };
            let n = weights.len();
            let extra: Vec<usize> = (0..n).filter(|&i| got_extra(i)).collect();
            let missed: Vec<usize> = (0..n)
                .filter(|&i| !got_extra(i) && u128::from(total) * u128::from(weights[i]) % wsum != 0)
                .collect();
            for &a in &extra {
                for &b in &missed {
                    prop_assert!(key(a) < key(b), "{a} got an extra tonne before {b}");
                }
            }
        }

        #[test]
        fn deterministic(total in total_strategy(), weights in weights_strategy()) {
            prop_assert_eq!(apportion(total, &weights), apportion(total, &weights));
        }

        #[test]
        fn zero_weight_gets_zero(total in total_strategy(), weights in weights_strategy()) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let shares = apportion(total, &weights).unwrap();
            for (&s, &w) in shares.iter().zip(&weights) {
                if w == 0 {
                    prop_assert_eq!(s, 0);
                }
            }
        }

        #[test]
        fn all_zero_weights_share_equally(total in total_strategy(), n in 1usize..20) {
            let shares = apportion(total, &vec![0; n]).unwrap();
            let n64 = n as u64;
            let extra = usize::try_from(total % n64).unwrap();
            for (i, &s) in shares.iter().enumerate() {
                prop_assert_eq!(s, total / n64 + u64::from(i < extra));
            }
        }

        #[test]
        fn scaling_weights_changes_nothing(
            total in 0u64..1_000_000,
            weights in prop::collection::vec(0u64..1000, 1..20),
            k in 1u64..1000,
        ) {
            let scaled: Vec<u64> = weights.iter().map(|&w| w * k).collect();
            prop_assert_eq!(apportion(total, &weights), apportion(total, &scaled));
        }

        #[test]
        fn capped_respects_caps(
            total in total_strategy(),
            pairs in prop::collection::vec((any::<u64>(), any::<u64>()), 0..12),
        ) {
            let (weights, caps): (Vec<u64>, Vec<u64>) = pairs.into_iter().unzip();
            check_capped(total, &weights, &caps)?;
        }

        #[test]
        fn capped_small_values(
            total in 0u64..200,
            pairs in prop::collection::vec((0u64..6, 0u64..30), 0..12),
        ) {
            let (weights, caps): (Vec<u64>, Vec<u64>) = pairs.into_iter().unzip();
            check_capped(total, &weights, &caps)?;
        }

        #[test]
        fn capped_with_loose_caps_equals_uncapped(
            total in total_strategy(),
            weights in weights_strategy(),
        ) {
            let caps = vec![total; weights.len()];
            let expected = if weights.is_empty() && total > 0 {
                None
            } else {
                apportion(total, &weights)
            };
            prop_assert_eq!(apportion_capped(total, &weights, &caps), expected);
        }

        #[test]
        fn capped_length_mismatch(total in 0u64..10, w in weights_strategy(), extra in 1usize..3) {
            let caps = vec![u64::MAX; w.len() + extra];
            prop_assert_eq!(apportion_capped(total, &w, &caps), None);
        }
    }

    fn check_capped(total: u64, weights: &[u64], caps: &[u64]) -> Result<(), TestCaseError> {
        let result = apportion_capped(total, weights, caps);
        prop_assert_eq!(&result, &capped_reference(total, weights, caps));
        if sum(caps) < u128::from(total) {
            prop_assert_eq!(result, None);
            return Ok(());
        }
        let Some(shares) = result else {
            prop_assert!(weights.is_empty() && total > 0);
            return Ok(());
        };
        prop_assert_eq!(shares.len(), weights.len());
        prop_assert_eq!(sum(&shares), u128::from(total));
        for (&s, &c) in shares.iter().zip(caps) {
            prop_assert!(s <= c);
        }
        // Deterministic.
        prop_assert_eq!(Some(shares), apportion_capped(total, weights, caps));
        Ok(())
    }
}
