#!/usr/bin/env bash
# run.sh BINARY DB LISTEN - on first start create the database with synthetic demo records and a
# demo account for every role (printed, and kept in DB.accounts.txt); then serve.
set -eu
bin=$1 db=$2 listen=$3
top=$(cd "$(dirname "$0")/.." && pwd)
export TRAPPE_CONFIG=${TRAPPE_CONFIG:-$top/config}
export TRAPPE_STATIC=${TRAPPE_STATIC:-$top/static}
accounts="$db.accounts.txt"
if [ ! -e "$db" ]; then
	"$bin" --db "$db" init
	# Synthetic records only (no real person): twelve years, up to today, of a Norddjurs-sized municipality.
	"$bin" --db "$db" demo --seed 1
	umask 077
	{
		echo "DEMO ACCOUNTS (synthetic data only) for $db"
		echo "login          role          password                  TOTP secret (add it to an authenticator app)"
	} >"$accounts"
	for spec in "rg-01 caseworker Team Nord" "tl-nord team_leader Team Nord" \
		"leder leadership -" "skole partner -" "taskforce taskforce -" "analytiker analyst -" \
		"admin admin -"; do
		set -- $spec
		login=$1 role=$2 team=${*:3}
		pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
		args=(--login "$login" --role "$role" --demo)
		[ "$team" != "-" ] && args+=(--team "$team")
		secret=$(echo "$pw" | "$bin" --db "$db" user add "${args[@]}" | sed -n 's/^totp secret: //p')
		printf '%-14s %-13s %-25s %s\n' "$login" "$role" "$pw" "$secret" >>"$accounts"
	done
fi
[ -f "$accounts" ] && cat "$accounts"
echo "trappe: serving $db on http://$listen/ (Ctrl-C stops)"
exec "$bin" --db "$db" serve --listen "$listen"
