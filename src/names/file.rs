//! Reading one iproute2 names file (`rt_protos`, `rt_tables`, ...): lines of
//! `NUMBER NAME`, the number decimal or `0x` hex, `#` comments and blank lines skipped.
//! A line that is neither stops the file with iproute2's "corrupted" warning, as
//! iproute2 does; the lines before it stay in force.

use std::path::Path;

/// One `number name` pair read from a file.
pub type Entry = (u32, String);

/// The entries of `path`, in file order. A missing or unreadable file gives none.
pub fn read_entries(path: &Path) -> Vec<Entry> {
    match std::fs::read(path) {
        Ok(bytes) => parse_entries(&String::from_utf8_lossy(&bytes), path),
        Err(_) => Vec::new(),
    }
}

/// Parses file text; `path` only names the file in the corruption warning.
pub fn parse_entries(text: &str, path: &Path) -> Vec<Entry> {
    let mut entries = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        if body.starts_with('#') || body.starts_with('\n') || body.is_empty() {
            continue;
        }
        match parse_line(body) {
            Some(entry) => entries.push(entry),
            None => {
                // iproute2 prints the offending line with its own newline and then
                // one more, so the warning is followed by an empty line.
                eprint!("Database {} is corrupted at {}", path.display(), body);
                eprintln!();
                break;
            }
        }
    }
    entries
}

/// `0xHEX NAME` or `DECIMAL NAME`, read the way sscanf's `"0x%x %s"` then `"%d %s"`
/// read them: the number stops at its first non-digit and the name is the next word.
fn parse_line(line: &str) -> Option<Entry> {
    let (id, rest) = match line.strip_prefix("0x") {
        Some(hex) => leading_digits(hex, 16),
        None => None,
    }
    .or_else(|| leading_decimal(line))?;
    let name = rest.split_ascii_whitespace().next()?;
    Some((id, name.to_string()))
}

/// Digits of `radix` at the start of `s`, and what follows them.
fn leading_digits(s: &str, radix: u32) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_digit(radix)).unwrap_or(s.len());
    let value = u64::from_str_radix(&s[..end], radix).ok()?;
    Some((value.min(u32::MAX as u64) as u32, &s[end..]))
}

/// `%d`: an optional sign then decimal digits. Negative ids are out of every table's
/// range, so they map to `u32::MAX` and are dropped by the caller.
fn leading_decimal(s: &str) -> Option<(u32, &str)> {
    if let Some(neg) = s.strip_prefix('-') {
        let (_, rest) = leading_digits(neg, 10)?;
        return Some((u32::MAX, rest));
    }
    leading_digits(s.strip_prefix('+').unwrap_or(s), 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Entry> {
        parse_entries(text, Path::new("test"))
    }

    #[test]
    fn numbers_names_comments() {
        let e = parse("# c\n\n  200 sandbox\n0x10\tten # note\n201 b extra\n");
        assert_eq!(
            e,
            vec![
                (200, "sandbox".to_string()),
                (16, "ten".to_string()),
                (201, "b".to_string())
            ]
        );
    }

    #[test]
    fn number_glued_to_name_is_read_like_sscanf() {
        assert_eq!(parse("12abc x\n"), vec![(12, "abc".to_string())]);
    }

    #[test]
    fn corrupted_line_stops_the_file() {
        let e = parse("1 one\nbogus line\n2 two\n");
        assert_eq!(e, vec![(1, "one".to_string())]);
    }
}
