//! A small order-preserving parallel map over owned items, on scoped threads.
//!
//! The catalogue work is split into as many contiguous runs as there are cores (at most
//! [`MAX_THREADS`]), each run mapped on its own thread, and the results concatenated in input
//! order, so the output (and the order of diagnostics) is exactly the serial one.

/// Below this many items the work runs on the calling thread.
const MIN_PARALLEL: usize = 2048;
/// Upper bound on threads, whatever the machine reports.
const MAX_THREADS: usize = 8;

pub(crate) fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(MAX_THREADS)
}

/// Map `f` over `items` in order; `f` also gets a diagnostics buffer, and the buffers are
/// appended to `diags` in input order. Each thread takes its items out of `items` and writes
/// its results into its own run of the output, so nothing is copied afterwards.
pub(crate) fn map<T, U, D, F>(mut items: Vec<T>, diags: &mut Vec<D>, f: F) -> Vec<U>
where
    T: Send + Default,
    U: Send + Default,
    D: Send,
    F: Fn(T, &mut Vec<D>) -> U + Sync,
{
    let n = threads();
    if n < 2 || items.len() < MIN_PARALLEL {
        return items.into_iter().map(|t| f(t, diags)).collect();
    }
    let len = items.len();
    let per = len.div_ceil(n);
    let mut out: Vec<U> = Vec::with_capacity(len);
    out.resize_with(len, U::default);
    let f = &f;
    let work = |ins: &mut [T], outs: &mut [U]| {
        let mut d = Vec::new();
        for (i, o) in ins.iter_mut().zip(outs.iter_mut()) {
            *o = f(std::mem::take(i), &mut d);
        }
        d
    };
    let work = &work;
    let found: Vec<Vec<D>> = std::thread::scope(|s| {
        let mut runs = items.chunks_mut(per).zip(out.chunks_mut(per));
        let first = runs.next();
        let handles: Vec<_> = runs.map(|(i, o)| s.spawn(move || work(i, o))).collect();
        // The first run stays on this thread: the memory its items free is reused here.
        let mut all = vec![first.map(|(i, o)| work(i, o)).unwrap_or_default()];
        all.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        all
    });
    for d in found {
        diags.extend(d);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_of_items_and_diagnostics() {
        for len in [0, 1, 100, 5000, 10_001] {
            let items: Vec<usize> = (0..len).collect();
            let mut diags = vec![usize::MAX];
            let out = super::map(items, &mut diags, |i, d| {
                if i % 7 == 0 {
                    d.push(i);
                }
                i * 2
            });
            assert_eq!(out, (0..len).map(|i| i * 2).collect::<Vec<_>>());
            let mut want = vec![usize::MAX];
            want.extend((0..len).filter(|i| i % 7 == 0));
            assert_eq!(diags, want);
        }
    }
}
