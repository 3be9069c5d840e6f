# Finding a JDK 21 or newer for the bench scripts (sourced by run.sh, profile.sh and jfr.sh):
# JAVA_HOME's when it is one, else the newest under /usr/lib/jvm or on the PATH.

# java_major JAVA: the Java major version of that java command.
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 |
        awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]); exit }'
}

find_java() {
    local j v best="" best_v=0
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        v=$(java_major "$JAVA_HOME/bin/java")
        if [[ -n $v ]] && ((v >= 21)); then
            echo "$JAVA_HOME/bin/java"
            return 0
        fi
    fi
    for j in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null)"; do
        [[ -x $j ]] || continue
        v=$(java_major "$j")
        if [[ -n $v ]] && ((v >= 21 && v > best_v)); then
            best=$j
            best_v=$v
        fi
    done
    [[ -n $best ]] && echo "$best"
}
