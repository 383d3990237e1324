#!/usr/bin/env python3
"""Random differential tester: iproute2 `ip route` / `ip rule` vs ipr.

Usage: run.py [--seed N] [--minutes M] [--lines N] [--out DIR]
       run.py --repro FILE        (FILE: one command line per line; lines starting
                                   with '@' are applied to both namespaces with real ip
                                   as setup; the last line is compared)

Two identical namespaces (fz-rd-a, fz-rd-b) are built; every random command line is
run through `ip -n fz-rd-a ...` and `ipr -n fz-rd-b ...`; stdout, stderr and exit
status are compared byte for byte (after light normalisation of the namespace name
and of timing counters), then the kernel state (route show table all -4/-6, rule
-4/-6) of both namespaces, dumped with the real ip, is compared.
Never touches the root namespace's networking.

Profiles (--profile): default, rulelist, getshow, render, batch (each line is a
[-force] -batch file of 2-8 commands).  Environment: FZ_NS=prefix (must start with
"fz-"; default fz-rd), FZ_NH=1 adds nexthop objects 1-6 to the topology.
Divergences go to OUT/divergences.jsonl, the final counts to OUT/summary.txt.
"""
import argparse
import json
import os
import random
import re
import shlex
import struct
import subprocess
import sys
import tempfile
import time

IP = "/usr/sbin/ip"
# The ipr binary under test: $IPR, else this checkout's debug build.
IPR = os.environ.get(
    "IPR",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "debug", "ipr"),
)
NS_A = os.environ.get("FZ_NS", "fz-rd") + "-a"
NS_B = os.environ.get("FZ_NS", "fz-rd") + "-b"
assert NS_A.startswith("fz-") and NS_B.startswith("fz-")
TMO = 20

SETUP = [
    ["netns", "add", "{ns}"],
    ["netns", "exec", "{ns}", "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
     "net.ipv6.conf.default.accept_dad=0", "net.ipv4.ip_forward=1"],
    ["-n", "{ns}", "link", "set", "lo", "up"],
    ["-n", "{ns}", "link", "add", "v0", "address", "02:00:00:00:00:01", "type", "veth",
     "peer", "name", "v1", "address", "02:00:00:00:00:02"],
    ["-n", "{ns}", "link", "add", "v2", "address", "02:00:00:00:00:03", "type", "veth",
     "peer", "name", "v3", "address", "02:00:00:00:00:04"],
    ["-n", "{ns}", "addr", "add", "10.0.0.1/24", "dev", "v0"],
    ["-n", "{ns}", "addr", "add", "2001:db8::1/64", "dev", "v0"],
    ["-n", "{ns}", "addr", "add", "10.0.1.1/24", "dev", "v1"],
    ["-n", "{ns}", "addr", "add", "2001:db8:1::1/64", "dev", "v1"],
    ["-n", "{ns}", "addr", "add", "192.168.7.1/24", "dev", "v2"],
    ["-n", "{ns}", "addr", "add", "fd00:7::1/64", "dev", "v2"],
    ["-n", "{ns}", "link", "set", "v0", "up"],
    ["-n", "{ns}", "link", "set", "v1", "up"],
    ["-n", "{ns}", "link", "set", "v2", "up"],
]
# nexthop objects (only with --nexthops)
SETUP_NH = [
    ["-n", "{ns}", "nexthop", "add", "id", "1", "via", "10.0.0.2", "dev", "v0"],
    ["-n", "{ns}", "nexthop", "add", "id", "2", "via", "10.0.1.7", "dev", "v1"],
    ["-n", "{ns}", "nexthop", "add", "id", "3", "group", "1/2,3"],
    ["-n", "{ns}", "-6", "nexthop", "add", "id", "4", "via", "2001:db8::2", "dev", "v0"],
    ["-n", "{ns}", "nexthop", "add", "id", "5", "blackhole"],
    ["-n", "{ns}", "nexthop", "add", "id", "6", "dev", "v0"],
]


def run(argv, stdin=None, timeout=TMO):
    try:
        p = subprocess.run(argv, stdin=stdin, capture_output=True, timeout=timeout)
        return p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b""), (e.stderr or b"") + b"<<TIMEOUT>>", -999


def ns_del(ns):
    subprocess.run([IP, "netns", "del", ns], capture_output=True)


def state(ns):
    out = []
    for a in (["route", "show", "table", "all"], ["-6", "route", "show", "table", "all"],
              ["rule"], ["-6", "rule"]):
        o, e, rc = run([IP, "-n", ns] + a)
        out.append(o + e + str(rc).encode())
    return norm(b"\n====\n".join(out))


def ns_setup(ns):
    ns_del(ns)
    for c in SETUP + (SETUP_NH if os.environ.get("FZ_NH") else []):
        argv = [IP] + [x.format(ns=ns) for x in c]
        o, e, rc = run(argv)
        if rc != 0:
            raise RuntimeError("setup failed: %s: %s" % (argv, e))


def sync_pair():
    """(Re)create both namespaces until they are identical and stable."""
    for attempt in range(10):
        ns_setup(NS_A)
        ns_setup(NS_B)
        prev = None
        for _ in range(40):
            time.sleep(0.15)
            cur = (state(NS_A), state(NS_B))
            if cur == prev:
                break
            prev = cur
        if prev and prev[0] == prev[1]:
            return
    raise RuntimeError("cannot get identical namespaces")


