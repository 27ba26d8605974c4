#!/usr/bin/env bash
# Print a DATABASE_URL for a reachable PostgreSQL, starting a throwaway cluster if needed.
# Prints nothing (exit 0) when none can be had; the caller decides whether that is fatal.
set -uo pipefail
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduce_suite}"
case "$url" in postgres*) ;; *) url="postgres://postgres@127.0.0.1:5432/coproduce_suite" ;; esac
if command -v pg_isready >/dev/null && python3 - "$url" <<'PY' >/dev/null 2>&1
import sys, urllib.parse, subprocess
u = urllib.parse.urlparse(sys.argv[1])
raise SystemExit(subprocess.call(["pg_isready", "-q", "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432)]))
PY
then
  echo "$url"; exit 0
fi
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 54329; then
  echo "postgres://postgres@127.0.0.1:54329/coproduce_suite"; exit 0
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || exit 0
dir=$(mktemp -d /tmp/coproduce-pg.XXXXXX)
runas=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir" 2>/dev/null && runas=(runuser -u postgres --) || exit 0; fi
"${runas[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust >/dev/null 2>&1 || exit 0
"${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "-p 54329 -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null 2>&1 || exit 0
echo "started a throwaway PostgreSQL cluster in $dir (port 54329)" >&2
echo "postgres://postgres@127.0.0.1:54329/coproduce_suite"
