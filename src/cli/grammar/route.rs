//! The `ip route` keyword tables, each in the order its parser tries the words.

use super::{Grammar, Keyword as K, exact as e, prefix as p};

/// `route list|show|flush|save` selectors (`cli::route::parse_list`), which reads
/// its keywords through this table, in this order.
pub const SELECT: Grammar = Grammar {
    name: "route list",
    keywords: &[
        K::new(
            "table",
            "TABLE_ID",
            "main",
            "the table to list: a number, a name, all, or cache",
        )
        .spelled(&[p("table")]),
        K::new(
            "vrf",
            "NAME",
            "default",
            "the table of a VRF device (default is main)",
        )
        .spelled(&[p("vrf")]),
        K::flag("cloned", "cached routes only")
            .spelled(&[p("cached"), p("cloned")])
            .unlisted(),
        K::new("tos", "TOS", "0x10", "routes with this TOS byte")
            .spelled(&[e("tos"), p("dsfield")])
            .unlisted(),
        K::new(
            "proto",
            "RTPROTO",
            "static",
            "routes installed by this protocol, or all",
        )
        .spelled(&[p("protocol")]),
        K::new("scope", "SCOPE", "link", "routes of this scope, or all").spelled(&[p("scope")]),
        K::new("type", "TYPE", "unicast", "routes of this type").spelled(&[p("type")]),
        K::new("dev", "STRING", "lo", "routes leaving through this device")
            .spelled(&[e("dev"), e("oif")])
            .unlisted(),
        K::new("iif", "STRING", "lo", "routes bound to this input device").unlisted(),
        K::new(
            "mark",
            "NUMBER",
            "7",
            "cached routes with this firewall mark",
        )
        .unlisted(),
        K::new("metric", "NUMBER", "100", "routes with this metric")
            .spelled(&[p("metric"), p("priority"), e("preference")])
            .unlisted(),
        K::new(
            "via",
            "[FAMILY] ADDRESS",
            "192.0.2.1",
            "routes through this gateway",
        )
        .unlisted(),
        K::new(
            "src",
            "ADDRESS",
            "192.0.2.1",
            "routes with this preferred source",
        )
        .unlisted(),
        K::new("realms", "REALM", "1/2", "routes with these realms")
            .spelled(&[p("realms")])
            .unlisted(),
        K::new(
            "from",
            "PREFIX",
            "192.0.2.0/24",
            "cached routes from this source (root, match, exact)",
        )
        .spelled(&[p("from")])
        .unlisted(),
        K::new(
            "to",
            "PREFIX",
            "192.0.2.0/24",
            "the destination, as with exact",
        )
        .spelled(&[p("to")])
        .unlisted(),
        K::new("root", "PREFIX", "10.0.0.0/8", "destinations inside PREFIX").spelled(&[p("root")]),
        K::new(
            "match",
            "PREFIX",
            "10.1.2.3/32",
            "destinations that contain PREFIX",
        )
        .spelled(&[p("match")]),
        K::new(
            "exact",
            "PREFIX",
            "10.0.0.0/8",
            "exactly PREFIX (the default reading of a bare prefix)",
        )
        .spelled(&[p("exact")]),
    ],
};

