#!/usr/bin/env bash
# Runs one kernel selftest script with a PATH shim named `ip` in front (see ./ip):
#   tests/kselftest/run.sh ip|ipr SCRIPT [ARGS...]
# With `ipr`, `route` and `rule` commands go to $IPR (default target/debug/ipr);
# with `ip`, everything goes to /usr/sbin/ip through the same shim, so both runs
# see the same dummy-to-veth mapping.
#
# The script runs inside `unshare --net --mount` with a private tmpfs on
# /run/netns: whatever it does to "its" root namespace, and every namespace it
# creates, stay in a throw-away network namespace, and its namespace names
# cannot collide with anyone else's. The script's directory supplies lib.sh when
# it has one; otherwise ./lib.sh (a stand-in for what fib_rule_tests.sh uses).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tool=$1 script=$(realpath "$2")
shift 2
case $tool in
ipr) export IPR=${IPR:-$here/../../target/debug/ipr} ;;
ip) unset IPR ;;
*) echo "usage: $0 ip|ipr SCRIPT [ARGS...]" >&2; exit 255 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$script" "$work/$(basename "$script")"
lib=$(dirname "$script")/lib.sh
[ -e "$lib" ] || lib=$here/lib.sh
ln -s "$lib" "$work/lib.sh"
cd "$work"
unshare --mount --net --propagation private bash -c '
	mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns || exit 1
	PATH="$0:$PATH" bash "$@"' "$here" "./$(basename "$script")" "$@"