# ---------------------------------------------------------------- normalisation
RE_NUMS = [
    (re.compile(rb"expires -?\d+sec"), b"expires Nsec"),
    (re.compile(rb'"expires": ?-?\d+'), b'"expires":N'),
    (re.compile(rb"\bused -?\d+"), b"used N"),
    (re.compile(rb'"used": ?\d+'), b'"used":N'),
    # presence of `age` depends on the kernel's lastuse at the instant of the dump
    (re.compile(rb"\bage -?\d+(\.\d+)?sec ?"), b""),
    (re.compile(rb',?\s*"age": ?[\d.]+'), b''),
    (re.compile(rb"\blastuse -?\d+"), b"lastuse N"),
]


def norm(b):
    b = b.replace(NS_A.encode(), b"NS").replace(NS_B.encode(), b"NS")
    for r, s in RE_NUMS:
        b = r.sub(s, b)
    return b


def norm_nl_stream(b):
    """zero nlmsg_seq/nlmsg_pid in a saved netlink stream (route/rule save)."""
    out = bytearray(b)
    i = 0
    # route save begins with a 4-byte magic; rule save too
    if len(out) >= 4:
        i = 4
    while i + 16 <= len(out):
        ln = struct.unpack_from("=I", out, i)[0]
        if ln < 16:
            break
        struct.pack_into("=II", out, i + 8, 0, 0)
        i += (ln + 3) & ~3
    return bytes(out)


