#!/usr/bin/env bash
# t0006: the caseworker's web application over real HTTP: accounts with Argon2id and TOTP,
# sessions (S-01..S-03), CSRF (S-19), headers (S-20), the policy per child (S-08), CPR masked and
# never in URLs (S-21, S-24), escaping (S-16), audit of reads (S-10), tidy on every page.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"
export TRAPPE_STATIC="$SRC/static"

t init >/dev/null && t import "$FIX" >/dev/null
PW=korrekt-hest-batteri-9
echo "$PW" | t user add --login rg-anne --role caseworker --name "Anne Rådgiver" --team "Team Nord" >"$TMP/anne"
echo "$PW" | t user add --login rg-bo --role caseworker --team "Team Syd" >"$TMP/bo"
echo "$PW" | t user add --login tl-nord --role team_leader --team "Team Nord" >"$TMP/tl"
echo "$PW" | t user add --login rg-fix --role caseworker >"$TMP/fix"
echo "$PW" | t user add --login rg-csrf --role caseworker >"$TMP/csrfu"
secret() { sed -n 's/^totp secret: //p' "$1"; }
# A child in nobody's case but with a name full of markup, to check escaping.
t child add --name '<script>alert(1)</script>"'"'"'&' >/dev/null
t case add --child-id 4 --caseworker rg-anne --team "Team Nord" --opened 2024-01-01 >/dev/null

"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$TMP/port")"

