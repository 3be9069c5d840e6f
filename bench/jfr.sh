#!/usr/bin/env bash
# Where a server's Java threads spend their time, by JDK Flight Recorder: samples the running
# Java code (every 1 ms per thread) while wrk drives /plaintext at 16 connections, and sorts the
# samples by their top frame into a few groups. JFR sees Java code only: time in the kernel and in
# native calls (epoll, read, write) is not in these shares; bench/profile.sh (perf) sees both.
#
#   bench/jfr.sh morello                 # any server the bench jar knows
#   bench/jfr.sh morello-fw 20           # seconds to record (default 10)
#
# Prints the share of samples per group, the requests/s and the server's CPU per request; the
# recording (.jfr, open it in JDK Mission Control) goes to bench/results/jfr-<server>-<date>/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER=${1:?usage: bench/jfr.sh SERVER [SECONDS]}
SECONDS_TO_RECORD=${2:-10}
WARMUP=5
JAR=$ROOT/morello-bench/target/morello-bench.jar
source "$ROOT/bench/java.sh"
JAVA=$(find_java)
[[ -x ${JAVA:-} ]] || { echo "no JDK 21 or newer found" >&2; exit 1; }
JFR_TOOL=$(dirname "$JAVA")/jfr
[[ -x $JFR_TOOL ]] || { echo "no jfr tool beside $JAVA" >&2; exit 1; }
[[ -f $JAR ]] || { echo "no bench jar: run bench/run.sh --quick once, or mvn -pl morello-bench -am package" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

OUT=$ROOT/bench/results/jfr-$SERVER-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
PORT=$(( (RANDOM % 2000) + 23000 ))
# the recording starts after the warm-up and lasts the measured window
"$JAVA" -Xms512m -Xmx512m -XX:+UseParallelGC \
    "-XX:StartFlightRecording:delay=${WARMUP}s,duration=${SECONDS_TO_RECORD}s,filename=$OUT/$SERVER.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
    -jar "$JAR" "$SERVER" "$PORT" > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
started=$(date +%s%N)
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/plaintext" && break
    sleep 0.1
done
# warm up until the recording starts, then measure while it runs
elapsed=$(( ($(date +%s%N) - started) / 1000000000 ))
wrk -t1 -c16 -d$((WARMUP > elapsed ? WARMUP - elapsed : 1))s "http://127.0.0.1:$PORT/plaintext" > /dev/null
cpu0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
wrk -t1 -c16 -d"${SECONDS_TO_RECORD}s" "http://127.0.0.1:$PORT/plaintext" > "$OUT/wrk.txt"
cpu1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
for _ in $(seq 100); do
    [[ -s $OUT/$SERVER.jfr ]] && break
    sleep 0.1
done
sleep 1
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
requests=$(awk '/ requests in / { print $1; exit }' "$OUT/wrk.txt")
rps=$(awk '/^Requests\/sec:/ { print $2; exit }' "$OUT/wrk.txt")

"$JFR_TOOL" print --events jdk.ExecutionSample "$OUT/$SERVER.jfr" > "$OUT/samples.txt"
# The top frame of each sample of the server's threads (JFR's own threads left out).
awk '
    /sampledThread = "JFR / { skip = 1 }
    /stackTrace = \[/ { want = 1; next }
    want { want = 0; if (!skip) { sub(/^ +/, ""); sub(/\(.*/, ""); print }; skip = 0 }
' "$OUT/samples.txt" > "$OUT/top-frames.txt"
echo "$SERVER: $rps requests/s at 16 connections; $(awk -v r="$requests" -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f us", (r > 0 ? t / hz / r * 1e6 : 0) }') of server CPU per request; $(wc -l < "$OUT/top-frames.txt") Java samples"
awk '
    function group(f) {
        if (f ~ /^(java\.util\.concurrent\.ForkJoin|jdk\.internal\.vm\.Continuation|java\.lang\.VirtualThread|java\.util\.concurrent\.locks\.LockSupport|jdk\.internal\.misc\.Unsafe\.(park|unpark))/)
            return "scheduling: park, unpark, carriers idling"
        if (f ~ /(RequestHeadParser|HttpParser|HttpObjectDecoder|HttpRequestParser)/) return "parsing requests"
        if (f ~ /^(sun\.nio\.ch|java\.nio|io\.netty\.channel|org\.eclipse\.jetty\.io|io\.undertow\.server\.protocol|org\.xnio)/)
            return "sockets and selectors (Java side)"
        if (f ~ /^dev\.morello\.http\./) return "server: connections, exchanges, responses"
        if (f ~ /^dev\.morello\./) return "framework"
        if (f ~ /^(org\.eclipse\.jetty|io\.netty|io\.undertow|io\.vertx|io\.helidon|io\.javalin)/) return "server: connections, exchanges, responses"
        if (f ~ /^(java|jdk|sun)\./) return "JDK library code"
        return "other"
    }
    { n++; c[group($0)]++ }
    END { for (g in c) printf "%5.1f%%  %s\n", 100 * c[g] / n, g }
' "$OUT/top-frames.txt" | sort -rn
sort "$OUT/top-frames.txt" | uniq -c | sort -rn > "$OUT/top-frames-counted.txt"
echo "  most frequent top frames: $OUT/top-frames-counted.txt; the recording: $OUT/$SERVER.jfr"
