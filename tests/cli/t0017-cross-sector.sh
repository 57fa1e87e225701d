#!/usr/bin/env bash
# t0017: working across sectors (issue 23). A partner files a concern and a formal notification
# and sees only what it filed and the answers; the intake takes each in (the child found by CPR
# number or registered, the notification's 24 hours counted from the filing) and answers; the
# notification's receipt and feedback (U3, U5) are those answers. The task force's plan and the
# guidance centre's contacts after 18 follow.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
PW=korrekt-hest-batteri-9
t init >/dev/null
for u in rg-anne:caseworker:Team_Nord rg-bo:caseworker:Team_Syd partner-skole:partner::Skolen_ved_Søen \
	partner-dagtilbud:partner: tf-ung:taskforce: ledelse:leadership:; do
	IFS=: read -r login role team name <<<"$u"
	echo "$PW" | t user add --login "$login" --role "$role" ${team:+--team "${team//_/ }"} \
		${name:+--name "${name//_/ }"} >"$TMP/u.$login"
done
# A child known before, with an open case of rg-bo's.
t child add --name "Kendt Barn" --cpr 120512-4018 --birth-date 2012-05-12 >/dev/null
t case add --child-id 1 --caseworker rg-bo --team "Team Syd" --opened 2024-01-01 >/dev/null

"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"
login() { web_login "$base" "$1" "$PW" "$(oathtool --totp -b "$(sed -n 's/^totp secret: //p' "$TMP/u.$1")")"; }
get() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" "$base$2"; }
post() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" -X POST "${@:3}" "$base$2"; }
csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/page" | head -1; }
SKOLE=$(login partner-skole)
DAG=$(login partner-dagtilbud)
ANNE=$(login rg-anne)
BO=$(login rg-bo)
TF=$(login tf-ung)
LED=$(login ledelse)

test_expect_success 'a partner finds its inquiries in the menu, written for it' '
	[ "$(get "$SKOLE" /henvendelser)" = 200 ] && grep -q "Jeres henvendelser til kommunen" "$TMP/page" &&
	grep -q "href=\"/henvendelser\"" "$TMP/page" && grep -q "I har ikke sendt nogen" "$TMP/page" &&
	[ "$(get "$SKOLE" /henvendelser/ny)" = 200 ] && grep -q "Barnets lov § 133" "$TMP/page" &&
	! grep -q "Rådgiver\|Mine frister\|/indbakke" "$TMP/page" &&
	[ "$(get "$SKOLE" /soeg)" = 200 ] && grep -q "givet samtykke til, at I ser" "$TMP/page" &&
	! grep -q "dine åbne sager" "$TMP/page"
'

test_expect_success 'bad input names the field and saves nothing' '
	get "$SKOLE" /henvendelser/ny >/dev/null && tok=$(csrf) &&
	[ "$(post "$SKOLE" /henvendelser/ny --data-urlencode "csrf=$tok" --data-urlencode kind=concern \
		--data-urlencode notifier_type=school --data-urlencode "child_name=Ny Elev" \
		--data-urlencode "seen=Kommer ikke i skole")" = 400 ] &&
	grep -q "CPR-nummer eller" "$TMP/page" &&
	[ "$(post "$SKOLE" /henvendelser/ny --data-urlencode "csrf=$tok" --data-urlencode kind=concern \
		--data-urlencode notifier_type=parent --data-urlencode "child_name=Ny Elev" \
		--data-urlencode child_birth=2011-03-04 --data-urlencode "seen=x")" = 400 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM inquiry")" = 0 ]
'

