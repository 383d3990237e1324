//! The routes `ipr route sync` reads: `model::sync_input` splits the file into
//! entries; a JSON object of `ip -j route show` becomes `route add` words here.

use super::json::{Kind, Value};
use crate::model::sync_input::{self, Input, InputError, members, word};

/// Reads a route file: text lines, or `ip -j route show`'s JSON.
pub fn read(text: &str) -> Result<Input, Vec<InputError>> {
    sync_input::read(text, route_words)
}

/// Keys `ip -j route show` prints that describe kernel state, not the route.
const STATE_KEYS: &[&str] = &[
    "expires", "error", "users", "used", "age", "ipid", "ts", "tsage", "cache", "uid", "mark",
    "iif",
];

/// One `ip -j route show` object as `route add` words.
pub fn route_words(object: &Value) -> Result<Vec<String>, String> {
    let mut head = Vec::new();
    let mut rest = Vec::new();
    let mut hops = Vec::new();
    for (key, v) in members(object)? {
        let mut push = |k: &str| -> Result<(), String> {
            rest.push(k.to_string());
            rest.push(word(key, v)?);
            Ok(())
        };
        match key.as_str() {
            "type" => {
                let t = word(key, v)?;
                if t != "unicast" {
                    head.insert(0, t);
                }
            }
            "dst" => head.push(destination(object, word(key, v)?)),
            "from" | "src" => push("from")?,
            "nhid" => push("nhid")?,
            "to" => push("as")?,
            "tos" => push("tos")?,
            "gateway" => push("via")?,
            "dev" => push("dev")?,
            "table" => push("table")?,
            "protocol" => push("proto")?,
            "scope" => push("scope")?,
            "prefsrc" => push("src")?,
            "metric" => push("metric")?,
            "pref" => push("pref")?,
            "ttl-propagate" => push("ttl-propagate")?,
            "via" => via_words(v, &mut rest)?,
            "flags" => flag_words(v, &mut rest)?,
            "flow" => flow_words(v, &mut rest)?,
            "metrics" => metric_words(v, &mut rest)?,
            "nexthops" => hops = nexthop_words(v)?,
            "encap" => {
                return Err(
                    "encapsulated routes cannot be read from JSON; write them as route text".into(),
                );
            }
            k if STATE_KEYS.contains(&k) => {}
            other => return Err(format!("unknown JSON key \"{other}\"")),
        }
    }
    head.extend(rest);
    head.extend(hops);
    Ok(head)
}

/// `ip -j -6 route show` prints the IPv6 default route as `"dst":"default"`,
/// which `route add` would read as IPv4 without `-6`: an object whose other keys
/// are IPv6 (a `pref`, which only IPv6 routes have, or an IPv6 gateway, source
/// or prefsrc) says `::/0` instead.
fn destination(object: &Value, dst: String) -> String {
    if dst != "default" {
        return dst;
    }
    let Ok(m) = members(object) else {
        return dst;
    };
    let ipv6 = m.iter().any(|(k, v)| match k.as_str() {
        "pref" => true,
        "gateway" | "prefsrc" | "from" | "src" => v.word().is_some_and(|w| w.contains(':')),
        _ => false,
    });
    if ipv6 { "::/0".into() } else { dst }
}

fn via_words(v: &Value, out: &mut Vec<String>) -> Result<(), String> {
    out.push("via".into());
    for (key, value) in members(v)? {
        if key == "family" || key == "host" {
            out.push(word(key, value)?);
        }
    }
    Ok(())
}

/// `onlink` is the only flag a route is added with; the rest are kernel state.
fn flag_words(v: &Value, out: &mut Vec<String>) -> Result<(), String> {
    if let Kind::Array(items) = &v.kind
        && items.iter().any(|f| f.word().as_deref() == Some("onlink"))
    {
        out.push("onlink".into());
    }
    Ok(())
}

fn flow_words(v: &Value, out: &mut Vec<String>) -> Result<(), String> {
    let mut from = None;
    let mut to = None;
    for (key, value) in members(v)? {
        match key.as_str() {
            "from" => from = Some(word(key, value)?),
            "to" => to = Some(word(key, value)?),
            _ => {}
        }
    }
    let to = to.unwrap_or_else(|| "0".into());
    out.push("realms".into());
    out.push(match from {
        Some(f) => format!("{f}/{to}"),
        None => to,
    });
    Ok(())
}

