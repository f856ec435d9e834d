//! What word2vec reads: the text cut into sentences of tokens, characters
//! or words. Windows never cross a sentence (a line: one Tang poem, or one
//! line of the learner's text), and punctuation and spaces are not tokens,
//! so a window holds only the neighbours that carry meaning.

use serde::{Deserialize, Serialize};

use crate::tokenize::segment::Segmenter;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TokenUnit {
    /// One character (for Chinese, the unit the Tang poems are written in).
    Chars,
    /// One word as jieba cuts it (English words come out whole, lower-cased).
    Words,
}

/// Whether `token` carries meaning: it has a letter or a digit.
fn meaningful(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// `text` as sentences of tokens: one sentence per non-empty line, cut by
/// characters, or by `segmenter` into words.
pub fn sentences(text: &str, unit: TokenUnit, segmenter: Option<&Segmenter>) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| match (unit, segmenter) {
            (TokenUnit::Words, Some(segmenter)) => segmenter
                .tokenize(line, false)
                .tokens
                .into_iter()
                .map(|t| t.text.to_lowercase())
                .filter(|t| meaningful(t))
                .collect(),
            // Without a segmenter, words are what spaces and punctuation separate.
            (TokenUnit::Words, None) => line
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(|w| w.trim_matches('\'').to_lowercase())
                .filter(|t| meaningful(t))
                .collect(),
            (TokenUnit::Chars, _) => line
                .chars()
                .filter(|c| c.is_alphanumeric())
                .map(|c| c.to_lowercase().collect())
                .collect(),
        })
        .filter(|s: &Vec<String>| s.len() > 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_drop_punctuation_and_lines_are_sentences() {
        let s = sentences(
            "床前明月光，疑是地上霜。\n\nA b!\n一",
            TokenUnit::Chars,
            None,
        );
        assert_eq!(
            s.len(),
            2,
            "an empty line and a one-token line are no sentences"
        );
        assert_eq!(s[0].concat(), "床前明月光疑是地上霜");
        assert_eq!(s[1], ["a", "b"]);
    }

    #[test]
    fn words_without_a_segmenter_split_on_spaces_and_punctuation() {
        let s = sentences("The bank's river bank, (again).", TokenUnit::Words, None);
        assert_eq!(s, [["the", "bank's", "river", "bank", "again"]]);
    }
}