# ---------------------------------------------------------------- generator
class Gen:
    def __init__(self, rnd, profile="default"):
        self.r = rnd
        self.profile = profile

    def ch(self, seq):
        return self.r.choice(seq)

    def p(self, x):
        return self.r.random() < x

    def kw(self, word, full=0.8):
        """keyword, sometimes abbreviated."""
        if self.p(full) or len(word) == 1:
            return word
        return word[: self.r.randint(1, len(word) - 1)]

    # values
    def num(self):
        return self.ch(["0", "1", "2", "3", "7", "10", "77", "100", "127", "128", "200",
                        "255", "256", "1000", "1024", "1500", "65535", "65536",
                        "4294967295", "4294967296", "-1", "0x10", "010", "0x", "abc",
                        "1k", "99999999999999999999", str(self.r.randint(0, 70000))])

    def small(self):
        return self.ch(["0", "1", "2", "3", "5", "10", "64", "100", "255", "256", "-1",
                        "0x20", "x", str(self.r.randint(0, 300))])

    def v4addr(self):
        return self.ch(["10.0.0.1", "10.0.0.2", "10.0.0.5", "10.0.1.1", "10.0.1.7",
                        "192.168.7.1", "192.168.7.9", "127.0.0.1", "10.99.0.1",
                        "1.2.3.4", "0.0.0.0", "255.255.255.255", "224.0.0.1",
                        "10.0.0.255", "10.0", "10", "0x0a000002", "300.1.1.1",
                        "10.0.0.1.1", "%d.%d.%d.%d" % tuple(self.r.randint(0, 255) for _ in range(4))])

    def v6addr(self):
        return self.ch(["2001:db8::1", "2001:db8::2", "2001:db8::5", "2001:db8:1::1",
                        "2001:db8:1::9", "fd00:7::1", "fd00:7::3", "fe80::1",
                        "fe80::ff:fe00:2", "::1", "::", "ff02::1", "2001:db8:99::1",
                        "::ffff:10.0.0.2", "2001:db8:::1", "2001:db8::g",
                        "2001:db8:%x::%x" % (self.r.randint(0, 0xffff), self.r.randint(0, 0xffff))])

    def addr(self, fam=None):
        if fam is None:
            fam = self.ch([4, 4, 6])
        return self.v4addr() if fam == 4 else self.v6addr()

    def v4prefix(self):
        pool = ["10.10.0.0/16", "10.20.0.0/24", "10.30.1.0/24", "10.40.0.1", "172.16.0.0/12",
                "10.10.0.0/24", "10.20.0.128/25", "0.0.0.0/0", "default", "10.0.0.0/24",
                "10.0.0.1", "10.0.0.255", "192.168.7.0/24", "10.50.0.0/16", "1.1.1.1",
                "224.0.0.0/4", "239.1.1.1", "10.60.0.0/8", "10.70.1.2/16", "127.0.0.0/8"]
        if self.p(0.7):
            return self.ch(pool)
        k = self.r.random()
        if k < 0.35:
            a = "%d.%d.%d.%d" % (self.ch([10, 10, 172, 192, 100, 1]), self.r.randint(0, 255),
                                 self.r.randint(0, 255), self.r.randint(0, 255))
            return a + "/" + str(self.r.randint(0, 32))
        return self.ch(["all", "any", "10.8", "10/8", "10.1.2/24", "0x0a000000/8",
                        "10.0.0.0/255.255.0.0", "10.0.0.0/255.0.255.0", "012.1.0.0/16",
                        "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "300.0.0.0/8",
                        "10.0.0.0/8/8", "1.2.3.4/32", "0/0", "0", "default/8", "10.0.0.0/0x10",
                        "10.80.0.0/16", "10.90.0.0/24", "255.255.255.255", "0.0.0.0/8"])

    def v6prefix(self):
        pool = ["2001:db8:10::/48", "2001:db8:20::/64", "2001:db8:30::1", "::/0",
                "default", "2001:db8::/64", "2001:db8:40::/56", "fd00:7::/64",
                "2001:db8:50::1/64", "fe80::/64", "ff00::/8", "2001:db8:60::/47",
                "::1", "2001:db8:70::/128", "fd01::/16"]
        if self.p(0.7):
            return self.ch(pool)
        k = self.r.random()
        if k < 0.4:
            a = "2001:db8:%x:%x::%x" % (self.r.randint(0, 0xffff), self.r.randint(0, 0xffff),
                                        self.r.randint(0, 0xffff))
            return a + "/" + str(self.r.randint(0, 128))
        return self.ch(["all", "any", "2001:db8::/129", "2001:db8::/-1", "2001:db8::/",
                        "2001:db8:::/64", "::ffff:10.0.0.0/104", "2001:db8::/64/1",
                        "::/1", "8000::/1", "2001:db8:80::/ffff:ffff::", "::/128",
                        "2001:db8:90::/63", "fe80::1/128", "2001:db8:a0::/0x40"])

    def prefix(self, fam):
        return self.v4prefix() if fam == 4 else self.v6prefix()

    def dev(self):
        return self.ch(["v0", "v0", "v1", "v1", "v2", "v3", "lo", "nosuch", "v0", "eth0"])

    def table(self):
        return self.ch(["main", "local", "default", "100", "200", "254", "255", "253",
                        "0", "1", "all", "cache", "4294967295", "4294967296", "65536",
                        "100", "100", "main", "foo", "-1", "0x64", "252", "256", "unspec"])

    def proto(self):
        return self.ch(["static", "boot", "kernel", "77", "255", "256", "0", "redirect",
                        "bird", "zebra", "ra", "dhcp", "bgp", "0x10", "99", "unspec", "foo",
                        "local", "-1", "keepalived", "200", "static", "static", "77"])

    def scope(self):
        return self.ch(["global", "link", "host", "site", "nowhere", "universe", "0",
                        "200", "253", "254", "255", "256", "foo", "cosmos", "-1", "0x10"])

    def rtype(self):
        return self.ch(["unicast", "local", "blackhole", "unreachable", "prohibit", "throw",
                        "broadcast", "anycast", "multicast", "nat", "xresolve"])

    def tos(self):
        return self.ch(["0", "0x10", "10", "0x04", "4", "8", "lowdelay", "throughput",
                        "reliability", "0xff", "0x100", "foo", "0x1c", "CS1", "AF11", "ef", "0x02"])

    def realm(self):
        return self.ch(["1", "2", "100", "255", "256", "1/2", "cosmos", "0", "foo",
                        "65535", "1/65536", "/3", "4/", "0x10"])

    def timev(self):
        return self.ch(["10", "100ms", "2s", "1.5s", "0", "5000", "abc", "-1", "1000000s",
                        "4294967295", "3ms", "0.5"])

    # ------------------------------------------------------------ route
    def route_opts(self, fam, in_nexthop=False):
        toks = []
        n = self.r.randint(0, 5)
        for _ in range(n):
            k = self.r.random()
            if k < 0.25:
                toks += [self.kw("via")]
                if self.p(0.15):
                    toks += [self.ch(["inet", "inet6", "mpls", "link", "bridge", "foo"])]
                toks += [self.addr(fam if self.p(0.85) else None)]
            elif k < 0.5:
                toks += [self.ch(["dev", "dev", "oif", "d", "de"]), self.dev()]
            elif k < 0.55:
                toks += ["onlink"]
            elif k < 0.6:
                toks += [self.kw("weight"), self.small()]
            elif k < 0.65 and not in_nexthop:
                toks += [self.kw("src"), self.addr(fam if self.p(0.85) else None)]
            elif k < 0.7:
                toks += [self.kw("realms"), self.realm()]
            elif k < 0.73:
                toks += ["encap", "mpls", self.ch(["100", "100/200", "1048576", "16/17/18", "abc"])]
            elif k < 0.76 and not in_nexthop:
                toks += [self.kw("mtu")] + (["lock"] if self.p(0.3) else []) + [self.num()]
            elif not in_nexthop:
                m = self.ch(["advmss", "hoplimit", "initcwnd", "initrwnd", "reordering",
                             "window", "cwnd", "ssthresh", "rtt", "rttvar", "rto_min",
                             "features", "quickack", "congctl", "fastopen_no_cookie",
                             "pref", "expires", "metric", "preference", "priority",
                             "tos", "dsfield", "table", "proto", "scope", "ttl-propagate",
                             "nhid"])
                if m in ("rtt", "rttvar", "rto_min"):
                    v = self.timev()
                elif m == "features":
                    v = self.ch(["ecn", "foo", "0"])
                elif m in ("quickack", "fastopen_no_cookie"):
                    v = self.ch(["0", "1", "2", "yes"])
                elif m == "congctl":
                    v = self.ch(["cubic", "reno", "bbr", "lock cubic"])
                elif m == "pref":
                    v = self.ch(["low", "medium", "high", "foo", "0", "1"])
                elif m == "expires":
                    v = self.ch(["10", "100", "0", "4294967295", "abc", "-1", "86400"])
                elif m in ("tos", "dsfield"):
                    v = self.tos()
                elif m == "table":
                    v = self.table()
                elif m == "proto":
                    v = self.proto()
                elif m == "scope":
                    v = self.scope()
                elif m == "ttl-propagate":
                    v = self.ch(["enabled", "disabled", "foo"])
                elif m == "nhid":
                    v = self.ch(["1", "0", "abc"])
                else:
                    v = self.num()
                    if self.p(0.2) and m not in ("metric", "preference", "priority"):
                        v = "lock " + v
                toks += [self.kw(m)] + v.split()
        return toks

    def route_modify(self, fam):
        verb = self.ch(["add", "add", "add", "append", "prepend", "replace", "change", "chg",
                        "del", "del", "delete", "test", "a", "ap", "rep", "d", "pre"])
        toks = [verb]
        if self.p(0.3):
            toks.append(self.rtype())
        toks.append(self.prefix(fam))
        if self.p(0.5):
            # a mostly sane route
            if fam == 4:
                nh = self.ch([["via", "10.0.0.2"], ["via", "10.0.1.7"], ["dev", "v0"],
                              ["dev", "v1"], ["via", "10.0.0.5", "dev", "v0"],
                              ["via", "192.168.7.9"], ["dev", "v2"], [],
                              ["via", "inet6", "fe80::2", "dev", "v0"],
                              ["via", "10.99.0.1", "dev", "v0", "onlink"]])
            else:
                nh = self.ch([["via", "2001:db8::2"], ["via", "2001:db8:1::9"], ["dev", "v0"],
                              ["dev", "v1"], ["via", "fe80::1", "dev", "v1"], [],
                              ["via", "fd00:7::3"], ["dev", "lo"],
                              ["via", "2001:db8::5", "dev", "v0"]])
            toks += nh
            extra = self.route_opts(fam)
            toks += extra[: self.r.randint(0, 4)]
        else:
            toks += self.route_opts(fam)
        if self.p(0.15):
            for _ in range(self.r.randint(1, 3)):
                toks.append(self.kw("nexthop"))
                toks += self.route_opts(fam, in_nexthop=True) or ["via", self.addr(fam)]
        if self.p(0.1):
            # shuffle everything after the verb
            rest = toks[1:]
            self.r.shuffle(rest)
            toks = [verb] + rest
        return toks

    def selectors(self, fam):
        toks = []
        for _ in range(self.r.randint(0, 3)):
            k = self.r.random()
            if k < 0.2:
                toks += [self.ch(["to", "root", "match", "exact", "", ""])]
                toks += [self.prefix(fam)]
                toks = [t for t in toks if t]
            elif k < 0.35:
                toks += [self.kw("table"), self.table()]
            elif k < 0.45:
                toks += [self.kw("proto"), self.proto()]
            elif k < 0.5:
                toks += [self.kw("scope"), self.scope()]
            elif k < 0.55:
                toks += [self.kw("type"), self.rtype()]
            elif k < 0.65:
                toks += [self.ch(["dev", "oif", "iif"]), self.dev()]
            elif k < 0.72:
                toks += [self.kw("via")] + ([self.ch(["inet", "inet6"])] if self.p(0.2) else []) + [self.addr(fam)]
            elif k < 0.78:
                toks += [self.kw("src"), self.prefix(fam)]
            elif k < 0.82:
                toks += [self.ch(["realm", "realms"]), self.realm()]
            elif k < 0.86:
                toks += [self.ch(["tos", "dsfield"]), self.tos()]
            elif k < 0.9:
                toks += [self.ch(["metric", "preference", "priority"]), self.num()]
            elif k < 0.93:
                toks += [self.kw("mark"), self.num()]
            elif k < 0.96:
                toks += [self.ch(["cloned", "cached"])]
            else:
                toks += [self.ch(["foo", "vrf", "table", "proto", "dev"])]
        return toks

    def route_show(self, fam):
        verb = self.ch(["show", "list", "lst", "ls", "s", "l", "sh"])
        return [verb] + self.selectors(fam)

    def route_flush(self, fam):
        verb = self.ch(["flush", "flush", "f", "flu"])
        sel = self.selectors(fam)
        if not sel and self.p(0.7):
            sel = [self.kw("proto"), self.proto()]
        # keep flushes mostly narrow so state survives
        if self.p(0.6):
            sel += [self.kw("table"), self.ch(["100", "200", "main", "default"])]
        return [verb] + sel

    def route_get(self, fam):
        toks = [self.ch(["get", "g", "get"])]
        if self.p(0.15):
            toks.append("fibmatch")
        toks.append(self.addr(fam) if self.p(0.9) else self.prefix(fam))
        for _ in range(self.r.randint(0, 3)):
            k = self.ch(["from", "iif", "oif", "tos", "mark", "vrf", "uid", "ipproto",
                         "sport", "dport", "connected", "to", "dsfield", "from", "oif"])
            if k == "from":
                toks += [k, self.addr(fam)]
            elif k in ("iif", "oif"):
                toks += [k, self.dev()]
            elif k in ("tos", "dsfield"):
                toks += [k, self.tos()]
            elif k == "vrf":
                toks += [k, self.dev()]
            elif k == "ipproto":
                toks += [k, self.ch(["tcp", "udp", "icmp", "6", "17", "TCP", "ipv6-icmp", "300", "foo"])]
            elif k == "connected":
                toks += [k]
            elif k == "to":
                toks += [k, self.addr(fam)]
            else:
                toks += [k, self.num()]
        return toks

    def route_cmd(self, fam):
        k = self.r.random()
        if self.profile == "getshow":
            k = 0.55 + k * 0.45
        if k < 0.55:
            body = self.route_modify(fam)
        elif k < 0.75:
            body = self.route_show(fam)
        elif k < 0.88:
            body = self.route_get(fam)
        elif k < 0.96:
            body = self.route_flush(fam)
        else:
            body = [self.ch(["save", "showdump", "restore", "help", "foo", "flush", "get",
                             "add", "del"])]
        obj = self.ch(["route", "route", "route", "r", "ro", "rou"])
        return [obj] + body

    # ------------------------------------------------------------ rule
    def rule_cmd(self, fam):
        obj = self.ch(["rule", "rule", "ru", "rul"])
        k = self.r.random()
        if self.profile == "rulelist":
            k = 0.2 + k * 0.62
        if k < 0.45:
            verb = self.ch(["add", "add", "a", "del", "delete", "d", "append", "prepend",
                            "replace"])
        elif k < 0.75:
            verb = self.ch(["show", "list", "lst", "s", "l", ""])
        elif k < 0.82:
            verb = self.ch(["flush", "f"])
        else:
            verb = self.ch(["save", "add", "del", "help", "foo"])
        toks = [obj] + ([verb] if verb else [])
        for _ in range(self.r.randint(0, 5)):
            k = self.r.random()
            if k < 0.06:
                toks += ["not"]
            elif k < 0.18:
                toks += [self.kw("from"), self.ch(["all", self.prefix(fam), self.addr(fam)])]
            elif k < 0.28:
                toks += [self.kw("to"), self.ch(["all", self.prefix(fam), self.addr(fam)])]
            elif k < 0.32:
                toks += [self.ch(["tos", "dsfield"]), self.tos()]
            elif k < 0.38:
                toks += [self.kw("fwmark"), self.ch(["1", "0x10", "0x10/0xff", "7/0", "0/0",
                                                     "abc", "0xffffffff", "4294967296",
                                                     "1/", "/3", "5/0x100000000"])]
            elif k < 0.44:
                toks += [self.ch(["iif", "dev", "oif"]), self.dev()]
            elif k < 0.54:
                toks += [self.ch(["pref", "preference", "priority", "order", "p", "pr"]),
                         self.ch(["100", "200", "1000", "32765", "0", "32766", "4294967295",
                                  "4294967296", "abc", "-1", "50", "0x20"])]
            elif k < 0.57:
                toks += ["l3mdev"]
            elif k < 0.61:
                toks += [self.kw("uidrange"), self.ch(["0-100", "100-0", "5-5", "1000-2000",
                                                       "0", "a-b", "4294967295-4294967295",
                                                       "1-", "-1"])]
            elif k < 0.65:
                toks += [self.kw("ipproto"), self.ch(["tcp", "udp", "6", "17", "TCP",
                                                      "0x6", "300", "foo", "icmp"])]
            elif k < 0.7:
                toks += [self.ch(["sport", "dport"]), self.ch(["80", "1-1024", "1024-1",
                                                               "65535", "65536", "0", "0x10",
                                                               "22-22", "a", "1-", "-5"])]
            elif k < 0.8:
                toks += [self.ch(["table", "lookup", "t", "tab"]), self.table()]
            elif k < 0.83:
                toks += [self.kw("protocol"), self.proto()]
            elif k < 0.86:
                toks += [self.kw("goto"), self.ch(["100", "200", "32766", "0", "abc", "1000"])]
            elif k < 0.88:
                toks += [self.ch(["nop", "blackhole", "unreachable", "prohibit", "n", "u",
                                  "b", "type", "unicast"])]
            elif k < 0.91:
                toks += [self.ch(["suppress_prefixlength", "s", "sup"]),
                         self.ch(["0", "8", "32", "128", "-1", "256", "abc", "4294967295"])]
            elif k < 0.93:
                toks += [self.kw("suppress_ifgroup"), self.ch(["0", "1", "default", "foo", "-1"])]
            elif k < 0.95:
                toks += [self.ch(["realms", "realm"]), self.realm()]
            elif k < 0.97:
                toks += ["nat", self.addr(fam)]
            elif k < 0.985:
                toks += ["tun_id", self.num()]
            else:
                toks += [self.ch(["foo", "from", "table", "pref", "iif", "fwmark"])]
        return toks

    # ------------------------------------------------------------ render profile
    def valid_nh(self, fam):
        if fam == 4:
            return self.ch([["via", "10.0.0.2"], ["via", "10.0.1.7"], ["dev", "v0"],
                            ["dev", "v1"], ["via", "10.0.0.5", "dev", "v0"],
                            ["via", "192.168.7.9"], ["dev", "v2"],
                            ["via", "inet6", "fe80::2", "dev", "v0"],
                            ["via", "10.99.0.1", "dev", "v0", "onlink"]])
        return self.ch([["via", "2001:db8::2"], ["via", "2001:db8:1::9"], ["dev", "v0"],
                        ["dev", "v1"], ["via", "fe80::1", "dev", "v1"],
                        ["via", "fd00:7::3"], ["dev", "lo"], ["via", "2001:db8::5", "dev", "v0"]])

    def valid_route(self, fam):
        verb = self.ch(["add", "add", "replace", "append", "prepend", "change", "del"])
        toks = [verb]
        typ = None
        if self.p(0.25):
            typ = self.ch(["unreachable", "blackhole", "prohibit", "throw", "local", "unicast",
                           "broadcast", "multicast", "anycast"])
            toks.append(typ)
        toks.append(self.prefix(fam) if self.p(0.3) else self.ch(
            ["10.10.0.0/16", "10.20.0.0/24", "10.30.1.0/24", "10.40.0.1", "default", "10.50.0.0/16"]
            if fam == 4 else ["2001:db8:10::/48", "2001:db8:20::/64", "2001:db8:30::1", "default",
                              "2001:db8:40::/56", "2001:db8:50::/64"]))
        if typ in (None, "unicast", "local", "broadcast", "multicast", "anycast"):
            if self.p(0.2):
                for _ in range(self.r.randint(1, 3)):
                    toks += ["nexthop"] + self.valid_nh(fam)
                    if self.p(0.4):
                        toks += ["weight", self.ch(["1", "2", "5", "255", "256"])]
                    if self.p(0.1) and fam == 4:
                        toks += ["realms", self.ch(["1", "2/3"])]
                    if self.p(0.1):
                        toks += ["encap", "mpls", self.ch(["100", "100/200"])]
                    if self.p(0.1):
                        toks += ["onlink"]
            elif os.environ.get("FZ_NH") and self.p(0.3):
                toks += ["nhid", self.ch(["1", "2", "3", "4", "5", "6", "99"])]
            else:
                toks += self.valid_nh(fam)
        attrs = [["metric", self.ch(["1", "10", "100", "1024", "4294967295", "0"])],
                 ["table", self.ch(["100", "200", "main", "default", "local", "1000", "4294967295", "300"])],
                 ["proto", self.ch(["static", "77", "bird", "boot", "kernel", "255", "ra", "dhcp", "0"])],
                 ["scope", self.ch(["link", "global", "host", "site", "200", "0"])],
                 ["mtu"] + (["lock"] if self.p(0.3) else []) + [self.ch(["1400", "1280", "9000", "68", "65535"])],
                 ["advmss", "1300"], ["hoplimit", self.ch(["64", "1", "255"])],
                 ["initcwnd", "10"], ["initrwnd", "20"],
                 ["rtt", self.ch(["100ms", "2s", "50", "1.5s", "0"])],
                 ["rttvar", self.ch(["50ms", "1s", "7"])], ["reordering", "3"],
                 ["window", "1000"], ["cwnd", "5"], ["ssthresh", "100"],
                 ["rto_min", self.ch(["200ms", "1s", "5"])], ["features", "ecn"],
                 ["quickack", self.ch(["0", "1"])], ["congctl"] + (["lock"] if self.p(0.3) else []) + [self.ch(["cubic", "reno", "bbr"])],
                 ["fastopen_no_cookie", self.ch(["0", "1"])],
                 ["pref", self.ch(["low", "medium", "high"])],
                 ["expires", self.ch(["100", "3600", "4294967"])],
                 ["realms", self.ch(["1", "2/3", "cosmos", "65535"])],
                 ["src", self.ch(["10.0.0.1", "10.0.1.1", "192.168.7.1"] if fam == 4 else ["2001:db8::1", "2001:db8:1::1", "fd00:7::1"])],
                 ["tos", self.ch(["0x10", "0x04", "0x08", "0x1c"])],
                 ["encap", "mpls", self.ch(["100", "100/200/300"])],
                 ["encap", "mpls", "100", "ttl", "5"],
                 ["ttl-propagate", self.ch(["enabled", "disabled"])],
                 ["onlink"]]
        for _ in range(self.r.randint(0, 4)):
            toks += self.ch(attrs)
        return toks

    def valid_rule(self, fam):
        verb = self.ch(["add", "add", "add", "del"])
        toks = ["rule", verb]
        sel = [["not"], ["from", self.ch(["10.0.0.0/8", "10.0.0.1", "all", "192.168.0.0/16"] if fam == 4 else ["2001:db8::/32", "all", "fe80::/10"])],
               ["to", self.ch(["10.20.0.0/24", "1.1.1.1", "all"] if fam == 4 else ["2001:db8:20::/64", "::1"])],
               ["tos", self.ch(["0x10", "0x04", "8"])], ["fwmark", self.ch(["1", "0x10/0xff", "0xffffffff", "7/0"])],
               ["iif", self.ch(["v0", "v1", "lo", "v3", "nosuch"])], ["oif", self.ch(["v0", "v1", "v2", "nosuch"])],
               ["pref", self.ch(["100", "200", "1000", "32765", "50", "5"])],
               ["uidrange", self.ch(["0-100", "1000-2000", "5-5"])],
               ["ipproto", self.ch(["tcp", "udp", "6", "17", "icmp", "ipv6-icmp"])],
               ["sport", self.ch(["80", "1-1024", "22"])], ["dport", self.ch(["443", "1000-2000"])],
               ["tun_id", self.ch(["1", "100", "4294967296"])], ["l3mdev"],
               ["protocol", self.ch(["static", "77", "boot", "kernel", "bird"])]]
        act = [["table", self.ch(["100", "200", "main", "local", "default", "1000", "4294967295"])],
               ["lookup", "100"], ["goto", self.ch(["1000", "32766", "200"])], ["nop"], ["blackhole"],
               ["unreachable"], ["prohibit"], ["realms", self.ch(["1", "2/3", "cosmos"])],
               ["suppress_prefixlength", self.ch(["0", "8", "24"])], ["suppress_ifgroup", self.ch(["0", "1", "default"])],
               ["nat", "1.2.3.4"]]
        for _ in range(self.r.randint(0, 3)):
            toks += self.ch(sel)
        for _ in range(self.r.randint(0, 2)):
            toks += self.ch(act)
        return toks

    def render_line(self):
        fam = self.ch([4, 4, 6])
        famopt = ["-6"] if fam == 6 else ([] if self.p(0.8) else ["-4"])
        k = self.r.random()
        outopts = [o for o, pr in (("-d", 0.3), ("-s", 0.3), ("-o", 0.15), ("-N", 0.1),
                                   ("-j", 0.3), ("-p", 0.1), ("-c=always", 0.05)) if self.p(pr)]
        if k < 0.45:
            return famopt + ["route"] + self.valid_route(fam)
        if k < 0.6:
            return famopt + self.valid_rule(fam)
        if k < 0.8:
            return famopt + outopts + ["route", "show"] + self.ch([[], [], ["table", "all"], ["table", "100"],
                                                                  ["proto", "77"], ["type", "unreachable"],
                                                                  ["table", "local"], ["dev", "v0"], ["cached"],
                                                                  ["table", "all", "type", "local"], ["via", "10.0.0.2"]])
        if k < 0.9:
            return famopt + outopts + ["rule", "show"] + self.ch([[], [], ["table", "100"], ["pref", "100"],
                                                                 ["iif", "v0"], ["fwmark", "1"], ["not"]])
        return famopt + outopts + ["route"] + self.route_get(fam)

    # ------------------------------------------------------------ global
    def line(self):
        if self.profile == "render":
            return self.render_line()
        fam = self.ch([4, 4, 6])
        opts = []
        famopt = []
        if fam == 6 and self.p(0.85):
            famopt.append(self.ch(["-6", "-6", "-6", "-f", "-family"]))
            if famopt[-1] in ("-f", "-family"):
                famopt.append("inet6")
        elif fam == 4 and self.p(0.15):
            famopt.append(self.ch(["-4", "-4", "-family"]))
            if famopt[-1] == "-family":
                famopt.append("inet")
        for o, pr in (("-d", 0.15), ("-s", 0.1), ("-o", 0.08), ("-N", 0.08), ("-j", 0.1),
                      ("-p", 0.05), ("-c", 0.03), ("-details", 0.03), ("-stats", 0.03),
                      ("-oneline", 0.02), ("-json", 0.02), ("-de", 0.02), ("-color=always", 0.02),
                      ("-c=never", 0.02), ("-statistics", 0.01), ("-numeric", 0.02),
                      ("-h", 0.01), ("-pretty", 0.01), ("-0", 0.005), ("-x", 0.005)):
            if self.p(pr):
                opts.append(o)
        self.r.shuffle(opts)
        opts.insert(self.r.randint(0, len(opts)), " ".join(famopt))
        opts = " ".join(opts).split()
        rp = {"default": 0.72, "rulelist": 0.1, "getshow": 0.9}.get(self.profile, 0.72)
        if self.p(rp):
            body = self.route_cmd(fam)
        else:
            body = self.rule_cmd(fam)
        toks = opts + body
        # occasional garbage: drop the last token's value or add junk
        if self.p(0.04) and len(toks) > 2:
            toks = toks[:-1]
        if self.p(0.02):
            toks.append(self.ch(["foo", "", "--", "help", "1"]))
        return toks


