#!/usr/bin/env bash
# Split tunnelling with a firewall mark: packets marked 0x1 use table 100, whose
# default route goes into the tunnel; everything else uses the main table.
#
# Runs in a network namespace it creates and removes; needs root.
# Usage: examples/vpn-split.sh [path-to-ipr]
set -euo pipefail
IPR=${1:-${IPR:-ipr}}
NS=ipr-example-vpn-$$
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add wan type veth peer name wanpeer
ip -n "$NS" link add tun type veth peer name tunpeer
for d in wan wanpeer tun tunpeer; do ip -n "$NS" link set $d up; done
ip -n "$NS" addr add 192.0.2.2/24 dev wan
ip -n "$NS" addr add 10.8.0.2/24 dev tun

"$IPR" -n "$NS" route add default via 192.0.2.1 dev wan
"$IPR" -n "$NS" route add default via 10.8.0.1 dev tun table 100
"$IPR" -n "$NS" rule add fwmark 0x1 lookup 100 pref 100

echo "== rules"
"$IPR" -n "$NS" rule
echo "== marked traffic"
"$IPR" -n "$NS" route get 1.1.1.1 mark 0x1
"$IPR" -n "$NS" route get 1.1.1.1 mark 0x1 | grep -q "dev tun"
echo "== unmarked traffic"
"$IPR" -n "$NS" route get 1.1.1.1 | grep -q "dev wan"
echo "ok: marked packets take the tunnel"
