#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: one cluster in a temporary folder, listening on
# 127.0.0.1 only, on a free port, trusting loopback connections, with the database `pressdx_test`.
#
#   scripts/pg_test_server.sh start    start it (or find it running) and print its URL on stdout
#   scripts/pg_test_server.sh url      print the URL of the running server
#   scripts/pg_test_server.sh status   exit 0 if it is running
#   scripts/pg_test_server.sh stop     stop it and delete its folder (no error if it is not running)
#
# Typical use:
#   export PRESSDX_TEST_DATABASE_URL=$(scripts/pg_test_server.sh start)
#   .venv/bin/python -m pytest -m postgres
#   scripts/pg_test_server.sh stop
#
# Settings (environment):
#   PRESSDX_PG_DIR     the cluster's folder (default: ${TMPDIR:-/tmp}/pressdx-pg-<uid>); deleted by `stop`
#   PRESSDX_PG_BINDIR  the PostgreSQL programs (default: the newest /usr/lib/postgresql/*/bin, 15 first)
#   PRESSDX_PG_PORT    the port (default: a free one)
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root); otherwise as you.
# Needs Debian's `postgresql` package (apt-get install postgresql). Data is not durable (fsync off).
set -euo pipefail

DB_NAME=pressdx_test
DB_USER=postgres
STATE_DIR=${PRESSDX_PG_DIR:-${TMPDIR:-/tmp}/pressdx-pg-$(id -u)}
DATA_DIR=$STATE_DIR/data
LOG_FILE=$STATE_DIR/server.log
URL_FILE=$STATE_DIR/url

say() { printf 'pg_test_server: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
    if [ -n "${PRESSDX_PG_BINDIR:-}" ]; then
        [ -x "$PRESSDX_PG_BINDIR/initdb" ] || die "no initdb in PRESSDX_PG_BINDIR=$PRESSDX_PG_BINDIR"
        echo "$PRESSDX_PG_BINDIR"
        return
    fi
    if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
        echo /usr/lib/postgresql/15/bin
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
        return
    fi
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    die "PostgreSQL server programs not found (no /usr/lib/postgresql/*/bin/initdb); install them: apt-get install postgresql"
}

# Runs a command as the user that owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as"
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

is_running() {
    [ -f "$DATA_DIR/postmaster.pid" ] && [ -f "$URL_FILE" ] \
        && as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

cmd_start() {
    if is_running; then
        cat "$URL_FILE"
        return
    fi
    if [ -n "$(ls -A "$STATE_DIR" 2>/dev/null)" ]; then
        say "removing a stale cluster folder $STATE_DIR"
        as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$STATE_DIR"
    fi
    mkdir -p "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$STATE_DIR"
    fi

    as_owner "$BINDIR/initdb" -D "$DATA_DIR" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 \
        >"$STATE_DIR/initdb.log" 2>&1 || { cat "$STATE_DIR/initdb.log" >&2; die "initdb failed"; }
    # Loopback only: no host line but 127.0.0.1 and ::1 (initdb's default also has local sockets).
    as_owner sh -c "cat > '$DATA_DIR/pg_hba.conf'" <<'EOF'
local   all  all                trust
host    all  all  127.0.0.1/32  trust
host    all  all  ::1/128       trust
EOF

    local port attempt
    for attempt in 1 2 3; do
        port=${PRESSDX_PG_PORT:-$(free_port)}
        # The socket goes into the cluster's folder: /var/run/postgresql may not exist or be writable.
        if as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$STATE_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
            start >/dev/null; then
            break
        fi
        if [ "$attempt" -eq 3 ] || [ -n "${PRESSDX_PG_PORT:-}" ]; then
            tail -n 30 "$LOG_FILE" >&2 || true
            die "the server did not start (log: $LOG_FILE)"
        fi
        say "start on port $port failed (attempt $attempt); trying another port"
    done

    "$BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME" \
        || die "createdb $DB_NAME failed (log: $LOG_FILE)"
    echo "postgresql+psycopg://$DB_USER@127.0.0.1:$port/$DB_NAME" >"$URL_FILE"
    say "PostgreSQL $("$BINDIR/postgres" -V | awk '{print $3}') on 127.0.0.1:$port, folder $STATE_DIR"
    cat "$URL_FILE"
}

cmd_stop() {
    if [ -d "$DATA_DIR" ] && BINDIR=$(find_bindir 2>/dev/null); then
        as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE_DIR"
}

case "${1:-}" in
    start) BINDIR=$(find_bindir); cmd_start ;;
    stop) cmd_stop ;;
    url) BINDIR=$(find_bindir); is_running || die "not running (folder $STATE_DIR)"; cat "$URL_FILE" ;;
    status) BINDIR=$(find_bindir); is_running ;;
    *) die "usage: $0 start|stop|url|status" ;;
esac
