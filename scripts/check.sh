#!/usr/bin/env bash
# check.sh - every test tier: install what is missing, build, run the unit, CLI/HTTP and lint
# tests, then the unit and CLI tests again in an ASan+UBSan build. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0

step() { echo; echo "== $*"; }

step "dependencies"
scripts/install-deps.sh check || exit 1

step "build (build/)"
[ -f build/build.ninja ] || meson setup build || exit 1
ninja -C build || exit 1

step "static analysis: gcc -fanalyzer (build-analyzer/) and cppcheck"
if [ ! -f build-analyzer/build.ninja ]; then
	meson setup build-analyzer -Dc_args=-fanalyzer -Dbuildtype=debug -Db_lto=false >/dev/null || exit 1
fi
ninja -C build-analyzer trappe || exit 1
# The benchmark builds (-Dbench_audit=single|none, scripts/bench.sh) compile audit_group.c
# differently; check that they still compile, so `make bench` does not find out first.
for v in SINGLE NONE; do
	cc -std=c17 -Wall -Wextra -Werror -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		-DBENCH_AUDIT_$v -c -o /dev/null src/app/audit_group.c || exit 1
done
cppcheck --enable=warning,portability,performance --error-exitcode=1 --inline-suppr --quiet \
	--suppress=missingIncludeSystem --project=build/compile_commands.json -i build/meson-private ||
	exit 1

step "tests (build/)"
meson test -C build -v --print-errorlogs --num-processes 2 || status=1

step "build with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Db_lto=false \
		-Darena_debug=true -Dc_args=-fno-sanitize-recover=all || exit 1
fi
ninja -C build-asan || exit 1

step "tests (build-asan/)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 meson test -C build-asan -v --print-errorlogs --num-processes 2 --suite unit --suite cli --suite fuzz ||
	status=1

# One plain summary line over both runs (meson's JSON test logs).
summary() {
	local pass=0 fail=0 p f
	for log in build/meson-logs/testlog.json build-asan/meson-logs/testlog.json; do
		[ -f "$log" ] || continue
		p=$(jq -s '[.[] | select(.result == "OK" or .result == "EXPECTEDFAIL")] | length' "$log")
		f=$(jq -s '[.[] | select(.result != "OK" and .result != "EXPECTEDFAIL" and .result != "SKIP")] | length' "$log")
		pass=$((pass + p))
		fail=$((fail + f))
	done
	echo
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
summary || status=1
exit $status
