#!/usr/bin/env bash
# Restores a backup written by scripts/backup.sh: the database, then the stored files, then checks
# every file against files.sha256. Refuses to overwrite a database that has tables or a data folder
# that holds content or documents, unless --force is given (then both are replaced).
# Stop the app processes first; start them afterwards (migrations newer than the backup run then).
#
#   DATABASE_URL=mysql://user:pw@host:3306/gezu DATA_DIR=/srv/gezu/data scripts/restore.sh /backup/2026-12-02
set -euo pipefail

source_dir=${1:?usage: scripts/restore.sh <backup-folder> [--force]}
force=${2:-}
DATA_DIR=${DATA_DIR:-./data}
DATABASE_URL=${DATABASE_URL:-sqlite:$DATA_DIR/gezu.sqlite}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/backup-common.sh
. "$here/backup-common.sh"

[ -f "$source_dir/backup.txt" ] || { echo "restore: $source_dir is not a gezu-lms backup (no backup.txt)" >&2; exit 2; }
refuse() {
  echo "restore: $1; add --force to replace it" >&2
  exit 3
}

case "$DATABASE_URL" in
  sqlite:*)
    [ -f "$source_dir/gezu.sqlite" ] || { echo "restore: the backup holds no SQLite database" >&2; exit 2; }
    db_file=${DATABASE_URL#sqlite:}
    if [ -e "$db_file" ] && [ "$force" != --force ]; then refuse "$db_file exists"; fi
    mkdir -p "$(dirname "$db_file")"
    rm -f "$db_file" "$db_file-wal" "$db_file-shm"
    cp "$source_dir/gezu.sqlite" "$db_file"
    ;;
  mysql:* | mariadb:*)
    [ -f "$source_dir/database.sql" ] || { echo "restore: the backup holds no MySQL/MariaDB dump" >&2; exit 2; }
    parse_db_url "$DATABASE_URL"
    client=$(db_tool client)
    db() { MYSQL_PWD="$DB_PASSWORD" "$client" -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "$@"; }
    tables=$(db -N -B -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${DB_NAME//\'/}'")
    if [ "$tables" != 0 ] && [ "$force" != --force ]; then refuse "database $DB_NAME has $tables tables"; fi
    db -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    # The dump drops and recreates each table it holds.
    db --default-character-set=utf8mb4 "$DB_NAME" < "$source_dir/database.sql"
    ;;
  *)
    echo "restore: DATABASE_URL must start with sqlite:, mysql:// or mariadb://" >&2
    exit 1
    ;;
esac

if [ -d "$source_dir/objects" ]; then
  [ -n "${STORAGE_URL:-}" ] || { echo "restore: the backup holds S3 objects; set STORAGE_URL" >&2; exit 2; }
  command -v aws > /dev/null || { echo "restore: the AWS CLI (aws) is not installed" >&2; exit 1; }
  (cd "$source_dir/objects" && sha256sum --quiet -c "$source_dir/files.sha256")
  aws s3 sync ${STORAGE_ENDPOINT:+--endpoint-url "$STORAGE_ENDPOINT"} --only-show-errors "$source_dir/objects" "$STORAGE_URL"
else
  for d in content documents; do
    if [ -d "$DATA_DIR/$d" ] && [ -n "$(ls -A "$DATA_DIR/$d")" ]; then
      [ "$force" = --force ] || refuse "$DATA_DIR/$d is not empty"
      rm -rf "${DATA_DIR:?}/$d"
    fi
  done
  mkdir -p "$DATA_DIR"
  tar -C "$DATA_DIR" -xf "$source_dir/files.tar"
  # Every file as it was backed up, or the restore fails loudly.
  (cd "$DATA_DIR" && sha256sum --quiet -c "$source_dir/files.sha256")
fi
echo "restore: database and $(wc -l < "$source_dir/files.sha256") files restored from $source_dir"
