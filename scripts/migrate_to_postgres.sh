#!/usr/bin/env bash
# Moves the bot's data from SQLite to PostgreSQL: backup → copy → verify → prints the DATABASE_URL to set.
# Stop the bot (or its writes) first: rows written during the copy would not be in PostgreSQL.
#
#   scripts/migrate_to_postgres.sh [--from SQLITE_URL] [--to POSTGRES_URL] [--truncate] [--migrate-source]
#   scripts/migrate_to_postgres.sh --rollback [--from POSTGRES_URL] [--to SQLITE_URL]
#
# Defaults, from the environment or .env:
#   moving:      --from  SQLITE_URL, else DATABASE_URL when it is SQLite, else sqlite:./data/bot.sqlite
#                --to    POSTGRES_URL, else DATABASE_URL when it is PostgreSQL, else
#                        postgresql://$POSTGRES_USER:$POSTGRES_PASSWORD@$POSTGRES_HOST:${POSTGRES_PORT:-5432}/$POSTGRES_DB
#                        (POSTGRES_HOST: "postgres" inside a container, else localhost)
#   --rollback:  the other way round (PostgreSQL → SQLite), replacing the SQLite file's data; the file is
#                backed up first. See docs/operations.md, "Rollback".
# Every step is `npm run db -- …`; a failed step stops the script and leaves the source untouched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
redact() { sed -E 's#(//[^:/@]+:)[^@]*@#\1***@#'; }
step() { printf '\n== %s\n' "$*"; }

# A variable from the environment, else from ./.env (the environment wins, as in the application).
setting() {
  local name="$1"
  if [[ -n "${!name:-}" ]]; then printf '%s' "${!name}"; return; fi
  [[ -f .env ]] || return 0
  local line
  line="$(grep -E "^[[:space:]]*${name}[[:space:]]*=" .env | tail -n 1 || true)"
  [[ -n "$line" ]] || return 0
  line="${line#*=}"
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  line="${line%\"}"; line="${line#\"}"; line="${line%\'}"; line="${line#\'}"
  printf '%s' "$line"
}

is_sqlite() { [[ "$1" =~ ^sqlite(\+aiosqlite)?: ]]; }
is_postgres() { [[ "$1" =~ ^(postgres|postgresql|postgresql\+asyncpg):// ]]; }

ROLLBACK=0
FROM=""
TO=""
COPY_FLAGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rollback) ROLLBACK=1 ;;
    --from) FROM="${2:?--from needs a URL}"; shift ;;
    --to) TO="${2:?--to needs a URL}"; shift ;;
    --truncate|--migrate-source) COPY_FLAGS+=("$1") ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

DATABASE_URL_SETTING="$(setting DATABASE_URL)"

# The URL configured for one side: $1_URL (SQLITE_URL, POSTGRES_URL), else DATABASE_URL when $2 (is_sqlite,
# is_postgres) accepts it; empty when neither.
configured_url() {
  local url
  url="$(setting "$1_URL")"
  if [[ -z "$url" && -n "$DATABASE_URL_SETTING" ]] && "$2" "$DATABASE_URL_SETTING"; then url="$DATABASE_URL_SETTING"; fi
  printf '%s' "$url"
}

default_sqlite() {
  local url
  url="$(configured_url SQLITE is_sqlite)"
  printf '%s' "${url:-sqlite:./data/bot.sqlite}"
}

default_postgres() {
  local url
  url="$(configured_url POSTGRES is_postgres)"
  if [[ -n "$url" ]]; then printf '%s' "$url"; return; fi
  local user password db host port
  user="$(setting POSTGRES_USER)"; password="$(setting POSTGRES_PASSWORD)"; db="$(setting POSTGRES_DB)"
  host="$(setting POSTGRES_HOST)"; port="$(setting POSTGRES_PORT)"
  if [[ -z "$user" || -z "$db" ]]; then
    echo "error: no PostgreSQL target: give --to postgresql://USER:PASSWORD@HOST:5432/DB (or set POSTGRES_URL, or POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB)" >&2
    exit 2
  fi
  # Inside the compose network (docker compose run bot …) the server is the service "postgres".
  if [[ -z "$host" ]]; then if [[ -f /.dockerenv ]]; then host=postgres; else host=localhost; fi; fi
  printf 'postgresql://%s%s@%s:%s/%s' "$user" "${password:+:$password}" "$host" "${port:-5432}" "$db"
}

if [[ $ROLLBACK -eq 0 ]]; then
  FROM="${FROM:-$(default_sqlite)}"
  TO="${TO:-$(default_postgres)}"
  is_sqlite "$FROM" || { echo "error: --from must be a SQLite URL (sqlite:PATH)" >&2; exit 2; }
  is_postgres "$TO" || { echo "error: --to must be a PostgreSQL URL (postgresql://…)" >&2; exit 2; }
else
  FROM="${FROM:-$(default_postgres)}"
  TO="${TO:-$(default_sqlite)}"
  is_postgres "$FROM" || { echo "error: with --rollback, --from must be a PostgreSQL URL" >&2; exit 2; }
  is_sqlite "$TO" || { echo "error: with --rollback, --to must be a SQLite URL" >&2; exit 2; }
fi

node "$ROOT/scripts/build-if-needed.mjs"
db() { node "$ROOT/dist/server/cli/db.js" "$@"; }

echo "from: $(printf '%s' "$FROM" | redact)"
echo "to:   $(printf '%s' "$TO" | redact)"

if [[ $ROLLBACK -eq 0 ]]; then
  step "1/3 backup of the SQLite database"
  db backup --url "$FROM"
  step "2/3 copy (one transaction: an interrupted run leaves PostgreSQL as it was; just run this script again)"
  db copy --from "$FROM" --to "$TO" --no-verify "${COPY_FLAGS[@]+"${COPY_FLAGS[@]}"}"
else
  step "1/3 backup of the SQLite file about to be replaced"
  SQLITE_FILE="$(node -e 'import("'"$ROOT"'/dist/db/database-url.js").then((m) => console.log(m.parseDatabaseUrl(process.argv[1]).path))' "$TO")"
  if [[ -f "$SQLITE_FILE" ]]; then db backup --url "$TO"; else echo "(no file at $SQLITE_FILE yet: nothing to back up)"; fi
  step "2/3 copy PostgreSQL → SQLite (replacing the file's data, in one transaction)"
  db copy --from "$FROM" --to "$TO" --truncate --no-verify
fi

step "3/3 verify (row counts and checksums of every table)"
db verify --from "$FROM" --to "$TO"

step "done"
echo "Set this in .env (put your password where *** is shown) and restart the bot:"
echo
echo "  DATABASE_URL=$(printf '%s' "$TO" | redact)"
echo
if [[ $ROLLBACK -eq 0 ]]; then
  if [[ ! -f /.dockerenv ]]; then
    echo "With Docker Compose the bot reaches PostgreSQL at host 'postgres', not localhost: DATABASE_URL=postgresql://USER:PASSWORD@postgres:5432/DB"
  fi
  echo "To go back later: scripts/migrate_to_postgres.sh --rollback   (docs/operations.md, \"Rollback\")"
fi
