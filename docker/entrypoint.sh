#!/bin/sh
# The container's entrypoint. `serve` (the default command) applies the migrations, retrying while the database
# starts, then serves on HOST:PORT with WORKERS processes (default 1); extra arguments go to `serve`.
# Any other command runs that manage command: `docker compose run --rm app createsuperuser`.
set -eu

if [ "${1:-serve}" != "serve" ]; then
  exec node --enable-source-maps dist/src/manage.js "$@"
fi
[ "$#" -gt 0 ] && shift

tries=0
until node --enable-source-maps dist/src/manage.js migrate; do
  tries=$((tries + 1))
  if [ "$tries" -ge "${MIGRATE_RETRIES:-30}" ]; then
    echo "entrypoint: migrations failed $tries times; giving up" >&2
    exit 1
  fi
  echo "entrypoint: migrations failed (is the database up?); retrying in 2 s" >&2
  sleep 2
done

exec node --enable-source-maps dist/src/manage.js serve --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" --workers "${WORKERS:-1}" "$@"
