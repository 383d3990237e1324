//! The prose of ipr-route(8) and ipr-rule(8); their keyword sections are
//! generated from the grammar tables.

use super::manpage::Roff;
use super::manpage_text::{exit_status, files, see_also};
use crate::cli::grammar::{layout, route, rule, verbs};

/// The proto-tagging walk-through, shared by ipr-route(8).
fn proto_tags(r: &mut Roff) {
    r.section("PROTOCOL TAGS");
    r.para(
        "The protocol number of a route (0 to 255) says who installed it: `kernel` for the \
         routes of addresses, `boot` for a plain `route add`, `static`, a routing daemon's \
         own number. Give your script or service a number of its own, and its routes can be \
         told apart from everyone else's. Register a name for it once, in a drop-in file:",
    );
    r.verbatim(&["echo '200 myapp' > /etc/iproute2/rt_protos.d/myapp.conf"]);
    r.para("Tag every route you add with it; ip and ipr both print and accept the name:");
    r.verbatim(&[
        "ipr route add 10.50.0.0/16 via 192.0.2.1 proto myapp",
        "ipr route add 10.51.0.0/16 via 192.0.2.1 proto myapp table 100",
        "ipr route show proto myapp               # yours only",
        "ipr route show table all proto myapp",
        "ipr route flush proto myapp              # remove yours, nothing else",
    ]);
    r.para(
        "Rules carry a protocol too (`ipr rule add ... protocol myapp`, see ipr-rule(8)). To \
         keep a whole set in a file and converge to it, use `route sync proto myapp FILE`. \
         In a namespace, put the file under /etc/netns/NS/iproute2/rt_protos.d/ instead.",
    );
}