fn metric_words(v: &Value, out: &mut Vec<String>) -> Result<(), String> {
    let Kind::Array(items) = &v.kind else {
        return Err("JSON key \"metrics\" must be an array".into());
    };
    for item in items {
        for (key, value) in members(item)? {
            match key.as_str() {
                "ecn" => out.extend(["features".into(), "ecn".into()]),
                "congestion" => out.extend(["congctl".into(), word(key, value)?]),
                "rtt" | "rttvar" | "rto_min" => {
                    out.extend([key.clone(), format!("{}ms", word(key, value)?)])
                }
                _ => out.extend([key.clone(), word(key, value)?]),
            }
        }
    }
    Ok(())
}

fn nexthop_words(v: &Value) -> Result<Vec<String>, String> {
    let Kind::Array(items) = &v.kind else {
        return Err("JSON key \"nexthops\" must be an array".into());
    };
    let mut out = Vec::new();
    for hop in items {
        out.push("nexthop".to_string());
        for (key, value) in members(hop)? {
            match key.as_str() {
                "gateway" => out.extend(["via".into(), word(key, value)?]),
                "via" => via_words(value, &mut out)?,
                "dev" => out.extend(["dev".into(), word(key, value)?]),
                "weight" => out.extend(["weight".into(), word(key, value)?]),
                "to" => out.extend(["as".into(), word(key, value)?]),
                "flags" => flag_words(value, &mut out)?,
                "flow" => flow_words(value, &mut out)?,
                "encap" => {
                    return Err(
                        "encapsulated next hops cannot be read from JSON; write them as route text"
                            .into(),
                    );
                }
                other => return Err(format!("unknown JSON key \"{other}\" in a next hop")),
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn json_objects_become_route_words() {
        let text = r#"[{"type":"blackhole","dst":"10.30.0.0/16","table":"100","protocol":"77","flags":[]},
{"dst":"10.11.0.0/16","gateway":"10.1.0.2","dev":"va","flags":["onlink","linkdown"],"metrics":[{"mtu":1300,"rtt":2000,"congestion":"cubic","ecn":null}]},
{"dst":"10.16.0.0/16","via":{"family":"inet6","host":"2001:db8:1::2"},"dev":"va","flow":{"from":"2","to":"5"}},
{"dst":"2001:db8:7::/48","metric":1024,"flags":[],"pref":"medium","expires":300,"nexthops":[{"gateway":"2001:db8:1::2","dev":"va","weight":2,"flags":[]},{"gateway":"2001:db8:1::3","dev":"va","weight":1,"flags":[]}]}]"#;
        let got = read(text).unwrap().entries;
        assert_eq!(
            got[0].words,
            words("blackhole 10.30.0.0/16 table 100 proto 77")
        );
        assert_eq!(
            got[1].words,
            words(
                "10.11.0.0/16 via 10.1.0.2 dev va onlink mtu 1300 rtt 2000ms congctl cubic features ecn"
            )
        );
        assert_eq!(
            got[2].words,
            words("10.16.0.0/16 via inet6 2001:db8:1::2 dev va realms 2/5")
        );
        assert_eq!(
            got[3].words,
            words(
                "2001:db8:7::/48 metric 1024 pref medium nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:1::3 dev va weight 1"
            )
        );
        assert_eq!(got[3].place, sync_input::Place::Object(3));
    }

    #[test]
    fn ipv6_default_is_read_as_ipv6() {
        let text = r#"[{"type":"unreachable","dst":"default","dev":"lo","metric":1024,"pref":"medium"},
{"dst":"default","gateway":"2001:db8:1::ff","dev":"va"},{"dst":"default","gateway":"10.1.0.254"}]"#;
        let got = read(text).unwrap().entries;
        assert_eq!(
            got[0].words,
            words("unreachable ::/0 dev lo metric 1024 pref medium")
        );
        assert_eq!(got[1].words, words("::/0 via 2001:db8:1::ff dev va"));
        assert_eq!(got[2].words, words("default via 10.1.0.254"));
    }

    #[test]
    fn json_errors_name_the_object() {
        let errors =
            read("[{\"dst\":\"10.0.0.0/8\"},{\"dst\":\"10.1.0.0/16\",\"bogus\":1}]").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].place, sync_input::Place::Object(1));
        assert!(errors[0].message.contains("bogus"));
        assert_eq!(
            read("{\n\"dst\"").unwrap_err()[0].place,
            sync_input::Place::Line(2)
        );
    }
}
