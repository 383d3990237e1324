//! The help texts of `ip route` and `ip rule`, rendered from the keyword tables.
//!
//! A help is a list of blocks (`Usage:`, then one `NAME := ...` definition per
//! block). A block's lines name keywords as `<word>` (printed `[word VALUE]`, the
//! value placeholder taken from the block's table) or `<word!>` (printed without
//! brackets); everything else on a line is value syntax. The line breaks follow
//! iproute2 6.1's help group by group, because scripts grep its lines: each of our
//! lines names the same keywords and placeholders, in the same order, as the
//! matching line of iproute2's.

use super::{Grammar, route, rule};

/// One block: its head, the table its `<word>`s come from, and its lines.
pub struct Block {
    pub head: &'static str,
    pub grammar: Option<&'static Grammar>,
    pub lines: &'static [&'static str],
}

const fn block(
    head: &'static str,
    grammar: Option<&'static Grammar>,
    lines: &'static [&'static str],
) -> Block {
    Block {
        head,
        grammar,
        lines,
    }
}

/// Continuation lines of a block start this far in.
const INDENT: &str = "    ";

/// `ip route help` (and every route verb's usage).
pub const ROUTE: &[Block] = &[
    block(
        "Usage:",
        Some(&route::GET),
        &[
            "ip route {list|flush} SELECTOR",
            "ip route save SELECTOR",
            "ip route restore",
            "ip route showdump",
            "ip route get [ROUTE_GET_FLAGS] ADDRESS",
            "    <from> <iif>",
            "    <oif> <tos>",
            "    <mark> <vrf>",
            "    <uid> <ipproto>",
            "    <sport> <dport>",
            "ip route {add|del|change|append|replace} ROUTE",
            // ipr's own verbs: no iproute2 keyword on these lines.
            "ipr route explain EXPLAIN_ARGS",
            "ipr route sync SYNC_ARGS",
        ],
    ),
    block(
        "SELECTOR :=",
        Some(&route::SELECT),
        &[
            "<root> <match> <exact>",
            "<table> <vrf> <proto>",
            "<type> <scope>",
        ],
    ),
    block("ROUTE :=", None, &["NODE_SPEC [INFO_SPEC]"]),
    block(
        "NODE_SPEC :=",
        Some(&route::MODIFY),
        &[
            "[TYPE] PREFIX <tos>",
            "<table> <proto>",
            "<scope> <metric>",
            "<ttl-propagate>",
        ],
    ),
    block(
        "INFO_SPEC :=",
        Some(&route::MODIFY),
        &["{NH|<nhid!>} OPTIONS FLAGS <nexthop>..."],
    ),
    block(
        "NH :=",
        Some(&route::MODIFY),
        &["<encap> <via>", "<dev> <weight> NHFLAGS"],
    ),
    block("FAMILY :=", None, &["[inet|inet6|mpls|bridge|link]"]),
    block(
        "OPTIONS :=",
        Some(&route::MODIFY),
        &[
            "FLAGS <mtu> <advmss> <as>",
            "<rtt> <rttvar> <reordering>",
            "<window> <cwnd> <initcwnd>",
            "<ssthresh> <realms> <src>",
            "<rto_min> <hoplimit> <initrwnd>",
            "<features> <quickack> <congctl>",
            "<pref> <expires> <fastopen_no_cookie>",
        ],
    ),
    block(
        "TYPE :=",
        None,
        &[
            "{unicast|local|broadcast|multicast|throw|",
            "unreachable|prohibit|blackhole|nat}",
        ],
    ),
    block("TABLE_ID :=", None, &["[local|main|default|all|NUMBER]"]),
    block("SCOPE :=", None, &["[host|link|global|NUMBER]"]),
    block(
        "NHFLAGS :=",
        Some(&route::MODIFY),
        &["[<onlink!>|pervasive]"],
    ),
    block("RTPROTO :=", None, &["[kernel|boot|static|NUMBER]"]),
    block("PREF :=", None, &["[low|medium|high]"]),
    block("TIME :=", None, &["NUMBER[s|ms]"]),
    block("BOOL :=", None, &["[1|0]"]),
    block("FEATURES :=", None, &["ecn"]),
    block(
        "ENCAPTYPE :=",
        None,
        &["[mpls|ip|ip6|seg6|seg6local|rpl|ioam6|xfrm]"],
    ),
    block(
        "ENCAPHDR :=",
        None,
        &["[MPLSLABEL|SEG6HDR|SEG6LOCAL|IOAM6HDR|XFRMINFO]"],
    ),
    block(
        "SEG6HDR :=",
        Some(&route::ENCAP),
        &["<mode> <segs!> <hmac> [cleanup]"],
    ),
    block(
        "SEGMODE :=",
        None,
        &["[encap|encap.red|inline|l2encap|l2encap.red]"],
    ),
    block(
        "SEG6LOCAL :=",
        Some(&route::ENCAP),
        &["<action!> [OPTIONS] <count>"],
    ),
    block(
        "ACTION :=",
        None,
        &[
            "{End|End.X|End.T|End.DX2|End.DX6|End.DX4|",
            "End.DT6|End.DT4|End.DT46|End.B6|End.B6.Encaps|",
            "End.BM|End.S|End.AS|End.AM|End.BPF}",
        ],
    ),
    block("OPTIONS :=", None, &["OPTION [OPTIONS]"]),
    block(
        "OPTION :=",
        Some(&route::ENCAP),
        &[
            "{<flavors!>|<srh!>|<nh4!>|<nh6!>|<iif!>|<oif!>|",
            "<table!>|<vrftable!>|<endpoint!>}",
        ],
    ),
    block("FLAVORS :=", None, &["{FLAVOR[,FLAVOR]}"]),
    block("FLAVOR :=", None, &["{psp|usp|usd|next-csid}"]),
    block(
        "IOAM6HDR :=",
        Some(&route::ENCAP),
        &["<trace!> <prealloc!> <type!> <ns!> <size!>"],
    ),
    block("XFRMINFO :=", Some(&route::ENCAP), &["<if_id!> <link_dev>"]),
    block("ROUTE_GET_FLAGS :=", Some(&route::GET), &["[<fibmatch!>]"]),
];

