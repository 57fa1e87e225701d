#!/usr/bin/env bash
# t0011: volume. A team's lists hold more than one request's memory of case history, a child's
# page holds a long history and refuses one longer than a page can hold with a clear error (and
# the lists go on without it), a table more than one list can hold is refused the same way, the
# export and the data-subject extract stream every row, and the server keeps serving throughout.
. "$(dirname "$0")/lib.sh"
export TRAPPE_STATIC="$SRC/static"
PW=korrekt-hest-batteri-9
# 19,000 characters of text, and records that carry it: 120 children of one team with five long
# notifications each (about 11 MB, though lists and pages leave the notifications' text sealed),
# one child with 500 conversations in the child's own words, which its page shows (about 9.5 MB
# on their own), one with 2,100 short notifications, one with 300 short conversations (a red
# thread shown 150 at a time), and one with 40,000 short conversations (more than a page holds:
# a child's page takes about 5 KB a record in a request's 64 MiB).
awk -v big=500 'BEGIN {
	s = "Lang tekst om barnets situation. "
	while (length(s) < 19000) s = s s
	s = substr(s, 1, 19000)
	for (c = 1; c <= 121; c++) {
		printf "{\"type\":\"child\",\"id\":%d,\"name\":\"Volumen %d Testesen\",\"sex\":\"female\"}\n", c, c
		printf "{\"type\":\"case\",\"id\":%d,\"child_id\":%d,\"caseworker\":\"rg-vol\",\"team\":\"Team Stor\",\"opened\":\"2024-01-02\"}\n", c, c
	}
	n = 0
	for (c = 1; c <= 120; c++)
		for (k = 1; k <= 5; k++)
			printf "{\"type\":\"notification\",\"id\":%d,\"child_id\":%d,\"case_id\":%d,\"received_at\":\"2024-01-05T10:00:00Z\",\"notifier_type\":\"school\",\"content\":\"%s\"}\n", ++n, c, c, s
	for (k = 1; k <= big; k++)
		printf "{\"type\":\"conversation\",\"id\":%d,\"child_id\":121,\"date\":\"2024-01-05\",\"bisidder_informed\":true,\"child_words\":\"%s\"}\n", k, s
	printf "{\"type\":\"child\",\"id\":122,\"name\":\"Mange Testesen\",\"sex\":\"male\"}\n"
	printf "{\"type\":\"case\",\"id\":122,\"child_id\":122,\"caseworker\":\"rg-vol\",\"team\":\"Team Stor\",\"opened\":\"2024-01-02\"}\n"
	for (k = 1; k <= 2100; k++)
		printf "{\"type\":\"notification\",\"id\":%d,\"child_id\":122,\"received_at\":\"2024-01-05T10:00:00Z\",\"notifier_type\":\"school\"}\n", ++n
	printf "{\"type\":\"child\",\"id\":123,\"name\":\"Lang Historie\",\"sex\":\"male\"}\n"
	printf "{\"type\":\"case\",\"id\":123,\"child_id\":123,\"caseworker\":\"rg-vol\",\"team\":\"Team Stor\",\"opened\":\"2014-01-02\"}\n"
	for (k = 1; k <= 300; k++)
		printf "{\"type\":\"conversation\",\"id\":%d,\"child_id\":123,\"date\":\"%d-%02d-15\",\"bisidder_informed\":true,\"child_words\":\"Samtale nr. %d\"}\n", big + k, 2014 + int((k - 1) / 12), 1 + (k - 1) % 12, k
	printf "{\"type\":\"child\",\"id\":124,\"name\":\"Kæmpe Historie\",\"sex\":\"female\"}\n"
	printf "{\"type\":\"case\",\"id\":124,\"child_id\":124,\"caseworker\":\"rg-vol\",\"team\":\"Team Stor\",\"opened\":\"2014-01-02\"}\n"
	for (k = 1; k <= 40000; k++)
		printf "{\"type\":\"conversation\",\"id\":%d,\"child_id\":124,\"date\":\"2020-01-15\",\"bisidder_informed\":true,\"child_words\":\"Kort\"}\n", 1000 + k
}' >"$TMP/vol.jsonl"
t init >/dev/null && t import "$TMP/vol.jsonl" >/dev/null
echo "$PW" | t user add --login tl-stor --role team_leader --team "Team Stor" >"$TMP/u.tl"
"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"
tok=$(web_login "$base" tl-stor "$PW" "$(oathtool --totp -b "$(sed -n 's/^totp secret: //p' "$TMP/u.tl")")")
get() { curl -s -H "Cookie: __Host-trappe=$tok" -o "$TMP/page" -w "%{http_code}" "$base$1"; }

