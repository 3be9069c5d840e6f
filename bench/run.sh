#!/usr/bin/env bash
# Morello's raw server against Jetty 12, Netty 4.2, Undertow and Vert.x 5, and the same app on
# Morello's framework (morello-fw) against Javalin 7 and Helidon SE 4, on the TechEmpower
# plaintext and JSON tests; then static files served by Morello's framework (its static-directory
# tool), by Jetty's ResourceHandler and by nginx; then a 20 KiB HTML page from Morello's framework
# with its gzip tool off and on; all measured with wrk on this machine's loopback.
#
#   bench/run.sh                      the full run: 2 interleaved rounds of 10 s lines (~47 min)
#   bench/run.sh --quick              a smoke run: 1 round of 2 s lines (~8 min)
#   bench/run.sh --servers morello,netty
#   bench/run.sh --servers morello-fw,javalin,helidon
#   bench/run.sh --static             only the static lines (morello-fw, jetty, nginx; ~6 min)
#   bench/run.sh --static --servers jetty,nginx
#   bench/run.sh --gzip               only the gzip lines (morello-fw; ~2 min)
#   bench/run.sh --sessions           only the session lines (morello-fw; ~3 min)
#   bench/run.sh --tls                only the TLS lines (morello, jetty, netty; ~8 min)
#   bench/run.sh --websocket          only the WebSocket lines (morello, netty, vertx; ~5 min)
#   bench/run.sh --http2              only the HTTP/2 lines (morello, jetty, netty, vertx; ~9 min)
#   bench/run.sh --stats              only the statistics lines (morello-fw without and with
#                                     tools.cpstats; ~5 min)
#   bench/run.sh --rebuild            rebuild the bench jar even if it exists
#   bench/run.sh --gc default         every JVM with the flags a user gets by default (none: G1 and
#                                     the JVM's own heap sizing) instead of the tuned set below;
#                                     run both to see that a result does not hang on one flag set
#
# For each server, in turn (round 1 all servers, then round 2 all servers, each in a fresh JVM):
# warm-up, then wrk on /plaintext and /json at 16 and 256 connections, and /plaintext with 16
# requests pipelined at 256 connections. Every line reports requests/s, p99 latency, the server's
# RSS after the line, and requests per CPU-second of the server process. Then, in fresh JVMs:
# the time from JVM start to the first answered request, and the RSS with 10,000 idle keep-alive
# connections against the idle baseline.
#
# The static group comes next (with --servers, only when --static is given): the script writes a
# 1 KiB and a 1 MiB file of random bytes into the run's directory and, in the same interleaved
# rounds, starts morello-fw and jetty with -Dbench.static.dir=DIR and an nginx of its own with a
# config in the run's directory; each serves DIR at /static/. After a warm-up, wrk fetches
# /static/static-1k.bin at 16 and 256 connections and /static/static-1m.bin at 16, each line also
# reporting MiB/s transferred. A check before the lines says whether each file comes back whole;
# a server that answers with errors is measured anyway and its line marked FAILED with the counts.
#
# The gzip group comes last (with --servers, only when --gzip is given): morello-fw serves the same
# HTML page from one handler at /page, at /gz/page under a config section that turns its gzip
# tool on, and at /gzc/page under one that turns on both gzip and caching (the page is compressed
# once, then served from the cache). A check first says whether /gz/page and /gzc/page come back
# with Content-Encoding: gzip and the page's bytes once inflated; then, in the same interleaved
# rounds, after a warm-up, wrk fetches the three in turn at 16 and at 256 connections, every
# request with Accept-Encoding: gzip, each line also reporting the bytes read per response
# (headers included).
#
# The session group comes after it (with --servers, only when --sessions is given): morello-fw
# serves one handler that reads and writes a small session value at /sess/none/count (sessions
# off), /sess/ram/count, /sess/file/count (files in the run's directory) and, when redis-server is
# installed, /sess/redis/count (a Redis the script starts on a free port without persistence,
# and stops). Before the lines the script makes SESSION_IDS sessions on each path; wrk's requests
# (bench/sessions.lua) then carry their cookies in turn, as many users' requests would, at 16 and
# 256 connections; each path's line is compared with /sess/none's.
#
# The TLS group comes last (with --servers, only when --tls is given): Morello's raw server, Jetty
# and Netty serve HTTPS with the same key (an EC P-256 key and a certificate the script makes with
# openssl, in a PKCS#12 store given by -Dbench.tls.keystore) on the JDK's TLS provider, and the
# static directory's files at /static/ (Morello and Netty read the file and encrypt it, Jetty by
# its ResourceHandler: no zero-copy through TLS). In the same interleaved rounds, after a warm-up,
# wrk fetches /plaintext over kept-alive connections at 16 and 256 connections, the 1 MiB file at
# 16, and /plaintext with Connection: close at 16 (a TCP connection and a TLS handshake per
# request, resumed when wrk and the server agree to).
#
# The WebSocket group comes after it (with --servers, only when --websocket is given): Morello's
# raw server, Netty (its own WebSocket handlers, -Dbench.websocket=true) and Vert.x serve
# /ws/echo (each text message sent back) and /ws/broadcast (a "pub:" message sent to every
# connection of the endpoint), without compression. The bench jar's ws-client, plain sockets on
# virtual threads speaking RFC 6455, measures echo round trips per second over 256 connections
# for a line's duration, and broadcast deliveries per second to 1,000 listeners of a run of
# messages sent as fast as the publisher can; each line also reports the server's CPU per message.
#
# The HTTP/2 group comes after it (with --servers, only when --http2 is given): Morello's raw
# server, Jetty (HTTP2CServerConnectionFactory), Netty (Http2FrameCodec with Http2MultiplexHandler)
# and Vert.x serve h2c by prior knowledge beside HTTP/1.1 (-Dbench.h2c=true), and the static
# directory's files at /static/. h2load (nghttp2-client), one thread, measures /plaintext and
# /json over 16 connections with 100 concurrent streams each, and the 1 MiB file over 16
# connections with 10 streams each; its per-request log gives the p99. These lines go into the
# summary with the others, as h2-*, against the best of the raw server peers that ran them.
#
# The statistics group comes after it (with --servers, only when --stats is given): Morello's
# framework app as in the framework group (morello-fw), and the same with the cpstats tool on for
# the whole app (morello-fw-stats: every request counted by path template and timed), in the same
# interleaved rounds, on /plaintext and /json at 16 and 256 connections. The summary gives
# morello-fw-stats / morello-fw: what statistics cost.
#
# The summary ends with ratios per line, each group against its own peers: Morello's raw server /
# the best server peer, Morello's framework / the best framework peer, Morello's framework /
# Morello's raw server when both ran, for the static lines Morello's framework / Jetty and
# Morello's framework / nginx, and for the gzip lines /gz/page / /page and /gzc/page / /page (req/s,
# p99 and bytes per response) per connection count.
#
# Everything runs on 127.0.0.1, every step is bounded in time, and only processes this script
# started are stopped (nginx by the PID the script started; a system nginx is never touched).
# Before each server the script waits (bounded) for the machine to be quiet; each line reports
# the CPU that neither the server nor wrk used ("other CPU"), and a line during which other work
# took over a tenth of a core is measured again after a quiet wait (bounded by MAX_ATTEMPTS and
# RETRY_BUDGET); the disturbed attempts are kept in disturbed.tsv.
# The full output goes to bench/results/<date>-<mode>/output.txt.
set -uo pipefail

# ---- settings ---------------------------------------------------------------------------------

# The same for every server. A fixed heap keeps heap sizing from deciding the comparison;
# ParallelGC is the throughput collector and the cheapest on 2 cores. --gc default uses none.
TUNED_JVM_FLAGS=(-Xms512m -Xmx512m -XX:+UseParallelGC)
JVM_FLAGS=("${TUNED_JVM_FLAGS[@]}")
GC=tuned
# One wrk thread: the machine has 2 cores shared by wrk and the server, and one thread drives
# 256 connections without becoming the bottleneck while leaving the server the most CPU.
WRK_THREADS=1
WRK_TIMEOUT=2s
PIPELINE_DEPTH=16
# TechEmpower's request headers (Host is wrk's own, from the URL).
WRK_HEADERS=(-H 'Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'
             -H 'Connection: keep-alive')
# Two groups, each compared within itself: raw servers, and the same app on web frameworks.
# Morello's comes first in each; the summary takes the rest as its peers.
SERVER_GROUP=(morello jetty netty undertow vertx)
FRAMEWORK_GROUP=(morello-fw javalin helidon)
ALL_SERVERS=("${SERVER_GROUP[@]}" "${FRAMEWORK_GROUP[@]}")
# The static lines: Morello's framework first, then its peers. nginx runs in this group only.
STATIC_GROUP=(morello-fw jetty nginx)
STATIC_1K=static-1k.bin
STATIC_1M=static-1m.bin
# The gzip lines: Morello's framework alone, the page against itself with the tool on.
GZIP_GROUP=(morello-fw)
# Sent with both the plain and the compressed page's requests, so that only the tool differs.
GZIP_HEADERS=(-H 'Accept-Encoding: gzip')
# The session lines: Morello's framework alone, the handler with each storage against itself
# without sessions; the requests carry the cookies of this many sessions in turn.
SESSION_GROUP=(morello-fw)
SESSION_IDS=4096
# The TLS lines: Morello's raw server against the raw peers that serve TLS on the JDK's provider.
TLS_GROUP=(morello jetty netty)
TLS_PASSWORD=bench
# The WebSocket lines: Morello's raw server against the peers with WebSocket built in.
WS_GROUP=(morello netty vertx)
WS_ECHO_CONNECTIONS=256
WS_LISTENERS=1000
# The HTTP/2 lines: Morello's raw server against the raw peers with h2c of their own.
H2_GROUP=(morello jetty netty vertx)
H2_CONNECTIONS=16
H2_STREAMS=100
H2_STATIC_STREAMS=10
# The statistics lines: the framework app without, then with, tools.cpstats.
STATS_GROUP=(morello-fw morello-fw-stats)
# nginx keeps a keep-alive connection for 1000 requests by default, then closes it; every Java
# server here keeps it for as long as the client sends. The same for all: practically unbounded.
NGINX_KEEPALIVE_REQUESTS=10000000
HOST=127.0.0.1
SCHEME=http          # https for the TLS group's servers
BASE_PORT=18080
IDLE_CONNECTIONS=10000
START_TIMEOUT=30     # seconds for a server to answer its first request
# Other work on the machine skews a 2-core benchmark. Before each server, wait (bounded) until
# the machine is quiet: under QUIET_PERCENT of one core busy over a second.
QUIET_PERCENT=20
# A line during which other work took over a tenth of a core is measured again after a quiet
# wait, up to MAX_ATTEMPTS in all, within RETRY_BUDGET seconds of extra time per run.
MAX_ATTEMPTS=3
RETRY_SPENT=0
STOP_TIMEOUT=10      # seconds for a server to exit after SIGTERM before SIGKILL

