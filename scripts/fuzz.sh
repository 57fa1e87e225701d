#!/usr/bin/env bash
# fuzz.sh - `make fuzz`: build the libFuzzer targets with clang (ASan+UBSan) in build-fuzz/ and run
# each for FUZZ_SECONDS (default 30) from its committed corpus (tests/fuzz/corpus/TARGET). New
# inputs go to build-fuzz/corpus/TARGET; a crash leaves its input in build-fuzz/crashes/ and
# fails the run. Copy an input worth keeping into the committed corpus: make check replays it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${FUZZ_SECONDS:-30}
scripts/install-deps.sh build || exit 1
missing=""
for p in clang libclang-rt-14-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "fuzz: needs$missing (run as root)"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
fi
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debugoptimized -Db_lto=false >/dev/null || exit 1
fi
ninja -C build-fuzz || exit 1
export TRAPPE_CONFIG="$top/config"
status=0
for t in fuzz_cpr fuzz_jsonl fuzz_form fuzz_config; do
	mkdir -p "build-fuzz/corpus/$t" build-fuzz/crashes
	echo "== $t (${secs}s)"
	if ! "build-fuzz/tests/$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="build-fuzz/crashes/$t-" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" \
		2>"build-fuzz/$t.log"; then
		echo "fuzz: $t found a crash; see build-fuzz/$t.log and build-fuzz/crashes/"
		status=1
	fi
	grep -E "stat::number_of_executed_units|cov:" "build-fuzz/$t.log" | tail -2
done
exit $status
