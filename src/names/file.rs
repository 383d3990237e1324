//! Reading one iproute2 names file (`rt_protos`, `rt_tables`, ...) the way iproute2
//! 6.1 reads it, oddities included, because hand-edited files accumulate them:
//!
//! - The file is read in pieces of at most 511 bytes (a C `fgets` into a 512-byte
//!   buffer): a longer line is read as several lines, so the rest of a long comment
//!   is parsed as an entry (and usually found corrupted).
//! - Spaces and tabs are skipped; a piece then starting with `#`, a newline or
//!   nothing is skipped. A NUL byte ends the piece's text.
//! - Otherwise the piece must be `0xHEX NAME` or `DECIMAL NAME`, read as C's
//!   `sscanf` reads `"0x%x %s"` then `"%d %s"`: the number may be preceded by
//!   white space and a sign (and, in hex, a second `0x`), it stops at its first
//!   non-digit, the name is the next word. The number is kept as a C `int`: hex
//!   values wrap modulo 2^32 (saturating beyond 64 bits), decimal ones saturate at
//!   64 bits and then wrap, so ids of 2^31 and more come out negative.
//! - Anything else prints `Database FILE is corrupted at PIECE` and ends the
//!   reading of that file (the lines before it stay in force; other files are
//!   still read).

use std::path::Path;

/// One `number name` pair read from a file: the number as the C `int` iproute2
/// stores it (callers skip what their table cannot hold).
pub type Entry = (i32, String);

/// iproute2's line buffer: `fgets` reads at most one byte less.
const LINE_BUFFER: usize = 512;

/// The entries of `path`, in file order. A missing or unreadable file gives none.
/// `shown` is the file's name in the corruption warning: iproute2 always names
/// `/etc/iproute2/...`, also when `-n NS` brings in the namespace's own copy.
pub fn read_entries(path: &Path, shown: &Path) -> Vec<Entry> {
    match std::fs::read(path) {
        Ok(bytes) => parse_entries(&bytes, shown),
        Err(_) => Vec::new(),
    }
}

/// Parses file bytes; `shown` only names the file in the corruption warning.
pub fn parse_entries(bytes: &[u8], shown: &Path) -> Vec<Entry> {
    let mut entries = Vec::new();
    for piece in pieces(bytes) {
        // What C's string functions see of the piece.
        let text = piece.split(|&b| b == 0).next().unwrap_or(&[]);
        let start = text
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .unwrap_or(text.len());
        let body = &text[start..];
        if matches!(body.first(), None | Some(b'#') | Some(b'\n')) {
            continue;
        }
        match parse_line(body) {
            Some(entry) => entries.push(entry),
            None => {
                // The piece keeps its own newline, if it has one, and iproute2
                // adds another.
                use std::os::unix::ffi::OsStrExt;
                let message = [
                    b"Database ",
                    shown.as_os_str().as_bytes(),
                    b" is corrupted at ",
                    body,
                    b"\n",
                ]
                .concat();
                crate::lossless::eprint(&crate::lossless::decode(&message));
                break;
            }
        }
    }
    entries
}

/// The file as `fgets` with iproute2's buffer hands it out: up to and including
/// each newline, at most 511 bytes at a time.
fn pieces(mut bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let limit = bytes.len().min(LINE_BUFFER - 1);
        let end = bytes[..limit]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(limit, |i| i + 1);
        let (piece, rest) = bytes.split_at(end);
        bytes = rest;
        Some(piece)
    })
}

/// `"0x%x %s"`, else `"%d %s"`.
fn parse_line(line: &[u8]) -> Option<Entry> {
    line.strip_prefix(b"0x")
        .and_then(|hex| with_name(scan_number(hex, 16)?))
        .or_else(|| with_name(scan_number(line, 10)?))
}

fn with_name((id, rest): (i32, &[u8])) -> Option<Entry> {
    let rest = skip_space(rest);
    let len = rest.iter().position(|b| is_space(*b)).unwrap_or(rest.len());
    (len > 0).then(|| (id, crate::lossless::decode(&rest[..len]).into_owned()))
}

