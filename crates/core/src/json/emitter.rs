//! The JSON printer of every JSON papercat writes (the JSON contract and the JSON-LD): into a
//! byte buffer handed to the output in large pieces, laid out exactly as serde_json's
//! `PrettyFormatter` (two-space indent, `": "` after keys) or its compact formatter lays out a
//! document whose maps keep their key order, and strings escaped exactly as serde_json escapes
//! them.

use std::io::Write;

/// Spill the buffer to the output once it holds this much.
const SPILL: usize = 1 << 16;

/// A JSON printer into a byte buffer (see the module docs). The caller writes the document
/// depth first: open a container, place each member with [`Emitter::key`] or element with
/// [`Emitter::element`] and write its value, close the container; [`Emitter::spill`] between
/// large values, [`Emitter::finish`] at the end.
///
/// ```
/// use papercat_core::json::{Container, Emitter};
///
/// let mut e = Emitter::new(true);
/// e.begin(Container::Object);
/// e.key("title");
/// e.str("say \"hi\"");
/// e.key("years");
/// e.begin(Container::Array);
/// e.element();
/// e.uint(2023u32);
/// e.end(Container::Array);
/// e.end(Container::Object);
/// let mut out = Vec::new();
/// e.finish(&mut out)?;
/// assert_eq!(out, b"{\n  \"title\": \"say \\\"hi\\\"\",\n  \"years\": [\n    2023\n  ]\n}\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Emitter {
    buf: Vec<u8>,
    pretty: bool,
    depth: usize,
    /// No value written yet in the innermost open container.
    first: bool,
}

/// What [`Emitter::begin`] opens and [`Emitter::end`] closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// `{...}`: members, each placed by [`Emitter::key`].
    Object,
    /// `[...]`: elements, each placed by [`Emitter::element`].
    Array,
}

impl Container {
    /// The opening and the closing bracket.
    #[inline]
    fn brackets(self) -> &'static [u8; 2] {
        match self {
            Container::Object => b"{}",
            Container::Array => b"[]",
        }
    }
}

/// Spaces for indentation, sliced per level.
const SPACES: &[u8; 64] = b"                                                                ";

impl Emitter {
    /// An empty document, pretty-printed or compact.
    pub fn new(pretty: bool) -> Self {
        Emitter {
            buf: Vec::with_capacity(SPILL + (SPILL >> 2)),
            pretty,
            depth: 0,
            first: true,
        }
    }

    /// Hands the buffer to `out` once it is large enough (call it between large values).
    ///
    /// # Errors
    /// When `out` fails.
    pub fn spill<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if self.buf.len() >= SPILL {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Ends the document with a newline and writes what is left to `out` (without flushing
    /// it); every container must be closed.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn finish<W: Write>(mut self, out: &mut W) -> std::io::Result<()> {
        debug_assert_eq!(self.depth, 0, "a container is left open");
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }

    fn indent(&mut self) {
        let mut n = self.depth * 2;
        while n > SPACES.len() {
            self.buf.extend_from_slice(SPACES);
            n -= SPACES.len();
        }
        self.buf.extend_from_slice(&SPACES[..n]);
    }

    /// Opens a container: an object's members follow, each placed by [`Emitter::key`], or an
    /// array's elements, each placed by [`Emitter::element`].
    #[inline]
    pub fn begin(&mut self, container: Container) {
        self.buf.push(container.brackets()[0]);
        self.depth += 1;
        self.first = true;
    }

    /// Closes the innermost container, which is a `container`; an empty one stays `{}` or `[]`.
    #[inline]
    pub fn end(&mut self, container: Container) {
        self.depth -= 1;
        if self.pretty && !self.first {
            self.buf.push(b'\n');
            self.indent();
        }
        self.buf.push(container.brackets()[1]);
        self.first = false;
    }

    /// Places the next element of the innermost array (or the next top-level value); the
    /// value follows.
    #[inline]
    pub fn element(&mut self) {
        if self.pretty {
            if self.first {
                self.buf.push(b'\n');
            } else {
                self.buf.extend_from_slice(b",\n");
            }
            self.indent();
        } else if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
    }

    /// Places the next member of the innermost object, `"k": `; its value follows. `k` is
    /// written as it is: a name of the schema that needs no escaping, never data.
    #[inline]
    pub fn key(&mut self, k: &str) {
        debug_assert!(
            !k.bytes().any(|b| ESCAPE[usize::from(b)] != 0),
            "key {k:?} needs escaping"
        );
        self.element();
        self.buf.push(b'"');
        self.buf.extend_from_slice(k.as_bytes());
        self.buf
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    /// `null`.
    #[inline]
    pub fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    /// `true` or `false`.
    #[inline]
    pub fn bool(&mut self, b: bool) {
        self.buf
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// A non-negative integer.
    pub fn uint(&mut self, n: impl Into<u64>) {
        push_decimal(&mut self.buf, n.into());
    }

    /// An integer.
    pub fn int(&mut self, n: impl Into<i64>) {
        push_int(&mut self.buf, n.into());
    }

    /// A string, or `null`.
    #[inline]
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// An array of strings.
    pub fn strs(&mut self, items: &[String]) {
        self.begin(Container::Array);
        for s in items {
            self.element();
            self.str(s);
        }
        self.end(Container::Array);
    }

    /// A string literal, escaped as serde_json escapes it.
    #[inline]
    pub fn str(&mut self, s: &str) {
        escape_into(&mut self.buf, s);
    }
}

/// What a byte becomes inside a JSON string: 0 for itself, else the letter after `\`
/// (`u` for `\u00XX`). The same table serde_json uses.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends the decimal digits of `n` (JSON, XML and the like write integers this way).
pub fn push_decimal(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        // n % 10 < 10: the cast cannot truncate.
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends `n` in decimal, with a `-` when it is negative.
pub fn push_int(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    push_decimal(buf, n.unsigned_abs());
}

/// Appends `s` to `buf` as a JSON string literal, quotes included, escaped exactly as
/// serde_json escapes it, in one pass over its bytes.
pub fn escape_into(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping (the common case).
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let esc = ESCAPE[usize::from(b)];
        if esc != 0 {
            buf.extend_from_slice(&bytes[start..i]);
            if esc == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xF)]);
            } else {
                buf.push(b'\\');
                buf.push(esc);
            }
            start = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// True when one of the eight bytes of `w` is a control character, `"` or `\\` (exact: the
/// classic "has a zero byte" and "has a byte less than n" tests, which never miss one).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (below_space | has_zero(w ^ (ONES * u64::from(b'"'))) | has_zero(w ^ (ONES * u64::from(b'\\'))))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(word: [u8; 8]) -> bool {
        word.iter().any(|&b| ESCAPE[usize::from(b)] != 0)
    }

    #[test]
    fn every_byte_in_every_place_is_checked() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    slow(word),
                    "{b} at {at}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn needs_escape_is_exact(word in any::<[u8; 8]>()) {
            prop_assert_eq!(needs_escape(u64::from_le_bytes(word)), slow(word));
        }

        #[test]
        fn strings_escape_like_serde_json(text in any::<String>()) {
            let mut out = Vec::new();
            escape_into(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }
    }
}
