#!/usr/bin/env bash
# checksrc.sh - the source rules a compiler cannot check (STYLE.md rules 2, 11, 14):
# banned functions, SQL only through prepared statements, each third-party library in one folder,
# interfaces never calling the store. Usage: scripts/checksrc.sh [SOURCE_ROOT]
set -u
root=${1:-.}
cd "$root" || exit 2
bad=0

check() { # check DESCRIPTION PATTERN PATHS... (-- EXCLUDED_PATH...)
	local desc=$1 pat=$2
	shift 2
	local paths=() excl=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do paths+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	excl=("$@")
	local hits
	hits=$(grep -rnE --include='*.c' --include='*.h' "$pat" "${paths[@]}" 2>/dev/null)
	for e in "${excl[@]}"; do
		hits=$(printf '%s\n' "$hits" | grep -v "^$e" || true)
	done
	hits=$(printf '%s\n' "$hits" | grep -v '^$' || true)
	if [ -n "$hits" ]; then
		echo "checksrc: $desc:"
		printf '%s\n' "$hits" | sed 's/^/  /'
		bad=1
	fi
}

check "banned function (use strbuf, xsnprintf, parse_i64, gmtime_r)" \
	'(^|[^_a-zA-Z0-9])(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets|atoi|atol|atof|gmtime|localtime|ctime|asctime|mktemp)[[:space:]]*\(' \
	src
check "SQL outside prepared statements (only store/migrate.c may)" \
	'sqlite3_mprintf|sqlite3_exec|PQexec\(' src -- src/store/migrate.c
check "sqlite3 outside store/" '(sqlite3\.h|sqlite3_)' src -- src/store/
check "libmicrohttpd outside http/" '(microhttpd\.h|MHD_)' src -- src/http/
check "jansson outside json/" '(jansson\.h|json_t\b|json_(loadb|dumps|object|array|unpack))' \
	src -- src/json/
check "cairo or pango outside report/doc_pdf.c" '(cairo|pango|fontconfig)[a-z_/-]*\.h|cairo_[a-z]+\(|pango_[a-z]+\(' \
	src -- src/report/doc_pdf.c
check "libxlsxwriter outside report/xlsx.c" '(xlsxwriter\.h|workbook_|worksheet_)' src -- src/report/xlsx.c
check "interfaces call the store directly (go through app/)" \
	'(^|[^_a-zA-Z0-9])store_[a-z_]+\(' src/cli src/pages src/api
check "handlers see struct req, never MHD" 'MHD_Connection' src/pages src/api

if [ "$bad" -ne 0 ]; then
	echo "checksrc: failed"
	exit 1
fi
echo "checksrc: ok"