# ---------------------------------------------------------------- execution
READ_ONLY_RE = re.compile(r"^(show|list|lst|ls|s|l|sh|get|g|save|showdump|help)$")


def compare_line(toks, stdin_path=None):
    """run one argument vector on both namespaces; return dict of diffs."""
    fin_a = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    fin_b = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        ra = run([IP, "-n", NS_A] + toks, stdin=fin_a)
        rb = run([IPR, "-n", NS_B] + toks, stdin=fin_b)
    finally:
        if stdin_path:
            fin_a.close()
            fin_b.close()
    oa, ea, ca = ra
    ob, eb, cb = rb
    if oa[:4] in (b"$\x121E", b"\x86ipq") or ob[:4] in (b"$\x121E", b"\x86ipq"):
        oa, ob = norm_nl_stream(oa), norm_nl_stream(ob)
    oa, ob, ea, eb = norm(oa), norm(ob), norm(ea), norm(eb)
    diff = {}
    if oa != ob:
        diff["stdout"] = (oa, ob)
    usage = b"Usage: ip " in ea
    if ea != eb and not (usage and (b"Usage" in eb or b"usage" in eb)):
        diff["stderr"] = (ea, eb)
    if ca != cb:
        diff["rc"] = (ca, cb)
    return diff, (oa, ea, ca), (ob, eb, cb)


