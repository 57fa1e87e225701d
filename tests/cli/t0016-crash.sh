#!/usr/bin/env bash
# t0016: no acknowledged write and no acknowledged page view's audit row is lost when the server
# is killed (QUALITY R-01, R-03; issue 22). Concurrent web writes and page views
# (tests/cli/crash.mjs), SIGKILL at a random moment, then: every write answered 303 is there with
# its "create" audit row, every page answered 200 has its read-audit row (by request id), the
# database passes 'trappe check', and the server starts again. CRASH_CYCLES cycles (10 in make
# check, 100 in make soak). A backup taken under the same load restores with everything
# acknowledged before it started (R-05).
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
command -v node >/dev/null || { echo "ok - skipped: no node"; test_done; exit; }
CYCLES=${CRASH_CYCLES:-10}

t init >/dev/null
PW=korrekt-hest-batteri-9
echo "$PW" | t user add --login rg-crash --role caseworker --team "Team Nord" >"$TMP/u"
secret=$(sed -n 's/^totp secret: //p' "$TMP/u")
t child add --name "Holdbar Testesen" --birth-date 2014-03-03 --sex female >/dev/null
t case add --child-id 1 --caseworker rg-crash --team "Team Nord" --opened 2025-01-01 >/dev/null
t child add --name "Læst Testesen" --birth-date 2013-04-04 --sex male >/dev/null
t case add --child-id 2 --caseworker rg-crash --team "Team Nord" --opened 2025-01-01 >/dev/null
# The backup's writes go to a child of their own, child 2 is only read (a child's page grows
# with its records, and one request holds a bounded number of them: t0011 tests that limit).
t child add --name "Kopi Testesen" --birth-date 2012-02-02 --sex female >/dev/null
t case add --child-id 3 --caseworker rg-crash --team "Team Nord" --opened 2025-01-01 >/dev/null

serve() {
	rm -f "$TMP/port"
	"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>>"$TMP/server.log" &
	pid=$!
	for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
	base="http://127.0.0.1:$(cat "$TMP/port")"
}

serve
tok=$(web_login "$base" rg-crash "$PW" "$(oathtool --totp -b "$secret")")
curl -s -H "Cookie: __Host-trappe=$tok" -o "$TMP/page" "$base/soeg"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/page" | head -1)

: >"$TMP/acked"
lost_w=0 lost_r=0 writes=0 reads=0 bad=0
for cycle in $(seq "$CYCLES"); do
	# Each cycle writes about a child of its own, so that no child outgrows a request (soak).
	w=$(t child add --name "Skriv Testesen $cycle" --birth-date 2014-05-05 --sex female)
	t case add --child-id "$w" --caseworker rg-crash --team "Team Nord" --opened 2025-01-01 >/dev/null
	[ "$cycle" = 1 ] || serve
	node "$SRC/tests/cli/crash.mjs" "$base" "$tok" "$csrf" "$w" 2 8 >"$TMP/c.out" 2>"$TMP/c.err" &
	client=$!
	sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.4 + rand() * 1.6 }')"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	wait "$client"
	cat "$TMP/c.out" >>"$TMP/acked"
	# Everything acknowledged, looked for by the operator's tools (which take the read log in).
	t conversation list --child "$w" >"$TMP/conv" 2>"$TMP/conv.err" || bad=$((bad + 1))
	while read -r kind a b; do
		if [ "$kind" = W ]; then
			writes=$((writes + 1))
			grep -qF "\"child_words\":\"$a\"" "$TMP/conv" || { lost_w=$((lost_w + 1)); echo "# lost write $a"; }
			echo "$b" >>"$TMP/wids"
		else
			reads=$((reads + 1))
			echo "$a" >>"$TMP/rids"
		fi
	done <"$TMP/c.out"
	t check >"$TMP/check" 2>&1 || { bad=$((bad + 1)); cat "$TMP/check"; }
done
# Audit rows: a create row for every acknowledged write, a read row for every page view.
sqlite3 "$DB" "CREATE TEMP TABLE w(id INTEGER); CREATE TEMP TABLE r(rid TEXT);" \
	".import $TMP/wids w" ".import $TMP/rids r" \
	"SELECT (SELECT count(*) FROM w WHERE id NOT IN (SELECT record_id FROM audit WHERE action='create' AND record_type='conversation')), (SELECT count(*) FROM r WHERE rid NOT IN (SELECT request_id FROM audit WHERE action='read' AND request_id IS NOT NULL));" >"$TMP/orphans" 2>&1
echo "# $CYCLES kill -9 cycles: $writes writes and $reads page views acknowledged; lost: $lost_w writes; missing audit rows (writes, reads): $(tr '|' ' ' <"$TMP/orphans"); failed checks: $bad"

test_expect_success "every acknowledged write and its audit row survive $CYCLES kills (R-01, R-03)" '
	[ "$writes" -gt 0 ] && [ "$reads" -gt 0 ] && [ "$lost_w" = 0 ] && [ "$bad" = 0 ] &&
	[ "$(cat "$TMP/orphans")" = "0|0" ]
'

test_expect_success 'the server starts again after the last kill and serves its pages' '
	serve || exit 1
	health=$(curl -s "$base/healthz") &&
	code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: __Host-trappe=$tok" "$base/boern")
	kill $pid && wait $pid
	echo "healthz: $health; /boern answered $code" && [ "$health" = ok ] && [ "$code" = 200 ]
'

test_expect_success 'a backup under write load restores every write acknowledged before it began (R-05)' '
	serve || exit 1
	node "$SRC/tests/cli/crash.mjs" "$base" "$tok" "$csrf" 3 2 8 >"$TMP/b.out" 2>"$TMP/b.err" &
	client=$!

	sleep 1 && cp "$TMP/b.out" "$TMP/before" &&
	t backup --to "$TMP/load.tbk" >/dev/null &&
	sleep 0.5 && kill $pid && wait $pid; wait $client;
	mkdir "$TMP/rr" && cp "$DB.key" "$TMP/rr/r.db.key" &&
	"$TRAPPE" --db "$TMP/rr/r.db" restore "$TMP/load.tbk" >/dev/null &&
	"$TRAPPE" --db "$TMP/rr/r.db" conversation list --child 3 >"$TMP/rconv" &&
	n=0 && while read -r kind a b; do
		[ "$kind" = W ] || continue
		n=$((n + 1))
		grep -qF "\"child_words\":\"$a\"" "$TMP/rconv" || { echo "missing $a"; exit 1; }
	done <"$TMP/before" &&
	[ "$n" -gt 0 ] &&
	grep "^R " "$TMP/before" | cut -d" " -f2 >"$TMP/brids" &&
	[ "$(sqlite3 "$TMP/rr/r.db" "CREATE TEMP TABLE r(rid TEXT);" ".import $TMP/brids r" "SELECT count(*) FROM r WHERE rid NOT IN (SELECT request_id FROM audit WHERE request_id IS NOT NULL)")" = 0 ] &&
	echo "# backup under load: $n acknowledged writes and $(wc -l <"$TMP/brids") page views before it, all restored" >&3
' 3>&1

test_done
