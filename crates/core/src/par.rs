//! A small order-preserving parallel map over owned items, on scoped threads.
//!
//! The catalogue work is split into as many contiguous runs as there are cores (at most
//! [`MAX_THREADS`]), each run mapped on its own thread, and the results concatenated in input
//! order, so the output (and the order of diagnostics) is exactly the serial one.

/// Below this many items the work runs on the calling thread.
const MIN_PARALLEL: usize = 2048;
/// Upper bound on threads, whatever the machine reports.
const MAX_THREADS: usize = 8;

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(MAX_THREADS)
}

/// Map `f` over `items` in order; `f` also gets a diagnostics buffer, and the buffers are
/// appended to `diags` in input order.
pub(crate) fn map<T, U, D, F>(items: Vec<T>, diags: &mut Vec<D>, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    D: Send,
    F: Fn(T, &mut Vec<D>) -> U + Sync,
{
    let n = threads();
    if n < 2 || items.len() < MIN_PARALLEL {
        return items.into_iter().map(|t| f(t, diags)).collect();
    }
    let per = items.len().div_ceil(n);
    let mut runs: Vec<Vec<T>> = Vec::with_capacity(n);
    let mut rest = items;
    while rest.len() > per {
        let tail = rest.split_off(per);
        runs.push(rest);
        rest = tail;
    }
    runs.push(rest);
    let f = &f;
    let work = move |run: Vec<T>| {
        let mut d = Vec::new();
        let out: Vec<U> = run.into_iter().map(|t| f(t, &mut d)).collect();
        (out, d)
    };
    let mut runs = runs.into_iter();
    let first = runs.next().unwrap_or_default();
    let results: Vec<(Vec<U>, Vec<D>)> = std::thread::scope(|s| {
        let handles: Vec<_> = runs.map(|run| s.spawn(move || work(run))).collect();
        // The first run stays on this thread: the memory its items free is reused here.
        let mut all = vec![work(first)];
        all.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        all
    });
    let mut out = Vec::with_capacity(results.iter().map(|r| r.0.len()).sum());
    for (u, d) in results {
        out.extend(u);
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
