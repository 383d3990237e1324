//! The file `ipr route sync` reads, as command lines: one route per line in the
//! words of `ip route add` (without the verb; `#` comments and blank lines
//! skipped), or the JSON array `ip -j route show` prints (detected by its first
//! character), each object turned back into those words.

use super::json::{self, Kind, Value};

/// One declared route: its line in the file and its `route add` words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoute {
    pub line: usize,
    pub words: Vec<String>,
}

/// A line that cannot become a route (before the route grammar sees it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub line: usize,
    pub message: String,
}

/// Reads the whole file: JSON when it starts with `[` or `{`, else text lines.
pub fn read(text: &str) -> Result<Vec<SourceRoute>, Vec<InputError>> {
    match text.trim_start().as_bytes().first() {
        Some(b'[' | b'{') => read_json(text),
        _ => Ok(read_text(text)),
    }
}

fn read_text(text: &str) -> Vec<SourceRoute> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let words: Vec<String> = line
                .split_whitespace()
                .take_while(|w| !w.starts_with('#'))
                .map(str::to_string)
                .collect();
            (!words.is_empty()).then_some(SourceRoute { line: i + 1, words })
        })
        .collect()
}

fn read_json(text: &str) -> Result<Vec<SourceRoute>, Vec<InputError>> {
    let doc = json::parse(text).map_err(|e| {
        vec![InputError {
            line: e.line,
            message: e.message,
        }]
    })?;
    let objects = match doc.kind {
        Kind::Array(items) => items,
        Kind::Object(_) => vec![doc],
        _ => {
            return Err(vec![InputError {
                line: doc.line,
                message: "JSON input must be an array of routes".into(),
            }]);
        }
    };
    let mut routes = Vec::new();
    let mut errors = Vec::new();
    for object in &objects {
        match route_words(object) {
            Ok(words) => routes.push(SourceRoute {
                line: object.line,
                words,
            }),
            Err(message) => errors.push(InputError {
                line: object.line,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(routes)
    } else {
        Err(errors)
    }
}

fn members(v: &Value) -> Result<&[(String, Value)], String> {
    match &v.kind {
        Kind::Object(m) => Ok(m),
        _ => Err("a route must be a JSON object".into()),
    }
}

fn word(key: &str, v: &Value) -> Result<String, String> {
    v.word()
        .ok_or_else(|| format!("JSON key \"{key}\" must be a string or a number"))
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
            "dst" => head.push(word(key, v)?),
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
    fn text_lines_skip_comments_and_blanks() {
        let got =
            read("# mine\n\n10.1.0.0/16 via 10.0.0.1 # gw\n  blackhole 10.2.0.0/16\n").unwrap();
        assert_eq!(
            got,
            vec![
                SourceRoute {
                    line: 3,
                    words: words("10.1.0.0/16 via 10.0.0.1")
                },
                SourceRoute {
                    line: 4,
                    words: words("blackhole 10.2.0.0/16")
                },
            ]
        );
    }

    #[test]
    fn json_objects_become_route_words() {
        let text = r#"[{"type":"blackhole","dst":"10.30.0.0/16","table":"100","protocol":"77","flags":[]},
{"dst":"10.11.0.0/16","gateway":"10.1.0.2","dev":"va","flags":["onlink","linkdown"],"metrics":[{"mtu":1300,"rtt":2000,"congestion":"cubic","ecn":null}]},
{"dst":"10.16.0.0/16","via":{"family":"inet6","host":"2001:db8:1::2"},"dev":"va","flow":{"from":"2","to":"5"}},
{"dst":"2001:db8:7::/48","metric":1024,"flags":[],"pref":"medium","expires":300,"nexthops":[{"gateway":"2001:db8:1::2","dev":"va","weight":2,"flags":[]},{"gateway":"2001:db8:1::3","dev":"va","weight":1,"flags":[]}]}]"#;
        let got = read(text).unwrap();
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
        assert_eq!(got[3].line, 4);
    }

    #[test]
    fn json_errors_name_the_line() {
        let errors =
            read("[{\"dst\":\"10.0.0.0/8\"},\n{\"dst\":\"10.1.0.0/16\",\"bogus\":1}]").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("bogus"));
        assert_eq!(read("[\n{").unwrap_err()[0].line, 2);
    }
}
