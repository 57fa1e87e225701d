#!/usr/bin/env bash
# t0009: the access matrix (S-08, S-09, S-12 of QUALITY.md, issue 19): every role x every route of
# the route table (`trappe serve --routes`; a route the matrix does not know fails it) x every
# relation to a child, checked request by request against the policy's rules below, with zero
# leaks: no 200 where the policy says no, no restricted field (CPR, notes) on a partner's or
# task-force member's page, no child's name in a list or page it does not belong to. The
# relations: own case (1, 3), another team's (2), the own team's with another caseworker (4), a
# closed case (5), no case at all (6), cases whose caseworker field names a partner (7) or a
# leader (8) from history imported before those accounts existed, consent given (1), consent
# expired (3), records outside the consent's scope, and ids that do not exist. Every id of every
# record of children 1-3 goes into every URL (IDOR), the task force's and the guidance centre's
# records included. Every refusal carries its audit row.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
NAMES=("" "Matrixbarn Et" "Matrixbarn To" "Matrixbarn Tre" "Matrixbarn Fire" "Matrixbarn Fem"
	"Matrixbarn Seks" "Matrixbarn Syv" "Matrixbarn Otte")
KIDS="1 2 3 4 5 6 7 8"
# Children 4-8 are child 1's history under other ids and names, with the case of their relation.
{
	cat "$SRC/tests/data/access.jsonl"
	for k in 4 5 6 7 8; do
		case $k in
		4) cw=rg-cille team="Team Nord" closed= ;;
		5) cw=rg-anne team="Team Nord" closed=2024-09-30 ;;
		6) cw= ;;
		7) cw=partner-skole team="Team Vest" closed= ;;
		8) cw=ledelse team="Team Vest" closed= ;;
		esac
		grep -E '"(child_)?id":1[0-9][0-9][,}]' "$SRC/tests/data/access.jsonl" | grep -v '"type":"consent"' |
			grep -E '"child_id":101|"type":"child","id":101|"type":"person","id":10' |
			sed -e "s/\":1\([0-9][0-9]\)\([,}]\)/\":${k}\1\2/g" -e "s/Matrixbarn Et/${NAMES[$k]}/" \
				-e "s/SKJULT-K1-/SKJULT-K$k-/g" -e "s/120512-4018/120512-40${k}8/" -e "s/ K1\"/ K$k\"/" |
			if [ -z "$cw" ]; then grep -E '"type":"(child|person)"'; else
				sed -e "/\"type\":\"case\"/s/\"caseworker\":\"rg-anne\",\"team\":\"Team Nord\"/\"caseworker\":\"$cw\",\"team\":\"$team\"${closed:+,\"closed\":\"$closed\"}/"
			fi
	done
	# Child 4's consents were withdrawn (issue 23): they share nothing, whatever to_date says.
	echo '{"type":"consent","id":5,"child_id":401,"grantee":"partner-skole","scope":"case_overview","purpose":"Trukket tilbage","given_by":"custody_holder","from_date":"2024-01-01","to_date":"2099-12-31","withdrawn":"2024-06-30"}'
	echo '{"type":"consent","id":6,"child_id":401,"grantee":"tf-ung","scope":"shared_plan","purpose":"Trukket tilbage","given_by":"custody_holder","from_date":"2024-01-01","to_date":"2099-12-31","withdrawn":"2024-06-30"}'
} >"$TMP/access.jsonl"
t init >/dev/null && t import "$TMP/access.jsonl" >/dev/null || { echo "cannot import the matrix's data"; exit 1; }
PW=korrekt-hest-batteri-9
ROLES="rg-anne:caseworker:Team_Nord rg-bo:caseworker:Team_Syd rg-cille:caseworker:Team_Nord rg-dora:caseworker:Team_Syd
tl-nord:team_leader:Team_Nord ledelse:leadership: partner-skole:partner: tf-ung:taskforce:
analytiker:analyst: admin:admin:"
for r in $ROLES; do
	IFS=: read -r login role team <<<"$r"
	echo "$PW" | t user add --login "$login" --role "$role" ${team:+--team "${team//_/ }"} >"$TMP/u.$login"
