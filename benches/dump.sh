#!/usr/bin/env bash
# Listing speed and memory: `ip route show` against `ipr route show` (text and
# JSON) on tables of N routes, in a namespace this script creates and removes.
# Each measurement alternates the order of the two tools and reports the median
# of RUNS runs, the ratio ip/ipr, and peak RSS. Machine-independent figures are
# the ratios; absolute times vary with load.
#
# Usage: benches/dump.sh [N...]   (default: 100000 1000000; needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
IPR=$PWD/target/release/ipr
IP=/usr/sbin/ip
RUNS=${RUNS:-5}
SIZES=${*:-100000 1000000}
NS=ipr-bench-dump-$$
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT

ip netns add "$NS"
ip -n "$NS" link add va type veth peer name vb
ip -n "$NS" link set va up
ip -n "$NS" link set vb up
ip -n "$NS" addr add 10.0.0.1/8 dev va

# Prints "seconds KB" for one run of a command with stdout to /dev/null.
measure() {
  /usr/bin/time -f "%e %M" "$@" > /dev/null 2> /tmp/ipr-bench-time.$$ || true
  tail -1 /tmp/ipr-bench-time.$$
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

loaded=0
for n in $SIZES; do
  python3 - "$loaded" "$n" > /tmp/ipr-bench-routes.$$ <<'PY'
import sys
start, end = int(sys.argv[1]), int(sys.argv[2])
for i in range(start, end):
    print(f"route add 172.{16 + i // 65536}.{(i // 256) % 256}.{i % 256}/32 via 10.0.0.2 proto 77")
PY
  ip -n "$NS" -batch /tmp/ipr-bench-routes.$$
  loaded=$n
  for mode in text json; do
    opt=(); [ "$mode" = json ] && opt=(-j)
    ip_t=(); ipr_t=(); ip_m=0; ipr_m=0
    for r in $(seq "$RUNS"); do
      if [ $((r % 2)) -eq 0 ]; then
        a=$(measure "$IP" -n "$NS" "${opt[@]}" route show); b=$(measure "$IPR" -n "$NS" "${opt[@]}" route show)
      else
        b=$(measure "$IPR" -n "$NS" "${opt[@]}" route show); a=$(measure "$IP" -n "$NS" "${opt[@]}" route show)
      fi
      ip_t+=("${a% *}"); ipr_t+=("${b% *}")
      ip_m=$(( ${a#* } > ip_m ? ${a#* } : ip_m )); ipr_m=$(( ${b#* } > ipr_m ? ${b#* } : ipr_m ))
    done
    ip_med=$(printf '%s\n' "${ip_t[@]}" | median); ipr_med=$(printf '%s\n' "${ipr_t[@]}" | median)
    ratio=$(awk -v a="$ip_med" -v b="$ipr_med" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-8s %-5s ip %6ss %7sKB   ipr %6ss %7sKB   ip/ipr %sx\n' "$n" "$mode" "$ip_med" "$ip_m" "$ipr_med" "$ipr_m" "$ratio"
  done
done
rm -f /tmp/ipr-bench-routes.$$ /tmp/ipr-bench-time.$$