MODE=full
REBUILD=0
STATIC_ONLY=0        # --static: the static group (with --gzip, and the gzip group) only
GZIP_ONLY=0          # --gzip: the gzip group (with --static, and the static group) only
SESSIONS_ONLY=0      # --sessions: the session group (with --static or --gzip, and those) only
TLS_ONLY=0           # --tls: the TLS group (with the other group options, and those) only
WS_ONLY=0            # --websocket: the WebSocket group (with the other group options, and those) only
H2_ONLY=0            # --http2: the HTTP/2 group (with the other group options, and those) only
STATS_ONLY=0         # --stats: the statistics group (with the other group options, and those) only
SERVERS=("${ALL_SERVERS[@]}")
CHOSEN=0             # whether --servers chose the servers (else the full list, trimmed to the jar's)

usage() {
    sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

while (($#)); do
    case "$1" in
        --quick) MODE=quick ;;
        --rebuild) REBUILD=1 ;;
        --static) STATIC_ONLY=1 ;;
        --gzip) GZIP_ONLY=1 ;;
        --sessions) SESSIONS_ONLY=1 ;;
        --tls) TLS_ONLY=1 ;;
        --websocket) WS_ONLY=1 ;;
        --http2) H2_ONLY=1 ;;
        --stats) STATS_ONLY=1 ;;
        --gc)
            [[ $# -ge 2 && ($2 == tuned || $2 == default) ]] || { echo "--gc needs tuned or default" >&2; exit 2; }
            GC=$2
            shift ;;
        --servers)
            [[ $# -ge 2 ]] || { echo "--servers needs a list, e.g. morello,netty" >&2; exit 2; }
            IFS=, read -r -a SERVERS <<< "$2"
            CHOSEN=1
            shift ;;
        --servers=*) IFS=, read -r -a SERVERS <<< "${1#--servers=}"; CHOSEN=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# SERVERS: the plaintext/JSON lines; STATIC_SERVERS: the static lines; GZIP_SERVERS: the gzip
# lines. Without --servers a run has all three; --static and --gzip keep only their groups (with
# --servers, the chosen servers of each); --servers alone, only the first.
STATIC_SERVERS=()
GZIP_SERVERS=()
SESSION_SERVERS=()
TLS_SERVERS=()
WS_SERVERS=()
H2_SERVERS=()
STATS_SERVERS=()
if ((STATIC_ONLY || GZIP_ONLY || SESSIONS_ONLY || TLS_ONLY || WS_ONLY || H2_ONLY || STATS_ONLY)); then
    if ((CHOSEN)); then
        # The servers the chosen groups have, each once, and the options that chose them.
        offered=" " flags=""
        ((STATIC_ONLY)) && flags+=" --static"
        ((GZIP_ONLY)) && flags+=" --gzip"
        ((SESSIONS_ONLY)) && flags+=" --sessions"
        ((TLS_ONLY)) && flags+=" --tls"
        ((WS_ONLY)) && flags+=" --websocket"
        ((H2_ONLY)) && flags+=" --http2"
        ((STATS_ONLY)) && flags+=" --stats"
        for s in $( ((STATIC_ONLY)) && echo "${STATIC_GROUP[*]}") $( ((GZIP_ONLY)) && echo "${GZIP_GROUP[*]}") \
                $( ((SESSIONS_ONLY)) && echo "${SESSION_GROUP[*]}") $( ((TLS_ONLY)) && echo "${TLS_GROUP[*]}") \
                $( ((WS_ONLY)) && echo "${WS_GROUP[*]}") $( ((H2_ONLY)) && echo "${H2_GROUP[*]}") $( ((STATS_ONLY)) && echo "${STATS_GROUP[*]}"); do
            [[ $offered == *" $s "* ]] || offered+="$s "
        done
        for s in "${SERVERS[@]}"; do
            [[ $offered == *" $s "* ]] ||
                { echo "unknown server for$flags: $s (one of${offered% })" >&2; exit 2; }
            ((STATIC_ONLY)) && [[ " ${STATIC_GROUP[*]} " == *" $s "* ]] && STATIC_SERVERS+=("$s")
            ((GZIP_ONLY)) && [[ " ${GZIP_GROUP[*]} " == *" $s "* ]] && GZIP_SERVERS+=("$s")
            ((SESSIONS_ONLY)) && [[ " ${SESSION_GROUP[*]} " == *" $s "* ]] && SESSION_SERVERS+=("$s")
            ((TLS_ONLY)) && [[ " ${TLS_GROUP[*]} " == *" $s "* ]] && TLS_SERVERS+=("$s")
            ((WS_ONLY)) && [[ " ${WS_GROUP[*]} " == *" $s "* ]] && WS_SERVERS+=("$s")
            ((H2_ONLY)) && [[ " ${H2_GROUP[*]} " == *" $s "* ]] && H2_SERVERS+=("$s")
            ((STATS_ONLY)) && [[ " ${STATS_GROUP[*]} " == *" $s "* ]] && STATS_SERVERS+=("$s")
        done
    else
        ((STATIC_ONLY)) && STATIC_SERVERS=("${STATIC_GROUP[@]}")
        ((GZIP_ONLY)) && GZIP_SERVERS=("${GZIP_GROUP[@]}")
        ((SESSIONS_ONLY)) && SESSION_SERVERS=("${SESSION_GROUP[@]}")
        ((TLS_ONLY)) && TLS_SERVERS=("${TLS_GROUP[@]}")
        ((WS_ONLY)) && WS_SERVERS=("${WS_GROUP[@]}")
        ((H2_ONLY)) && H2_SERVERS=("${H2_GROUP[@]}")
        ((STATS_ONLY)) && STATS_SERVERS=("${STATS_GROUP[@]}")
    fi
    SERVERS=()
else
    for s in "${SERVERS[@]}"; do
        [[ $s == nginx ]] && { echo "nginx serves the static lines only: bench/run.sh --static --servers ...,nginx" >&2; exit 2; }
        [[ " ${ALL_SERVERS[*]} " == *" $s "* ]] || { echo "unknown server: $s (one of ${ALL_SERVERS[*]})" >&2; exit 2; }
    done
    if ((!CHOSEN)); then
        STATIC_SERVERS=("${STATIC_GROUP[@]}")
        GZIP_SERVERS=("${GZIP_GROUP[@]}")
        SESSION_SERVERS=("${SESSION_GROUP[@]}")
        TLS_SERVERS=("${TLS_GROUP[@]}")
        WS_SERVERS=("${WS_GROUP[@]}")
        H2_SERVERS=("${H2_GROUP[@]}")
        STATS_SERVERS=("${STATS_GROUP[@]}")
    fi
fi

if [[ $MODE == quick ]]; then
    ROUNDS=1; WARMUP=1; DURATION=2; QUIET_WAIT=10; RETRY_BUDGET=30
else
    ROUNDS=2; WARMUP=5; DURATION=10; QUIET_WAIT=180; RETRY_BUDGET=1200
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/morello-bench/target/morello-bench.jar
PIPELINE_LUA=$ROOT/bench/pipeline.lua
SESSIONS_LUA=$ROOT/bench/sessions.lua
[[ $GC == default ]] && JVM_FLAGS=()
RUN_DIR=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-$MODE$( ((STATIC_ONLY)) && echo -static)$( ((GZIP_ONLY)) && echo -gzip)$( ((SESSIONS_ONLY)) && echo -sessions)$( ((TLS_ONLY)) && echo -tls)$( ((WS_ONLY)) && echo -websocket)$( ((H2_ONLY)) && echo -http2)$( ((STATS_ONLY)) && echo -stats)$( [[ $GC == default ]] && echo -gcdefault)
STATIC_DIR=$RUN_DIR/static
OUT=$RUN_DIR/output.txt
DATA=$RUN_DIR/lines.tsv
mkdir -p "$RUN_DIR"
: > "$OUT"

# say: to the terminal and the output file; raw: to the output file only.
say() { printf '%s\n' "$*" | tee -a "$OUT"; }
raw() { cat >> "$OUT"; }
die() { say "error: $*"; exit 1; }

# ---- processes: only ours, always stopped ----------------------------------------------------

STARTED_PIDS=()

# Whether PID is still a process this script started (a PID freed by an exited child can be
# reused by anything; only a java running our jar, or an nginx master reading a config of this
# run, is ours).
ours() {
    local cmd
    cmd=$({ tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null) || return 1
    [[ $cmd == *"$JAR"* || $cmd == *"$RUN_DIR/nginx-"* || ( -n ${REDIS_PORT:-} && $cmd == *redis-server*":$REDIS_PORT"* ) ]]
}

stop_pid() {
    local pid=$1 i kept=() workers
    if ours "$pid"; then
        # An nginx master stops its workers on SIGTERM; killed, it leaves them running.
        workers=$(ps -o pid= --ppid "$pid" 2>/dev/null)
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
            ours "$pid" || break
            sleep 0.1
        done
        if ours "$pid"; then
            say "  pid $pid did not stop within ${STOP_TIMEOUT}s of SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null
            for i in $workers; do
                { tr '\0' ' ' < "/proc/$i/cmdline"; } 2>/dev/null | grep -q '^nginx: worker' && kill -KILL "$i" 2>/dev/null
            done
        fi
    fi
    wait "$pid" 2>/dev/null
    for i in "${STARTED_PIDS[@]}"; do
        [[ $i == "$pid" ]] || kept+=("$i")
    done
    STARTED_PIDS=("${kept[@]}")
    return 0
}

cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        stop_pid "$pid"
    done
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---- prerequisites ----------------------------------------------------------------------------

source "$(dirname "${BASH_SOURCE[0]}")/java.sh"

JAVA=$(find_java) || true
[[ -n $JAVA ]] || die "no JDK 21 or newer: set JAVA_HOME to one, or install one under /usr/lib/jvm"

if [[ ! -f $JAR || $REBUILD == 1 ]]; then
    say "building $JAR"
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl morello-bench -am) 2>&1 | raw
    [[ -f $JAR ]] || die "the build did not produce $JAR (see $OUT)"
fi

if [[ -n $(find "$ROOT/morello-http/src/main" "$ROOT/morello-engine/src/main" "$ROOT/morello/src/main" \
        "$ROOT/morello-bench/src/main" -newer "$JAR" -type f 2>/dev/null | head -1) ]]; then
    say "warning: $JAR is older than the sources; bench/run.sh --rebuild measures the current code"
fi

# The servers this jar knows, from its usage line ("usage: java -jar morello-bench.jar a|b|c PORT").
# A name of the full list that an older jar lacks is left out with a note; one chosen with
# --servers is an error.
JAR_SERVERS=" $(timeout 60 "$JAVA" -jar "$JAR" 2>&1 |
    sed -n 's/^usage: java -jar morello-bench\.jar \([^ ]*\) PORT$/\1/p' | head -1 | tr '|' ' ') "
# keep_jar_servers ARRAY: leaves in the named array the servers the jar has (and nginx).
keep_jar_servers() {
    local -n list=$1
    local s kept=()
    for s in "${list[@]}"; do
        if [[ $s == nginx || $JAR_SERVERS == *" $s "* ]]; then
            kept+=("$s")
        elif ((CHOSEN)); then
            die "$JAR has no server $s (it has:${JAR_SERVERS% })"
        else
            say "note: $JAR has no server $s yet; left out of this run"
        fi
    done
    list=("${kept[@]}")
}
keep_jar_servers SERVERS
keep_jar_servers STATIC_SERVERS
keep_jar_servers GZIP_SERVERS
keep_jar_servers SESSION_SERVERS
keep_jar_servers TLS_SERVERS
keep_jar_servers WS_SERVERS
keep_jar_servers H2_SERVERS
keep_jar_servers STATS_SERVERS
((${#SERVERS[@]} + ${#STATIC_SERVERS[@]} + ${#GZIP_SERVERS[@]} + ${#SESSION_SERVERS[@]} + ${#TLS_SERVERS[@]} + ${#WS_SERVERS[@]} + ${#H2_SERVERS[@]} + ${#STATS_SERVERS[@]})) || die "$JAR has none of the servers chosen"

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
if ! command -v wrk > /dev/null; then
    say "installing wrk"
    { $SUDO apt-get update && $SUDO apt-get install -y wrk; } 2>&1 | raw
    command -v wrk > /dev/null || die "could not install wrk (see $OUT)"
fi

find_nginx() {
    command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; }
}

# Debian's nginx, for the static lines. Where services start on install, the package starts
# its own nginx on port 80; that one is not ours, and the script neither uses nor stops it.
NGINX=""
if [[ " ${STATIC_SERVERS[*]} " == *" nginx "* ]]; then
    NGINX=$(find_nginx)
    if [[ -z $NGINX ]]; then
        say "installing nginx"
        { $SUDO apt-get update && $SUDO apt-get install -y nginx; } 2>&1 | raw
        NGINX=$(find_nginx)
        [[ -n $NGINX ]] || die "could not install nginx (see $OUT)"
    fi
fi

# Debian's redis-server, for the Redis session line: a Redis of the script's own on a free port,
# without persistence, stopped at the end (a system Redis is neither used nor touched).
REDIS_SERVER=""
REDIS_PORT=""
REDIS_PID=""
if ((${#SESSION_SERVERS[@]})); then
    REDIS_SERVER=$(command -v redis-server 2>/dev/null)
    if [[ -z $REDIS_SERVER ]]; then
        say "installing redis-server"
        { $SUDO apt-get update && $SUDO apt-get install -y redis-server; } 2>&1 | raw
        REDIS_SERVER=$(command -v redis-server 2>/dev/null)
        [[ -n $REDIS_SERVER ]] || say "could not install redis-server (see $OUT): no Redis session line"
    fi
fi

# start_redis: starts the run's Redis on a free port and waits (bounded) until it answers PING.
start_redis() {
    local i reply
    take_port
    REDIS_PORT=$PORT
    "$REDIS_SERVER" --port "$REDIS_PORT" --bind "$HOST" --save "" --appendonly no > "$RUN_DIR/redis.log" 2>&1 &
    REDIS_PID=$!
    STARTED_PIDS+=("$REDIS_PID")
    for ((i = 0; i < 100; i++)); do
        reply=$( { exec 3<> "/dev/tcp/$HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 1 line <&3 && echo "$line"; } 2>/dev/null)
        [[ $reply == +PONG* ]] && { say "  redis:    $("$REDIS_SERVER" --version | cut -c1-40) on port $REDIS_PORT"; return 0; }
        sleep 0.1
    done
    return 1
}

# 10,000 idle connections need as many descriptors in the client and in the server, which
# inherit this limit.
hard=$(ulimit -Hn)
want=65536
if [[ $hard != unlimited ]] && ((hard < want)); then
    want=$hard
fi
ulimit -n "$want" 2>/dev/null || true
if (($(ulimit -n) < IDLE_CONNECTIONS + 1000)); then
    IDLE_CONNECTIONS=$(($(ulimit -n) - 1000))
    say "warning: descriptor limit $(ulimit -n); idle test uses $IDLE_CONNECTIONS connections"
fi

CLK_TCK=$(getconf CLK_TCK)
NEXT_PORT=$BASE_PORT

# ---- measuring ---------------------------------------------------------------------------------

# The server's processes: PID and its children (nginx's workers; a JVM has none).
family() {
    echo "$1"
    ps -o pid= --ppid "$1" 2>/dev/null
}

# The server's user + system CPU time in clock ticks, all threads of all its processes (fields
# 14 and 15 of /proc/PID/stat, counted after the parenthesised command name, which may hold
# spaces).
cpu_ticks() {
    local p one total=0
    for p in $(family "$1"); do
        one=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) && total=$((total + ${one:-0}))
    done
    echo "$total"
}

# Busy clock ticks of the whole machine, all CPUs (user nice system irq softirq steal).
machine_ticks() {
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# Waits up to QUIET_WAIT seconds for a quiet machine; says so when it had to wait.
wait_for_quiet() {
    local start now before after waited=0
    start=$(now_ms)
    while :; do
        before=$(machine_ticks)
        sleep 1
        after=$(machine_ticks)
        if (((after - before) * 100 < QUIET_PERCENT * CLK_TCK)); then
            break
        fi
        waited=1
        now=$(now_ms)
        if ((now - start > QUIET_WAIT * 1000)); then
            say "  the machine is still busy ($(((after - before) * 100 / CLK_TCK))% of a core) after ${QUIET_WAIT}s; going on (see 'other CPU' per line)"
            return 0
        fi
    done
    ((waited)) && say "  waited $((($(now_ms) - start) / 1000))s for other work on the machine to finish"
    return 0
}

# The server's RSS in KiB, summed over its processes (so nginx's pages shared between master and
# workers count once per process).
rss_kib() {
    local p one total=0
    for p in $(family "$1"); do
        one=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null) && total=$((total + ${one:-0}))
    done
    echo "$total"
}

port_in_use() {
    (exec 3<> "/dev/tcp/$HOST/$1") 2>/dev/null
}

take_port() {
    while port_in_use "$NEXT_PORT"; do
        NEXT_PORT=$((NEXT_PORT + 1))
    done
    PORT=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# write_nginx_conf PORT: the config of an nginx serving STATIC_DIR at /static/ on HOST:PORT, with
# its pid file, error log and temporary directories in the run's directory; prints its path.
write_nginx_conf() {
    local port=$1 conf temp module user="" temps=""
    conf=$RUN_DIR/nginx-$port.conf
    temp=$RUN_DIR/nginx-$port-temp
    mkdir -p "$temp"
    # As root, nginx's workers would switch to nobody; the current user is the one that wrote
    # the files. As anyone else, nginx runs as that user and would only warn about the line.
    ((EUID == 0)) && user="user $(id -un) $(id -gn);"
    # Debian's temporary directories are under /var/lib/nginx, which only root may create in;
    # point every module nginx was built with at the run's directory instead.
    for module in proxy fastcgi uwsgi scgi; do
        "$NGINX" -V 2>&1 | grep -q -- "--without-http_${module}_module" ||
            temps+="    ${module}_temp_path $temp/$module;"$'\n'
    done
    cat > "$conf" <<CONF
# bench/run.sh's nginx for the static lines on $HOST:$port; started in the foreground and stopped
# by the PID the script started.
daemon off;
master_process on;
# nginx's docs: "setting it to the number of available CPU cores would be a good start (the
# value auto will try to autodetect it)": one worker per core, sharing the cores with wrk as the
# JVMs' threads do.
worker_processes auto;
$user
pid $RUN_DIR/nginx-$port.pid;
error_log $RUN_DIR/nginx-$port-error.log warn;

events {
    worker_connections 1024;
}

http {
    types {
        application/octet-stream bin;
    }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    keepalive_requests $NGINX_KEEPALIVE_REQUESTS;
    client_body_temp_path $temp/body;
$temps
    server {
        listen $HOST:$port;
        location /static/ {
            alias $STATIC_DIR/;
        }
        location / {
            return 404;
        }
    }
}
CONF
    echo "$conf"
}

# start_server NAME [JAVA_OPTION...]: starts it on a fresh port; sets SERVER_PID, PORT and
# STARTUP_MS (start to the first 200 from /plaintext; from /static/static-1k.bin for nginx, which
# has no /plaintext). Returns non-zero if it died or did not answer in time.
start_server() {
    local name=$1 log t0 deadline code ready=/plaintext conf
    shift
    take_port
    log=$RUN_DIR/$name-$PORT.log
    t0=$(now_ms)
    if [[ $name == nginx ]]; then
        conf=$(write_nginx_conf "$PORT")
        ready=/static/$STATIC_1K
        "$NGINX" -p "$RUN_DIR/" -e "$RUN_DIR/nginx-$PORT-error.log" -c "$conf" > "$log" 2>&1 &
    else
        "$JAVA" "${JVM_FLAGS[@]}" "$@" -jar "$JAR" "$name" "$PORT" > "$log" 2>&1 &
    fi
    SERVER_PID=$!
    STARTED_PIDS+=("$SERVER_PID")
    deadline=$((t0 + START_TIMEOUT * 1000))
    while :; do
        code=$(curl -s -k -o /dev/null --max-time 1 -w '%{http_code}' "$SCHEME://$HOST:$PORT$ready" 2>/dev/null)
        if [[ $code == 200 ]]; then
            STARTUP_MS=$(($(now_ms) - t0))
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            say "  $name exited during start-up; its log ($log):"
            sed 's/^/    /' "$log" | tee -a "$OUT"
            if [[ $name == nginx ]]; then
                say "  and its error log:"
                sed 's/^/    /' "$RUN_DIR/nginx-$PORT-error.log" 2>/dev/null | tee -a "$OUT"
            fi
            return 1
        fi
        if (($(now_ms) > deadline)); then
            say "  $name did not answer within ${START_TIMEOUT}s"
            return 1
        fi
        sleep 0.005
    done
}

# Converts wrk's latency (e.g. 812.00us, 3.27ms, 1.02s, 2.00m) to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : 0
        printf "%.2f", n * f }'
}

# Converts wrk's transfer rate (e.g. 512.30KB, 1.02GB; binary units) to MiB.
to_mib() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "B") ? 1 / 1048576 : (u == "KB") ? 1 / 1024 : (u == "MB") ? 1 : (u == "GB") ? 1024 : (u == "TB") ? 1048576 : 0
        printf "%.1f", n * f }'
}

# Bytes per response from wrk's "N requests in T, SIZE read" line (SIZE in binary units, to two
# decimals: good to a few parts in a thousand), headers included; 0 without requests.
bytes_per_response() {
    awk '/ requests in .* read$/ {
        n = $1 + 0; v = $(NF - 1); s = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "B") ? 1 : (u == "KB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : (u == "TB") ? 1099511627776 : 0
        printf "%.0f", (n > 0 ? s * f / n : 0); found = 1; exit }
        END { if (!found) print 0 }' <<< "$1"
}

# run_wrk SECONDS CONNECTIONS URL [DEPTH [WRK_OPTION...]]: wrk, bounded, its output on stdout;
# with DEPTH (which may be empty), that many requests pipelined per write by bench/pipeline.lua;
# the options (such as -H 'Accept-Encoding: gzip') go to wrk after the common headers.
run_wrk() {
    local seconds=$1 connections=$2 url=$3 depth=${4:-}
    shift $(($# < 4 ? $# : 4))
    local script=()
    if [[ $depth == ids:* ]]; then
        script=(-s "$SESSIONS_LUA" "$url" -- "${depth#ids:}")
    elif [[ -n $depth ]]; then
        script=(-s "$PIPELINE_LUA" "$url" -- "$depth")
    else
        script=("$url")
    fi
    # a request that asks for Connection: close sends it instead of the common keep-alive
    local common=("${WRK_HEADERS[@]}")
    [[ " $* " == *"Connection: close"* ]] && common=("${WRK_HEADERS[0]}" "${WRK_HEADERS[1]}")
    timeout --kill-after=5 $((seconds + 20)) \
        wrk -t"$WRK_THREADS" -c"$connections" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
        "${common[@]}" "$@" "${script[@]}" 2>&1
}

# measure ROUND NAME TEST CONNECTIONS: one wrk line against the running server, printed, its
# row left in LAST_ROW and the CPU other work took meanwhile in LAST_OTHER. Fails if the server
# died.
measure() {
    [[ $3 == h2-* ]] && { measure_h2 "$@"; return; }
    local round=$1 name=$2 test=$3 connections=$4 path depth="" before after out headers=()
    case $test in
        plaintext) path=/plaintext ;;
        json) path=/json ;;
        pipelined) path=/plaintext; depth=$PIPELINE_DEPTH ;;
        static-1k) path=/static/$STATIC_1K ;;
        static-1m) path=/static/$STATIC_1M ;;
        page) path=/page; headers=("${GZIP_HEADERS[@]}") ;;
        page-gzip) path=/gz/page; headers=("${GZIP_HEADERS[@]}") ;;
        page-cached) path=/gzc/page; headers=("${GZIP_HEADERS[@]}") ;;
        sess-*) path=/sess/${test#sess-}/count; depth=ids:$RUN_DIR/session-ids-${test#sess-}.txt ;;
        tls-plaintext) path=/plaintext ;;
        tls-static-1m) path=/static/$STATIC_1M ;;
        tls-handshake) path=/plaintext; headers=(-H 'Connection: close') ;;
    esac
    local url=$SCHEME://$HOST:$PORT$path shown="" h
    for h in "${headers[@]}"; do
        [[ $h == -* ]] && shown+=" $h" || shown+=" '$h'"
    done
    local cmd="wrk -t$WRK_THREADS -c$connections -d${DURATION}s --timeout $WRK_TIMEOUT --latency$shown $url"
    if [[ $depth == ids:* ]]; then
        cmd="wrk -t$WRK_THREADS -c$connections -d${DURATION}s --timeout $WRK_TIMEOUT --latency -s bench/sessions.lua $url -- ${depth#ids:}"
    elif [[ -n $depth ]]; then
        cmd="wrk -t$WRK_THREADS -c$connections -d${DURATION}s --timeout $WRK_TIMEOUT --latency -s bench/pipeline.lua $url -- $depth"
    fi
    local machine_before machine_after wrk_cpu other timing=$RUN_DIR/.wrk-time
    # The Redis line's Redis works for the server: its CPU is not other work (nor the server's own).
    local helper_pid="" helper_before=0 helper_after=0
    [[ $test == sess-redis && -n $REDIS_PID ]] && helper_pid=$REDIS_PID
    machine_before=$(machine_ticks)
    [[ -n $helper_pid ]] && helper_before=$(cpu_ticks "$helper_pid")
    before=$(cpu_ticks "$SERVER_PID")
    out=$({ TIMEFORMAT='%U %S'; time run_wrk "$DURATION" "$connections" "$url" "$depth" "${headers[@]}"; } 2> "$timing")
    local wrk_status=$?
    after=$(cpu_ticks "$SERVER_PID")
    [[ -n $helper_pid ]] && helper_after=$(cpu_ticks "$helper_pid")
    machine_after=$(machine_ticks)
    # CPU spent neither by the server nor by wrk: other work on the machine, which the line's
    # figures suffer from. Shown per line so a disturbed line can be told apart.
    wrk_cpu=$(awk 'NF == 2 { printf "%.2f", $1 + $2 }' "$timing")
    other=$(awk -v m=$((machine_after - machine_before - (helper_after - helper_before))) -v s=$((after - before)) -v w="${wrk_cpu:-0}" -v hz="$CLK_TCK" \
        'BEGIN { o = (m - s) / hz - w; printf "%.2f", (o < 0 ? 0 : o) }')
    local rss alive=yes
    rss=$(rss_kib "$SERVER_PID")
    kill -0 "$SERVER_PID" 2>/dev/null || alive=no
    {
        echo "--- round $round, $name, $test, $connections connections: $cmd"
        echo "$out"
    } | raw

    local requests rps p99 errors non2xx cpu_s per_cpu mib bytes
    requests=$(awk '/ requests in / { print $1; exit }' <<< "$out")
    mib=$(to_mib "$(awk '/^Transfer\/sec:/ { print $2; exit }' <<< "$out")")
    bytes=$(bytes_per_response "$out")
    rps=$(awk '/^Requests\/sec:/ { print $2; exit }' <<< "$out")
    p99=$(awk '$1 == "99%" { print $2; exit }' <<< "$out")
    errors=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; exit }' <<< "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF; exit }' <<< "$out")
    requests=${requests:-0}
    rps=${rps:-0}
    errors=${errors:-0}
    non2xx=${non2xx:-0}
    p99=$(to_ms "${p99:-0}")
    # wrk now and then prints 0.00us for the 99th percentile of a busy run (a flaw in its
    # histogram walk); a zero is no measurement, so it is recorded as -1 and shown as n/a.
    [[ $p99 == 0.00 ]] && p99=-1
    cpu_s=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
    per_cpu=$(awk -v r="$requests" -v c="$cpu_s" 'BEGIN { printf "%.0f", (c > 0) ? r / c : 0 }')

    local flag=""
    if ((wrk_status != 0)) || [[ $alive == no ]] || ((errors > 0 || non2xx > 0)) || [[ $rps == 0 ]]; then
        flag="FAILED(wrk exit $wrk_status, server alive: $alive, socket errors $errors, non-2xx $non2xx)"
    fi
    LAST_ROW=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' \
        "$round" "$name" "$test" "$connections" "$rps" "$p99" "$rss" "$per_cpu" "$requests" "$errors" "$non2xx" "$cpu_s" \
        "${wrk_cpu:-0}" "$other" "$mib" "$bytes")
    LAST_OTHER=$other
    local p99_text=$p99 mib_text=""
    [[ $p99 == -1 ]] && p99_text=n/a
    [[ $test == static-* || $test == tls-static-* ]] && mib_text=$(printf '  %8s MiB/s' "$mib")
    [[ $test == page* ]] && mib_text=$(printf '  %6s B/resp' "$bytes")
    say "$(printf '  %-10s %-10s c=%-4s %12s req/s%s  p99 %9s ms  RSS %6s MiB  %9s req/CPU-s  other CPU %5s s  %s' \
        "$name" "$test" "$connections" "$rps" "$mib_text" "$p99_text" "$((rss / 1024))" "$per_cpu" "$other" "$flag")"
    [[ $alive == yes ]]
}

