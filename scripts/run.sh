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
	# Consents for the partner (skole) and the task force, on children of rg-01's open cases:
	# one sharing the plan, one the case too, one a young person of 15+ gave, one run out and
	# one withdrawn (synthetic, so that each of them lands on a page with something on it).
	from=$(date -d "-60 days" +%F) to=$(date -d "+300 days" +%F)
	"$bin" --db "$db" case list | jq -r 'select(.caseworker == "rg-01" and .closed == null) | .child_id' |
		head -40 >"$db.rg01"
	young=$("$bin" --db "$db" child list | jq -r --slurpfile ids <(jq -s . "$db.rg01") \
		'select(.id as $i | $ids[0] | index($i)) | select(.birth_date <= "'"$(date -d "-15 years -61 days" +%F)"'") | .id' | head -1)
	set -- $(grep -vx "${young:-0}" "$db.rg01" | head -4)
	consent() {
		"$bin" --db "$db" consent add --child-id "$1" --grantee "$2" --scope "$3" --purpose "$4" \
			--given-by "$5" --from-date "$6" --to-date "$7" ${8:+--withdrawn "$8"} >/dev/null
	}
	[ $# -ge 4 ] && {
		consent "$1" skole shared_plan "Fælles plan for skolegang" custody_holder "$from" "$to"
		consent "$2" skole case_overview "Overblik ved skoleskift" custody_holder "$from" "$to"
		consent "$3" skole shared_plan "Tidligere samarbejde" custody_holder 2024-01-01 2024-12-31
		consent "$4" skole shared_plan "Trukket tilbage af forældrene" custody_holder "$from" "$to" \
			"$(date -d "-10 days" +%F)"
	}
	[ -n "$young" ] && consent "$young" taskforce case_overview "Task force: uddannelse og bolig" \
		young_person "$from" "$to"
	rm -f "$db.rg01"
fi
[ -f "$accounts" ] && cat "$accounts"
echo "trappe: serving $db on http://$listen/ (Ctrl-C stops)"
exec "$bin" --db "$db" serve --listen "$listen"
