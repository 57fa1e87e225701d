#!/usr/bin/env bash
# run.sh BINARY DB LISTEN - create the database with synthetic demo records if it is new, then serve.
set -eu
bin=$1 db=$2 listen=$3
top=$(cd "$(dirname "$0")/.." && pwd)
export TRAPPE_CONFIG=${TRAPPE_CONFIG:-$top/config}
if [ ! -e "$db" ]; then
	"$bin" --db "$db" init
	# Synthetic records only (no real person): a small demo until the data generator lands.
	"$bin" --db "$db" import "$top/tests/data/case-history.jsonl"
	echo "demo data: synthetic records imported into $db (try: $bin --db $db child list)"
fi
echo "trappe: serving $db on http://$listen/ (Ctrl-C stops)"
exec "$bin" --db "$db" serve --listen "$listen"
