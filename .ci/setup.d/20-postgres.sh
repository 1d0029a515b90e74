# PostgreSQL for the store tests (tests/store): Debian's postgresql, a throw-away cluster
# listening on loopback only, a role and a database; exports LEADQUAL_TEST_POSTGRES_URL.
# Sourced by .ci/run as root on a fresh Debian machine.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pg_dir="$(mktemp -d /tmp/leadqual-pg.XXXXXX)"
chown postgres:postgres "$pg_dir"
pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
su postgres -s /bin/sh -c "'$pg_bin/initdb' -D '$pg_dir/data' -A trust -U postgres" >/dev/null
su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/log' -w \
  -o \"-p $pg_port -k '$pg_dir' -c listen_addresses=127.0.0.1 -c max_connections=200\" start" >/dev/null
"$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
  -c "CREATE ROLE leadqual LOGIN PASSWORD 'leadqual'" \
  -c "CREATE DATABASE leadqual_test OWNER leadqual"
export LEADQUAL_TEST_POSTGRES_URL="postgresql://leadqual:leadqual@127.0.0.1:$pg_port/leadqual_test"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
