//! The two baselines every tokenizer is measured against: one token per
//! Unicode character, and one token per UTF-8 byte.

use super::span::{SpanMap, display_bytes};
use super::{Token, Tokenization};

/// One token per Unicode scalar value; the id is the code point.
pub fn chars(text: &str) -> Tokenization {
    let mut utf16 = 0u32;
    let tokens = text
        .chars()
        .map(|ch| {
            let start = utf16;
            utf16 += ch.len_utf16() as u32;
            let mut buf = [0u8; 4];
            Token {
                id: Some(ch as u32),
                text: ch.to_string(),
                bytes: ch.encode_utf8(&mut buf).as_bytes().to_vec(),
                start,
                end: utf16,
                special: false,
            }
        })
        .collect();
    Tokenization::new(text, tokens)
}

/// One token per UTF-8 byte; the id is the byte's value.
pub fn bytes(text: &str) -> Tokenization {
    let map = SpanMap::new(text);
    let tokens = text
        .bytes()
        .enumerate()
        .map(|(i, b)| Token {
            id: Some(b as u32),
            text: display_bytes(&[b]),
            bytes: vec![b],
            start: map.start(i),
            end: map.end(i + 1),
            special: false,
        })
        .collect();
    Tokenization::new(text, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_count_scalar_values_and_span_utf16() {
        let t = chars("a中😀");
        assert_eq!(t.tokens.len(), 3);
        assert_eq!((t.tokens[2].start, t.tokens[2].end), (2, 4));
        assert_eq!(t.ids(), vec![0x61, 0x4E2D, 0x1F600]);
        assert_eq!((t.chars, t.bytes), (3, 8));
    }

    #[test]
    fn bytes_show_each_byte_and_cover_its_character() {
        let t = bytes("中");
        assert_eq!(t.tokens.len(), 3);
        assert_eq!(t.tokens[0].text, "<E4>");
        assert!(t.tokens.iter().all(|tok| (tok.start, tok.end) == (0, 1)));
    }
}
