#!/usr/bin/env bash
# t0012: the leaders' key figures, the strategy's follow-up and the committee's papers, on the
# synthetic municipality: the same number in the CLI (text and JSON), the web page, CSV, XLSX,
# HTML and PDF; a team leader's figures are the own team's; counts below 5 never leave; bad
# input is refused naming the field and changes nothing; every read is audited.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
PW=korrekt-hest-batteri-9
t init >/dev/null && t demo --seed 1 --until 2026-06-30 >/dev/null || { echo "no demo"; exit 1; }
for r in leder:leadership: tl-nord:team_leader:Team_Nord rg-01:caseworker:Team_Nord; do
	IFS=: read -r login role team <<<"$r"
	echo "$PW" | t user add --login "$login" --role "$role" ${team:+--team "${team//_/ }"} >"$TMP/u.$login"
done
"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"
login() {
	web_login "$base" "$1" "$PW" "$(oathtool --totp -b "$(sed -n 's/^totp secret: //p' "$TMP/u.$1")")"
}
get() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" "$base$2"; }
LEDER=$(login leder)
TL=$(login tl-nord)
P="fra=2025-01-01&til=2025-12-31"

# One figure, read from the CLI's JSON: the numerator and denominator of the child's voice.
t kpi --from 2025-01-01 --to 2025-12-31 --json >"$TMP/k.json"
NUM=$(jq '.figures[] | select(.id == "voice_conversation") | .cells[0].numerator' "$TMP/k.json")
DEN=$(jq '.figures[] | select(.id == "voice_conversation") | .cells[0].denominator' "$TMP/k.json")

test_expect_success 'kpi --json: every figure with its definition and count beside the ratio' '
	[ "$NUM" -gt 50 ] && [ "$DEN" -gt "$NUM" ] && [ "$DEN" -lt 1000 ] &&
	jq -e ".from == \"2025-01-01\" and .to == \"2025-12-31\" and (.figures | length) > 100" "$TMP/k.json" >/dev/null &&
	jq -e "[.figures[] | select(.unit == \"share\") | .cells[] | select(.suppressed | not) | select(.value != null)
		| (.numerator / .denominator - .value | fabs) < 0.0001] | all" "$TMP/k.json" >/dev/null &&
	jq -e "[.figures[] | .definition_da | length > 40] | all" "$TMP/k.json" >/dev/null &&
	t kpi --definitions | jq -e "[.[] | select(.id == \"placement_moves\")] | length == 1" >/dev/null
'

test_expect_success 'the ladder chart follows the period: months over two years, half-years over ten' '
	[ "$(get "$LEDER" "/ledelse?$P")" = 200 ] && grep -q "<figcaption>Børn på trin 1-6 ved udgangen af hver måned<" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse?fra=2015-01-01&til=2026-06-30")" = 200 ] &&
	grep -q "<figcaption>Børn på trin 1-6 ved udgangen af hvert halvår<" "$TMP/page" &&
	sed -n "/Tallene bag grafen/,/<\/table>/p" "$TMP/page" >"$TMP/ladder" &&
	grep -q "<th scope=\"row\">31. december 2015</th>" "$TMP/ladder" &&
	grep -q "<th scope=\"row\">30. juni 2026</th>" "$TMP/ladder" &&
	[ "$(grep -c "<th scope=\"row\">" "$TMP/ladder")" = 23 ] && grep -q "<th scope=\"row\">30. juni 2015</th>" "$TMP/ladder"
'

test_expect_success 'the same number in the CLI text, the web page, CSV and XLSX' '
	t kpi --from 2025-01-01 --to 2025-12-31 | grep "^voice_conversation " | grep -q " $NUM/$DEN " &&
	[ "$(get "$LEDER" "/ledelse?$P")" = 200 ] && grep -q "($NUM af $DEN)" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse/data?$P&afsnit=voice&format=csv")" = 200 ] &&
	grep -q "^Afgørelser med børnesamtale;;I alt;[0-9,]*;andel;$NUM;$DEN;" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse/data?$P&afsnit=voice&format=xlsx")" = 200 ] && cp "$TMP/page" "$TMP/x.xlsx" &&
	unzip -p "$TMP/x.xlsx" xl/sharedStrings.xml | grep -q "Afgørelser med børnesamtale" &&
	unzip -p "$TMP/x.xlsx" xl/worksheets/sheet1.xml | grep -q "<v>$NUM</v>" &&
	unzip -p "$TMP/x.xlsx" xl/worksheets/sheet1.xml | grep -q "<v>$DEN</v>"
'

