#!/usr/bin/env bash
# t0008: the audit trail (S-10..S-15, S-29): a keyed hash chain that `audit verify` checks and
# that names the first changed, flipped or removed row; rows the application cannot change; the
# data-subject extract (roles, names only with a recorded reason) and the per-child export.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"

t init >/dev/null && t import "$FIX" >/dev/null
t child show 1 >/dev/null && t notification list --child 1 >/dev/null

test_expect_success 'init makes a key file outside the database, readable by its owner only' '
	[ -f "$DB.key" ] && [ "$(stat -c %a "$DB.key")" = 600 ] &&
	! grep -q "$(cut -d" " -f2 "$DB.key")" "$DB"
'

test_expect_success 'every file trappe makes is its owner'"'"'s only, whatever the umask' '
	(
		umask 000 && d="$TMP/open.db" &&
		"$TRAPPE" --db "$d" init >/dev/null && "$TRAPPE" --db "$d" import "$FIX" >/dev/null &&
		"$TRAPPE" --db "$d" export --output "$TMP/open.jsonl" >/dev/null &&
		"$TRAPPE" --db "$d" report status --year 2025 --format html -o "$TMP/open.html" || exit 1
		"$TRAPPE" --db "$d" serve --listen 127.0.0.1:0 --port-file "$TMP/open.port" 2>/dev/null &
		spid=$!
		for _ in $(seq 50); do [ -s "$TMP/open.port" ] && break; sleep 0.1; done &&
		curl -s -o /dev/null "http://127.0.0.1:$(cat "$TMP/open.port")/healthz" &&
		ls "$TMP"/open.db* "$TMP/open.jsonl" "$TMP/open.html" >"$TMP/made"
		kill $spid && wait $spid
		grep -q "open.db-wal" "$TMP/made" && grep -q "open.db-shm" "$TMP/made" &&
		while read -r f; do
			[ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || { echo "$f: $(stat -c %a "$f")"; exit 1; }
		done <"$TMP/made"
	)
'

test_expect_success 'every row is chained and audit verify says the chain is intact' '
	t audit verify >"$TMP/v" && grep -q "rows verified; the chain is intact" "$TMP/v" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE length(hash)=32")" = "$(sqlite3 "$DB" "SELECT count(*) FROM audit")" ]
'

test_expect_success 'the application cannot change or delete an audit row' '
	! sqlite3 "$DB" "UPDATE audit SET detail='"'"'x'"'"' WHERE id=2" 2>"$TMP/e" &&
	grep -q "audit rows cannot be changed" "$TMP/e" &&
	! sqlite3 "$DB" "DELETE FROM audit WHERE id=2" 2>"$TMP/e" &&
	grep -q "audit rows cannot be deleted" "$TMP/e"
'

test_expect_success 'a byte flipped in the audit table makes verify fail at that row' '
	cp "$DB" "$TMP/f.db" && cp "$DB.key" "$TMP/f.db.key" &&
	t audit child 1 --reason "MARKER-FLIP-TEST" >/dev/null &&
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	row=$(sqlite3 "$DB" "SELECT id FROM audit WHERE detail LIKE '"'"'%MARKER-FLIP-TEST%'"'"'") &&
	[ -n "$row" ] && cp "$DB" "$TMP/g.db" && cp "$DB.key" "$TMP/g.db.key" &&
	perl -pi -e "s/MARKER-FLIP-TEST/MARKER-FLIP-TESU/" "$TMP/g.db" &&
	expect_code 1 "$TRAPPE" --db "$TMP/g.db" audit verify && err_has "audit row $row: does not match"
'

test_expect_success 'a row removed from the middle is named too' '
	cp "$DB" "$TMP/h.db" && cp "$DB.key" "$TMP/h.db.key" &&
	sqlite3 "$TMP/h.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=3" &&
	expect_code 1 "$TRAPPE" --db "$TMP/h.db" audit verify && err_has "audit row 4: expected row 3"
'

test_expect_success 'without its key file the database does not open, and says why' '
	cp "$DB" "$TMP/k.db" &&
	expect_code 1 "$TRAPPE" --db "$TMP/k.db" audit verify && err_has "key file" &&
	cp "$DB.key" "$TMP/k.db.key" && chmod 644 "$TMP/k.db.key" &&
	expect_code 2 "$TRAPPE" --db "$TMP/k.db" audit verify && err_has "chmod 600"
'

test_expect_success 'the data-subject extract: accesses with roles, logged itself' '
	t audit child 1 >"$TMP/x" &&
	grep -q "opslag i sagen	Barn	sagsbehandling	drift (kommandolinje)" "$TMP/x" &&
	grep -q "visning på en liste" "$TMP/x" && ! grep -q "cli:" "$TMP/x" &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE action='"'"'extract'"'"' ORDER BY id DESC LIMIT 1" | grep -qx "data-subject extract"
