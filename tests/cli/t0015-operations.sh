#!/usr/bin/env bash
# t0015: operations (issue 22, QUALITY R-04, R-05, R-07, R-08): backup under write load and
# restore verified before it is in place; the key ring's check values; a rotation a running server
# takes; keys pruned; faults named (missing, zero-byte, read-only file and directory, lock
# timeout, second server); damage found by 'trappe check'; a chain cut short found by its anchor.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
sum() { sha256sum "$1" | cut -d' ' -f1; }

t init >/dev/null
t demo >/dev/null

test_expect_success 'backup and restore of a municipal database, timed (R-07)' '
	start=$(date +%s.%N) &&
	t backup --to "$TMP/b1.tbk" >"$TMP/bk" &&
	mid=$(date +%s.%N) &&
	mkdir "$TMP/r" && cp "$DB.key" "$TMP/r/n.db.key" &&
	"$TRAPPE" --db "$TMP/r/n.db" restore "$TMP/b1.tbk" >"$TMP/rs" &&
	end=$(date +%s.%N) &&
	echo "# backup $(awk -v a="$start" -v b="$mid" "BEGIN { printf \"%.2f\", b - a }") s, restore with full check $(awk -v a="$mid" -v b="$end" "BEGIN { printf \"%.2f\", b - a }") s, $(stat -c %s "$TMP/b1.tbk") bytes, $(t child list | wc -l) children" >&3 &&
	grep -q "^check: \|^audit chain: .* intact" "$TMP/rs" &&
	[ "$(stat -c %a "$TMP/b1.tbk")" = 600 ] &&
	[ "$("$TRAPPE" --db "$TMP/r/n.db" export | wc -l)" = "$(t export | wc -l)" ] &&
	"$TRAPPE" --db "$TMP/r/n.db" check | grep -q "^check: ok" &&
	"$TRAPPE" --db "$TMP/r/n.db" check | grep -q "^audit anchor: matches"
' 3>&1

test_expect_success 'the backup holds no key and no plain personal data' '
	key=$(cut -d" " -f2 "$DB.key") &&
	! grep -qF "$key" "$TMP/b1.tbk" &&
	name=$(t child list | head -1 | jq -r .name) && [ -n "$name" ] && [ "$name" != null ] &&
	! grep -qF "$name" "$TMP/b1.tbk" &&
	! grep -qaF "SQLite format" "$TMP/b1.tbk" &&
	head -1 "$TMP/b1.tbk" | grep -qx "trappe-backup 1"
'

test_expect_success 'a restore refuses an existing target, a missing or foreign key file, a changed or cut backup; nothing is left behind' '
	expect_code 1 "$TRAPPE" --db "$TMP/r/n.db" restore "$TMP/b1.tbk" && err_has "exists" &&
	mkdir "$TMP/r2" &&
	expect_code 1 "$TRAPPE" --db "$TMP/r2/x.db" restore "$TMP/b1.tbk" && err_has "key file" &&
	"$TRAPPE" --db "$TMP/other.db" init >/dev/null && cp "$TMP/other.db.key" "$TMP/r2/x.db.key" &&
	expect_code 2 "$TRAPPE" --db "$TMP/r2/x.db" restore "$TMP/b1.tbk" && err_has "does not open under this key" &&
	cp "$DB.key" "$TMP/r2/x.db.key" &&
	head -c 1000000 "$TMP/b1.tbk" >"$TMP/cut.tbk" &&
	expect_code 2 "$TRAPPE" --db "$TMP/r2/x.db" restore "$TMP/cut.tbk" && err_has "cut short" &&
	cp "$TMP/b1.tbk" "$TMP/flip.tbk" &&
	python3 -c "import sys; f = open(sys.argv[1], \"r+b\"); f.seek(500000); b = f.read(1); f.seek(500000); f.write(bytes([b[0] ^ 1]))" "$TMP/flip.tbk" &&
	expect_code 2 "$TRAPPE" --db "$TMP/r2/x.db" restore "$TMP/flip.tbk" && err_has "does not open" &&
	[ "$(ls "$TMP/r2")" = "x.db.key" ] &&
	expect_code 1 t backup --to "$TMP/b1.tbk" && err_has "never overwrites"
'

test_expect_success 'another database'"'"'s key file is refused before anything is written' '
	before=$(sum "$DB") &&
	expect_code 1 env TRAPPE_KEY_FILE="$TMP/other.db.key" "$TRAPPE" --db "$DB" child list &&
	err_has "does not belong to database" && err_has "nothing was written" &&
	[ "$(sum "$DB")" = "$before" ] && t audit verify >/dev/null