test_expect_success 'the status note in seed 001'"'"'s structure, as HTML and as PDF, with the same number' '
	t report status --year 2025 --format pdf --output "$TMP/note.pdf" &&
	[ "$(head -c 5 "$TMP/note.pdf")" = "%PDF-" ] && pdftotext "$TMP/note.pdf" - | tr -s " \n" " " >"$TMP/note.txt" &&
	for s in "Status på implementering af politikken for børn og unge i udsatte positioner 2025" \
		"Målgruppen" "Visionen er" "Indsatstrappen" "Tema" "Indhold/tiltag" "Implementering af Barnets Lov" \
		"Årets tal 2025" "Anbringelsesformer" "Sådan er tallene beregnet" "Tal under 5 vises ikke"; do
		grep -q "$s" "$TMP/note.txt" || { echo "PDF lacks: $s"; exit 1; }
	done &&
	grep -q "($NUM af $DEN)" "$TMP/note.txt" &&
	t report status --year 2025 --format html -o "$TMP/note.html" &&
	grep -q "($NUM af $DEN)" "$TMP/note.html" && grep -q "<style>" "$TMP/note.html" &&
	{ tidy -eq "$TMP/note.html" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	[ "$(get "$LEDER" "/ledelse/notat?aar=2025&dokument=status&format=pdf")" = 200 ] &&
	[ "$(head -c 5 "$TMP/page")" = "%PDF-" ]
'

test_expect_success 'the agenda item in seed 002'"'"'s structure' '
	t report agenda-item --year 2025 --format html -o "$TMP/agenda.html" &&
	for s in "Sagsgang" "Sagsfremstilling" "Sammenhæng til andre politikker" "Økonomiske konsekvenser" \
		"Indstilling" "Beslutning i Børne- og Ungdomsudvalget" "Fraværende" "Bilag"; do
		grep -q "$s" "$TMP/agenda.html" || { echo "agenda lacks: $s"; exit 1; }
	done &&
	t report agenda-item --year 2025 --format pdf -o "$TMP/agenda.pdf" && pdftotext "$TMP/agenda.pdf" - | grep -q "Sagsgang"
'

test_expect_success 'a team leader sees the own team'"'"'s figures only' '
	t kpi --from 2025-01-01 --to 2025-12-31 --team "Team Nord" --json >"$TMP/nord.json" &&
	n=$(jq ".figures[] | select(.id == \"voice_conversation\") | .cells[0].numerator" "$TMP/nord.json") &&
	d=$(jq ".figures[] | select(.id == \"voice_conversation\") | .cells[0].denominator" "$TMP/nord.json") &&
	[ "$d" -lt "$DEN" ] &&
	[ "$(get "$TL" "/ledelse?$P&opdeling=caseworker")" = 200 ] && grep -q "Teamets overblik" "$TMP/page" &&
	grep -q "($n af $d)" "$TMP/page" && ! grep -q "($NUM af $DEN)" "$TMP/page" &&
	[ "$(get "$TL" "/ledelse?$P&opdeling=caseworker&team=Team%20Syd")" = 200 ] && grep -q "($n af $d)" "$TMP/page"
'

test_expect_success 'counts below 5 never leave: not in JSON, CSV or on the page' '
	jq -e "[.figures[].cells[] | select(.suppressed)] | length > 0" "$TMP/k.json" >/dev/null &&
	jq -e "[.figures[].cells[] | select(.suppressed) | has(\"numerator\") or has(\"count\") or .value != null] | any | not" "$TMP/k.json" >/dev/null &&
	jq -e "[.figures[].cells[] | select(.suppressed | not) | (.numerator // 5, .denominator // 5, .count // 5)
		| select(. >= 1 and . <= 4)] | length == 0" "$TMP/k.json" >/dev/null &&
	[ "$(get "$LEDER" "/ledelse/data?$P&format=csv")" = 200 ] &&
	! awk -F";" "NR > 2 && \$6 ~ /^[1-4]\$/ || \$7 ~ /^[1-4]\$/ || \$8 ~ /^[1-4]\$/" "$TMP/page" | grep -q . &&
	grep -q ";<5;" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse?$P&opdeling=caseworker")" = 200 ] && grep -q "&lt;5" "$TMP/page" &&
	grep -q "Tal under 5 vises ikke" "$TMP/page"
'

