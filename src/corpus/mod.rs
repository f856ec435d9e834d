//! The texts the character-level labs learn from: the Tang quatrains built
//! at build time (fetched once and shared by every lab that trains on them)
//! or the learner's own text, as ids over a vocabulary made on the spot.

pub mod acrostic;
pub mod chars;
pub mod library;

pub use chars::{Corpus, MAX_CHARS, MIN_CHARS_FOR_VALIDATION, RARE};
pub use library::{Library, TANG_ASSET, TextSource};
