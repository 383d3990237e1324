//! What a replace changes, for the `~` lines of `route sync`: both routes as
//! `ip route show` prints them (one line), cut into attributes (`via X`, `dev D`,
//! `mtu lock 1300`, the whole `nexthop ...` list), compared attribute by
//! attribute. Pure text: the caller renders the routes.

use crate::model::kernel::route_type;

/// Words that start an attribute whose value is the words up to the next one.
const KEYED: &[&str] = &[
    "from",
    "tos",
    "via",
    "dev",
    "table",
    "proto",
    "scope",
    "src",
    "metric",
    "realms",
    "realm",
    "pref",
    "nhid",
    "as",
    "ttl-propagate",
    "mtu",
    "advmss",
    "rtt",
    "rttvar",
    "reordering",
    "window",
    "cwnd",
    "initcwnd",
    "initrwnd",
    "ssthresh",
    "quickack",
    "congctl",
    "features",
    "hoplimit",
    "rto_min",
    "fastopen_no_cookie",
];

/// Flags the kernel sets on its own (link state, hardware offload): not part of
/// what a file declares, so never shown as a change.
const STATE_FLAGS: &[&str] = &[
    "linkdown",
    "dead",
    "pervasive",
    "offload",
    "trap",
    "notify",
    "rt_offload",
    "rt_trap",
    "rt_offload_failed",
];

/// The route type words a line may start with (every named type but `none`).
const TYPES: &[&str] = route_type::NAMES.split_at(1).1;

/// `(attribute, value)` pairs of one route line, in the order printed.
fn attributes(line: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| !STATE_FLAGS.contains(w))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    let kind = match words.first() {
        Some(w) if TYPES.contains(w) => {
            i = 1;
            *w
        }
        _ => "unicast",
    };
    out.push(("type".to_string(), kind.to_string()));
    // The destination: identity, the same on both sides.
    i += 1;
    while i < words.len() {
        let word = words[i];
        let end = match word {
            // The rest of the line is the list of next hops.
            "nexthop" => words.len(),
            // An encapsulation's own words run until the route's device or gateway.
            "encap" => (i + 1..words.len())
                .find(|&j| matches!(words[j], "dev" | "via"))
                .unwrap_or(words.len()),
            _ if KEYED.contains(&word) => (i + 1..words.len())
                .find(|&j| KEYED.contains(&words[j]) || is_boundary(words[j]))
                .unwrap_or(words.len()),
            _ => i + 1,
        };
        let key = if word == "nexthop" { "nexthops" } else { word };
        let value = if KEYED.contains(&word) {
            words[i + 1..end].join(" ")
        } else {
            words[i..end].join(" ")
        };
        out.push((key.to_string(), value));
        i = end;
    }
    out
}

fn is_boundary(word: &str) -> bool {
    matches!(word, "nexthop" | "encap" | "onlink")
}

/// Attributes the file may leave to the kernel: the device of a gateway, and
/// IPv6's defaults.
fn kernel_default(key: &str, old: &str) -> bool {
    match key {
        "dev" => true,
        "pref" => old == "medium",
        "metric" => old == "1024",
        _ => false,
    }
}

/// `attribute: old -> new` for each attribute that differs between the route the
/// kernel holds (`old`) and the one the file declares (`new`); a missing one is
/// `none`.
pub fn changes(old: &str, new: &str) -> Vec<String> {
    let old = attributes(old);
    let new = attributes(new);
    let find = |list: &[(String, String)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut keys: Vec<&String> = Vec::new();
    for (k, _) in old.iter().chain(&new) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let before = find(&old, key);
        let after = find(&new, key);
        if before == after {
            continue;
        }
        if after.is_none() && before.as_deref().is_some_and(|b| kernel_default(key, b)) {
            continue;
        }
        let show = |v: Option<String>| match v {
            Some(v) if v.is_empty() => "yes".to_string(),
            Some(v) if v == key.as_str() => "yes".to_string(),
            Some(v) => v,
            None => "none".to_string(),
        };
        out.push(format!("{key}: {} -> {}", show(before), show(after)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_and_metrics() {
        assert_eq!(
            changes(
                "10.51.0.0/16 via 10.1.0.3 dev va proto 77 mtu lock 1300 advmss 1200",
                "10.51.0.0/16 via 10.1.0.2 proto 77 mtu 1400"
            ),
            vec![
                "via: 10.1.0.3 -> 10.1.0.2",
                "mtu: lock 1300 -> 1400",
                "advmss: 1200 -> none"
            ]
        );
    }

    #[test]
    fn type_flags_and_next_hops() {
        assert_eq!(
            changes(
                "blackhole 10.53.0.0/16 table 100 proto 77",
                "unreachable 10.53.0.0/16 table 100 proto 77"
            ),
            vec!["type: blackhole -> unreachable"]
        );
        assert_eq!(
            changes(
                "10.55.0.0/16 via 10.2.0.2 dev vc proto 77 linkdown",
                "10.55.0.0/16 via 10.2.0.2 dev vc proto 77 onlink"
            ),
            vec!["onlink: none -> yes"]
        );
        assert_eq!(
            changes(
                "10.52.0.0/16 proto 77 nexthop via 10.1.0.2 dev va weight 3 nexthop via 10.2.0.2 dev vc weight 1 linkdown",
                "10.52.0.0/16 proto 77 nexthop via 10.1.0.2 dev va weight 1 nexthop via 10.2.0.2 dev vc weight 1"
            ),
            vec![
                "nexthops: nexthop via 10.1.0.2 dev va weight 3 nexthop via 10.2.0.2 dev vc weight 1 -> nexthop via 10.1.0.2 dev va weight 1 nexthop via 10.2.0.2 dev vc weight 1"
            ]
        );
    }

    #[test]
    fn ipv6_defaults_and_kernel_chosen_device_are_not_changes() {
        assert_eq!(
            changes(
                "2001:db8:51::/48 via 2001:db8:1::2 dev va proto 77 metric 7 pref high",
                "2001:db8:51::/48 via 2001:db8:1::2 proto 77 metric 7"
            ),
            vec!["pref: high -> none"]
        );
        assert!(
            changes(
                "2001:db8:51::/48 via 2001:db8:1::2 dev va proto 77 metric 1024 pref medium",
                "2001:db8:51::/48 via 2001:db8:1::2 proto 77"
            )
            .is_empty()
        );
    }

    #[test]
    fn encapsulation_is_one_attribute() {
        assert_eq!(
            changes(
                "10.70.0.0/16 encap ip id 5 src 0.0.0.0 dst 10.1.0.9 ttl 0 tos 0 dev va proto 77 scope link",
                "10.70.0.0/16 encap ip id 6 dst 10.1.0.9 dev va proto 77 scope link"
            ),
            vec![
                "encap: encap ip id 5 src 0.0.0.0 dst 10.1.0.9 ttl 0 tos 0 -> encap ip id 6 dst 10.1.0.9"
            ]
        );
    }
}
