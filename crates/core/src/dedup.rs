//! Order-keeping de-duplication in linear time. The lists are short in real catalogues (a
//! paper's links and fields, an entry's URLs, a line of institutions), but hostile input can
//! make any of them hundreds of thousands long, where comparing each item with all earlier
//! ones would take minutes.

use std::hash::{BuildHasher, Hash};

/// Hash map with a fast, fixed-seed hasher: the keys are our own normalised strings.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Up to this many items, comparing each with the earlier ones beats hashing.
pub(crate) const SMALL: usize = 16;

/// The fixed-seed hash the de-duplication uses.
pub(crate) fn hash<H: Hash + ?Sized>(x: &H) -> u64 {
    foldhash::fast::FixedState::default().hash_one(x)
}

/// Remove every item equal (by `same`) to an earlier one, keeping the order; `hash` must
/// give equal items equal hashes.
pub(crate) fn keep_first<T>(
    v: &mut Vec<T>,
    hash: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
) {
    if v.len() <= SMALL {
        let mut i = 1;
        while i < v.len() {
            if v[..i].iter().any(|e| same(e, &v[i])) {
                v.remove(i);
            } else {
                i += 1;
            }
        }
        return;
    }
    // Indices of the items kept so far, by hash.
    let mut kept: FastMap<u64, Vec<usize>> =
        FastMap::with_capacity_and_hasher(v.len(), Default::default());
    let keep: Vec<bool> = (0..v.len())
        .map(|i| {
            let bucket = kept.entry(hash(&v[i])).or_default();
            if bucket.iter().any(|&k| same(&v[k], &v[i])) {
                false
            } else {
                bucket.push(i);
                true
            }
        })
        .collect();
    drop(kept);
    let mut keep = keep.into_iter();
    v.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(v: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for x in v {
            if !out.contains(x) {
                out.push(*x);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn keeps_the_first_of_each_in_order(v in proptest::collection::vec(0u32..40, 0..200)) {
            let mut got = v.clone();
            // A weak hash (many collisions) must not change the result.
            keep_first(&mut got, |x| u64::from(*x % 3), |a, b| a == b);
            proptest::prop_assert_eq!(got, naive(&v));
        }
    }

    #[test]
    fn long_lists_take_linear_time() {
        let mut v: Vec<u32> = (0..400_000).map(|i| i % 200_000).collect();
        keep_first(&mut v, hash, |a, b| a == b);
        assert_eq!(v, (0..200_000).collect::<Vec<_>>());
    }
}
