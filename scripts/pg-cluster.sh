#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks (never for production data).
#
#   dir=$(mktemp -d)
#   export TEST_DATABASE_URL=$(scripts/pg-cluster.sh start "$dir")   # prints the URL, nothing else, on stdout
#   npm test                                                         # the PostgreSQL tests read TEST_DATABASE_URL
#   scripts/pg-cluster.sh stop "$dir"                                # stops the server and deletes the folder
#
# Without DIR, `start` makes a temporary folder itself and says on stderr which one to pass to `stop`.
# `start` runs initdb in that folder, then pg_ctl start on a free port, listening on 127.0.0.1 only,
# with fsync off (tests do not need durability across a power cut, and it makes them fast). initdb and postgres refuse
# to run as root, so as root they run as the `postgres` user (runuser), in a folder that user owns.
# Binaries: $PG_BIN if set, else the newest /usr/lib/postgresql/*/bin (Debian's `postgresql` package), else PATH.
# Exit 2 with a message when no binaries are found (install Debian's postgresql: apt-get install -y postgresql).
set -euo pipefail

die() { echo "pg-cluster: $*" >&2; exit "${2:-1}"; }

find_bin() {
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" ]]; then echo "$PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$newest" && -x "$newest/initdb" && -x "$newest/pg_ctl" ]]; then echo "$newest"; return; fi
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [[ -n "$initdb" && -x "$(dirname "$initdb")/pg_ctl" ]]; then dirname "$initdb"; return; fi
  return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin dir="${1:-}" port password
  bin=$(find_bin) || die "no PostgreSQL binaries (initdb, pg_ctl). Install Debian's postgresql (apt-get install -y postgresql) or set PG_BIN." 2
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root and there is no 'postgres' user to run the server as (initdb refuses root)" 2
  fi
  if [[ -z "$dir" ]]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/aesc-pg.XXXXXX")
    echo "pg-cluster: started in $dir; stop it with: $0 stop $dir" >&2
  fi
  mkdir -p "$dir"
  [[ -e "$dir/data" ]] && die "$dir/data exists already: pass an empty folder"
  chmod 700 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  # A random password, so the tests exercise password authentication (and prove it never reaches a log).
  password=$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")
  printf '%s\n' "$password" >"$dir/pwfile"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U aesc --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
  local tries=0
  while :; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB" \
      >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    tries=$((tries + 1))
    # Another process may have taken the port between the check and the start: try another one.
    [[ $tries -lt 3 ]] || { cat "$dir/server.log" >&2 2>/dev/null || true; die "pg_ctl start failed"; }
  done
  echo "$bin" >"$dir/bin"
  local url="postgres://aesc:${password}@127.0.0.1:${port}/postgres"
  echo "$url" >"$dir/url"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/url" "$dir/bin" && chmod 644 "$dir/url"
  echo "$url"
}

stop() {
  local dir="${1:-}"
  [[ -n "$dir" && -d "$dir/data" ]] || die "usage: $0 stop DIR (the folder given to, or named by, start)"
  local bin
  bin=$(cat "$dir/bin" 2>/dev/null || find_bin) || die "no pg_ctl found"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir/data" "$dir/url" "$dir/bin" "$dir"/*.log "$dir"/.s.PGSQL.* 2>/dev/null || true
  rmdir "$dir" 2>/dev/null || true
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start [DIR] | stop DIR" ;;
esac