def b2s(b):
    return b.decode("utf-8", "backslashreplace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--lines", type=int, default=10 ** 9)
    ap.add_argument("--out", default="/tmp/randdiff/out")
    ap.add_argument("--resync-every", type=int, default=150)
    ap.add_argument("--repro", default=None)
    ap.add_argument("--print", action="store_true", help="only print generated lines")
    ap.add_argument("--profile", default="default", choices=["default", "rulelist", "getshow", "render", "batch"])
    args = ap.parse_args()

    if args.print:
        g = Gen(random.Random(args.seed or 1), args.profile)
        for _ in range(min(args.lines, 200)):
            print(shlex.join(g.line()))
        return 0

    os.makedirs(args.out, exist_ok=True)
    try:
        if args.repro:
            return repro(args.repro)
        return fuzz(args)
    finally:
        ns_del(NS_A)
        ns_del(NS_B)


def repro(path):
    sync_pair()
    lines = [l.rstrip("\n") for l in open(path) if l.strip()]
    for l in lines[:-1]:
        assert l.startswith("@")
        t = shlex.split(l[1:])
        run([IP, "-n", NS_A] + t)
        run([IP, "-n", NS_B] + t)
    toks = shlex.split(lines[-1])
    d, a, b = compare_line(toks)
    sa, sb = state(NS_A), state(NS_B)
    print("cmd:", shlex.join(toks))
    for name, (x, y) in d.items():
        print("DIFF", name)
        print("  ip :", repr(x))
        print("  ipr:", repr(y))
    if sa != sb:
        print("STATE DIFF")
        import difflib
        for l in difflib.unified_diff(b2s(sa).splitlines(), b2s(sb).splitlines(), "ip", "ipr", lineterm=""):
            print("  " + l)
    if not d and sa == sb:
        print("same")
        print("  out:", repr(a))
    return 0