test_expect_success 'a partner files a concern and a formal notification' '
	get "$SKOLE" /henvendelser/ny >/dev/null && tok=$(csrf) &&
	[ "$(post "$SKOLE" /henvendelser/ny --data-urlencode "csrf=$tok" --data-urlencode kind=concern \
		--data-urlencode notifier_type=school --data-urlencode "child_name=Ny Elev" \
		--data-urlencode child_birth=2011-03-04 --data-urlencode "seen=Meget fravær siden jul" \
		--data-urlencode since=2025-01-06 --data-urlencode "partner_action=Samtaler med AKT" \
		--data-urlencode parents_informed=true)" = 303 ] &&
	[ "$(post "$SKOLE" /henvendelser/ny --data-urlencode "csrf=$tok" --data-urlencode kind=formal_notification \
		--data-urlencode notifier_type=school --data-urlencode "child_name=Kendt Barn" \
		--data-urlencode child_cpr=1205124018 --data-urlencode "seen=Blå mærker på armene")" = 303 ] &&
	get "$DAG" /henvendelser/ny >/dev/null && tok2=$(csrf) &&
	[ "$(post "$DAG" /henvendelser/ny --data-urlencode "csrf=$tok2" --data-urlencode kind=concern \
		--data-urlencode notifier_type=daycare --data-urlencode "child_name=Lille Dagbarn" \
		--data-urlencode child_birth=2021-08-01 --data-urlencode "seen=Trist og stille")" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM inquiry WHERE child_id IS NULL AND taken_at IS NULL")" = 3 ] &&
	! sqlite3 "$DB" "SELECT seen, child_name FROM inquiry" | grep -q "Blå\|Elev"
'

test_expect_success 'each partner sees only its own, and never the child behind it' '
	[ "$(get "$SKOLE" /henvendelser)" = 200 ] && grep -q "Ny Elev" "$TMP/page" &&
	grep -q "Kendt Barn" "$TMP/page" && ! grep -q "Lille Dagbarn" "$TMP/page" &&
	grep -q "venter på kommunen" "$TMP/page" && ! grep -q "href=\"/barn/" "$TMP/page" &&
	[ "$(get "$DAG" /henvendelser)" = 200 ] && grep -q "Lille Dagbarn" "$TMP/page" &&
	! grep -q "Ny Elev\|Kendt Barn" "$TMP/page" &&
	[ "$(get "$TF" /henvendelser)" = 403 ] && [ "$(get "$ANNE" /henvendelser)" = 403 ] &&
	[ "$(get "$SKOLE" /indbakke)" = 403 ] && [ "$(get "$SKOLE" /indbakke/1)" = 403 ] &&
	[ "$(get "$LED" /indbakke)" = 403 ]
'

test_expect_success 'the intake sees the inbox with the 24-hour clock of the notification' '
	[ "$(get "$ANNE" /indbakke)" = 200 ] && grep -q "Ny Elev" "$TMP/page" &&
	grep -q "Lille Dagbarn" "$TMP/page" && grep -q "Kendt Barn" "$TMP/page" &&
	grep -c "kl\. " "$TMP/page" | grep -q . &&
	[ "$(get "$ANNE" /indbakke/2)" = 200 ] && grep -q "Blå mærker" "$TMP/page" &&
	grep -q "value=\"notification\"" "$TMP/page" && ! grep -q "value=\"advice\"" "$TMP/page" &&
	[ "$(get "$ANNE" /indbakke/999)" = 403 ]
'

test_expect_success 'a formal notification is taken in as one: the known child, its open case, received when filed' '
	get "$ANNE" /indbakke/2 >/dev/null && tok=$(csrf) &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=2 \
		--data-urlencode version=1 --data-urlencode response=advice --data-urlencode caseworker=rg-anne)" = 400 ] &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=2 \
		--data-urlencode version=1 --data-urlencode response=notification --data-urlencode caseworker=rg-anne)" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT child_id, response, notification_id IS NOT NULL FROM inquiry WHERE id=2")" = "1|notification|1" ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child")" = 1 ] &&
	n=$(sqlite3 "$DB" "SELECT notification_id FROM inquiry WHERE id=2") &&
	[ "$(sqlite3 "$DB" "SELECT n.case_id, n.received_at = q.filed_at, n.professional, n.receipt_sent_at IS NOT NULL FROM notification n, inquiry q WHERE n.id=$n AND q.id=2")" = "1|1|1|1" ] &&
	t deadlines --caseworker rg-bo | grep -q "U1" &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=2 \
		--data-urlencode version=2 --data-urlencode response=notification)" = 409 ]
