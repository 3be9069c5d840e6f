#!/usr/bin/env bash
# A soak of the operations example: mixed traffic (plaintext, a form, a 100 KiB upload, a 64 KiB
# static file, a gzip-compressed 20 KiB page) at full speed, the server's heap after GC and RSS
# sampled as it goes; it fails on any error or on memory that grows.
#
#   bench/soak.sh                        600 s, 64 connections, a sample every 60 s (~11 min)
#   bench/soak.sh --seconds 60 --sample 10          the short run .ci/run makes
#   bench/soak.sh --connections 16
#   bench/soak.sh --rebuild              rebuild the jars even if they exist
#
# It builds morello-examples.jar and morello-bench.jar when missing, starts the example
# (java -jar morello-examples.jar operations) on a free port of 127.0.0.1 with fixed JVM flags
# (-Xms256m -Xmx256m -XX:+UseParallelGC -XX:+AlwaysPreTouch, access lines off), warms it up for
# 10 s with the same traffic, then runs the bench jar's soak driver (see Soak.java: what each
# request checks, and when memory counts as flat) and stops the server by its PID. The driver's
# table and verdict are printed; everything goes to bench/results/<date>-soak/ (soak.txt,
# warmup.txt, server.log). The exit status is the driver's: 0 when the soak passed.
# Every step is bounded in time.
set -uo pipefail

RUN_SECONDS=600
CONNECTIONS=64
SAMPLE=60
WARMUP=10
REBUILD=0

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

number() {
    [[ $2 =~ ^[0-9]+$ ]] || { echo "$1 needs a number" >&2; exit 2; }
}

while (($#)); do
    case "$1" in
        --seconds) number "$1" "${2:-}"; RUN_SECONDS=$2; shift ;;
        --connections) number "$1" "${2:-}"; CONNECTIONS=$2; shift ;;
        --sample) number "$1" "${2:-}"; SAMPLE=$2; shift ;;
        --rebuild) REBUILD=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
((SAMPLE >= 1 && RUN_SECONDS >= 2 * SAMPLE)) || { echo "--seconds must be at least two samples (2 x --sample)" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-soak
mkdir -p "$RUN_DIR"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/soak.txt"; }

source "$ROOT/bench/operations-site.sh"
trap stop_operations EXIT
trap 'say "interrupted"; exit 130' INT TERM

build_jars
start_operations
say "soak: the operations example, pid $SERVER_PID, on $HOST:$PORT ($("$JAVA" -version 2>&1 | head -1), ${SERVER_JVM_FLAGS[*]});" \
    "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); results in ${RUN_DIR#"$ROOT"/}"

# The warm-up: the same traffic, its own short table kept out of the way.
timeout --kill-after=10 $((WARMUP + 120)) "$JAVA" -jar "$BENCH_JAR" soak "$HOST" "$PORT" "$WARMUP" "$CONNECTIONS" \
    "$SERVER_PID" $((WARMUP / 2)) > "$RUN_DIR/warmup.txt" 2>&1
say "warm-up: ${WARMUP}s, $(grep '^verdict' "$RUN_DIR/warmup.txt" || echo 'no verdict (see warmup.txt)')"

# Bounded: the run, plus the samples' measuring (a jcmd each), plus the clients' last timeouts.
timeout --kill-after=10 $((RUN_SECONDS + 120 + 10 * (RUN_SECONDS / SAMPLE + 1))) \
    "$JAVA" -jar "$BENCH_JAR" soak "$HOST" "$PORT" "$RUN_SECONDS" "$CONNECTIONS" "$SERVER_PID" "$SAMPLE" 2>&1 |
    tee -a "$RUN_DIR/soak.txt"
status=${PIPESTATUS[0]}
((status == 124 || status == 137)) && say "soak: the driver did not finish in time"

server_errors
stop_operations
say "soak: exit status $status"
exit "$status"
