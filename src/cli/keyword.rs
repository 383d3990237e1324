//! iproute2's abbreviation rule: a word names a keyword when it is a non-empty prefix
//! of it, and when several keywords qualify the first one in a fixed order wins
//! (`ip r` is `route` because `route` is tried before `rule`). clap's own inference
//! refuses ambiguous prefixes, so the grammar uses this instead.

/// True when `word` is a non-empty prefix of `keyword` (`"ro"` abbreviates `"route"`).
pub fn abbreviates(word: &str, keyword: &str) -> bool {
    !word.is_empty() && keyword.starts_with(word)
}

/// The first entry of `table` (in order) that `word` abbreviates.
pub fn first_match<T: Copy>(word: &str, table: &[(&str, T)]) -> Option<T> {
    table
        .iter()
        .find(|(keyword, _)| abbreviates(word, keyword))
        .map(|&(_, value)| value)
}

/// The keyword of `grammar` that `word` names, by its shown spelling: the first
/// keyword, in the table's order, that recognises the word (so `f` is `from`
/// in `route get`, before `fibmatch`). Parsers that read their keywords this
/// way cannot accept a keyword their table, and so their help, lacks.
pub fn recognise(word: &str, grammar: &super::grammar::Grammar) -> Option<&'static str> {
    grammar
        .keywords
        .iter()
        .find(|k| k.recognises(word))
        .map(|k| k.word)
}

/// As `recognise`, trying only the keywords of `grammar` named in `only` (still
/// in the table's order): for a place in the grammar where only these may come.
pub fn recognise_among(
    word: &str,
    grammar: &super::grammar::Grammar,
    only: &[&str],
) -> Option<&'static str> {
    grammar
        .keywords
        .iter()
        .filter(|k| only.contains(&k.word))
        .find(|k| k.recognises(word))
        .map(|k| k.word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_in_order() {
        let objects = [("route", 1), ("rule", 2)];
        assert_eq!(first_match("r", &objects), Some(1));
        assert_eq!(first_match("ru", &objects), Some(2));
        assert_eq!(first_match("rou", &objects), Some(1));
        assert_eq!(first_match("routes", &objects), None);
        assert_eq!(first_match("", &objects), None);
    }

    #[test]
    fn table_order_decides() {
        use crate::cli::grammar::{route, rule};
        assert_eq!(recognise("f", &route::GET), Some("from"));
        assert_eq!(recognise("fi", &route::GET), Some("fibmatch"));
        assert_eq!(recognise("dev", &route::GET), Some("oif"));
        assert_eq!(recognise("d", &route::GET), Some("tos"));
        assert_eq!(recognise("t", &rule::LIST), Some("tun_id"));
        assert_eq!(recognise("ipp", &rule::LIST), None);
        assert_eq!(recognise("lookup", &rule::LIST), Some("table"));
    }

    #[test]
    fn whole_word_and_case() {
        assert!(abbreviates("route", "route"));
        assert!(!abbreviates("Route", "route"));
        assert!(!abbreviates("", "route"));
    }
}
