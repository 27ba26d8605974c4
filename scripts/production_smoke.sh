#!/usr/bin/env bash
# The production stack of docs/administrators.md, started on loopback and walked through:
# gunicorn with DEBUG=false on a throwaway PostgreSQL database (created, migrated, dropped),
# the RQ worker on Redis, static files collected into a temporary folder, the demo loaded;
# then the smoke walk (scripts/smoke_walk.py), a task through the RQ worker, and the load
# bench (bench/load.py) for a short while. Everything started here is stopped on exit.
#
#   bash scripts/production_smoke.sh                      # what CI runs (scripts/test.sh)
#   bash scripts/production_smoke.sh --voters 200 --seconds 60 --think 3
#   bash scripts/production_smoke.sh --bench-only ...     # no demo, no walk (bench/load.py)
#
# Needs PostgreSQL (scripts/ensure_postgres.sh) and Redis (REDIS_URL, or a redis-server to
# start); without them it fails in CI (CI=true) and skips elsewhere, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
voters=40 seconds=10 think=0.5 workers=4 bench_only=
while [ $# -gt 0 ]; do
  case "$1" in
    --voters) voters=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --think) think=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --bench-only) bench_only=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
step() { printf '  [%3ds] %s\n' "$SECONDS" "$*"; }
skip() {
  if [ -n "${CI:-}" ]; then echo "production smoke: $1 (required in CI)" >&2; exit 1; fi
  echo "SKIPPED: production smoke test — $1"; exit 0
}

pg_url="$(bash scripts/ensure_postgres.sh || true)"
[ -n "$pg_url" ] || skip "no PostgreSQL reachable"
redis_url="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/11}"
redis_ok() { "$BIN/python" -c 'import sys, redis; redis.Redis.from_url(sys.argv[1]).ping()' "$1" 2>/dev/null; }
free_port() { "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

tmp=$(mktemp -d /tmp/coproduce-smoke.XXXXXX)
db="coproduce_smoke_$(basename "$tmp" | tr -cd 'a-zA-Z0-9' | tr 'A-Z' 'a-z')"
pids=() db_created=
cleanup() {
  status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    for log in "$tmp"/*.log; do [ -f "$log" ] && { echo "--- last lines of $log"; tail -n 30 "$log"; }; done
  fi
  [ -n "$db_created" ] && "$BIN/python" scripts/smoke_stack.py drop-db "$pg_url" "$db" || true
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! redis_ok "$redis_url"; then
  command -v redis-server >/dev/null || skip "no Redis at $redis_url and no redis-server to start"
  port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no >"$tmp/redis.log" 2>&1 &
  pids+=($!)
  redis_url="redis://127.0.0.1:$port/0"
  for _ in $(seq 50); do redis_ok "$redis_url" && break; sleep 0.1; done
fi

# The production environment of docs/administrators.md, with throwaway secrets and places.
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SITE_URL=https://127.0.0.1
SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
SECRECY_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY SECRECY_KEY
DATABASE_URL=$("$BIN/python" scripts/smoke_stack.py create-db "$pg_url" "$db")
export DATABASE_URL db_created=1
export TASKS_BACKEND=rq REDIS_URL="$redis_url"
export STATIC_ROOT="$tmp/static" MEDIA_ROOT="$tmp/media" COPRODUCE_VAR_DIR="$tmp/var"
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend LOG_LEVEL=INFO
unset COPRODUCE_DEMO_TOTP_CODE

echo "production stack: gunicorn ($workers workers), PostgreSQL database $db, RQ on $redis_url"
step "migrate"; timeout 300 "$BIN/coproduce" migrate --noinput -v0
step "collectstatic"; timeout 120 "$BIN/coproduce" collectstatic --noinput -v0
step "check --deploy"; timeout 60 "$BIN/coproduce" check --deploy --fail-level WARNING
"$BIN/coproduce" rqworker --job-class django_tasks_rq.Job default >"$tmp/rqworker.log" 2>&1 &
pids+=($!)
port=$(free_port)
"$BIN/gunicorn" coproduce.wsgi --workers "$workers" --bind "127.0.0.1:$port" \
  >"$tmp/gunicorn.log" 2>&1 &
gunicorn=$!
pids+=("$gunicorn")
url="http://127.0.0.1:$port"
if [ -z "$bench_only" ]; then
  step "demo"; timeout 300 "$BIN/coproduce" demo >"$tmp/demo.log" 2>&1
fi
step "waiting for $url/readyz"
timeout 90 "$BIN/python" scripts/smoke_stack.py wait "$url"
for pid in "${pids[@]}"; do kill -0 "$pid" || { echo "a server process died" >&2; exit 1; }; done
if [ -z "$bench_only" ]; then
  step "smoke walk"; timeout 120 "$BIN/python" scripts/smoke_walk.py "$url"
  step "a task through the RQ worker"; timeout 60 "$BIN/python" scripts/smoke_stack.py task
fi
step "load bench"
timeout $((${seconds%.*} + 300)) "$BIN/python" bench/load.py --url "$url" \
  --server-log "$tmp/gunicorn.log" --server-pid "$gunicorn" \
  --voters "$voters" --seconds "$seconds" --think "$think" \
  --workers "$workers" --raw-seconds "$([ -n "$bench_only" ] && echo 10 || echo 3)"
step "production smoke passed"
