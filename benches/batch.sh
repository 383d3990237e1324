#!/usr/bin/env bash
# Batch additions: `ip -batch` against `ipr -batch` and against the bare
# pipelined netlink loop (benches/netlink_loop.rs), N route additions each in a
# fresh namespace this script creates and removes. Order alternates per run;
# medians of RUNS runs; ratios are the figures to compare. `ip -batch` at 1M takes
# ~25 s and 4 GB, so it runs once per size (IP_RUNS).
#
# Usage: benches/batch.sh [N...]   (default: 100000 1000000; needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bin ipr --bench netlink_loop
IPR=$PWD/target/release/ipr
LOOP=$(ls -t target/release/deps/netlink_loop-* | grep -v '\.d$' | head -1)
RUNS=${RUNS:-3}
IP_RUNS=${IP_RUNS:-1}
SIZES=${*:-100000 1000000}
NS=ipr-bench-batch-$$
FILE=/tmp/ipr-bench-batch-$$.txt
trap 'ip netns del "$NS" 2>/dev/null || true; rm -f "$FILE" /tmp/ipr-bench-t.$$' EXIT

fresh() {
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  ip -n "$NS" link add va type veth peer name vb
  ip -n "$NS" link set va up
  ip -n "$NS" link set vb up
  ip -n "$NS" addr add 10.0.0.1/8 dev va
}

# "seconds KB" of one run.
measure() {
  fresh
  /usr/bin/time -f "%e %M" "$@" > /dev/null 2> /tmp/ipr-bench-t.$$
  tail -1 /tmp/ipr-bench-t.$$
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in $SIZES; do
  python3 -c "
for i in range($n):
    print(f'route add 172.{16 + i // 65536}.{(i // 256) % 256}.{i % 256}/32 via 10.0.0.2 proto 77')
" > "$FILE"
  ipr_t=(); loop_t=(); ip_t=(); ipr_m=0; ip_m=0
  for r in $(seq "$RUNS"); do
    if [ $((r % 2)) -eq 0 ]; then
      a=$(measure "$IPR" -n "$NS" -batch "$FILE"); b=$(measure ip netns exec "$NS" "$LOOP" "$n")
    else
      b=$(measure ip netns exec "$NS" "$LOOP" "$n"); a=$(measure "$IPR" -n "$NS" -batch "$FILE")
    fi
    ipr_t+=("${a% *}"); loop_t+=("${b% *}")
    ipr_m=$(( ${a#* } > ipr_m ? ${a#* } : ipr_m ))
  done
  for r in $(seq "$IP_RUNS"); do
    c=$(measure ip -n "$NS" -batch "$FILE"); ip_t+=("${c% *}")
    ip_m=$(( ${c#* } > ip_m ? ${c#* } : ip_m ))
  done
  ipr_med=$(printf '%s\n' "${ipr_t[@]}" | median)
  loop_med=$(printf '%s\n' "${loop_t[@]}" | median)
  ip_med=$(printf '%s\n' "${ip_t[@]}" | median)
  awk -v n="$n" -v ip="$ip_med" -v ipr="$ipr_med" -v lp="$loop_med" -v im="$ip_m" -v rm="$ipr_m" 'BEGIN {
    printf "%-8s ip -batch %6.2fs %8dKB   ipr -batch %6.2fs %6dKB   loop %6.2fs   ip/ipr %.2fx   ipr/loop %.2fx\n",
      n, ip, im, ipr, rm, lp, ip / ipr, ipr / lp }'
done
