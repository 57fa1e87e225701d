#!/usr/bin/env bash
# t0014: the leaders' figures of a calendar year, kept in parts (app/figures.c): the first reader
# builds the year, and the same figures come out as from a pass over every child (kpi --fresh)
# for every split and a team; writes through the application keep the year current (no rebuild)
# and right; a bulk load, or any record write that did not keep it, leaves it behind and the next reader builds it
# again; a damaged part is never read as figures.
. "$(dirname "$0")/lib.sh"
t init >/dev/null && t demo --seed 3 --until 2026-06-30 >/dev/null || { echo "no demo"; exit 1; }

# Numbers rounded to 1/1000: sums of money kept by adding and taking away differ from a pass
# over every child in their last bits only.
norm() { jq -S 'walk(if type == "number" then (. * 1000 | round) / 1000 else . end)'; }
# same ARGS...: the figures of 2025 from the parts and from every child, equal.
same() {
	t kpi --year 2025 --json "$@" | norm >"$TMP/parts.json" &&
		t kpi --year 2025 --json --fresh "$@" | norm >"$TMP/fresh.json" &&
		jq -e '.figures | length > 100' "$TMP/parts.json" >/dev/null &&
		diff -q "$TMP/parts.json" "$TMP/fresh.json" >/dev/null ||
		{ echo "differ: $*"; diff "$TMP/parts.json" "$TMP/fresh.json" | head -20; return 1; }
}
every_split() {
	same && same --by team && same --by caseworker && same --by age && same --by sex &&
		same --team "Team Nord" && same --team "Team Syd" --by caseworker && same --team "Team Syd" --by age
}
q() { sqlite3 "$DB" "$1"; }
current() { [ "$(q 'SELECT version FROM figure_year WHERE year=2025')" = "$(q 'SELECT version FROM figure_state')" ]; }

test_expect_success 'the first reader builds the year; every split and team is as from every child' '
	[ -z "$(q "SELECT year FROM figure_year")" ] &&
	every_split && current &&
	[ "$(q "SELECT count(DISTINCT family) FROM figure_part WHERE year=2025")" = 3 ]
'

test_expect_success 'writes through the application keep the year current and right' '
	echo korrekt-hest-batteri-9 | t user add --login rg-test --role caseworker --team "Team Nord" >/dev/null &&
	v0=$(q "SELECT version FROM figure_state") &&
	c=$(t child add --name Testbarn --birth-date 2012-04-02 --sex female) &&
	k=$(t case add --child-id "$c" --caseworker rg-test --team "Team Nord" --opened 2025-02-01) &&
	t notification add --child-id "$c" --received-at 2025-01-20T09:00:00Z --notifier-type school --professional true >/dev/null &&
	i=$(t intervention add --child-id "$c" --catalogue-code bl32-3 --step 3 --legal-basis "§ 32" --start 2025-03-01 --lower-steps "afprøvet") &&
	[ "$(q "SELECT version FROM figure_state")" -gt "$v0" ] && current && every_split &&
	t case update "$k" --version 1 --team "Team Syd" >/dev/null &&
	t intervention update "$i" --version 1 --end 2025-11-30 --end-reason goal_achieved >/dev/null &&
	current && every_split
'

test_expect_success 'a bulk load leaves the year behind; the next reader builds it again' '
	t export >"$TMP/all.jsonl" &&
	c=$(grep -c . "$TMP/all.jsonl") && [ "$c" -gt 1000 ] &&
	id=$(( $(q "SELECT max(id) FROM child") + 1000 )) &&
	printf "%s\n" "{\"type\":\"child\",\"id\":$id,\"name\":\"Import\",\"birth_date\":\"2015-05-05\",\"sex\":\"male\"}" >"$TMP/one.jsonl" &&
	t import "$TMP/one.jsonl" >/dev/null &&
	! current && every_split && current
'

test_expect_success 'a record write that did not keep the year (the version moved past it) leaves it behind' '
	current && q "UPDATE figure_state SET version = version + 1" && ! current && every_split && current
'

test_expect_success 'a damaged part is computed afresh, not read, and the year is built again' '
	q "UPDATE figure_part SET part = x'"'"'0100'"'"' WHERE year = 2025 AND family = 2 AND key LIKE '"'"'t%'"'"'" &&
	expect_code 0 t kpi --year 2025 --json && same && current &&
	[ "$(q "SELECT count(*) FROM figure_part WHERE length(part) = 2")" = 0 ]
'

test_expect_success 'a period that is not a calendar year is computed from every child' '
	t kpi --from 2025-02-01 --to 2025-12-31 --json | norm >"$TMP/a.json" &&
	t kpi --from 2025-02-01 --to 2025-12-31 --json --fresh | norm >"$TMP/b.json" &&
	diff -q "$TMP/a.json" "$TMP/b.json" >/dev/null &&
	[ -z "$(q "SELECT year FROM figure_year WHERE year <> 2025")" ]
'

test_done