/// `route add|change|replace|prepend|append|test|delete` (`cli::route_modify`):
/// the node, the nexthop (also inside each `nexthop`) and the metrics. The parser
/// reads its keywords through this table, in this order (`c` is `cwnd`, tried
/// before `congctl`, as iproute2 tries it).
pub const MODIFY: Grammar = Grammar {
    name: "route modify",
    keywords: &[
        K::new(
            "src",
            "ADDRESS",
            "192.0.2.1",
            "the source address to prefer",
        ),
        K::new(
            "as",
            "[to] ADDRESS",
            "192.0.2.9",
            "the address to rewrite the destination to (nat)",
        ),
        K::new("via", "[FAMILY] ADDRESS", "192.0.2.1", "the gateway"),
        K::new(
            "from",
            "PREFIX",
            "2001:db8::/64",
            "the source prefix (IPv6 source routing)",
        )
        .unlisted(),
        K::new("tos", "TOS", "0x10", "the TOS byte the route matches")
            .spelled(&[e("tos"), p("dsfield")]),
        K::new(
            "expires",
            "TIME",
            "60",
            "remove the route after TIME seconds (IPv6)",
        ),
        K::new(
            "metric",
            "METRIC",
            "100",
            "the route's priority: lower wins",
        )
        .spelled(&[p("metric"), p("priority"), e("preference")]),
        K::new("scope", "SCOPE", "link", "how far the destination is"),
        K::new(
            "mtu",
            "NUMBER",
            "1400",
            "path MTU (lock: never learn a smaller one)",
        ),
        K::new(
            "hoplimit",
            "NUMBER",
            "64",
            "hop limit of packets sent along the route",
        ),
        K::new("advmss", "NUMBER", "1360", "the TCP MSS to advertise"),
        K::new("reordering", "NUMBER", "3", "the reordering TCP tolerates")
            .spelled(&[p("reordering")]),
        K::new(
            "rtt",
            "TIME",
            "100ms",
            "initial TCP round-trip time estimate",
        ),
        K::new(
            "rto_min",
            "TIME",
            "200ms",
            "lowest TCP retransmission timeout",
        ),
        K::new(
            "window",
            "NUMBER",
            "65535",
            "largest TCP window to advertise",
        )
        .spelled(&[p("window")]),
        K::new(
            "cwnd",
            "NUMBER",
            "10",
            "TCP congestion window clamp (with lock)",
        )
        .spelled(&[p("cwnd")]),
        K::new("initcwnd", "NUMBER", "10", "initial TCP congestion window")
            .spelled(&[p("initcwnd")]),
        K::new("initrwnd", "NUMBER", "10", "initial TCP receive window").spelled(&[p("initrwnd")]),
        K::new("features", "FEATURES", "ecn", "TCP features to enable").spelled(&[p("features")]),
        K::new(
            "quickack",
            "BOOL",
            "1",
            "disable delayed TCP acknowledgements",
        )
        .spelled(&[p("quickack")]),
        K::new(
            "congctl",
            "NAME",
            "cubic",
            "the TCP congestion control algorithm",
        )
        .spelled(&[p("congctl")]),
        K::new("rttvar", "TIME", "50ms", "initial TCP round-trip variance").spelled(&[p("rttvar")]),
        K::new(
            "ssthresh",
            "NUMBER",
            "10",
            "initial TCP slow-start threshold",
        )
        .spelled(&[p("ssthresh")]),
        K::new(
            "fastopen_no_cookie",
            "BOOL",
            "1",
            "TCP fast open without a cookie",
        )
        .spelled(&[p("fastopen_no_cookie")]),
        K::new("realms", "REALM", "1/2", "the route's realms, FROM/TO").spelled(&[p("realms")]),
        K::flag(
            "onlink",
            "the gateway is on the link even without a matching prefix",
        ),
        K::new("nhid", "ID", "1", "use the nexthop object ID"),
        K::new("proto", "RTPROTO", "static", "who installed the route").spelled(&[p("protocol")]),
        K::new("table", "TABLE_ID", "100", "the table to put the route in").spelled(&[p("table")]),
        K::new("vrf", "NAME", "default", "the table of a VRF device")
            .spelled(&[p("vrf")])
            .unlisted(),
        K::new("dev", "STRING", "lo", "the output device").spelled(&[e("dev"), e("oif")]),
        K::new("pref", "PREF", "high", "IPv6 router preference").spelled(&[p("pref")]),
        K::new(
            "encap",
            "ENCAPTYPE ENCAPHDR",
            "mpls 100",
            "a lightweight tunnel for the route",
        ),
        K::new(
            "ttl-propagate",
            "{enabled|disabled}",
            "enabled",
            "copy the MPLS TTL on pop",
        ),
        K::new(
            "nexthop",
            "NH",
            "via 192.0.2.1",
            "one leg of a multipath route",
        ),
        K::new(
            "weight",
            "NUMBER",
            "2",
            "the leg's share of a multipath route",
        ),
        K::new(
            "to",
            "PREFIX",
            "192.0.2.0/24",
            "the destination (to may be left out)",
        )
        .unlisted(),
    ],
};

/// `route get` (`cli::route_get`), also read by `route explain`. The parser
/// reads its keywords through this table, in this order.
pub const GET: Grammar = Grammar {
    name: "route get",
    keywords: &[
        K::new("tos", "TOS", "0x10", "the packet's TOS byte").spelled(&[e("tos"), p("dsfield")]),
        K::new(
            "from",
            "ADDRESS",
            "192.0.2.1",
            "the packet's source address",
        )
        .spelled(&[p("from")]),
        K::new(
            "iif",
            "STRING",
            "lo",
            "the device the packet arrives on (forwarding)",
        )
        .spelled(&[p("iif")]),
        K::new("mark", "NUMBER", "7", "the packet's firewall mark").spelled(&[p("mark")]),
        K::new("oif", "STRING", "lo", "the device the packet must leave by")
            .spelled(&[p("oif"), e("dev")]),
        K::flag("notify", "ask the kernel to notify listeners")
            .spelled(&[p("notify")])
            .unlisted(),
        K::flag("connected", "look up the source again from the route found")
            .spelled(&[p("connected")])
            .unlisted(),
        K::new(
            "vrf",
            "NAME",
            "lo",
            "look up in the table of this VRF device",
        )
        .spelled(&[p("vrf")]),
        K::new("uid", "NUMBER", "1000", "the uid of the sending socket").spelled(&[p("uid")]),
        K::flag(
            "fibmatch",
            "print the route entry that matched, not the resulting route",
        )
        .spelled(&[p("fibmatch")]),
        K::new(
            "as",
            "[to] ADDRESS",
            "192.0.2.9",
            "the destination after nat",
        )
        .unlisted(),
        K::new("sport", "NUMBER", "1000", "the packet's source port").spelled(&[p("sport")]),
        K::new("dport", "NUMBER", "53", "the packet's destination port").spelled(&[p("dport")]),
        K::new("ipproto", "PROTOCOL", "udp", "the packet's IP protocol").spelled(&[p("ipproto")]),
        K::new(
            "to",
            "ADDRESS",
            "192.0.2.1",
            "the destination (to may be left out)",
        )
        .unlisted(),
    ],
};

