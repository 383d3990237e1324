//! `ipr rule sync`: the pure part. Which rules to add and delete so the kernel's
//! rules of one protocol are exactly a file's, with the fewest changes; and the
//! objects of `ip -j rule show` turned back into `rule add` words.
//!
//! Rules have no identity beyond all their attributes (the kernel can hold two
//! rules that differ only in priority, and cannot replace one), so a rule is
//! either kept as it is, or added, or deleted. The caller reduces each rule to a
//! key (everything but its priority, as `ip rule show` prints it); a declared
//! rule without `pref` matches a held rule of any priority.

use super::route_sync::json::Value;
use super::sync_input::{members, word};

/// One declared rule: its key, and its priority when the file gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub key: String,
    pub priority: Option<u32>,
}

/// One rule of the protocol the kernel holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub key: String,
    pub priority: u32,
}

/// One change; indexes are into the slices given to `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleChange {
    Add(usize),
    Delete(usize),
}

/// The changes in the order to send them (additions in file order, then
/// deletions in the kernel's order), and how many declared rules are right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulePlan {
    pub changes: Vec<RuleChange>,
    pub unchanged: usize,
}

impl RulePlan {
    pub fn added(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| matches!(c, RuleChange::Add(_)))
            .count()
    }

    pub fn deleted(&self) -> usize {
        self.changes.len() - self.added()
    }

    /// Where the deletions start.
    pub fn first_delete(&self) -> usize {
        self.added()
    }
}

/// Keeps every held rule a declared one matches (rules with a priority first, so
/// one without cannot take the rule another names exactly), adds the rest of the
/// declared rules and deletes the rest of the held ones.
pub fn plan(desired: &[Wanted], held: &[Held]) -> RulePlan {
    let mut taken = vec![false; held.len()];
    let mut kept = vec![false; desired.len()];
    let with_priority = desired
        .iter()
        .enumerate()
        .filter(|(_, w)| w.priority.is_some());
    let without = desired
        .iter()
        .enumerate()
        .filter(|(_, w)| w.priority.is_none());
    for (d, want) in with_priority.chain(without) {
        let found = held.iter().enumerate().position(|(h, have)| {
            !taken[h] && have.key == want.key && want.priority.is_none_or(|p| p == have.priority)
        });
        if let Some(h) = found {
            taken[h] = true;
            kept[d] = true;
        }
    }
    let mut out = RulePlan::default();
    for (d, &k) in kept.iter().enumerate() {
        if k {
            out.unchanged += 1;
        } else {
            out.changes.push(RuleChange::Add(d));
        }
    }
    out.changes.extend(
        taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(h, _)| RuleChange::Delete(h)),
    );
    out
}

/// Keys `ip -j rule show` prints for kernel state, not for the rule.
const STATE_KEYS: &[&str] = &["iif_detached", "oif_detached", "unresolved"];

/// `ADDR[/LEN]` from a `src`/`dst` key and its `srclen`/`dstlen`.
fn prefix(object: &[(String, Value)], key: &str, len_key: &str) -> Result<Option<String>, String> {
    let Some((_, v)) = object.iter().find(|(k, _)| k == key) else {
        return Ok(None);
    };
    let addr = word(key, v)?;
    if addr == "all" {
        return Ok(None);
    }
    Ok(Some(match object.iter().find(|(k, _)| k == len_key) {
        Some((_, len)) => format!("{addr}/{}", word(len_key, len)?),
        None => addr,
    }))
}

/// `START-END` from `KEY_start`/`KEY_end`, or a single `KEY`.
fn range(object: &[(String, Value)], key: &str) -> Result<Option<String>, String> {
    let get = |k: &str| -> Result<Option<String>, String> {
        object
            .iter()
            .find(|(name, _)| name == k)
            .map(|(name, v)| word(name, v))
            .transpose()
    };
    if let Some(single) = get(key)? {
        return Ok(Some(single));
    }
    match (get(&format!("{key}_start"))?, get(&format!("{key}_end"))?) {
        (Some(s), Some(e)) => Ok(Some(format!("{s}-{e}"))),
        (None, None) => Ok(None),
        _ => Err(format!(
            "JSON keys \"{key}_start\" and \"{key}_end\" go together"
        )),
    }
}

