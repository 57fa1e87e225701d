#!/usr/bin/env bash
# t0005: the calendar commands, the deadline worklist, and rules changed in config/ without a rebuild.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"

# has FILE COND: some JSON line of FILE satisfies the jq condition COND.
has() { jq -s -e "any(.[]; $2)" "$1" >/dev/null; }

test_expect_success 'calendar holidays: one "YYYY-MM-DD name" a line' '
	"$TRAPPE" calendar holidays 2024 >"$TMP/h" &&
	[ "$(wc -l <"$TMP/h")" = 10 ] &&
	grep -qx "2024-03-31 Påskedag" "$TMP/h" &&
	! grep -q "Store bededag" "$TMP/h" &&
	"$TRAPPE" calendar holidays 2023 | grep -qx "2023-05-05 Store bededag" &&
	"$TRAPPE" calendar holidays 2025 | grep -qx "2025-04-20 Påskedag" &&
	"$TRAPPE" calendar holidays 2026 | grep -qx "2026-04-05 Påskedag"
'

test_expect_success 'calendar holidays answers for every year 1900-2200 and no other' '
	for y in $(seq 1900 2200); do
		n=$("$TRAPPE" calendar holidays "$y" | wc -l) || exit 1
		if [ "$y" -le 2023 ]; then [ "$n" = 11 ] || exit 1; else [ "$n" = 10 ] || exit 1; fi
	done &&
	expect_code 2 "$TRAPPE" calendar holidays 1899 && err_has "YEAR" &&
	expect_code 2 "$TRAPPE" calendar holidays 2201 &&
	expect_code 2 "$TRAPPE" calendar holidays 20x4
'

test_expect_success 'calendar add-workdays across Easter and Christmas' '
	[ "$("$TRAPPE" calendar add-workdays 2024-03-27 6)" = 2024-04-09 ] &&
	[ "$("$TRAPPE" calendar add-workdays 2024-12-20 6)" = 2025-01-06 ] &&
	[ "$("$TRAPPE" calendar add-workdays 2024-03-01 0)" = 2024-03-01 ] &&
	expect_code 2 "$TRAPPE" calendar add-workdays 2024-02-30 1 && err_has "DATE" &&
	expect_code 2 "$TRAPPE" calendar add-workdays 2024-03-01 -1 && err_has "N:"
'

test_expect_success 'calendar is-workday: exit 0 on a working day, 1 otherwise' '
	"$TRAPPE" calendar is-workday 2024-04-26 &&
	expect_code 1 "$TRAPPE" calendar is-workday 2023-05-05 &&
	expect_code 1 "$TRAPPE" calendar is-workday 2024-06-05 &&
	expect_code 1 "$TRAPPE" calendar is-workday 2024-12-24 &&
	expect_code 1 "$TRAPPE" calendar is-workday 2024-03-02 &&
	expect_code 2 "$TRAPPE" calendar is-workday tomorrow
'

t init >/dev/null && t import "$FIX" >/dev/null

test_expect_success 'deadlines: a caseworker'"'"'s open deadlines, overdue first, with paragraphs' '
	t deadlines --at 2024-12-01 --caseworker rg-anne --json >"$TMP/dl" &&
	[ "$(wc -l <"$TMP/dl")" = 5 ] &&
	head -1 "$TMP/dl" | jq -e ".rule == \"U3\" and .status == \"overdue\" and .unverified == true" >/dev/null &&
	jq -r .due "$TMP/dl" | tail -n +2 | sort -c &&
	has "$TMP/dl" "(.rule == \"Y1\") and (.due == \"2029-11-12\" and (.explanation_da | contains(\"§ 111\")))"
'

test_expect_success 'deadlines --all shows met ones with their status' '
	t deadlines --at 2024-12-01 --child 1 --all --json >"$TMP/all" &&
	has "$TMP/all" "(.rule == \"U1\" and .record_id == 1) and (.status == \"met\" and .due_at == \"2024-01-06T13:45:00Z\")" &&
	has "$TMP/all" "(.rule == \"P6\" and .record_id == 1) and (.status == \"met_late\")"
'

test_expect_success 'deadlines as of an earlier date: history is not known yet' '
	t deadlines --at 2024-01-05T20:00:00Z --child 1 --json >"$TMP/early" &&
	has "$TMP/early" "(.rule == \"U1\") and (.status == \"due_soon\")"
'

test_expect_success 'a team with no open cases has an empty worklist' '
	t deadlines --at 2024-12-01 --team "Team Syd" --json >"$TMP/none" && [ ! -s "$TMP/none" ]
'

test_expect_success 'the worklist read is audited with the children shown' '
	sqlite3 "$DB" "SELECT detail FROM audit WHERE detail LIKE '"'"'deadlines%caseworker=rg-anne%'"'"'" |
		grep -q "children=1$"
'

