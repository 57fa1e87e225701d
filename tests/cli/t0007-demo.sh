#!/usr/bin/env bash
# t0007: the synthetic-data generator is deterministic, goes through the validated import path,
# and the calibration check reports every ratio with its target and tolerance.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the same seed gives the same database' '
	t init >/dev/null && t demo --seed 7 | grep -q "synthetic records: 10416 children" &&
	"$TRAPPE" --db "$TMP/b.db" init >/dev/null && "$TRAPPE" --db "$TMP/b.db" demo --seed 7 >/dev/null &&
	t export >"$TMP/a.jsonl" && "$TRAPPE" --db "$TMP/b.db" export >"$TMP/b.jsonl" &&
	cmp "$TMP/a.jsonl" "$TMP/b.jsonl" && [ "$(wc -l <"$TMP/a.jsonl")" -gt 40000 ]
'

test_expect_success 'another seed gives another database' '
	"$TRAPPE" --db "$TMP/c.db" init >/dev/null && "$TRAPPE" --db "$TMP/c.db" demo --seed 8 >/dev/null &&
	! "$TRAPPE" --db "$TMP/c.db" export | cmp -s - "$TMP/a.jsonl"
'

test_expect_success 'the data is synthetic: substitute CPR numbers only, a test surname' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child WHERE CAST(substr(cpr,1,2) AS INTEGER) <= 31")" = 0 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child WHERE name NOT LIKE '"'"'% Testesen'"'"'")" = 0 ]
'

test_expect_success 'every generated record was audited as an import' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'create'"'"' AND detail='"'"'import'"'"'")" = "$(wc -l <"$TMP/a.jsonl")" ]
'

test_expect_success 'the data has problems, as real data does: overdue deadlines exist' '
	t deadlines --at 2024-12-31 --caseworker rg-01 --json >"$TMP/dl" &&
	grep -q "\"status\":\"overdue\"" "$TMP/dl"
'

test_expect_success 'generating into a database that has data changes nothing' '
	before=$(sqlite3 "$DB" "SELECT count(*) FROM child") &&
	expect_code 2 t demo --seed 9 && err_has "already exists" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child")" = "$before" ]
'

test_expect_success 'demo --check prints every ratio with its target and tolerance' '
	{ t demo --check >"$TMP/check"; [ $? -le 1 ]; } &&
	[ "$(grep -c "target" "$TMP/check")" = 15 ] && grep -q "^#15 " "$TMP/check" &&
	! grep -q "^#14 " "$TMP/check" &&
	{ t demo --check --scale national >"$TMP/nat"; [ $? -le 1 ]; } && grep -q "^#4 " "$TMP/nat" &&
	grep -q "^#14 " "$TMP/nat" && ! grep -q "^#15 " "$TMP/nat"
'

test_expect_success 'bad demo arguments exit 2' '
	expect_code 2 t demo --seed x && err_has "--seed" &&
	expect_code 2 t demo --scale county && err_has "--scale" &&
	expect_code 2 t demo --check --year 1999 && err_has "--year"
'

test_done