/// One `ip -j rule show` object as `rule add` words.
pub fn rule_words(object: &Value) -> Result<Vec<String>, String> {
    let m = members(object)?;
    let mut out: Vec<String> = Vec::new();
    let mut pair = |k: &str, v: String| {
        out.push(k.to_string());
        out.push(v);
    };
    if let Some(src) = prefix(m, "src", "srclen")? {
        pair("from", src);
    }
    if let Some(dst) = prefix(m, "dst", "dstlen")? {
        pair("to", dst);
    }
    for (key, arg) in [("uid", "uidrange"), ("sport", "sport"), ("dport", "dport")] {
        if let Some(r) = range(m, key)? {
            pair(arg, r);
        }
    }
    let (mut flow_from, mut flow_to) = (None, None);
    let mut fwmark = None;
    let mut fwmask = None;
    let mut flags = Vec::new();
    for (key, v) in m {
        match key.as_str() {
            "src" | "srclen" | "dst" | "dstlen" | "uid_start" | "uid_end" | "sport"
            | "sport_start" | "sport_end" | "dport" | "dport_start" | "dport_end" => {}
            "priority" => pair("pref", word(key, v)?),
            "tos" => pair("tos", word(key, v)?),
            "fwmark" => fwmark = Some(word(key, v)?),
            "fwmask" => fwmask = Some(word(key, v)?),
            "iif" => pair("iif", word(key, v)?),
            "oif" => pair("oif", word(key, v)?),
            "ipproto" => pair("ipproto", word(key, v)?),
            "tun_id" => pair("tun_id", word(key, v)?),
            "table" => pair("lookup", word(key, v)?),
            "suppress_prefixlen" => pair("suppress_prefixlength", word(key, v)?),
            "suppress_ifgroup" => pair("suppress_ifgroup", word(key, v)?),
            "flow_from" => flow_from = Some(word(key, v)?),
            "flow_to" => flow_to = Some(word(key, v)?),
            "goto" => pair("goto", word(key, v)?),
            "action" => flags.push(word(key, v)?),
            "protocol" => pair("protocol", word(key, v)?),
            "not" => flags.insert(0, "not".into()),
            "l3mdev" => flags.push("l3mdev".into()),
            "nop" => flags.push("nop".into()),
            "masquerade" => {
                return Err(
                    "nat rules cannot be read from JSON (it does not print the address)".into(),
                );
            }
            k if STATE_KEYS.contains(&k) => {}
            other => return Err(format!("unknown JSON key \"{other}\"")),
        }
    }
    if let Some(mark) = fwmark {
        pair(
            "fwmark",
            match fwmask {
                Some(mask) => format!("{mark}/{mask}"),
                None => mark,
            },
        );
    }
    if let Some(to) = flow_to {
        pair(
            "realms",
            match flow_from {
                Some(from) => format!("{from}/{to}"),
                None => to,
            },
        );
    }
    out.extend(flags);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sync_input;

    fn want(key: &str, priority: Option<u32>) -> Wanted {
        Wanted {
            key: key.into(),
            priority,
        }
    }

    fn held(key: &str, priority: u32) -> Held {
        Held {
            key: key.into(),
            priority,
        }
    }

    #[test]
    fn keeps_matches_adds_and_deletes_the_rest() {
        let desired = [
            want("from all fwmark 0x1 lookup 100", Some(100)),
            want("from all fwmark 0x2 lookup 100", None),
            want("from 10.0.0.0/8 lookup 200", Some(300)),
        ];
        let existing = [
            held("from all fwmark 0x2 lookup 100", 50),
            held("from all fwmark 0x1 lookup 100", 100),
            held("from 10.0.0.0/8 lookup 200", 200),
        ];
        let p = plan(&desired, &existing);
        assert_eq!(p.changes, vec![RuleChange::Add(2), RuleChange::Delete(2)]);
        assert_eq!((p.added(), p.deleted(), p.unchanged), (1, 1, 2));
    }

    #[test]
    fn a_rule_without_priority_does_not_take_one_named_exactly() {
        let desired = [
            want("from all lookup 100", None),
            want("from all lookup 100", Some(20)),
        ];
        let existing = [
            held("from all lookup 100", 20),
            held("from all lookup 100", 10),
        ];
        let p = plan(&desired, &existing);
        assert!(p.changes.is_empty());
        assert_eq!(p.unchanged, 2);
    }

    #[test]
    fn json_objects_become_rule_words() {
        let text = r#"[{"priority":100,"src":"10.1.0.0","srclen":24,"table":"100","protocol":"77"},
{"priority":200,"not":null,"src":"all","dst":"10.2.0.0","dstlen":16,"fwmark":"0x1","fwmask":"0xff","iif":"lo","uid_start":100,"uid_end":200,"ipproto":"tcp","sport":80,"dport_start":1000,"dport_end":2000,"action":"prohibit"},
{"priority":300,"src":"all","tos":"0x10","oif":"va","iif_detached":null,"table":"main","suppress_prefixlen":8,"flow_from":"2","flow_to":"3"},
{"priority":350,"src":"all","goto":400,"unresolved":null},{"priority":400,"src":"all","nop":null,"l3mdev":null,"tun_id":5}]"#;
        let got: Vec<String> = sync_input::read(text, rule_words)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.words.join(" "))
            .collect();
        assert_eq!(
            got,
            vec![
                "from 10.1.0.0/24 pref 100 lookup 100 protocol 77",
                "to 10.2.0.0/16 uidrange 100-200 sport 80 dport 1000-2000 pref 200 iif lo ipproto tcp fwmark 0x1/0xff not prohibit",
                "pref 300 tos 0x10 oif va lookup main suppress_prefixlength 8 realms 2/3",
                "pref 350 goto 400",
                "pref 400 tun_id 5 nop l3mdev",
            ]
        );
        let bad = sync_input::read(r#"[{"priority":1},{"bogus":1}]"#, rule_words).unwrap_err();
        assert_eq!(bad[0].place, sync_input::Place::Object(1));
    }
}
