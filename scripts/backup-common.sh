# Shared by backup.sh and restore.sh (sourced, not run).

# DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME from a mysql:// or mariadb:// URL (node parses it:
# percent-encoded passwords, IPv6 hosts).
parse_db_url() {
  local parts
  parts=$(node -e '
    const u = new URL(process.argv[1]);
    const out = [u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", u.port || "3306",
      decodeURIComponent(u.username), decodeURIComponent(u.password), decodeURIComponent(u.pathname.slice(1))];
    process.stdout.write(out.join("\n"));' "$1")
  DB_HOST=$(sed -n 1p <<< "$parts"); DB_PORT=$(sed -n 2p <<< "$parts"); DB_USER=$(sed -n 3p <<< "$parts")
  DB_PASSWORD=$(sed -n 4p <<< "$parts"); DB_NAME=$(sed -n 5p <<< "$parts")
  [ -n "$DB_NAME" ] || { echo "DATABASE_URL names no database" >&2; exit 1; }
}

# The client or dump tool under its MariaDB or MySQL name.
db_tool() {
  if [ "$1" = dump ]; then
    command -v mariadb-dump || command -v mysqldump || { echo "neither mariadb-dump nor mysqldump found" >&2; exit 1; }
  else
    command -v mariadb || command -v mysql || { echo "neither mariadb nor mysql client found" >&2; exit 1; }
  fi
}
