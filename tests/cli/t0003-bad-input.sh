#!/usr/bin/env bash
# t0003: bad input anywhere exits 2, names the field and the rule, and changes nothing.
. "$(dirname "$0")/lib.sh"
FIX="$SRC/tests/data/case-history.jsonl"

t init >/dev/null && t import "$FIX" >/dev/null && t export >"$TMP/before.jsonl"
audit_before=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='create'")

unchanged() {
	t export | cmp - "$TMP/before.jsonl" &&
		[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='create'")" = "$audit_before" ]
}

# refused FIELD_TEXT CMD...: exit 2, message names the field, export unchanged.
refused() {
	local text=$1
	shift
	expect_code 2 t "$@" && err_has "$text" && unchanged
}

test_expect_success 'child: CPR with an impossible date' '
	refused "child.cpr: DDMMYY is not a valid date" child add --cpr 320112-4018
'
test_expect_success 'child: CPR of the wrong length' '
	refused "child.cpr: must be 10 digits" child add --cpr 12051240
'
test_expect_success 'child: unknown category' '
	refused "child.category: must be one of" child add --name X --category fragile
'
test_expect_success 'child: unknown option' '
	refused "unknown option '"'"'--nick'"'"'" child add --nick X
'
test_expect_success 'child: option without a value' '
	refused "child.name: option" child add --name
'
test_expect_success 'notification: time not in UTC form' '
	refused "notification.received_at: must be a UTC time" notification add --child-id 1 \
		--received-at "2024-03-01 10:00" --notifier-type school
'
test_expect_success 'what happened cannot be dated after now: a birth, a notification, a conversation, a decision, a measurement' '
	later=$(date -u -d "+1 day" +%Y-%m-%dT%H:%M:%SZ) && tomorrow=$(date -d "+2 days" +%Y-%m-%d) &&
	refused "notification.received_at: must not be in the future" notification add --child-id 1 \
		--received-at "$later" --notifier-type school --professional true &&
	refused "notification.assessed_at: must not be in the future" notification update 1 --version 1 \
		--assessed-at "$later" &&
	refused "conversation.date: must not be in the future" conversation add --child-id 1 \
		--date "$tomorrow" --bisidder-informed true &&
	refused "child.birth_date: must not be in the future" child add --name X --birth-date "$tomorrow" &&
	refused "screening.date: must not be in the future" screening update 1 --version 1 --date "$tomorrow" &&
	refused "assessment.completed: must not be in the future" assessment update 1 --version 1 --completed "$tomorrow" &&
	refused "decision.date: must not be in the future" decision update 3 --version 1 --date "$tomorrow" &&
	refused "plan.date: must not be in the future" plan update 1 --version 1 --date "$tomorrow" &&
	refused "followup.date: must not be in the future" followup update 1 --version 1 --date "$tomorrow" &&
	refused "supervision.date: must not be in the future" supervision update 1 --version 1 --date "$tomorrow" &&
	soon=$(date -u -d "+2 minutes" +%Y-%m-%dT%H:%M:%SZ) &&
	t notification add --child-id 1 --received-at "$soon" --notifier-type school --professional true >"$TMP/id" &&
	t notification show "$(cat "$TMP/id")" >/dev/null &&
	# The file as it was, for the tests after this one.
	rm -f "$DB" "$DB"-* && t init >/dev/null && t import "$FIX" >/dev/null && t export >"$TMP/before.jsonl"
'
test_expect_success 'rules between records hold when the record referred to changes, so the export imports' '
	refused "decision.conversation_id: the conversation must take place on or before the decision" \
		conversation update 1 --version 1 --date 2024-04-27 &&
	refused "supervision.intervention_id" intervention update 2 --version 1 --catalogue-code bl32-3 --step 3 --clear consent --clear combination &&
	refused "decision.exception_reason: must say why there was no conversation" decision update 3 \
		--version 1 --exception-reason "   " &&
	t conversation update 1 --version 1 --date 2024-04-25 >/dev/null &&
	t export >"$TMP/x.jsonl" && rm -f "$TMP/y.db"* && "$TRAPPE" --db "$TMP/y.db" init >/dev/null &&
	"$TRAPPE" --db "$TMP/y.db" import "$TMP/x.jsonl" >/dev/null &&
	rm -f "$DB" "$DB"-* && t init >/dev/null && t import "$FIX" >/dev/null && t export >"$TMP/before.jsonl"
