//! The prose of the manual pages. Keyword lists and grammar synopses come from
//! the grammar tables (`manpage::Roff::keywords`, `Roff::layout`); what is here
//! explains how the pieces fit together.

use super::manpage::Roff;
use crate::cli::grammar::{layout, route, rule, verbs};

/// `ipr(8)`.
pub fn ipr_page(r: &mut Roff) {
    r.section("NAME");
    r.para("ipr - show and change routes and routing rules, as iproute2's ip does");
    r.section("SYNOPSIS");
    r.verbatim(&[
        "ipr [ OPTIONS ] route [ COMMAND [ ARGUMENTS ] ]",
        "ipr [ OPTIONS ] rule [ COMMAND [ ARGUMENTS ] ]",
        "ipr [ OPTIONS ] OBJECT ...      (any other object: iproute2's ip)",
        "ipr [ -force ] -batch FILE|-",
        "ipr completions bash|zsh|fish",
        "ipr manpage [ route|rule ]",
    ]);
    r.section("DESCRIPTION");
    r.para(
        "ipr answers `ip route` and `ip rule` command lines exactly as iproute2 6.1's `ip` does: \
         the same words (abbreviations included), the same output byte for byte in every mode \
         (text, `-d`, `-o`, `-N`, `-c`, JSON), the same messages and exit statuses, and the same \
         kernel state afterwards. It adds commands of its own: `route explain` (why a packet \
         takes a route), `route sync` and `rule sync` (make one protocol's routes or rules \
         exactly those of a file), and the `-table` view.",
    );
    r.para(
        "Words are matched the way ip matches them: a word stands for the first keyword, in a \
         fixed order, that it is a prefix of. So `ipr r s` is `ipr route show`, `ipr ru` is \
         `ipr rule`, and `-d`, `-de` and `-details` are one option. ipr's own words (`explain`, \
         `sync`, `-table`, `completions`, `manpage`) must be spelled out, so no abbreviation ip \
         understands changes meaning.",
    );
    r.section("OBJECTS");
    r.item(
        "`route`",
        "Routing tables: list, add, change, delete, flush, save and restore routes, ask which \
         route a packet takes, explain that choice, sync a protocol's routes. See ipr-route(8).",
    );
    r.item(
        "`rule`",
        "Routing policy rules: list, add, delete, flush, save, restore, sync. See ipr-rule(8).",
    );
    r.item(
        "other objects",
        "`addr`, `link`, `neigh`, `netns`, `monitor` and every other object iproute2 knows are \
         handed to iproute2's own ip with the same arguments (ipr replaces itself with it, so \
         the output, exit status and signals are ip's). The real ip is `IPR_IP` if set, else \
         the first `ip` on `PATH` that is not ipr itself, else /usr/sbin/ip, /sbin/ip, /bin/ip.",
    );
    r.item(
        "`completions` bash|zsh|fish",
        "Prints the completion script of that shell (see COMPLETION).",
    );
    r.item(
        "`manpage` [route|rule]",
        "Prints this page, ipr-route(8) or ipr-rule(8) as roff.",
    );
    options(r);
    r.section("PROTOCOL TAGS");
    r.para(
        "Every route and rule carries a protocol number that says who installed it. A script \
         that gives its own number to everything it adds can later list, replace or flush \
         exactly its own routes and rules, whatever else the table holds. The walk-through is \
         in ipr-route(8); `route sync` and `rule sync` build on it.",
    );
    r.section("COMPLETION");
    r.para(
        "`ipr completions bash`, `zsh` and `fish` print small scripts that ask ipr itself for \
         the candidates of the word under the cursor, so completion knows exactly what the \
         parser accepts: objects and verbs, the keywords valid at that point of each verb, \
         protocol, table, scope, realm and dsfield names from the names files (those of \
         /etc/netns/NS/iproute2 when `-n NS` is on the line), device names from the kernel \
         (in that namespace), namespace names after `-n`, route types and families.",
    );
    r.verbatim(&[
        "source <(ipr completions bash)        # bash, e.g. in ~/.bashrc",
        "source <(ipr completions zsh)         # zsh, after compinit",
        "ipr completions fish | source         # fish",
    ]);
    files(r);
    environment(r);
    exit_status(r);
    r.section("EXAMPLES");
    r.verbatim(&[
        "ipr r                                   # the main table, as ip r",
        "ipr -6 route show table all",
        "ipr -n blue -d -j -p rule               # rules of namespace blue, JSON",
        "ipr -table route show                   # an aligned table for people",
        "ipr route explain 192.0.2.7 from 10.0.0.2",
        "ipr -batch routes.txt",
        "ipr manpage route | man -l -",
    ]);
    see_also(r, "ipr-route(8), ipr-rule(8), ");
}

