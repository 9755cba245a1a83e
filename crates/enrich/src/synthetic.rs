//! A synthetic arXiv snapshot for benchmarks and streaming tests.
//!
//! [`SyntheticSnapshot`] is a [`Read`] that generates JSON lines shaped like the real
//! snapshot's, lazily (nothing is held but the current line). The ids are valid new-style ids
//! whose number part starts at 60000, above any number arXiv has issued in a month so far, so
//! they never collide with a real paper's id; the titles contain the record number, so they
//! never equal a real title either.
//!
//! ```
//! use std::io::Read;
//! let mut text = String::new();
//! papercat_enrich::synthetic::SyntheticSnapshot::new(0, 2).read_to_string(&mut text).unwrap();
//! assert_eq!(text.lines().count(), 2);
//! assert!(text.starts_with("{\"id\":\"1501.60000\""));
//! ```

use std::io::{self, Read, Write};

const NUMBERS_PER_MONTH: u64 = 40_000;

const WORDS: &[&str] = &[
    "sparse",
    "retrieval",
    "attention",
    "alignment",
    "reasoning",
    "diffusion",
    "agents",
    "quantization",
    "adapters",
    "benchmarks",
    "distillation",
    "tokenization",
    "multimodal",
    "instruction",
    "preference",
    "scaling",
    "memory",
    "graphs",
    "speech",
    "vision",
];

const CATEGORIES: &[&str] = &["cs.CL", "cs.LG", "cs.CV", "cs.AI", "cs.IR", "stat.ML"];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The arXiv id of synthetic record `i` (distinct for the first 40.8 million records).
pub fn id(i: u64) -> String {
    let month_index = i / NUMBERS_PER_MONTH;
    let yy = 15 + month_index / 12;
    let mm = month_index % 12 + 1;
    let num = 60_000 + i % NUMBERS_PER_MONTH;
    format!("{yy:02}{mm:02}.{num:05}")
}

/// A cheap deterministic mix of `i` (splitmix64).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Append synthetic record `i` as one JSON line (newline included) to `out`.
pub fn write_line(i: u64, out: &mut Vec<u8>) {
    let h = mix(i);
    let w = |k: u64| WORDS[((h >> (k * 5)) % WORDS.len() as u64) as usize];
    let id = id(i);
    let month_index = i / NUMBERS_PER_MONTH;
    let year = 2015 + month_index / 12;
    let month = MONTHS[(month_index % 12) as usize];
    let day = 1 + h % 28;
    let cat1 = CATEGORIES[(h % CATEGORIES.len() as u64) as usize];
    let cat2 = CATEGORIES[((h >> 8) % CATEGORIES.len() as u64) as usize];
    let (doi, journal) = if i % 10 == 3 {
        (
            format!("\"10.5555/synthetic.{i}\""),
            format!("\"Journal of Synthetic Results {} ({year})\"", 1 + h % 40),
        )
    } else {
        ("null".to_string(), "null".to_string())
    };
    let _ = write!(
        out,
        concat!(
            "{{\"id\":\"{id}\",\"submitter\":\"Author {a}\",",
            "\"authors\":\"Ada {a}, Ben {b} and Cy {c}\",",
            "\"title\":\"Synthetic study {i} of {w0} {w1}\\n  for {w2}\",",
            "\"comments\":\"{pages} pages\",\"journal-ref\":{journal},\"doi\":{doi},",
            "\"report-no\":null,\"categories\":\"{cat1} {cat2}\",",
            "\"license\":\"http://creativecommons.org/licenses/by/4.0/\",",
            "\"abstract\":\"  We study {w0} {w1} for {w2}. This synthetic abstract exists to give ",
            "the line the length of a real one, with an escaped \\\"quote\\\" and a\\nnewline. ",
            "Results on {w3} and {w4} follow.\\n\",",
            "\"versions\":[{{\"version\":\"v1\",\"created\":\"Mon, {day} {month} {year} 12:00:00 GMT\"}}],",
            "\"update_date\":\"{year}-01-01\",",
            "\"authors_parsed\":[[\"{a}\",\"Ada\",\"\"],[\"{b}\",\"Ben\",\"\"],[\"{c}\",\"Cy\",\"\"]]}}\n"
        ),
        id = id,
        a = h % 997,
        b = (h >> 10) % 997,
        c = (h >> 20) % 997,
        i = i,
        w0 = w(0),
        w1 = w(1),
        w2 = w(2),
        w3 = w(3),
        w4 = w(4),
        pages = 4 + h % 30,
        journal = journal,
        doi = doi,
        cat1 = cat1,
        cat2 = cat2,
        day = day,
        month = month,
        year = year,
    );
}

/// A lazily generated snapshot of records `start..start + count`.
#[derive(Debug, Clone)]
pub struct SyntheticSnapshot {
    next: u64,
    end: u64,
    line: Vec<u8>,
    pos: usize,
}

impl SyntheticSnapshot {
    /// Records `start..start + count`.
    pub fn new(start: u64, count: u64) -> Self {
        SyntheticSnapshot {
            next: start,
            end: start.saturating_add(count),
            line: Vec::with_capacity(1024),
            pos: 0,
        }
    }
}

impl Read for SyntheticSnapshot {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.line.len() {
            if self.next >= self.end {
                return Ok(0);
            }
            self.line.clear();
            self.pos = 0;
            write_line(self.next, &mut self.line);
            self.next += 1;
        }
        let n = buf.len().min(self.line.len() - self.pos);
        buf[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Write a snapshot of `n` records to `out`.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write_snapshot<W: Write>(mut out: W, n: u64) -> io::Result<()> {
    io::copy(&mut SyntheticSnapshot::new(0, n), &mut out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_valid_json_with_valid_distinct_ids() {
        let mut text = String::new();
        SyntheticSnapshot::new(39_998, 4)
            .read_to_string(&mut text)
            .unwrap();
        let ids: Vec<String> = text
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["id"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(
            ids,
            vec!["1501.99998", "1501.99999", "1502.60000", "1502.60001"]
        );
        for id in &ids {
            assert!(crate::record::valid_arxiv(id).is_some(), "{id}");
        }
        assert_eq!(id(40_800_000 - 1), "9912.99999");
    }
}