# login USER SECRETFILE [CODE]: POST /login; the session token (or nothing) is printed.
login() {
	local code=${3:-$(oathtool --totp -b "$(secret "$2")")}
	echo "$code" >"$TMP/lastcode.$1"
	web_login "$base" "$1" "$PW" "$code"
}
get() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" "$base$2"; }
post() { curl -s -H "Cookie: __Host-trappe=$1" -o "$TMP/page" -w "%{http_code}" -X POST "${@:3}" "$base$2"; }
csrf() { get "$1" /soeg >/dev/null && sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/page" | head -1; }

test_expect_success 'serve starts one worker thread per CPU by default, at least two' '
	want=$(nproc) && { [ "$want" -ge 2 ] || want=2; } &&
	got=$(cat /proc/$pid/task/*/comm | grep -c "^MHD-worker") &&
	echo "worker threads: $got, CPUs: $(nproc)" &&
	[ "$got" -eq "$want" ] &&
	expect_code 2 "$TRAPPE" --db "$DB" serve --threads 0 && err_has "--threads"
'

test_expect_success 'user add refuses bad input with exit 2 and the field' '
	echo "$PW" | expect_code 2 t user add --login rg-x --role wizard && err_has "user.role" &&
	echo short | expect_code 2 t user add --login rg-x --role caseworker && err_has "user.password" &&
	echo "$PW" | expect_code 2 t user add --login "R G" --role caseworker && err_has "user.login" &&
	echo "$PW" | expect_code 2 t user add --login rg-anne --role caseworker && err_has "already taken" &&
	[ -n "$(secret "$TMP/anne")" ] &&
	sqlite3 "$DB" "SELECT password_hash FROM app_user WHERE login='"'"'rg-anne'"'"'" | grep -q "argon2id"
'

test_expect_success 'a wrong code, a wrong password and an unknown user all get the same 401' '
	[ -z "$(login rg-anne "$TMP/anne" 000000)" ] && grep -q " 401" "$TMP/lh" &&
	grep -q "Forkert brugernavn, adgangskode eller engangskode" "$TMP/lb" &&
	[ -z "$(login nobody "$TMP/anne")" ] && grep -q " 401" "$TMP/lh" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'login_failed'"'"'")" = 2 ]
'

ANNE=$(login rg-anne "$TMP/anne")
test_expect_success 'login sets a __Host- session cookie: Secure, HttpOnly, SameSite=Strict' '
	[ ${#ANNE} -ge 43 ] && grep -q "^HTTP/1.1 303" "$TMP/lh" &&
	grep -qi "^set-cookie: __Host-trappe=[A-Za-z0-9_-]*; Path=/; Secure; HttpOnly; SameSite=Strict" "$TMP/lh" &&
	! grep -qi "domain=" "$TMP/lh"
'

test_expect_success 'the same TOTP code cannot be used twice' '
	code=$(cat "$TMP/lastcode.rg-anne") &&
	[ -z "$(login rg-anne "$TMP/anne" "$code")" ] && grep -q " 401" "$TMP/lh"
'

test_expect_success 'no session: every page redirects to the login page' '
	for p in / /boern /barn/1 /soeg; do
		[ "$(get bogus-token "$p")" = 303 ] || exit 1
	done
'

test_expect_success 'the worklist, caseload, child and search pages answer and pass tidy' '
	for p in / /boern /barn/1 /soeg /login; do
		[ "$(get "$ANNE" "$p")" = 200 ] || { echo "$p"; exit 1; }
		tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { echo "$p"; cat "$TMP/tidy"; exit 1; }
	done
'

test_expect_success 'the worklist folds the 2024 receipt into its rule'"'"'s line, flagged unverified' '
	get "$ANNE" / >/dev/null &&
	grep -q "<h2>Ældre overskredne frister</h2>" "$TMP/page" &&
	grep "<tr class=\"folded\">" "$TMP/page" | grep "§§ 136-137" | grep -q "ikke verificeret" &&
	grep -q "href=\"/?status=overskredet&amp;regel=U3\"" "$TMP/page" &&
	get "$ANNE" "/?status=overskredet&regel=U3" >/dev/null &&
	sed -n "/<tbody>/,\$p" "$TMP/page" | grep -o "status-[a-z_]*" | sort -u | grep -qx status-overdue &&
	grep -q "ikke verificeret" "$TMP/page" && grep -q "§§ 136-137" "$TMP/page"
'

test_expect_success 'the worklist: the day'"'"'s work first, saying how late or how soon, then older overdue per rule, filters that name their field' '
	yesterday=$(date -u -d "-25 hours" +%Y-%m-%dT%H:%M:%SZ) &&
	t notification add --child-id 4 --received-at "$yesterday" --notifier-type school >/dev/null &&
	get "$ANNE" / >/dev/null && { tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { cat "$TMP/tidy"; false; }; } &&
	sed -n "/<h2>Frister nu<\/h2>/,/<h2>/p" "$TMP/page" >"$TMP/now" &&
	grep -o "status-[a-z_]*" "$TMP/now" | head -1 | grep -qx status-overdue &&
	grep -q "inden 24 timer" "$TMP/now" &&
	grep "inden 24 timer" "$TMP/now" | grep -q "<td>Overskredet[^<]*; frist kl\. [0-2][0-9]:[0-5][0-9]\.</td>" &&
	! grep -q "\. Frist [0-9]" "$TMP/now" &&
	[ "$(get "$ANNE" "/?status=x")" = 400 ] && grep -q "»status«" "$TMP/page" &&
	[ "$(get "$ANNE" "/?regel=Z9")" = 400 ] && grep -q "»regel«" "$TMP/page" &&
	[ "$(get "$ANNE" "/?barn=x")" = 400 ] && grep -q "»barn«" "$TMP/page" &&
	[ "$(get "$ANNE" "/?gruppe=regel")" = 400 ] && grep -q "»gruppe«" "$TMP/page" &&
	[ "$(get "$ANNE" "/?status=alle&gruppe=barn")" = 200 ] && grep -q "<tr class=\"group\"><th scope=\"colgroup\"" "$TMP/page" &&
	[ "$(get "$ANNE" "/?status=alle&barn=4")" = 200 ] && ! grep -q "href=\"/barn/1\"" "$TMP/page" &&
	grep -q "href=\"/barn/4\"" "$TMP/page"
'

test_expect_success 'a new record starts in the child'"'"'s one open case' '
	get "$ANNE" "/ny?type=decision&barn=1" >/dev/null &&
	grep -q "<option value=\"1\" selected>Sag 1: 8. januar 2024</option>" "$TMP/page" &&
	get "$ANNE" "/ny?type=plan&barn=1" >/dev/null && grep -q "<option value=\"1\" selected>Sag 1: " "$TMP/page"
'

test_expect_success 'the child page shows the red thread, the ladder SVG and the goals' '
	get "$ANNE" /barn/1 >/dev/null &&
	grep -q "<dd>Anne Rådgiver <span class=\"para\">(rg-anne)</span>, Team Nord</dd>" "$TMP/page" &&
	grep -q "<svg class=\"ladder\" role=\"img\"" "$TMP/page" &&
	grep -q "Anbringelse i slægt eller netværk" "$TMP/page" &&
	grep -q "Jeg kan godt lide at være hos morfar" "$TMP/page" &&
	grep -q "Går i skole hver dag" "$TMP/page"
'

test_expect_success 'the child page header: CPR masked, age, custody holder, placement, school (issue 21)' '
	get "$ANNE" /barn/1 >/dev/null &&
	grep -q "<dt>CPR-nummer</dt><dd>120512-XXXX" "$TMP/page" && ! grep -q "4018" "$TMP/page" &&
	grep -q "<dt>Forældremyndighed</dt><dd>Testforælder Ellen</dd>" "$TMP/page" &&
	! grep -q "Forældremyndighed</dt><dd>[^<]*Testmorfar" "$TMP/page" &&
	grep -q "<dt>Skole eller dagtilbud</dt><dd>Ikke registreret</dd>" "$TMP/page" &&
	grep -q "<dt>Anbringelse</dt><dd>" "$TMP/page" &&
	grep -q "(født 12. maj 2012)" "$TMP/page" &&
	t child update 1 --version 1 --school "Nordskolen, 5.b" >/dev/null &&
	get "$ANNE" /barn/1 >/dev/null &&
	grep -q "<dt>Skole eller dagtilbud</dt><dd>Nordskolen, 5.b</dd>" "$TMP/page" &&
	! sqlite3 "$DB" "SELECT school FROM child WHERE id = 1" | grep -q Nordskolen
'

test_expect_success 'the red thread: newest first, filtered by record type, one line per event; the ladder names its steps and years' '
	get "$ANNE" /barn/1 >/dev/null &&
	grep -q "<option value=\"decision\">Afgørelse</option>" "$TMP/page" &&
	grep -q "<text x=\"4\" y=\"[0-9]*\">4 · Anbringelse i slægt eller netværk</text>" "$TMP/page" &&
	grep -q "text-anchor=\"middle\">2025</text>" "$TMP/page" &&
	grep -q "<strong>Sag oprettet</strong>" "$TMP/page" &&
	[ "$(get "$ANNE" "/barn/1?vis=decision")" = 200 ] &&
	grep -q "<strong>Afgørelse</strong>" "$TMP/page" &&
	! grep -q "<strong>Underretning</strong>" "$TMP/page" &&
	grep -q "<option value=\"decision\" selected>" "$TMP/page" &&
	[ "$(get "$ANNE" "/barn/1?vis=child")" = 400 ] && grep -q "»vis«" "$TMP/page" &&
	[ "$(get "$ANNE" "/barn/1?vis=nope")" = 400 ]
'

BO=$(login rg-bo "$TMP/bo")
test_expect_success 'another caseworker'"'"'s child, and a child that does not exist, are 403' '
	[ -n "$BO" ] &&
	[ "$(get "$BO" /barn/1)" = 403 ] && ! grep -q "Testbarn" "$TMP/page" &&
	[ "$(get "$BO" /barn/999)" = 403 ] &&
	[ "$(get "$ANNE" /barn/2)" = 403 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND actor LIKE '"'"'user:%'"'"'")" -ge 3 ]
'

TL=$(login tl-nord "$TMP/tl")
test_expect_success 'a team leader sees the team'"'"'s children and deadlines, each with its caseworker'"'"'s name' '
	[ "$(get "$TL" /barn/1)" = 200 ] &&
	grep -q "<dd>Anne Rådgiver <span class=\"para\">(rg-anne)</span>, Team Nord</dd>" "$TMP/page" &&
	get "$TL" /boern >/dev/null && grep -q "/barn/1" "$TMP/page" &&
	grep -q "<th scope=\"col\">Rådgiver</th>" "$TMP/page" &&
	grep -q "<td>Anne Rådgiver <span class=\"para\">(rg-anne)</span></td>" "$TMP/page" &&
	get "$ANNE" /boern >/dev/null && grep -q "/barn/1" "$TMP/page" && ! grep -q ">Rådgiver</th>" "$TMP/page" &&
	get "$TL" "/?status=alle" >/dev/null && grep -q "<th scope=\"col\">Rådgiver</th>" "$TMP/page" &&
	grep -q "<td>Anne Rådgiver <span class=\"para\">(rg-anne)</span></td>" "$TMP/page"
'

test_expect_success 'markup in a name is escaped on every page' '
	for p in / /boern /barn/4; do
		get "$ANNE" "$p" >/dev/null || exit 1
		! grep -q "<script" "$TMP/page" || { echo "$p"; exit 1; }
	done &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;" "$TMP/page"
'

test_expect_success 'search by CPR is a POST; the CPR is masked in the result' '
	tok=$(csrf "$ANNE") && [ -n "$tok" ] &&
	[ "$(post "$ANNE" /soeg --data-urlencode "csrf=$tok" --data-urlencode q=1205124018)" = 200 ] &&
	{ grep -q "120512-XXXX" "$TMP/page" || { echo "no masked cpr"; cat "$TMP/page"; exit 1; }; } &&
	! grep -q "4018" "$TMP/page" &&
	grep -q "Søgt på CPR-nummer 120512-XXXX" "$TMP/page" &&
	[ "$(post "$ANNE" /soeg --data-urlencode "csrf=$tok" --data-urlencode "q=120512 4018")" = 200 ] &&
	grep -q "/barn/1" "$TMP/page" && ! grep -q "4018" "$TMP/page" &&
	[ "$(post "$ANNE" /soeg --data-urlencode "csrf=$tok" --data-urlencode q=ølgod)" = 200 ] &&
	grep -q "/barn/1" "$TMP/page" && grep -q "name=\"q\" aria-describedby=\"q-hint\" autocomplete=\"off\" value=\"ølgod\"" "$TMP/page" &&
	[ "$(post "$ANNE" /soeg --data-urlencode "csrf=$tok" --data-urlencode q=x)" = 400 ] &&
	grep -q "mindst 2" "$TMP/page" &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE detail LIKE '"'"'search kind=cpr%'"'"'" | grep -q "children=1" &&
	! sqlite3 "$DB" "SELECT detail FROM audit" | grep -q "1205124018\|120512-4018"
'

test_expect_success 'CSRF: a POST without the token, or from another site, is refused and audited' '
	n0=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'POST /soeg: no valid CSRF token%'"'"'") &&
	[ "$(post "$ANNE" /soeg --data-urlencode q=ølgod)" = 403 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'POST /soeg: no valid CSRF token%'"'"'")" = $((n0 + 1)) ] &&
	tok=$(csrf "$ANNE") &&
	[ "$(post "$ANNE" /soeg -H "Sec-Fetch-Site: cross-site" --data-urlencode "csrf=$tok" --data-urlencode q=ølgod)" = 403 ] &&
	[ "$(post "$ANNE" /soeg --data-urlencode "csrf=x$tok" --data-urlencode q=ølgod)" = 403 ]
'

test_expect_success 'every response carries the security headers, errors included, 414 and 431 too' '
	for p in / /login /nope /barn/1 /static/trappe.css; do
		curl -s -D "$TMP/h" -o /dev/null -H "Cookie: __Host-trappe=$ANNE" "$base$p" &&
		grep -qi "^content-security-policy: default-src '"'"'self'"'"'; frame-ancestors '"'"'none'"'"'" "$TMP/h" &&
		grep -qi "^x-content-type-options: nosniff" "$TMP/h" &&
		grep -qi "^referrer-policy: no-referrer" "$TMP/h" || { echo "$p"; exit 1; }
	done &&
	curl -s -D "$TMP/h" -o /dev/null -H "Cookie: __Host-trappe=$ANNE" "$base/barn/1" &&
	grep -qi "^cache-control: no-store" "$TMP/h" &&
	long=$(head -c 5000 /dev/zero | tr "\0" a) && big=$(head -c 12000 /dev/zero | tr "\0" a) &&
	for c in "414 $base/$long" "414 $base/soeg?q=$long" "431 -H X-Big:$big $base/" \
		"431 -H X-A:${big:0:5000} -H X-B:${big:0:5000} $base/login"; do
		set -- $c && want=$1 && shift &&
		[ "$(curl -s -D "$TMP/h" -o /dev/null -w "%{http_code}" "$@")" = "$want" ] &&
		grep -qi "^content-security-policy: default-src" "$TMP/h" &&
		grep -qi "^x-content-type-options: nosniff" "$TMP/h" &&
		grep -qi "^cache-control: no-store" "$TMP/h" || { echo "$want: $(head -1 "$TMP/h")"; exit 1; }
	done
'

# door_answered STATUS: $TMP/raw (rawhttp.py's output) is an answer with STATUS and every
# security header.
door_answered() {
	head -1 "$TMP/raw" | grep -q "^HTTP/1.1 $1 " &&
		grep -qi "^content-security-policy: default-src" "$TMP/raw" &&
		grep -qi "^x-content-type-options: nosniff" "$TMP/raw" &&
		grep -qi "^cache-control: no-store" "$TMP/raw"
}

test_expect_success 'a head past MHD'"'"'s own memory is answered at the door, with every security header' '
	port=$(cat "$TMP/port") &&
	for c in "431 X-Big 100000" "431 X-Big 1000000" "414 url 200000" "431 lead 100000"; do
		set -- $c &&
		python3 - "$2" "$3" >"$TMP/head" <<-EOF &&
			import sys
			kind, n = sys.argv[1], int(sys.argv[2])
			if kind == "url":
			    head = b"GET /" + b"a" * n + b" HTTP/1.1\r\nHost: x\r\n\r\n"
			else:
			    lead = b"\r\n\r\n" if kind == "lead" else b""
			    head = lead + b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * n + b"\r\n\r\n"
			sys.stdout.buffer.write(head)
		EOF
		python3 "$SRC/tests/cli/rawhttp.py" "$port" <"$TMP/head" >"$TMP/raw" &&
		door_answered "$1" || { echo "$c: $(head -1 "$TMP/raw")"; exit 1; }
	done &&
	[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/healthz")" = 200 ]
'

test_expect_success 'a first head MHD would answer bare (version, field syntax, lengths, chunked) is answered at the door' '
	port=$(cat "$TMP/port") &&
	for c in "400|GARBAGE\r\n\r\n" "505|GET / HTTP/2.0\r\nHost: x\r\n\r\n" \
		"400|GET / HTTP/1.1\r\nBad Header\r\n\r\n" \
		"400|POST /login HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabc" \
		"411|POST /login HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n" \
		"501|POST /login HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"; do
		printf "%b" "${c#*|}" | python3 "$SRC/tests/cli/rawhttp.py" "$port" >"$TMP/raw" &&
		door_answered "${c%%|*}" || { echo "$c: $(head -1 "$TMP/raw")"; exit 1; }
	done &&
	[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/healthz")" = 200 ]
'

test_expect_success 'a later head of a kept-alive connection that MHD would answer bare gets our answer' '
	port=$(cat "$TMP/port") && long=$(head -c 70000 /dev/zero | tr "\0" a) &&
	for c in "400|GET / HTTP/1.1\r\nBad Header\r\n\r\n" "505|GET / HTTP/2.0\r\nHost: x\r\n\r\n" \
		"400|GET / HTTP/1.1\r\nHost: x\r\nX : y\r\n\r\n" \
		"400|POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde" \
		"400|POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" \
		"411|POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n" \
		"501|POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" \
		"413|POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n" \
		"414|GET /$long HTTP/1.1\r\nHost: x\r\n\r\n" \
		"431|GET / HTTP/1.1\r\nHost: x\r\nX-Big: $long\r\n\r\n"; do
		printf "%b" "${c#*|}" | python3 "$SRC/tests/cli/rawhttp.py" "$port" --kept >"$TMP/raw" &&
		door_answered "${c%%|*}" || { echo "${c:0:60}: $(head -1 "$TMP/raw")"; exit 1; }
	done &&
	[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/healthz")" = 200 ]
'

test_expect_success 'an oversized form is refused with 413' '
	head -c 70000 /dev/zero | tr "\0" a >"$TMP/big" &&
	[ "$(curl -s -o /dev/null -w "%{http_code}" -X POST --data-binary @"$TMP/big" "$base/login")" = 413 ]
'

test_expect_success 'session fixation: a planted token never becomes a session' '
	planted=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA &&
	new=$(web_login "$base" rg-fix "$PW" "$(oathtool --totp -b "$(secret "$TMP/fix")")" \
		"__Host-trappe=$planted") &&
	[ -n "$new" ] && [ "$new" != "$planted" ] && [ "$(get "$planted" /)" = 303 ]
'

test_expect_success 'a login without the form'"'"'s CSRF cookie and token, or from another site, is refused' '
	code=$(oathtool --totp -b "$(secret "$TMP/csrfu")") &&
	curl -s -D "$TMP/lf" -o "$TMP/lfb" "$base/login" &&
	grep -qi "^set-cookie: __Host-trappe-login=[A-Za-z0-9_-]*; Path=/; Secure; HttpOnly; SameSite=Strict" "$TMP/lf" &&
	lc=$(sed -n "s/^Set-Cookie: __Host-trappe-login=\([^;]*\);.*/\1/p" "$TMP/lf" | tr -d "\r") &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/lfb" | head -1) &&
	[ "$tok" = "$lc" ] &&
	lp() { curl -s -o /dev/null -w "%{http_code}" -X POST --data-urlencode login=rg-csrf \
		--data-urlencode "password=$PW" --data-urlencode "code=$code" "$@" "$base/login"; } &&
	[ "$(lp)" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc")" = 403 ] &&
	[ "$(lp --data-urlencode "csrf=$tok")" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc" --data-urlencode "csrf=${tok%?}x")" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc" --data-urlencode "csrf=$tok" -H "Origin: http://evil.example")" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc" --data-urlencode "csrf=${tok%?}x" -H "Origin: null")" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc" --data-urlencode "csrf=$tok" -H "Sec-Fetch-Site: cross-site")" = 403 ] &&
	[ "$(lp -H "Cookie: __Host-trappe-login=$lc" --data-urlencode "csrf=$tok" -H "Origin: $base")" = 303 ]
'

test_expect_success 'a form POST with the session'"'"'s token but another site'"'"'s Origin is refused' '
	tok=$(csrf "$ANNE") && [ -n "$tok" ] &&
	[ "$(post "$ANNE" /soeg -H "Origin: http://evil.example" --data-urlencode "csrf=$tok" --data-urlencode q=x)" = 403 ] &&
	grep -q "Fejlnummer" "$TMP/page" &&
	[ "$(post "$ANNE" /soeg -H "Origin: $base" --data-urlencode "csrf=$tok" --data-urlencode q=x)" != 403 ]
'

test_expect_success 'every registration form answers for a child in the caseload and passes tidy' '
	for ty in notification screening assessment conversation decision intervention placement plan goal followup supervision case; do
		[ "$(get "$ANNE" "/ny?type=$ty&barn=1")" = 200 ] || { echo "$ty"; exit 1; }
		tidy -eq "$TMP/page" 2>"$TMP/tidy"; [ $? -lt 2 ] || { echo "$ty"; cat "$TMP/tidy"; exit 1; }
	done &&
	[ "$(get "$ANNE" "/ny?type=hamster&barn=1")" = 404 ] &&
	[ "$(get "$BO" "/ny?type=notification&barn=1")" = 403 ]
'

test_expect_success 'a notification saved through the form, in Copenhagen time, audited as the user' '
	tok=$(csrf "$ANNE") &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode received_at=2024-12-01T15:00 \
		--data-urlencode notifier_type=school --data-urlencode reason_codes=violence \
		--data-urlencode reason_codes=school_absence)" = 303 ] &&
	t notification list --child 1 | grep -q "\"received_at\":\"2024-12-01T14:00:00Z\".*\"reason_codes\":\[\"violence\",\"school_absence\"\]" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'create'"'"' AND record_type='"'"'notification'"'"' AND actor LIKE '"'"'user:%'"'"'")" = 1 ]
'

test_expect_success 'a form sent twice saves once; the child page confirms it and marks it, newest first' '
	[ "$(get "$ANNE" "/ny?type=notification&barn=1")" = 200 ] &&
	once=$(sed -n "s/.*name=\"engang\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page") && [ ${#once} = 43 ] &&
	tok=$(csrf "$ANNE") && n0=$(t notification list --child 1 | grep -c .) &&
	send() { curl -s -H "Cookie: __Host-trappe=$ANNE" -D "$TMP/h" -o /dev/null -w "%{http_code}" -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "engang=$once" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode received_at=2024-12-06T09:30 \
		--data-urlencode notifier_type=police "$base/ny"; } &&
	[ "$(send)" = 303 ] && l1=$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r") &&
	[ "$(send)" = 303 ] && l2=$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r") &&
	[ "$l1" = "$l2" ] && case "$l1" in /barn/1\?gemt=notification-*) ;; *) echo "$l1"; exit 1 ;; esac &&
	[ "$(t notification list --child 1 | grep -c .)" = $((n0 + 1)) ] &&
	[ "$(get "$ANNE" "$l1")" = 200 ] && grep -q "alert-success" "$TMP/page" &&
	grep -q "Underretning er gemt" "$TMP/page" && [ "$(grep -c "class=\"saved\"" "$TMP/page")" = 1 ] &&
	first=$(grep -o "<li[^>]*>\(<span class=\"saved-mark\">Ny</span> \)\?<span class=\"when\">[^<]*" "$TMP/page" | head -1) &&
	last=$(grep -o "<span class=\"when\">[^<]*" "$TMP/page" | tail -1) &&
	case "$first" in *"6. december 2024"*) ;; *) echo "first: $first"; exit 1 ;; esac &&
	case "$last" in *2024*) ;; *) echo "last: $last"; exit 1 ;; esac &&
	[ "$(get "$ANNE" "/barn/1?gemt=notification-999999")" = 200 ] && ! grep -q "alert-success" "$TMP/page" &&
	id=${l1##*-} && [ "$(get "$ANNE" "/ret?type=notification&id=$id")" = 200 ] &&
	once=$(sed -n "s/.*name=\"engang\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page") &&
	edit() { curl -s -H "Cookie: __Host-trappe=$ANNE" -o /dev/null -w "%{http_code}" -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "engang=$once" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode id="$id" --data-urlencode version=1 \
		--data-urlencode received_at=2024-12-06T09:30 --data-urlencode notifier_type=school "$base/ret"; } &&
	[ "$(edit)" = 303 ] && [ "$(edit)" = 303 ] &&
	t notification show "$id" | grep -q "\"version\":2" &&
	[ "$(t notification history "$id" | grep -c .)" = 1 ]
'

test_expect_success 'a child not known before is taken in from the browser: child, case and notification together, CPR optional' '
	[ "$(get "$ANNE" /modtag)" = 200 ] && grep -q "value=\"rg-anne\"" "$TMP/page" &&
	grep -q "href=\"/modtag\" aria-current=\"page\"" "$TMP/page" &&
	once=$(sed -n "s/.*name=\"engang\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page") &&
	tok=$(csrf "$ANNE") && before=$(t export | md5sum) && c0=$(t child list | grep -c .) &&
	take() { curl -s -H "Cookie: __Host-trappe=$ANNE" -D "$TMP/h" -o "$TMP/page" -w "%{http_code}" -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "engang=$once" --data-urlencode "name=Nyt Testbarn" \
		--data-urlencode sex=male --data-urlencode "team=Team Nord" \
		--data-urlencode opened=2024-12-06 --data-urlencode notifier_type=school "$@" "$base/modtag"; } &&
	[ "$(take --data-urlencode received_at=2099-01-01T10:00 --data-urlencode caseworker=rg-anne)" = 400 ] &&
	grep -q "href=\"#f-received_at\">Underretning, Modtaget: Tidspunktet ligger efter nu" "$TMP/page" &&
	grep -q "value=\"Nyt Testbarn\"" "$TMP/page" && [ "$(t export | md5sum)" = "$before" ] &&
	[ "$(take --data-urlencode received_at=2024-12-06T08:15 --data-urlencode caseworker=rg-bo)" = 403 ] &&
	grep -q "Sagen åbnes af" "$TMP/page" && [ "$(t export | md5sum)" = "$before" ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'refused'"'"' AND detail LIKE '"'"'intake%'"'"'")" -ge 1 ] &&
	[ "$(take --data-urlencode received_at=2024-12-06T08:15 --data-urlencode caseworker=rg-anne)" = 303 ] &&
	l1=$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r") &&
	[ "$(take --data-urlencode received_at=2024-12-06T08:15 --data-urlencode caseworker=rg-anne)" = 303 ] &&
	[ "$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r")" = "$l1" ] &&
	[ "$(t child list | grep -c .)" = $((c0 + 1)) ] &&
	kid=$(echo "$l1" | sed -n "s|^/barn/\([0-9]*\)?gemt=notification-[0-9]*$|\1|p") && [ -n "$kid" ] &&
	t case list --child "$kid" | grep -q "\"caseworker\":\"rg-anne\"" &&
	t notification list --child "$kid" | grep -q "\"received_at\":\"2024-12-06T07:15:00Z\"" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE child_id=$kid AND action='"'"'create'"'"' AND detail='"'"'intake'"'"'")" = 3 ] &&
	[ "$(get "$ANNE" "$l1")" = 200 ] && grep -q "Underretning er gemt" "$TMP/page" &&
	[ "$(get "$TL" /modtag)" = 200 ] && ! grep -q "value=\"tl-nord\"" "$TMP/page"
'

test_expect_success 'a decision without the child'"'"'s conversation is refused in Danish, input kept' '
	tok=$(csrf "$ANNE") && before=$(t export | md5sum) &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=decision \
		--data-urlencode barn=1 --data-urlencode date=2024-12-02 --data-urlencode decision_type=support_s32 \
		--data-urlencode "legal_basis=§ 32 stk. 1 nr. 2" --data-urlencode "summary=Støtte i hjemmet")" = 400 ] &&
	grep -q "Barnets lov § 5, stk. 3-4" "$TMP/page" && grep -q "aria-invalid=\"true\"" "$TMP/page" &&
	grep -q "Støtte i hjemmet" "$TMP/page" && grep -q "§ 32 stk. 1 nr. 2" "$TMP/page" &&
	[ "$(t export | md5sum)" = "$before" ]