'

test_expect_success 'a key file that lacks a key the database was sealed with is refused' '
	t key rotate >/dev/null && head -1 "$DB.key" >"$TMP/old.key" && chmod 600 "$TMP/old.key" &&
	expect_code 1 env TRAPPE_KEY_FILE="$TMP/old.key" "$TRAPPE" --db "$DB" child list &&
	err_has "lacks key 2"
'

test_expect_success 'missing, zero-byte and non-database files get their own message and change nothing' '
	expect_code 1 "$TRAPPE" --db "$TMP/none.db" child list && err_has "does not exist" &&
	: >"$TMP/zero.db" && cp "$DB.key" "$TMP/zero.db.key" &&
	expect_code 1 "$TRAPPE" --db "$TMP/zero.db" child list && err_has "empty file (0 bytes)" &&
	[ "$(stat -c %s "$TMP/zero.db")" = 0 ] &&
	head -c 8192 /dev/urandom >"$TMP/junk.db" && cp "$DB.key" "$TMP/junk.db.key" &&
	expect_code 1 "$TRAPPE" --db "$TMP/junk.db" child list && err_has "not a database"
'

test_expect_success 'a read-only database file and a read-only directory are named as such' '
	command -v setpriv >/dev/null || { echo "# no setpriv"; exit 0; }
	mkdir "$TMP/ro" && cp "$DB" "$DB.key" "$TMP/ro/" && chmod 755 "$TMP" &&
	chown -R 65534:65534 "$TMP/ro" && chmod 444 "$TMP/ro/t.db" &&
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; } &&
	expect_code 1 as_nobody "$TRAPPE" --db "$TMP/ro/t.db" child list && err_has "cannot be written" &&
	chmod 600 "$TMP/ro/t.db" && chmod 555 "$TMP/ro" &&
	expect_code 1 as_nobody "$TRAPPE" --db "$TMP/ro/t.db" child list && err_has "directory" && err_has "-wal" &&
	chmod 755 "$TMP/ro"
'

test_expect_success 'a lock held past the timeout is named, and the write is not made' '
	n=$(t child list | wc -l) &&
	{ sqlite3 "$DB" "BEGIN IMMEDIATE; INSERT INTO key_check VALUES (99, zeroblob(32), 0); SELECT 1;" ".shell sleep 8" "ROLLBACK;" >/dev/null & } &&
	sleep 1 &&
	expect_code 1 t child add --name "Lås Testesen" --birth-date 2016-01-01 --sex male &&
	err_has "locked by another process" && err_has "nothing was written" &&
	wait && [ "$(t child list | wc -l)" = "$n" ]
'

port_of() { for _ in $(seq 100); do [ -s "$1" ] && break; sleep 0.1; done; cat "$1"; }

