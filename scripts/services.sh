#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are reachable for `make run` and `make test`.
# DATABASE_URL / REDIS_URL, when set, are used as they are. Otherwise anything
# already listening on localhost is used; failing that, a private PostgreSQL
# cluster and redis-server are started under .var/ from the system's binaries.
# `services.sh stop` stops those private servers.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR="$PWD/.var"
PGDATA="$VAR/postgres"
mkdir -p "$VAR"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

find_pg_bin() {
  local name=$1
  command -v "$name" 2>/dev/null && return
  ls -1 /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1
}

as_pg_owner() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  if [ -f "$PGDATA/postmaster.pid" ]; then as_pg_owner "$(find_pg_bin pg_ctl)" -D "$PGDATA" -m fast stop || true; fi
  if [ -f "$VAR/redis.pid" ]; then kill "$(cat "$VAR/redis.pid")" 2>/dev/null || true; fi
  exit 0
fi

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  if port_open 127.0.0.1 5432; then return; fi
  local initdb pg_ctl
  initdb=$(find_pg_bin initdb); pg_ctl=$(find_pg_bin pg_ctl)
  if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
    echo "error: PostgreSQL is not running on localhost:5432 and initdb was not found: install it with 'apt-get install postgresql'." >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "error: running as root needs a 'postgres' system user to own the private cluster: 'apt-get install postgresql' creates it." >&2
    exit 1
  fi
  mkdir -p "$PGDATA" "$VAR/pgsocket"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA" "$VAR/pgsocket"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in .var/postgres"
    as_pg_owner "$initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  echo "Starting the private PostgreSQL cluster on 127.0.0.1:5432"
  as_pg_owner "$pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-h 127.0.0.1 -p 5432 -k $VAR/pgsocket" start >/dev/null
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return; fi
  if port_open 127.0.0.1 6379; then return; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "error: Redis is not running on localhost:6379 and redis-server was not found: install it with 'apt-get install redis-server'." >&2
    exit 1
  fi
  echo "Starting a private redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$VAR" --logfile "$VAR/redis.log" --pidfile "$VAR/redis.pid"
  for _ in $(seq 50); do port_open 127.0.0.1 6379 && return; sleep 0.1; done
  echo "error: redis-server did not start; see .var/redis.log" >&2
  exit 1
}

ensure_postgres
ensure_redis