/// `ip rule help`.
pub const RULE: &[Block] = &[
    block(
        "Usage:",
        None,
        &[
            "ip rule {add|del} SELECTOR ACTION",
            "ip rule {flush|save|restore}",
            "ip rule [list [SELECTOR]]",
            // ipr's own verb: no iproute2 keyword on this line.
            "ipr rule sync SYNC_ARGS",
        ],
    ),
    block(
        "SELECTOR :=",
        Some(&rule::ADD),
        &[
            "<not> <from> <to> <tos>",
            "<fwmark>",
            "<iif> <oif> <pref> <l3mdev>",
            "<uidrange>",
            "<ipproto>",
            "<sport>",
            "<dport>",
        ],
    ),
    block(
        "ACTION :=",
        Some(&rule::ADD),
        &[
            "<table>",
            "<protocol>",
            "<nat>",
            "<realms>",
            "<goto>",
            "SUPPRESSOR",
        ],
    ),
    block(
        "SUPPRESSOR :=",
        Some(&rule::ADD),
        &["<suppress_prefixlength>", "<suppress_ifgroup>"],
    ),
    block("TABLE_ID :=", None, &["[local|main|default|NUMBER]"]),
];

/// A piece of a layout line: value syntax as written, or a keyword of the
/// block's table (`<word>` bracketed, `<word!>` bare).
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Keyword { word: &'a str, bracketed: bool },
}

/// Splits a layout line into literal text and keyword references.
pub fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('<') {
        let end = start
            + rest[start..]
                .find('>')
                .expect("unclosed <keyword> in a help layout");
        out.push(Piece::Text(&rest[..start]));
        let inner = &rest[start + 1..end];
        out.push(match inner.strip_suffix('!') {
            Some(word) => Piece::Keyword {
                word,
                bracketed: false,
            },
            None => Piece::Keyword {
                word: inner,
                bracketed: true,
            },
        });
        rest = &rest[end + 1..];
    }
    out.push(Piece::Text(rest));
    out
}

fn expand(line: &str, grammar: Option<&Grammar>) -> String {
    let mut text = String::new();
    for piece in pieces(line) {
        match piece {
            Piece::Text(literal) => text.push_str(literal),
            Piece::Keyword { word, bracketed } => {
                let keyword = grammar
                    .and_then(|g| g.find(word))
                    .unwrap_or_else(|| panic!("help names unknown keyword {word}"));
                let mut item = keyword.word.to_string();
                if !keyword.value.is_empty() {
                    item.push(' ');
                    item.push_str(keyword.value);
                }
                if bracketed {
                    item = format!("[{item}]");
                }
                text.push_str(&item);
            }
        }
    }
    text
}

/// The text of a help: each block's head before its first line, its other lines
/// indented.
pub fn render(blocks: &[Block]) -> String {
    let mut text = String::new();
    for b in blocks {
        for (i, line) in b.lines.iter().enumerate() {
            if i == 0 {
                text.push_str(b.head);
                text.push(' ');
            } else {
                text.push_str(INDENT);
            }
            text.push_str(&expand(line, b.grammar));
            text.push('\n');
        }
    }
    text
}
