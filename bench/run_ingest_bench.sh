#!/usr/bin/env bash
# run_ingest_bench.sh — ingest on SQLite and on PostgreSQL (one server) in the same run, same machine.
#
# Usage: bench/run_ingest_bench.sh [clients, default 8] [comments per client, default 1000]
# Needs build/native/bench/yishi_bench_ingest and Debian's postgresql-15. Starts a throwaway cluster
# (initdb/pg_ctl in a temporary directory, Unix socket only, as the postgres user when run as root;
# fsync stays on, synchronous_commit on: acknowledged means durable on both engines), runs the benchmark
# on a SQLite file and on an empty PostgreSQL database, and prints both with the ratio PostgreSQL/SQLite.
# Several servers on one PostgreSQL (issue 23 step 4) are not built yet, so there is no 3-node line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${YISHI_BENCH_INGEST:-$here/build/native/bench/yishi_bench_ingest}
pgbin=${YISHI_PG_BIN:-/usr/lib/postgresql/15/bin}
clients=${1:-8}
per=${2:-1000}

tmp=$(mktemp -d /tmp/yishi-ingest-XXXXXX)
chmod 755 "$tmp"
mkdir "$tmp/sock"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$tmp" "$tmp/sock"
  as_pg=(runuser -u postgres --)
fi
stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -w -l "$tmp/log" -o "-c listen_addresses='' -k $tmp/sock" start >/dev/null
"$pgbin/createdb" -h "$tmp/sock" -U postgres yishi_bench
url="postgresql:///yishi_bench?host=$tmp/sock&user=postgres"

cd "$tmp"
echo "== SQLite"
"$bench" "$clients" "$per" "sqlite:$tmp/bench_ingest.db" | tee "$tmp/sqlite.out"
echo "== PostgreSQL 15, one server"
"$bench" "$clients" "$per" "$url" | tee "$tmp/pg.out"
s=$(sed -n 's/^accepted \([0-9]*\) submissions.*/\1/p' "$tmp/sqlite.out")
p=$(sed -n 's/^accepted \([0-9]*\) submissions.*/\1/p' "$tmp/pg.out")
echo "ratio PostgreSQL/SQLite accepted/s = $(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.2f", p / s }')"