test_expect_success 'a second server on the same database is refused; /healthz reads the database' '
	"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/p1" 2>"$TMP/s1.log" &
	pid=$! && port=$(port_of "$TMP/p1") &&
	expect_code 1 "$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/p2" &&
	err_has "in use by a trappe server (pid $pid)" &&
	[ "$(curl -s "http://127.0.0.1:$port/healthz")" = ok ] &&
	expect_code 1 t key prune && err_has "in use by a trappe server" &&
	kill $pid && wait $pid
'

PW=korrekt-hest-batteri-9
echo "$PW" | t user add --login rg-drift --role caseworker --team "Team Nord" >"$TMP/u"
child=$(t child list | head -1 | jq -r .id)
t case add --child-id "$child" --caseworker rg-drift --team "Team Nord" --opened 2025-01-01 >/dev/null
test_expect_success 'a rotation while the server runs is taken at the next request; unused keys are pruned' '
	"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/p3" 2>"$TMP/s3.log" &
	pid=$! && port=$(port_of "$TMP/p3") && base="http://127.0.0.1:$port" &&
	tok=$(web_login "$base" rg-drift "$PW" "$(oathtool --totp -b "$(sed -n "s/^totp secret: //p" "$TMP/u")")") &&
	{ [ -n "$tok" ] || { echo "no session"; cat "$TMP/lb"; false; }; } &&
	t key rotate >/dev/null &&
	for i in 1 2 3 4 5 6 7 8; do
		code=$(curl -s -o /dev/null -w "%{http_code}" -b "__Host-trappe=$tok" "$base/barn/$child") &&
		echo "page $i answered $code" && [ "$code" = 200 ] || exit 1
	done &&
	curl -s -b "__Host-trappe=$tok" -o "$TMP/soeg" "$base/soeg" &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/soeg" | head -1) &&
	code=$(curl -s -o /dev/null -w "%{http_code}" -b "__Host-trappe=$tok" -H "Origin: $base" \
		--data-urlencode "csrf=$csrf" --data-urlencode type=conversation --data-urlencode "barn=$child" \
		--data-urlencode date=2026-01-15 --data-urlencode present=rådgiver \
		--data-urlencode bisidder_informed=true --data-urlencode "child_words=efter nøgleskift" \
		"$base/ny") && echo "write answered $code" && [ "$code" = 303 ] &&
	t conversation list --child "$child" | grep -q "efter nøgleskift" &&
	kill $pid && wait $pid &&
	printf "9 %064d\n" 0 >>"$DB.key" && t key rotate >/dev/null &&
	t key prune >"$TMP/pr" && grep -q "removed 1 key no longer in use: 9" "$TMP/pr" &&
	! grep -q "^9 " "$DB.key" && t audit verify >/dev/null && t check >/dev/null
'

test_expect_success 'a web write that meets a lock past the timeout answers 503 in Danish, keeps the typing, names the cause in the log, saves nothing' '
	"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/p4" 2>"$TMP/s4.log" &
	pid=$! && port=$(port_of "$TMP/p4") && base="http://127.0.0.1:$port" &&
	tok=$(web_login "$base" rg-drift "$PW" "$(oathtool --totp -b "$(sed -n "s/^totp secret: //p" "$TMP/u")" -N "now + 30 seconds")") &&
	[ -n "$tok" ] &&
	curl -s -b "__Host-trappe=$tok" -o "$TMP/soeg" "$base/soeg" &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/soeg" | head -1) &&
	n=$(t conversation list --child "$child" | wc -l) &&
	{ sqlite3 "$DB" "BEGIN IMMEDIATE; INSERT INTO key_check VALUES (98, zeroblob(32), 0); SELECT 1;" ".shell sleep 8" "ROLLBACK;" >/dev/null & } &&
	sleep 1 &&
	code=$(curl -s -o "$TMP/busy" -w "%{http_code}" -b "__Host-trappe=$tok" -H "Origin: $base" \
		--data-urlencode "csrf=$csrf" --data-urlencode type=conversation --data-urlencode "barn=$child" \
		--data-urlencode date=2026-01-16 --data-urlencode present=rådgiver \
		--data-urlencode bisidder_informed=true --data-urlencode "child_words=mens basen var låst" \
		"$base/ny") && echo "answered $code" && [ "$code" = 503 ] &&
	grep -q "Systemet var optaget for længe" "$TMP/busy" && grep -q "mens basen var låst" "$TMP/busy" &&
	grep -q "locked by another connection" "$TMP/s4.log" && grep -q "answered 503: database locked" "$TMP/s4.log" &&
	wait %1 2>/dev/null; kill $pid && wait $pid;
	[ "$(t conversation list --child "$child" | wc -l)" = "$n" ]
'

test_expect_success 'check finds a changed personal field and a value that breaks its rule' '
	cp "$TMP/r/n.db" "$TMP/d.db" && cp "$TMP/r/n.db.key" "$TMP/d.db.key" &&
	sqlite3 "$TMP/d.db" "PRAGMA ignore_check_constraints=ON;
		UPDATE notification SET notifier_type=\"schoXl\" WHERE id=(SELECT min(id) FROM notification);
		UPDATE child SET name=substr(name,1,20)||\"AAAA\"||substr(name,25) WHERE id=(SELECT min(id) FROM child);" &&
	expect_code 1 "$TRAPPE" --db "$TMP/d.db" check &&
	grep -q "field name does not open" "$TMP/stdout" &&
	grep -q "notifier_type: breaks its rule" "$TMP/stdout" &&
	err_has "restore it from a backup"
'

test_expect_success 'a chain cut short (an older copy put in place) is found by its anchor and recorded' '
	cp "$TMP/r/n.db" "$TMP/old.db" &&
	"$TRAPPE" --db "$TMP/r/n.db" child add --name "Ny Testesen" --birth-date 2016-02-02 --sex female >/dev/null &&
	cp "$TMP/old.db" "$TMP/r/n.db" && rm -f "$TMP/r/n.db-wal" "$TMP/r/n.db-shm" &&
	"$TRAPPE" --db "$TMP/r/n.db" audit verify >"$TMP/v" 2>"$TMP/verr" &&
	grep -q "audit_chain_loss: rows .* named by the anchor are missing" "$TMP/verr" &&
	"$TRAPPE" --db "$TMP/r/n.db" check | grep -q "^warnings (1"
'

test_done
