#!/usr/bin/env bash
# t0004: trappe serve answers on loopback, sends the security headers, and stops on SIGTERM.
. "$(dirname "$0")/lib.sh"

t init >/dev/null
"$TRAPPE" --db "$DB" serve --listen 127.0.0.1:0 --port-file "$TMP/port" 2>"$TMP/server.log" &
pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
port=$(cat "$TMP/port" 2>/dev/null)
base="http://127.0.0.1:$port"

test_expect_success 'the server reports its port' '[ -n "$port" ] && [ "$port" -gt 0 ]'

test_expect_success 'the start page sends a visitor without a session to the login page' '
	[ "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$base/")" = "303 $base/login" ]
'

test_expect_success 'the login page answers in Danish with the security headers' '
	curl -s -D "$TMP/h" "$base/login" >"$TMP/body" &&
	grep -q "<html lang=\"da\">" "$TMP/body" && grep -q "Adgangskode" "$TMP/body" &&
	grep -qi "^content-security-policy: default-src '"'"'self'"'"'" "$TMP/h" &&
	grep -qi "^x-content-type-options: nosniff" "$TMP/h" &&
	grep -qi "^content-type: text/html; charset=utf-8" "$TMP/h"
'

test_expect_success 'unknown paths are 404, wrong methods 405' '
	[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/nope")" = 404 ] &&
	[ "$(curl -s -o /dev/null -w "%{http_code}" -X DELETE "$base/")" = 405 ]
'

test_expect_success 'each response has a request id of its own, 16 hex digits' '
	for _ in 1 2 3 4 5 6; do
		curl -s -o /dev/null -D - "$base/healthz" | tr -d "\r" | sed -n "s/^X-Request-Id: //p"
	done >"$TMP/ids" &&
	[ "$(grep -c "^[0-9a-f]\{16\}$" "$TMP/ids")" = 6 ] &&
	[ "$(sort -u "$TMP/ids" | wc -l)" = 6 ]
'

kill -TERM "$pid"
wait "$pid"
status=$?
test_expect_success 'SIGTERM stops the server cleanly' '
	[ "$status" = 0 ] && grep -q "stopped" "$TMP/server.log"
'

test_expect_success 'a bad listen address is refused with exit 2' '
	expect_code 2 t serve --listen nowhere && err_has "--listen"
'

test_done