# The team's deadlines and children come a hundred to a page (QUALITY P-11: a page at most
# 100 KB), the deadlines headed by their count; every one is on some page, and a page number
# outside them is refused (a malformed one before the list is worked out: no audit row).
test_expect_success 'a team leader sees the whole team: deadlines and children of 11 MB of history' '
	[ -n "$tok" ] && [ "$(get /)" = 200 ] && [ "$(wc -c <"$TMP/page")" -lt 102400 ] &&
	total=$(t deadlines --team "Team Stor" 2>&1 >/dev/null | sed -n "s/^\([0-9]*\) deadlines for.*/\1/p") &&
	pages=$(((total + 99) / 100)) && [ "$pages" -ge 3 ] &&
	grep -q "<p class=\"summary\">$total åbne frister i alt: " "$TMP/page" &&
	grep -q "<h1[^>]*>Teamets frister</h1>" "$TMP/page" && grep -q ">Teamets børn</a>" "$TMP/page" &&
	! grep -q "Mine frister\|Mine børn\|dine åbne sager" "$TMP/page" &&
	[ "$(get "/?status=alle")" = 200 ] && grep -q "<th scope=\"col\">Rådgiver</th>" "$TMP/page" &&
	grep -q "Side 1 af $pages (nr. 1–100 af $total)" "$TMP/page" && ! grep -q "rel=\"prev\"" "$TMP/page" &&
	grep -q "href=\"/?status=alle&amp;side=2\"" "$TMP/page" &&
	: >"$TMP/rows" && : >"$TMP/names" &&
	for p in $(seq "$pages"); do
		[ "$(get "/?status=alle&side=$p")" = 200 ] && [ "$(wc -c <"$TMP/page")" -lt 102400 ] || exit 1
		if [ "$p" = 2 ]; then tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; exit 1; }; fi
		grep -o "<tr><td><span class=\"status" "$TMP/page" >>"$TMP/rows" || exit 1
		grep -o "[A-Za-z]* [0-9 ]*Testesen" "$TMP/page" >>"$TMP/names" || exit 1
	done &&
	! grep -q "rel=\"next\"" "$TMP/page" &&
	[ "$(wc -l <"$TMP/rows")" = "$total" ] && grep -q "Volumen 120 Testesen" "$TMP/names" &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) && [ -n "$csrf" ] &&
	[ "$(curl -s -H "Cookie: __Host-trappe=$tok" -o "$TMP/page" -w "%{http_code}" -X POST \
		--data-urlencode "csrf=$csrf" --data-urlencode q=Testesen "$base/soeg")" = 200 ] &&
	grep -q "122 børn fundet; de første 100 vises" "$TMP/page" &&
	[ "$(grep -c "<tr><td><a " "$TMP/page")" = 100 ] && [ "$(wc -c <"$TMP/page")" -lt 102400 ] &&
	[ "$(get "/?status=alle&side=$((pages + 1))")" = 400 ] && grep -q "fra 1 til $pages\." "$TMP/page" &&
	sleep 0.5 && rows=$(sqlite3 "$DB" "SELECT count(*) FROM audit") &&
	[ "$(get "/?side=0")" = 400 ] && [ "$(get "/?side=x")" = 400 ] && grep -q "»side«" "$TMP/page" &&
	[ "$(get "/boern?side=-1")" = 400 ] && grep -q "»side« skal være et helt tal fra 1\." "$TMP/page" &&
	sleep 0.5 && [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit")" = "$rows" ] &&
	[ "$(get /boern)" = 200 ] && grep -q "Side 1 af 2 (nr. 1–100 af 124)" "$TMP/page" && cp "$TMP/page" "$TMP/kids" &&
	[ "$(get "/boern?side=2")" = 200 ] && grep -q "Side 2 af 2 (nr. 101–124 af 124)" "$TMP/page" &&
	cat "$TMP/page" >>"$TMP/kids" && [ "$(get "/boern?side=3")" = 400 ] &&
	[ "$(grep -o "Volumen [0-9]* Testesen" "$TMP/kids" | sort -u | wc -l)" = 121 ] && grep -q "Mange Testesen" "$TMP/kids" &&
	grep -q "Kæmpe Historie" "$TMP/kids"
'

