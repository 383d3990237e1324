//! Number parsing with C's `strtoul(s, &end, base)` rules, because iproute2 accepts
//! exactly what strtoul accepts: leading blanks, a sign, `0x` hex and leading-zero
//! octal when the base is 0, and a negative value that wraps around.

/// Parses the longest number at the start of `s` as strtoul does. Returns the value
/// (saturated at `u64::MAX` on overflow, wrapped for a leading `-`) and the unparsed
/// rest, or `None` when no digit was read (strtoul's `end == s`).
pub fn strtoul(s: &str, base: u32) -> Option<(u64, &str)> {
    strtoul_erange(s, base).map(|(v, rest, _)| (v, rest))
}

/// `strtoul`, also telling whether the value overflowed (C's `errno == ERANGE`).
pub fn strtoul_erange(s: &str, base: u32) -> Option<(u64, &str, bool)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut negative = false;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        negative = bytes[i] == b'-';
        i += 1;
    }
    let mut base = base;
    let has_hex_prefix = |at: usize| {
        bytes.get(at) == Some(&b'0')
            && matches!(bytes.get(at + 1), Some(b'x' | b'X'))
            && bytes.get(at + 2).is_some_and(|c| c.is_ascii_hexdigit())
    };
    if (base == 0 || base == 16) && has_hex_prefix(i) {
        i += 2;
        base = 16;
    } else if base == 0 {
        base = if bytes.get(i) == Some(&b'0') { 8 } else { 10 };
    }
    let start = i;
    let mut value: u64 = 0;
    let mut overflow = false;
    while let Some(digit) = bytes.get(i).and_then(|&c| (c as char).to_digit(base)) {
        match value
            .checked_mul(base as u64)
            .and_then(|v| v.checked_add(digit as u64))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    let value = if overflow {
        u64::MAX
    } else if negative {
        value.wrapping_neg()
    } else {
        value
    };
    Some((value, &s[i..], overflow))
}

/// The whole of `s` as an unsigned number no larger than `max` (iproute2's
/// `get_unsigned`/`get_u32`/`get_u8` family). Empty input and trailing junk fail.
pub fn parse_unsigned(s: &str, base: u32, max: u64) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    match strtoul(s, base) {
        Some((v, "")) if v <= max => Some(v),
        _ => None,
    }
}

/// `get_u64(…, base 0)`: the whole word, and an overflow is an error (not
/// `u64::MAX` as a bare strtoul would give).
pub fn parse_u64(s: &str) -> Option<u64> {
    match strtoul_erange(s, 0) {
        Some((v, "", false)) if !s.is_empty() => Some(v),
        _ => None,
    }
}

/// `get_u32(…, base 0)`.
pub fn parse_u32(s: &str) -> Option<u32> {
    parse_unsigned(s, 0, u32::MAX as u64).map(|v| v as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_and_signs() {
        assert_eq!(strtoul("0x1f", 0), Some((31, "")));
        assert_eq!(strtoul("010", 0), Some((8, "")));
        assert_eq!(strtoul("10", 0), Some((10, "")));
        assert_eq!(strtoul("  7x", 0), Some((7, "x")));
        assert_eq!(strtoul("-1", 0), Some((u64::MAX, "")));
        assert_eq!(strtoul("0x", 0), Some((0, "x")));
        assert_eq!(strtoul("x", 0), None);
        assert_eq!(strtoul("99999999999999999999999", 0), Some((u64::MAX, "")));
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(parse_u32("4294967295"), Some(u32::MAX));
        assert_eq!(parse_u32("4294967296"), None);
        assert_eq!(parse_u32("-1"), None);
        assert_eq!(parse_u32("-0"), Some(0));
        assert_eq!(parse_u32(""), None);
        assert_eq!(parse_u32("12a"), None);
        assert_eq!(parse_unsigned("300", 0, 255), None);
    }
}
