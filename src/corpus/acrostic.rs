//! The rules of an acrostic (藏头诗): the given characters start the lines,
//! one each, the model writes the rest of every line, the poem may not end
//! before its last given line, and it ends when that line does. A new line
//! starts after a line break or a line-ending mark (the Tang corpus ends
//! each five-character line with a comma or a full stop).

use std::collections::VecDeque;

/// A new line starts after these.
pub const LINE_ENDS: [char; 7] = ['\n', '，', '。', '！', '？', '；', '.'];

/// Where a sampler is in an acrostic.
#[derive(Debug, Clone)]
pub struct Acrostic {
    left: VecDeque<(char, u32)>,
    active: bool,
    at_line_start: bool,
}

impl Acrostic {
    /// An acrostic on `given` (character, id) pairs; none: no acrostic, and
    /// every method lets the sampler write freely.
    pub fn new(given: Vec<(char, u32)>) -> Self {
        Self {
            active: !given.is_empty(),
            left: given.into(),
            at_line_start: true,
        }
    }

    /// The character the next token must be, when a line starts and given
    /// characters are left (taking it).
    pub fn forced(&mut self) -> Option<(char, u32)> {
        if self.at_line_start {
            self.left.pop_front()
        } else {
            None
        }
    }

    /// Whether the poem may not end yet (given characters are left).
    pub fn blocks_the_end(&self) -> bool {
        !self.left.is_empty()
    }

    /// Note the token `c` just written; whether the acrostic is complete.
    pub fn after(&mut self, c: char) -> bool {
        self.at_line_start = LINE_ENDS.contains(&c);
        self.active && self.left.is_empty() && self.at_line_start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forces_line_starts_and_ends_after_the_last_line() {
        let mut a = Acrostic::new(vec![('春', 1), ('夏', 2)]);
        assert_eq!(a.forced(), Some(('春', 1)));
        assert!(a.blocks_the_end());
        assert!(!a.after('春'));
        assert_eq!(a.forced(), None, "mid-line");
        assert!(!a.after('眠'));
        assert!(!a.after('，'));
        assert_eq!(a.forced(), Some(('夏', 2)));
        assert!(!a.blocks_the_end());
        assert!(!a.after('夏'));
        assert!(a.after('。'), "the last given line is done");
    }

    #[test]
    fn without_characters_it_never_forces_or_ends() {
        let mut a = Acrostic::new(Vec::new());
        assert_eq!(a.forced(), None);
        assert!(!a.blocks_the_end());
        assert!(!a.after('\n'));
    }
}
