# Sourced by scripts that need a throwaway PostgreSQL cluster (Debian's postgresql package):
#   start_pg_cluster DBNAME   starts one on a free port with role liaison/liaison owning DBNAME (pg_trgm created),
#                             exports PG_URL (for LIAISON_*_DATABASE_URL) and PG_PSQL (a superuser psql command),
#                             and removes the cluster when the calling script exits.
start_pg_cluster() {
  local name=$1 initdb bin port
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$initdb" ]; then
    echo "$(basename "$0"): no PostgreSQL server binaries (apt-get install postgresql)" >&2
    exit 3
  fi
  bin=$(dirname "$initdb")
  PG_ROOT=$(mktemp -d /tmp/liaison-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_ROOT"; fi
  PG_BIN=$bin
  as_pg "$bin/initdb" -D "$PG_ROOT/data" -U postgres -E UTF8 --auth-local=trust --auth-host=trust >"$PG_ROOT/initdb.log"
  as_pg "$bin/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w \
    -o "-p $port -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=600" start >/dev/null
  trap stop_pg_cluster EXIT
  PG_PSQL="psql -h $PG_ROOT -p $port -U postgres -q"
  $PG_PSQL -c "CREATE ROLE liaison LOGIN PASSWORD 'liaison'" -c "CREATE DATABASE $name OWNER liaison"
  # Extensions are per database; created once here so parallel users never race to create it.
  $PG_PSQL -d "$name" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"
  PG_PSQL="$PG_PSQL -d $name"
  export PG_URL="postgres://liaison:liaison@127.0.0.1:$port/$name?tlsmode=disable" PG_PSQL
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_pg_cluster() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT"
}