'

test_expect_success 'staff are named only with a recorded reason' '
	t audit child 1 --reason "Anmodning om indsigt, sag 24-17" >"$TMP/x" && grep -q "	cli:" "$TMP/x" &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE action='"'"'extract'"'"' ORDER BY id DESC LIMIT 1" | grep -q "reason: Anmodning om indsigt, sag 24-17" &&
	expect_code 2 t audit child 1 --reason "" && err_has "--reason"
'

test_expect_success 'export-child writes everything about the child and nothing about others' '
	t export-child 1 >"$TMP/c.jsonl" && head -1 "$TMP/c.jsonl" | grep -q "\"type\":\"child\",\"id\":1," &&
	[ "$(grep -c "" "$TMP/c.jsonl")" -ge 10 ] &&
	! grep -v "\"type\":\"person\"" "$TMP/c.jsonl" | grep -v "\"type\":\"child\"" | grep -v "\"child_id\":1[,}]" &&
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'export'"'"' AND child_id=1" | grep -qx 1 &&
	t audit verify >/dev/null
'

test_expect_success 'bad audit arguments exit 2 and change nothing' '
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit") &&
	expect_code 2 t audit child x && err_has "ID" &&
	expect_code 2 t audit purge --before 2999-01-01 && err_has "--before" &&
	expect_code 2 t audit purge --before yesterday && err_has "--before" &&
	expect_code 2 t audit frobnicate && err_has "usage" &&
	expect_code 2 t export-child 0 && err_has "ID" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit")" = "$n" ]
'

test_expect_success 'a child that does not exist gives a clear error' '
	expect_code 1 t audit child 999 && err_has "not found" &&
	expect_code 1 t export-child 999 && err_has "not found"
'

test_expect_success 'a copy of the database file without the key holds no CPR, name or note' '
	t notification update 1 --version 1 --content "Rettet note om Testbarn" >/dev/null &&
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	{ cat "$DB"; cat "$DB-wal" 2>/dev/null || true; } >"$TMP/copy" &&
	for s in 120512-4018 1205124018 010116-1232 030385-1234 "Testbarn" "Ølgod" "Testforælder" \
		"Testmorfar" "11 22 33 44" "hos morfar" "hjem i aften" "Skolen skriver" "Rettet note"; do
		if strings -n 4 "$TMP/copy" | grep -qF "$s"; then echo "found in the file: $s"; exit 1; fi
	done &&
	t child show 1 | grep -q "\"name\":\"Testbarn Ærø Ølgod\"" &&
	t notification history 1 | grep -q "Skolen skriver"
'

test_expect_success 'accounts: the TOTP secret and the name are sealed too, and login still works' '
	echo "korrekt-hest-batteri-9" | t user add --login rg-sealed --role caseworker --name "Navnesen Skjultesen" >"$TMP/u" &&
	secret=$(sed -n "s/^totp secret: //p" "$TMP/u") && [ -n "$secret" ] &&
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	! strings -n 4 "$DB" | grep -qF -e "$secret" -e "Skjultesen" &&
	sqlite3 "$DB" "SELECT totp_secret FROM app_user WHERE login='"'"'rg-sealed'"'"'" | grep -q "^e1:"
'

test_expect_success 'a CPR number is found through its keyed hash, not its text' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child WHERE cpr_lookup IS NOT NULL")" = 2 ] &&
	! sqlite3 "$DB" "SELECT cpr_lookup FROM child" | grep -q 1205124018 &&
	[ "$(sqlite3 "$DB" "SELECT count(DISTINCT cpr_lookup) FROM child")" = 2 ]
'

test_expect_success 'a changed sealed value is refused, not shown' '
	cp "$DB" "$TMP/s.db" && cp "$DB.key" "$TMP/s.db.key" &&
	sqlite3 "$TMP/s.db" "UPDATE child SET name=(SELECT name FROM child WHERE id=2) WHERE id=1" &&
	expect_code 1 "$TRAPPE" --db "$TMP/s.db" child show 1 && err_has "field name does not open"
'

test_expect_success 'key rotation seals everything with a new key; the chain and the data survive' '
	old=$(sqlite3 "$DB" "SELECT name FROM child WHERE id=1") &&
	t key rotate | grep -q "key 2 is now current" && [ "$(wc -l <"$DB.key")" = 2 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child WHERE name LIKE '"'"'e1:2:%'"'"'")" = 2 ] &&
	[ "$(sqlite3 "$DB" "SELECT name FROM child WHERE id=1")" != "$old" ] &&
	t child show 1 | grep -q "Testbarn Ærø Ølgod" && t notification history 1 | grep -q "Skolen" &&
	t audit verify >/dev/null &&
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'key_rotated'"'"'" | grep -qx 1
'

test_done
