#!/usr/bin/env bash
# t0001: init, help, and add/show/list/update for the records through the built binary.
. "$(dirname "$0")/lib.sh"

test_expect_success 'help lists the commands and exits 0' '
	"$TRAPPE" --help | grep -q "notification" &&
	"$TRAPPE" notification --help | grep -q -- "--received-at" &&
	"$TRAPPE" placement --help | grep -q -- "--consent"
'

test_expect_success 'commands other than init refuse a missing database' '
	expect_code 1 t child list && err_has "trappe init" && [ ! -e "$DB" ]
'

test_expect_success 'init creates the database and is idempotent' '
	t init | grep -q "schema version 22" && t init | grep -q "schema version 22"
'

test_expect_success 'a child with a CPR that fails modulus 11 is accepted' '
	id=$(t child add --name "Testbarn Et" --cpr 010180-1232 --category vulnerable) &&
	[ "$id" = 1 ] &&
	t child show 1 | grep -q "\"cpr\":\"010180-1232\""
'

test_expect_success 'an unborn child without CPR is accepted' '
	id=$(t child add --unborn true --expected-birth 2025-06-01) && [ "$id" = 2 ]
'

test_expect_success 'notification, screening and assessment' '
	t notification add --child-id 1 --received-at 2024-03-01T14:00:00Z --notifier-type school \
		--reason-codes school_absence,insufficient_care --content "Bekymring fra skolen" &&
	t notification list --child 1 | grep -q "\"professional\":true" &&
	t screening add --child-id 1 --notification-id 1 --date 2024-03-02 --outcome assessment &&
	t assessment add --child-id 1 --aware-date 2024-03-01 --started 2024-03-05
'

test_expect_success 'a decision needs the child'"'"'s conversation, then is accepted' '
	expect_code 2 t decision add --child-id 1 --date 2024-03-20 --decision-type support_s32 \
		--legal-basis "§ 32" && err_has "§ 5" &&
	t conversation add --child-id 1 --date 2024-03-18 --bisidder-informed true \
		--child-words "Jeg vil gerne blive boende" &&
	t decision add --child-id 1 --date 2024-03-20 --decision-type support_s32 \
		--legal-basis "§ 32 stk. 1 nr. 5" --conversation-id 1 --consent true
'

test_expect_success 'interventions take their step from the catalogue; placements need consent' '
	expect_code 2 t intervention add --child-id 1 --catalogue-code bl32-5 --start 2024-04-01 &&
	err_has "intervention.lower_steps: the child is on step 0" &&
	t intervention add --child-id 1 --catalogue-code bl32-5 --start 2024-04-01 --decision-id 1 \
		--lower-steps "Rådgivning efter § 30 har været prøvet i 2023 uden effekt" &&
	t intervention show 1 | grep -q "\"step\":3" &&
	expect_code 2 t placement add --child-id 1 --catalogue-code anb-netvaerk --start 2024-09-01 &&
	err_has "intervention.consent" &&
	expect_code 2 t placement add --child-id 1 --catalogue-code bl32-5 --start 2024-09-01 &&
	err_has "placement type" &&
	t placement add --child-id 1 --catalogue-code anb-netvaerk --start 2024-09-01 --consent true \
		--lower-steps "Familiebehandling (trin 3) siden april rækker ikke" &&
	t placement list | grep -c "\"type\":\"intervention\"" | grep -qx 1 &&
	t intervention list --child 1 | grep -c . | grep -qx 2 &&
	t supervision add --child-id 1 --intervention-id 2 --date 2024-10-01 --child-alone true
'

test_expect_success 'plans, goals and follow-ups' '
	t plan add --child-id 1 --kind barnets_plan --date 2024-04-15 --followup-months 6 &&
	t goal add --plan-id 1 --child-id 1 --text "Går i skole hver dag" --area school &&
	t followup add --goal-id 1 --child-id 1 --date 2024-07-01 --scale scale_0_10 --value 4 \
		--rated-by child &&
	t followup add --goal-id 1 --child-id 1 --date 2024-10-01 --scale scale_0_10 --value 7 \
		--rated-by caseworker &&
	t followup list --goal 1 | grep -c . | grep -qx 2
'

test_expect_success 'update uses optimistic locking and keeps the old version' '
	t notification update 1 --version 1 --assessed-at 2024-03-02T09:00:00Z \
		--assessment-outcome screening | grep -q "version 2" &&
	t notification show 1 | grep -q "\"version\":2" &&
	expect_code 1 t notification update 1 --version 1 --acute false &&
	err_has "changed by someone else" &&
	sqlite3 "$DB" "SELECT count(*) FROM record_version WHERE record_type='"'"'notification'"'"'" | grep -qx 1
'

test_expect_success 'every write and read left an audit row with the cli actor' '
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE actor LIKE '"'"'cli:%'"'"'") &&
	[ "$n" -ge 20 ] &&
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='"'"'create'"'"' AND record_type='"'"'followup'"'"'" | grep -qx 2
'

test_done