done
"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"
get() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" "$base$2"; }
post() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" -X POST "${@:3}" "$base$2"; }

# The matrix's input: the route table, the accounts, each child's name and records (children 4-8:
# the first record of each type; 1-3: every record, so every id goes into every URL).
table() { case "$1" in case) echo child_case ;; *) echo "$1" ;; esac; }
TYPES="child relation case notification screening assessment conversation decision intervention plan goal followup supervision consent taskforce taskforce_member taskforce_action taskforce_meeting aftercare_contact"
"$TRAPPE" serve --routes | jq -R 'split(" ") | {method: .[0], path: .[1], flags: .[2:]}' | jq -s . >"$TMP/routes.json"
for k in $KIDS; do
	for ty in $TYPES; do
		lim=$([ "$k" -le 3 ] || echo "LIMIT 1")
		sqlite3 "$DB" "SELECT id FROM $(table "$ty") WHERE $([ "$ty" = child ] && echo id || echo child_id)=$((k * 100 + 1)) ORDER BY id $lim" |
			jq -R -s --arg ty "$ty" '{($ty): (split("\n") | map(select(length > 0) | tonumber))}'
	done | jq -s --argjson k "$k" --arg name "${NAMES[$k]}" \
		'{k: $k, id: ($k * 100 + 1), name: $name, records: (add | with_entries(select(.value | length > 0)))}'
done | jq -s . >"$TMP/children.json"
for r in $ROLES; do
	IFS=: read -r login _ _ <<<"$r"
	jq -n --arg l "$login" --arg s "$(sed -n 's/^totp secret: //p' "$TMP/u.$login")" '{($l): $s}'
done | jq -s add >"$TMP/secrets.json"
sqlite3 -json "$DB" "SELECT id, version FROM goal" | jq 'map({(.id | tostring): .version}) | add' >"$TMP/goals.json"
jq -n --arg base "$base" --arg pw "$PW" --slurpfile routes "$TMP/routes.json" \
	--slurpfile children "$TMP/children.json" --slurpfile secrets "$TMP/secrets.json" \
	--slurpfile goals "$TMP/goals.json" --arg roles "$(for r in $ROLES; do echo "${r%%:*}"; done)" \
	'{base: $base, password: $pw, routes: $routes[0], children: $children[0], secrets: $secrets[0],
	  goalVersion: $goals[0], roles: ($roles | split("\n")), logout: "rg-dora"}' >"$TMP/spec.json"
node "$SRC/tests/cli/matrix.mjs" "$TMP/spec.json" >"$TMP/matrix.json" 2>"$TMP/matrix.err" ||
	{ echo "the matrix did not run:"; cat "$TMP/matrix.err"; }
requests=$(jq -r '.requests // 0' "$TMP/matrix.json")
for r in $ROLES; do
	who=${r%%:*}
	eval "TOKEN_${who//-/_}=\$(jq -r --arg w \"\$who\" '.cookies[\$w] // empty' \"\$TMP/matrix.json\")"
done

test_expect_success "the access matrix has zero leaks ($requests requests)" '
	[ -s "$TMP/matrix.json" ] && jq -e ".leaks | length == 0" "$TMP/matrix.json" >/dev/null ||
		{ jq -r ".leaks[]" "$TMP/matrix.json"; false; }
'

echo "# matrix: $(jq -c "{requests, granted, refused: (.refused | length), leaks: (.leaks | length)}" "$TMP/matrix.json" 2>/dev/null)"
test_expect_success 'the matrix is not vacuous: it granted and refused many requests' '
	[ -s "$TMP/matrix.json" ] && jq -e ".requests > 1500 and .granted > 80 and (.refused | length) > 1000" "$TMP/matrix.json" >/dev/null ||
		{ jq -c "{requests, granted, refused: (.refused | length)}" "$TMP/matrix.json"; false; }
'