'

test_expect_success 'least intrusive first: a higher step needs the lower steps described' '
	tok=$(csrf "$ANNE") && before=$(t export | md5sum) &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=placement \
		--data-urlencode barn=1 --data-urlencode catalogue_code=anb-boerne-ungehjem \
		--data-urlencode start=2024-12-05 --data-urlencode consent=true)" = 400 ] &&
	grep -q "mindst indgribende indsats" "$TMP/page" && [ "$(t export | md5sum)" = "$before" ] &&
	[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=placement \
		--data-urlencode barn=1 --data-urlencode catalogue_code=anb-boerne-ungehjem \
		--data-urlencode start=2024-12-05 --data-urlencode consent=true \
		--data-urlencode "lower_steps=Netværksplejen er brudt sammen; plejefamilie afprøvet")" = 303 ]
'

test_expect_success 'XSS payloads in every text field are shown inert when the form comes back' '
	tok=$(csrf "$ANNE") &&
	while IFS= read -r x; do
		[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=conversation \
			--data-urlencode barn=1 --data-urlencode date=bad --data-urlencode "present=$x" \
			--data-urlencode bisidder_informed=true --data-urlencode "child_words=$x" \
			--data-urlencode "child_wishes=$x")" = 400 ] || exit 1
		! grep -vx "<script src=\"/static/engang.js\" defer></script>" "$TMP/page" | grep -qi "<script\|<img\|<svg on\|<iframe\|<details\|<input autofocus\|<body onload\|<math\|<style>" && ! grep -qiE "[\"'"'"'][[:space:]]*on[a-z]+=" "$TMP/page" ||
			{ echo "raw: $x"; grep -i -n "<script" "$TMP/page" | head -3; exit 1; }
	done <"$SRC/tests/data/xss-payloads.txt" &&
	while IFS= read -r x; do
		[ "$(post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode type=conversation \
			--data-urlencode barn=1 --data-urlencode date=2024-12-03 --data-urlencode "present=$x" \
			--data-urlencode bisidder_informed=true --data-urlencode "child_words=$x")" = 303 ] || exit 1
	done <"$SRC/tests/data/xss-payloads.txt" &&
	for p in / /boern /barn/1; do
		get "$ANNE" "$p" >/dev/null
		! grep -qi "<script\|<img\|<svg on\|<iframe\|<details\|<input autofocus\|<body onload\|<math" "$TMP/page" && ! grep -qiE "[\"'"'"'][[:space:]]*on[a-z]+=" "$TMP/page" ||
			{ echo "$p"; exit 1; }
	done
