//! The command-line grammar. Pure: no sockets, no netlink types. Global options,
//! the ordered-prefix keyword matcher, and the route/rule selector grammars, each
//! producing a typed request from `model`.

pub mod batch;
pub mod complete;
pub mod global;
pub mod grammar;
pub mod help;
pub mod keyword;
pub mod route;
pub mod route_get;
pub mod route_modify;
pub mod rule;
pub mod rule_modify;

use crate::error::{Error, Result};

/// A cursor over the words after a verb, with iproute2's "value required" rule.
pub struct Words<'a> {
    words: &'a [String],
    pos: usize,
}

impl<'a> Words<'a> {
    pub fn new(words: &'a [String]) -> Self {
        Words { words, pos: 0 }
    }

    /// The next word, if any.
    pub fn next_word(&mut self) -> Option<&'a str> {
        let word = self.words.get(self.pos)?;
        self.pos += 1;
        Some(word.as_str())
    }

    /// The value a keyword needs: missing is "Command line is not complete".
    pub fn value(&mut self) -> Result<&'a str> {
        self.next_word().ok_or_else(Error::incomplete)
    }

    pub fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos).map(String::as_str)
    }

    /// How many words are still unread.
    pub fn remaining(&self) -> usize {
        self.words.len() - self.pos
    }

    /// Puts the last word read back (for grammars that read one word too far,
    /// as some of iproute2's do).
    pub fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }
}