/// C's isspace in the "C" locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn skip_space(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|b| !is_space(*b)).unwrap_or(s.len());
    &s[n..]
}

/// A scanf `%x` (radix 16, read as strtoul) or `%d` (radix 10, read as strtol)
/// stored in an `int`, and what follows it. None without a digit.
fn scan_number(s: &[u8], radix: u32) -> Option<(i32, &[u8])> {
    let mut s = skip_space(s);
    let negative = s.first() == Some(&b'-');
    if matches!(s.first(), Some(b'-' | b'+')) {
        s = &s[1..];
    }
    // glibc takes a `0x` prefix even when no hex digit follows: its `0` is then
    // the number.
    let prefixed = radix == 16 && s.len() >= 2 && s[0] == b'0' && matches!(s[1], b'x' | b'X');
    if prefixed {
        s = &s[2..];
    }
    let digits = s
        .iter()
        .position(|b| !(*b as char).is_digit(radix))
        .unwrap_or(s.len());
    if digits == 0 && !prefixed {
        return None;
    }
    let mut magnitude: u64 = 0;
    let mut overflow = false;
    for &b in &s[..digits] {
        let digit = (b as char).to_digit(radix).unwrap() as u64;
        match magnitude
            .checked_mul(radix as u64)
            .and_then(|m| m.checked_add(digit))
        {
            Some(m) => magnitude = m,
            None => overflow = true,
        }
    }
    let long: u64 = if radix == 16 {
        // strtoul: ULONG_MAX on overflow, else the magnitude negated modulo 2^64.
        match (overflow, negative) {
            (true, _) => u64::MAX,
            (false, true) => magnitude.wrapping_neg(),
            (false, false) => magnitude,
        }
    } else {
        // strtol: saturates at LONG_MAX / LONG_MIN.
        let limit = if negative {
            1u64 << 63
        } else {
            i64::MAX as u64
        };
        match (overflow || magnitude > limit, negative) {
            (true, false) => i64::MAX as u64,
            (true, true) => i64::MIN as u64,
            (false, true) => magnitude.wrapping_neg(),
            (false, false) => magnitude,
        }
    };
    Some((long as u32 as i32, &s[digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Entry> {
        parse_entries(text.as_bytes(), Path::new("test"))
    }

    fn one(id: i32, name: &str) -> Vec<Entry> {
        vec![(id, name.to_string())]
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
        assert_eq!(parse("12abc x\n"), one(12, "abc"));
        assert_eq!(parse("0xzz x\n"), one(0, "xzz"));
        assert_eq!(parse("0x 7 spaced\n"), one(7, "spaced"));
        assert_eq!(parse("0x0x8 twice\n"), one(8, "twice"));
        assert_eq!(parse("0x0xq odd\n"), one(0, "q"));
        assert_eq!(parse("5 #name\n"), one(5, "#name"));
    }

    #[test]
    fn ids_are_c_ints() {
        assert_eq!(parse("4294967297 a\n"), one(1, "a"));
        assert_eq!(parse("2147483648 a\n"), one(i32::MIN, "a"));
        assert_eq!(parse("0x100000005 a\n"), one(5, "a"));
        assert_eq!(parse("0x-fffffffa a\n"), one(6, "a"));
        assert_eq!(parse("99999999999999999999 a\n"), one(-1, "a"));
        assert_eq!(parse("-99999999999999999999 a\n"), one(0, "a"));
        assert_eq!(parse("0x99999999999999999999 a\n"), one(-1, "a"));
    }

    #[test]
    fn corrupted_line_stops_the_file() {
        let e = parse("1 one\nbogus line\n2 two\n");
        assert_eq!(e, one(1, "one"));
        assert_eq!(parse("7\n8 eight\n"), vec![]);
    }

    #[test]
    fn long_lines_are_read_in_pieces() {
        let comment = format!("#{}\n9 nine\n", "x".repeat(600));
        assert_eq!(parse(&comment), vec![]);
        let entry = format!("#{} 5 five\n9 nine\n", "x".repeat(509));
        assert_eq!(parse(&entry), vec![(5, "five".into()), (9, "nine".into())]);
    }
}