'

test_expect_success 'searching more than 30 times a minute is throttled (429)' '
	tok=$(csrf "$TL") && codes="" &&
	for i in $(seq 31); do
		codes="$codes $(post "$TL" /soeg --data-urlencode "csrf=$tok" --data-urlencode q=testbarn)"
	done &&
	case "$codes" in *429*) ;; *) echo "$codes"; exit 1 ;; esac &&
	grep -q "Vent et minut" "$TMP/page"
'

test_expect_success 'an edit form comes filled in, times in Copenhagen time' '
	[ "$(get "$ANNE" "/ret?type=notification&id=1")" = 200 ] &&
	grep -q "value=\"2024-01-05T14:45\"" "$TMP/page" && grep -q "name=\"version\" value=\"1\"" "$TMP/page" &&
	{ tidy -eq "$TMP/page" 2>/dev/null; [ $? -lt 2 ]; } &&
	[ "$(get "$BO" "/ret?type=notification&id=1")" = 403 ] &&
	[ "$(get "$ANNE" "/ret?type=person&id=1")" = 404 ]
'

test_expect_success 'a conflicting edit loses nothing: both versions are shown, then saved on purpose' '
	tok=$(csrf "$ANNE") && tltok=$(csrf "$TL") &&
	edit() { # edit TOKEN CSRF VERSION CONTENT
		post "$1" /ret --data-urlencode "csrf=$2" --data-urlencode type=notification \
			--data-urlencode barn=1 --data-urlencode id=1 --data-urlencode "version=$3" \
			--data-urlencode received_at=2024-01-05T14:45 --data-urlencode notifier_type=school \
			--data-urlencode "content=$4"
	} &&
	[ "$(edit "$ANNE" "$tok" 1 "Annes tilføjelse")" = 303 ] &&
	[ "$(edit "$TL" "$tltok" 1 "Teamlederens tekst")" = 409 ] &&
	grep -q "En anden har gemt en ændring imens" "$TMP/page" &&
	grep -q "Annes tilføjelse" "$TMP/page" && grep -q "Teamlederens tekst" "$TMP/page" &&
	grep -q "name=\"version\" value=\"2\"" "$TMP/page" &&
	t notification show 1 | grep -q "Annes tilføjelse" &&
	[ "$(edit "$TL" "$tltok" 2 "Teamlederens tekst")" = 303 ] &&
	t notification show 1 | grep -q "\"version\":3.*Teamlederens tekst" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM record_version WHERE record_type='"'"'notification'"'"' AND record_id=1")" = 2 ] &&
	t notification history 1 | grep -q "^2	.*Annes tilføjelse" &&
	! sqlite3 "$DB" "SELECT data FROM record_version" | grep -q "Annes tilføjelse"