'
test_expect_success 'notification: unknown notifier type' '
	refused "notification.notifier_type: is not a code of the notifier list" notification add \
		--child-id 1 --received-at 2024-03-01T10:00:00Z --notifier-type martian
'
test_expect_success 'notification: child that does not exist' '
	refused "notification.child_id: no child with id 77" notification add --child-id 77 \
		--received-at 2024-03-01T10:00:00Z --notifier-type school
'
test_expect_success 'notification: case of another child' '
	refused "notification.case_id: case 2 is about another child" notification add --child-id 1 \
		--case-id 2 --received-at 2024-03-01T10:00:00Z --notifier-type school
'
test_expect_success 'decision: without a conversation or exception (§ 5)' '
	refused "decision.conversation_id" decision add --child-id 1 --date 2024-12-01 \
		--decision-type support_s32 --legal-basis "§ 32"
'
test_expect_success 'intervention: unknown catalogue code' '
	refused "intervention.catalogue_code: is not a code of the catalogue list" intervention add \
		--child-id 1 --catalogue-code bl99 --start 2024-12-01
'
test_expect_success 'intervention: end before start' '
	refused "intervention.end: must not be before start" intervention add --child-id 1 \
		--catalogue-code bl32-2 --start 2024-12-01 --end 2024-11-01
'
test_expect_success 'followup: value off its scale' '
	refused "followup.value: must be from 0 to 10" followup add --goal-id 1 --child-id 1 \
		--date 2024-12-01 --scale scale_0_10 --value 11 --rated-by child
'
test_expect_success 'followup: goal of another child' '
	refused "followup.goal_id: goal 1 is about another child" followup add --goal-id 1 \
		--child-id 2 --date 2024-12-01 --scale scale_0_10 --value 5 --rated-by child
'
test_expect_success 'show: id that is not a number' '
	refused "ID: must be an id" child show abc
'
test_expect_success 'update: without --version' '
	refused "needs --version" child update 1 --name Y
'
test_expect_success 'unknown command and unknown global option' '
	expect_code 2 t frobnicate && err_has "unknown command" &&
	expect_code 2 "$TRAPPE" --colour child list && err_has "unknown option" && unchanged
'

