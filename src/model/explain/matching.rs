//! Rule selectors, tried in the kernel's order, and the sentence that says which
//! one failed and why.

use super::*;
use crate::model::prefix::bits_equal;
use crate::model::route::Address;
use crate::model::rule::FIB_RULE_INVERT;

/// The selectors in the kernel's order (fib_rule_match, then the family's match);
/// returns the first that fails, and whether `not` inverted the answer.
pub(super) fn match_rule(
    rule: &RuleView,
    flow: &Flow,
    devices: &Devices,
) -> (Option<Mismatch>, bool) {
    let failed = first_failure(rule, flow, devices);
    if rule.flags & FIB_RULE_INVERT == 0 {
        return (failed, false);
    }
    match failed {
        Some(_) => (None, true),
        None => (
            Some(Mismatch {
                selector: "not",
                reason: "every selector matches, and `not` inverts that".to_string(),
            }),
            true,
        ),
    }
}

fn fail(selector: &'static str, reason: String) -> Option<Mismatch> {
    Some(Mismatch { selector, reason })
}

fn device_matches(
    name: &Option<String>,
    flow_dev: u32,
    devices: &Devices,
    selector: &'static str,
) -> Option<Mismatch> {
    let name = name.as_ref()?;
    match devices.index.get(name) {
        None => fail(
            selector,
            format!("device {name} does not exist (the rule is detached)"),
        ),
        Some(&i) if i != flow_dev => {
            let what = match (selector, flow_dev) {
                ("iif", LOOPBACK_IFINDEX) => "the packet is locally generated (iif lo)".to_string(),
                ("iif", _) => "the packet arrives on another interface".to_string(),
                (_, 0) => "the lookup names no output interface".to_string(),
                _ => "the lookup names another output interface".to_string(),
            };
            fail(selector, format!("{what}, not {name}"))
        }
        Some(_) => None,
    }
}

fn first_failure(rule: &RuleView, flow: &Flow, devices: &Devices) -> Option<Mismatch> {
    if let Some(m) = device_matches(&rule.iifname, flow.iif, devices, "iif") {
        return Some(m);
    }
    // An input lookup has no output interface.
    let flow_oif = if flow.input { 0 } else { flow.oif };
    if let Some(m) = device_matches(&rule.oifname, flow_oif, devices, "oif") {
        return Some(m);
    }
    let mark = rule.fwmark.unwrap_or(0);
    let mask = rule.fwmask.unwrap_or(if mark != 0 { u32::MAX } else { 0 });
    if (mark ^ flow.mark) & mask != 0 {
        return fail(
            "fwmark",
            format!("mark {:#x} & {mask:#x} is not {mark:#x}", flow.mark),
        );
    }
    if let Some(id) = rule.tun_id.filter(|&t| t != 0) {
        return fail("tun_id", format!("the lookup carries no tunnel id {id}"));
    }
    if rule.l3mdev.unwrap_or(0) != 0 {
        return fail(
            "l3mdev",
            "no VRF (l3mdev) device takes part in this lookup".to_string(),
        );
    }
    if let Some((start, end)) = rule.uid_range
        && !(start..=end).contains(&flow.uid)
    {
        return fail(
            "uidrange",
            format!("uid {} is not in {start}-{end}", flow.uid),
        );
    }
    if flow.family == AF_INET6 {
        if let Some(m) = dst_failure(rule, flow) {
            return Some(m);
        }
        if let Some(m) = src_failure(rule, flow) {
            return Some(m);
        }
    } else {
        if let Some(m) = src_failure(rule, flow) {
            return Some(m);
        }
        if let Some(m) = dst_failure(rule, flow) {
            return Some(m);
        }
    }
    if rule.tos != 0 {
        let have = if flow.family == AF_INET {
            flow.dscp() & LEGACY_TOS_MASK
        } else {
            flow.tos
        };
        if rule.tos != have {
            return fail("tos", format!("tos {:#x} is not {:#x}", flow.tos, rule.tos));
        }
    }
    if let Some(p) = rule.ip_proto.filter(|&p| p != 0)
        && p != flow.ipproto
    {
        return fail(
            "ipproto",
            format!("ip protocol {} is not {p}", flow.ipproto),
        );
    }
    for (selector, range, port) in [
        ("sport", rule.sport, flow.sport),
        ("dport", rule.dport, flow.dport),
    ] {
        if let Some((start, end)) = range.filter(|&(s, e)| s != 0 && e != 0)
            && !(start..=end).contains(&port)
        {
            return fail(selector, format!("port {port} is not in {start}-{end}"));
        }
    }
    None
}

fn text_of(family: u8, bytes: &[u8]) -> String {
    if family == AF_INET6 {
        let mut b = [0u8; 16];
        b.copy_from_slice(&bytes[..16]);
        Address::V6(b).to_string()
    } else {
        Address::V4([bytes[0], bytes[1], bytes[2], bytes[3]]).to_string()
    }
}

fn prefix_text(family: u8, addr: &Option<Address>, len: u8) -> String {
    let text = addr
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| if family == AF_INET6 { "::" } else { "0.0.0.0" }.to_string());
    format!("{text}/{len}")
}

fn src_failure(rule: &RuleView, flow: &Flow) -> Option<Mismatch> {
    if rule.src_len == 0 {
        return None;
    }
    let want = prefix_text(flow.family, &rule.src, rule.src_len);
    let Some(src) = flow.src else {
        if flow.family == AF_INET6 {
            return fail(
                "from",
                format!("no source address was given, and IPv6 needs one to match {want}"),
            );
        }
        return (!bits_equal(&[0; 4], rule_bytes(&rule.src), rule.src_len)).then(|| Mismatch {
            selector: "from",
            reason: format!("source 0.0.0.0 (none given) is not in {want}"),
        });
    };
    let len = flow.addr_len();
    (!bits_equal(&src[..len], rule_bytes(&rule.src), rule.src_len)).then(|| Mismatch {
        selector: "from",
        reason: format!("source {} is not in {want}", text_of(flow.family, &src)),
    })
}

fn dst_failure(rule: &RuleView, flow: &Flow) -> Option<Mismatch> {
    if rule.dst_len == 0 || bits_equal(flow.dst_bytes(), rule_bytes(&rule.dst), rule.dst_len) {
        return None;
    }
    fail(
        "to",
        format!(
            "destination {} is not in {}",
            text_of(flow.family, &flow.dst),
            prefix_text(flow.family, &rule.dst, rule.dst_len)
        ),
    )
}

fn rule_bytes(a: &Option<Address>) -> &[u8] {
    a.as_ref().map(Address::as_bytes).unwrap_or(&[])
}
