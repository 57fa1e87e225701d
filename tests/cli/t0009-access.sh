#!/usr/bin/env bash
# t0009: the access matrix (S-08, S-09, S-12 of QUALITY.md): every role x every page and record
# route x four relations to a child (own, another team's, consented, consent expired), generated
# from the policy's rules below and checked request by request, with zero leaks: no 200 where the
# policy says no, no restricted field (CPR, notes) on a partner's or task-force member's page, no
# other child's name or note anywhere it does not belong. Every id of every record goes into every
# URL (IDOR), and ids that do not exist are refused the same way.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
t init >/dev/null && t import "$SRC/tests/data/access.jsonl" >/dev/null
PW=korrekt-hest-batteri-9
ROLES="rg-anne:caseworker:Team_Nord rg-bo:caseworker:Team_Syd tl-nord:team_leader:Team_Nord
ledelse:leadership: partner-skole:partner: tf-ung:taskforce: analytiker:analyst: admin:admin:"
for r in $ROLES; do
	IFS=: read -r login role team <<<"$r"
	echo "$PW" | t user add --login "$login" --role "$role" ${team:+--team "${team//_/ }"} >"$TMP/u.$login"
done
"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"
login() {
	curl -s -D "$TMP/lh" -o /dev/null -X POST --data-urlencode "login=$1" --data-urlencode "password=$PW" \
		--data-urlencode "code=$(oathtool --totp -b "$(sed -n 's/^totp secret: //p' "$TMP/u.$1")")" \
		"$base/login"
	sed -n 's/^Set-Cookie: __Host-trappe=\([^;]*\);.*/\1/p' "$TMP/lh" | tr -d '\r'
}
get() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" "$base$2"; }
post() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" -X POST "${@:3}" "$base$2"; }

# The policy, as the matrix's oracle: may LOGIN do OP (read|write) on TYPE of child K (1 own of
# Team Nord with consents, 2 Team Syd's, 3 Team Nord's with expired consents)?
allowed() {
	case "$1" in
	rg-anne | tl-nord) [ "$2" = 1 ] || [ "$2" = 3 ] ;;
	rg-bo) [ "$2" = 2 ] ;;
	partner-skole) [ "$2" = 1 ] && [ "$4" = read ] &&
		case "$3" in child | case | intervention | plan | goal | followup) true ;; *) false ;; esac ;;
	tf-ung) [ "$2" = 1 ] && case "$3" in
		child) [ "$4" = read ] ;; plan | goal | followup) true ;; *) false ;; esac ;;
	*) false ;;
	esac
}
table() { case "$1" in case) echo child_case ;; *) echo "$1" ;; esac; }
TYPES="child relation case notification screening assessment conversation decision intervention plan goal followup supervision consent"
# The record types the web edits (/ret); the others have no edit page and must never answer 200.
EDITABLE=" case notification screening assessment conversation decision intervention plan goal followup supervision "
NEWTYPES="notification screening assessment conversation decision intervention plan goal followup supervision case"
NAMES=("" "Matrixbarn Et" "Matrixbarn To" "Matrixbarn Tre")

leaks=0 requests=0 granted=0
leak() { leaks=$((leaks + 1)); echo "LEAK: $*" >>"$TMP/leaks"; }
# A page login may see: no restricted text of any child under consent, no text of a child they
# may not read.
check_page() {
	local who=$1 url=$2 k
	for k in 1 2 3; do
		if ! allowed "$who" "$k" child read && grep -q -e "SKJULT-K$k-" -e "${NAMES[$k]}" "$TMP/page"; then
			leak "$who $url shows child $k"
		fi
	done
	case "$who" in partner-skole | tf-ung)
		grep -q -e "SKJULT-" -e "120512-4018" -e "1205124018" "$TMP/page" && leak "$who $url shows a restricted field" ;;
	esac
}
# expect WHO URL ALLOWED(0/1): 200 when allowed, 403 when not; anything else or a leak counts.
expect() {
	local code
	code=$(get "$TOKEN" "$2")
	requests=$((requests + 1))
	if [ "$3" = 1 ]; then
		[ "$code" = 200 ] && granted=$((granted + 1)) || leak "$1 $2: expected 200, got $code"
		check_page "$1" "$2"
	elif [ "$3" = none ]; then
		[ "$code" = 404 ] || [ "$code" = 403 ] || leak "$1 $2: expected 404 or 403 (no such page), got $code"
	elif [ "$code" != 403 ]; then
		leak "$1 $2: expected 403, got $code"
	fi
}

