#!/usr/bin/env bash
# bench.sh - side-by-side measurements on this machine (shared/QUALITY.md §3.5), printed as
# figures and ratios with min / median / max of several runs, and written to docs/PERFORMANCE.md.
# Benchmarks print; they do not fail the build. Environment: BENCH_SECONDS (default 10 per run),
# BENCH_RUNS (default 3), BENCH_NATIONAL=0 (skip the national data set), BENCH_NATIONAL_SAME=0
# (skip exporting the first two national runs to show they are the same).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}

scripts/install-deps.sh check || exit 1
missing=""
for p in nginx-light wrk hey; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "bench: needs$missing (run as root)"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null || exit 1

export TRAPPE_CONFIG="$top/config" TRAPPE_STATIC="$top/static"
tmp=$(mktemp -d /tmp/trappe-bench.XXXXXX)
chmod 755 "$tmp" # nginx's worker runs as www-data: in a 0700 directory it answers 403
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
T="build/trappe --db $tmp/b.db"
cpus=$(nproc)
srv_cpu=0
load_cpu=$((cpus > 1 ? 1 : 0))

# stats: min median max of the numbers on stdin
stats() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "- - -"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f %.1f %.1f\n", a[1], m, a[NR]}'; }
stats2() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "- - -"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f\n", a[1], m, a[NR]}'; }
median() { echo "$1" | cut -d' ' -f2; }
ms() { date +%s%N; }
# first_answer DB [PATH HEADER]: seconds from starting a server on DB to its first 200 for /healthz
# (the startup check of R-04 and the listen), and with PATH also to the first 200 for PATH (a
# worker's first use of the database). QUALITY P-10. The file is in the page cache.
first_answer() {
	local db=$1 t0 t1 t2 pid port=""
	rm -f "$tmp/sport"
	t0=$(ms)
	taskset -c "$srv_cpu" build/trappe --db "$db" serve --listen 127.0.0.1:0 --port-file "$tmp/sport" 2>/dev/null &
	pid=$!
	for _ in $(seq 12000); do
		[ -s "$tmp/sport" ] && port=$(cat "$tmp/sport") &&
			[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && break
		sleep 0.005
	done
	t1=$(ms)
	if [ $# -gt 1 ]; then
		if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$3" "http://127.0.0.1:$port$2")" != 200 ]; then
			echo "bench: $2 did not answer 200 after a start: its time would be wrong" >&2
			touch "$tmp/bad"
		fi
		t2=$(ms)
		echo "$(awk "BEGIN {printf \"%.3f %.3f\", ($t1-$t0)/1e9, ($t2-$t0)/1e9}")"
	else
		echo "$(awk "BEGIN {printf \"%.3f\", ($t1-$t0)/1e9}")"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

echo "== data (municipal scale, $runs runs)"
gens=""
for i in $(seq "$runs"); do
	rm -f "$tmp/b.db"*
	$T init >/dev/null
	t0=$(ms); $T demo --seed 1 >"$tmp/demo.txt"; t1=$(ms)
	gens="$gens $(awk "BEGIN {printf \"%.2f\", ($t1-$t0)/1e9}")"
done
records=$(sed -n 's/^demo: \([0-9]*\) .*/\1/p' "$tmp/demo.txt")
gen_stats=$(echo $gens | tr ' ' '\n' | stats2)
$T export >"$tmp/all.jsonl"
imports=""
for i in $(seq "$runs"); do
	rm -f "$tmp/i.db"*
	build/trappe --db "$tmp/i.db" init >/dev/null
	a=$(ms); build/trappe --db "$tmp/i.db" import "$tmp/all.jsonl" >/dev/null; b=$(ms)
	imports="$imports $(awk "BEGIN {printf \"%.0f\", $records/(($b-$a)/1e9)}")"
done
import_stats=$(echo $imports | tr ' ' '\n' | stats)
echo "municipal generation: $records records, s min/median/max $gen_stats"
echo "JSONL import (validated, audited): records/s min/median/max $import_stats"

# kpis DB LABEL: the key-figure set as trappe reads it, from the totals per year every write keeps
# current, and computed afresh by the engine in trappe (per figure, median of 5 in-process runs),
# each against the sqlite3 shell running the figure's SQL on the same file (mean of 20 runs).
kpis() {
	local db=$1 label=$2 fresh="" kept=""
	for i in $(seq "$runs"); do
		build/trappe --db "$db" kpi --repeat 5 >"$tmp/kpik.$i"
		kept="$kept $(awk '$1=="total" {print $2}' "$tmp/kpik.$i")"
		build/trappe --db "$db" kpi --fresh --repeat 5 >"$tmp/kpi.$i"
		fresh="$fresh $(awk '$1=="total" {print $2}' "$tmp/kpi.$i")"
	done
	kpi_total=$(echo $kept | tr ' ' '\n' | stats2)
	kpi_fresh=$(echo $fresh | tr ' ' '\n' | stats2)
	build/trappe --db "$db" kpi --sql >"$tmp/kpi.sql"
	kpi_rows=""
	worst=0 worst_engine=0
	while IFS=$'\t' read -r name sql; do
		{ echo ".timer on"; for _ in $(seq 20); do echo "$sql"; done; } | sqlite3 "$db" 2>&1 |
			awk '/Run Time/ {t+=$4; n++} END {printf "%.3f\n", (n ? t/n*1000 : 0)}' >"$tmp/shell.ms"
		shell=$(cat "$tmp/shell.ms")
		ours=$(awk -v n="$name" '$1==n {print $3}' "$tmp/kpik.1")
		engine=$(awk -v n="$name" '$1==n {print $3}' "$tmp/kpi.1")
		r=$(awk -v o="${ours:-0}" -v s="${shell:-0}" 'BEGIN {printf "%.3f", (s > 0) ? o / s : 0}')
		re=$(awk -v o="${engine:-0}" -v s="${shell:-0}" 'BEGIN {printf "%.2f", (s > 0) ? o / s : 0}')
		worst=$(awk -v r="$r" -v w="$worst" 'BEGIN {print (r > w) ? r : w}')
		worst_engine=$(awk -v r="$re" -v w="$worst_engine" 'BEGIN {print (r > w) ? r : w}')
		kpi_rows="$kpi_rows| $label: $name | $ours | $engine | $shell | $r | $re |
"
	done <"$tmp/kpi.sql"
	echo "$label key figures ($(wc -l <"$tmp/kpi.sql")): as kept ms min/median/max $kpi_total (worst ratio to the sqlite3 shell $worst); computed afresh $kpi_fresh (worst ratio $worst_engine)"
}
# leaders DB LABEL: the leaders' full figure set for last year split by team (\`trappe kpi --from
# --to --by team --json\`, the whole command), read from the year's parts, against the sqlite3
# shell running the same SQL (the parts of the family a split by team folds); the first read after
# the bulk load, which builds the year (and the status note's, the year before) in one pass over
# every child; the same figures computed afresh (\`--fresh\`); the committee's status note as PDF;
# and what keeping two years current costs a write (20 notifications added through the CLI, each
# its own process and commit, with the years kept and without).
leaders() {
	local db=$1 label=$2 y
	y=$(($(date +%Y) - 1))
	local ours="" shell="" pdf="" a b
	sqlite3 "$db" "DELETE FROM figure_year; DELETE FROM figure_part"
	a=$(ms); build/trappe --db "$db" kpi --from "$y-01-01" --to "$y-12-31" --by team --json >/dev/null; b=$(ms)
	lead_build=$(awk "BEGIN {printf \"%.1f\", ($b-$a)/1e9}")
	a=$(ms); build/trappe --db "$db" kpi --from "$y-01-01" --to "$y-12-31" --by team --json --fresh >/dev/null; b=$(ms)
	lead_fresh=$(awk "BEGIN {printf \"%.1f\", ($b-$a)/1e9}")
	a=$(ms); build/trappe --db "$db" report status --year "$y" --format pdf --output "$tmp/note.pdf"; b=$(ms)
	pdf_build=$(awk "BEGIN {printf \"%.1f\", ($b-$a)/1e9}")
	{
		echo ".timer on"
		echo "SELECT version FROM figure_state; SELECT year, version, digest FROM figure_year;"
		echo "SELECT count(*), sum(length(key)), sum(length(part)) FROM figure_part WHERE year=$y AND family=2;"
	} >"$tmp/leaders.sql"
	for i in $(seq "$runs"); do
		a=$(ms); build/trappe --db "$db" kpi --from "$y-01-01" --to "$y-12-31" --by team --json >/dev/null; b=$(ms)
		ours="$ours $(awk "BEGIN {printf \"%.1f\", ($b-$a)/1e6}")"
		a=$(ms); sqlite3 "$db" <"$tmp/leaders.sql" >/dev/null; b=$(ms)
		shell="$shell $(awk "BEGIN {printf \"%.1f\", ($b-$a)/1e6}")"
		a=$(ms); build/trappe --db "$db" report status --year "$y" --format pdf --output "$tmp/note.pdf"; b=$(ms)
		pdf="$pdf $(awk "BEGIN {printf \"%.2f\", ($b-$a)/1e9}")"
	done
	# In the process, the operation alone (read the parts, fold, finish, audit), against the
	# shell's own timer on the same SQL.
	lead_inproc=$(build/trappe --db "$db" kpi --from "$y-01-01" --to "$y-12-31" --by team --json --repeat 9 2>&1 >/dev/null |
		sed -n 's/.*figures in \([0-9.]*\) ms.*/\1/p')
	lead_inshell=$(printf '.timer on\nSELECT key, part FROM figure_part WHERE year=%s AND family=2;\n' "$y" |
		sqlite3 "$db" 2>&1 | awk '/Run Time/ {printf "%.1f", $4 * 1000}')
	lead_stats=$(echo $ours | tr ' ' '\n' | stats)
	lead_shell=$(echo $shell | tr ' ' '\n' | stats)
	lead_ratio=$(awk "BEGIN {printf \"%.2f\", $(median "$lead_stats")/$(median "$lead_shell")}")
	pdf_stats=$(echo $pdf | tr ' ' '\n' | stats2)
	local child w
	child=$(sqlite3 "$db" "SELECT child_id FROM child_case WHERE team IS NOT NULL LIMIT 1 OFFSET 100")
	w() {
		local t0 t1 i
		t0=$(ms)
		for i in $(seq 10 29); do
			build/trappe --db "$db" notification add --child-id "$child" --received-at "$y-0$1-${i}T09:00:00Z" \
				--notifier-type school --professional true >/dev/null
		done
		t1=$(ms)
		awk "BEGIN {printf \"%.1f\", ($t1-$t0)/20e6}"
	}
	lead_write_kept=$(w 3)
	sqlite3 "$db" "DELETE FROM figure_year; DELETE FROM figure_part"
	lead_write_none=$(w 4)
	echo "$label leaders' figures $y by team: ms min/median/max $lead_stats; the same SQL in the sqlite3 shell $lead_shell (ratio $lead_ratio); in the process $lead_inproc ms against the shell's timer $lead_inshell ms; first read (builds the year) $lead_build s, afresh $lead_fresh s; status note PDF s $pdf_stats (first, building the year before: $pdf_build s); a write with two years kept $lead_write_kept ms, none $lead_write_none ms"
}
echo "== key figures"
leaders "$tmp/b.db" municipal
lead_muni=$lead_stats lead_muni_shell=$lead_shell lead_muni_ratio=$lead_ratio pdf_muni=$pdf_stats lead_muni_build=$lead_build lead_muni_in=$lead_inproc lead_muni_inshell=$lead_inshell lead_muni_fresh=$lead_fresh pdf_muni_build=$pdf_build write_muni_kept=$lead_write_kept write_muni_none=$lead_write_none
kpis "$tmp/b.db" municipal
kpi_muni_total=$kpi_total kpi_muni_fresh=$kpi_fresh kpi_muni_rows=$kpi_rows kpi_muni_worst=$worst kpi_muni_worst_engine=$worst_engine
check_muni=$($T demo --check 2>&1)

lead_nat="not run" lead_nat_shell="not run" lead_nat_ratio="-" pdf_nat="not run" lead_nat_build="-" lead_nat_in="-" lead_nat_inshell="-" lead_nat_fresh="-" pdf_nat_build="-" write_nat_kept="-" write_nat_none="-"
nat_same="not run" nat_gen_stats="not run" cold_nat_stats="not run" kpi_nat_total="not run" kpi_nat_fresh="not run" kpi_nat_rows="" kpi_nat_worst="-" kpi_nat_worst_engine="-" check_nat="not run"
if [ "${BENCH_NATIONAL:-1}" = 1 ]; then
	nruns=${BENCH_NATIONAL_RUNS:-$runs}
	echo "== national scale ($nruns runs of the generator; BENCH_NATIONAL=0 skips)"
	ngens="" nhashes=""
	for i in $(seq "$nruns"); do
		rm -f "$tmp/n.db"*
		build/trappe --db "$tmp/n.db" init >/dev/null
		t0=$(ms); build/trappe --db "$tmp/n.db" demo --scale national --seed 1 >"$tmp/ndemo.txt"; t1=$(ms)
		ngens="$ngens $(awk "BEGIN {printf \"%.1f\", ($t1-$t0)/1e9}")"
		# Deterministic: the first two runs' exports (every record, sealed fields opened) are
		# the same bytes. Not timed; about 100 s each.
		if [ "$i" -le 2 ] && [ "${BENCH_NATIONAL_SAME:-1}" = 1 ]; then
			nhashes="$nhashes $(build/trappe --db "$tmp/n.db" export | sha256sum | cut -c1-16)"
		fi
	done
	nat_same="not checked"
	case "$nhashes" in
	" "*" "*) set -- $nhashes; [ "$1" = "$2" ] && nat_same="yes, export $1 twice" || nat_same="NO: $1 and $2" ;;
	esac
	echo "national data set deterministic: $nat_same"
	nat_records=$(sed -n 's/^demo: \([0-9]*\) .*/\1/p' "$tmp/ndemo.txt")
	nat_gen_stats=$(echo $ngens | tr ' ' '\n' | stats)
	echo "national generation: $nat_records records, s min/median/max $nat_gen_stats"
	leaders "$tmp/n.db" national
	lead_nat=$lead_stats lead_nat_shell=$lead_shell lead_nat_ratio=$lead_ratio pdf_nat=$pdf_stats lead_nat_build=$lead_build lead_nat_in=$lead_inproc lead_nat_inshell=$lead_inshell lead_nat_fresh=$lead_fresh pdf_nat_build=$pdf_build write_nat_kept=$lead_write_kept write_nat_none=$lead_write_none
	kpis "$tmp/n.db" national
	kpi_nat_total=$kpi_total kpi_nat_fresh=$kpi_fresh kpi_nat_rows=$kpi_rows kpi_nat_worst=$worst kpi_nat_worst_engine=$worst_engine
	check_nat=$(build/trappe --db "$tmp/n.db" demo --check --scale national 2>&1)
	nat_size=$(du -m "$tmp/n.db" | cut -f1)
	cold=""
	for i in $(seq "$runs"); do cold="$cold $(first_answer "$tmp/n.db")"; done
	cold_nat_stats=$(echo $cold | tr ' ' '\n' | stats2)
	echo "national: first answer after start, s min/median/max $cold_nat_stats ($nat_size MB file)"
	rm -f "$tmp/n.db"*
fi

echo "== servers (server on CPU $srv_cpu, load on CPU $load_cpu, wrk -t1 -c50 -d${secs}s, $runs runs)"
mkdir -p "$tmp/www" "$tmp/nginx"
head -c 4096 /dev/zero | tr '\0' 'x' >"$tmp/www/index.html"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    open_file_cache max=100;
    server { listen 127.0.0.1:18090; root $tmp/www; }
}
CONF
taskset -c "$srv_cpu" nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>/dev/null &
pids+=($!)
echo "bench-password-1" | $T user add --login rg-01 --role caseworker --team "Team Nord" >"$tmp/user.txt"
secret=$(sed -n 's/^totp secret: //p' "$tmp/user.txt")
# The same page from three builds: production (read-audit rows group-committed), one commit per
# read (P-3), and no read audit at all (the P-4 reference), each with the server's default worker
# threads (one per CPU, at least 2: cmd_serve.c); the production build and the reference also with
# 8 threads, the default of the bench until 2026-12-03, side by side.
for v in single none; do
	[ -f "build-bench-$v/build.ninja" ] || meson setup "build-bench-$v" -Dbench_audit=$v >/dev/null
	ninja -C "build-bench-$v" trappe >/dev/null || exit 1
done
start_server() { # BINARY [serve options]: starts it, sets srv_pid and base
	local bin=$1
	shift
	rm -f "$tmp/port"
	taskset -c "$srv_cpu" "$bin" --db "$tmp/b.db" serve --listen 127.0.0.1:0 --port-file "$tmp/port" \
		"$@" 2>/dev/null &
	srv_pid=$!
	pids+=($srv_pid)
	for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
	base="http://127.0.0.1:$(cat "$tmp/port")"
}
stop_server() { kill "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null; }
start_server build/trappe
threads=$(cat /proc/"$srv_pid"/task/*/comm | grep -c '^MHD-worker') # the server's default
# The login form first, for its CSRF cookie and token.
curl -s -D "$tmp/lf" -o "$tmp/lfb" "$base/login"
lc=$(sed -n 's/^Set-Cookie: __Host-trappe-login=\([^;]*\);.*/\1/p' "$tmp/lf" | tr -d '\r')
ltok=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/lfb" | head -1)
token=$(curl -s -D - -o /dev/null -H "Cookie: __Host-trappe-login=$lc" -X POST --data-urlencode "csrf=$ltok" \
	--data-urlencode login=rg-01 --data-urlencode password=bench-password-1 \
	--data-urlencode "code=$(oathtool --totp -b "$secret")" \
	"$base/login" | sed -n 's/^Set-Cookie: __Host-trappe=\([^;]*\);.*/\1/p' | tr -d '\r')
# The case page of a typical child: the one at the median number of records among rg-01's open
# cases (the first by id was a child with two records before the demo grew, one with 46 after).
recs=""
for ty in notification screening assessment conversation decision intervention plan goal followup; do
	recs="$recs+(SELECT count(*) FROM $ty WHERE child_id=k.id)"
done
read -r child child_recs < <(sqlite3 -separator ' ' "$tmp/b.db" "WITH kids AS (SELECT DISTINCT child_id AS id
	FROM child_case WHERE caseworker='rg-01' AND closed IS NULL), n AS (SELECT k.id, 0$recs AS recs FROM kids k)
	SELECT id, recs FROM n ORDER BY recs, id LIMIT 1 OFFSET (SELECT count(*) FROM n) / 2")
sleep 0.5

wrk1() { # wrk1 URL [header]: requests/s of one run; a run with any error answer is not a figure
	local out
	if [ $# -gt 1 ]; then
		out=$(taskset -c "$load_cpu" wrk -t1 -c50 -d"${secs}s" -H "$2" "$1")
	else
		out=$(taskset -c "$load_cpu" wrk -t1 -c50 -d"${secs}s" "$1")
	fi
	if echo "$out" | grep -q "Non-2xx"; then
		echo "bench: $1 answered errors under load; its figure would be wrong:" >&2
		echo "$out" >&2
		touch "$tmp/bad"
	fi
	echo "$out" | awk '/Requests\/sec/ {print $2}'
}
expect_ok() { # expect_ok URL BYTES [header]: one answer 200 of BYTES bytes (any size if empty)
	local got
	got=$(curl -s -o /dev/null -w "%{http_code} %{size_download}" ${3:+-H "$3"} "$1")
	if [ "${got%% *}" != 200 ] || { [ -n "${2:-}" ] && [ "${got#* }" != "$2" ]; }; then
		echo "bench: $1 answers '$got', not 200 ${2:+with ${2:-} bytes}: nothing measured" >&2
		exit 1
	fi
}
rate() { # rate URL [header]: requests/s of each run
	local out=""
	for i in $(seq "$runs"); do
		r=$(wrk1 "$@")
		out="$out ${r:-0}"
	done
	echo $out | tr ' ' '\n' | stats
}
expect_ok "http://127.0.0.1:18090/index.html" 4096
expect_ok "$base/healthz"
expect_ok "$base/barn/$child" "" "Cookie: __Host-trappe=$token"
health_stats=$(rate "$base/healthz")
stop_server
cold_h="" cold_p=""
for i in $(seq "$runs"); do
	read -r h p < <(first_answer "$tmp/b.db" "/barn/$child" "Cookie: __Host-trappe=$token")
	cold_h="$cold_h $h" cold_p="$cold_p $p"
done
cold_h_stats=$(echo $cold_h | tr ' ' '\n' | stats2)
cold_p_stats=$(echo $cold_p | tr ' ' '\n' | stats2)
muni_size=$(du -m "$tmp/b.db" | cut -f1)
echo "municipal: first answer after start, s min/median/max $cold_h_stats; first case page $cold_p_stats ($muni_size MB file)"

# nginx and the five servers take turns, one run each per round, so that the machine's drift over
# the minutes of the benchmark (other guests, the disk's sync latency) falls on all of them alike
# and the ratios between them compare like with like.
nginx_runs="" page_runs="" single_runs="" none_runs="" page8_runs="" none8_runs=""
one_run() { # BINARY [serve options]: one wrk run of the case page on a fresh server, into $r
	start_server "$@"
	sleep 0.3
	r=$(wrk1 "$base/barn/$child" "Cookie: __Host-trappe=$token")
	stop_server
}
for i in $(seq "$runs"); do
	r=$(wrk1 "http://127.0.0.1:18090/index.html")
	nginx_runs="$nginx_runs ${r:-0}"
	one_run build/trappe
	page_runs="$page_runs ${r:-0}"
	one_run build-bench-single/trappe
	single_runs="$single_runs ${r:-0}"
	one_run build-bench-none/trappe
	none_runs="$none_runs ${r:-0}"
	one_run build/trappe --threads 8
	page8_runs="$page8_runs ${r:-0}"
	one_run build-bench-none/trappe --threads 8
	none8_runs="$none8_runs ${r:-0}"
done
if [ -f "$tmp/bad" ]; then
	echo "bench: runs above answered errors; no figures written" >&2
	exit 1
fi
nginx_stats=$(echo $nginx_runs | tr ' ' '\n' | stats)
page_stats=$(echo $page_runs | tr ' ' '\n' | stats)
single_stats=$(echo $single_runs | tr ' ' '\n' | stats)
none_stats=$(echo $none_runs | tr ' ' '\n' | stats)
page8_stats=$(echo $page8_runs | tr ' ' '\n' | stats)
none8_stats=$(echo $none8_runs | tr ' ' '\n' | stats)

start_server build/trappe
echo "== latency at a fixed rate (hey: 80 req/s = 20 x the municipal peak of 4 req/s, ${secs}s)"
lat=""
for i in $(seq "$runs"); do
	p99=$(taskset -c "$load_cpu" hey -z "${secs}s" -c 4 -q 20 -H "Cookie: __Host-trappe=$token" \
		"$base/barn/$child" | awk '/99% in/ {print $3*1000}')
	lat="$lat ${p99:-0}"
done
lat_stats=$(echo $lat | tr ' ' '\n' | stats)
stop_server

n=$(median "$nginx_stats")
ratio() { awk "BEGIN {printf \"%.3f\", $(median "$1")/$n}"; }
vs() { awk "BEGIN {printf \"%.2f\", $(median "$1")/$(median "$2")}"; }
echo "nginx static 4 KB (N):                          req/s $nginx_stats"
echo "trappe /healthz (framework floor):               req/s $health_stats  ratio $(ratio "$health_stats") x N"
echo "case page, read audit group-committed:           req/s $page_stats  ratio $(ratio "$page_stats") x N (target >= 0.10)"
echo "case page, one audit commit per read (P-3):      req/s $single_stats  $(vs "$single_stats" "$none_stats") x no-audit"
echo "case page, no read audit (P-2, reference):       req/s $none_stats"
echo "group-committed / no audit (P-4):                $(vs "$page_stats" "$none_stats") (target >= 0.70; $threads worker threads)"
echo "with 8 worker threads: group-committed $page8_stats, no audit $none8_stats, P-4 $(vs "$page8_stats" "$none8_stats")"
echo "case page p99 latency: ms min/median/max $lat_stats (target <= 50)"

echo "== memory: 1,000 idle connections ($runs rounds)"
start_server build/trappe --max-connections 2000 --per-ip 2000
for _ in $(seq 20); do curl -s -o /dev/null "$base/healthz"; done
port=$(cat "$tmp/port")
grow=""
for i in $(seq "$runs"); do
	before=$(awk '/VmRSS/ {print $2}' "/proc/$srv_pid/status")
	read -r after open < <(
		ulimit -n 4096
		for _ in $(seq 1000); do exec {fd}<>"/dev/tcp/127.0.0.1/$port" || break; done
		sleep 2
		echo "$(awk '/VmRSS/ {print $2}' "/proc/$srv_pid/status") $(ls "/proc/$srv_pid/fd" | wc -l)"
	)
	echo "round $i: server holds $open file descriptors with the connections open"
	grow="$grow $(awk "BEGIN {printf \"%.1f\", ($after-$before)/1024}")"
	sleep 1
done
rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$srv_pid/status")
stop_server
grow_stats=$(echo $grow | tr ' ' '\n' | stats)
echo "server RSS at rest: $((rss_idle / 1024)) MiB; growth with 1,000 idle connections: MiB min/median/max $grow_stats (target <= 64)"

machine="$(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
row() { echo "$1" | sed 's/ / | /g'; }
cat >docs/PERFORMANCE.md <<DOC
# Performance

Measured by \`make bench\` (\`scripts/bench.sh\`) on $(date -u +%Y-%m-%d): $machine.
Server pinned to CPU $srv_cpu, load generator to CPU $load_cpu; ${runs} runs of ${secs} s each
(national generation: ${BENCH_NATIONAL_RUNS:-$runs} runs); min / median / max. nginx and the
five servers of the case page (three builds at the default worker threads, two of them also with
8) take turns, one run each per round. Figures from one shared machine are indicative; the ratios
are what counts.

## HTTP (QUALITY.md §3.5)

| what | min | median | max | ratio / target |
| --- | --- | --- | --- | --- |
| nginx, static 4 KB page, req/s (the yardstick N) | $(row "$nginx_stats") | 1.00 |
| trappe /healthz, req/s (libmicrohttpd floor, $threads worker threads: the default, one per CPU) | $(row "$health_stats") | $(ratio "$health_stats") x N |
| case page of a typical child ($child_recs records: the median of rg-01's open cases; session, policy, read audit group-committed, rendering), req/s | $(row "$page_stats") | $(ratio "$page_stats") x N; target >= 0.10 |
| same page, one audit commit per read (P-3 build), req/s | $(row "$single_stats") | $(vs "$single_stats" "$none_stats") x no audit |
| same page, no read audit (P-2 build, the P-4 reference), req/s | $(row "$none_stats") | $(ratio "$none_stats") x N |
| **P-4**: group-committed / no audit | | | | $(vs "$page_stats" "$none_stats"); target >= 0.70 |
| case page, read audit group-committed, 8 worker threads, req/s | $(row "$page8_stats") | $(ratio "$page8_stats") x N |
| same page, no read audit, 8 worker threads, req/s | $(row "$none8_stats") | P-4 with 8 threads: $(vs "$page8_stats" "$none8_stats") |
| case page p99 latency at 80 req/s (20 x municipal peak, hey), ms | $(row "$lat_stats") | target <= 50 |
| server RSS growth with 1,000 idle connections, MiB | $(row "$grow_stats") | target <= 64 (at rest: $((rss_idle / 1024)) MiB) |
| **P-10**: start to first answer, municipal data set ($muni_size MB), s | $(row "$cold_h_stats") | target <= 1 |
| start to first case page (a worker's first use of the file), municipal, s | $(row "$cold_p_stats") | target <= 1 |
| start to first answer, national data set (${nat_size:-?} MB), s | $(row "$cold_nat_stats") | target <= 1 (for 1 GB) |

## Data

| what | min | median | max | target |
| --- | --- | --- | --- | --- |
| municipal generation ($records records), s | $(row "$gen_stats") | |
| national generation (${nat_records:-?} records, ${nat_size:-?} MB file), s | $(row "$nat_gen_stats") | <= 180 |
| national generation, same seed twice: the same records (sha-256 of \`trappe export\`) | | $nat_same | | deterministic |
| JSONL import, validated and audited, records/s | $(row "$import_stats") | >= 100,000 |
| key-figure set, municipal, as read from the totals kept per write (18 figures, sum of per-figure medians), ms | $(row "$kpi_muni_total") | <= 20 |
| key-figure set, municipal, computed afresh by the engine (18 queries), ms | $(row "$kpi_muni_fresh") | |
| key-figure set, national, as read from the totals, ms | $(row "$kpi_nat_total") | <= 200 |
| key-figure set, national, computed afresh by the engine, ms | $(row "$kpi_nat_fresh") | |
| leaders' full figure set for last year by team, municipal (\`kpi --by team --json\`, the whole command, from the year's parts), ms | $(row "$lead_muni") | ratio to the shell $lead_muni_ratio |
| the same SQL (the parts of a split by team) in the sqlite3 shell, municipal, whole command, ms | $(row "$lead_muni_shell") | |
| leaders' full figure set by team, national, ms | $(row "$lead_nat") | <= 200; ratio to the shell $lead_nat_ratio |
| the same SQL in the sqlite3 shell, national, ms | $(row "$lead_nat_shell") | |
| the same set in the process (\`kpi --repeat 9\`, median: read the parts, fold, finish, audit the read) / the shell's timer on the parts' SQL, municipal, ms | | $lead_muni_in / $lead_muni_inshell | |
| the same, national, ms | | $lead_nat_in / $lead_nat_inshell | <= 200 |
| the first read after a bulk load (builds the year in one pass over every child), municipal / national, s | | $lead_muni_build / $lead_nat_build | once per year read |
| the same figures computed afresh (\`--fresh\`), municipal / national, s | | $lead_muni_fresh / $lead_nat_fresh | |
| the committee's status note as PDF, municipal, s | $(row "$pdf_muni") | <= 2 |
| the committee's status note as PDF, national, s | $(row "$pdf_nat") | <= 2 |
| the status note's first read after a bulk load (builds the year before), municipal / national, s | | $pdf_muni_build / $pdf_nat_build | |
| a write (a notification added by the CLI: process, checks, commit) with two years kept / none, municipal, ms | | $write_muni_kept / $write_muni_none | |
| the same, national, ms | | $write_nat_kept / $write_nat_none | |

### Each key figure against the sqlite3 shell on the same file

kept: as trappe reads it, from the totals per year that every write keeps current (store/kpi.c),
median of 5 runs in the process (\`trappe kpi --repeat 5\`); engine: computed afresh from the
figure's SQL in the process (\`trappe kpi --fresh --repeat 5\`); shell: the same SQL
(\`trappe kpi --sql\`) run 20 times under \`.timer on\`, mean. Ratio = trappe / shell (target
<= 1.0). Worst ratio as kept: municipal $kpi_muni_worst, national $kpi_nat_worst; computed
afresh: municipal $kpi_muni_worst_engine, national $kpi_nat_worst_engine. That the two agree is
tested (tests/unit/test_store.c, \`trappe kpi --check\`).

| figure | kept ms | engine ms | shell ms | kept / shell | engine / shell |
| --- | --- | --- | --- | --- | --- |
$kpi_muni_rows$kpi_nat_rows
## Calibration (\`trappe demo --check\`)

Municipal scale, seed 1:

\`\`\`
$check_muni
\`\`\`

National scale, seed 1:

\`\`\`
$check_nat
\`\`\`
DOC
cat docs/PERFORMANCE-notes.md >>docs/PERFORMANCE.md 2>/dev/null
echo "== written to docs/PERFORMANCE.md"