# measure_h2 ROUND NAME TEST CONNECTIONS: as measure, with h2load over h2c (prior knowledge):
# /plaintext and /json with H2_STREAMS streams per connection, the 1 MiB file with
# H2_STATIC_STREAMS. h2load's per-request log (status and microseconds per request) gives the p99.
measure_h2() {
    local round=$1 name=$2 test=$3 connections=$4 path streams=$H2_STREAMS before after out
    case $test in
        h2-plaintext) path=/plaintext ;;
        h2-json) path=/json ;;
        h2-static-1m) path=/static/$STATIC_1M; streams=$H2_STATIC_STREAMS ;;
    esac
    local url=http://$HOST:$PORT$path log=$RUN_DIR/.h2load-requests timing=$RUN_DIR/.wrk-time
    local cmd="h2load -t1 -c$connections -m$streams -D $DURATION $url"
    local machine_before machine_after client_cpu other
    machine_before=$(machine_ticks)
    before=$(cpu_ticks "$SERVER_PID")
    out=$({ TIMEFORMAT='%U %S'; time timeout --kill-after=5 $((DURATION + 30)) \
        h2load -t1 -c"$connections" -m"$streams" -D "$DURATION" --log-file="$log" "$url" 2>&1; } 2> "$timing")
    local client_status=$?
    after=$(cpu_ticks "$SERVER_PID")
    machine_after=$(machine_ticks)
    client_cpu=$(awk 'NF == 2 { printf "%.2f", $1 + $2 }' "$timing")
    other=$(awk -v m=$((machine_after - machine_before)) -v s=$((after - before)) -v w="${client_cpu:-0}" -v hz="$CLK_TCK" \
        'BEGIN { o = (m - s) / hz - w; printf "%.2f", (o < 0 ? 0 : o) }')
    local rss alive=yes
    rss=$(rss_kib "$SERVER_PID")
    kill -0 "$SERVER_PID" 2>/dev/null || alive=no
    { echo "--- round $round, $name, $test, $connections connections: $cmd"; echo "$out"; } | raw

    local requests rps p99 errors non2xx cpu_s per_cpu mib bytes
    requests=$(awk '/^requests:/ { print $8; exit }' <<< "$out")
    errors=$(awk '/^requests:/ { print $10 + $14; exit }' <<< "$out")
    non2xx=$(awk '/^status codes:/ { print $7 + $9; exit }' <<< "$out")
    rps=$(awk '/^finished in/ { print $4; exit }' <<< "$out")
    mib=$(to_mib "$(awk '/^finished in/ { print $6; exit }' <<< "$out" | sed 's|/s$||')")
    # the log's lines: start (µs since the epoch), status, time to the response (µs)
    p99=$(awk '{ print $3 }' "$log" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; if (NR) printf "%.2f", v[i] / 1000; else print -1 }')
    rm -f "$log"
    requests=${requests:-0}
    rps=$(awk -v r="${rps:-0}" 'BEGIN { printf "%.0f", r }')
    errors=${errors:-0}
    non2xx=${non2xx:-0}
    p99=${p99:--1}
    bytes=$(awk -v m="$mib" -v r="$rps" 'BEGIN { printf "%.0f", (r > 0 ? m * 1048576 / r : 0) }')
    cpu_s=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
    per_cpu=$(awk -v r="$requests" -v c="$cpu_s" 'BEGIN { printf "%.0f", (c > 0) ? r / c : 0 }')
    local flag=""
    if ((client_status != 0)) || [[ $alive == no ]] || ((errors > 0 || non2xx > 0)) || [[ $rps == 0 ]]; then
        flag="FAILED(h2load exit $client_status, server alive: $alive, failed requests $errors, non-2xx $non2xx)"
    fi
    LAST_ROW=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' \
        "$round" "$name" "$test" "$connections" "$rps" "$p99" "$rss" "$per_cpu" "$requests" "$errors" "$non2xx" "$cpu_s" \
        "${client_cpu:-0}" "$other" "$mib" "$bytes")
    LAST_OTHER=$other
    local mib_text=""
    [[ $test == h2-static-* ]] && mib_text=$(printf '  %8s MiB/s' "$mib")
    say "$(printf '  %-10s %-12s c=%-3s m=%-3s %12s req/s%s  p99 %9s ms  RSS %6s MiB  %9s req/CPU-s  other CPU %5s s  %s' \
        "$name" "$test" "$connections" "$streams" "$rps" "$mib_text" "$p99" "$((rss / 1024))" "$per_cpu" "$other" "$flag")"
    [[ $alive == yes ]]
}