'

test_expect_success 'a form bigger than a connection'"'"'s buffer is read whole: 20,000 characters saved' '
	tok=$(csrf "$ANNE") &&
	v=$(t notification show 1 | sed -n "s/.*\"version\":\([0-9]*\).*/\1/p") &&
	long=$(printf "Ordet %05d " $(seq 1 1666))slut. &&
	[ "$(post "$ANNE" /ret --data-urlencode "csrf=$tok" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode id=1 --data-urlencode "version=$v" \
		--data-urlencode received_at=2024-01-05T14:45 --data-urlencode notifier_type=school \
		--data-urlencode "content=$long")" = 303 ] &&
	t notification show 1 | grep -q "Ordet 00001 .*Ordet 01666 slut\." &&
	v=$(t notification show 1 | sed -n "s/.*\"version\":\([0-9]*\).*/\1/p") &&
	[ "$(post "$ANNE" /ret --data-urlencode "csrf=$tok" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode id=1 --data-urlencode "version=$v" \
		--data-urlencode received_at=2024-01-05T14:45 --data-urlencode notifier_type=school \
		--data-urlencode "content=${long}${long}")" = 400 ] &&
	grep -q "Teksten er for lang: højst 20000 tegn\." "$TMP/page" &&
	t notification show 1 | grep -q "Ordet 01666 slut\.\"" &&
	expect_code 2 t child add --name "$long" && err_has "child.name: is too long: must be 1 to 200 characters long"
