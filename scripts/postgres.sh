#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's postgresql package (installed by
# scripts/tools.sh): a cluster made by initdb in DIR, run by an unprivileged user (PostgreSQL
# refuses root, so as root it runs as `postgres`), on a free port of 127.0.0.1 with its socket
# in DIR. fsync is off: nothing in it must outlive the test run.
#
#   bash scripts/postgres.sh start DIR     starts it (again on the same port, if it ran before);
#                                           prints postgres://postgres@127.0.0.1:PORT/postgres
#   bash scripts/postgres.sh stop DIR      stops it (fast) if it runs
set -euo pipefail

command=${1:?start or stop}
dir=${2:?a directory for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed: run bash scripts/tools.sh test" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local port=$1
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
}

case "$command" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    if [ ! -d "$dir/data" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
    fi
    if [ ! -f "$dir/port" ]; then
      python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' > "$dir/port"
    fi
    port=$(cat "$dir/port")
    start "$port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "unknown command $command: start or stop" >&2
    exit 2
    ;;
esac
