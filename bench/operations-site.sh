# The operations example as the soak and storm scripts run it (sourced by soak.sh and
# slowloris.sh): the jars, a JDK 21+, the server started on a free port of 127.0.0.1 with fixed
# JVM flags, and stopped by its PID. The caller sets ROOT, RUN_DIR and REBUILD, and defines say.

source "$ROOT/bench/java.sh"

EXAMPLES_JAR=$ROOT/morello-examples/target/morello-examples.jar
BENCH_JAR=$ROOT/morello-bench/target/morello-bench.jar
HOST=127.0.0.1
# A fixed heap, touched at start: the heap's size is no variable, and the RSS then grows only by
# what is outside the heap (code, metaspace, thread stacks, buffers), which is what the soak
# watches. ParallelGC: the throughput collector, and the cheapest on 2 cores.
SERVER_JVM_FLAGS=(-Xms256m -Xmx256m -XX:+UseParallelGC -XX:+AlwaysPreTouch)
# Access lines (INFO on morello.access) would be one per request: off; errors are still logged.
SERVER_LOG_FLAGS=(-Dorg.slf4j.simpleLogger.log.morello.access=warn)
START_TIMEOUT=30
STOP_TIMEOUT=15
SERVER_PID=
PORT=

JAVA=$(find_java) || true
[[ -n $JAVA ]] || { say "error: no JDK 21 or newer: set JAVA_HOME to one, or install one under /usr/lib/jvm"; exit 1; }

# build_jars: the two jars, built when missing or when REBUILD=1.
build_jars() {
    if [[ ! -f $EXAMPLES_JAR || ! -f $BENCH_JAR || $REBUILD == 1 ]]; then
        say "building $EXAMPLES_JAR and $BENCH_JAR"
        (cd "$ROOT" && timeout 1800 mvn -q -B -DskipTests package -pl morello-examples,morello-bench -am) \
            > "$RUN_DIR/build.log" 2>&1
        [[ -f $EXAMPLES_JAR && -f $BENCH_JAR ]] || { say "error: the build did not produce the jars (see $RUN_DIR/build.log)"; exit 1; }
    fi
    if [[ -n $(find "$ROOT/morello-http/src/main" "$ROOT/morello-engine/src/main" "$ROOT/morello/src/main" \
            "$ROOT/morello-examples/src/main" -newer "$EXAMPLES_JAR" -type f 2>/dev/null | head -1) ]]; then
        say "warning: $EXAMPLES_JAR is older than the sources; --rebuild measures the current code"
    fi
}

# ours PID: whether PID is still the server this script started (a freed PID may be anyone's).
ours() {
    { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$EXAMPLES_JAR"
}

# http_status HOST PORT PATH: the status code of GET PATH (bash's /dev/tcp: no curl needed).
http_status() {
    local line
    exec 3<> "/dev/tcp/$1/$2" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$3" "$1" "$2" >&3
    read -r -t 2 line <&3 || return 1
    exec 3<&-
    line=${line#HTTP/1.? }
    echo "${line%% *}"
}
export -f http_status

# start_operations [JVM options...]: starts the example on a free port (the server picks it:
# --port 0) and waits until /health/ready answers 200; sets SERVER_PID and PORT.
start_operations() {
    local log=$RUN_DIR/server.log i code
    : > "$log"  # the background child opens it for itself: it may not exist yet at the first look
    "$JAVA" "${SERVER_JVM_FLAGS[@]}" "${SERVER_LOG_FLAGS[@]}" "$@" -jar "$EXAMPLES_JAR" operations --port 0 > "$log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            say "error: the operations example exited at start:"; tail -20 "$log"; exit 1
        fi
        PORT=$(sed -n 's|.*Serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)
        if [[ -n $PORT ]]; then
            code=$(timeout 5 bash -c 'http_status "$@"' _ "$HOST" "$PORT" /health/ready 2>/dev/null)
            [[ $code == 200 ]] && return 0
        fi
        sleep 0.1
    done
    say "error: the operations example did not answer within ${START_TIMEOUT}s"
    exit 1
}

# stop_operations: SIGTERM to the server, SIGKILL if it is still there after STOP_TIMEOUT.
stop_operations() {
    local i
    [[ -n $SERVER_PID ]] || return 0
    if ours "$SERVER_PID"; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
            ours "$SERVER_PID" || break
            sleep 0.1
        done
        if ours "$SERVER_PID"; then
            say "the server (pid $SERVER_PID) did not stop within ${STOP_TIMEOUT}s of SIGTERM; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null
        fi
    fi
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
}

# server_errors: the ERROR lines in the server's log, counted, the first three shown.
server_errors() {
    local n
    n=$(grep -c ' ERROR ' "$RUN_DIR/server.log")
    say "server log: $n ERROR lines"
    ((n > 0)) && grep ' ERROR ' "$RUN_DIR/server.log" | head -3 | sed 's/^/  /'
    return 0
}
