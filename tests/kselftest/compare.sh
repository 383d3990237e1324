#!/usr/bin/env bash
# Runs the kernel's fib_rule_tests.sh and fib_tests.sh (from DIR, a copy of
# tools/testing/selftests/net of a Linux tree) once with ip and once with ipr
# answering `route`/`rule`, and compares their per-test results:
#   tests/kselftest/compare.sh DIR
# fib_tests.sh runs one test group at a time (a group that fails its setup ends
# its own run only). Its `suppress` group is left out: it pings from the
# namespace it starts in rather than from one it created.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
out=$(mktemp -d)
(cd "$here/../.." && cargo build -q)
groups="unregister down carrier nexthop ipv6_rt ipv4_rt ipv6_addr_metric
	ipv4_addr_metric ipv6_route_metrics ipv4_route_metrics ipv4_route_v6_gw rp_filter"
for tool in ip ipr; do
	"$here/run.sh" $tool "$dir/fib_rule_tests.sh" > "$out/fib_rule_tests.$tool" 2>&1
	echo "exit $?" >> "$out/fib_rule_tests.$tool"
	for g in $groups; do
		echo "== $g"
		"$here/run.sh" $tool "$dir/fib_tests.sh" -t "$g" 2>&1
		echo "exit $?"
	done > "$out/fib_tests.$tool"
done
status=0
for s in fib_rule_tests fib_tests; do
	ok=$(grep -c '\[ OK \]' "$out/$s.ip")
	fail=$(grep -c '\[FAIL\]' "$out/$s.ip")
	if diff -u "$out/$s.ip" "$out/$s.ipr"; then
		echo "$s: same results with ip and ipr ($ok OK, $fail FAIL, skips alike)"
	else
		echo "$s: results differ (above)"
		status=1
	fi
done
rm -rf "$out"
exit $status
