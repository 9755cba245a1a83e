//! Byte offsets to line and column, for every position the reader reports.

/// Maps byte offsets to 1-based line and column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Offsets of line starts; `u64` keeps inputs over 4 GiB correct at a small cost.
    starts: Vec<u64>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 48 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u64 + 1));
        LineIndex { text, starts }
    }

    /// 1-based (line, column in characters).
    pub(crate) fn pos(&self, offset: usize) -> (u32, u32) {
        thread_local! {
            /// The line (0-based) of this thread's last lookup: lookups mostly move forward
            /// a little, so a search starting there is short.
            static HINT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let offset = offset.min(self.text.len());
        let key = offset as u64;
        let starts = &self.starts;
        let hint = HINT.with(std::cell::Cell::get);
        let line = match starts.get(hint) {
            Some(&s) if s <= key => {
                // Gallop forward from the hint, then search the last step.
                let (mut lo, mut step) = (hint, 1);
                while starts.get(lo + step).is_some_and(|&s| s <= key) {
                    lo += step;
                    step *= 2;
                }
                let hi = (lo + step).min(starts.len());
                lo + starts[lo..hi].partition_point(|s| *s <= key)
            }
            _ => starts.partition_point(|s| *s <= key),
        }
        .max(1);
        HINT.with(|h| h.set(line - 1));
        let start = self.starts[line - 1] as usize;
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32, col as u32 + 1)
    }
}