test_expect_success 'every refusal has its audit row, found by the request id the page shows' '
	jq -r ".refused[]" "$TMP/matrix.json" | sort -u >"$TMP/refused" &&
	n=$(grep -c "" "$TMP/refused") && [ "$n" -gt 1000 ] &&
	found=$(sed "s/.*/(\x27&\x27)/" "$TMP/refused" | paste -sd, | {
		read -r ids
		sqlite3 "$DB" "WITH r(id) AS (VALUES $ids) SELECT count(*) FROM r WHERE EXISTS
			(SELECT 1 FROM audit a WHERE a.request_id=r.id AND a.action='"'"'refused'"'"')"
	}) && [ "$found" = "$n" ] || { echo "${found:-none} of ${n:-none} refusals audited"; false; }
'

test_expect_success 'a partner named as caseworker by an old case sees neither the child nor its deadlines' '
	[ "$(sqlite3 "$DB" "SELECT caseworker FROM child_case WHERE child_id=701")" = partner-skole ] &&
	[ "$(get "$TOKEN_partner_skole" /)" = 303 ] && ! grep -q "Matrixbarn Syv" "$TMP/page" &&
	[ "$(get "$TOKEN_partner_skole" /boern)" = 200 ] && ! grep -q "Matrixbarn Syv" "$TMP/page" &&
	[ "$(get "$TOKEN_partner_skole" /barn/701)" = 403 ] &&
	[ "$(get "$TOKEN_ledelse" /barn/801)" = 403 ]
'

test_expect_success 'a task-force member writes the shared plan under consent, not outside it' '
	TOKEN=$TOKEN_tf_ung &&
	get "$TOKEN" "/ny?type=followup&barn=101" >/dev/null &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) && [ -n "$tok" ] &&
	[ "$(post "$TOKEN" /ny --data-urlencode "csrf=$tok" --data-urlencode type=followup --data-urlencode barn=101 \
		--data-urlencode goal_id=101 --data-urlencode date=2025-01-10 --data-urlencode scale=scale_0_10 \
		--data-urlencode value=7 --data-urlencode rated_by=other)" = 303 ] &&
	[ "$(post "$TOKEN" /ny --data-urlencode "csrf=$tok" --data-urlencode type=followup --data-urlencode barn=301 \
		--data-urlencode goal_id=301 --data-urlencode date=2025-01-10 --data-urlencode scale=scale_0_10 \
		--data-urlencode value=7 --data-urlencode rated_by=other)" = 403 ] &&
	[ "$(post "$TOKEN" /ny --data-urlencode "csrf=$tok" --data-urlencode type=notification --data-urlencode barn=101 \
		--data-urlencode received_at=2025-01-10T10:00 --data-urlencode notifier_type=school)" = 403 ]
'

test_expect_success 'a partner may not write, even under consent' '
	TOKEN=$TOKEN_partner_skole &&
	get "$TOKEN" /boern >/dev/null &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
	[ "$(post "$TOKEN" /ny --data-urlencode "csrf=$tok" --data-urlencode type=plan --data-urlencode barn=101 \
		--data-urlencode kind=barnets_plan --data-urlencode date=2025-01-10)" = 403 ]
'

