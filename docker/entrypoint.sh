#!/bin/sh
# The container's entrypoint. `serve` (the default command) applies the migrations (and checks the schema),
# retrying while the database starts, then serves on HOST:PORT: one process runs the server bundle (`npm start`,
# the fast start); WORKERS > 1, or extra arguments (they go to `manage serve`), serve with `manage serve`.
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

if [ "${WORKERS:-1}" = "1" ] && [ "$#" -eq 0 ]; then
  exec node --enable-source-maps dist/src/start.js --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}"
fi
exec node --enable-source-maps dist/src/manage.js serve --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" --workers "${WORKERS:-1}" "$@"