for r in $ROLES; do
	IFS=: read -r who _ _ <<<"$r"
	TOKEN=$(login "$who")
	[ -n "$TOKEN" ] || { echo "cannot log in $who"; exit 1; }
	for k in 1 2 3; do
		cid=$((k * 100 + 1))
		a=0; allowed "$who" "$k" child read && a=1
		expect "$who" "/barn/$cid" "$a"
		for ty in $TYPES; do
			ids=$(sqlite3 "$DB" "SELECT id FROM $(table "$ty") WHERE $([ "$ty" = child ] && echo id || echo child_id)=$cid")
			for id in $ids; do
				a=0; allowed "$who" "$k" "$ty" read && a=1
				case "$EDITABLE" in *" $ty "*) ;; *) a=none ;; esac
				expect "$who" "/ret?type=$ty&id=$id" "$a"
			done
		done
		for ty in $NEWTYPES; do
			a=0; allowed "$who" "$k" "$ty" write && a=1
			expect "$who" "/ny?type=$ty&barn=$cid" "$a"
		done
	done
	# Ids that do not exist are refused like forbidden ones (no existence oracle).
	for ty in notification plan followup; do expect "$who" "/ret?type=$ty&id=9999" 0; done
	expect "$who" "/barn/9999" 0
	# Lists show exactly the children the user may see.
	code=$(get "$TOKEN" /boern)
	requests=$((requests + 1))
	if [ "$code" = 200 ]; then
		check_page "$who" /boern
		for k in 1 2 3; do
			allowed "$who" "$k" child read && ! grep -q "${NAMES[$k]}" "$TMP/page" && leak "$who /boern lacks child $k"
		done
	elif allowed "$who" 1 child read || allowed "$who" 2 child read; then
		leak "$who /boern: expected 200, got $code"
	fi
	code=$(get "$TOKEN" /)
	requests=$((requests + 1))
	[ "$code" = 200 ] && check_page "$who" /
	eval "TOKEN_${who//-/_}=\$TOKEN"
done

test_expect_success "the access matrix has zero leaks ($requests requests)" '
	[ ! -s "$TMP/leaks" ] || { cat "$TMP/leaks"; false; }
'

test_expect_success 'the matrix is not vacuous: it granted and refused many requests' '
	[ "$requests" -gt 500 ] && [ "$granted" -gt 60 ] && [ $((requests - granted)) -gt 300 ]
'

test_expect_success 'every refusal was audited' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"'")" -gt 300 ]
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

test_expect_success 'leaders review accesses: refusals as alerts, a random sample, own team only' '
	TOKEN=$TOKEN_tl_nord && [ "$(get "$TOKEN" /tilsyn)" = 200 ] &&
	grep -q "<td>rg-anne</td><td>refused" "$TMP/page" && ! grep -q "<td>rg-bo</td>" "$TMP/page" &&
	! grep -q "Matrixbarn" "$TMP/page" &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=rg-anne")" = 200 ] && grep -q "Stikprøve for rg-anne" "$TMP/page" &&
	{ tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	[ "$(grep -c "<td>rg-anne</td><td>read" "$TMP/page")" -ge 1 ] &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=rg-bo")" = 403 ] &&
	[ "$(get "$TOKEN" "/tilsyn?bruger=nobody")" = 403 ] &&
	TOKEN=$TOKEN_ledelse && [ "$(get "$TOKEN" "/tilsyn?bruger=rg-bo")" = 200 ] &&
	grep -q "<td>rg-bo</td><td>refused" "$TMP/page" &&
	for w in rg_anne partner_skole tf_ung analytiker admin; do
		eval "TOKEN=\$TOKEN_$w"; [ "$(get "$TOKEN" /tilsyn)" = 403 ] || exit 1
	done &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '"'"'access review:%'"'"'")" -ge 3 ]
'

test_expect_success 'analysts get the pseudonymised extract, and only they; it names no one' '
	TOKEN=$TOKEN_analytiker && [ "$(get "$TOKEN" /udtraek)" = 200 ] &&
	{ tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	[ "$(get "$TOKEN" "/udtraek?hent=1")" = 200 ] && cp "$TMP/page" "$TMP/x.jsonl" &&
	n=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM child)+(SELECT count(*) FROM child_case)+
		(SELECT count(*) FROM notification)+(SELECT count(*) FROM screening)+(SELECT count(*) FROM assessment)+
		(SELECT count(*) FROM conversation)+(SELECT count(*) FROM decision)+(SELECT count(*) FROM intervention)+
		(SELECT count(*) FROM plan)+(SELECT count(*) FROM goal)+(SELECT count(*) FROM followup)+
		(SELECT count(*) FROM supervision)") &&
	[ "$(grep -c "" "$TMP/x.jsonl")" = "$n" ] &&
	jq -e -s "all(.[]; (.child | test(\"^[0-9a-f]{20}$\")) and (has(\"id\") | not) and (has(\"child_id\") | not)
		and (has(\"name\") | not) and (has(\"cpr\") | not) and (has(\"caseworker\") | not))" "$TMP/x.jsonl" >/dev/null &&
	[ "$(jq -r "select(.type == \"child\") | .child" "$TMP/x.jsonl" | sort -u | grep -c "")" = 3 ] &&
	jq -e -s "[.[] | select(.type == \"child\") | .birth_date | select(. != null) | test(\"^[0-9]{4}$\")] | all" "$TMP/x.jsonl" >/dev/null &&
	! grep -q -e Matrixbarn -e SKJULT -e 120512 -e 150613 -e 200714 -e rg-anne "$TMP/x.jsonl" &&
	get "$TOKEN" "/udtraek?hent=1" >/dev/null && cmp -s "$TMP/page" "$TMP/x.jsonl" &&
	for w in rg_anne tl_nord ledelse partner_skole tf_ung admin; do
		eval "TOKEN=\$TOKEN_$w"
		[ "$(get "$TOKEN" /udtraek)" = 403 ] && [ "$(get "$TOKEN" "/udtraek?hent=1")" = 403 ] &&
			! grep -q "child" "$TMP/page" || exit 1
	done &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'export'"'"' AND detail LIKE '"'"'pseudonymised extract:%'"'"'")" = 2 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'pseudonymised extract:%'"'"'")" = 6 ]
'

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
test_done