test_expect_success 'a partner lands on a list and a child page written for them: what the consent shares and until when, no CPR, no step outside the consent, no links they cannot use' '
	TOKEN=$TOKEN_partner_skole &&
	[ "$(get "$TOKEN" /boern)" = 200 ] && grep -q "Børn med samtykke" "$TMP/page" &&
	grep -q "Matrixbarn Et" "$TMP/page" && ! grep -q "Matrixbarn Fire\|Matrixbarn Tre" "$TMP/page" &&
	grep -q "<th scope=\"col\">Samtykket omfatter</th><th scope=\"col\">Gælder til og med</th>" "$TMP/page" &&
	grep -q "<td>overblik over sagen</td><td>31. december 2099</td>" "$TMP/page" &&
	! grep -q "120512\|Mine frister\|href=\"/soeg\"\|Trin" "$TMP/page" &&
	[ "$(get "$TOKEN" /barn/101)" = 200 ] &&
	grep -q "Du ser det, som samtykket giver dig lov til" "$TMP/page" &&
	grep -q "Skolens støtte til barnet" "$TMP/page" && grep -q "Trin på indsatstrappen" "$TMP/page" &&
	! grep -q "href=\"/ny\|href=\"/ret\|120512\|SKJULT" "$TMP/page" &&
	TOKEN=$TOKEN_tf_ung && [ "$(get "$TOKEN" /barn/101)" = 200 ] &&
	grep -q "omfatter den fælles plan, ikke barnets sag" "$TMP/page" &&
	! grep -q "Trin på indsatstrappen\|href=\"/ny?type=notification\|Vejleder K1\|SKJULT" "$TMP/page" &&
	grep -q "href=\"/ny?type=goal&amp;barn=101\"" "$TMP/page" &&
	grep -q "href=\"/ret?type=taskforce_action&amp;id=101\"" "$TMP/page" &&
	! grep -o "href=\"/ret?type=[a-z_]*" "$TMP/page" | grep -qv "type=taskforce_action\|type=taskforce_meeting" &&
	[ "$(get "$TOKEN" /barn/401)" = 403 ] && [ "$(get "$TOKEN_partner_skole" /barn/401)" = 403 ]
'

test_expect_success 'consent is given by the custody holders, or by the young person from 15' '
	expect_code 2 t consent add --child-id 101 --grantee tf-ung --scope shared_plan --purpose x \
		--given-by young_person --from-date 2025-01-01 --to-date 2025-12-31 &&
	err_has "consent.given_by: a young person gives consent from the age of 15" &&
	t consent add --child-id 101 --grantee tf-ung --scope shared_plan --purpose x \
		--given-by young_person --from-date 2027-05-12 --to-date 2027-12-31 >/dev/null &&
	expect_code 2 t consent add --child-id 101 --grantee tf-ung --scope shared_plan --purpose x \
		--given-by custody_holder --from-date 2025-01-01 --to-date 2025-12-31 --withdrawn 2024-12-01 &&
	err_has "consent.withdrawn: must not be before from_date" &&
	expect_code 2 t consent add --child-id 101 --grantee rg-bo --scope shared_plan --purpose x \
		--given-by custody_holder --from-date 2025-01-01 --to-date 2025-12-31 &&
	err_has "consent.grantee: must be the login of a partner" &&
	expect_code 2 t consent add --child-id 101 --grantee nobody-here --scope shared_plan --purpose x \
		--given-by custody_holder --from-date 2025-01-01 --to-date 2025-12-31 &&
	err_has "consent.grantee: must be the login of a partner"
'

test_expect_success 'ending a consent takes effect on the next request' '
	TOKEN=$TOKEN_partner_skole && [ "$(get "$TOKEN" /barn/101)" = 200 ] &&
	v=$(t consent show 1 | jq -r .version) &&
	t consent update 1 --version "$v" --to-date 2025-01-01 >/dev/null &&
	[ "$(get "$TOKEN" /barn/101)" = 403 ] && [ "$(get "$TOKEN" "/ret?type=plan&id=101")" = 403 ]
'

test_expect_success 'what a task-force member cannot see, they cannot clear by editing' '
	note=$(t followup show 102 | jq -r .note) && [ "$note" = "SKJULT-K1-followup-note" ] &&
	TOKEN=$TOKEN_tf_ung && get "$TOKEN" "/ret?type=followup&id=102" >/dev/null &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
	v=$(t followup show 102 | jq -r .version) &&
	[ "$(post "$TOKEN" /ret --data-urlencode "csrf=$tok" --data-urlencode type=followup --data-urlencode barn=101 \
		--data-urlencode id=102 --data-urlencode "version=$v" --data-urlencode goal_id=101 \
		--data-urlencode date=2024-11-18 --data-urlencode scale=scale_0_10 --data-urlencode value=8 \
		--data-urlencode rated_by=child)" = 303 ] &&
	t followup show 102 | jq -e ".value == 8 and .note == \"SKJULT-K1-followup-note\"" >/dev/null