def fuzz(args):
    seed = args.seed if args.seed is not None else int(time.time())
    rnd = random.Random(seed)
    g = Gen(rnd, args.profile)
    log = open(os.path.join(args.out, "divergences.jsonl"), "a")
    summary = open(os.path.join(args.out, "summary.txt"), "a")
    t_end = time.time() + args.minutes * 60
    n = ndiff = nstate = nresync = 0
    history = []
    sync_pair()
    bf = os.path.join(args.out, "batch.txt")
    while n < args.lines and time.time() < t_end:
        n += 1
        stdin_path = None
        if rnd.random() < (0.9 if args.profile == "batch" else 0.03):
            # a small batch file
            if args.profile == "batch":
                blines = []
                for _ in range(rnd.randint(2, 8)):
                    k = rnd.random()
                    fam = rnd.choice([4, 4, 6])
                    if k < 0.6:
                        blines.append(shlex.join(["route"] + g.valid_route(fam)))
                    elif k < 0.75:
                        blines.append(shlex.join(g.valid_rule(fam)))
                    elif k < 0.85:
                        blines.append(shlex.join(["route"] + g.route_modify(fam)))
                    else:
                        blines.append(rnd.choice(["route add 10.0.0.0/24 dev v0", "route del 10.99.99.0/24",
                                                  "route show table 100", "rule show", "route flush table 100",
                                                  "route get 10.0.0.2", "route add 2001:db8::/64 dev v0"]))
            else:
                blines = [shlex.join(g.line()) for _ in range(rnd.randint(1, 4))]
            # strip global options from batch lines (they are not valid there)
            blines2 = []
            for bl in blines:
                t = shlex.split(bl)
                while t and t[0].startswith("-"):
                    t = t[1:]
                    if t and t[0] in ("inet", "inet6"):
                        t = t[1:]
                blines2.append(shlex.join(t))
            with open(bf, "w") as f:
                f.write("\n".join(blines2) + "\n")
            toks = (["-force"] if rnd.random() < 0.5 else []) + ["-batch", bf]
            batch_text = "\n".join(blines2)
        else:
            toks = g.line()
            batch_text = None
        d, a, b = compare_line(toks, stdin_path)
        sa, sb = state(NS_A), state(NS_B)
        sdiff = sa != sb
        history.append(shlex.join(toks))
        if d or sdiff:
            ndiff += 1
            rec = {"n": n, "seed": seed, "cmd": shlex.join(toks), "batch": batch_text,
                   "history": history[:-1][-400:],
                   "diff": {k: [b2s(x) if isinstance(x, bytes) else x,
                                b2s(y) if isinstance(y, bytes) else y] for k, (x, y) in d.items()}}
            if sdiff:
                nstate += 1
                import difflib
                rec["state"] = list(difflib.unified_diff(b2s(sa).splitlines(),
                                                         b2s(sb).splitlines(), "ip", "ipr",
                                                         lineterm=""))
            log.write(json.dumps(rec) + "\n")
            log.flush()
        if sdiff or len(history) >= args.resync_every:
            sync_pair()
            nresync += 1
            history = []
        if n % 200 == 0:
            print("lines=%d diffs=%d statediffs=%d resyncs=%d" % (n, ndiff, nstate, nresync), flush=True)
    msg = "profile=%s seed=%d lines=%d diffs=%d statediffs=%d resyncs=%d\n" % (args.profile, seed, n, ndiff, nstate, nresync)
    summary.write(msg)
    print(msg, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
