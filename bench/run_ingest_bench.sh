#!/usr/bin/env bash
# run_ingest_bench.sh — ingest on SQLite, on PostgreSQL with one server and with three, in the same run.
#
# Usage: bench/run_ingest_bench.sh [clients, default 8] [comments per client, default 1000]
# Needs build/native/bench/yishi_bench_ingest and Debian's postgresql-15. Starts a throwaway cluster
# (initdb/pg_ctl in a temporary directory, Unix socket only, as the postgres user when run as root;
# fsync stays on, synchronous_commit on: acknowledged means durable on both engines), runs the benchmark
# on a SQLite file, on an empty PostgreSQL database with one server, and on another with three servers
# sharing it (the clients spread over them; one integrates the log), and prints each with its ratio to
# raw single-core verify/s (measured in each run) and the ratios PostgreSQL/SQLite.
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
"$pgbin/createdb" -h "$tmp/sock" -U postgres yishi_bench3
url="postgresql:///yishi_bench?host=$tmp/sock&user=postgres"
url3="postgresql:///yishi_bench3?host=$tmp/sock&user=postgres"

cd "$tmp"
echo "== SQLite"
"$bench" "$clients" "$per" "sqlite:$tmp/bench_ingest.db" | tee "$tmp/sqlite.out"
echo "== PostgreSQL 15, one server"
"$bench" "$clients" "$per" "$url" 1 | tee "$tmp/pg.out"
echo "== PostgreSQL 15, three servers on one database"
"$bench" "$clients" "$per" "$url3" 3 | tee "$tmp/pg3.out"
rate() { sed -n 's/^accepted \([0-9]*\) submissions.*/\1/p' "$1"; }
s=$(rate "$tmp/sqlite.out"); p=$(rate "$tmp/pg.out"); p3=$(rate "$tmp/pg3.out")
echo "== summary (accepted/s; ratio to raw one-core verify/s of the same run)"
for f in sqlite pg pg3; do
  printf '%-26s %6s/s  %s\n' "$(case $f in sqlite) echo SQLite;; pg) echo 'PostgreSQL, 1 server';; pg3) echo 'PostgreSQL, 3 servers';; esac)" \
    "$(rate "$tmp/$f.out")" "$(grep '^ratio accepted' "$tmp/$f.out")"
done
echo "ratio PostgreSQL/SQLite accepted/s = $(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.2f", p / s }') (1 server)," \
     "$(awk -v p="$p3" -v s="$s" 'BEGIN { printf "%.2f", p / s }') (3 servers)"
