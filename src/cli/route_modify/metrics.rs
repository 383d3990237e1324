//! Route metrics on the command line: `mtu [lock] N`, `rtt [lock] TIME`, ...
//! (`RTA_METRICS`). Times take `s`/`ms` suffixes; without one the number is sent
//! as it is (iproute2's "raw" value), with one `rtt` is scaled by 8 and `rttvar`
//! by 4, the kernel's fixed-point units.

use super::Words;
use super::invalid;
use crate::error::Result;
use crate::model::number::parse_unsigned;
use crate::model::route_request::{MetricValue, Metrics, rtax};

/// How a metric's value is read.
#[derive(Clone, Copy)]
enum Reader {
    /// `get_unsigned`: a whole u32.
    Unsigned,
    /// `get_u8`.
    Byte,
    /// A time, then multiplied by this factor unless given raw.
    Time(u32),
}

/// Handles the metric `keyword` (as `cli::grammar::route::MODIFY` names it,
/// which also says which metrics may be abbreviated and in which order they are
/// tried). The label is the name the error text gives the value.
pub fn metric(keyword: &str, words: &mut Words, m: &mut Metrics) -> Result<()> {
    use Reader::{Byte, Time, Unsigned};
    match keyword {
        "mtu" => lockable(words, m, rtax::MTU, Unsigned, "mtu"),
        "hoplimit" => lockable(words, m, rtax::HOPLIMIT, Byte, "hoplimit"),
        "advmss" => lockable(words, m, rtax::ADVMSS, Unsigned, "mss"),
        "reordering" => lockable(words, m, rtax::REORDERING, Unsigned, "reordering"),
        "rtt" => lockable(words, m, rtax::RTT, Time(8), "rtt"),
        "rto_min" => {
            // Always locked: the kernel only honours a locked RTO minimum.
            let value = words.value()?;
            m.lock |= 1 << rtax::RTO_MIN;
            let (t, _) =
                time(value).ok_or_else(|| invalid(value, "\"rto_min\" value is invalid\n"))?;
            push(m, rtax::RTO_MIN, t);
            Ok(())
        }
        "window" => lockable(words, m, rtax::WINDOW, Unsigned, "window"),
        "cwnd" => lockable(words, m, rtax::CWND, Unsigned, "cwnd"),
        "initcwnd" => lockable(words, m, rtax::INITCWND, Unsigned, "initcwnd"),
        "initrwnd" => lockable(words, m, rtax::INITRWND, Unsigned, "initrwnd"),
        "features" => {
            let value = words.value()?;
            if value != "ecn" {
                return Err(invalid(value, "\"features\" value not valid\n"));
            }
            push(m, rtax::FEATURES, 1);
            Ok(())
        }
        "quickack" => boolean(words, m, rtax::QUICKACK, "quickack"),
        "congctl" => {
            let mut value = words.value()?;
            if value == "lock" {
                m.lock |= 1 << rtax::CC_ALGO;
                value = words.value()?;
            }
            m.values
                .push((rtax::CC_ALGO, MetricValue::Name(value.to_string())));
            Ok(())
        }
        "rttvar" => lockable(words, m, rtax::RTTVAR, Time(4), "rttvar"),
        "ssthresh" => lockable(words, m, rtax::SSTHRESH, Unsigned, "ssthresh"),
        "fastopen_no_cookie" => boolean(words, m, rtax::FASTOPEN_NO_COOKIE, "fastopen_no_cookie"),
        other => unreachable!("{other} is not a metric"),
    }
}

fn push(m: &mut Metrics, kind: u16, value: u32) {
    m.values.push((kind, MetricValue::Number(value)));
}

/// `KEY [lock] VALUE`.
fn lockable(
    words: &mut Words,
    m: &mut Metrics,
    kind: u16,
    reader: Reader,
    label: &str,
) -> Result<()> {
    let mut value = words.value()?;
    if value == "lock" {
        m.lock |= 1 << kind;
        value = words.value()?;
    }
    let what = format!("\"{label}\" value is invalid\n");
    let number = match reader {
        Reader::Unsigned => parse_unsigned(value, 0, u32::MAX as u64).map(|v| v as u32),
        Reader::Byte => parse_unsigned(value, 0, 255).map(|v| v as u32),
        Reader::Time(scale) => {
            time(value).map(|(t, raw)| if raw { t } else { t.wrapping_mul(scale) })
        }
    };
    push(m, kind, number.ok_or_else(|| invalid(value, &what))?);
    Ok(())
}

/// `quickack 0|1`, `fastopen_no_cookie 0|1`.
fn boolean(words: &mut Words, m: &mut Metrics, kind: u16, label: &str) -> Result<()> {
    let value = words.value()?;
    let n = parse_unsigned(value, 0, u32::MAX as u64)
        .ok_or_else(|| invalid(value, &format!("\"{label}\" value is invalid\n")))?;
    if n > 1 {
        return Err(invalid(
            value,
            &format!("\"{label}\" value should be 0 or 1\n"),
        ));
    }
    push(m, kind, n as u32);
    Ok(())
}

/// A time in milliseconds: a number (C `strtod` when it has a dot, else
/// `strtoul`), optionally followed by `s`/`sec`/`secs` or `ms`/`msec`/`msecs` in
/// any case. Rounded up to a whole number the way iproute2 does it (a C
/// double-to-unsigned conversion, then +1 when that fell short). Returns the value
/// and whether it was given without a unit.
pub fn time(word: &str) -> Option<(u32, bool)> {
    let c_word = std::ffi::CString::new(word).ok()?;
    let start = c_word.as_ptr();
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    let t: f64;
    // SAFETY: `start` is a NUL-terminated string that outlives both calls; `end`
    // receives a pointer into it. errno is reset first so ERANGE is ours.
    unsafe {
        *libc::__errno_location() = 0;
        if word.contains('.') {
            t = libc::strtod(start, &mut end);
            if t < 0.0 {
                return None;
            }
            if t.is_infinite() && *libc::__errno_location() == libc::ERANGE {
                return None;
            }
        } else {
            let n = libc::strtoul(start, &mut end, 0);
            if n == libc::c_ulong::MAX && *libc::__errno_location() == libc::ERANGE {
                return None;
            }
            t = n as f64;
        }
    }
    let used = end as usize - start as usize;
    if used == 0 {
        return None;
    }
    let suffix = &word[used..];
    let (t, raw) = if suffix.is_empty() {
        (t, true)
    } else if ["s", "sec", "secs"]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s))
    {
        (t * 1000.0, false)
    } else if ["ms", "msec", "msecs"]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s))
    {
        (t, false)
    } else {
        return None;
    };
    Some((round_up(t), raw))
}

/// x86-64's double -> unsigned int: a 64-bit truncating conversion (0x8000...
/// for values beyond i64) keeping the low 32 bits; then +1 when below `t`.
fn round_up(t: f64) -> u32 {
    let truncated = if t.is_nan() || t >= 9.223_372_036_854_776e18 {
        0u32
    } else {
        (t as i64) as u32
    };
    if (truncated as f64) < t {
        truncated.wrapping_add(1)
    } else {
        truncated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(time("2s"), Some((2000, false)));
        assert_eq!(time("500ms"), Some((500, false)));
        assert_eq!(time("100"), Some((100, true)));
        assert_eq!(time("1.5"), Some((2, true)));
        assert_eq!(time("2SEC"), Some((2000, false)));
        assert_eq!(time("-1"), Some((1, true)));
        assert_eq!(time("x"), None);
        assert_eq!(time("1e3"), None);
        assert_eq!(time("1.5x"), None);
        assert_eq!(time("-1.5"), None);
    }
}
