#!/usr/bin/env bash
# The test Elasticsearch node: builds it on first use (Maven, cached in ~/.m2), then runs it.
#
#   tools/es-node/run.sh --home DIR [--port 0] [--port-file FILE] [--log-level WARN]
#   tools/es-node/run.sh --check        # exit 0 when a JDK 21+ and Maven are here, else say why
#   tools/es-node/run.sh --build-only   # build (or check the build is current) and exit
#
# Elasticsearch 9 needs Java 21 or newer: the JDK is taken from ES_JAVA_HOME, JAVA_HOME,
# `java` on PATH or /usr/lib/jvm/*, the first one that is new enough. ES_NODE_HEAP sets the
# heap (default 512m). The node runs in the foreground; SIGTERM or Ctrl-C stops it cleanly.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR="$HERE/target/es-node.jar"
MIN_JAVA=21

java_major() {  # the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk() {  # prints a JAVA_HOME whose java is new enough; $1=yes also needs javac
  local candidates=() home major
  [ -n "${ES_JAVA_HOME:-}" ] && candidates+=("$ES_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${home%/}"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    [ "$1" = yes ] && [ ! -x "$home/bin/javac" ] && continue
    major=$(java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

stale() {  # the jar is missing or older than its sources
  [ ! -f "$JAR" ] || [ ! -d "$HERE/target/lib" ] \
    || [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -print -quit)" ]
}

build() {
  stale || return 0
  command -v mvn >/dev/null 2>&1 || {
    echo "es-node: Maven (mvn) is needed to build the node: apt-get install maven" >&2
    return 3
  }
  local jdk
  jdk=$(find_jdk yes) || {
    echo "es-node: a JDK $MIN_JAVA+ (with javac) is needed to build the node" >&2
    return 3
  }
  mkdir -p "$HERE/target"
  (
    # One build at a time (tests, benchmark and `make es-node` may start together).
    flock 9
    stale || exit 0
    echo "es-node: building with Maven and $jdk (first run downloads from Maven Central)" >&2
    export JAVA_HOME="$jdk"
    if [ "$(java_major "$jdk/bin/java")" -ge 24 ]; then
      export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    fi
    # Offline first: after one online build everything is in ~/.m2.
    mvn -q -B -o -f "$HERE/pom.xml" package >/dev/null 2>&1 \
      || mvn -q -B -f "$HERE/pom.xml" package
    touch "$JAR"
  ) 9>"$HERE/target/.build.lock"
}

case "${1:-}" in
  --check)
    if ! stale; then  # built already: a Java runtime is all it takes
      find_jdk no >/dev/null && exit 0
    fi
    command -v mvn >/dev/null 2>&1 || {
      echo "Maven (mvn) is not installed: apt-get install maven"; exit 3; }
    find_jdk yes >/dev/null || {
      echo "no JDK $MIN_JAVA or newer found (ES_JAVA_HOME, JAVA_HOME, PATH, /usr/lib/jvm):" \
           "install one, e.g. Temurin 21+ or openjdk-21-jdk, or point ES_JAVA_HOME at it"
      exit 3; }
    exit 0 ;;
  --build-only)
    build
    exit $? ;;
esac

build
JDK=$(find_jdk no) || { echo "es-node: no Java $MIN_JAVA+ found to run the node" >&2; exit 3; }
HOME_DIR=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--home" ] && HOME_DIR="${args[$((i + 1))]:-}"
done
[ -n "$HOME_DIR" ] || { echo "es-node: --home DIR is required" >&2; exit 2; }
mkdir -p "$HOME_DIR/tmp"
HEAP="${ES_NODE_HEAP:-512m}"

# exec: the JVM takes this process's id, so signals and memory readings reach it directly.
exec "$JDK/bin/java" \
  "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Xss1m \
  --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Des.path.home="$HOME_DIR" -Djava.io.tmpdir="$HOME_DIR/tmp" \
  -Dfile.encoding=UTF-8 -Djava.locale.providers=CLDR \
  -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
  -Dio.netty.allocator.type=pooled -Dio.netty.recycler.maxCapacityPerThread=0 \
  -cp "$JAR:$HERE/target/lib/*" org.elasticsearch.node.VettedNode "$@"