'

test_expect_success 'a concern taken in as a notification registers the child and opens the case' '
	get "$ANNE" /indbakke/1 >/dev/null && tok=$(csrf) &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=1 \
		--data-urlencode version=1 --data-urlencode response=notification --data-urlencode caseworker=rg-bo)" = 403 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child")" = 1 ] &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=1 \
		--data-urlencode version=1 --data-urlencode response=notification --data-urlencode caseworker=rg-anne)" = 303 ] &&
	c=$(sqlite3 "$DB" "SELECT child_id FROM inquiry WHERE id=1") && [ "$c" = 2 ] &&
	[ "$(sqlite3 "$DB" "SELECT caseworker, team FROM child_case WHERE child_id=2")" = "rg-anne|Team Nord" ] &&
	[ "$(get "$ANNE" /barn/2)" = 200 ] && grep -q "Underretning" "$TMP/page" &&
	n=$(sqlite3 "$DB" "SELECT notification_id FROM inquiry WHERE id=1") &&
	[ "$(get "$ANNE" "/ret?type=notification&id=$n")" = 200 ] && grep -q "Meget fravær siden jul" "$TMP/page" &&
	grep -q "Hvad gør I allerede: Samtaler med AKT" "$TMP/page" && grep -q "Forældrene er orienteret." "$TMP/page"
'

test_expect_success 'a concern answered with advice is kept with its child but opens no case; the partner gets the answer' '
	get "$ANNE" /indbakke/3 >/dev/null && tok=$(csrf) &&
	[ "$(post "$ANNE" /indbakke/modtag --data-urlencode "csrf=$tok" --data-urlencode id=3 \
		--data-urlencode version=1 --data-urlencode response=advice)" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM child")" = 3 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM child_case WHERE child_id=3")" = 0 ] &&
	[ "$(post "$ANNE" /indbakke/svar --data-urlencode "csrf=$tok" --data-urlencode id=3 \
		--data-urlencode version=2 --data-urlencode feedback=)" = 400 ] &&
	[ "$(post "$ANNE" /indbakke/svar --data-urlencode "csrf=$tok" --data-urlencode id=3 \
		--data-urlencode version=2 --data-urlencode "feedback=Vi ringer jer op i morgen om en konsultativ samtale.")" = 303 ] &&
	[ "$(get "$DAG" /henvendelser)" = 200 ] && grep -q "Vi ringer jer op i morgen" "$TMP/page" &&
	grep -q "rådgivning til jer" "$TMP/page"
'

test_expect_success 'the answer to a professional notifier is the notification feedback (U5)' '
	get "$ANNE" /indbakke/2 >/dev/null && tok=$(csrf) &&
	[ "$(post "$ANNE" /indbakke/svar --data-urlencode "csrf=$tok" --data-urlencode id=2 \
		--data-urlencode version=2 --data-urlencode "feedback=Vi har sat en børnefaglig undersøgelse i gang.")" = 303 ] &&
	n=$(sqlite3 "$DB" "SELECT notification_id FROM inquiry WHERE id=2") &&
	[ "$(sqlite3 "$DB" "SELECT feedback_sent_at IS NOT NULL, version FROM notification WHERE id=$n")" = "1|2" ] &&
	[ "$(get "$SKOLE" /henvendelser)" = 200 ] && grep -q "børnefaglig undersøgelse i gang" "$TMP/page" &&
	! grep -q "rg-anne\|rg-bo\|120512" "$TMP/page" &&
	[ "$(get "$ANNE" /indbakke)" = 200 ] && ! grep -q "Kendt Barn\|Lille Dagbarn" "$TMP/page"
'

test_expect_success 'every step is audited; nothing of the inquiry is in the log' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE record_type='"'"'inquiry'"'"' AND action='"'"'create'"'"'")" = 3 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE record_type='"'"'inquiry'"'"' AND action='"'"'update'"'"'")" -ge 5 ] &&
	! grep -q "Blå\|Elev\|fravær" "$TMP/server.log" &&
	t audit verify >/dev/null
