#!/usr/bin/env bash
# neo4j-local.sh - run a real Neo4j 5.26 Community server (embedded, Bolt enabled) without Docker.
#
#   docker/neo4j-local/neo4j-local.sh start|stop|restart|status|build
#
# State (pid file, log, Neo4j home/data) lives in <repo>/.neo4j-local/ unless overridden.
# Environment (all optional):
#   NEO4J_PASSWORD        password of user neo4j            (default actorgraph-test, min. 8 chars)
#   NEO4J_BOLT_HOST       listen host                       (default 127.0.0.1)
#   NEO4J_BOLT_PORT       listen port                       (default 7687)
#   NEO4J_LOCAL_DIR       state dir: pid, log, logs/, conf/ (default <repo>/.neo4j-local)
#   NEO4J_DATA_DIR        Neo4j data directory              (default $NEO4J_LOCAL_DIR/data)
#   NEO4J_TX_TIMEOUT      db.transaction.timeout, e.g. 30s  (default 0s = no timeout)
#   NEO4J_TX_MEMORY_MAX   db.memory.transaction.max          (default 1g: one transaction's memory)
#   NEO4J_HEAP            max heap                          (default 768m)
#   NEO4J_HEAP_INIT       initial heap                      (default 256m)
#   NEO4J_PAGECACHE       page cache size                   (default 256m)
#   NEO4J_AUTH_MAX_FAILED_ATTEMPTS  dbms.security.auth_max_failed_attempts (default 0 = never
#                         lock the user after wrong passwords; Neo4j's own default is 3)
#   NEO4J_CONF_FILE       extra neo4j.conf-style settings file (optional, overrides the above)
#   NEO4J_JAVA_OPTS       extra JVM options                 (optional)
#   NEO4J_START_TIMEOUT   seconds to wait for Bolt on start (default 120)
#   NEO4J_STOP_TIMEOUT    seconds to wait for exit on stop  (default 60, then SIGKILL)
#   NEO4J_LOCAL_PYTHON    python with the `neo4j` driver used for the readiness check
#                         (default <repo>/.venv/bin/python; falls back to a TCP check)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

STATE_DIR="${NEO4J_LOCAL_DIR:-$REPO_ROOT/.neo4j-local}"
export NEO4J_HOME_DIR="$STATE_DIR"
export NEO4J_DATA_DIR="${NEO4J_DATA_DIR:-$STATE_DIR/data}"
export NEO4J_BOLT_HOST="${NEO4J_BOLT_HOST:-127.0.0.1}"
export NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-actorgraph-test}"
export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-256m}"
export NEO4J_TX_TIMEOUT="${NEO4J_TX_TIMEOUT:-0s}"

PID_FILE="$STATE_DIR/neo4j.pid"
LOG_FILE="$STATE_DIR/neo4j.log"
BUILD_LOG="$STATE_DIR/build.log"
JAR="$SCRIPT_DIR/target/neo4j-local-1.0.0.jar"
LIB_DIR="$SCRIPT_DIR/target/lib"
PYTHON="${NEO4J_LOCAL_PYTHON:-$REPO_ROOT/.venv/bin/python}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
URI="bolt://$NEO4J_BOLT_HOST:$NEO4J_BOLT_PORT"
MAIN_CLASS="actorgraph.LocalNeo4j"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

say()  { echo "neo4j-local: $*"; }
die()  { echo "neo4j-local: ERROR: $*" >&2; exit 1; }

log_tail() {
    if [[ -f "$LOG_FILE" ]]; then
        echo "----- last 40 lines of $LOG_FILE -----" >&2
        tail -n 40 "$LOG_FILE" >&2
        echo "----- (Neo4j's own logs: $STATE_DIR/logs/debug.log) -----" >&2
    fi
}

# Prints the pid if our server process is alive, otherwise nothing (and cleans a stale pid file).
running_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
        echo "$pid"
    else
        rm -f "$PID_FILE"
    fi
}

port_open() {
    (exec 3<>"/dev/tcp/$NEO4J_BOLT_HOST/$NEO4J_BOLT_PORT") 2>/dev/null
}

# 0 = Bolt answers and accepts NEO4J_PASSWORD, 1 = not (yet) answering, 2 = auth refused.
bolt_check() {
    port_open || return 1
    if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import neo4j' 2>/dev/null; then
        local rc=0
        "$PYTHON" - "$URI" <<'PY' >/dev/null 2>"$STATE_DIR/.bolt-check.err" || rc=$?
import os, sys
import neo4j
from neo4j.exceptions import AuthError
try:
    with neo4j.GraphDatabase.driver(sys.argv[1], auth=("neo4j", os.environ["NEO4J_PASSWORD"]),
                                    connection_timeout=5) as d:
        with d.session() as s:
            s.run("RETURN 1").consume()
except AuthError as e:
    print(e, file=sys.stderr); sys.exit(2)
except Exception as e:
    print(e, file=sys.stderr); sys.exit(1)
PY
        return $rc
    fi
    return 0   # no driver available: an open port is the best we can check
}

