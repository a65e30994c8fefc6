#!/bin/sh
# Runs once, on an empty data volume (the official image's /docker-entrypoint-initdb.d): one login
# role and one database per service, each password from the environment, none defaulted.
set -eu
for service in auth price account widget; do
  var="$(echo "$service" | tr a-z A-Z)_DB_PASSWORD"
  password="$(printenv "$var" || true)"
  if [ -z "$password" ]; then
    echo "init-databases: $var is not set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
# Terminal hosts' logins (docs/MT5.md) are members of "remote", which pg_hba-remote.conf lets in
# over TLS only.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -c 'CREATE ROLE remote NOLOGIN;'