'

# The task force around a young person of 16 (child 4), with consent for tf-ung; child 2 (14) is
# too young for it.
t child add --name "Ung Seksten" --birth-date 2009-02-01 >/dev/null
t case add --child-id 4 --caseworker rg-anne --team "Team Nord" --opened 2025-01-01 >/dev/null
t consent add --child-id 4 --grantee tf-ung --scope shared_plan --purpose "Taskforce" \
	--given-by both --from-date 2025-06-01 --to-date 2099-12-31 >/dev/null

test_expect_success 'the task force is for young people of 15 to 23, and time-boxed' '
	expect_code 2 t taskforce add --child-id 2 --owner tf-ung --purpose "Samlet plan" \
		--start 2025-06-01 --planned-end 2025-12-01 && err_has "taskforce.start: the task force is for young people of 15 to 23" &&
	expect_code 2 t taskforce add --child-id 4 --owner tf-ung --purpose "Samlet plan" \
		--start 2025-06-01 --planned-end 2026-12-01 && err_has "taskforce.planned_end: a task force is time-boxed" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM taskforce")" = 0 ]
'

test_expect_success 'the caseworker sets the task force up from the web: owner, members, a plan of actions' '
	[ "$(get "$ANNE" /barn/4)" = 200 ] && grep -q "href=\"/ny?type=taskforce&amp;barn=4\"" "$TMP/page" &&
	get "$ANNE" "/ny?type=taskforce&barn=4" >/dev/null && tok=$(csrf) &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce --data-urlencode barn=4 \
		--data-urlencode owner=tf-ung --data-urlencode "purpose=Samlet plan for skole og bolig" \
		--data-urlencode start=2025-06-01 --data-urlencode planned_end=2026-03-01)" = 303 ] &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_member --data-urlencode barn=4 \
		--data-urlencode taskforce_id=1 --data-urlencode "name=Jobcenterets ungevejleder" \
		--data-urlencode department=job_centre --data-urlencode from_date=2025-06-01)" = 303 ] &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_action --data-urlencode barn=4 \
		--data-urlencode taskforce_id=1 --data-urlencode "text=Praktikplads fundet" --data-urlencode department=job_centre \
		--data-urlencode "owner=Ungevejlederen" --data-urlencode due=2025-09-01)" = 303 ] &&
	[ "$(get "$ANNE" /barn/4)" = 200 ] && grep -q "Taskforce for udsatte unge" "$TMP/page" &&
	grep -q "Praktikplads fundet" "$TMP/page" && grep -q "Over frist" "$TMP/page" &&
	t deadlines --caseworker rg-anne | grep -q "T1"
'

test_expect_success 'a task-force member works on the plan under consent and sees nothing else' '
	[ "$(get "$TF" /barn/4)" = 200 ] && grep -q "Praktikplads fundet" "$TMP/page" &&
	grep -q "Jobcenterets ungevejleder" "$TMP/page" && ! grep -q "Ny deltager" "$TMP/page" &&
	get "$TF" "/ny?type=taskforce_meeting&barn=4" >/dev/null && tok=$(csrf) &&
	[ "$(post "$TF" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_meeting --data-urlencode barn=4 \
		--data-urlencode taskforce_id=1 --data-urlencode date=2025-06-15 --data-urlencode young_present=true \
		--data-urlencode "note=Den unge vil gerne i praktik")" = 303 ] &&
	v=$(t taskforce-action show 1 | jq -r .version) &&
	[ "$(post "$TF" /ret --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_action --data-urlencode barn=4 \
		--data-urlencode id=1 --data-urlencode "version=$v" --data-urlencode taskforce_id=1 \
		--data-urlencode "text=Praktikplads fundet" --data-urlencode department=job_centre \
		--data-urlencode "owner=Ungevejlederen" --data-urlencode due=2025-09-01 --data-urlencode done=2025-08-20)" = 303 ] &&
	[ "$(post "$TF" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_member --data-urlencode barn=4 \
		--data-urlencode taskforce_id=1 --data-urlencode "name=X" --data-urlencode department=other \
		--data-urlencode from_date=2025-06-01)" = 403 ] &&
	[ "$(post "$TF" /ny --data-urlencode "csrf=$tok" --data-urlencode type=aftercare_contact --data-urlencode barn=4 \
		--data-urlencode date=2025-06-15 --data-urlencode form=phone --data-urlencode topic=work \
		--data-urlencode counsellor=X)" = 403 ] &&
	[ "$(get "$TF" /barn/2)" = 403 ] && [ "$(get "$SKOLE" /barn/4)" = 403 ] &&
	[ "$(get "$TF" /barn/4)" = 200 ] && ! grep -q "Over frist" "$TMP/page" && grep -q "Udført" "$TMP/page"
