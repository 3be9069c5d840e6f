#!/usr/bin/env bash
# Where a server's CPU goes per request: samples it with perf (kernel and JIT-compiled frames)
# while wrk drives /plaintext at 16 connections, and sorts the samples into a few groups.
#
#   bench/profile.sh morello                 # any server the bench jar knows
#   bench/profile.sh morello-fw 30           # seconds to sample (default 10)
#
# Needs perf (apt-get install linux-perf) with permission to sample the JVM, wrk, and the bench
# jar (bench/run.sh builds it). Prints the share of samples per group and the CPU time per
# request; the raw report goes to bench/results/profile-<server>-<date>/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER=${1:?usage: bench/profile.sh SERVER [SECONDS]}
SECONDS_TO_SAMPLE=${2:-10}
JAR=$ROOT/morello-bench/target/morello-bench.jar
source "$ROOT/bench/java.sh"
JAVA=$(find_java)
[[ -x ${JAVA:-} ]] || { echo "no JDK 21 or newer found" >&2; exit 1; }
[[ -f $JAR ]] || { echo "no bench jar: run bench/run.sh --quick once, or mvn -pl morello-bench -am package" >&2; exit 1; }
command -v perf > /dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

OUT=$ROOT/bench/results/profile-$SERVER-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
PORT=$(( (RANDOM % 2000) + 21000 ))
"$JAVA" -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
    -jar "$JAR" "$SERVER" "$PORT" > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/plaintext" && break
    sleep 0.1
done
wrk -t1 -c16 -d5s "http://127.0.0.1:$PORT/plaintext" > /dev/null
cpu0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
perf record -F 1999 -p "$PID" -o "$OUT/perf.data" -- sleep "$SECONDS_TO_SAMPLE" > /dev/null 2>&1 &
PERF=$!
wrk -t1 -c16 -d"${SECONDS_TO_SAMPLE}s" "http://127.0.0.1:$PORT/plaintext" > "$OUT/wrk.txt"
wait $PERF
cpu1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
kill $PID
wait $PID 2>/dev/null
trap - EXIT
sleep 1 # the JVM writes its perf map as it exits
requests=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
perf report -i "$OUT/perf.data" --no-children --sort comm,sym --stdio -g none 2> /dev/null > "$OUT/report.txt"

# The groups, matched on the thread's name and the symbol, first match wins.
awk -v requests="$requests" -v cpu="$((cpu1 - cpu0))" '
/^ *[0-9.]+%/ {
    share = $1 + 0; comm = $2; line = $0
    kernel = line ~ /\[k\]/
    sub(/^[^]]*\] /, "", line) # the symbol alone
    if (line ~ /finish_task_switch|try_to_wake_up|_raw_spin_unlock_irq|futex|schedule|pthread_cond|ForkJoinPool|VirtualThread|Continuation|LockSupport|Unsafe.park|Unsafe.unpark|__switch_to|dequeue_task|enqueue_task|select_task_rq|update_curr|pick_next/) g = "scheduling: parking and waking threads"
    else if (comm ~ /^GC|^VM Thread/) g = "garbage collection"
    else if (line ~ /EPoll|Selector|SelectionKey|ep_poll|ep_send|sock_poll|ep_item|eventfd|ReadinessLoop|Netty.*EventLoop|epoll/) g = "waiting for sockets: epoll, selectors"
    else if (kernel && line ~ /tcp_|sock_|skb|__dev_queue|loopback|net_rx|ip_|__ip|inet_|bbr_|__netif|process_backlog|validate_xmit|dev_hard_start|sk_|__napi|nf_/) g = "TCP/IP in the kernel"
    else if (kernel) g = "other kernel: system calls, copies"
    else if (line ~ /RequestHeadParser|RequestRules|RequestHead|Ascii|HttpParser|HttpRequestDecoder|Http1/) g = "parsing requests"
    else if (line ~ /dev\.morello\.(config|dispatch|tools|statics|internal\.)|dev\.morello\.[A-Z]/) g = "framework"
    else if (line ~ /dev\.morello\.http|ResponseFields|ServerExchange|Connection|IOUtil|SocketDispatcher|SocketChannelImpl/) g = "server: responses, buffers, socket calls"
    else g = "other user space (JIT code, libraries, libc)"
    sum[g] += share; total += share
}
END {
    for (k in sum) printf "%5.1f%%  %s\n", 100 * sum[k] / total, k
    if (requests > 0) printf "TOTAL %s requests, %.1f us of server CPU per request\n", requests, cpu * 10000 / requests
}' "$OUT/report.txt" | sort -k1 -nr | sed 's/^TOTAL /\n/' | tee "$OUT/summary.txt"
