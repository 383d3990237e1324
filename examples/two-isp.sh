#!/usr/bin/env bash
# Source routing for a host with two uplinks: answers leave through the uplink
# whose address they come from. Two tables, two `from` rules, and `route get`
# shows the choice.
#
# Runs in a network namespace it creates and removes; needs root.
# Usage: examples/two-isp.sh [path-to-ipr]
set -euo pipefail
IPR=${1:-${IPR:-ipr}}
NS=ipr-example-2isp-$$
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
for n in 1 2; do
  ip -n "$NS" link add isp$n type veth peer name isp${n}peer
  ip -n "$NS" link set isp$n up
  ip -n "$NS" link set isp${n}peer up
done
ip -n "$NS" addr add 198.51.100.2/24 dev isp1
ip -n "$NS" addr add 203.0.113.2/24 dev isp2

# One table per uplink, each with its own default route.
"$IPR" -n "$NS" route add default via 198.51.100.1 dev isp1 table 101
"$IPR" -n "$NS" route add default via 203.0.113.1 dev isp2 table 102
"$IPR" -n "$NS" route add default via 198.51.100.1 dev isp1
# Traffic from each address looks up its uplink's table.
"$IPR" -n "$NS" rule add from 198.51.100.2 table 101 pref 1001
"$IPR" -n "$NS" rule add from 203.0.113.2 table 102 pref 1002

echo "== rules"
"$IPR" -n "$NS" rule
echo "== from the second uplink's address"
"$IPR" -n "$NS" route get 8.8.8.8 from 203.0.113.2
"$IPR" -n "$NS" route get 8.8.8.8 from 203.0.113.2 | grep -q "via 203.0.113.1 dev isp2"
echo "== from the first uplink's address"
"$IPR" -n "$NS" route get 8.8.8.8 from 198.51.100.2 | grep -q "via 198.51.100.1 dev isp1"
echo "ok: each source address leaves through its own uplink"
