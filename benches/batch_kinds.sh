#!/usr/bin/env bash
# Batches of every kind of line: `ip -batch` against `ipr -batch`, side by side
# in one run. Each run gives each tool a fresh namespace with the same links,
# addresses and prepared routes/rules (made by `ip`), runs the same batch file,
# and checks that both leave the same routes and rules. The tool that goes first
# alternates; the figures are medians of RUNS runs, and `ip/ipr` (above 1: ipr is
# faster) is the figure to compare.
#
# Usage: benches/batch_kinds.sh [KIND...]   (needs root; N=5000 route and
#        route get lines, R=1250 rule and listing lines, RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bin ipr
IPR=$PWD/target/release/ipr
N=${N:-5000}
R=${R:-1250}
RUNS=${RUNS:-5}
KINDS=${*:-add replace-new replace-existing change append prepend del test del-force \
  rule-add rule-add-del route-show rule-list route-get mix show-add}
TMP=$(mktemp -d /tmp/ipr-bench-kinds.XXXXXX)
A=ipr-bench-ka-$$
B=ipr-bench-kb-$$
trap 'ip netns del "$A" 2>/dev/null || true; ip netns del "$B" 2>/dev/null || true; rm -rf "$TMP"' EXIT

# Route lines: `route VERB 172.16.x.y/32 REST` for i in [0, n).
routes() { # verb n rest...
  local verb=$1 n=$2; shift 2
  python3 -c "
import sys
verb, n, rest = sys.argv[1], int(sys.argv[2]), ' '.join(sys.argv[3:])
for i in range(n):
    print(f'route {verb} 172.{16 + i // 65536}.{(i // 256) % 256}.{i % 256}/32 {rest}')
" "$verb" "$n" "$@"
}

# Writes $TMP/prep (run by ip in both namespaces), $TMP/batch and $TMP/opts.
make_kind() {
  : > "$TMP/prep"; echo "" > "$TMP/opts"
  case $1 in
    add) routes add "$N" via 10.0.0.2 > "$TMP/batch" ;;
    replace-new) routes replace "$N" via 10.0.0.2 > "$TMP/batch" ;;
    replace-existing) routes add "$N" via 10.0.0.2 > "$TMP/prep"
      routes replace "$N" via 10.0.0.3 proto 78 > "$TMP/batch" ;;
    change) routes add "$N" via 10.0.0.2 > "$TMP/prep"
      routes change "$N" via 10.0.0.3 > "$TMP/batch" ;;
    append) routes append "$N" via 10.0.0.2 > "$TMP/batch" ;;
    prepend) routes prepend "$N" via 10.0.0.2 > "$TMP/batch" ;;
    del) routes add "$N" via 10.0.0.2 > "$TMP/prep"
      routes del "$N" > "$TMP/batch" ;;
    # `route test` answers every line with an error: only -force goes on.
    test) routes add $((N / 2)) via 10.0.0.2 > "$TMP/prep"
      routes test "$N" via 10.0.0.2 > "$TMP/batch"; echo "-force" > "$TMP/opts" ;;
    del-force) routes add "$N" via 10.0.0.2 > "$TMP/prep"
      routes del "$N" > "$TMP/batch"; echo "-force" > "$TMP/opts" ;;
    rule-add) python3 -c "
for i in range($R):
    print(f'rule add pref {1000 + i} from 10.1.{i // 256}.{i % 256} table {100 + i % 50}')" > "$TMP/batch" ;;
    rule-add-del) python3 -c "
for i in range($R // 2):
    print(f'rule add pref {1000 + i} from 10.1.{i // 256}.{i % 256} table 100')
    if i % 2:
        print(f'rule del pref {1000 + i - 1} from 10.1.{(i - 1) // 256}.{(i - 1) % 256} table 100')" > "$TMP/batch" ;;
    route-show) routes add 20 via 10.0.0.2 table 100 > "$TMP/prep"
      python3 -c "