# Import: each bad file names its line and field; nothing of it is written.
bad_import() {
	local text=$1 content=$2
	printf "%s\n" "$content" >"$TMP/bad.jsonl"
	expect_code 2 t import "$TMP/bad.jsonl" && err_has "$text" && err_has "nothing was imported" &&
		unchanged
}
GOOD='{"type":"child","id":90,"name":"Ny"}'
test_expect_success 'import: bad JSON on line 2' '
	bad_import "bad.jsonl:2: not valid JSON" "$GOOD
{\"type\":\"child\",\"id\":91,"
'
test_expect_success 'import: unknown record type' '
	bad_import "bad.jsonl:2: type: unknown record type" "$GOOD
{\"type\":\"hamster\",\"id\":1}"
'
test_expect_success 'import: unknown field' '
	bad_import "bad.jsonl:2: child: unknown field \"nick\"" "$GOOD
{\"type\":\"child\",\"id\":91,\"nick\":\"x\"}"
'
test_expect_success 'import: duplicate key' '
	bad_import "bad.jsonl:1: not valid JSON: duplicate object key" "{\"type\":\"child\",\"id\":91,\"name\":\"a\",\"name\":\"b\"}"
'
test_expect_success 'import: missing id' '
	bad_import "bad.jsonl:2: child.id: is required in an import" "$GOOD
{\"type\":\"child\",\"name\":\"x\"}"
'
test_expect_success 'import: wrong JSON type for a field' '
	bad_import "bad.jsonl:2: child.unborn: must be true or false" "$GOOD
{\"type\":\"child\",\"id\":91,\"unborn\":1}"
'
test_expect_success 'import: rule broken on the last line rolls back the earlier lines' '
	bad_import "bad.jsonl:3: decision.conversation_id" "$GOOD
{\"type\":\"child\",\"id\":91,\"name\":\"To\"}
{\"type\":\"decision\",\"id\":90,\"child_id\":90,\"date\":\"2024-01-01\",\"decision_type\":\"other\",\"legal_basis\":\"§ 32\"}"
'
# The same rules when the referenced record is earlier in the same file (the import keeps what it
# inserted instead of reading it back).
test_expect_success 'import: a reference earlier in the file to another child' '
	bad_import "bad.jsonl:4: notification.case_id: case 90 is about another child" "$GOOD
{\"type\":\"child\",\"id\":91,\"name\":\"To\"}
{\"type\":\"case\",\"id\":90,\"child_id\":91,\"caseworker\":\"rg-anne\",\"team\":\"Team Nord\",\"opened\":\"2024-01-08\"}
{\"type\":\"notification\",\"id\":90,\"child_id\":90,\"case_id\":90,\"received_at\":\"2024-01-05T13:45:00Z\",\"notifier_type\":\"school\",\"professional\":true}"
'
test_expect_success 'import: a conversation earlier in the file but after the decision' '
	bad_import "bad.jsonl:3: decision.conversation_id: the conversation must take place on or before" "$GOOD
{\"type\":\"conversation\",\"id\":90,\"child_id\":90,\"date\":\"2024-05-01\",\"child_words\":\"x\",\"bisidder_informed\":true}
{\"type\":\"decision\",\"id\":90,\"child_id\":90,\"date\":\"2024-04-26\",\"decision_type\":\"support_s32\",\"legal_basis\":\"§ 32 stk. 1 nr. 3\",\"conversation_id\":90}"
'
test_expect_success 'import: supervision of an intervention earlier in the file that is no placement' '
	bad_import "bad.jsonl:3: supervision.intervention_id: must be a placement" "$GOOD
{\"type\":\"intervention\",\"id\":90,\"child_id\":90,\"catalogue_code\":\"bl32-3\",\"step\":3,\"legal_basis\":\"§ 32 stk. 1 nr. 3\",\"start\":\"2024-05-01\"}
{\"type\":\"supervision\",\"id\":90,\"child_id\":90,\"intervention_id\":90,\"date\":\"2024-08-01\",\"child_alone\":true}"
'
test_expect_success 'import: a reference earlier in the file, all rules kept' '
	printf "%s\n" "$GOOD" \
		"{\"type\":\"conversation\",\"id\":90,\"child_id\":90,\"date\":\"2024-04-20\",\"child_words\":\"x\",\"bisidder_informed\":true}" \
		"{\"type\":\"decision\",\"id\":90,\"child_id\":90,\"date\":\"2024-04-26\",\"decision_type\":\"support_s32\",\"legal_basis\":\"§ 32 stk. 1 nr. 3\",\"conversation_id\":90}" \
		>"$TMP/good.jsonl" &&
	cp "$DB" "$TMP/copy.db" && cp "$DB.key" "$TMP/copy.db.key" &&
	"$TRAPPE" --db "$TMP/copy.db" import "$TMP/good.jsonl" | grep -q "imported 3 records"
'
test_expect_success 'import: a file that does not exist' '
	expect_code 2 t import "$TMP/none.jsonl" && err_has "cannot read" && unchanged
'

test_expect_success 'config: a broken configuration is refused with file, line and rule' '
	mkdir "$TMP/cfg" && cp "$TRAPPE_CONFIG"/*.jsonl "$TMP/cfg/" &&
	printf "{\"step\":0,\"name_da\":\"a\",\"name_en\":\"b\"}\n{\"step\":5,\"name_da\":\"a\",\"name_en\":\"b\"}\n" >"$TMP/cfg/ladder.jsonl" &&
	expect_code 2 "$TRAPPE" --config "$TMP/cfg" --db "$DB" child list &&
	err_has "$TMP/cfg/ladder.jsonl:2: step:" && unchanged
'

test_done
