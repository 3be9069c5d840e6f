#!/usr/bin/env bash
# testssl.sh against Morello's HTTPS, as a site serves it: the launcher (morellod) with a config
# file of CherryPy's keys (server.ssl_certificate, server.ssl_private_key) mounting the
# StringMaker example, on 127.0.0.1, with the hsts tool and the usual security headers on (as a
# site served over HTTPS would have them).
#
#   bench/testssl.sh                  port 8443, or a free one when 8443 is taken
#   bench/testssl.sh --port 9443
#   bench/testssl.sh --rebuild        rebuild the examples jar first (else built only when missing)
#
# The script makes an EC P-256 key and a self-signed certificate for localhost and 127.0.0.1, valid
# for 90 days as a public CA's are (testssl.sh rates one that ends within 60 days), with openssl
# in a temporary directory, writes the config file there, starts the launcher in the
# background, waits (bounded) until it answers over HTTPS, and runs testssl.sh on 127.0.0.1:PORT
# without DNS look-ups or any other network access (no OCSP or CRL fetches). It prints a summary:
# the overall grade when this testssl.sh gives one, every finding of severity CRITICAL, HIGH or
# MEDIUM, and the LOW ones. A self-signed certificate makes some findings that are the
# certificate's, not the server's (its trust, its chain, no OCSP or CRL URI, no CT).
#
# The results go to target/testssl/<date>/: testssl.txt (the full report), testssl.csv,
# summary.txt and server.log. Only the process this script started is stopped, by its PID.
#
# Needs a JDK 21+ (JAVA_HOME, else the newest under /usr/lib/jvm), Maven (to build the jar),
# openssl, curl and testssl.sh (Debian: apt-get install testssl.sh openssl curl).
set -uo pipefail

PORT=8443
PORT_GIVEN=0
REBUILD=0
START_TIMEOUT=60      # seconds for the launcher to answer its first request
TESTSSL_TIMEOUT=1200  # seconds for the whole testssl.sh run
STOP_TIMEOUT=15       # seconds between TERM and KILL

while (($#)); do
    case $1 in
        --port) PORT=${2:?--port needs a number}; PORT_GIVEN=1; shift 2 ;;
        --rebuild) REBUILD=1; shift ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see bench/testssl.sh --help)" >&2; exit 2 ;;
    esac
