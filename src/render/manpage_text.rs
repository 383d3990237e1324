//! The prose of ipr(8) and the sections all three pages share (FILES, EXIT
//! STATUS, SEE ALSO). Keyword lists and grammar synopses come from the grammar
//! tables (`manpage::Roff::keywords`, `Roff::layout`); the prose explains how
//! the pieces fit together. ipr-route(8) and ipr-rule(8): `manpage_objects`.

use super::manpage::Roff;

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
pub(super) fn files(r: &mut Roff) {
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
pub(super) fn exit_status(r: &mut Roff) {
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

pub(super) fn see_also(r: &mut Roff, ours: &str) {
    r.section("SEE ALSO");
    r.para(&format!(
        "{ours}ip(8), ip-route(8), ip-rule(8), ip-netns(8)"
    ));
}