needs_build() {
    [[ -f "$JAR" && -d "$LIB_DIR" ]] || return 0
    [[ -n "$(find "$SCRIPT_DIR/pom.xml" "$SCRIPT_DIR/src" -newer "$JAR" -print -quit)" ]]
}

do_build() {
    command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ and Java 17+ are needed to build)"
    mkdir -p "$STATE_DIR"
    say "building (mvn -q -B package in $SCRIPT_DIR; first build downloads ~140 MB) ..."
    local t0=$SECONDS
    if ! (cd "$SCRIPT_DIR" && mvn -q -B -Dstyle.color=never package) >"$BUILD_LOG" 2>&1; then
        tail -n 40 "$BUILD_LOG" >&2
        die "build failed, see $BUILD_LOG"
    fi
    say "built in $((SECONDS - t0)) s"
}

wait_ready() {
    local pid="$1" deadline=$((SECONDS + START_TIMEOUT)) rc
    while (( SECONDS < deadline )); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            log_tail
            die "Neo4j process $pid exited during startup"
        fi
        if grep -q "LocalNeo4j: started" "$LOG_FILE" 2>/dev/null; then
            rc=0; bolt_check || rc=$?
            if (( rc == 0 )); then
                return 0
            elif (( rc == 2 )); then
                cat "$STATE_DIR/.bolt-check.err" >&2 || true
                log_tail
                die "Bolt answers on $URI but refuses the password from NEO4J_PASSWORD"
            fi
        fi
        sleep 0.5
    done
    log_tail
    say "stopping the process that did not become ready ..."
    do_stop >&2 || true
    die "Neo4j did not answer on $URI within ${START_TIMEOUT} s"
}

do_start() {
    mkdir -p "$STATE_DIR"
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        local rc=0; bolt_check || rc=$?
        if (( rc == 0 )); then
            say "already running (pid $pid)"
            say "ready on $URI"
            return 0
        fi
        say "process $pid is running but Bolt is not answering yet, waiting ..."
        wait_ready "$pid"
        say "ready on $URI"
        return 0
    fi
    if port_open; then
        die "something else is already listening on $NEO4J_BOLT_HOST:$NEO4J_BOLT_PORT (not our pid file); set NEO4J_BOLT_PORT or stop it"
    fi

    if needs_build; then do_build; fi

    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    local -a jvm_opts=(
        "-Xms${NEO4J_HEAP_INIT:-256m}" "-Xmx${NEO4J_HEAP:-768m}"
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    )
    # shellcheck disable=SC2206
    [[ -n "${NEO4J_JAVA_OPTS:-}" ]] && jvm_opts+=(${NEO4J_JAVA_OPTS})

    say "starting Neo4j on $URI (data: $NEO4J_DATA_DIR, log: $LOG_FILE) ..."
    local t0=$SECONDS
    # nohup: survive the terminal going away; the JVM handles SIGTERM via its shutdown hook.
    nohup "$JAVA" "${jvm_opts[@]}" -cp "$JAR:$LIB_DIR/*" "$MAIN_CLASS" >"$LOG_FILE" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
    wait_ready "$pid"
    say "started in $((SECONDS - t0)) s (pid $pid)"
    say "ready on $URI"
}

do_stop() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        say "not running"
        return 0
    fi
    say "stopping pid $pid ..."
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if (( SECONDS >= deadline )); then
            say "WARNING: still alive after ${STOP_TIMEOUT} s, sending SIGKILL (Neo4j will recover from its transaction log on next start)" >&2
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.2
    done
    rm -f "$PID_FILE"
    say "stopped"
}

do_status() {
    local pid rc=0
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        say "not running"
        return 3
    fi
    bolt_check || rc=$?
    case $rc in
        0) say "running (pid $pid), ready on $URI"; return 0 ;;
        2) say "running (pid $pid) on $URI, but NEO4J_PASSWORD is refused"; return 1 ;;
        *) say "running (pid $pid), Bolt on $URI not answering (yet)"; return 1 ;;
    esac
}

# Serialise start/stop/restart (e.g. several test workers calling `start` at once).
# fd 9 is closed for the JVM (see do_start) so the server never holds the lock itself.
take_lock() {
    mkdir -p "$STATE_DIR"
    if command -v flock >/dev/null; then
        exec 9>"$STATE_DIR/.lock"
        flock -w 300 9 || die "could not get $STATE_DIR/.lock within 300 s"
    fi
}

case "${1:-}" in
    start|stop|restart|build) take_lock ;;
esac

case "${1:-}" in
    start)   do_start ;;
    stop)    do_stop ;;
    restart) do_stop; do_start ;;
    status)  do_status ;;
    build)   do_build ;;
    *) echo "usage: $0 {start|stop|restart|status|build}" >&2; exit 2 ;;
esac