fn options(r: &mut Roff) {
    r.section("OPTIONS");
    r.para("Options come before the object; each may be abbreviated as ip allows.");
    const OPTIONS: &[(&str, &str)] = &[
        ("`-4`, `-6`", "IPv4 only, IPv6 only."),
        ("`-0`, `-M`, `-B`", "Link layer, MPLS, bridge family."),
        (
            "`-family` FAMILY",
            "The family by name: inet, inet6, link, mpls, bridge.",
        ),
        (
            "`-details`",
            "Print every attribute (type, protocol, scope, table); twice for more.",
        ),
        (
            "`-stats`, `-statistics`",
            "Statistics; with `route flush`, report each round.",
        ),
        ("`-json`", "JSON output."),
        ("`-pretty`", "Indented JSON."),
        ("`-oneline`", "One record per line."),
        ("`-Numeric`", "Print numbers instead of names."),
        ("`-resolve`", "Print host addresses as names."),
        (
            "`-color`[=always|auto|never]",
            "Colour addresses and device names.",
        ),
        (
            "`-netns` NAME",
            "Run inside network namespace NAME (/run/netns/NAME), with the names files of \
             /etc/netns/NAME/iproute2 when it exists.",
        ),
        (
            "`-batch` FILE",
            "Read one command per line from FILE (- for standard input); `#` starts a comment.",
        ),
        (
            "`-force`",
            "In a batch, go on after a failed command (the exit status still says it failed).",
        ),
        ("`-echo`", "Print what the kernel made of each change."),
        (
            "`-human`, `-human-readable`, `-iec`, `-timestamp`, `-tshort`, `-brief`, `-loops` N, `-rcvbuf` SIZE, `-all`",
            "Accepted as ip accepts them; they matter to objects other than route and rule.",
        ),
        ("`-Version`", "Print the version."),
        ("`-help`", "Print the usage."),
        (
            "`-table`",
            "ipr only: an aligned table for people (route show, rule list), fitted to the \
             terminal, ASCII into pipes; refused with `-json`.",
        ),
    ];
    for (head, body) in OPTIONS {
        r.item(head, body);
    }
}

/// FILES, shared by the three pages.
fn files(r: &mut Roff) {
    r.section("FILES");
    r.para(
        "Names of numbers, read on first use. Each file holds `NUMBER NAME` lines (decimal or \
         0x hexadecimal, `#` comments); a name can be used wherever its number can, and is \
         printed in its place unless `-N` is given. When a file is missing from /etc/iproute2, \
         the copy under /usr/share/iproute2 is read.",
    );
    const FILES: &[(&str, &str)] = &[
        (
            "/etc/iproute2/rt_protos",
            "Route and rule protocols (`proto`).",
        ),
        (
            "/etc/iproute2/rt_protos.d/*.conf",
            "More protocols, one file per owner: the place to register your own.",
        ),
        (
            "/etc/iproute2/rt_tables",
            "Routing tables (`table`, `lookup`).",
        ),
        ("/etc/iproute2/rt_tables.d/*.conf", "More routing tables."),
        ("/etc/iproute2/rt_scopes", "Route scopes (`scope`)."),
        ("/etc/iproute2/rt_realms", "Realms (`realms`)."),
        (
            "/etc/iproute2/rt_dsfield",
            "TOS/DS field values (`tos`, `dsfield`).",
        ),
        ("/etc/iproute2/group", "Device groups (`suppress_ifgroup`)."),
        (
            "/usr/share/iproute2/",
            "The distribution's copies of the files above, and its rt_protos.d and rt_tables.d \
             drop-ins (read before those of /etc).",
        ),
        (
            "/etc/netns/NS/iproute2/",
            "With `-n NS`, the names files of namespace NS, in place of /etc/iproute2 (as \
             `ip netns exec NS` shows them).",
        ),
        ("/run/netns/NS", "The network namespace `-n NS` enters."),
        ("/etc/protocols", "IP protocol names (`ipproto`)."),
        (
            "/run/ipr/*.lock",
            "Locks that keep two syncs of one protocol apart (see `route sync`).",
        ),
    ];
    for (path, what) in FILES {
        r.item(path, what);
    }
}

fn environment(r: &mut Roff) {
    r.section("ENVIRONMENT");
    r.item(
        "IPR_IP",
        "The iproute2 ip that other objects are handed to.",
    );
    r.item(
        "IPR_SYNC_WAIT",
        "Seconds a sync waits for another sync's lock (default 30; 0: do not wait).",
    );
    r.item(
        "COLUMNS",
        "The width `-table` fits when it cannot ask the terminal.",
    );
}

/// EXIT STATUS, shared by the three pages: ip's statuses, and ipr's own uses.
pub fn exit_status(r: &mut Roff) {
    r.section("EXIT STATUS");
    r.item("0", "Success.");
    r.item(
        "1",
        "A command line ip refuses before asking the kernel for something it cannot read: an \
         unknown object, an address or prefix that is not one (`Error: any valid prefix is \
         expected rather than ...`), a device that does not exist (`Cannot find device`), \
         `route flush` without a selector. Also a batch in which a command failed \
         (`Command failed FILE:LINE`). ipr's own commands use 1 for a sync that refuses to \
         start (a reserved protocol or an empty list without `force`, a file it cannot \
         read, a lock still held), an `explain` whose walk disagrees with the kernel, and \
         when no iproute2 ip can be found for another object. A wrong line in a sync file \
         gives the status the add command would give it.",
    );
    r.item(
        "2",
        "The kernel refused the request or the dump: `RTNETLINK answers: ...` or the kernel's \
         own `Error: ....` (a route that exists already or does not exist, an unreachable \
         gateway, a missing table, a lack of privilege). A sync whose transaction the kernel \
         refused, and which was taken back, also exits 2.",
    );
    r.item(
        "255",
        "A syntax error: an unknown command, keyword or option, a value that is not valid \
         (`Error: argument \"X\" is wrong: ...`), an incomplete command line; a help or usage \
         text; a namespace that cannot be entered; a syntax error in a batch; a rule dump the \
         kernel refused.",
    );
}

fn see_also(r: &mut Roff, ours: &str) {
    r.section("SEE ALSO");
    r.para(&format!(
        "{ours}ip(8), ip-route(8), ip-rule(8), ip-netns(8)"
    ));
}

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
pub fn route_page(r: &mut Roff) {
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
pub fn rule_page(r: &mut Roff) {
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