'

test_expect_success 'the caseworker ends the task force with its outcome from the child'"'"'s page; a member cannot' '
	[ "$(get "$TF" /barn/4)" = 200 ] && ! grep -q "href=\"/ret?type=taskforce&amp;\|href=\"/ret?type=taskforce_member" "$TMP/page" &&
	[ "$(get "$TF" "/ret?type=taskforce&id=1")" = 403 ] &&
	[ "$(get "$ANNE" /barn/4)" = 200 ] && grep -q "href=\"/ret?type=taskforce&amp;id=1\"" "$TMP/page" &&
	grep -q "href=\"/ret?type=taskforce_member&amp;id=1\"" "$TMP/page" &&
	[ "$(get "$ANNE" "/ret?type=taskforce&id=1")" = 200 ] && tok=$(csrf) &&
	v=$(t taskforce show 1 | jq -r .version) &&
	[ "$(post "$ANNE" /ret --data-urlencode "csrf=$tok" --data-urlencode type=taskforce --data-urlencode barn=4 \
		--data-urlencode id=1 --data-urlencode "version=$v" --data-urlencode owner=tf-ung \
		--data-urlencode "purpose=Samlet plan for skole og bolig" --data-urlencode start=2025-06-01 \
		--data-urlencode planned_end=2026-03-01 --data-urlencode end=2026-02-15 \
		--data-urlencode "outcome=I praktik og egen bolig")" = 303 ] &&
	[ "$(get "$TF" /barn/4)" = 200 ] && grep -q "15. februar 2026 (afsluttet)" "$TMP/page" &&
	grep -q "I praktik og egen bolig" "$TMP/page"
'

test_expect_success 'a step-1 course in the general services needs the parents'"'"' consent; the harbour course is for 15-16' '
	expect_code 2 t intervention add --child-id 2 --catalogue-code alm-inklusion --start 2025-02-01 &&
	err_has "intervention.parents_consent: a step-1 course in the general services needs the parents" &&
	t intervention add --child-id 2 --catalogue-code alm-inklusion --start 2025-02-01 --parents-consent true >/dev/null &&
	expect_code 2 t intervention add --child-id 2 --catalogue-code alm-havn --start 2025-02-01 --parents-consent true &&
	err_has "the intervention is for ages 15 to 16" &&
	t intervention add --child-id 4 --catalogue-code alm-havn --start 2025-03-01 --parents-consent true >/dev/null
'

