#!/usr/bin/env bash
# Benchmarks `route flush proto 77`: iproute2's `ip` against `ipr`, in the same run.
#
#   benches/flush.sh [ROUTES] [REPETITIONS]      (defaults: 100000 routes, 3 reps)
#
# For each repetition two fresh network namespaces (created and deleted here; the
# root namespace is never touched) get the same table: ROUTES IPv4 routes, half of
# them proto 77 and half proto 78. `ip` flushes proto 77 in one, `ipr` in the
# other; which tool goes first alternates between repetitions. Each run is
# checked: no proto 77 route may remain and every proto 78 route must. Prints each
# run's wall time and peak RSS, then the medians and the ipr/ip time ratio.
# Needs root, iproute2, GNU time (/usr/bin/time) and `cargo build --release`.
set -euo pipefail

ROUTES=${1:-100000}
REPS=${2:-3}
IP=${IP:-/usr/sbin/ip}
IPR=${IPR:-$(dirname "$0")/../target/release/ipr}
[ -x "$IPR" ] || { echo "build ipr first: cargo build --release (or set IPR=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 1; }

WORK=$(mktemp -d)
NS_PREFIX="iprbench$$"
cleanup() {
    for ns in $(ip netns list | awk '{print $1}' | grep "^$NS_PREFIX" || true); do
        ip netns del "$ns" || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# The table, as an `ip -batch` script: /32 routes under 11.0.0.0/8 and 12.0.0.0/8.
python3 - "$ROUTES" > "$WORK/routes" <<'PY'
import sys
n = int(sys.argv[1])
out = []
for i in range(n):
    proto = 77 if i % 2 == 0 else 78
    out.append(f"route add {11 + i // 16777216}.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}/32 via 10.0.0.2 proto {proto}\n")
sys.stdout.write("".join(out))
PY

make_ns() {
    local ns=$1
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add va type veth peer name vb
    ip -n "$ns" link set va up
    ip -n "$ns" link set vb up
    ip -n "$ns" addr add 10.0.0.1/16 dev va
    "$IP" -n "$ns" -batch "$WORK/routes"
}

# Runs one flush; prints "seconds peak_kib".
timed_flush() {
    local tool=$1 ns=$2
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$tool" -n "$ns" route flush proto 77 \
        > "$WORK/out" 2>&1 || { echo "flush failed:" >&2; cat "$WORK/out" >&2; exit 1; }
    if [ -s "$WORK/out" ]; then echo "unexpected output:" >&2; cat "$WORK/out" >&2; fi
    cat "$WORK/time"
}

check() {
    local ns=$1 left77 left78
    left77=$("$IP" -n "$ns" route show proto 77 | wc -l)
    left78=$("$IP" -n "$ns" route show proto 78 | wc -l)
    if [ "$left77" -ne 0 ] || [ "$left78" -ne $((ROUTES / 2)) ]; then
        echo "WRONG RESULT in $ns: $left77 proto 77 routes left, $left78 proto 78 (want 0 and $((ROUTES / 2)))" >&2
        exit 1
    fi
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "routes: $ROUTES (half proto 77), repetitions: $REPS"
: > "$WORK/ip.times"; : > "$WORK/ipr.times"
for rep in $(seq 1 "$REPS"); do
    make_ns "${NS_PREFIX}a$rep"
    make_ns "${NS_PREFIX}b$rep"
    if [ $((rep % 2)) -eq 1 ]; then order="ip ipr"; else order="ipr ip"; fi
    for tool in $order; do
        if [ "$tool" = ip ]; then bin=$IP; ns="${NS_PREFIX}a$rep"; else bin=$IPR; ns="${NS_PREFIX}b$rep"; fi
        read -r secs kib < <(timed_flush "$bin" "$ns")
        check "$ns"
        echo "$secs" >> "$WORK/$tool.times"
        printf 'rep %d %-4s %8.2f s  %8d KiB peak RSS\n' "$rep" "$tool" "$secs" "$kib"
    done
    ip netns del "${NS_PREFIX}a$rep"
    ip netns del "${NS_PREFIX}b$rep"
done
ip_med=$(median < "$WORK/ip.times")
ipr_med=$(median < "$WORK/ipr.times")
echo "median: ip $ip_med s, ipr $ipr_med s, ipr/ip time ratio $(awk -v a="$ipr_med" -v b="$ip_med" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')"