'

test_expect_success 'XSS payloads stored in every text field of every form are inert on every page' '
	tok=$(csrf "$ANNE") &&
	p() { post "$ANNE" /ny --data-urlencode "csrf=$tok" --data-urlencode barn=1 "$@"; } &&
	while IFS= read -r x; do
		for r in \
			"$(p --data-urlencode type=notification --data-urlencode received_at=2024-12-06T09:00 \
				--data-urlencode notifier_type=police --data-urlencode "content=$x")" \
			"$(p --data-urlencode type=assessment --data-urlencode aware_date=2024-12-06 \
				--data-urlencode "conclusion=$x")" \
			"$(p --data-urlencode type=decision --data-urlencode date=2024-12-06 \
				--data-urlencode decision_type=other --data-urlencode "legal_basis=${x:0:100}" \
				--data-urlencode "exception_reason=$x" --data-urlencode "summary=$x")" \
			"$(p --data-urlencode type=intervention --data-urlencode catalogue_code=bl30-1 \
				--data-urlencode start=2024-12-06 --data-urlencode "provider=$x" \
				--data-urlencode "purpose=$x" --data-urlencode "expected_duration=${x:0:100}" \
				--data-urlencode "lower_steps=$x")" \
			"$(p --data-urlencode type=goal --data-urlencode plan_id=1 --data-urlencode "text=$x")" \
			"$(p --data-urlencode type=followup --data-urlencode goal_id=1 --data-urlencode date=2024-12-06 \
				--data-urlencode scale=scale_0_10 --data-urlencode value=5 --data-urlencode rated_by=child \
				--data-urlencode "note=$x")" \
			"$(p --data-urlencode type=supervision --data-urlencode intervention_id=2 \
				--data-urlencode date=2024-12-06 --data-urlencode child_alone=true --data-urlencode "note=$x")" \
			"$(p --data-urlencode type=case --data-urlencode caseworker=rg-anne \
				--data-urlencode "team=${x:0:64}" --data-urlencode opened=2024-12-06 --data-urlencode closed=2024-12-07)"; do
			[ "$r" = 303 ] || { echo "stored $r: $x"; sed -n "/role=\"alert\"/,/<\/div>/p" "$TMP/page" | head -5; exit 1; }
		done
	done <"$SRC/tests/data/xss-payloads.txt" &&
	pages="/ /boern /barn/1" &&
	for ty in notification assessment decision intervention goal followup supervision case; do
		id=$(sqlite3 "$DB" "SELECT max(id) FROM $( [ $ty = case ] && echo child_case || echo $ty )") &&
		pages="$pages /ret?type=$ty&id=$id"
	done &&
	for pg in $pages; do
		get "$ANNE" "$pg" >/dev/null || exit 1
		! grep -vx "<script src=\"/static/engang.js\" defer></script>" "$TMP/page" | grep -qi "<script\|<img\|<svg on\|<iframe\|<details\|<input autofocus\|<body onload\|<math\|<style>" && ! grep -qiE "[\"'"'"'][[:space:]]*on[a-z]+=" "$TMP/page" ||
			{ echo "raw markup on $pg"; exit 1; }
	done
