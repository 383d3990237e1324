#!/usr/bin/env bash
# Tag a sandbox's routes with a private protocol registered in rt_protos.d, list
# them, and flush exactly them, leaving every other route alone.
#
# Runs in a network namespace it creates and removes; needs root.
# Usage: examples/sandbox-proto.sh [path-to-ipr]
set -euo pipefail
IPR=${1:-${IPR:-ipr}}
NS=ipr-example-sandbox-$$
cleanup() {
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "/etc/netns/$NS"
}
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link add up0 type veth peer name up1
ip -n "$NS" link set up0 up
ip -n "$NS" link set up1 up
ip -n "$NS" addr add 192.0.2.1/24 dev up0

# Register the protocol for this namespace only (ipr -n NS reads
# /etc/netns/NS/iproute2 the way ip -n NS does).
mkdir -p "/etc/netns/$NS/iproute2/rt_protos.d"
cp -a /etc/iproute2/. "/etc/netns/$NS/iproute2/"
echo "200 sandbox" > "/etc/netns/$NS/iproute2/rt_protos.d/sandbox.conf"

# The sandbox's routes, plus one route of somebody else.
"$IPR" -n "$NS" route add 10.50.0.0/16 via 192.0.2.254 proto sandbox
"$IPR" -n "$NS" route add 10.51.0.0/16 via 192.0.2.254 proto sandbox metric 5
"$IPR" -n "$NS" route add 10.60.0.0/16 via 192.0.2.253 proto 201

echo "== the sandbox's routes"
"$IPR" -n "$NS" route show proto sandbox
echo "== every route"
"$IPR" -n "$NS" route
echo "== flush the sandbox"
"$IPR" -n "$NS" -s route flush proto sandbox
echo "== what is left"
"$IPR" -n "$NS" route
test -z "$("$IPR" -n "$NS" route show proto sandbox)"
"$IPR" -n "$NS" route show proto 201 | grep -q 10.60.0.0/16
echo "ok: only the sandbox's routes were flushed"
