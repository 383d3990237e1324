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
    fn whole_word_and_case() {
        assert!(abbreviates("route", "route"));
        assert!(!abbreviates("Route", "route"));
        assert!(!abbreviates("", "route"));
    }
}
