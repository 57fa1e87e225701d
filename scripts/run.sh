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
	for spec in "rg-01:caseworker:Team Nord:Rådgiver 01" "tl-nord:team_leader:Team Nord:Teamleder, Team Nord" \
		"leder:leadership:-:Leder af Børn og Familie" "skole:partner:-:Demoskolen" \
		"taskforce:taskforce:-:Taskforce for udsatte unge" "analytiker:analyst:-:Analytiker" \
		"admin:admin:-:Driftsansvarlig"; do
		IFS=: read -r login role team name <<<"$spec"
		pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
		args=(--login "$login" --role "$role" --name "$name" --demo)
		[ "$team" != "-" ] && args+=(--team "$team")
		secret=$(echo "$pw" | "$bin" --db "$db" user add "${args[@]}" | sed -n 's/^totp secret: //p')
		printf '%-14s %-13s %-25s %s\n' "$login" "$role" "$pw" "$secret" >>"$accounts"
	done
	# The colleagues: every other caseworker the demo's cases name, in the team they work in, and
	# Team Syd's leader, so team lists show names and a case can be handed to any of them.
	echo "colleagues (the same demo data, seen from another desk):" >>"$accounts"
	colleagues=$("$bin" --db "$db" case list | jq -r 'select(.caseworker != "rg-01") | "\(.caseworker):caseworker:\(.team):Rådgiver \(.caseworker | ltrimstr("rg-"))"' | sort -u)
	for spec in $(echo "$colleagues" | tr ' ' '~') "tl-syd:team_leader:Team~Syd:Teamleder,~Team~Syd"; do
		IFS=: read -r login role team name <<<"${spec//\~/ }"
		pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
		secret=$(echo "$pw" | "$bin" --db "$db" user add --login "$login" --role "$role" --team "$team" \
			--name "$name" --demo | sed -n 's/^totp secret: //p')
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
	# Working across sectors (issue 23), synthetic: the task force around the young person above,
	# the school's inquiries (one waiting in the intake's inbox, one formal notification taken in
	# and answered, one concern answered with advice) and the guidance centre's contacts with the
	# young people of rg-01's cases in support after 18.
	T() { "$bin" --db "$db" "$@" >/dev/null; }
	d() { date -d "$1" +%F; }
	now=$(date -u +%FT%TZ)
	if [ -n "$young" ]; then
		T taskforce add --child-id "$young" --owner taskforce --purpose "Samlet plan for skole, fritidsjob og bolig" \
			--start "$(d "-50 days")" --planned-end "$(d "+130 days")"
		tf=$("$bin" --db "$db" taskforce list | jq -r .id | tail -1)
		for m in "Ungevejleder:job_centre" "UU-vejleder:youth_guidance" "Behandler, børne- og ungepsykiatrien:psychiatry" \
			"SSP-konsulent:police_ssp" "Ungdomsskolelærer:youth_school"; do
			T taskforce-member add --taskforce-id "$tf" --child-id "$young" --name "${m%%:*}" \
				--department "${m##*:}" --from-date "$(d "-50 days")"
		done
		T taskforce-action add --taskforce-id "$tf" --child-id "$young" --text "Skoleskema med fleksible mødetider" \
			--department youth_school --owner "Ungdomsskolelærer" --due "$(d "-30 days")" --done "$(d "-32 days")"
		T taskforce-action add --taskforce-id "$tf" --child-id "$young" --text "Første samtale i psykiatrien" \
			--department psychiatry --owner "Behandler" --due "$(d "-10 days")"
		T taskforce-action add --taskforce-id "$tf" --child-id "$young" --text "Fritidsjob gennem jobcenteret" \
			--department job_centre --owner "Ungevejleder" --due "$(d "+20 days")"
		T taskforce-action add --taskforce-id "$tf" --child-id "$young" --text "Plan for uddannelse efter 9. klasse" \
			--department youth_guidance --owner "UU-vejleder" --due "$(d "+60 days")"
		T taskforce-meeting add --taskforce-id "$tf" --child-id "$young" --date "$(d "-49 days")" --young-present true \
			--note "Opstart. Den unge ønsker ro i skolen og et fritidsjob."
		T taskforce-meeting add --taskforce-id "$tf" --child-id "$young" --date "$(d "-20 days")" --young-present false \
			--note "Status: skemaet virker; psykiatrien har ventetid."
	fi
	kid=$(sed -n 1p "$db.rg01")
	kname=$("$bin" --db "$db" child show "$kid" | jq -r .name)
	kcpr=$("$bin" --db "$db" child show "$kid" | jq -r .cpr)
	T inquiry add --filed-by skole --filed-at "$(date -u -d "-3 hours" +%FT%TZ)" --kind concern \
		--notifier-type school --child-name "Synne Testesen" --child-birth 2014-03-09 \
		--seen "Meget fravær de sidste seks uger og trist i frikvartererne (syntetisk)" --since "$(d "-42 days")" \
		--partner-action "Samtaler med klasselæreren og AKT" --parents-informed true
	case_id=$("$bin" --db "$db" case list | jq -r "select(.child_id == $kid and .closed == null) | .id" | head -1)
	filed=$(date -u -d "-9 days" +%FT%TZ) taken=$(date -u -d "-9 days +2 hours" +%FT%TZ)
	answered=$(date -u -d "-2 days" +%FT%TZ)
	T notification add --child-id "$kid" --case-id "$case_id" --received-at "$filed" --notifier-type school \
		--content "Barnet fortæller om voldsomme skænderier derhjemme (syntetisk)" --receipt-sent-at "$taken" \
		--assessed-at "$taken" --assessment-outcome screening --feedback-sent-at "$answered"
	n=$("$bin" --db "$db" notification list --child "$kid" | jq -r .id | tail -1)
	T inquiry add --child-id "$kid" --filed-by skole --filed-at "$filed" --kind formal_notification \
		--notifier-type school --child-name "$kname" --child-cpr "$kcpr" \
		--seen "Barnet fortæller om voldsomme skænderier derhjemme (syntetisk)" --taken-at "$taken" \
		--taken-by "user:rg-01" --notification-id "$n" --response notification \
		--feedback "Kommunen har vurderet underretningen og er i gang med en afdækning." --feedback-at "$answered"
	T inquiry add --filed-by skole --filed-at "$(date -u -d "-20 days" +%FT%TZ)" --kind concern \
		--notifier-type school --child-name "Malthe Testesen" --child-birth 2012-11-20 \
		--seen "Virker træt om morgenen (syntetisk)" --taken-at "$(date -u -d "-19 days" +%FT%TZ)" \
		--taken-by "user:rg-01" --response advice \
		--feedback "Tal med forældrene om søvn; kontakt os igen, hvis det ikke bedres." \
		--feedback-at "$(date -u -d "-19 days" +%FT%TZ)"
	# The guidance centre: a contact now and then with each young person in support after 18.
	"$bin" --db "$db" intervention list | jq -r 'select((.catalogue_code | startswith("bl114")) and .end == null) | .child_id' |
		head -12 | while read -r y; do
			# From the 18th birthday on: the guidance centre is for young people of 18 to 23.
			adult=$(date -d "$("$bin" --db "$db" child show "$y" | jq -r .birth_date) +18 years" +%F)
			for ago in 75 40 12; do
				on=$(d "-$((ago + y % 9)) days")
				[[ "$on" < "$adult" ]] && continue
				T aftercare-contact add --child-id "$y" --date "$on" \
					--form "$([ $((ago % 2)) = 0 ] && echo meeting || echo phone)" --topic education \
					--counsellor "Vejleder i vejledningscenteret" --status "$([ $((y % 3)) = 0 ] && echo in_work || echo in_education)"
			done
		done
	rm -f "$db.rg01"
fi
[ -f "$accounts" ] && cat "$accounts"
echo "trappe: serving $db on http://$listen/ (Ctrl-C stops)"
exec "$bin" --db "$db" serve --listen "$listen"