test_expect_success 'a long history opens; one longer than a page holds is refused with 413, its forms and all else go on' '
	[ "$(get /barn/121)" = 200 ] && grep -q "Viser de nyeste 150 af 501 hændelser" "$TMP/page" &&
	grep -q "Lang tekst om barnets situation" "$TMP/page" &&
	[ "$(get /barn/122)" = 200 ] && grep -q "Viser de nyeste 150 af 2101 hændelser" "$TMP/page" &&
	[ "$(get "/barn/122?hele=1")" = 200 ] && [ "$(grep -c "<li><span class=\"when\">" "$TMP/page")" = 2101 ] &&
	[ "$(get "/ny?type=conversation&barn=122")" = 200 ] &&
	[ "$(get /barn/124)" = 413 ] && grep -q "for mange oplysninger" "$TMP/page" &&
	[ "$(get "/ny?type=conversation&barn=124")" = 200 ] && grep -q "Kæmpe Historie" "$TMP/page" &&
	t conversation add --child-id 124 --date 2026-01-15 --bisidder-informed true --child-words "Ny" >/dev/null &&
	t export-child 124 --output "$TMP/kid124.jsonl" 2>/dev/null && [ "$(wc -l <"$TMP/kid124.jsonl")" = 40003 ] &&
	[ "$(get /barn/120)" = 200 ] && grep -q "Volumen 120 Testesen" "$TMP/page" &&
	[ "$(get /)" = 200 ] && [ "$(get "/boern?side=2")" = 200 ] && grep -q "Kæmpe Historie" "$TMP/page" &&
	kill -0 "$pid" && ! grep -q BUG "$TMP/server.log"
'

test_expect_success 'a long red thread shows its newest 150 events, the whole of it one click away' '
	[ "$(get /barn/123)" = 200 ] && grep -q "Viser de nyeste 150 af 301 hændelser" "$TMP/page" &&
	grep -q "href=\"/barn/123?hele=1#traad\"" "$TMP/page" &&
	[ "$(grep -c "Samtale nr\. " "$TMP/page")" = 150 ] && grep -q "Samtale nr\. 300" "$TMP/page" &&
	! grep -q "Samtale nr\. 150\b" "$TMP/page" && grep -q "id=\"samtykker\"" "$TMP/page" &&
	[ "$(get "/barn/123?hele=1")" = 200 ] && [ "$(grep -c "Samtale nr\. " "$TMP/page")" = 300 ] &&
	[ "$(get "/barn/123?hele=ja")" = 400 ] && grep -q "»hele« kan kun være 1" "$TMP/page" &&
	[ "$(get "/barn/123?hele=1")" = 200 ] &&
	! grep -q "Viser de nyeste" "$TMP/page" &&
	[ "$(get "/barn/123?vis=conversation")" = 200 ] && grep -q "Viser de nyeste 150 af 300 hændelser" "$TMP/page" &&
	grep -q "href=\"/barn/123?hele=1&amp;vis=conversation#traad\"" "$TMP/page" &&
	[ "$(get "/barn/123?gemt=conversation-$((500 + 1))")" = 200 ] && grep -q "Samtale nr\. 1\b" "$TMP/page" &&
	! grep -q "Viser de nyeste" "$TMP/page"
'

# 3,100 more long notifications: the table then holds about 70 MB of text, more than a list's
# 64 MiB.
more() {
	awk 'BEGIN {
		s = "Mere tekst. "
		while (length(s) < 19000) s = s s
		s = substr(s, 1, 19000)
		for (n = 1; n <= 3100; n++)
			printf "{\"type\":\"notification\",\"id\":%d,\"child_id\":%d,\"received_at\":\"2024-02-05T10:00:00Z\",\"notifier_type\":\"school\",\"content\":\"%s\"}\n", 10000 + n, 1 + n % 120, s
	}'
}

test_expect_success 'a list bigger than one list can hold is refused with exit 2 and a way out' '
	more >"$TMP/more.jsonl" && t import "$TMP/more.jsonl" >/dev/null &&
	expect_code 2 t notification list && err_has "than one list can hold" && err_has "(--child ID)" &&
	t notification list --child 3 >"$TMP/list" && [ "$(grep -c . "$TMP/list")" -gt 20 ]
'

test_expect_success 'the export streams every record, however many' '
	t export >"$TMP/out.jsonl" && [ "$(wc -l <"$TMP/out.jsonl")" = $(($(wc -l <"$TMP/vol.jsonl") + 3100 + 1)) ] # and the conversation added above
'

kill "$pid"
wait "$pid" 2>/dev/null

test_expect_success 'a data-subject extract of a child looked at 400,000 times is whole' '
	sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
		INSERT INTO audit (at, actor, action, record_type, record_id, child_id, detail)
		SELECT '"'"'2026-01-01T00:00:00Z'"'"', '"'"'user:1'"'"', '"'"'read'"'"', '"'"'child'"'"', 2, 2, '"'"'red thread'"'"' FROM n" &&
	t audit child 2 >"$TMP/subject" && [ "$(grep -c "^2026-01-01T00:00:00Z" "$TMP/subject")" = 400000 ] &&
	t audit verify >/dev/null
'

test_done
