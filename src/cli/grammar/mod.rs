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

/// One way the parser recognises a keyword: the text exactly, or any non-empty
/// prefix of it (iproute2's `matches()`).
#[derive(Debug, Clone, Copy)]
pub struct Spelling {
    pub text: &'static str,
    pub abbreviable: bool,
}

/// `text` spelled out in full.
pub const fn exact(text: &'static str) -> Spelling {
    Spelling {
        text,
        abbreviable: false,
    }
}

/// `text` or any non-empty prefix of it.
pub const fn prefix(text: &'static str) -> Spelling {
    Spelling {
        text,
        abbreviable: true,
    }
}

/// One keyword of a grammar.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    /// The spelling the help shows.
    pub word: &'static str,
    /// How the parser recognises it; empty means `word`, spelled out.
    pub spellings: &'static [Spelling],
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
            spellings: &[],
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

    /// The same keyword, recognised as `spellings` say (tried in order).
    pub const fn spelled(self, spellings: &'static [Spelling]) -> Self {
        Keyword { spellings, ..self }
    }

    /// True when the parser reads `word` as this keyword.
    pub fn recognises(&self, word: &str) -> bool {
        if self.spellings.is_empty() {
            return word == self.word;
        }
        self.spellings.iter().any(|s| {
            if s.abbreviable {
                super::keyword::abbreviates(word, s.text)
            } else {
                word == s.text
            }
        })
    }

    /// The shown word, then every spelling's full text.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        let word = self.word;
        std::iter::once(word).chain(
            self.spellings
                .iter()
                .map(|s| s.text)
                .filter(move |&t| t != word),
        )
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
    /// The keyword whose shown word or full spelling is `word`.
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
    &verbs::RULE_SYNC,
];
