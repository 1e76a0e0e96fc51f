#!/usr/bin/env bash
# Backs up gezu-lms into an empty folder: the database first (one consistent snapshot), then the stored
# files (package content and authorisation documents). Files are only ever added (versions are
# immutable, a document is written before its row), so every file a row of the dump names is in the
# copy taken afterwards; files newer than the dump are unreferenced and removed at the next start.
#
#   DATABASE_URL=mysql://user:pw@host:3306/gezu DATA_DIR=/srv/gezu/data scripts/backup.sh /backup/2026-12-02
#
# Reads the same settings as the server (defaults: DATA_DIR=./data, SQLite in DATA_DIR/gezu.sqlite).
# With STORAGE_URL=s3://bucket/prefix the objects are copied with the AWS CLI (`aws s3 sync`, which
# honours STORAGE_ENDPOINT); otherwise DATA_DIR/content and DATA_DIR/documents go into files.tar.
# Writes: database.sql (MySQL/MariaDB) or gezu.sqlite, files.tar or objects/, files.sha256, backup.txt.
set -euo pipefail

target=${1:?usage: scripts/backup.sh <empty-backup-folder>}
DATA_DIR=${DATA_DIR:-./data}
DATABASE_URL=${DATABASE_URL:-sqlite:$DATA_DIR/gezu.sqlite}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/backup-common.sh
. "$here/backup-common.sh"

mkdir -p "$target"
if [ -n "$(ls -A "$target")" ]; then
  echo "backup: $target is not empty; give an empty or new folder" >&2
  exit 2
fi

case "$DATABASE_URL" in
  sqlite:*)
    db_file=${DATABASE_URL#sqlite:}
    [ -f "$db_file" ] || { echo "backup: no SQLite database at $db_file" >&2; exit 1; }
    # The online backup API: a consistent copy while the server keeps writing.
    sqlite3 "$db_file" ".backup '$target/gezu.sqlite'"
    ;;
  mysql:* | mariadb:*)
    parse_db_url "$DATABASE_URL"
    # --single-transaction: one consistent InnoDB snapshot without locking the tables.
    MYSQL_PWD="$DB_PASSWORD" "$(db_tool dump)" --single-transaction --quick --routines --triggers --hex-blob \
      --default-character-set=utf8mb4 -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "$DB_NAME" > "$target/database.sql"
    ;;
  *)
    echo "backup: DATABASE_URL must start with sqlite:, mysql:// or mariadb://" >&2
    exit 1
    ;;
esac

if [ -n "${STORAGE_URL:-}" ]; then
  command -v aws > /dev/null || { echo "backup: STORAGE_URL is set, but the AWS CLI (aws) is not installed" >&2; exit 1; }
  aws s3 sync ${STORAGE_ENDPOINT:+--endpoint-url "$STORAGE_ENDPOINT"} --only-show-errors "$STORAGE_URL" "$target/objects"
  (cd "$target/objects" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$target/files.sha256"
else
  parts=()
  for d in content documents; do [ -d "$DATA_DIR/$d" ] && parts+=("$d"); done
  if [ ${#parts[@]} -gt 0 ]; then
    tar -C "$DATA_DIR" -cf "$target/files.tar" "${parts[@]}"
    (cd "$DATA_DIR" && find "${parts[@]}" -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$target/files.sha256"
  else
    tar -cf "$target/files.tar" --files-from /dev/null
    : > "$target/files.sha256"
  fi
fi

{
  echo "gezu-lms backup"
  echo "taken: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: ${DATABASE_URL%%:*}"
  echo "files: $(wc -l < "$target/files.sha256")"
  [ -n "${STORAGE_URL:-}" ] && echo "storage: $STORAGE_URL" || echo "storage: data folder"
} > "$target/backup.txt"
echo "backup: written to $target ($(wc -l < "$target/files.sha256") files)"
