#!/usr/bin/env bash
# Runs the whole test suite on SQLite, then again on PostgreSQL.
#
# PostgreSQL: uses TILLIT_TEST_POSTGRES when set; otherwise starts a
# throwaway cluster when the server binaries are installed (Debian's
# postgresql package) and removes it afterwards. Without either, the
# PostgreSQL pass is skipped with a message, or fails when
# TILLIT_REQUIRE_ALL=1.
set -euo pipefail
cd "$(dirname "$0")/.."

GO_TEST_FLAGS=${GO_TEST_FLAGS:-"-count=1 -timeout 15m"}
require_all=${TILLIT_REQUIRE_ALL:-0}

echo "== go vet"
go vet ./...

echo "== tests on SQLite"
# The SQLite pass must not fail the PostgreSQL-availability check; the
# second pass is where PostgreSQL is required.
TILLIT_TEST_SQLITE_PASS=1 TILLIT_TEST_POSTGRES= go test $GO_TEST_FLAGS ./...

pg_started=""
cleanup() {
	if [ -n "$pg_started" ]; then
		$PGRUN "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$PGTMP"
	fi
}
trap cleanup EXIT

if [ -z "${TILLIT_TEST_POSTGRES:-}" ]; then
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
		msg="PostgreSQL server not installed (apt-get install postgresql): skipping the PostgreSQL pass"
		if [ "$require_all" = "1" ]; then
			echo "FAIL: $msg, but TILLIT_REQUIRE_ALL=1" >&2
			exit 1
		fi
		echo "SKIP: $msg"
		exit 0
	fi
	PGTMP=$(mktemp -d)
	PGRUN=""
	if [ "$(id -u)" = "0" ]; then
		chown postgres:postgres "$PGTMP"
		PGRUN="runuser -u postgres --"
	fi
	PGPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 55432)
	$PGRUN "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
	$PGRUN "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
		-o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
	pg_started=1
	$PGRUN "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres tillit_test
	export TILLIT_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/tillit_test?sslmode=disable"
fi

echo "== tests on PostgreSQL"
go test $GO_TEST_FLAGS ./...