'

test_expect_success 'a page whose read cannot be logged shows nothing but an error (R-03)' '
	get "$ANNE" /barn/1 >/dev/null && grep -q "Testbarn" "$TMP/page" &&
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit") &&
	sqlite3 "$DB" "CREATE TRIGGER test_no_reads BEFORE INSERT ON audit WHEN NEW.action = '"'"'read'"'"'
		BEGIN SELECT RAISE(ABORT, '"'"'test: reads cannot be logged'"'"'); END" &&
	code=$(get "$ANNE" /barn/1) &&
	sqlite3 "$DB" "DROP TRIGGER test_no_reads" &&
	[ "$code" = 500 ] && ! grep -q "Testbarn" "$TMP/page" && grep -q "Der skete en fejl" "$TMP/page" &&
	grep -q "status=500: its audit rows were not written; response dropped" "$TMP/server.log" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit")" = "$n" ] &&
	[ "$(get "$ANNE" /barn/1)" = 200 ] && grep -q "Testbarn" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit")" = $((n + 1)) ]
'

test_expect_success 'a session that ends mid-form: the typing is kept sealed for that user and comes back after login (issue 21)' '
	echo "$PW" | t user add --login rg-gem --role caseworker --team "Team Nord" >"$TMP/gem" &&
	c=$(t child add --name "Testbarn Gem") &&
	t case add --child-id "$c" --caseworker rg-gem --team "Team Nord" --opened 2024-01-01 >/dev/null &&
	GEM=$(login rg-gem "$TMP/gem" "$(oathtool --totp -b "$(secret "$TMP/gem")" -N "now - 30 seconds")") &&
	[ -n "$GEM" ] && [ "$(get "$GEM" "/ny?type=notification&barn=$c")" = 200 ] &&
	once=$(sed -n "s/.*name=\"engang\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page") &&
	tok=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page" | head -1) &&
	n0=$(t notification list --child "$c" | wc -l) &&
	sqlite3 "$DB" "UPDATE session SET last_seen = last_seen - 7200 WHERE user_id = (SELECT id FROM app_user WHERE login = '"'"'rg-gem'"'"')" &&
	curl -s -H "Cookie: __Host-trappe=$GEM" -D "$TMP/h" -o /dev/null -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "engang=$once" --data-urlencode type=notification \
		--data-urlencode barn="$c" --data-urlencode received_at=2024-12-06T09:30 \
		--data-urlencode notifier_type=school --data-urlencode "content=Skolen skriver: SKRIVES-IGEN" "$base/ny" &&
	grep -qi "^Location: /login?gemt=1" "$TMP/h" &&
	[ "$(t notification list --child "$c" | wc -l)" = "$n0" ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM form_kept")" = 1 ] &&
	! sqlite3 "$DB" "SELECT body, path FROM form_kept" | grep -q "SKRIVES-IGEN\|Skolen" &&
	sqlite3 "$DB" "SELECT body FROM form_kept" | grep -q "^e1:" &&
	curl -s "$base/login?gemt=1" | grep -q "Din session udløb, mens du skrev" &&
	GEM2=$(login rg-gem "$TMP/gem") && [ -n "$GEM2" ] &&
	grep -qi "^Location: /ny?type=notification&barn=$c&gendan=1" "$TMP/lh" &&
	[ "$(get "$GEM2" "/ny?type=notification&barn=$c&gendan=1")" = 200 ] &&
	grep -q "Det, du skrev, er sat ind igen" "$TMP/page" &&
	grep -q "Skolen skriver: SKRIVES-IGEN" "$TMP/page" &&
	grep -q "value=\"2024-12-06T09:30\"" "$TMP/page" &&
	grep -q "name=\"engang\" value=\"$once\"" "$TMP/page" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM form_kept")" = 0 ] &&
	[ "$(get "$GEM2" "/ny?type=notification&barn=$c&gendan=1")" = 200 ] &&
	! grep -q "SKRIVES-IGEN" "$TMP/page" &&
	sqlite3 "$DB" "UPDATE session SET last_seen = last_seen - 7200 WHERE user_id = (SELECT id FROM app_user WHERE login = '"'"'rg-gem'"'"')" &&
	curl -s -H "Cookie: __Host-trappe=$GEM2" -D "$TMP/h" -o /dev/null -X POST \
		--data-urlencode "csrf=forfalsket" --data-urlencode type=notification --data-urlencode barn="$c" \
		--data-urlencode "content=ANDEN" "$base/ny" &&
	grep -qi "^Location: /login$(printf "\r")\?$" "$TMP/h" &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM form_kept")" = 0 ]
'

