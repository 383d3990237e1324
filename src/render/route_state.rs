//! The kernel-state part of a route record: the cache flags and cache
//! information of a cloned route, and the route's metrics (`mtu`, `rtt`, ...),
//! as iproute2 6.1 prints them.

use super::out::Printer;
use crate::model::route::{CacheInfo, MetricValue};
use std::io::{self, Write};

/// The unit of the time fields of the cache information, signed for `expires`.
const USER_HZ: i64 = crate::model::kernel::USER_HZ as i64;

/// The `cache` line of a cloned IPv4 route (`route get`, `route show cached`):
/// the RTCF_* bits above 0xffff as `<local,brd>` words; JSON `"cache":[...]`.
pub(super) fn cache_flags<W: Write>(p: &mut Printer<W>, flags: u32) -> io::Result<()> {
    const NAMES: &[(u32, &str)] = &[
        (0x8000_0000, "local"),
        (0x4000_0000, "reject"),
        (0x2000_0000, "mc"),
        (0x1000_0000, "brd"),
        (0x0800_0000, "dst-nat"),
        (0x0080_0000, "src-nat"),
        (0x0040_0000, "masq"),
        (0x0002_0000, "dst-direct"),
        (0x0400_0000, "src-direct"),
        (0x0004_0000, "redirected"),
        (0x0100_0000, "redirect"),
        (0x0020_0000, "fastroute"),
        (0x0001_0000, "notify"),
        (0x0008_0000, "proxy"),
    ];
    let mut rest = flags & !0xffff;
    if p.is_json() {
        p.open_array(Some("cache"))?;
    } else {
        let line_break = if p.oneline() { "\\" } else { "\n" };
        p.text(&format!("{line_break}    cache "))?;
        if rest == 0 {
            return Ok(());
        }
        p.text("<")?;
    }
    for &(bit, name) in NAMES {
        if rest & bit != 0 {
            rest &= !bit;
            p.json_element(name)?;
            p.text(&format!("{name}{}", if rest != 0 { "," } else { "> " }))?;
        }
    }
    if rest != 0 {
        p.json_string("flags", &format!("{rest:x}"))?;
        p.text(&format!("{rest:x}>"))?;
    }
    p.close_array()
}

pub(super) fn cache_info<W: Write>(
    p: &mut Printer<W>,
    ci: &CacheInfo,
    stats: u32,
) -> io::Result<()> {
    if ci.expires != 0 {
        let secs = ci.expires as i64 / USER_HZ;
        p.json_raw("expires", &secs.to_string())?;
        p.text(&format!("expires {secs}sec "))?;
    }
    if ci.error != 0 {
        let error = ci.error as i32;
        p.json_raw("error", &error.to_string())?;
        p.text(&format!("error {error} "))?;
    }
    if stats > 0 {
        if ci.clntref != 0 {
            p.field_uint("users", "users ", ci.clntref as u64)?;
        }
        if ci.used != 0 {
            p.field_uint("used", "used ", ci.used as u64)?;
        }
        if ci.last_use != 0 {
            let age = ci.last_use as u64 / USER_HZ as u64;
            p.json_raw("age", &age.to_string())?;
            p.text(&format!("age {age}sec "))?;
        }
    }
    if ci.id != 0 {
        p.field("ipid", "ipid ", &format!("0x{:04x}", ci.id))?;
    }
    if ci.ts != 0 || ci.ts_age != 0 {
        p.json_string("ts", &format!("0x{:x}", ci.ts))?;
        p.text(&format!("ts 0x{:x}", ci.ts))?;
        p.field_uint("tsage", "tsage ", ci.ts_age as u64)?;
    }
    Ok(())
}