test_expect_success 'support after 18 is granted or re-established from 18 until 23 (Y3); the guidance centre: contacts from 18, a nudge after 30 days without one' '
	t child add --name "Ung Tyve" --birth-date 2005-06-01 >/dev/null &&
	t case add --child-id 5 --caseworker rg-anne --team "Team Nord" --opened 2023-01-01 >/dev/null &&
	expect_code 2 t aftercare-contact add --child-id 4 --date 2025-06-01 --form meeting --topic education --counsellor "Vejleder V" &&
	err_has "aftercare_contact.date: the guidance centre is for young people of 18 to 23" &&
	expect_code 2 t intervention add --child-id 5 --catalogue-code bl114-4 --start 2028-06-01 --lower-steps x &&
	err_has "intervention.catalogue_code: the intervention is for ages 18 to 22" &&
	expect_code 2 t intervention add --child-id 5 --catalogue-code bl114-2 --start 2023-05-31 --lower-steps x &&
	t intervention add --child-id 5 --catalogue-code bl114-2 --start 2023-06-01 --lower-steps "Ungestøtte efter anbringelse" >/dev/null &&
	t deadlines --caseworker rg-anne --json | jq -s -e "[.[] | select(.rule == \"Y2\" and .status == \"overdue\")] | length == 1" >/dev/null &&
	today=$(TZ=Europe/Copenhagen date +%F) &&
	t aftercare-contact add --child-id 5 --date "$today" --form meeting --topic education --counsellor "Vejleder V" --status in_education >/dev/null &&
	t deadlines --caseworker rg-anne --json | jq -s -e "[.[] | select(.rule == \"Y2\" and .status == \"overdue\")] | length == 0" >/dev/null &&
	[ "$(get "$ANNE" /barn/5)" = 200 ] && grep -q "Vejledningscenteret (18+)" "$TMP/page" && grep -q "Vejleder V" "$TMP/page"
'

