#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: `scripts/with_postgres.sh CMD...`.
#
# The cluster lives in a fresh directory under /tmp, listens on 127.0.0.1 only (and on a socket
# in that directory), and is stopped and removed however CMD ends. CMD sees
# FORUMREACH_TEST_DB_URL=postgresql+psycopg://forumreach:...@127.0.0.1:PORT/forumreach_test.
# PostgreSQL refuses to run as root, so when we are root the server runs as `postgres`.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 64
fi

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir=$(pg_config --bindir)
else
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with_postgres: PostgreSQL server binaries not found (run scripts/setup.sh)" >&2
  exit 69
fi

if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

workdir=$(mktemp -d /tmp/forumreach-pg.XXXXXX)
chmod 755 "$workdir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$workdir"
data="$workdir/data"
log="$workdir/server.log"

# A free TCP port on loopback, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

cleanup() {
  status=$?
  as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT INT TERM

pwfile="$workdir/pw"
printf '%s\n' "$password" >"$pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
as_pg "$bindir/initdb" -D "$data" -U forumreach --pwfile="$pwfile" -A scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$pwfile"

# fsync off by default: a throwaway test cluster needs no durability, and it makes commits
# cheap. The store benchmark sets WITH_POSTGRES_FSYNC=on to time commits as production has them.
fsync=${WITH_POSTGRES_FSYNC:-off}
if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
  -o "-k $workdir -p $port -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=50" \
  >/dev/null; then
  cat "$log" >&2
  exit 70
fi

PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U forumreach forumreach_test

export FORUMREACH_TEST_DB_URL="postgresql+psycopg://forumreach:$password@127.0.0.1:$port/forumreach_test"
echo "with_postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
