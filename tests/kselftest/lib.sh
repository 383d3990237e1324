# Stand-in for the selftests' lib.sh: only what fib_rule_tests.sh uses.
ksft_skip=4
setup_ns()
{
	local var ns
	for var in "$@"; do
		ns="$var-$(mktemp -u XXXXXX)"
		ip netns add "$ns" || return 1
		ip -netns "$ns" link set lo up || return 1
		eval "$var=$ns"
	done
}
cleanup_ns()
{
	local ns
	for ns in "$@"; do
		ip netns del "$ns" &> /dev/null
	done
}
check_gen_prog()
{
	command -v "$1" > /dev/null || echo "NOTE: $1 not found; the tests that run it fail"
}
