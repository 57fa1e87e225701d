#!/usr/bin/env bash
# t0010: removing a closed case past its retention (kassation, S-27): only after an archive export
# and a second person's approval, and logged; nothing else can delete a case record (S-28).
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"
PW=korrekt-hest-batteri-9

# Retention one year, so that child 2 (its case closed 2024-06-30) may go and child 1 (open) not.
mkdir "$TMP/cfg" && cp "$TRAPPE_CONFIG"/*.jsonl "$TMP/cfg/" &&
	sed -i 's/"case_retention_years","value":5/"case_retention_years","value":1/' "$TMP/cfg/settings.jsonl"
export TRAPPE_CONFIG="$TMP/cfg"
t init >/dev/null && t import "$FIX" >/dev/null
# A person only child 2 is related to (goes with it), and an edit (its earlier version goes too).
p=$(t person add --name "Testmoster Kassationsen") &&
	t relation add --child-id 2 --person-id "$p" --kind network >/dev/null &&
	t notification update 4 --version 1 --notifier-type school >/dev/null
# One login per person and step where the test allows it: a TOTP code counts once.
for u in tl1 tl2 tl3 tl4 tl5 tl6 boss boss2 boss3 cw cw2 tls; do
	case $u in tls) u=$u:team_leader:Team_Syd ;; tl?) u=$u:team_leader:Team_Nord ;;
	boss*) u=$u:leadership: ;; cw*) u=$u:caseworker:Team_Nord ;; esac
	IFS=: read -r login role team <<<"$u"
	echo "$PW" | t user add --login "$login" --role "$role" ${team:+--team "${team//_/ }"} >"$TMP/u.$login"
done
mkdir "$TMP/arkiv"
# as LOGIN CMD...: run a disposal command as the person LOGIN (password and code on stdin). A TOTP
# code is accepted once per login and 30 s step, so wait for the next step when it was used.
as() {
	local login=$1 secret code
	shift
	secret=$(sed -n 's/^totp secret: //p' "$TMP/u.$login")
	code=$(oathtool --totp -b "$secret")
	if [ -f "$TMP/used.$login" ] && [ "$(cat "$TMP/used.$login")" = "$code" ]; then
		sleep $((31 - $(date +%s) % 30))
		code=$(oathtool --totp -b "$secret")
	fi
	echo "$code" >"$TMP/used.$login"
	printf '%s\n%s\n' "$PW" "$code" | t disposal "$@" --user "$login"
}
rows() { sqlite3 "$DB" "$1"; }
child2_rows() {
	rows "SELECT (SELECT count(*) FROM child WHERE id=2)+(SELECT count(*) FROM child_case WHERE child_id=2)+
		(SELECT count(*) FROM notification WHERE child_id=2)+(SELECT count(*) FROM screening WHERE child_id=2)+
		(SELECT count(*) FROM decision WHERE child_id=2)+(SELECT count(*) FROM intervention WHERE child_id=2)+
		(SELECT count(*) FROM relation WHERE child_id=2)"
}

test_expect_success 'candidates: only children whose every case closed before the retention' '
	t disposal candidates >"$TMP/c" && [ "$(cut -f1 "$TMP/c")" = 2 ] && grep -q "2024-06-30" "$TMP/c" &&
	rows "SELECT count(*) FROM audit WHERE action='"'"'list'"'"' AND detail LIKE '"'"'disposal candidates%ids=2'"'"'" | grep -qx 1
'

test_expect_success 'no one can delete a case record in the database without an approved disposal' '
	! sqlite3 "$DB" "DELETE FROM notification WHERE id=4" 2>"$TMP/e" &&
	grep -q "only by an approved disposal" "$TMP/e" &&
	! sqlite3 "$DB" "DELETE FROM child WHERE id=3" 2>/dev/null &&
	! sqlite3 "$DB" "DELETE FROM record_version" 2>/dev/null &&
	! sqlite3 "$DB" "DELETE FROM person WHERE id=$p" 2>/dev/null &&
	[ "$(child2_rows)" = 7 ]
'

test_expect_success 'a child with an open case, or unknown, cannot be requested; nothing is written' '
	n=$(rows "SELECT count(*) FROM disposal") &&
	expect_code 2 as boss request 1 --reason "Kassation efter arkivloven" --archive-dir "$TMP/arkiv" &&
	err_has "every case must be closed before" &&
	expect_code 1 as boss2 request 99 --reason "x" --archive-dir "$TMP/arkiv" && err_has "not found" &&
	[ "$(rows "SELECT count(*) FROM disposal")" = "$n" ] && [ -z "$(ls "$TMP/arkiv")" ]
'

test_expect_success 'bad arguments exit 2 and change nothing' '
	n=$(rows "SELECT count(*) FROM audit") &&
	expect_code 2 t disposal request 2 --reason x --archive-dir "$TMP/arkiv" && err_has "--user" &&
	expect_code 2 t disposal approve abc --user tl2 --archive-dir "$TMP/arkiv" && err_has "N must be an id" &&
	expect_code 2 t disposal frobnicate && err_has "usage" &&
	expect_code 2 t disposal request 2 --archive-dir "$TMP/arkiv" --user tl1 </dev/null && err_has "--reason" &&
	expect_code 2 t disposal request 2 --reason x --archive-dir "$TMP/nowhere" --user tl1 </dev/null &&
	err_has "--archive-dir" &&
	[ "$(rows "SELECT count(*) FROM audit")" = "$n" ] &&
	[ "$(rows "SELECT count(*) FROM disposal")" = 0 ] && [ -z "$(ls "$TMP/arkiv")" ]
'

test_expect_success 'a wrong password or code is refused, audited, and requests nothing' '
	printf "%s\n%s\n" "forkert" "000000" | expect_code 1 t disposal request 2 --reason x --archive-dir "$TMP/arkiv" --user tl1 &&
	err_has "wrong login, password or code" &&
	[ "$(rows "SELECT count(*) FROM disposal")" = 0 ]
'

test_expect_success 'a caseworker, or a team leader of another team, may not request it (audited)' '
	expect_code 1 as cw request 2 --reason x --archive-dir "$TMP/arkiv" && err_has "team leader of the case" &&
	expect_code 1 as tls request 2 --reason x --archive-dir "$TMP/arkiv" && err_has "team leader of the case" &&
	[ "$(rows "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND child_id=2 AND detail LIKE '"'"'disposal request%'"'"'")" = 2 ] &&
	[ "$(rows "SELECT count(*) FROM disposal")" = 0 ] && [ -z "$(ls "$TMP/arkiv")" ]
'

test_expect_success 'a request writes the archive (0600, everything about the child) and keeps its hash' '
	as tl1 request 2 --reason "Kassation efter bevaringsbestemmelse (test)" --archive-dir "$TMP/arkiv" >"$TMP/r" &&
	grep -q "disposal 1 requested for child 2" "$TMP/r" &&
	f=$(ls "$TMP/arkiv") && [ "$(stat -c %a "$TMP/arkiv/$f")" = 600 ] &&
	case "$f" in kassation-barn-2-*.jsonl) ;; *) false ;; esac &&
	head -1 "$TMP/arkiv/$f" | grep -q "\"type\":\"child\",\"id\":2," &&
	grep -q "Testmoster Kassationsen" "$TMP/arkiv/$f" &&
	grep -q "\"type\":\"record_version\",\"of\":\"notification\",\"record_id\":4" "$TMP/arkiv/$f" &&
	! grep -q "\"child_id\":1[,}]" "$TMP/arkiv/$f" &&
	[ "$(b2sum -l 256 "$TMP/arkiv/$f" | cut -d" " -f1)" = "$(rows "SELECT archive_hash FROM disposal WHERE id=1")" ] &&
	rows "SELECT status FROM disposal WHERE id=1" | grep -qx requested &&
	[ "$(child2_rows)" = 7 ] &&
	rows "SELECT count(*) FROM audit WHERE action='"'"'disposal_requested'"'"' AND child_id=2" | grep -qx 1 &&
	t disposal candidates >"$TMP/c" && [ ! -s "$TMP/c" ]
'

test_expect_success 'the requester cannot approve it: a second person is needed (audited)' '
	expect_code 1 as tl1 approve 1 --archive-dir "$TMP/arkiv" && err_has "second person" &&
	rows "SELECT status FROM disposal WHERE id=1" | grep -qx requested && [ "$(child2_rows)" = 7 ] &&
	rows "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'disposal approve%second person%'"'"'" | grep -qx 1
'

test_expect_success 'an archive that is missing or altered stops the approval' '
	f=$(ls "$TMP/arkiv") && mkdir "$TMP/andet" &&
	expect_code 1 as tl2 approve 1 --archive-dir "$TMP/andet" && err_has "missing there or differs" &&
	cp -p "$TMP/arkiv/$f" "$TMP/andet/$f" && echo "{}" >>"$TMP/andet/$f" &&
	expect_code 1 as tl3 approve 1 --archive-dir "$TMP/andet" && err_has "missing there or differs" &&
	rows "SELECT status FROM disposal WHERE id=1" | grep -qx requested && [ "$(child2_rows)" = 7 ]
'

test_expect_success 'records changed after the archive was made stop the approval' '
	cp "$DB" "$TMP/w.db" && cp "$DB.key" "$TMP/w.db.key" &&
	"$TRAPPE" --db "$TMP/w.db" screening update 2 --version 1 --outcome assessment >/dev/null &&
	cp "$TMP/w.db" "$TMP/w2.db" && cp "$DB.key" "$TMP/w2.db.key" &&
	DB="$TMP/w2.db" expect_code 1 as boss3 approve 1 --archive-dir "$TMP/arkiv" &&
	err_has "changed after the archive was made"
'

test_expect_success 'a second person approves: the child, its records, versions and own persons go' '
	t kpi --year 2024 --json >"$TMP/k0" &&
	as tl4 approve 1 --archive-dir "$TMP/arkiv" >"$TMP/a" && grep -q "disposal 1 approved" "$TMP/a" &&
	[ "$(child2_rows)" = 0 ] &&
	rows "SELECT count(*) FROM person WHERE id=$p" | grep -qx 0 &&
	rows "SELECT count(*) FROM person WHERE id=1" | grep -qx 1 &&
	rows "SELECT count(*) FROM record_version WHERE record_type='"'"'notification'"'"' AND record_id=4" | grep -qx 0 &&
	rows "SELECT status, decided_by <> requested_by FROM disposal WHERE id=1" | grep -qx "disposed|1" &&
	rows "SELECT count(*) FROM audit WHERE action='"'"'disposed'"'"' AND child_id=2" | grep -qx 1 &&
	t child show 1 >/dev/null && expect_code 1 t child show 2 && err_has "not found" &&
	t audit verify >/dev/null &&
	sqlite3 "$DB" "PRAGMA foreign_key_check" | { ! grep -q .; } &&
	# The leaders figures kept of 2024 lost the child with the disposal, not by a rebuild.
	[ "$(rows "SELECT version FROM figure_year WHERE year=2024")" = "$(rows "SELECT version FROM figure_state")" ] &&
	t kpi --year 2024 --json >"$TMP/k1" && t kpi --year 2024 --json --fresh >"$TMP/k2" &&
	cmp -s "$TMP/k1" "$TMP/k2" && ! cmp -s "$TMP/k0" "$TMP/k1" &&
	jq -e ".children == $(jq .children "$TMP/k0") - 1" "$TMP/k1" >/dev/null
'

test_expect_success 'the log of who looked at the disposed child stays, and the list shows both people' '
	[ "$(rows "SELECT count(*) FROM audit WHERE child_id=2")" -ge 3 ] &&
	t disposal list >"$TMP/l" && grep -q "child 2	disposed" "$TMP/l" &&
	grep -q "by user:" "$TMP/l" && ! grep -q "Testbarn" "$TMP/l"
'

test_expect_success 'a request can be withdrawn; the child is a candidate again and keeps its records' '
	c=$(t child add --name "Testbarn Gammel Sag") &&
	{ echo "$PW" | t user add --login rg-anne --role caseworker >/dev/null 2>&1 || true; } &&
	t case add --child-id "$c" --caseworker rg-anne --team "Team Nord" --opened 2018-01-01 --closed 2019-12-31 >/dev/null &&
	as tl5 request "$c" --reason "Kassation (test)" --archive-dir "$TMP/arkiv" >/dev/null &&
	d=$(rows "SELECT id FROM disposal WHERE child_id=$c") &&
	expect_code 1 as cw2 withdraw "$d" && err_has "for the requester" &&
	as tl6 withdraw "$d" | grep -q "disposal $d withdrawn" &&
	rows "SELECT status FROM disposal WHERE id=$d" | grep -qx withdrawn &&
	t disposal candidates | cut -f1 | grep -qx "$c" && t child show "$c" >/dev/null &&
	expect_code 1 as boss approve "$d" --archive-dir "$TMP/arkiv" && err_has "is withdrawn" &&
	rows "SELECT count(*) FROM audit WHERE action='"'"'disposal_withdrawn'"'"' AND child_id=$c" | grep -qx 1
'

test_expect_success 'a done disposal cannot be approved again, re-opened or deleted' '
	expect_code 1 as boss2 approve 1 --archive-dir "$TMP/arkiv" && err_has "is disposed" &&
	! sqlite3 "$DB" "UPDATE disposal SET status='"'"'requested'"'"' WHERE id=1" 2>/dev/null &&
	! sqlite3 "$DB" "DELETE FROM disposal" 2>/dev/null
'

test_done