'

test_expect_success 'a caseworker sees the consents and withdraws one from the web: it shares nothing from that request on, audited, its version kept' '
	[ "$(get "$TOKEN_rg_anne" /barn/101)" = 200 ] && grep -q "Samtykker til deling" "$TMP/page" &&
	grep -q "<td>tf-ung</td>" "$TMP/page" && grep -q "Træk tilbage" "$TMP/page" &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
	[ "$(get "$TOKEN_tf_ung" /barn/101)" = 200 ] &&
	[ "$(post "$TOKEN_partner_skole" /samtykke/tilbage --data-urlencode "csrf=$tok" --data-urlencode id=2)" = 403 ] &&
	[ "$(post "$TOKEN_rg_bo" /samtykke/tilbage --data-urlencode "csrf=$tok" --data-urlencode id=2)" = 403 ] &&
	[ "$(post "$TOKEN_rg_anne" /samtykke/tilbage --data-urlencode "csrf=$tok" --data-urlencode id=2)" = 303 ] &&
	[ "$(get "$TOKEN_tf_ung" /barn/101)" = 403 ] &&
	[ "$(get "$TOKEN_tf_ung" /boern)" = 200 ] && ! grep -q "Matrixbarn Et" "$TMP/page" &&
	t consent show 2 | jq -e ".version == 2 and .withdrawn != null" >/dev/null &&
	t consent history 2 | cut -f4 | jq -e "has(\"withdrawn\") | not" >/dev/null &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'update'"'"' AND record_type='"'"'consent'"'"' AND record_id=2 AND actor LIKE '"'"'user:%'"'"'")" = 1 ] &&
	[ "$(get "$TOKEN_rg_anne" /barn/101)" = 200 ] && grep -q "Trukket tilbage" "$TMP/page" &&
	[ "$(post "$TOKEN_rg_anne" /samtykke/tilbage --data-urlencode "csrf=$tok" --data-urlencode id=2)" = 400 ]
'

test_expect_success 'leaders review accesses: refusals as alerts, a random sample, own team only' '
	TOKEN=$TOKEN_tl_nord && [ "$(get "$TOKEN" /tilsyn)" = 200 ] &&
	grep -q "<td>afvist adgang" "$TMP/page" && ! grep -q "<td>rg-bo</td>" "$TMP/page" &&
	! grep -q "<td>refused\|(list)\|(read)\|T[0-9:]*Z</td>" "$TMP/page" &&
	grep -q "<tr><td>[0-9]*\. [a-z]* 20[0-9][0-9] kl\. [0-2][0-9]:[0-5][0-9]</td>" "$TMP/page" &&
	! grep -q "Matrixbarn" "$TMP/page" &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=rg-anne")" = 200 ] && grep -q "Stikprøve for rg-anne" "$TMP/page" &&
	grep -q "<td>rg-anne</td><td>afvist adgang" "$TMP/page" && ! grep -q "<td>tl-nord</td>" "$TMP/page" &&
	{ tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	[ "$(grep -c "<td>rg-anne</td><td>opslag" "$TMP/page")" -ge 1 ] &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=rg-bo")" = 403 ] &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=nobody")" = 403 ] &&
	TOKEN=$TOKEN_ledelse && [ "$(get "$TOKEN" "/tilsyn?bruger=rg-bo")" = 200 ] &&
	grep -q "<td>rg-bo</td><td>afvist adgang" "$TMP/page" &&
	for w in rg_anne partner_skole tf_ung analytiker admin; do
		eval "TOKEN=\$TOKEN_$w"; [ "$(get "$TOKEN" /tilsyn)" = 403 ] || exit 1
	done &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '"'"'access review:%'"'"'")" -ge 3 ]
'

