#!/usr/bin/env bash
# t0002: export after import gives back the file's records, byte for byte.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"

test_expect_success 'import a whole case history' '
	t init >/dev/null && t import "$FIX" | grep -q "imported $(grep -c . "$FIX") records"
'

test_expect_success 'export reproduces the imported records exactly' '
	t export >"$TMP/out.jsonl" && cmp "$FIX" "$TMP/out.jsonl"
'

test_expect_success 'export --output writes the same' '
	t export --output "$TMP/out2.jsonl" && cmp "$FIX" "$TMP/out2.jsonl"
'

test_expect_success 'the export round-trips into a second database' '
	"$TRAPPE" --db "$TMP/b.db" init >/dev/null &&
	"$TRAPPE" --db "$TMP/b.db" import "$TMP/out.jsonl" >/dev/null &&
	"$TRAPPE" --db "$TMP/b.db" export | cmp - "$FIX"
'

test_expect_success 'importing the same file twice is refused and changes nothing' '
	expect_code 2 t import "$FIX" && err_has "case-history.jsonl:1: child.id: 1 already exists" &&
	err_has "nothing was imported" &&
	t export | cmp - "$FIX"
'

test_expect_success 'import and export are audited' '
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action IN ('"'"'import'"'"','"'"'export'"'"')" | grep -qx 4
'

test_done