/// ipr-route(8).
pub(super) fn route_page(r: &mut Roff) {
    r.section("NAME");
    r.para("ipr-route - show and change routing tables");
    r.section("SYNOPSIS");
    let sync = verbs::sync_usage(&verbs::SYNC);
    let sync = sync.trim_start_matches("Usage: ").trim_end();
    r.verbatim(&[
        "ipr [ OPTIONS ] route [ list | show | lst ] [ SELECTOR ]",
        "ipr [ OPTIONS ] route flush SELECTOR",
        "ipr [ OPTIONS ] route save SELECTOR > FILE",
        "ipr [ OPTIONS ] route restore < FILE",
        "ipr [ OPTIONS ] route showdump < FILE",
        "ipr [ OPTIONS ] route { add | del | change | replace | append | prepend | test } ROUTE",
        "ipr [ OPTIONS ] route get [ fibmatch ] ADDRESS [ FLOW ]",
        "ipr [ OPTIONS ] route explain ADDRESS [ FLOW ]",
        sync,
        "ipr route help",
    ]);
    r.section("DESCRIPTION");
    r.para(
        "`ipr route` reads and changes the kernel's routing tables with iproute2's `ip route` \
         grammar and output. Keywords and their values come in any order after the verb; a \
         word that is not a keyword is the destination (`to` may be left out).",
    );
    r.section("COMMANDS");
    const COMMANDS: &[(&str, &str)] = &[
        (
            "`list`, `show`, `lst`",
            "Print the routes SELECTOR chooses (default: the main table).",
        ),
        (
            "`flush`",
            "Delete the routes SELECTOR chooses; `flush cache` empties the route cache.",
        ),
        (
            "`save`",
            "Write the chosen routes to standard output as a binary stream.",
        ),
        (
            "`restore`",
            "Add the routes of a saved stream read from standard input.",
        ),
        (
            "`showdump`",
            "Print a saved stream read from standard input.",
        ),
        (
            "`add`",
            "Add a route; refused when one with the same destination, tos, metric and table \
             exists.",
        ),
        (
            "`delete`, `del`",
            "Delete a route; the keywords given must match it.",
        ),
        ("`change`, `chg`", "Change an existing route."),
        ("`replace`", "Change a route, or add it when there is none."),
        (
            "`append`",
            "Add a route after existing ones with the same key.",
        ),
        (
            "`prepend`",
            "Add a route before existing ones with the same key.",
        ),
        (
            "`test`",
            "Ask whether the route could be added, changing nothing.",
        ),
        (
            "`get`",
            "Print the route a packet to ADDRESS would take (FLOW describes the packet).",
        ),
        (
            "`explain`",
            "ipr only: why the kernel picks that route (see EXPLAIN).",
        ),
        (
            "`sync`",
            "ipr only: make one protocol's routes exactly a file's list (see SYNC).",
        ),
        ("`help`", "Print the grammar below, on standard error."),
    ];
    for (head, body) in COMMANDS {
        r.item(head, body);
    }
    r.section("GRAMMAR");
    r.para(
        "As `ipr route help` prints it; it names the keywords and placeholders of iproute2's \
         own help, line by line, so scripts that probe it find the same features:",
    );
    r.layout(layout::ROUTE);
    r.section("KEYWORDS");
    r.para(
        "Every keyword the parser accepts, in the order it tries them (an abbreviation means \
         the first keyword it fits).",
    );
    r.subsection("SELECTOR: list, show, flush and save");
    r.keywords(&route::SELECT);
    r.subsection("ROUTE: add, delete, change, replace, append, prepend and test");
    r.para(
        "A route is `[TYPE] PREFIX` (or `default`) followed by any of these; the metrics \
         (`mtu` to `fastopen_no_cookie`) take `lock` before their value to keep the kernel \
         from changing them. After `nexthop`, `via`, `dev`, `weight`, `encap` and `onlink` \
         describe one leg of a multipath route.",
    );
    r.keywords(&route::MODIFY);
    r.subsection("ENCAPHDR: after encap TYPE");
    r.keywords(&route::ENCAP);
    r.subsection("FLOW: get and explain");
    r.keywords(&route::GET);
    r.subsection("sync");
    r.keywords(&verbs::SYNC);
    r.section("VALUES");
    r.para(
        "TABLE_ID, RTPROTO, SCOPE, REALM and TOS also take the names of the files listed \
         under FILES.",
    );
    r.value_sets(layout::ROUTE, &["OPTIONS", "ROUTE"]);
    proto_tags(r);
    r.section("EXPLAIN");
    r.para(
        "`ipr route explain ADDRESS [FLOW]` walks the policy rules in priority order the way \
         the kernel does for a packet to ADDRESS, saying for each rule whether it matched (or \
         which selector did not), which table it looked up and which route answered \
         (`throw`, `goto` and the suppressors included), then asks the kernel the same \
         question as `route get` and says whether both agree. It exits 0 when they agree, \
         1 when they do not; `-j` prints the walk as JSON. FLOW takes the keywords of \
         `route get`.",
    );
    r.verbatim(&[
        "ipr route explain 8.8.8.8",
        "ipr route explain 8.8.8.8 from 10.0.0.2 iif eth1 mark 0x1",
    ]);
    sync_section(r, "routes", "route add", "ip -j route show");
    r.para(
        "With `table TABLE` only that table is synced; without it, main and every table the \
         file names. Routes are the same when their table, destination, tos, metric (and, for \
         IPv6, source prefix) are: any other difference is a replacement, made in one request.",
    );
    r.verbatim(&[
        "# /etc/myapp/routes: route add lines without the verb",
        "10.50.0.0/16 via 192.0.2.1 metric 5",
        "blackhole 10.52.0.0/16",
        "",
        "ipr route sync proto myapp dry-run /etc/myapp/routes",
        "ipr route sync proto myapp /etc/myapp/routes",
    ]);
    files(r);
    exit_status(r);
    r.section("EXAMPLES");
    r.verbatim(&[
        "ipr route                                        # main table",
        "ipr -6 route show table all",
        "ipr route show proto myapp type unicast",
        "ipr route add default via 192.0.2.1 dev eth0",
        "ipr route add 10.0.0.0/8 nexthop via 192.0.2.1 weight 2 nexthop via 192.0.2.2",
        "ipr route replace 10.1.0.0/16 dev eth1 mtu lock 1400 table 100",
        "ipr route add blackhole 203.0.113.0/24 proto myapp",
        "ipr route del 10.1.0.0/16 table 100",
        "ipr route get 8.8.8.8 from 10.0.0.2 iif eth1",
        "ipr route flush proto myapp",
        "ipr route save table 100 > t100.bin; ipr route restore < t100.bin",
    ]);
    see_also(r, "ipr(8), ipr-rule(8), ");
}

/// The SYNC section of both object pages.
fn sync_section(r: &mut Roff, objects: &str, add: &str, json: &str) {
    let grammar = if objects == "routes" {
        &verbs::SYNC
    } else {
        &verbs::RULE_SYNC
    };
    let usage = verbs::sync_usage(grammar);
    r.section("SYNC");
    r.verbatim(&[usage.trim_start_matches("Usage: ").trim_end()]);
    r.para(&format!(
        "ipr only. Makes the kernel's {objects} of protocol PROTO exactly the {objects} FILE \
         lists (- reads standard input): what is missing is added, what is no longer listed \
         is deleted, and the {objects} of every other protocol are left alone. Each line of \
         FILE is a `{add}` command without the verb; `#` starts a comment. FILE may instead \
         hold the JSON of `{json}`. Prints one line with the counts; `dry-run` prints the \
         changes, in the order a real run makes them, and makes none."
    ));
    r.para(
        "All or nothing: every line is checked before anything changes (a wrong line is \
         reported as FILE:LINE with the message and exit status the add command would give \
         it, and nothing changes). The changes go out as one transaction, additions first, then deletions; \
         when the kernel refuses one, every change already made is taken back, newest first, \
         and the exit status is 2.",
    );
    r.para(
        "The lock: one sync of a protocol (and table) runs at a time per network namespace. \
         Each holds a lock under /run/ipr/; another sync waits for it up to IPR_SYNC_WAIT \
         seconds (default 30), then gives up with exit status 1. A dry-run takes the lock \
         shared.",
    );
    r.para(
        "Reserved protocols: a sync deletes what its file leaves out, so the protocols the \
         kernel and other tools use (unspec, redirect, kernel, boot, static, ra) and a file \
         that lists nothing are refused with exit status 1 unless `force` is given.",
    );
}