test_expect_success 'analysts get the pseudonymised extract for a stated purpose, and only they; it names no one' '
	refused0=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'% /udtraek:%'"'"'") &&
	TOKEN=$TOKEN_analytiker && [ "$(get "$TOKEN" /udtraek)" = 200 ] &&
	{ tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	grep -q "name=\"formaal\"" "$TMP/page" && tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
	[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$tok")" = 400 ] && grep -q "Skriv formålet med udtrækket" "$TMP/page" &&
	[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$tok" --data-urlencode "formaal=kort")" = 400 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'export'"'"' AND detail LIKE '"'"'pseudonymised extract:%'"'"'")" = 0 ] &&
	P="Analyse af anbringelser 2025 (test)" &&
	[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$tok" --data-urlencode "formaal=$P")" = 200 ] && cp "$TMP/page" "$TMP/x.jsonl" &&
	n=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM child)+(SELECT count(*) FROM child_case)+
		(SELECT count(*) FROM notification)+(SELECT count(*) FROM screening)+(SELECT count(*) FROM assessment)+
		(SELECT count(*) FROM conversation)+(SELECT count(*) FROM decision)+(SELECT count(*) FROM intervention)+
		(SELECT count(*) FROM plan)+(SELECT count(*) FROM goal)+(SELECT count(*) FROM followup)+
		(SELECT count(*) FROM supervision)+(SELECT count(*) FROM taskforce)+(SELECT count(*) FROM taskforce_member)+
		(SELECT count(*) FROM taskforce_action)+(SELECT count(*) FROM taskforce_meeting)+
		(SELECT count(*) FROM aftercare_contact)") &&
	[ "$(grep -c "" "$TMP/x.jsonl")" = "$n" ] &&
	jq -e -s "all(.[]; (.child | test(\"^[0-9a-f]{20}$\")) and (has(\"id\") | not) and (has(\"child_id\") | not)
		and (has(\"name\") | not) and (has(\"cpr\") | not) and (has(\"caseworker\") | not))" "$TMP/x.jsonl" >/dev/null &&
	[ "$(jq -r "select(.type == \"child\") | .child" "$TMP/x.jsonl" | sort -u | grep -c "")" = 8 ] &&
	jq -e -s "[.[] | select(.type == \"child\") | .birth_date | select(. != null) | test(\"^[0-9]{4}$\")] | all" "$TMP/x.jsonl" >/dev/null &&
	! grep -q -e Matrixbarn -e SKJULT -e 120512 -e 150613 -e 200714 -e rg-anne "$TMP/x.jsonl" &&
	post "$TOKEN" /udtraek --data-urlencode "csrf=$tok" --data-urlencode "formaal=$P" >/dev/null && cmp -s "$TMP/page" "$TMP/x.jsonl" &&
	[ "$(get "$TOKEN" "/udtraek?hent=1")" = 200 ] && grep -q "name=\"formaal\"" "$TMP/page" &&
	for w in rg_anne tl_nord ledelse partner_skole tf_ung admin; do
		eval "TOKEN=\$TOKEN_$w"
		[ "$(get "$TOKEN" /udtraek)" = 403 ] && ! grep -q "child" "$TMP/page" &&
			t2=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
			[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$t2" --data-urlencode "formaal=$P")" = 403 ] &&
			! grep -q "child" "$TMP/page" || exit 1
	done &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'export'"'"' AND detail = '"'"'pseudonymised extract: children=8 records='"'"' || '"'"'$n'"'"' || '"'"' purpose=$P'"'"'")" = 2 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'% /udtraek: not for your role'"'"'")" = $((refused0 + 12)) ] &&
	TOKEN=$TOKEN_analytiker && for i in 3 4 5 6; do
		[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$tok" --data-urlencode "formaal=$P")" = 200 ] || exit 1
	done &&
	[ "$(post "$TOKEN" /udtraek --data-urlencode "csrf=$tok" --data-urlencode "formaal=$P")" = 429 ] &&
	! grep -q "\"child\"" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'export'"'"' AND detail LIKE '"'"'pseudonymised extract:%'"'"'")" = 6 ] &&
	expect_code 2 t extract && err_has "extract.purpose: say what the extract is for" &&
	t extract --purpose "Kontrol af udtrækket fra kommandolinjen" | cmp -s - "$TMP/x.jsonl"
'

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
test_done
