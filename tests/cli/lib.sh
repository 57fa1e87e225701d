# lib.sh - helpers for the CLI and HTTP tests (after git's test-lib.sh).
# Each test script sources this, runs test_expect_* blocks and ends with test_done.
set -u
: "${TRAPPE:?TRAPPE must point at the built binary}"
: "${TRAPPE_CONFIG:?TRAPPE_CONFIG must point at config/}"
export TRAPPE_CONFIG

TMP=$(mktemp -d /tmp/trappe-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
DB="$TMP/t.db"
passed=0
failed=0

t() { "$TRAPPE" --db "$DB" "$@"; }

test_expect_success() {
	local name=$1 body=$2
	if (eval "$body") >"$TMP/out" 2>&1; then
		passed=$((passed + 1))
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "not ok - $name"
		sed 's/^/#   /' "$TMP/out"
	fi
}

# expect_code CODE CMD...: run CMD, require exit status CODE; stderr is kept in $TMP/err.
expect_code() {
	local want=$1
	shift
	"$@" >"$TMP/stdout" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got from: $*"
		cat "$TMP/err"
		return 1
	fi
}

# err_has TEXT: the last expect_code's stderr contains TEXT.
err_has() {
	grep -qF -- "$1" "$TMP/err" || { echo "stderr lacks '$1':"; cat "$TMP/err"; return 1; }
}

test_done() {
	echo "# $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# web_login BASE LOGIN PASSWORD CODE [COOKIE]: GET the login form for its CSRF cookie and token,
# then POST the credentials with both (and COOKIE, e.g. a planted session, if given). The
# response's headers are left in $TMP/lh and its body in $TMP/lb; the session token, or nothing,
# is printed.
web_login() {
	local lc tok
	curl -s -D "$TMP/lf" -o "$TMP/lfb" "$1/login" || return 1
	lc=$(sed -n 's/^Set-Cookie: __Host-trappe-login=\([^;]*\);.*/\1/p' "$TMP/lf" | tr -d '\r')
	tok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/lfb" | head -1)
	curl -s -D "$TMP/lh" -o "$TMP/lb" -H "Cookie: __Host-trappe-login=$lc${5:+; $5}" -X POST \
		--data-urlencode "csrf=$tok" --data-urlencode "login=$2" --data-urlencode "password=$3" \
		--data-urlencode "code=$4" "$1/login"
	sed -n 's/^Set-Cookie: __Host-trappe=\([^;]*\);.*/\1/p' "$TMP/lh" | tr -d '\r'
}