test_expect_success 'long lists come a page at a time: the partner'"'"'s newest first, the inbox'"'"'s new ones on top' '
	for i in $(seq -w 1 101); do
		printf "{\"type\":\"inquiry\",\"id\":%d,\"filed_by\":\"partner-dagtilbud\",\"filed_at\":\"2024-01-01T%02d:%02d:00Z\",\"kind\":\"concern\",\"notifier_type\":\"daycare\",\"child_name\":\"Barn Nr$i\",\"child_birth\":\"2021-01-01\",\"seen\":\"Uro\",\"taken_at\":\"2024-01-02T10:00:00Z\",\"taken_by\":\"rg-anne\",\"response\":\"advice\"}\n" $((1000 + 10#$i)) $((10#$i / 60)) $((10#$i % 60))
	done >"$TMP/many.jsonl" &&
	t import "$TMP/many.jsonl" >/dev/null &&
	[ "$(get "$DAG" /henvendelser)" = 200 ] && grep -q "Side 1 af 2 (nr. 1–100 af 102)" "$TMP/page" &&
	grep -q "Lille Dagbarn" "$TMP/page" && grep -q "Barn Nr101" "$TMP/page" && ! grep -q "Barn Nr001" "$TMP/page" &&
	[ "$(get "$DAG" "/henvendelser?side=2")" = 200 ] && grep -q "Barn Nr001" "$TMP/page" && ! grep -q "Barn Nr003" "$TMP/page" &&
	[ "$(get "$DAG" "/henvendelser?side=3")" = 400 ] && grep -q "side" "$TMP/page" &&
	[ "$(get "$DAG" "/henvendelser?side=x")" = 400 ] &&
	get "$SKOLE" /henvendelser/ny >/dev/null && tok=$(csrf) &&
	[ "$(post "$SKOLE" /henvendelser/ny --data-urlencode "csrf=$tok" --data-urlencode kind=concern \
		--data-urlencode notifier_type=school --data-urlencode "child_name=Helt Ny" \
		--data-urlencode child_birth=2015-01-01 --data-urlencode "seen=Trist")" = 303 ] &&
	[ "$(get "$ANNE" /indbakke)" = 200 ] && grep -q "Nye – skal tages imod (1)" "$TMP/page" &&
	grep -q "mangler svar til partneren (102)" "$TMP/page" && grep -q "Side 1 af 2" "$TMP/page" &&
	sed -n "/Nye – skal/,/mangler svar/p" "$TMP/page" | grep -q "Helt Ny" &&
	! sed -n "/Nye – skal/,/mangler svar/p" "$TMP/page" | grep -q "Barn Nr" &&
	grep -q "Barn Nr001" "$TMP/page" && ! grep -q "Barn Nr101" "$TMP/page" &&
	[ "$(get "$ANNE" "/indbakke?side=2")" = 200 ] && grep -q "Barn Nr101" "$TMP/page" && grep -q "Helt Ny" "$TMP/page"
'

test_expect_success 'the caseworker gives a consent from the web, choosing whom among the accounts it may name' '
	[ "$(get "$ANNE" /barn/4)" = 200 ] && grep -q "href=\"/ny?type=consent&amp;barn=4\"" "$TMP/page" &&
	today=$(TZ=Europe/Copenhagen date +%F) &&
	[ "$(get "$ANNE" "/ny?type=case&barn=4")" = 200 ] && grep -q "value=\"rg-anne\" selected" "$TMP/page" &&
	grep -q "name=\"team\" value=\"Team Nord\"" "$TMP/page" && grep -o "id=\"f-opened\"[^>]*>" "$TMP/page" | grep -q "value=\"$today\"" &&
	[ "$(get "$ANNE" "/ny?type=notification&barn=4")" = 200 ] &&
	grep -o "id=\"f-received_at\"[^>]*>" "$TMP/page" | grep -q "type=\"datetime-local\" max=\"[0-9-]*T[0-9:]*\" value=\"${today}T" &&
	[ "$(get "$ANNE" "/ny?type=consent&barn=4")" = 200 ] && tok=$(csrf) &&
	grep -o "id=\"f-from_date\"[^>]*>" "$TMP/page" | grep -q "value=\"$today\"" &&
	sed -n "/id=\"f-grantee\"/,/<\/select>/p" "$TMP/page" >"$TMP/grantees" &&
	grep -q "value=\"partner-skole\"" "$TMP/grantees" && grep -q "value=\"tf-ung\"" "$TMP/grantees" &&
	! grep -q "value=\"rg-bo\"\|value=\"ledelse\"" "$TMP/grantees" &&
	n=$(sqlite3 "$DB" "SELECT count(*) FROM consent") &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=consent --data-urlencode barn=4 \
		--data-urlencode grantee=rg-bo --data-urlencode scope=case_overview --data-urlencode "purpose=Skoleskift" \
		--data-urlencode given_by=both --data-urlencode from_date=2025-06-01 --data-urlencode to_date=2099-12-31)" = 400 ] &&
	grep -q "Vælg en samarbejdspartner eller taskforcen" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM consent")" = "$n" ] &&
	[ "$(get "$SKOLE" /barn/4)" = 403 ] &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=consent --data-urlencode barn=4 \
		--data-urlencode grantee=partner-skole --data-urlencode scope=case_overview --data-urlencode "purpose=Skoleskift" \
		--data-urlencode given_by=both --data-urlencode from_date=2025-06-01 --data-urlencode to_date=2099-12-31)" = 303 ] &&
	[ "$(get "$SKOLE" /barn/4)" = 200 ] && grep -q "Logget ind som Skolen ved Søen (partner-skole)</span>" "$TMP/page" &&
	c=$(sqlite3 "$DB" "SELECT max(id) FROM consent") &&
	[ "$(get "$ANNE" /barn/4)" = 200 ] && grep -q "href=\"/ret?type=consent&amp;id=$c\"" "$TMP/page" &&
	grep -q "Logget ind som rg-anne</span>" "$TMP/page" &&
	grep -q "<td>Skolen ved Søen (partner-skole)</td>" "$TMP/page" &&
	[ "$(get "$ANNE" "/ret?type=consent&id=$c")" = 200 ] && grep -q "value=\"partner-skole\" selected" "$TMP/page" &&
	grep -q ">Skolen ved Søen (partner-skole), samarbejdspartner</option>" "$TMP/page"
'