test_expect_success 'changing a rule in config/ changes the deadlines without a rebuild' '
	mkdir "$TMP/cfg" && cp "$TRAPPE_CONFIG"/*.jsonl "$TMP/cfg/" &&
	sed -i "s/\"hours\":24/\"hours\":48/" "$TMP/cfg/deadlines.jsonl" &&
	"$TRAPPE" --config "$TMP/cfg" --db "$DB" deadlines --at 2024-12-01 --child 1 --all --json >"$TMP/c48" &&
	has "$TMP/c48" "(.rule == \"U1\" and .record_id == 1) and (.due_at == \"2024-01-07T13:45:00Z\")" &&
	sed -i "s/\"when_field\":\"professional\",\"when_value\":true,//; s/,\"applies_from\":\"2024-01-01\"//" "$TMP/cfg/deadlines.jsonl" &&
	"$TRAPPE" --config "$TMP/cfg" --db "$DB" deadlines --at 2024-12-01 --child 2 --all --json >"$TMP/all2" &&
	has "$TMP/all2" "(.rule == \"U3\" and .record_id == 4) and (.status == \"overdue\")" &&
	t deadlines --at 2024-12-01 --child 2 --all --json >"$TMP/all3" &&
	has "$TMP/all3" "(.rule == \"U3\" and .record_id == 4) and (.status == \"not_applicable\")"
'

test_expect_success 'a deadline due before Barnets lov took effect is shown, not judged (LAW.md: in force 1 January 2024)' '
	t deadlines --at 2024-12-01 --child 2 --all --json >"$TMP/law" &&
	has "$TMP/law" "(.rule == \"U1\" and .record_id == 4) and (.status == \"not_applicable\") and (.due_at | startswith(\"2023-08-21\"))" &&
	t deadlines --at 2024-12-01 --child 2 --all >"$TMP/law.txt" 2>&1 && grep -q "før reglen gjaldt" "$TMP/law.txt" &&
	"$TRAPPE" --config "$TMP/cfg" --db "$DB" deadlines --at 2024-12-01 --child 2 --all --json >"$TMP/law2" &&
	! has "$TMP/law2" "(.rule == \"U1\" and .record_id == 4) and (.status == \"not_applicable\")" &&
	! t deadlines --at 2024-12-01 --child 2 --json | grep -q "\"record_id\":4,"
'

test_expect_success 'P1 is a reminder until the choice whether to make a plan is recorded (LAW.md P1, § 91 stk. 1)' '
	c=$(t child add --name "Testbarn P1" --birth-date 2015-05-05) &&
	d=$(t decision add --child-id "$c" --date 2024-03-01 --decision-type support_s32 \
		--legal-basis "§ 32" --exception-reason "Barnet er hørt skriftligt") &&
	t deadlines --at 2025-06-01 --child "$c" --json >"$TMP/p1" &&
	has "$TMP/p1" "(.rule == \"P1\") and (.status == \"reminder\")" &&
	! has "$TMP/p1" ".status == \"overdue\" and .rule == \"P1\"" &&
	t deadlines --at 2025-06-01 --child "$c" | grep -q "^påmindelse" &&
	t decision update "$d" --version 1 --plan-choice no_plan >/dev/null &&
	t deadlines --at 2025-06-01 --child "$c" --all --json >"$TMP/p1b" &&
	has "$TMP/p1b" "(.rule == \"P1\") and (.status == \"not_applicable\")" &&
	t decision update "$d" --version 2 --plan-choice make_plan >/dev/null &&
	t deadlines --at 2025-06-01 --child "$c" --json >"$TMP/p1c" &&
	has "$TMP/p1c" "(.rule == \"P1\") and (.status == \"overdue\") and (.due == \"2024-06-03\")" &&
	expect_code 2 t decision update "$d" --version 3 --plan-choice maybe && err_has "plan_choice"
'

test_expect_success 'A7 is closed by a recorded consideration of permanent placement (LAW.md A7, § 67)' '
	c=$(t child add --name "Testbarn A7" --birth-date 2012-02-02) &&
	t intervention add --child-id "$c" --catalogue-code anb-almen-pleje --legal-basis "§ 46" \
		--start 2021-02-01 --consent true --lower-steps "Familiebehandling forsøgt" >/dev/null &&
	t deadlines --at 2024-03-01 --child "$c" --json >"$TMP/a7" &&
	has "$TMP/a7" "(.rule == \"A7\") and (.status == \"overdue\")" &&
	t decision add --child-id "$c" --date 2024-03-01 --decision-type permanent_considered \
		--legal-basis "§ 67" --exception-reason "Barnet er hørt ved tilsyn" >/dev/null &&
	t deadlines --at 2024-03-02 --child "$c" --all --json >"$TMP/a7b" &&
	has "$TMP/a7b" "(.rule == \"A7\") and (.status == \"met_late\")"
'

test_expect_success 'a broken rule is refused with file, line and field' '
	mkdir "$TMP/bad" && cp "$TRAPPE_CONFIG"/*.jsonl "$TMP/bad/" &&
	sed -i "s/\"met_by\":\"assessed_at\"/\"met_by\":\"colour\"/" "$TMP/bad/deadlines.jsonl" &&
	line=$(grep -n "\"met_by\":\"colour\"" "$TMP/bad/deadlines.jsonl" | cut -d: -f1) &&
	expect_code 2 "$TRAPPE" --config "$TMP/bad" --db "$DB" deadlines --child 1 &&
	err_has "deadlines.jsonl:$line: met_by: must be a date or time field of notification"
'

test_expect_success 'bad deadlines arguments exit 2 and name the option' '
	expect_code 2 t deadlines --at 2024-13-01 && err_has "--at" &&
	expect_code 2 t deadlines --child x && err_has "--child" &&
	expect_code 2 t deadlines --caseworker a --team b && err_has "at most one" &&
	expect_code 1 t deadlines --child 999 && err_has "child 999: not found"
'

test_done