test_expect_success 'bad input: the field and its rule, exit 2 or 400, nothing changes' '
	n0=$(sqlite3 "$DB" "SELECT count(*) FROM strategy_objective") &&
	expect_code 2 t kpi --from 2025-13-01 --to 2025-12-31 && err_has "--from: must be a date" &&
	expect_code 2 t kpi --from 2025-12-31 --to 2025-01-01 && err_has "--to: must not be before --from" &&
	expect_code 2 t kpi --from 2025-01-01 && err_has "--to: needed" &&
	expect_code 2 t kpi --at 2025-01-01 --from 2025-01-01 --to 2025-02-01 && err_has "--at" &&
	expect_code 2 t kpi --year 2025 --by county && err_has "--by: must be one of" &&
	expect_code 2 t report status --year abc -o x && err_has "--year" &&
	expect_code 2 t report status --format doc -o x && err_has "--format: must be html or pdf" &&
	expect_code 2 t report status && err_has "--output" &&
	expect_code 2 t report summary -o x && err_has "status or agenda-item" &&
	[ "$(get "$LEDER" "/ledelse?fra=2025-02-30")" = 400 ] && grep -q "»fra« skal være en dato" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse?fra=2025-02-01&til=2025-01-01")" = 400 ] &&
	[ "$(get "$LEDER" "/ledelse?opdeling=kommune")" = 400 ] && grep -q "»opdeling«" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse/data?format=doc")" = 400 ] && grep -q "»format«" "$TMP/page" &&
	[ "$(get "$LEDER" "/ledelse/data?format=csv&afsnit=alt")" = 400 ] &&
	[ "$(get "$LEDER" "/ledelse/notat?aar=abc")" = 400 ] && grep -q "»aar«" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_objective")" = "$n0" ]
'

test_expect_success 'the strategy: an objective saved, its edit versioned, a stale edit kept and refused' '
	get "$LEDER" /strategi/ny?type=maal >/dev/null &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) && [ -n "$tok" ] &&
	post() { curl -s -H "Cookie: __Host-trappe=$LEDER" -o "$TMP/page" -w "%{http_code}" -X POST "${@:2}" "$base$1"; } &&
	[ "$(post /strategi/ny --data-urlencode "csrf=$tok" --data-urlencode type=maal --data-urlencode parent_code=P2 \
		--data-urlencode "title=Flere underretninger vurderet i tide" --data-urlencode indicator=early_assessed_24h \
		--data-urlencode better=higher --data-urlencode target=95)" = 303 ] &&
	id=$(sqlite3 "$DB" "SELECT id FROM strategy_objective WHERE title LIKE '"'"'Flere underretninger%'"'"'") &&
	[ "$(sqlite3 "$DB" "SELECT target FROM strategy_objective WHERE id=$id")" = 0.95 ] &&
	[ "$(post /strategi/ret --data-urlencode "csrf=$tok" --data-urlencode type=maal --data-urlencode "id=$id" \
		--data-urlencode version=1 --data-urlencode parent_code=P2 --data-urlencode "title=Rettet titel" \
		--data-urlencode indicator=early_assessed_24h --data-urlencode better=higher --data-urlencode target=90)" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM strategy_version WHERE item='"'"'objective'"'"' AND item_id=$id")" = 1 ] &&
	[ "$(post /strategi/ret --data-urlencode "csrf=$tok" --data-urlencode type=maal --data-urlencode "id=$id" \
		--data-urlencode version=1 --data-urlencode parent_code=P2 --data-urlencode "title=Min version" \
		--data-urlencode indicator=early_assessed_24h --data-urlencode better=higher)" = 409 ] &&
	grep -q "intet er tabt" "$TMP/page" && grep -q "Min version" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT title FROM strategy_objective WHERE id=$id")" = "Rettet titel" ] &&
	[ "$(post /strategi/ny --data-urlencode "csrf=$tok" --data-urlencode type=opfoelgning --data-urlencode tiltag=1 \
		--data-urlencode period=2026-H1 --data-urlencode date=2026-06-20 --data-urlencode status=done \
		--data-urlencode "status_text=Gennemført")" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT status FROM strategy_action WHERE id=1")" = done ] &&
	! sqlite3 "$DB" "DELETE FROM strategy_followup" 2>/dev/null &&
	[ "$(post /strategi/ny --data-urlencode "csrf=$tok" --data-urlencode type=opfoelgning --data-urlencode tiltag=1 \
		--data-urlencode period=2026-H3 --data-urlencode date=2026-02-30 --data-urlencode status=done)" = 400 ] &&
	grep -q "Halvår: Skriv halvåret" "$TMP/page" && grep -q "Dato for opfølgningen: Skriv en gyldig dato" "$TMP/page" &&
	grep -q "Statustekst: Feltet skal udfyldes" "$TMP/page"
'

# Read-audit rows reach the audit table when the server stops (HACKING: stop it before counting).
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

test_expect_success 'every read of the figures is audited, as the user' '
	uid=$(sqlite3 "$DB" "SELECT id FROM app_user WHERE login='"'"'leder'"'"'") &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE actor='"'"'user:$uid'"'"' AND detail LIKE '"'"'key figures from=2025-01-01%'"'"'")" -ge 3 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE actor='"'"'user:$uid'"'"' AND detail LIKE '"'"'strategy objective%'"'"'")" -ge 2 ]
'

test_done
