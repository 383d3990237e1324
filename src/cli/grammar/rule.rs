//! The `ip rule` keyword tables, each in the order its parser tries the words.

use super::{Grammar, Keyword as K, Spelling, exact as e, prefix as p};

/// `pref` is read as an abbreviation of any of these.
const PREF: &[Spelling] = &[p("preference"), p("order"), p("priority")];

/// `rule add|del` selectors and actions (`cli::rule_modify`), which reads its
/// keywords through this table, in this order.
pub const ADD: Grammar = Grammar {
    name: "rule add",
    keywords: &[
        K::flag(
            "not",
            "invert the selector: the rule applies when it does not match",
        ),
        K::new("from", "PREFIX", "192.0.2.0/24", "the packet's source"),
        K::new(
            "to",
            "PREFIX",
            "198.51.100.0/24",
            "the packet's destination",
        ),
        K::new(
            "pref",
            "NUMBER",
            "1000",
            "the rule's priority: lower runs first",
        )
        .spelled(PREF),
        K::new("tos", "TOS", "0x10", "the packet's TOS byte").spelled(&[e("tos"), p("dsfield")]),
        K::new(
            "fwmark",
            "FWMARK[/MASK]",
            "0x1/0xff",
            "the packet's firewall mark, under MASK",
        ),
        K::new(
            "realms",
            "[SRCREALM/]DSTREALM",
            "1/2",
            "realms to set on the route found",
        )
        .spelled(&[p("realms")]),
        K::new("protocol", "PROTO", "static", "who installed the rule").spelled(&[p("protocol")]),
        K::new("tun_id", "NUMBER", "7", "the tunnel id of the packet")
            .spelled(&[p("tun_id")])
            .unlisted(),
        K::new(
            "table",
            "TABLE_ID",
            "100",
            "look the packet up in this table",
        )
        .spelled(&[p("table"), e("lookup")]),
        K::new(
            "suppress_prefixlength",
            "NUMBER",
            "0",
            "ignore answers with this prefix length or shorter",
        )
        .spelled(&[p("suppress_prefixlength"), e("sup_pl")]),
        K::new(
            "suppress_ifgroup",
            "DEVGROUP",
            "default",
            "ignore answers through this device group",
        )
        .spelled(&[p("suppress_ifgroup"), e("sup_group")]),
        K::new("iif", "STRING", "lo", "the device the packet arrives on")
            .spelled(&[e("dev"), e("iif")]),
        K::new(
            "oif",
            "STRING",
            "lo",
            "the device the packet leaves by (bound sockets)",
        ),
        K::flag("l3mdev", "look up the table of the packet's VRF device"),
        K::new(
            "uidrange",
            "NUMBER-NUMBER",
            "100-200",
            "the uids of the sending socket",
        ),
        K::new(
            "nat",
            "ADDRESS",
            "192.0.2.9",
            "rewrite the source (no longer supported by Linux)",
        )
        .spelled(&[e("nat"), p("map-to")]),
        K::new("ipproto", "PROTOCOL", "tcp", "the packet's IP protocol"),
        K::new(
            "sport",
            "[NUMBER|NUMBER-NUMBER]",
            "1000-2000",
            "the packet's source port or range",
        ),
        K::new(
            "dport",
            "[NUMBER|NUMBER-NUMBER]",
            "53",
            "the packet's destination port or range",
        ),
        K::new(
            "type",
            "TYPE",
            "unreachable",
            "the action, by name (blackhole, prohibit ...)",
        )
        .unlisted(),
        K::new(
            "goto",
            "NUMBER",
            "2000",
            "go on at the rule with this priority",
        )
        .spelled(&[p("goto")]),
        K::flag("nop", "do nothing (a placeholder for goto)")
            .spelled(&[p("nop")])
            .unlisted(),
    ],
};

/// `rule list|show|flush|save` selectors (`cli::rule::parse_list`), which reads
/// its keywords through this table, in this order. A selector of `rule list` is
/// written as in `rule add`; its help is `rule add`'s SELECTOR.
pub const LIST: Grammar = Grammar {
    name: "rule list",
    keywords: &[
        K::new("pref", "NUMBER", "1000", "the rule with this priority").spelled(PREF),
        K::flag("not", "inverted rules"),
        K::new("tos", "TOS", "0x10", "rules on this TOS byte").spelled(&[e("tos"), e("dsfield")]),
        K::new("fwmark", "FWMARK[/MASK]", "0x1/0xff", "rules on this mark"),
        K::new("iif", "STRING", "lo", "rules on this input device").spelled(&[e("dev"), e("iif")]),
        K::new("oif", "STRING", "lo", "rules on this output device"),
        K::flag("l3mdev", "rules that look up the VRF table"),
        K::new(
            "uidrange",
            "NUMBER-NUMBER",
            "100-200",
            "rules on this uid range",
        ),
        K::new("tun_id", "NUMBER", "7", "rules on this tunnel id")
            .spelled(&[p("tun_id")])
            .unlisted(),
        K::new("table", "TABLE_ID", "100", "rules that look up this table")
            .spelled(&[p("lookup"), p("table")]),
        K::new("from", "PREFIX", "192.0.2.0/24", "rules on this source")
            .spelled(&[p("from"), p("src")]),
        K::new(
            "protocol",
            "PROTO",
            "static",
            "rules installed by this protocol, or all",
        )
        .spelled(&[p("protocol")]),
        // Only whole words: an abbreviation of these is read as a `to` prefix.
        K::new("ipproto", "PROTOCOL", "tcp", "rules on this IP protocol"),
        K::new(
            "sport",
            "[NUMBER|NUMBER-NUMBER]",
            "1000-2000",
            "rules on this source port range",
        ),
        K::new(
            "dport",
            "[NUMBER|NUMBER-NUMBER]",
            "53",
            "rules on this destination port range",
        ),
        K::new(
            "to",
            "PREFIX",
            "198.51.100.0/24",
            "rules on this destination",
        )
        .spelled(&[p("dst"), p("to")]),
    ],
};
