#!/usr/bin/env bash
# A slowloris storm against the operations example: a normal client's latency alone, then while
# 1,000 connections send request heads a byte every 1-2 s; and how the server ends them.
#
#   bench/slowloris.sh                   1,000 slow connections for 30 s
#   bench/slowloris.sh --connections 2000 --seconds 60
#   bench/slowloris.sh --rebuild         rebuild the jars even if they exist
#
# It builds the jars when missing, starts the example (java -jar morello-examples.jar operations)
# on a free port of 127.0.0.1 with the soak's JVM flags, warms it up (wrk on /plaintext for 5 s,
# when wrk is installed), and runs the bench jar's slowloris driver (see Slowloris.java): the
# normal client's p50/p99 quiet and under the storm (target: p99 within 2x), and every slow
# connection ended by the server's head deadline (target: none open past it + 2 s).
#
# The deadline: the whole request head must arrive within the server's header timeout, 10 s,
# counted from its first byte. The framework does not make it configurable (server.socket_timeout
# sets the idle and body-read timeouts, not this one), so the example runs with its defaults and
# the driver is told 10 s.
#
# The file-descriptor limit is raised to the hard limit for the server and the driver (each holds
# one per slow connection). Output goes to bench/results/<date>-slowloris/; the exit status is
# the driver's: 0 when both targets were met. Every step is bounded in time.
set -uo pipefail

CONNECTIONS=1000
STORM_SECONDS=30
DEADLINE=10
REBUILD=0

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

number() {
    [[ $2 =~ ^[0-9]+$ ]] || { echo "$1 needs a number" >&2; exit 2; }
}

while (($#)); do
    case "$1" in
        --connections) number "$1" "${2:-}"; CONNECTIONS=$2; shift ;;
        --seconds) number "$1" "${2:-}"; STORM_SECONDS=$2; shift ;;
        --rebuild) REBUILD=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-slowloris
mkdir -p "$RUN_DIR"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/slowloris.txt"; }

source "$ROOT/bench/operations-site.sh"
trap stop_operations EXIT
trap 'say "interrupted"; exit 130' INT TERM

ulimit -n "$(ulimit -Hn)" 2>/dev/null
((CONNECTIONS * 2 + 200 <= $(ulimit -n))) ||
    say "warning: $(ulimit -n) file descriptors for $CONNECTIONS slow connections: some may be refused"

build_jars
start_operations
say "slowloris: the operations example, pid $SERVER_PID, on $HOST:$PORT ($("$JAVA" -version 2>&1 | head -1), ${SERVER_JVM_FLAGS[*]});" \
    "$(nproc) cores; fd limit $(ulimit -n); results in ${RUN_DIR#"$ROOT"/}"

if command -v wrk > /dev/null 2>&1; then
    timeout --kill-after=5 30 wrk -t1 -c16 -d5s "http://$HOST:$PORT/plaintext" > "$RUN_DIR/warmup.txt" 2>&1
    say "warm-up: wrk -t1 -c16 -d5s /plaintext: $(awk '/Requests\/sec/ { print $2 " req/s" }' "$RUN_DIR/warmup.txt")"
fi

# Bounded: the quiet phase (10 s), the storm, the slow connections' last reads and joins.
timeout --kill-after=10 $((STORM_SECONDS + 90)) \
    "$JAVA" -jar "$BENCH_JAR" slowloris "$HOST" "$PORT" "$CONNECTIONS" "$STORM_SECONDS" "$DEADLINE" 2>&1 |
    tee -a "$RUN_DIR/slowloris.txt"
status=${PIPESTATUS[0]}
((status == 124 || status == 137)) && say "slowloris: the driver did not finish in time"

say "server log: $(grep -c 'Refused 408' "$RUN_DIR/server.log") lines of refused 408s (the log holds back repeats)"
stop_operations
say "slowloris: exit status $status"
exit "$status"
