#!/usr/bin/env bash
# t0007: the synthetic-data generator is deterministic, goes through the validated import path,
# and the calibration check reports every ratio with its target and tolerance.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the same seed gives the same database' '
	t init >/dev/null && t demo --seed 7 --until 2026-06-30 | grep -q "synthetic records: 12648 children" &&
	"$TRAPPE" --db "$TMP/b.db" init >/dev/null &&
	"$TRAPPE" --db "$TMP/b.db" demo --seed 7 --until 2026-06-30 >/dev/null &&
	t export >"$TMP/a.jsonl" && "$TRAPPE" --db "$TMP/b.db" export >"$TMP/b.jsonl" &&
	cmp "$TMP/a.jsonl" "$TMP/b.jsonl" && [ "$(wc -l <"$TMP/a.jsonl")" -gt 40000 ]
'

test_expect_success 'another seed gives another database' '
	"$TRAPPE" --db "$TMP/c.db" init >/dev/null && "$TRAPPE" --db "$TMP/c.db" demo --seed 8 --until 2026-06-30 >/dev/null &&
	! "$TRAPPE" --db "$TMP/c.db" export | cmp -s - "$TMP/a.jsonl"
'

test_expect_success 'the data is synthetic: substitute CPR numbers only, a test surname' '
	jq -r "select(.type==\"child\") | .cpr" "$TMP/a.jsonl" >"$TMP/cprs" &&
	[ "$(wc -l <"$TMP/cprs")" = 12648 ] && ! awk '"'"'substr($0,1,2) + 0 <= 31'"'"' "$TMP/cprs" | grep -q . &&
	[ "$(jq -r "select(.type==\"child\") | .name" "$TMP/a.jsonl" | grep -vc " Testesen$")" = 0 ]
'

test_expect_success 'every generated record was audited as an import, per child (the custody holders as other)' '
	persons=$(grep -c "^{\"type\":\"person\"" "$TMP/a.jsonl") && [ "$persons" -gt 1000 ] &&
	[ "$(grep -c "^{\"type\":\"relation\",.*\"kind\":\"parent_custody\"" "$TMP/a.jsonl")" = "$persons" ] &&
	[ "$(sqlite3 "$DB" "SELECT sum(CAST(substr(detail,17) AS INTEGER)) FROM audit WHERE action='"'"'create'"'"' AND detail LIKE '"'"'import: records=%'"'"'")" = "$(($(wc -l <"$TMP/a.jsonl") - persons))" ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'create'"'"' AND child_id IS NULL AND detail NOT LIKE '"'"'strategy %'"'"'")" = 0 ] &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE action='"'"'import'"'"'" | grep -qx "records=$(wc -l <"$TMP/a.jsonl") children=12648 other=$persons" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child WHERE school IS NOT NULL")" -gt 1000 ] &&
	! sqlite3 "$DB" "SELECT school FROM child WHERE school IS NOT NULL LIMIT 50" | grep -q "skole\|Skole\|Børne"
'

test_expect_success 'the data has problems, as real data does: overdue deadlines exist' '
	t deadlines --at 2025-12-31 --caseworker rg-01 --json >"$TMP/dl" &&
	grep -q "\"status\":\"overdue\"" "$TMP/dl"
'

test_expect_success 'generating into a database that has data changes nothing' '
	before=$(sqlite3 "$DB" "SELECT count(*) FROM child") &&
	expect_code 2 t demo --seed 9 && err_has "already exists" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child")" = "$before" ]
'

test_expect_success 'demo --check: every ratio within its tolerance at municipal scale' '
	t demo --check --year 2025 >"$TMP/check" &&
	[ "$(grep -c "^#.* target " "$TMP/check")" = 16 ] && [ "$(grep -c " ok$" "$TMP/check")" = 16 ] &&
	grep -q "^#12 .* 2025 .* 8556  ok$" "$TMP/check" &&
	grep -q "^#15 " "$TMP/check" && grep -q "^#9 " "$TMP/check" &&
	! grep -q "^#14 " "$TMP/check" &&
	{ t demo --check --scale national >"$TMP/nat"; [ $? -le 1 ]; } && grep -q "^#4 " "$TMP/nat" &&
	grep -q "^#14 " "$TMP/nat" && ! grep -q "^#15 " "$TMP/nat"
'

test_expect_success 'trappe kpi prints every key figure with its time, and its SQL' '
	t kpi --repeat 2 >"$TMP/kpi" && [ "$(grep -c " ms$" "$TMP/kpi")" = 19 ] &&
	grep -q "^placed_count  *[0-9]" "$TMP/kpi" && grep -q "^total " "$TMP/kpi" &&
	t kpi --sql >"$TMP/kpi.sql" && [ "$(wc -l <"$TMP/kpi.sql")" = 18 ] &&
	! grep -q "?[0-9]" "$TMP/kpi.sql" &&
	name=$(head -1 "$TMP/kpi.sql" | cut -f1) && sql=$(head -1 "$TMP/kpi.sql" | cut -f2) &&
	shell=$(sqlite3 "$DB" "$sql") && ours=$(awk -v n="$name" '"'"'$1==n {print $2}'"'"' "$TMP/kpi") &&
	awk -v a="$shell" -v b="$ours" '"'"'BEGIN {d = a - b; exit !(d < 0.0001 && d > -0.0001 && a > 0)}'"'"' &&
	expect_code 2 t kpi --year 3000 && err_has "--year"
'

test_expect_success 'trappe kpi --check: every figure as kept equals the engine'"'"'s, in every year' '
	for y in 2015 2017 2019 2021 2023 2025; do
		t kpi --check --year $y >"$TMP/kc" && [ "$(grep -c " same$" "$TMP/kc")" = 18 ] || return 1
	done &&
	expect_code 2 t kpi --check --fresh && err_has "--check"
'

test_expect_success 'the strategy from the seeds is loaded; an indicator must be a key figure' '
	t config strategy >"$TMP/strat" && grep -q "^P2	direction	.*ladder_start_low" "$TMP/strat" &&
	grep -q "^F1	focus_area	.*placement_stock/network" "$TMP/strat" && grep -q "^B1	initiative" "$TMP/strat" &&
	mkdir "$TMP/cfg" && cp "$TRAPPE_CONFIG"/*.jsonl "$TMP/cfg/" &&
	sed -i "s/\"indicator\":\"foster_breakdowns\"/\"indicator\":\"foster_breakdown\"/" "$TMP/cfg/strategy.jsonl" &&
	expect_code 2 "$TRAPPE" --config "$TMP/cfg" --db "$DB" kpi && err_has "strategy.jsonl:" &&
	err_has "indicator: '"'"'foster_breakdown'"'"' is not a key figure" &&
	cp "$TRAPPE_CONFIG/strategy.jsonl" "$TMP/cfg/" &&
	sed -i "s|placement_stock/network|placement_stock/nowhere|" "$TMP/cfg/strategy.jsonl" &&
	expect_code 2 "$TRAPPE" --config "$TMP/cfg" --db "$DB" kpi && err_has "placement_stock/nowhere"
'

test_expect_success 'the demo runs up to its day: nothing is dated after it, and it is current' '
	last=$(sqlite3 "$DB" "SELECT max(m) FROM (SELECT max(received_at) m FROM notification
		UNION ALL SELECT max(assessed_at) FROM notification UNION ALL SELECT max(start) FROM intervention
		UNION ALL SELECT max(\"end\") FROM intervention UNION ALL SELECT max(date) FROM decision
		UNION ALL SELECT max(date) FROM followup UNION ALL SELECT max(closed) FROM child_case
		UNION ALL SELECT max(completed) FROM assessment UNION ALL SELECT max(date) FROM supervision)") &&
	[[ "$last" < "2026-07-01" ]] && [[ "$last" > "2026-06-20" ]] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM notification WHERE received_at >= '"'"'2026-06-01'"'"'")" -gt 50 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM intervention WHERE \"end\" IS NULL")" -gt 100 ] &&
	[ "$(sqlite3 "$DB" "SELECT min(birth_date) >= '"'"'1986-01-01'"'"' FROM child")" = 1 ]
'

# Twelve years are recorded (2015-2026 here); before them twelve more are simulated, and only the
# history of children still in a case when the record begins is kept, so the first years start
# with a full stock of placements. The stock then follows Norddjurs: 172 placed in 2016, 138 in
# 2020 (CALIBRATION §4), within the check's tolerance.
test_expect_success 'the demo starts warm and follows the municipality'"'"'s trend' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM notification WHERE received_at < '"'"'2015-01-01'"'"'")" -gt 0 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM notification WHERE received_at < '"'"'2015-01-01'"'"' AND child_id NOT IN
		(SELECT child_id FROM child_case WHERE closed IS NULL OR closed >= '"'"'2015-01-01'"'"')")" = 0 ] &&
	placed() { t demo --check --year "$1" | sed -n "s/^#15 .* $1 *\([0-9]*\)\.0000 .*/\1/p"; } &&
	p15=$(placed 2015) && p16=$(placed 2016) && p20=$(placed 2020) && p25=$(placed 2025) &&
	echo "placed: 2015 $p15, 2016 $p16, 2020 $p20, 2025 $p25" &&
	[ "$p15" -gt 140 ] && [ "$p16" -gt 150 ] && [ "$p16" -lt 195 ] &&
	[ "$p20" -lt "$((p16 * 90 / 100))" ] && [ "$p20" -gt 120 ] && [ "$p20" -lt 156 ] &&
	[ "$p25" -gt 120 ] && [ "$p25" -lt 156 ] &&
	t demo --check --year 2016 | grep -q "^#15 .* ok$" && t demo --check --year 2020 | grep -q "^#15 .* ok$"
'

test_expect_success 'the strategy example: the status note rows of the seed papers, followed up every half year' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_action WHERE source LIKE '"'"'seeds/001%'"'"'")" = 6 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_followup WHERE period = '"'"'2024-H2'"'"' AND example = 0")" = 6 ] &&
	[ "$(sqlite3 "$DB" "SELECT max(period) FROM strategy_followup")" = 2026-H1 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_followup WHERE period > '"'"'2024-H2'"'"' AND example = 0")" = 0 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_objective WHERE example = 1")" = 6 ] &&
	t kpi --definitions | jq -e "length > 20" >/dev/null
'

test_expect_success 'bad demo arguments exit 2' '
	expect_code 2 t demo --seed x && err_has "--seed" &&
	expect_code 2 t demo --scale county && err_has "--scale" &&
	expect_code 2 t demo --check --year 1800 && err_has "--year" &&
	expect_code 2 t demo --until 2026-13-01 && err_has "--until"
'

test_done