done
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT < 65536)) || { echo "not a port: $PORT" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=$ROOT/target/testssl/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN_DIR"
SUMMARY=$RUN_DIR/summary.txt

say() { printf '%s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }

# ---- prerequisites ----------------------------------------------------------------------------

source "$ROOT/bench/java.sh"
JAVA=$(find_java) || true
[[ -n $JAVA ]] || die "no JDK 21 or newer: set JAVA_HOME to one, or install one under /usr/lib/jvm"
TESTSSL=$(command -v testssl.sh || command -v testssl) || die "testssl.sh is missing: apt-get install testssl.sh"
command -v openssl > /dev/null || die "openssl is missing: apt-get install openssl"
command -v curl > /dev/null || die "curl is missing: apt-get install curl"

# The examples with everything they need, runnable with java -jar (the shade plugin's output).
JAR=$ROOT/morello-examples/target/morello-examples.jar
if [[ ! -f $JAR || $REBUILD == 1 ]]; then
    say "building $JAR"
    (cd "$ROOT" && mvn -q -B -o -pl morello-examples -am -DskipTests package) > "$RUN_DIR/build.log" 2>&1 ||
        die "the build failed (see $RUN_DIR/build.log)"
    [[ -f $JAR ]] || die "the build did not produce $JAR (see $RUN_DIR/build.log)"
fi
if [[ -n $(find "$ROOT/morello-http/src/main" "$ROOT/morello/src/main" "$ROOT/morello-examples/src/main" \
        -newer "$JAR" -type f 2> /dev/null | head -1) ]]; then
    say "warning: $JAR is older than the sources; bench/testssl.sh --rebuild tests the current code"
fi

# Whether something answers TCP on 127.0.0.1:$1.
listening() {
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}
if listening "$PORT"; then
    ((PORT_GIVEN)) && die "port $PORT is taken"
    for _ in $(seq 50); do
        PORT=$((20000 + RANDOM % 20000))
        listening "$PORT" || break
    done
    listening "$PORT" && die "found no free port"
fi

# ---- the key, the certificate and the config, in a temporary directory ------------------------

SERVER_PID=
TMP=$(mktemp -d "${TMPDIR:-/tmp}/morello-testssl.XXXXXX") || die "cannot make a temporary directory"

stop_server() {
    local i
    [[ -n $SERVER_PID ]] || return 0
    if kill -0 "$SERVER_PID" 2> /dev/null; then
        kill -TERM "$SERVER_PID" 2> /dev/null
        for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
            kill -0 "$SERVER_PID" 2> /dev/null || break
            sleep 0.1
        done
        if kill -0 "$SERVER_PID" 2> /dev/null; then
            say "the launcher (pid $SERVER_PID) did not stop within ${STOP_TIMEOUT}s of TERM; killing it"
            kill -KILL "$SERVER_PID" 2> /dev/null
        fi
    fi
    wait "$SERVER_PID" 2> /dev/null
    SERVER_PID=
}
cleanup() {
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# OpenSSL reads this configuration only (OPENSSL_CONF), so the system's defaults change nothing.
cat > "$TMP/openssl.cnf" << 'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = leaf
[dn]
CN = localhost
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
EOF
OPENSSL_CONF=$TMP/openssl.cnf openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 \
    -config "$TMP/openssl.cnf" -keyout "$TMP/localhost.key" -out "$TMP/localhost.pem" > "$RUN_DIR/openssl.log" 2>&1 ||
    die "openssl could not make the certificate (see $RUN_DIR/openssl.log)"

CONF=$TMP/site.conf
cat > "$CONF" << EOF
[global]
server.socket_host = "127.0.0.1"
server.socket_port = $PORT
server.ssl_certificate = "$TMP/localhost.pem"
server.ssl_private_key = "$TMP/localhost.key"
# what a site served over HTTPS sends: HSTS (the framework's tool) and the usual security headers
tools.hsts.on = True
tools.response_headers.on = True
tools.response_headers.headers = [('X-Frame-Options', 'DENY'), ('X-Content-Type-Options', 'nosniff'), ('Content-Security-Policy', "default-src 'self'"), ('Referrer-Policy', 'no-referrer')]
EOF

# ---- the launcher -----------------------------------------------------------------------------

say "starting: java -jar ${JAR#"$ROOT"/} morellod -c site.conf -i dev.morello.examples.StringMaker (port $PORT)"
"$JAVA" -jar "$JAR" morellod -c "$CONF" -i dev.morello.examples.StringMaker > "$RUN_DIR/server.log" 2>&1 &
SERVER_PID=$!

answered=0
for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    kill -0 "$SERVER_PID" 2> /dev/null || die "the launcher exited before it answered (see $RUN_DIR/server.log)"
    if [[ $(curl -s -o /dev/null --max-time 2 --cacert "$TMP/localhost.pem" -w '%{http_code}' \
            "https://127.0.0.1:$PORT/" 2> /dev/null) == 200 ]]; then
        answered=1
        break
    fi
    sleep 0.1
done
((answered)) || die "the launcher did not answer https://127.0.0.1:$PORT/ within ${START_TIMEOUT}s (see $RUN_DIR/server.log)"
say "it answers https://127.0.0.1:$PORT/; running $(basename "$TESTSSL") (a few minutes)"

# ---- testssl.sh -------------------------------------------------------------------------------

# --nodns none: no look-ups at all (no CAA, no MX; the target is an address already, so --ip one,
# which testssl.sh refuses with it, would add nothing); without --phone-out nothing leaves the
# machine.
timeout --kill-after=10 "$TESTSSL_TIMEOUT" "$TESTSSL" --quiet --color 0 --warnings batch --nodns none \
    --csvfile "$RUN_DIR/testssl.csv" "127.0.0.1:$PORT" > "$RUN_DIR/testssl.txt" 2>&1
status=$?
stop_server
((status == 124 || status == 137)) && die "testssl.sh did not finish within ${TESTSSL_TIMEOUT}s (see $RUN_DIR/testssl.txt)"
[[ -s $RUN_DIR/testssl.csv ]] || die "testssl.sh wrote no results (exit $status; see $RUN_DIR/testssl.txt)"

# ---- the summary ------------------------------------------------------------------------------

# The CSV's rows: "id","fqdn/ip","port","severity","finding","cve","cwe"; every field quoted.
findings() {
    awk -F'","' -v want="$1" 'NR > 1 && $4 == want { sub(/^"/, "", $1); printf "  %-8s %-32s %s\n", $4, $1, $5 }' \
        "$RUN_DIR/testssl.csv"
}
{
    say "testssl.sh $("$TESTSSL" --version 2>&1 | awk '/testssl/ && /[0-9]+\.[0-9]+/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]/) { print $i; exit } }') on 127.0.0.1:$PORT (morellod, StringMaker; a self-signed certificate)"
    grade=$(awk -F'","' 'tolower($1) ~ /overall_grade/ { print $5; exit }' "$RUN_DIR/testssl.csv")
    if [[ -n $grade ]]; then
        say "overall grade: $grade"
    else
        say "overall grade: none (this testssl.sh does not rate)"
    fi
    for severity in CRITICAL HIGH MEDIUM LOW; do
        rows=$(findings "$severity")
        count=$(printf '%s' "$rows" | grep -c .)
        say "$severity: $count"
        [[ -n $rows ]] && printf '%s\n' "$rows"
    done
    say "full report: ${RUN_DIR#"$ROOT"/}/testssl.txt"
} | tee "$SUMMARY"
exit 0
