//! From UTF-8 byte offsets (what tokenizers report) to UTF-16 offsets (what
//! the page indexes strings by), and honest display of partial characters.

/// Maps byte offsets of one string to UTF-16 offsets.
///
/// A byte offset inside a multi-byte character maps to that character's
/// start ([`Self::start`]) or end ([`Self::end`]), so a token holding part of
/// a character is drawn over the whole character.
pub struct SpanMap {
    /// For each char: (byte start, UTF-16 start); plus a final sentinel.
    bounds: Vec<(usize, u32)>,
}

impl SpanMap {
    /// Index `text`'s character boundaries.
    pub fn new(text: &str) -> Self {
        let mut bounds = Vec::with_capacity(text.len() + 1);
        let mut utf16 = 0u32;
        for (byte, ch) in text.char_indices() {
            bounds.push((byte, utf16));
            utf16 += ch.len_utf16() as u32;
        }
        bounds.push((text.len(), utf16));
        Self { bounds }
    }

    /// UTF-16 offset of the character containing byte `byte` (its start).
    pub fn start(&self, byte: usize) -> u32 {
        let i = self.bounds.partition_point(|&(b, _)| b <= byte);
        self.bounds[i.saturating_sub(1)].1
    }

    /// UTF-16 offset just past the character containing byte `byte - 1`.
    pub fn end(&self, byte: usize) -> u32 {
        let i = self.bounds.partition_point(|&(b, _)| b < byte);
        self.bounds[i.min(self.bounds.len() - 1)].1
    }
}

/// The text of a byte sequence: valid UTF-8 as itself, every byte that is not
/// part of a whole character as `<XX>` hex, runs of them grouped: `<E4 B8>`.
pub fn display_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = err.error_len().unwrap_or(after.len());
                let hex: Vec<String> = after[..bad].iter().map(|b| format!("{b:02X}")).collect();
                // Merge with a directly preceding group of hex bytes.
                if out.ends_with('>') && valid.is_empty() {
                    out.pop();
                    out.push(' ');
                } else {
                    out.push('<');
                }
                out.push_str(&hex.join(" "));
                out.push('>');
                rest = &after[bad..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_bytes_to_utf16_through_multibyte_chars() {
        // "a" (1 byte), "中" (3 bytes, 1 unit), "😀" (4 bytes, 2 units), "b".
        let map = SpanMap::new("a中😀b");
        assert_eq!(map.start(0), 0);
        assert_eq!(map.start(1), 1);
        assert_eq!(map.start(2), 1, "inside 中 maps to its start");
        assert_eq!(map.end(2), 2, "ending inside 中 covers all of it");
        assert_eq!(map.start(4), 2);
        assert_eq!(map.end(8), 4);
        assert_eq!(map.start(8), 4);
        assert_eq!(map.end(9), 5);
    }

    #[test]
    fn shows_partial_characters_as_hex() {
        assert_eq!(display_bytes("中".as_bytes()), "中");
        assert_eq!(display_bytes(&[0xE4, 0xB8]), "<E4 B8>");
        assert_eq!(display_bytes(&[b'a', 0xE4, 0xB8]), "a<E4 B8>");
        assert_eq!(display_bytes(&[0xAD, b'x']), "<AD>x");
        assert_eq!(display_bytes(&[0xF0, 0x9F, 0x98]), "<F0 9F 98>");
    }
}