for i in range($R):
    print('route show table 100')" > "$TMP/batch" ;;
    rule-list) python3 -c "
for i in range(20):
    print(f'rule add pref {1000 + i} from 10.1.0.{i} table 100')" > "$TMP/prep"
      python3 -c "
for i in range($R):
    print('rule list')" > "$TMP/batch" ;;
    route-get) echo "route add default via 10.0.0.2" > "$TMP/prep"
      python3 -c "
for i in range($N):
    print(f'route get 172.16.{i // 256 % 256}.{i % 256}')" > "$TMP/batch" ;;
    mix) routes add $((N / 3)) via 10.0.0.2 > "$TMP/prep"
      python3 -c "
n = $N // 3
for i in range(n):
    a = f'172.16.{i // 256}.{i % 256}/32'
    b = f'172.17.{i // 256}.{i % 256}/32'
    print(f'route add {b} via 10.0.0.2')
    print(f'route replace {a} via 10.0.0.3')
    print(f'route del {b}')" > "$TMP/batch" ;;
    # A listing, then a run of additions (pipelined again after it).
    show-add) { echo "route show"; routes add "$N" via 10.0.0.2; } > "$TMP/batch" ;;
    *) echo "unknown kind $1" >&2; exit 2 ;;
  esac
}

fresh() {
  ip netns del "$1" 2>/dev/null || true
  ip netns add "$1"
  ip -n "$1" link add va type veth peer name vb
  ip -n "$1" link set va up
  ip -n "$1" link set vb up
  ip -n "$1" addr add 10.0.0.1/8 dev va
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "$1" link set lo up
  [ -s "$TMP/prep" ] && ip -n "$1" -batch "$TMP/prep"
  return 0
}

state() {
  { ip -n "$1" route show table all; ip -n "$1" -6 route show table all; ip -n "$1" rule; } |
    grep -v -e 'linkdown' -e 'fe80:' | sort
}

# Seconds one tool takes for the batch in namespace $2; its stdout and stderr
# are kept in $TMP/out.$3 and $TMP/err.$3.
timed() { # tool ns label
  local t0 t1
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2046
  "$1" -n "$2" $(cat "$TMP/opts") -batch "$TMP/batch" > "$TMP/out.$3" 2> "$TMP/err.$3" || true
  t1=$EPOCHREALTIME
  echo "$t1 - $t0" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-17s %7s %9s %9s %8s\n' kind lines ip ipr ip/ipr
for kind in $KINDS; do
  make_kind "$kind"
  ip_t=(); ipr_t=()
  for r in $(seq "$RUNS"); do
    fresh "$A"; fresh "$B"
    if [ $((r % 2)) -eq 0 ]; then
      a=$(timed ip "$A" ip); b=$(timed "$IPR" "$B" ipr)
    else
      b=$(timed "$IPR" "$B" ipr); a=$(timed ip "$A" ip)
    fi
    ip_t+=("$a"); ipr_t+=("$b")
    if ! cmp -s <(state "$A") <(state "$B"); then
      echo "$kind: ip and ipr left different routes or rules" >&2
      diff <(state "$A") <(state "$B") | head -5 >&2
      exit 1
    fi
    for stream in out err; do
      if ! cmp -s "$TMP/$stream.ip" "$TMP/$stream.ipr"; then
        echo "$kind: ip and ipr printed different std$stream" >&2
        diff "$TMP/$stream.ip" "$TMP/$stream.ipr" | head -5 >&2
        exit 1
      fi
    done
  done
  ip_med=$(printf '%s\n' "${ip_t[@]}" | median)
  ipr_med=$(printf '%s\n' "${ipr_t[@]}" | median)
  awk -v k="$kind" -v n="$(wc -l < "$TMP/batch")" -v a="$ip_med" -v b="$ipr_med" \
    'BEGIN { printf "%-17s %7d %8.3fs %8.3fs %7.2fx\n", k, n, a, b, a / b }'
done
