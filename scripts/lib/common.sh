# Shared settings and helpers for the scripts in this folder. Every setting can be overridden from the environment.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_HOME="${TABLECAST_STACK_HOME:-$REPO_ROOT/.stack}"
# The team's shared folder (its forecast checks and their scorer): beside the project unless said otherwise.
SHARED_DIR="${TABLECAST_SHARED:-$REPO_ROOT/../shared}"

KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-4}"
TXN_TOPIC="${TXN_TOPIC:-transactions}"
DLQ_TOPIC="${DLQ_TOPIC:-transactions-dlq}"
EVENTS_TOPIC="${EVENTS_TOPIC:-external-events}"
PROFILES_TOPIC="${PROFILES_TOPIC:-user-profiles}"
RULES_TOPIC="${RULES_TOPIC:-segment-rules}"

CASSANDRA_HOST="${CASSANDRA_HOST:-127.0.0.1}"
CASSANDRA_PORT="${CASSANDRA_PORT:-9042}"
CASSANDRA_STORAGE_PORT="${CASSANDRA_STORAGE_PORT:-7000}"
CASSANDRA_JMX_PORT="${CASSANDRA_JMX_PORT:-7199}"
CASSANDRA_HEAP="${CASSANDRA_HEAP:-2g}"

FLINK_REST_PORT="${FLINK_REST_PORT:-8081}"

# Where scripts/stack and scripts/flink-cluster keep each server: its files and the pid of the process they started.
CASS_DIR="$STACK_HOME/cassandra"
KAFKA_DIR="$STACK_HOME/kafka"
FLINK_DIR="$STACK_HOME/flink"
# scripts/stack up --secure: CA certificate, passwords and client settings of the secure profile.
SECURE_DIR="$STACK_HOME/secure"
CASS_PID="$CASS_DIR/cassandra.pid"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
JM_PID="$FLINK_DIR/jobmanager.pid"
TM_PID="$FLINK_DIR/taskmanager.pid"

# Java 17: what Flink's own env.java.opts.all carries, for Kryo and the RPC system.
FLINK_JAVA17_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

JOB_JAR="$REPO_ROOT/flink-job/target/tablecast-job.jar"
JOB_CLASSPATH_FILE="$REPO_ROOT/flink-job/target/classpath.txt"
# The tools, the local runner and the backtest run from the compiled classes: the deployed jar holds the job only.
JOB_CLASSES="$REPO_ROOT/flink-job/target/classes"
JOB_RUNTIME_CLASSPATH_FILE="$REPO_ROOT/flink-job/target/runtime-classpath.txt"

# The class path of the tools and the local runner (call after ensure_built).
tools_classpath() {
  echo "$(cat "$JOB_CLASSPATH_FILE"):$(cat "$JOB_RUNTIME_CLASSPATH_FILE"):$JOB_CLASSES"
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is needed but not on PATH ($2)"
}

# True when something accepts TCP connections on host:port.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# True once nothing listens on host:port any more, waiting up to the given seconds: a process killed a moment ago
# may hold its ports while the kernel tears it down.
port_frees_up() {
  local host="$1" port="$2" deadline=$((SECONDS + ${3:-30}))
  while port_open "$host" "$port"; do
    (( SECONDS < deadline )) || return 1
    sleep 1
  done
}

# pid file holds the pid of a process this project started; true while that process lives. A killed process whose
# parent has not reaped it yet (a zombie) still answers kill -0, so its state is read too: a zombie is dead.
pid_alive() {
  local pidfile="$1" pid state
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo X)"
  [[ "$state" != Z && "$state" != X ]]
}

# A server this project started: "answers" when its pid lives and it answers its protocol, "dead" when its pid is
# gone, "hung" when the pid lives but gave no answer within the grace period (a half-dead process; restart it).
# $1 pid file, $2 the function that asks, $3 grace seconds.
server_health() {
  local pidfile="$1" asks="$2" grace="${3:-20}"
  pid_alive "$pidfile" || { echo dead; return 0; }
  if wait_until "$grace" alive_and "$asks" "$pidfile"; then echo answers; return 0; fi
  pid_alive "$pidfile" && echo hung || echo dead
}

# For wait_until: stops the wait at once (exit 255) when the server died, else asks whether it answers.
alive_and() {
  pid_alive "$2" || return 255
  "$1"
}

# Waits until the command succeeds; false when the timeout (seconds) runs out first or the command returns 255
# (it knows waiting longer is pointless).
wait_until() {
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout)) rc
  while true; do
    rc=0; "$@" || rc=$?
    (( rc == 0 )) && return 0
    (( rc == 255 )) && return 1
    (( SECONDS < deadline )) || return 1
    sleep 1
  done
}

# Fetches the jars a deploy/local/<name>/pom.xml lists, once, into $STACK_HOME/<name>/lib.
fetch_jars() {
  local name="$1" dest="$STACK_HOME/$1/lib"
  if [[ -f "$dest/.complete" ]]; then return 0; fi
  require_tool mvn "install Maven 3.8+"
  log "fetching $name jars from Maven Central (once)"
  rm -rf "$dest"
  mvn -B -q -f "$REPO_ROOT/deploy/local/$name/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$dest" >"$STACK_HOME/$name-fetch.log" 2>&1 \
    || die "could not fetch $name jars; see $STACK_HOME/$name-fetch.log"
  touch "$dest/.complete"
}

# Stops the process whose pid is in pidfile: SIGTERM, then SIGKILL after the grace period.
stop_pid() {
  local name="$1" pidfile="$2" grace="${3:-30}"
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"; log "$name: not running"; return 0
  fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then log "$name: did not stop in ${grace}s, killing"; kill -9 "$pid"; fi
    sleep 0.5
  done
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

# Builds the job jar when it is missing or older than any main source or pom (warm Maven cache: about a minute).
# TABLECAST_SKIP_BUILD=1 uses the jar as it is (the integration tests run the scripts from inside a Maven build).
ensure_built() {
  if [[ -f "$JOB_JAR" && -f "$JOB_CLASSPATH_FILE" && -f "$JOB_RUNTIME_CLASSPATH_FILE" ]]; then
    [[ "${TABLECAST_SKIP_BUILD:-0}" == 1 ]] && return 0
    [[ -z "$(find "$REPO_ROOT" -path "$REPO_ROOT/.stack" -prune -o \( -path '*/src/main/*' -o -name 'pom.xml' \) \
             -type f -newer "$JOB_JAR" -print -quit)" ]] && return 0
  elif [[ "${TABLECAST_SKIP_BUILD:-0}" == 1 ]]; then
    die "$JOB_JAR is missing and TABLECAST_SKIP_BUILD=1; build with 'mvn package' first"
  fi
  require_tool mvn "install Maven 3.8+"
  log "building (mvn clean install -DskipTests)"
  (cd "$REPO_ROOT" && mvn -B -q clean install -DskipTests) || die "build failed"
}

# Runs one of Kafka's own command-line classes (TopicCommand, ConfigCommand) from the jars scripts/stack fetched.
kafka_java() {
  java -Xmx256m -Dlog4j2.configurationFile="$KAFKA_DIR/conf/tools-log4j2.properties" \
    -cp "$KAFKA_DIR/lib/*" "$@"
}

# Runs one of the command-line tools (generate, replay, query, summary) from the built jar.
run_tool() {
  ensure_built
  java -Dlog4j2.configurationFile="$REPO_ROOT/scripts/lib/log4j2-tools.properties" \
    -cp "$(tools_classpath)" io.tablecast.job.tools.Tools "$@"
}