# measure_line ROUND NAME TEST CONNECTIONS: measure, and when other work took more than a tenth
# of a core meanwhile, wait for quiet and measure again (at most MAX_ATTEMPTS times, within
# RETRY_BUDGET seconds for the whole run). The last attempt goes into $DATA, disturbed ones
# into disturbed.tsv.
measure_line() {
    local attempt=1 started
    while :; do
        measure "$@" || { echo "$LAST_ROW" >> "$DATA"; return 1; }
        if ! disturbed || ((attempt >= MAX_ATTEMPTS || RETRY_SPENT >= RETRY_BUDGET)); then
            echo "$LAST_ROW" >> "$DATA"
            return 0
        fi
        echo "$LAST_ROW" >> "$RUN_DIR/disturbed.tsv"
        say "    disturbed by other work (other CPU ${LAST_OTHER} s); measuring the line again once the machine is quiet"
        started=$(now_ms)
        wait_for_quiet
        RETRY_SPENT=$((RETRY_SPENT + ($(now_ms) - started) / 1000 + DURATION))
        attempt=$((attempt + 1))
    done
}

disturbed() {
    awk -v o="$LAST_OTHER" -v d="$DURATION" 'BEGIN { exit !(o > d / 10) }'
}

# ---- the run ----------------------------------------------------------------------------------