test_expect_success 'back and save with a fresh token: the same record minutes later is answered with the first; engang.js is served' '
	tok=$(csrf "$ANNE") && n0=$(t notification list --child 1 | wc -l) &&
	fresh() { get "$ANNE" "/ny?type=notification&barn=1" >/dev/null &&
		sed -n "s/.*name=\"engang\" value=\"\([^\"]*\)\".*/\1/p" "$TMP/page"; } &&
	send() { curl -s -H "Cookie: __Host-trappe=$ANNE" -D "$TMP/h" -o /dev/null -w "%{http_code}" -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "engang=$1" --data-urlencode type=notification \
		--data-urlencode barn=1 --data-urlencode received_at=2024-12-07T08:15 \
		--data-urlencode notifier_type=health --data-urlencode "content=$2" "$base/ny"; } &&
	[ "$(send "$(fresh)" "Sundhedsplejen ringede")" = 303 ] && l1=$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r") &&
	[ "$(send "$(fresh)" "Sundhedsplejen ringede")" = 303 ] && l2=$(sed -n "s/^Location: //Ip" "$TMP/h" | tr -d "\r") &&
	[ "$l1" = "$l2" ] && [ "$(t notification list --child 1 | wc -l)" = $((n0 + 1)) ] &&
	[ "$(send "$(fresh)" "Sundhedsplejen ringede igen")" = 303 ] &&
	[ "$(t notification list --child 1 | wc -l)" = $((n0 + 2)) ] &&
	curl -s -D "$TMP/jh" -o "$TMP/js" "$base/static/engang.js" &&
	grep -qi "^Content-Type: text/javascript" "$TMP/jh" && grep -q "sessionStorage" "$TMP/js" &&
	get "$ANNE" "/ny?type=notification&barn=1" >/dev/null && grep -q "<script src=\"/static/engang.js\" defer>" "$TMP/page"
'

test_expect_success 'intake search: every child by CPR with a space, birth date or name in any order, audited with its purpose (issue 21)' '
	tok=$(csrf "$BO") &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=120512 4018")" = 200 ] &&
	grep -q "Testbarn Ærø Ølgod" "$TMP/page" && ! grep -q "href=\"/barn/1\"" "$TMP/page" &&
	grep -q "rg-anne, Team Nord" "$TMP/page" && ! grep -q "4018" "$TMP/page" &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=12.05.2012")" = 200 ] &&
	grep -q "Testbarn Ærø Ølgod" "$TMP/page" && grep -q "value=\"12.05.2012\"" "$TMP/page" &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=120512")" = 200 ] &&
	grep -q "Testbarn Ærø Ølgod" "$TMP/page" &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=ølgod testbarn")" = 200 ] &&
	grep -q "Testbarn Ærø Ølgod" "$TMP/page" &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=ølgod nogen")" = 200 ] &&
	grep -q "Ingen børn fundet" "$TMP/page" &&
	[ "$(post "$BO" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=x")" = 400 ] &&
	tok=$(csrf "$ANNE") &&
	[ "$(post "$ANNE" /modtag/soeg --data-urlencode "csrf=$tok" --data-urlencode "q=Testbarn Ølgod")" = 200 ] &&
	grep -q "href=\"/barn/1\"" "$TMP/page" &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE detail LIKE '"'"'search kind=cpr purpose=intake children=1'"'"'" | grep -q . &&
	sqlite3 "$DB" "SELECT detail FROM audit WHERE detail LIKE '"'"'search kind=birth_date purpose=intake%'"'"'" | grep -q "children=1" &&
	! sqlite3 "$DB" "SELECT detail FROM audit" | grep -qi "ølgod\|12.05.2012\|120512 4018"
'

test_expect_success 'logout ends the session server-side' '
	tok=$(csrf "$ANNE") &&
	[ "$(post "$ANNE" /logout --data-urlencode "csrf=$tok")" = 303 ] &&
	[ "$(get "$ANNE" /)" = 303 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'logout'"'"'")" = 1 ]
'

test_expect_success 'disabling a user ends their session on the next request' '
	[ "$(get "$BO" /boern)" = 200 ] &&
	t user disable rg-bo | grep -q "user rg-bo disabled" &&
	[ "$(get "$BO" /boern)" = 303 ] &&
	[ -z "$(login rg-bo "$TMP/bo")" ] &&
	expect_code 2 t user disable nobody && err_has "no such user" &&
	t user end-sessions --all | grep -q "ended"
'

test_expect_success 'reads by users are audited under their user id; no token in the log' '
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'read'"'"' AND actor LIKE '"'"'user:%'"'"' AND child_id=1")" -ge 2 ] &&
	! grep -q "$ANNE" "$TMP/server.log"
'

kill -TERM "$pid"
wait "$pid"

# Under concurrent load the committer makes read rows durable in the read log (DB-readlog) and
# puts them into the chain later (here: not before it stops); a server killed in between leaves
# them in the log, and the next open puts them in. Every page that went out has its row (R-03).
test_expect_success 'every page served under load has its audit row, even after kill -9 (R-03)' '
	expect_code 2 t serve --read-log-ms 0 && err_has "read-log-ms: must be a whole number" &&
	rm -f "$TMP/port" &&
	{ "$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" --threads 8 \
		--read-log-ms 60000 2>"$TMP/server2.log" & } &&
	pid=$! &&
	for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done &&
	base="http://127.0.0.1:$(cat "$TMP/port")" &&
	echo "$PW" | t user add --login tl-load --role team_leader --team "Team Nord" >"$TMP/load" &&
	LOAD=$(login tl-load "$TMP/load") && [ -n "$LOAD" ] &&
	[ "$(get "$LOAD" /barn/1)" = 200 ] &&
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'read'"'"' AND child_id=1") &&
	{ node "$SRC/tests/cli/load.mjs" "$base/barn/1" "__Host-trappe=$LOAD" 32 >"$TMP/ok" & } &&
	for _ in $(seq 600); do
		[ "$(grep -c "GET status=200" "$TMP/server2.log")" -ge 300 ] && break
		sleep 0.1
	done &&
	kill -KILL "$pid" &&
	for _ in $(seq 100); do [ -s "$TMP/ok" ] && break; sleep 0.1; done &&
	ok=$(cat "$TMP/ok") && [ "$ok" -gt 0 ] &&
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'read'"'"' AND child_id=1")" -lt $((n + ok)) ] &&
	t audit verify >"$TMP/verify" &&
	[ ! -s "$DB-readlog" ] &&
	rows=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'read'"'"' AND child_id=1") &&
	[ $((rows - n)) -ge "$ok" ]
'

test_done
