//! Ids, GUIDs and checksums, hashed so that they stay the same from one export to the next.

use sha1::{Digest, Sha1};

#[cfg(test)]
use crate::html;

/// A positive id below 2^53 (safe in Anki's JavaScript), hashed from `seed`, far from the
/// small ids Anki uses (1 = Default deck) and from millisecond timestamps.
pub(crate) fn stable_id(seed: &str) -> i64 {
    let d = Sha1::digest(seed.as_bytes());
    let v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    // 2^41 + (v mod 2^51) < 2^53 always fits an i64.
    ((1u64 << 41) + (v % (1u64 << 51))) as i64
}

/// A GUID hashed from the paper key and the note type name: 11 base-62 characters.
#[cfg(test)]
pub(super) fn guid(key: &str, notetype: &str) -> String {
    let mut buf = [0u8; 11];
    guid_into(key, notetype, &mut buf).to_string()
}

/// [`guid`] into `buf`, without allocating.
pub(super) fn guid_into<'b>(key: &str, notetype: &str, buf: &'b mut [u8; 11]) -> &'b str {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // The SHA-1 of `papercat\x1f{notetype}\x1f{key}`.
    let mut h = Sha1::new();
    h.update(b"papercat\x1f");
    h.update(notetype.as_bytes());
    h.update(b"\x1f");
    h.update(key.as_bytes());
    let d = h.finalize();
    let mut v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    for slot in buf.iter_mut().rev() {
        *slot = DIGITS[(v % 62) as usize];
        v /= 62;
    }
    std::str::from_utf8(buf).unwrap_or_default()
}

/// Anki's field checksum: the first 8 hex digits of the SHA-1 of the stripped field.
#[cfg(test)]
pub(super) fn checksum(field: &str) -> i64 {
    checksum_of_stripped(&html::strip(field))
}

/// [`checksum`] of a field already stripped with [`crate::html::strip`].
pub(crate) fn checksum_of_stripped(stripped: &str) -> i64 {
    let d = Sha1::digest(stripped.as_bytes());
    i64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}