/// The headers after `encap TYPE` (`cli::route_modify::encap`), all types in one
/// table: the help shows them in their own groups.
pub const ENCAP: Grammar = Grammar {
    name: "route encap",
    keywords: &[
        K::new("ttl", "NUMBER", "64", "TTL of the outer header (mpls, ip)").unlisted(),
        K::new("id", "NUMBER", "7", "tunnel key id (ip, ip6)").unlisted(),
        K::new("dst", "ADDRESS", "192.0.2.1", "outer destination (ip, ip6)").unlisted(),
        K::new("src", "ADDRESS", "192.0.2.2", "outer source (ip, ip6)").unlisted(),
        K::new("tos", "TOS", "0x10", "outer TOS (ip)").unlisted(),
        K::new("hoplimit", "NUMBER", "64", "outer hop limit (ip6)").unlisted(),
        K::new("tc", "NUMBER", "0", "outer traffic class (ip6)").unlisted(),
        K::flag("key", "send the tunnel key (ip, ip6)").unlisted(),
        K::flag("csum", "checksum the tunnel (ip, ip6)").unlisted(),
        K::flag("seq", "sequence the tunnel (ip, ip6)").unlisted(),
        K::new("csum-mode", "MODE", "no-action", "checksum handling (ila)").unlisted(),
        K::new("ident-type", "TYPE", "luid", "identifier type (ila)").unlisted(),
        K::new("hook-type", "TYPE", "output", "where ila translates (ila)").unlisted(),
        K::new(
            "mode",
            "SEGMODE",
            "encap",
            "how the segment header is added (seg6, ioam6)",
        ),
        K::new(
            "segs",
            "ADDR1,ADDRi,ADDRn",
            "2001:db8::1",
            "the segment list (seg6, rpl)",
        ),
        K::new(
            "hmac",
            "HMACKEYID",
            "1",
            "the HMAC key of the segment header (seg6)",
        ),
        K::new("action", "ACTION", "End", "the seg6local behaviour"),
        K::flag("count", "keep per-behaviour counters (seg6local)"),
        K::new("flavors", "FLAVORS", "psp", "behaviour flavors (seg6local)"),
        K::new(
            "srh",
            "SEG6HDR",
            "segs 2001:db8::1",
            "a segment header to push (seg6local)",
        ),
        K::new("nh4", "ADDR", "192.0.2.1", "IPv4 nexthop (seg6local)"),
        K::new("nh6", "ADDR", "2001:db8::1", "IPv6 nexthop (seg6local)"),
        K::new("iif", "DEV", "lo", "input device (seg6local)"),
        K::new("oif", "DEV", "lo", "output device (seg6local)"),
        K::new("table", "TABLEID", "100", "lookup table (seg6local)"),
        K::new("vrftable", "TABLEID", "100", "VRF lookup table (seg6local)"),
        K::new(
            "endpoint",
            "PROGNAME",
            "prog",
            "the BPF program (seg6local End.BPF)",
        ),
        K::new("lblen", "NUMBER", "32", "locator block length (next-csid)").unlisted(),
        K::new("nflen", "NUMBER", "16", "node function length (next-csid)").unlisted(),
        K::new(
            "tundst",
            "ADDRESS",
            "2001:db8::1",
            "tunnel destination (ioam6 encap)",
        )
        .unlisted(),
        K::flag("trace", "an IOAM trace header (ioam6)"),
        K::flag("prealloc", "preallocated trace space (ioam6)"),
        K::new(
            "type",
            "IOAM6_TRACE_TYPE",
            "0x800000",
            "the trace type bits (ioam6)",
        ),
        K::new("ns", "IOAM6_NAMESPACE", "1", "the IOAM namespace (ioam6)"),
        K::new(
            "size",
            "IOAM6_TRACE_SIZE",
            "4",
            "bytes of trace data (ioam6)",
        ),
        K::new("if_id", "IF_ID", "1", "the xfrm interface id (xfrm)"),
        K::new("link_dev", "LINK", "lo", "the xfrm link device (xfrm)"),
        K::new("in", "PROG", "obj prog.o", "BPF program on input (bpf)").unlisted(),
        K::new("out", "PROG", "obj prog.o", "BPF program on output (bpf)").unlisted(),
        K::new(
            "xmit",
            "PROG",
            "obj prog.o",
            "BPF program on transmit (bpf)",
        )
        .unlisted(),
        K::new("headroom", "NUMBER", "16", "bytes to reserve (bpf)").unlisted(),
    ],
};
