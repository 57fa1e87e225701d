#!/usr/bin/env bash
# format.sh - apply (default) or check (--check) clang-format on the C sources.
set -eu
mode=apply
if [ "${1:-}" = --check ]; then mode=check; shift; fi
cd "${1:-.}"
files=$(find src tests tools -name '*.c' -o -name '*.h' | sort)
if [ "$mode" = check ]; then
	# shellcheck disable=SC2086
	clang-format --dry-run --Werror $files
	echo "format: ok"
else
	# shellcheck disable=SC2086
	clang-format -i $files
fi
