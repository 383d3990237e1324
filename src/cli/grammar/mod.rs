//! The keyword grammars of ipr as data. Each grammar (route list/flush selectors,
//! route modify, route get, rule add, rule list, and ipr's own `route sync`) is one
//! table of keywords in the order the parser tries them, each with the placeholder
//! of its value, a sample value and a one-line meaning.
//!
//! The help texts are rendered from these tables (`layout`). Scripts probe `ip`'s
//! help with `grep` to learn what it supports, so the ip-compatible help names
//! exactly the keywords and placeholders iproute2 6.1's help names, one group per
//! line in the same order; keywords iproute2's help leaves out are kept in the
//! tables with `in_ip_help: false` (for a manual page or a completion) and are not
//! printed there. Unit tests check that every keyword a parser accepts is in its
//! table, and that every table keyword marked for the help is printed.

pub mod layout;
pub mod route;
pub mod rule;
pub mod verbs;

#[cfg(test)]
mod tests;

/// One keyword of a grammar.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    /// The spelling the help shows (the parser may also accept abbreviations).
    pub word: &'static str,
    /// Other spellings the parser accepts for the same keyword.
    pub aliases: &'static [&'static str],
    /// The placeholder of its value (`ADDRESS`, `[FAMILY] ADDRESS`); empty for a
    /// keyword that takes none.
    pub value: &'static str,
    /// A value the parser accepts, for tests and examples; empty when `value` is.
    pub example: &'static str,
    /// What the keyword does, in one line.
    pub meaning: &'static str,
    /// Whether iproute2 6.1's help names it (and so ours does).
    pub in_ip_help: bool,
}

impl Keyword {
    /// A keyword that iproute2's help names.
    pub const fn new(
        word: &'static str,
        value: &'static str,
        example: &'static str,
        meaning: &'static str,
    ) -> Self {
        Keyword {
            word,
            aliases: &[],
            value,
            example,
            meaning,
            in_ip_help: true,
        }
    }

    /// A keyword without a value.
    pub const fn flag(word: &'static str, meaning: &'static str) -> Self {
        Self::new(word, "", "", meaning)
    }

    /// The same keyword, accepted by the parser but not named by iproute2's help
    /// (so not by ours either; ipr's own verbs list every keyword in theirs).
    pub const fn unlisted(self) -> Self {
        Keyword {
            in_ip_help: false,
            ..self
        }
    }

    /// The same keyword with other accepted spellings.
    pub const fn or(self, aliases: &'static [&'static str]) -> Self {
        Keyword { aliases, ..self }
    }

    /// Every spelling: the shown one first.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.word).chain(self.aliases.iter().copied())
    }
}

/// An ordered keyword table.
#[derive(Debug)]
pub struct Grammar {
    /// What it parses, e.g. `route get`.
    pub name: &'static str,
    pub keywords: &'static [Keyword],
}

impl Grammar {
    /// The keyword spelled `word` exactly (shown spelling or alias).
    pub fn find(&self, word: &str) -> Option<&'static Keyword> {
        self.keywords
            .iter()
            .find(|k| k.spellings().any(|s| s == word))
    }
}

/// Every grammar, for generators (help, manual pages, completion) and tests.
pub const ALL: &[&Grammar] = &[
    &route::SELECT,
    &route::MODIFY,
    &route::GET,
    &route::ENCAP,
    &rule::ADD,
    &rule::LIST,
    &verbs::SYNC,
];