/// ipr-rule(8).
pub(super) fn rule_page(r: &mut Roff) {
    r.section("NAME");
    r.para("ipr-rule - show and change the routing policy rules");
    r.section("SYNOPSIS");
    let sync = verbs::sync_usage(&verbs::RULE_SYNC);
    let sync = sync.trim_start_matches("Usage: ").trim_end();
    r.verbatim(&[
        "ipr [ OPTIONS ] rule [ list | show | lst ] [ SELECTOR ]",
        "ipr [ OPTIONS ] rule { add | del } SELECTOR ACTION",
        "ipr [ OPTIONS ] rule flush [ SELECTOR ]",
        "ipr [ OPTIONS ] rule save [ SELECTOR ] > FILE",
        "ipr [ OPTIONS ] rule restore < FILE",
        sync,
        "ipr rule help",
    ]);
    r.section("DESCRIPTION");
    r.para(
        "Before the kernel looks a packet up in a routing table, it runs the policy rules in \
         order of priority: the first rule whose selector matches the packet decides which \
         table is looked up (or that the packet is dropped, or that the next rules are \
         skipped). `ipr rule` reads and changes those rules with iproute2's `ip rule` grammar \
         and output, IPv4 unless `-6` is given.",
    );
    r.section("COMMANDS");
    const COMMANDS: &[(&str, &str)] = &[
        (
            "`list`, `show`, `lst`",
            "Print the rules SELECTOR chooses (default: all).",
        ),
        (
            "`add`",
            "Add a rule; without `pref` the kernel gives it a priority.",
        ),
        (
            "`delete`, `del`",
            "Delete the first rule that matches the keywords given.",
        ),
        (
            "`flush`",
            "Delete every chosen rule that has a priority (the `lookup local` rule stays).",
        ),
        (
            "`save`",
            "Write the chosen rules to standard output as a binary stream.",
        ),
        (
            "`restore`",
            "Add the rules of a saved stream read from standard input.",
        ),
        (
            "`sync`",
            "ipr only: make one protocol's rules exactly a file's list (see SYNC).",
        ),
        ("`help`", "Print the grammar below, on standard error."),
    ];
    for (head, body) in COMMANDS {
        r.item(head, body);
    }
    r.section("GRAMMAR");
    r.para("As `ipr rule help` prints it:");
    r.layout(layout::RULE);
    r.section("KEYWORDS");
    r.subsection("SELECTOR and ACTION: add and delete");
    r.para(
        "The action is `table` (`lookup`), `goto`, `nop` or a type: `blackhole`, \
         `unreachable`, `prohibit` (also after `type`).",
    );
    r.keywords(&rule::ADD);
    r.subsection("SELECTOR: list, flush and save");
    r.keywords(&rule::LIST);
    r.subsection("sync");
    r.keywords(&verbs::RULE_SYNC);
    r.section("VALUES");
    r.value_sets(layout::RULE, &[]);
    r.section("PROTOCOL TAGS");
    r.para(
        "Rules carry a protocol as routes do. With a name registered in rt_protos.d (see \
         ipr-route(8)), a script adds and removes its own rules only:",
    );
    r.verbatim(&[
        "echo '200 myapp' > /etc/iproute2/rt_protos.d/myapp.conf",
        "ipr rule add fwmark 0x1 lookup 100 pref 1000 protocol myapp",
        "ipr -d rule show | grep 'proto myapp'",
        "ipr rule flush protocol myapp              # removes only those",
    ]);
    r.para(
        "iproute2 6.1 ignores `protocol` when it lists rules (`ip rule show protocol P` prints \
         every rule), and ipr answers as it does; `flush` and `sync` do select by protocol.",
    );
    sync_section(r, "rules", "rule add", "ip -j rule show");
    r.para(
        "A rule has no key but all its attributes: a listed rule is either there already or \
         added, and a rule of the protocol the file leaves out is deleted. One family per \
         run: IPv4, or IPv6 with `-6`.",
    );
    r.verbatim(&[
        "# /etc/myapp/rules: rule add lines without the verb",
        "fwmark 0x1 lookup 100 pref 1000",
        "from 192.0.2.0/24 lookup 200 pref 1010",
        "",
        "ipr rule sync proto myapp /etc/myapp/rules",
    ]);
    files(r);
    exit_status(r);
    r.section("EXAMPLES");
    r.verbatim(&[
        "ipr rule                                         # every IPv4 rule",
        "ipr -6 rule show",
        "ipr rule add from 192.0.2.0/24 table 100 pref 1000     # source routing",
        "ipr rule add fwmark 0x1/0xff lookup 200                # by firewall mark",
        "ipr rule add to 198.51.100.0/24 prohibit",
        "ipr rule add uidrange 1000-1999 ipproto tcp dport 443 lookup 300",
        "ipr rule del pref 1000",
        "ipr rule show table 100",
    ]);
    see_also(r, "ipr(8), ipr-route(8), ");
}