test_expect_success 'the task force'"'"'s coordinator is the task force'"'"'s account; an inquiry is answered in the inbox, not edited' '
	expect_code 2 t taskforce add --child-id 4 --owner partner-skole --purpose "Samlet plan" \
		--start 2025-06-01 --planned-end 2025-12-01 &&
	err_has "taskforce.owner: must be the login of the task force'"'"'s account" &&
	[ "$(get "$ANNE" "/ny?type=taskforce&barn=4")" = 200 ] && tok=$(csrf) &&
	sed -n "/id=\"f-owner\"/,/<\/select>/p" "$TMP/page" | grep -q "value=\"tf-ung\"" &&
	! sed -n "/id=\"f-owner\"/,/<\/select>/p" "$TMP/page" | grep -q "value=\"partner-skole\"" &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce --data-urlencode barn=4 \
		--data-urlencode owner=rg-anne --data-urlencode "purpose=Samlet plan" \
		--data-urlencode start=2026-03-01 --data-urlencode planned_end=2026-09-01)" = 400 ] &&
	grep -q "Vælg taskforcens bruger som tovholder" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM taskforce")" = 1 ] &&
	[ "$(get "$BO" /barn/1)" = 200 ] && grep -q "Henvendelse" "$TMP/page" &&
	! grep -q "href=\"/ret?type=inquiry" "$TMP/page"
'

test_expect_success 'a case of a former employee keeps the name in its form, but must be given an account to be saved' '
	echo "{\"type\":\"case\",\"id\":900,\"child_id\":1,\"caseworker\":\"rg-gammel\",\"team\":\"Team Syd\",\"opened\":\"2020-01-01\",\"closed\":\"2020-06-30\"}" >"$TMP/old.jsonl" &&
	t import "$TMP/old.jsonl" >/dev/null &&
	[ "$(get "$BO" "/ret?type=case&id=900")" = 200 ] && tok=$(csrf) &&
	grep -q "value=\"rg-gammel\" selected>rg-gammel – ikke en bruger, der kan vælges her</option>" "$TMP/page" &&
	[ "$(post "$BO" /ret --data-urlencode "csrf=$tok" --data-urlencode type=case --data-urlencode barn=1 \
		--data-urlencode id=900 --data-urlencode version=1 --data-urlencode caseworker=rg-gammel \
		--data-urlencode "team=Team Syd" --data-urlencode opened=2020-01-01 --data-urlencode closed=2020-06-30)" = 400 ] &&
	grep -q "Vælg en rådgiver" "$TMP/page" &&
	[ "$(post "$BO" /ret --data-urlencode "csrf=$tok" --data-urlencode type=case --data-urlencode barn=1 \
		--data-urlencode id=900 --data-urlencode version=1 --data-urlencode caseworker=rg-bo \
		--data-urlencode "team=Team Syd" --data-urlencode opened=2020-01-01 --data-urlencode closed=2020-06-30)" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT caseworker FROM child_case WHERE id=900")" = rg-bo ]
'

test_expect_success 'a meeting held, an action done and a contact made cannot lie ahead' '
	tomorrow=$(date -d "+2 days" +%F) &&
	get "$TF" "/ny?type=taskforce_meeting&barn=4" >/dev/null && tok=$(csrf) &&
	grep -o "id=\"f-date\"[^>]*>" "$TMP/page" | grep -q "type=\"date\" max=\"$(TZ=Europe/Copenhagen date +%F)\"" &&
	[ "$(post "$TF" /ny --data-urlencode "csrf=$tok" --data-urlencode type=taskforce_meeting --data-urlencode barn=4 \
		--data-urlencode taskforce_id=1 --data-urlencode "date=$tomorrow" --data-urlencode young_present=true \
		--data-urlencode "note=Skal holdes")" = 400 ] &&
	grep -q "Tidspunktet ligger efter nu" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM taskforce_meeting")" = 1 ] &&
	expect_code 2 t taskforce-action update 1 --version "$(t taskforce-action show 1 | jq -r .version)" --done "$tomorrow" &&
	err_has "taskforce_action.done: must not be in the future" &&
	t child add --name "Ung Voksen" --birth-date 2005-01-10 >/dev/null &&
	y=$(sqlite3 "$DB" "SELECT max(id) FROM child") &&
	expect_code 2 t aftercare-contact add --child-id "$y" --date "$tomorrow" --form phone --topic work --counsellor X &&
	err_has "aftercare_contact.date: must not be in the future"
'

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
test_done