/// RTAX_* names, indexed by metric number.
fn metric_name(kind: u16) -> Option<&'static str> {
    Some(match kind {
        2 => "mtu",
        3 => "window",
        4 => "rtt",
        5 => "rttvar",
        6 => "ssthresh",
        7 => "cwnd",
        8 => "advmss",
        9 => "reordering",
        10 => "hoplimit",
        11 => "initcwnd",
        12 => "features",
        13 => "rto_min",
        14 => "initrwnd",
        15 => "quickack",
        16 => "congctl",
        17 => "fastopen_no_cookie",
        _ => return None,
    })
}

const RTAX_RTT: u16 = 4;
const RTAX_RTTVAR: u16 = 5;
const RTAX_HOPLIMIT: u16 = 10;
const RTAX_FEATURES: u16 = 12;
const RTAX_RTO_MIN: u16 = 13;
const RTAX_CC_ALGO: u16 = 16;
const RTAX_MAX: u16 = 17;
const RTAX_FEATURE_ECN: u32 = 1;

/// Time metrics: milliseconds, or seconds in C's `%g` form from one second up.
fn time_text(ms: u32) -> String {
    if ms >= 1000 {
        format!("{}s", format_g(ms as f64 / 1e3))
    } else {
        format!("{ms}ms")
    }
}

/// C's `%g` for the positive values time metrics produce (6 significant digits,
/// trailing zeros dropped).
fn format_g(v: f64) -> String {
    if v >= 1e6 {
        let s = format!("{v:.5e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mantissa}e+{exp:02}");
    }
    let digits_before = (v.log10().floor() as i32 + 1).max(1);
    let decimals = (6 - digits_before).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

pub(super) fn route_metrics<W: Write>(
    p: &mut Printer<W>,
    metrics: &[(u16, MetricValue)],
    lock: u32,
) -> io::Result<()> {
    p.open_array(Some("metrics"))?;
    p.open_object(None)?;
    for kind in 2..=RTAX_MAX.max(metrics.iter().map(|m| m.0).max().unwrap_or(0)) {
        let value = metrics.iter().rev().find(|m| m.0 == kind).map(|m| &m.1);
        let locked = kind < 32 && lock & (1 << kind) != 0;
        if value.is_none() && !locked {
            continue;
        }
        let number = match value {
            Some(MetricValue::Number(n)) if kind != RTAX_CC_ALGO => *n,
            _ => 0,
        };
        if kind == RTAX_HOPLIMIT && number as i32 == -1 {
            continue;
        }
        let name = metric_name(kind);
        match name {
            Some(name) => p.text(&format!("{name} "))?,
            None => p.text(&format!("metric {kind} "))?,
        }
        if locked {
            p.text("lock ")?;
        }
        let key = name.map(str::to_string).unwrap_or_else(|| kind.to_string());
        match kind {
            RTAX_FEATURES => {
                let mut rest = number;
                if rest & RTAX_FEATURE_ECN != 0 {
                    p.json_raw("ecn", "null")?;
                    p.text("ecn ")?;
                    rest &= !RTAX_FEATURE_ECN;
                }
                if rest != 0 {
                    p.field("features", "", &format!("0x{number:x}"))?;
                }
            }
            RTAX_RTT | RTAX_RTTVAR | RTAX_RTO_MIN => {
                let ms = match kind {
                    RTAX_RTT => number / 8,
                    RTAX_RTTVAR => number / 4,
                    _ => number,
                };
                p.json_raw(&key, &ms.to_string())?;
                p.text(&format!("{} ", time_text(ms)))?;
            }
            RTAX_CC_ALGO => {
                let algo = match value {
                    Some(MetricValue::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                p.field("congestion", "", &algo)?;
            }
            _ => p.field_uint(&key, "", number as u64)?,
        }
    }
    p.close_object()?;
    p.close_array()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_format() {
        assert_eq!(format_g(1.5), "1.5");
        assert_eq!(format_g(1.0), "1");
        assert_eq!(format_g(12.345), "12.345");
        assert_eq!(format_g(4294967.295), "4.29497e+06");
        assert_eq!(time_text(999), "999ms");
        assert_eq!(time_text(2000), "2s");
    }
}