say "Morello bench, $MODE mode, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "  java:     $JAVA ($("$JAVA" -version 2>&1 | head -1))"
if ((${#JVM_FLAGS[@]})); then
    say "  jvm:      ${JVM_FLAGS[*]} (the same for every server; --gc $GC)"
else
    say "  jvm:      no flags, as a user starts it (the same for every server; --gc $GC)"
fi
say "  wrk:      $(wrk --version 2>&1 | head -1 | cut -c1-40), $WRK_THREADS thread, --timeout $WRK_TIMEOUT, warm-up ${WARMUP}s per endpoint, ${DURATION}s per line"
say "  machine:  $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
((${#SERVERS[@]})) && say "  servers:  ${SERVERS[*]}; rounds: $ROUNDS"
if ((${#STATIC_SERVERS[@]})); then
    say "  static:   ${STATIC_SERVERS[*]}; rounds: $ROUNDS; files in $STATIC_DIR"
    [[ -n $NGINX ]] && say "  nginx:    $NGINX ($("$NGINX" -v 2>&1 | sed 's/^nginx version: //')), worker_processes auto, sendfile on, access_log off"
fi
((${#GZIP_SERVERS[@]})) && say "  gzip:     ${GZIP_SERVERS[*]}; rounds: $ROUNDS; /page, /gz/page and /gzc/page, each request with ${GZIP_HEADERS[1]}"
((${#WS_SERVERS[@]})) && say "  ws:       ${WS_SERVERS[*]}; rounds: $ROUNDS; echo over $WS_ECHO_CONNECTIONS connections, broadcast to $WS_LISTENERS listeners; no compression"
((${#STATS_SERVERS[@]})) && say "  stats:    ${STATS_SERVERS[*]}; rounds: $ROUNDS; /plaintext and /json at 16 and 256 connections, tools.cpstats off and on"
((${#H2_SERVERS[@]})) && say "  http2:    ${H2_SERVERS[*]}; rounds: $ROUNDS; h2c by prior knowledge, $(h2load --version 2>&1 | head -1), 1 thread; /plaintext and /json at ${H2_CONNECTIONS}x$H2_STREAMS streams, /static/$STATIC_1M at ${H2_CONNECTIONS}x$H2_STATIC_STREAMS"
((${#TLS_SERVERS[@]})) && say "  tls:      ${TLS_SERVERS[*]}; rounds: $ROUNDS; the JDK's TLS provider for all, an EC P-256 certificate; /plaintext kept alive, /static/$STATIC_1M, /plaintext with Connection: close"
((${#SESSION_SERVERS[@]})) && say "  sessions: ${SESSION_SERVERS[*]}; rounds: $ROUNDS; /sess/{none,ram,file$( [[ -n $REDIS_SERVER ]] && echo ,redis)}/count, $SESSION_IDS sessions each, cookies in turn$( [[ -z $REDIS_SERVER ]] && echo '; no redis-server installed: no Redis line')"
if git -C "$ROOT" rev-parse --git-dir > /dev/null 2>&1; then
    say "  source:   $(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-100)$(git -C "$ROOT" diff --quiet HEAD -- morello-http morello-engine morello morello-bench 2>/dev/null || echo ' (+ uncommitted changes)')"
fi
say "  output:   $OUT"
printf 'round\tserver\ttest\tconnections\trps\tp99_ms\trss_kib\treq_per_cpu_s\trequests\tsocket_errors\tnon2xx\tcpu_s\twrk_cpu_s\tother_cpu_s\tmib_per_s\tbytes_per_response\n' > "$DATA"
: > "$RUN_DIR/startup.tsv"
: > "$RUN_DIR/gzip-check.tsv"

LINES=("plaintext 16" "plaintext 256" "json 16" "json 256" "pipelined 256")
STATIC_LINES=("static-1k 16" "static-1k 256" "static-1m 16")
# The plain and the compressed pages alternate, so that a drift during a round touches all alike.
GZIP_LINES=("page 16" "page-gzip 16" "page-cached 16" "page 256" "page-gzip 256" "page-cached 256")
# The same for the session lines: each storage next to the line without sessions.
SESSION_KINDS=(none ram file)
[[ -n $REDIS_SERVER ]] && SESSION_KINDS+=(redis)
TLS_LINES=("tls-plaintext 16" "tls-plaintext 256" "tls-static-1m 16" "tls-handshake 16")
H2_LINES=("h2-plaintext $H2_CONNECTIONS" "h2-json $H2_CONNECTIONS" "h2-static-1m $H2_CONNECTIONS")
SESSION_LINES=()
for c in 16 256; do
    for k in "${SESSION_KINDS[@]}"; do
        SESSION_LINES+=("sess-$k $c")
    done
done

# measure_lines ROUND NAME LINE...: each "TEST CONNECTIONS" line against the running server,
# stopping at the first during which it died.
measure_lines() {
    local round=$1 name=$2 line test connections
    shift 2
    for line in "$@"; do
        read -r test connections <<< "$line"
        if ! measure_line "$round" "$name" "$test" "$connections"; then
            say "  $name died during $test c=$connections; its log:"
            tail -20 "$RUN_DIR/$name-$PORT.log" | sed 's/^/    /' | tee -a "$OUT"
            return 1
        fi
    done
}

# check_static: fetches each static file once from the running server and says whether it came
# back whole. A server that fails here is measured anyway: its lines count the failed answers.
check_static() {
    local f code size got=$RUN_DIR/.static-check
    for f in "$STATIC_1K" "$STATIC_1M"; do
        read -r code size < <(curl -s -o "$got" --max-time 10 -w '%{http_code} %{size_download}\n' \
            "http://$HOST:$PORT/static/$f" 2>/dev/null)
        if [[ $code == 200 ]] && cmp -s "$got" "$STATIC_DIR/$f"; then
            say "  /static/$f: 200, $size bytes, the file's own"
        else
            say "  /static/$f: status ${code:-none}, ${size:-0} bytes, NOT the file; its lines will show the failed answers as non-2xx or errors"
        fi
    done
    rm -f "$got"
}

# check_gzip ROUND NAME: fetches /page, /gz/page and /gzc/page once (twice for /gzc/page, whose
# second answer comes from the cache) from the running server, each with Accept-Encoding: gzip,
# and says whether /page came back as it is and the others compressed, their bodies inflating to
# /page's bytes. The answer (gzip, or what was wrong) goes to gzip-check.tsv for the summary. The
# lines are measured whatever it says.
check_gzip() {
    local round=$1 name=$2 plain=$RUN_DIR/.page gz=$RUN_DIR/.page-gzip heads=$RUN_DIR/.page-headers
    local code size plain_size plain_coding coding result=gzip path
    read -r code plain_size < <(curl -s -o "$plain" -D "$heads" --max-time 10 "${GZIP_HEADERS[@]}" \
        -w '%{http_code} %{size_download}\n' "http://$HOST:$PORT/page" 2>/dev/null)
    plain_coding=$(content_encoding "$heads")
    if [[ $code == 200 && -z $plain_coding ]]; then
        say "  /page: 200, $plain_size bytes, no Content-Encoding"
    else
        say "  /page: status ${code:-none}, ${plain_size:-0} bytes, Content-Encoding ${plain_coding:-none}: NOT the plain page; the ratios compare the wrong answers"
    fi
    for path in /gz/page /gzc/page /gzc/page; do
        read -r code size < <(curl -s -o "$gz" -D "$heads" --max-time 10 "${GZIP_HEADERS[@]}" \
            -w '%{http_code} %{size_download}\n' "http://$HOST:$PORT$path" 2>/dev/null)
        coding=$(content_encoding "$heads")
        if [[ $code == 200 && $coding == gzip ]] && gzip -dc < "$gz" 2> /dev/null | cmp -s - "$plain"; then
            say "  $path: 200, Content-Encoding: gzip, $size bytes, inflating to /page's $plain_size ($(awk -v a="$size" -v b="$plain_size" 'BEGIN { printf "%.1f%%", (b > 0 ? 100 * a / b : 0) }') of them)"
        elif [[ $code == 200 && -z $coding ]]; then
            result="$path uncompressed"
            say "  $path: 200, $size bytes, NOT compressed (no Content-Encoding): the gzip tool did not act, so its lines measure the plain page"
        else
            result="$path not the page gzipped"
            say "  $path: status ${code:-none}, ${size:-0} bytes, Content-Encoding ${coding:-none}: NOT /page's bytes gzipped; its lines will show failed answers as non-2xx or errors"
        fi
    done
    printf '%s\t%s\t%s\n' "$round" "$name" "$result" >> "$RUN_DIR/gzip-check.tsv"
    rm -f "$plain" "$gz" "$heads"
}

# content_encoding FILE: the Content-Encoding of the response head curl wrote to FILE, lower-case,
# or nothing.
content_encoding() {
    awk '{ sub(/\r$/, "") } tolower($0) ~ /^content-encoding:/ { sub(/^[^:]*:[ \t]*/, ""); sub(/[ \t]+$/, ""); print tolower($0); exit }' "$1"
}

for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${SERVERS[@]}"; do
        say ""
        say "round $round: $name"
        wait_for_quiet
        if ! start_server "$name"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        printf '%s\t%s\n' "$name" "$STARTUP_MS" >> "$RUN_DIR/startup.tsv"
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-160)"
        say "  started in $STARTUP_MS ms; warming up"
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/plaintext" | raw
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/json" | raw
        measure_lines "$round" "$name" "${LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# Idle connections and start-up, each server in a fresh JVM.
if ((${#SERVERS[@]})); then
    say ""
    say "idle keep-alive connections: $IDLE_CONNECTIONS per server, each with one answered request"
    printf 'server\tbaseline_kib\tidle_kib\tfds\tclient\n' > "$RUN_DIR/idle.tsv"
fi
for name in "${SERVERS[@]}"; do
    wait_for_quiet
    if ! start_server "$name"; then
        say "  $name: FAILED to start"
        stop_pid "$SERVER_PID"
        continue
    fi
    printf '%s\t%s\n' "$name" "$STARTUP_MS" >> "$RUN_DIR/startup.tsv"
    sleep 1
    baseline=$(rss_kib "$SERVER_PID")
    client_log=$RUN_DIR/idle-client-$name.log
    "$JAVA" -Xmx256m -jar "$JAR" idle-client "$HOST" "$PORT" "$IDLE_CONNECTIONS" 120 > "$client_log" 2>&1 &
    client_pid=$!
    STARTED_PIDS+=("$client_pid")
    for ((i = 0; i < 900; i++)); do
        grep -qs "^holding" "$client_log" && break
        kill -0 "$client_pid" 2>/dev/null || break
        sleep 0.1
    done
    # Let the server settle (buffers released, threads parked) before reading its RSS.
    sleep 2
    idle=$(rss_kib "$SERVER_PID")
    fds=$(ls "/proc/$SERVER_PID/fd" 2>/dev/null | wc -l)
    client=$(grep -m1 '^holding' "$client_log" || echo "client did not finish: $(tail -1 "$client_log")")
    stop_pid "$client_pid"
    stop_pid "$SERVER_PID"
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$baseline" "$idle" "$fds" "$client" >> "$RUN_DIR/idle.tsv"
    say "$(printf '  %-10s baseline %5d MiB, with idle connections %5d MiB (+%d MiB), %d open fds; client: %s' \
        "$name" $((baseline / 1024)) $((idle / 1024)) $(((idle - baseline) / 1024)) "$fds" "$client")"
done

# The static group: the same files from every server, in fresh processes, interleaved rounds.
# The Java servers' start-ups are not counted in startup.tsv: they load the static setup too.
if ((${#STATIC_SERVERS[@]} + ${#TLS_SERVERS[@]} + ${#H2_SERVERS[@]})); then
    mkdir -p "$STATIC_DIR"
    head -c 1024 /dev/urandom > "$STATIC_DIR/$STATIC_1K"
    head -c 1048576 /dev/urandom > "$STATIC_DIR/$STATIC_1M"
fi
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${STATIC_SERVERS[@]}"; do
        say ""
        say "round $round: $name, static files"
        wait_for_quiet
        if ! start_server "$name" "-Dbench.static.dir=$STATIC_DIR"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        if [[ $name == nginx ]]; then
            say "  nginx ready on http://$HOST:$PORT/static/ ($("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $(family "$SERVER_PID" | sed 1d | wc -l) workers, pid $SERVER_PID)"
        else
            say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        fi
        say "  started in $STARTUP_MS ms"
        check_static
        say "  warming up"
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/static/$STATIC_1K" | raw
        run_wrk "$WARMUP" 16 "http://$HOST:$PORT/static/$STATIC_1M" | raw
        measure_lines "$round" "$name" "${STATIC_LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# The gzip group: the page with the tool off and on, from one fresh JVM per round (start-ups not
# counted in startup.tsv, as for the static group).
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${GZIP_SERVERS[@]}"; do
        say ""
        say "round $round: $name, gzip"
        wait_for_quiet
        if ! start_server "$name"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  started in $STARTUP_MS ms"
        check_gzip "$round" "$name"
        say "  warming up"
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/page" "" "${GZIP_HEADERS[@]}" | raw
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/gz/page" "" "${GZIP_HEADERS[@]}" | raw
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/gzc/page" "" "${GZIP_HEADERS[@]}" | raw
        measure_lines "$round" "$name" "${GZIP_LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# make_sessions KIND: makes SESSION_IDS sessions on /sess/KIND/count of the running server (one
# curl, requests in sequence, no cookie sent) and writes their ids to the file the lines read.
make_sessions() {
    local kind=$1 file=$RUN_DIR/session-ids-$1.txt urls=() i
    for ((i = 0; i < SESSION_IDS; i++)); do
        urls+=("http://$HOST:$PORT/sess/$kind/count")
    done
    curl -s --max-time 60 -D - -o /dev/null "${urls[@]}" 2>/dev/null |
        sed -n 's/^[Ss]et-[Cc]ookie: session_id=\([0-9a-f]*\);.*/\1/p' > "$file"
    say "  /sess/$kind/count: $(wc -l < "$file") sessions made"
}

# The session group: one fresh JVM per round, with its file sessions in the run's directory and,
# when redis-server is installed, a Redis of the script's own.
if ((${#SESSION_SERVERS[@]})) && [[ -n $REDIS_SERVER ]]; then
    start_redis || die "redis-server did not start on port $REDIS_PORT (see $RUN_DIR/redis.log)"
fi
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${SESSION_SERVERS[@]}"; do
        say ""
        say "round $round: $name, sessions"
        wait_for_quiet
        session_props=(-Dbench.sessions.dir="$RUN_DIR/sessions-$round")
        [[ -n $REDIS_SERVER ]] && session_props+=(-Dbench.redis.url="redis://$HOST:$REDIS_PORT")
        if ! start_server "$name" "${session_props[@]}"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  started in $STARTUP_MS ms"
        for kind in "${SESSION_KINDS[@]}"; do
            [[ $kind == none ]] || make_sessions "$kind"
        done
        # without sessions the same cookies are sent (and ignored), so that only the tool differs
        cp "$RUN_DIR/session-ids-ram.txt" "$RUN_DIR/session-ids-none.txt"
        say "  warming up"
        for kind in "${SESSION_KINDS[@]}"; do
            run_wrk "$WARMUP" 256 "http://$HOST:$PORT/sess/$kind/count" "ids:$RUN_DIR/session-ids-$kind.txt" | raw
        done
        measure_lines "$round" "$name" "${SESSION_LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# The TLS group: one key for all, made here; each server in a fresh JVM per round, serving HTTPS
# (and the static directory) on its port.
if ((${#TLS_SERVERS[@]})); then
    TLS_DIR=$RUN_DIR/tls
    mkdir -p "$TLS_DIR"
    if ! { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS_DIR/key.pem" \
            -out "$TLS_DIR/cert.pem" -days 7 -subj "/CN=$HOST" -addext "subjectAltName=IP:$HOST" &&
        openssl pkcs12 -export -inkey "$TLS_DIR/key.pem" -in "$TLS_DIR/cert.pem" -passout "pass:$TLS_PASSWORD" \
            -out "$TLS_DIR/bench.p12"; } > "$TLS_DIR/openssl.log" 2>&1; then
        die "openssl could not make the TLS lines' key (see $TLS_DIR/openssl.log)"
    fi
fi
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${TLS_SERVERS[@]}"; do
        say ""
        say "round $round: $name, TLS"
        wait_for_quiet
        SCHEME=https
        if ! start_server "$name" "-Dbench.tls.keystore=$TLS_DIR/bench.p12" "-Dbench.tls.password=$TLS_PASSWORD" \
                "-Dbench.static.dir=$STATIC_DIR"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            SCHEME=http
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  started in $STARTUP_MS ms; $(curl -s -k --max-time 10 -o /dev/null -w '%{http_code} %{size_download} B' \
            "https://$HOST:$PORT/static/$STATIC_1M" 2>/dev/null) for /static/$STATIC_1M; $(echo | timeout 10 openssl s_client \
            -connect "$HOST:$PORT" 2>/dev/null | sed -n 's/^ *\(Protocol\|Cipher\) *: */\1 /p' | tr '\n' ' ')"
        say "  warming up"
        run_wrk "$WARMUP" 256 "https://$HOST:$PORT/plaintext" | raw
        run_wrk "$WARMUP" 16 "https://$HOST:$PORT/static/$STATIC_1M" | raw
        measure_lines "$round" "$name" "${TLS_LINES[@]}"
        stop_pid "$SERVER_PID"
        SCHEME=http
    done
done

# The WebSocket group: each server in a fresh JVM per round; the load client is the bench jar's.
# measure_ws ROUND NAME echo|broadcast: one line, its row in ws.tsv.
measure_ws() {
    local round=$1 name=$2 kind=$3 before after out rate p99 errors cpu_s per_cpu rss count amount cmd
    if [[ $kind == echo ]]; then
        count=$WS_ECHO_CONNECTIONS; amount=$DURATION
    else
        count=$WS_LISTENERS; amount=$WS_MESSAGES
    fi
    cmd="java -jar morello-bench.jar ws-client $kind $HOST $PORT $count $amount"
    before=$(cpu_ticks "$SERVER_PID")
    out=$(timeout --kill-after=5 300 "$JAVA" -Xmx1g -jar "$JAR" ws-client "$kind" "$HOST" "$PORT" "$count" "$amount" 2>&1)
    after=$(cpu_ticks "$SERVER_PID")
    rss=$(rss_kib "$SERVER_PID")
    { echo "--- round $round, $name, ws-$kind: $cmd"; echo "$out"; } | raw
    rate=$(sed -n 's/.*: \([0-9]*\)\/s.*/\1/p' <<< "$out" | head -1)
    p99=$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<< "$out" | head -1)
    errors=$(sed -n 's/.*errors \([0-9]*\).*/\1/p' <<< "$out" | head -1)
    local total
    total=$(awk '{ print $2; exit }' <<< "$out")
    cpu_s=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
    per_cpu=$(awk -v n="${total:-0}" -v c="$cpu_s" 'BEGIN { printf "%.0f", (c > 0) ? n / c : 0 }')
    printf '%s\t%s\tws-%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$kind" "$count" "${rate:-0}" "${p99:--1}" \
        "$rss" "$per_cpu" "${errors:-?}" >> "$RUN_DIR/ws.tsv"
    say "$(printf '  %-10s ws-%-9s c=%-4s %12s msg/s  p99 %8s ms  RSS %6s MiB  %9s msg/CPU-s  errors %s' \
        "$name" "$kind" "$count" "${rate:-0}" "${p99:-n/a}" "$((rss / 1024))" "$per_cpu" "${errors:-?}")"
}

if ((${#WS_SERVERS[@]})); then
    printf 'round\tserver\ttest\tconnections\trate\tp99_ms\trss_kib\tper_cpu_s\terrors\n' > "$RUN_DIR/ws.tsv"
fi
[[ $MODE == quick ]] && WS_MESSAGES=100 || WS_MESSAGES=500
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${WS_SERVERS[@]}"; do
        say ""
        say "round $round: $name, WebSocket"
        wait_for_quiet
        if ! start_server "$name" -Dbench.websocket=true; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  warming up"
        timeout 120 "$JAVA" -jar "$JAR" ws-client echo "$HOST" "$PORT" "$WS_ECHO_CONNECTIONS" "$WARMUP" 2>&1 | raw
        timeout 120 "$JAVA" -jar "$JAR" ws-client broadcast "$HOST" "$PORT" "$WS_LISTENERS" 50 2>&1 | raw
        measure_ws "$round" "$name" echo
        measure_ws "$round" "$name" broadcast
        stop_pid "$SERVER_PID"
    done
done

# The statistics group: the framework app without and with tools.cpstats, in fresh JVMs, interleaved.
STATS_LINES=("plaintext 16" "plaintext 256" "json 16" "json 256")
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${STATS_SERVERS[@]}"; do
        say ""
        say "round $round: $name, statistics"
        wait_for_quiet
        if ! start_server "$name"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  warming up"
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/plaintext" | raw
        run_wrk "$WARMUP" 256 "http://$HOST:$PORT/json" | raw
        measure_lines "$round" "$name" "${STATS_LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# The HTTP/2 group: each server in a fresh JVM per round, h2c beside HTTP/1.1 on its port.
if ((${#H2_SERVERS[@]})) && ! command -v h2load > /dev/null 2>&1; then
    die "the HTTP/2 lines need h2load (Debian: apt-get install nghttp2-client)"
fi
for ((round = 1; round <= ROUNDS; round++)); do
    for name in "${H2_SERVERS[@]}"; do
        say ""
        say "round $round: $name, HTTP/2"
        wait_for_quiet
        if ! start_server "$name" -Dbench.h2c=true "-Dbench.static.dir=$STATIC_DIR"; then
            say "  $name: FAILED to start; skipped this round"
            stop_pid "$SERVER_PID"
            continue
        fi
        say "  $(grep -m1 ' ready on ' "$RUN_DIR/$name-$PORT.log" | cut -c1-200)"
        say "  started in $STARTUP_MS ms; $(curl -s --http2-prior-knowledge --max-time 10 -o /dev/null \
            -w 'HTTP/%{http_version} %{http_code} %{size_download} B' "http://$HOST:$PORT/static/$STATIC_1M" 2>/dev/null) for /static/$STATIC_1M"
        say "  warming up"
        timeout 60 h2load -t1 -c"$H2_CONNECTIONS" -m"$H2_STREAMS" -D "$WARMUP" "http://$HOST:$PORT/plaintext" 2>&1 | raw
        timeout 60 h2load -t1 -c"$H2_CONNECTIONS" -m"$H2_STATIC_STREAMS" -D "$WARMUP" "http://$HOST:$PORT/static/$STATIC_1M" 2>&1 | raw
        measure_lines "$round" "$name" "${H2_LINES[@]}"
        stop_pid "$SERVER_PID"
    done
done

# ---- summary ----------------------------------------------------------------------------------

# The static lines: Morello's framework / Jetty and / nginx, each server's faster round. A line on
# which either side had socket errors or non-2xx answers gets no ratio, only "failed".
static_ratios() {
    awk -F'\t' '
        NR == 1 || $3 !~ /^static-/ { next }
        {
            line = $3 " c=" $4
            key = line SUBSEP $2
            if (!(key in rps) || $5 + 0 > rps[key] + 0) {
                rps[key] = $5; p99[key] = $6; mib[key] = $15; bad[key] = $10 + $11
            }
            if (!(line in seen)) { seen[line] = 1; lines[++nl] = line }
        }
        # Morello / PEER on one line for one measure (rps, p99 or mib), or why there is none.
        function cell(line, peer, measure,    t, p, a, b) {
            t = line SUBSEP "morello-fw"; p = line SUBSEP peer
            if (!(t in rps) || !(p in rps)) return "-"
            if (bad[t] > 0 || bad[p] > 0) return "failed"
            if (measure == "rps") { a = rps[t]; b = rps[p] }
            else if (measure == "p99") { a = p99[t]; b = p99[p] }
            else { a = mib[t]; b = mib[p] }
            if (a + 0 < 0 || b + 0 <= 0) return "n/a"
            return sprintf("%.2f", a / b)
        }
        END {
            for (l = 1; l <= nl; l++) if ((lines[l] SUBSEP "morello-fw") in rps) any = 1
            if (!any) exit
            print ""
            print "=== static files: Morello framework / Jetty and / nginx per line (req/s, MiB/s: higher is better; p99: lower is better) ==="
            printf "%-18s %13s %13s %13s %13s %13s %13s\n", "line", "req/s /jetty", "req/s /nginx", "p99 /jetty", "p99 /nginx",
                "MiB/s /jetty", "MiB/s /nginx"
            for (l = 1; l <= nl; l++) {
                big = lines[l] ~ /^static-1m/
                printf "%-18s %13s %13s %13s %13s %13s %13s\n", lines[l],
                    cell(lines[l], "jetty", "rps"), cell(lines[l], "nginx", "rps"),
                    cell(lines[l], "jetty", "p99"), cell(lines[l], "nginx", "p99"),
                    (big ? cell(lines[l], "jetty", "mib") : "-"), (big ? cell(lines[l], "nginx", "mib") : "-")
            }
            for (k in bad) if (bad[k] > 0) failed = 1
            if (failed) print "failed: a server answered that line with socket errors or non-2xx (see \"lines with errors\")"
        }' "$DATA"
}

# The gzip lines: /gz/page and /gzc/page over /page per server and connection count, each line's
# faster round. A pair where either side had socket errors or non-2xx answers gets "failed"
# instead of ratios; a run in which a compressed page came back otherwise says so under the table.
gzip_ratios() {
    awk -F'\t' '
        FILENAME != data {
            if ($3 != "gzip") check[$2] = check[$2] ", round " $1 ": " $3
            next
        }
        FNR == 1 || ($3 != "page" && $3 != "page-gzip" && $3 != "page-cached") { next }
        {
            key = $2 SUBSEP $4 SUBSEP $3
            if (!(key in rps) || $5 + 0 > rps[key] + 0) {
                rps[key] = $5; p99[key] = $6; cpu[key] = $8; bytes[key] = $16; bad[key] = $10 + $11
            }
            pair = $2 SUBSEP $4
            if (!(pair in seen)) { seen[pair] = 1; pairs[++np] = pair; server[np] = $2; conns[np] = $4 }
        }
        function ratio(a, b) { return (a + 0 < 0 || b + 0 <= 0) ? "n/a" : sprintf("%.2f", a / b) }
        END {
            if (!np) exit
            print ""
            print "=== gzip: /gz/page (gzip on) and /gzc/page (gzip and caching on) / /page (both off), each line'"'"'s faster round (req/s and req/CPU-s: higher is better; p99 and bytes: lower is better) ==="
            printf "%-10s %-10s %6s %11s %15s %11s %13s %12s %12s %9s %9s\n", "server", "page", "conns", "req/s gz/pl", "req/CPU-s gz/pl",
                "p99 gz/pl", "bytes gz/pl", "gz req/s", "plain req/s", "gz B", "plain B"
            split("page-gzip page-cached", variants, " ")
            for (v = 1; v <= 2; v++) for (i = 1; i <= np; i++) {
                label = variants[v] == "page-gzip" ? "/gz/page" : "/gzc/page"
                g = pairs[i] SUBSEP variants[v]; p = pairs[i] SUBSEP "page"
                if (!(g in rps) || !(p in rps)) continue
                if (bad[g] > 0 || bad[p] > 0) {
                    printf "%-10s %-10s %6s %11s %15s %11s %13s %12.0f %12.0f %9d %9d\n", server[i], label, "c=" conns[i], "failed", "failed",
                        "failed", "failed", rps[g], rps[p], bytes[g], bytes[p]
                    failed = 1
                    continue
                }
                printf "%-10s %-10s %6s %11s %15s %11s %13s %12.0f %12.0f %9d %9d\n", server[i], label, "c=" conns[i],
                    ratio(rps[g], rps[p]), ratio(cpu[g], cpu[p]), ratio(p99[g], p99[p]), ratio(bytes[g], bytes[p]),
                    rps[g], rps[p], bytes[g], bytes[p]
            }
            print "bytes: read per response by wrk, headers included"
            if (failed) print "failed: a server answered that line with socket errors or non-2xx (see \"lines with errors\")"
            for (s in check)
                print "note: the check before the lines found for " s ": " substr(check[s], 3) "; those ratios do not measure compression"
        }' data="$DATA" "$RUN_DIR/gzip-check.tsv" "$DATA"
}

# The session lines: each storage's line over the line without sessions, per connection count,
# each line's faster round.
session_ratios() {
    awk -F'\t' '
        NR == 1 || $3 !~ /^sess-/ { next }
        {
            key = $4 SUBSEP $3
            if (!(key in rps) || $5 + 0 > rps[key] + 0) { rps[key] = $5; p99[key] = $6; cpu[key] = $8; bad[key] = $10 + $11 }
            if (!($4 in seen)) { seen[$4] = 1; conns[++nc] = $4 }
        }
        function ratio(a, b) { return (a + 0 < 0 || b + 0 <= 0) ? "n/a" : sprintf("%.2f", a / b) }
        END {
            if (!nc) exit
            print ""
            print "=== sessions: /sess/KIND/count / /sess/none/count (sessions off), each line'"'"'s faster round (req/s and req/CPU-s: higher is better; p99: lower is better) ==="
            printf "%-8s %6s %10s %14s %10s %12s %12s\n", "storage", "conns", "req/s", "req/CPU-s", "p99", "req/s", "none req/s"
            split("ram file redis", kinds, " ")
            for (k = 1; k <= 3; k++) for (i = 1; i <= nc; i++) {
                s = conns[i] SUBSEP "sess-" kinds[k]; n = conns[i] SUBSEP "sess-none"
                if (!(s in rps) || !(n in rps)) continue
                if (bad[s] > 0 || bad[n] > 0) { printf "%-8s %6s %10s\n", kinds[k], "c=" conns[i], "failed"; continue }
                printf "%-8s %6s %10s %14s %10s %12.0f %12.0f\n", kinds[k], "c=" conns[i], ratio(rps[s], rps[n]),
                    ratio(cpu[s], cpu[n]), ratio(p99[s], p99[n]), rps[s], rps[n]
            }
        }' "$DATA"
}

# The WebSocket lines: each server's faster round, and Morello / the best peer.
ws_ratios() {
    awk -F'\t' '
        NR == 1 { next }
        {
            k = $3 SUBSEP $2
            if (!(k in rate) || $5 + 0 > rate[k] + 0) { rate[k] = $5; p99[k] = $6; rss[k] = $7; cpu[k] = $8; err[k] = $9 }
            if (!($3 in seenl)) { seenl[$3] = 1; lines[++nl] = $3; conns[$3] = $4 }
            if (!($2 in seens)) { seens[$2] = 1; servers[++ns] = $2 }
        }
        END {
            print ""
            print "=== WebSocket: each server'"'"'s faster round (messages/s and per CPU-s: higher is better) ==="
            printf "%-14s %-10s %6s %12s %10s %8s %12s %7s\n", "line", "server", "conns", "msg/s", "p99 ms", "RSS MiB", "msg/CPU-s", "errors"
            for (l = 1; l <= nl; l++) for (s = 1; s <= ns; s++) {
                k = lines[l] SUBSEP servers[s]
                if (!(k in rate)) continue
                printf "%-14s %-10s %6s %12.0f %10s %8d %12.0f %7s\n", lines[l], servers[s], conns[lines[l]], rate[k],
                    (p99[k] < 0 ? "n/a" : p99[k]), rss[k] / 1024, cpu[k], err[k]
            }
            print ""
            print "=== WebSocket: Morello raw server / best peer ==="
            printf "%-14s %-22s %-22s\n", "line", "msg/s (best peer)", "msg/CPU-s (best peer)"
            for (l = 1; l <= nl; l++) {
                m = lines[l] SUBSEP "morello"
                if (!(m in rate)) continue
                br = -1; bc = -1
                for (s = 1; s <= ns; s++) {
                    if (servers[s] == "morello") continue
                    k = lines[l] SUBSEP servers[s]
                    if (!(k in rate)) continue
                    if (rate[k] + 0 > br) { br = rate[k] + 0; brn = servers[s] }
                    if (cpu[k] + 0 > bc) { bc = cpu[k] + 0; bcn = servers[s] }
                }
                if (br <= 0) continue
                printf "%-14s %-22s %-22s\n", lines[l], sprintf("%.2f (%s)", rate[m] / br, brn), sprintf("%.2f (%s)", (bc > 0 ? cpu[m] / bc : 0), bcn)
            }
        }' "$RUN_DIR/ws.tsv"
}

summary() {
    echo ""
    echo "=== summary: each server's faster round per line (${ROUNDS} round(s), ${DURATION}s lines, wrk $WRK_THREADS thread) ==="
    # A group's peers are the other servers of the group, space-delimited for index().
    local server_peers=" ${SERVER_GROUP[*]:1} " framework_peers=" ${FRAMEWORK_GROUP[*]:1} "
    awk -F'\t' -v server_peers="$server_peers" -v framework_peers="$framework_peers" '
        # One line per test: TARGET against the best of PEERS on each measure (the highest
        # req/s and req/CPU-s, the lowest p99 and RSS), named after the ratio. Nothing when
        # TARGET or all of PEERS did not run.
        function ratios(title, target, peers, label,    l, s, k, m, any, br, bc, bp, bm, brn, bcn, bpn, bmn) {
            if (!(target in sseen)) return
            any = 0
            for (s = 1; s <= ns; s++) if (index(peers, " " servers[s] " ")) any = 1
            if (!any) return
            print ""
            print "=== " title " per line (req/s and req/CPU-s: higher is better; p99 and RSS: lower is better) ==="
            printf "%-18s %-24s %-24s %-24s %-24s\n", "line", "req/s (" label ")", "req/CPU-s (" label ")",
                "p99 (" label ")", "RSS (" label ")"
            for (l = 1; l <= nl; l++) {
                m = lines[l] SUBSEP target
                if (!(m in best)) continue
                br = -1; bc = -1; bp = -1; bm = -1
                for (s = 1; s <= ns; s++) {
                    if (!index(peers, " " servers[s] " ")) continue
                    k = lines[l] SUBSEP servers[s]
                    if (!(k in best)) continue
                    if (best[k] + 0 > br) { br = best[k] + 0; brn = servers[s] }
                    if (cpu[k] + 0 > bc) { bc = cpu[k] + 0; bcn = servers[s] }
                    if (p99[k] >= 0 && (bp < 0 || p99[k] + 0 < bp)) { bp = p99[k] + 0; bpn = servers[s] }
                    if (bm < 0 || rss[k] + 0 < bm) { bm = rss[k] + 0; bmn = servers[s] }
                }
                if (br <= 0) continue
                printf "%-18s %-24s %-24s %-24s %-24s\n", lines[l],
                    sprintf("%.2f (%s)", best[m] / br, brn),
                    sprintf("%.2f (%s)", (bc > 0 ? cpu[m] / bc : 0), bcn),
                    (bp > 0 && p99[m] >= 0 ? sprintf("%.2f (%s)", p99[m] / bp, bpn) : "n/a"),
                    sprintf("%.2f (%s)", (bm > 0 ? rss[m] / bm : 0), bmn)
            }
        }
        NR == 1 { next }
        {
            key = $3 " c=" $4 SUBSEP $2
            if (!(key in best) || $5 + 0 > best[key] + 0) {
                best[key] = $5; p99[key] = $6; rss[key] = $7; cpu[key] = $8; err[key] = $10 + $11; other[key] = $14
                mib[key] = $15
            }
            if (!(($3 " c=" $4) in seen)) { seen[$3 " c=" $4] = 1; lines[++nl] = $3 " c=" $4 }
            if (!($2 in sseen)) { sseen[$2] = 1; servers[++ns] = $2 }
        }
        END {
            printf "%-18s %-10s %12s %10s %8s %12s %7s %11s %9s\n", "line", "server", "req/s", "p99 ms", "RSS MiB", "req/CPU-s", "errors",
                "other CPU-s", "MiB/s"
            for (l = 1; l <= nl; l++) {
                for (s = 1; s <= ns; s++) {
                    k = lines[l] SUBSEP servers[s]
                    if (!(k in best)) continue
                    printf "%-18s %-10s %12.0f %10s %8d %12.0f %7d %11.2f %9.1f\n", lines[l], servers[s], best[k],
                        (p99[k] < 0 ? "n/a" : sprintf("%.2f", p99[k])), rss[k] / 1024, cpu[k], err[k], other[k], mib[k]
                }
            }
            ratios("Morello raw server / best server peer", "morello", server_peers, "best peer")
            ratios("Morello framework / best framework peer", "morello-fw", framework_peers, "best peer")
            ratios("Morello framework / Morello raw server", "morello-fw", " morello ", "raw server")
            ratios("Statistics on (tools.cpstats) / off", "morello-fw-stats", " morello-fw ", "stats off")
        }' "$DATA"
    ((${#STATIC_SERVERS[@]})) && static_ratios
    ((${#GZIP_SERVERS[@]})) && gzip_ratios
    ((${#SESSION_SERVERS[@]})) && session_ratios
    ((${#WS_SERVERS[@]})) && ws_ratios
    if ((${#SERVERS[@]})); then
        echo ""
        echo "=== RSS with $IDLE_CONNECTIONS idle keep-alive connections (fresh JVM) ==="
        awk -F'\t' 'NR == 1 { printf "%-10s %12s %12s %10s %12s %7s  %s\n", "server", "baseline MiB", "idle MiB", "delta MiB", "KiB/conn", "fds", "client"; next }
            { d = $3 - $2; printf "%-10s %12.1f %12.1f %10.1f %12.1f %7d  %s\n", $1, $2 / 1024, $3 / 1024, d / 1024, d / n, $4, $5 }' \
            n="$IDLE_CONNECTIONS" "$RUN_DIR/idle.tsv"
        echo ""
        echo "=== start-up: JVM start to the first 200 from /plaintext, ms (every start) ==="
        awk -F'\t' '{ t[$1] = t[$1] (t[$1] == "" ? "" : ", ") $2; if (!($1 in m) || $2 + 0 < m[$1]) m[$1] = $2 + 0; if (!($1 in seen)) { seen[$1] = 1; o[++n] = $1 } }
            END { printf "%-10s %8s  %s\n", "server", "min ms", "all starts"; for (i = 1; i <= n; i++) printf "%-10s %8d  %s\n", o[i], m[o[i]], t[o[i]] }' \
            "$RUN_DIR/startup.tsv"
    fi
    local failed
    failed=$(awk -F'\t' 'NR > 1 && ($10 + $11 > 0 || $5 + 0 == 0) { printf "  round %s %s %s c=%s: socket errors %s, non-2xx %s\n", $1, $2, $3, $4, $10, $11 }' "$DATA")
    if [[ -n $failed ]]; then
        echo ""
        echo "=== lines with errors ==="
        echo "$failed"
    fi
    echo ""
    echo "full output: $OUT"
}

summary | tee -a "$OUT"
