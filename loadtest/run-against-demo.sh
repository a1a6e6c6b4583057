#!/usr/bin/env bash
# Runs a Gatling load profile against the demo and joins the scaling timeline to Gatling's report.
#
#   loadtest/run-against-demo.sh [steady|ramp|spike|trace|smoke] [-Dkey=value ...]
#
# Builds the jar if it is missing, starts `microscaler demo --traffic external` (the whole loop on
# this machine, with no load of its own), waits until it is ready, runs DeepZoomSimulation against
# its load balancer while recording /api/services and /api/decisions once a second, stops the demo,
# and writes scaling-timeline.csv and scaling-timeline.png next to Gatling's HTML report. Extra
# -D options go to Gatling (e.g. -Dtrace=traces/nasa-http-1995-07-10-week.csv, from the repository root).
# Exits non-zero when Gatling's assertions fail, or when the demo does not start.
#
# Environment: MICROSCALER_HTTP_PORT, MICROSCALER_LB_PORT (default 8080 and 8081, or the next free
# ones), READY_TIMEOUT (seconds the demo may take to get ready, default 180).
set -euo pipefail

PROFILE="${1:-spike}"
shift || true
case "$PROFILE" in
  steady|ramp|spike|trace|smoke) ;;
  *) echo "usage: $0 [steady|ramp|spike|trace|smoke] [-Dkey=value ...]" >&2; exit 2 ;;
esac
# File options (-Dtrace, -Dids) are read by Gatling's JVM, whose folder is not the caller's: make a
# relative path absolute against the folder the script was called from (e.g. -Dtrace=traces/….csv).
GATLING_ARGS=()
for arg in "$@"; do
  [[ "$arg" == -D* ]] || { echo "$0: '$arg': only -Dkey=value options may follow the profile" >&2; exit 2; }
  if [[ "$arg" =~ ^-D(trace|ids)=([^/].*)$ ]]; then
    arg="-D${BASH_REMATCH[1]}=$PWD/${BASH_REMATCH[2]}"
  fi
  GATLING_ARGS+=("$arg")
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUN_DIR="$HERE/target/run-against-demo"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
command -v java >/dev/null || { echo "$0: java not found: install a JDK 17" >&2; exit 1; }
command -v mvn >/dev/null || { echo "$0: mvn not found: install Maven" >&2; exit 1; }

# Loopback HTTP with bash's /dev/tcp alone, so a fresh machine needs no curl.
# A port is taken when something accepts a connection on it.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { # http_ok PORT PATH: the answer's status is 200
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ "$status" == "HTTP/1."[01]" 200"* ]]
  ) 2>/dev/null
}
free_port() { # free_port PREFERRED [AVOID]: PREFERRED if free, else the next free one above it
  local p="$1"
  while port_taken "$p" || [[ "$p" == "${2:-}" ]]; do
    p=$((p + 1))
    if (( p > $1 + 200 )); then echo "$0: no free port from $1 to $p" >&2; exit 1; fi
  done
  echo "$p"
}

DEMO_PID=""
SAMPLER_PID=""
stop_demo() {
  if [[ -n "$SAMPLER_PID" ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
  fi
  SAMPLER_PID=""
  if [[ -n "$DEMO_PID" ]] && kill -0 "$DEMO_PID" 2>/dev/null; then
    # SIGTERM ends the demo early and cleanly (summary printed, Kafka's files deleted); 60 s at most
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  DEMO_PID=""
}
trap stop_demo EXIT
trap 'exit 130' INT TERM

demo_log_tail() {
  echo "---- last lines of the demo's log ($RUN_DIR/demo.log) ----" >&2
  tail -n 40 "$RUN_DIR/demo.log" >&2 || true
}

cd "$ROOT"
if [[ ! -f target/microscaler.jar ]]; then
  echo "== building target/microscaler.jar (the README's build)"
  mvn -B -q package -DskipTests
fi

rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
echo "== compiling the load tests and running their unit tests"
mvn -B -q -f "$HERE/pom.xml" test dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$RUN_DIR/classpath.txt"
TIMELINE_CP="$HERE/target/classes:$(cat "$RUN_DIR/classpath.txt")"

HTTP_PORT="${MICROSCALER_HTTP_PORT:-$(free_port 8080)}"
LB_PORT="${MICROSCALER_LB_PORT:-$(free_port 8081 "$HTTP_PORT")}"
case "$PROFILE" in
  smoke) DEMO_FOR=10m ;;   # an upper bound: the demo is stopped when Gatling is done
  *) DEMO_FOR=3h ;;
esac
echo "== starting the demo: autoscaler API on $HTTP_PORT, load balancer on $LB_PORT (log: $RUN_DIR/demo.log)"
java -jar target/microscaler.jar demo --traffic external --duration "$DEMO_FOR" \
  --http-port "$HTTP_PORT" --lb-port "$LB_PORT" >"$RUN_DIR/demo.log" 2>&1 &
DEMO_PID=$!

deadline=$((SECONDS + READY_TIMEOUT))
until http_ok "$HTTP_PORT" /health/ready && grep -q "^demo: service" "$RUN_DIR/demo.log"; do
  if ! kill -0 "$DEMO_PID" 2>/dev/null; then
    echo "$0: the demo stopped before it was ready" >&2; demo_log_tail; exit 1
  fi
  if (( SECONDS >= deadline )); then
    echo "$0: the demo was not ready within $READY_TIMEOUT s" >&2; demo_log_tail; exit 1
  fi
  sleep 1
done
CLOUD="$(sed -n 's/^demo: .* local cloud \(http:[^,]*\),.*/\1/p' "$RUN_DIR/demo.log" | tail -n 1)"
echo "== demo ready after $((SECONDS - deadline + READY_TIMEOUT)) s; local cloud at ${CLOUD:-?}"

# The local cloud signs for eu-west-1 (LocalCloudSettings.demo); its target group is named after the service
SAMPLER_ARGS=(--api "http://127.0.0.1:$HTTP_PORT" --out "$RUN_DIR/timeline.jsonl" --service iiif)
if [[ -n "$CLOUD" ]]; then
  SAMPLER_ARGS+=(--elb-endpoint "$CLOUD" --elb-region eu-west-1 --elb-target-group iiif)
fi
java -cp "$TIMELINE_CP" io.microscaler.loadtest.ScalingTimeline sample "${SAMPLER_ARGS[@]}" 2>"$RUN_DIR/sampler.log" &
SAMPLER_PID=$!

echo "== Gatling: profile $PROFILE against http://127.0.0.1:$LB_PORT"
set +e
mvn -B -f "$HERE/pom.xml" gatling:test -Dprofile="$PROFILE" -DbaseUrl="http://127.0.0.1:$LB_PORT" \
  -DrunInfo="$RUN_DIR/run.properties" ${GATLING_ARGS[@]+"${GATLING_ARGS[@]}"} 2>&1 | tee "$RUN_DIR/gatling.log"
GATLING_RC=${PIPESTATUS[0]}
set -e

stop_demo
echo "== the demo's own summary"
sed -n '/^demo summary:/,$p' "$RUN_DIR/demo.log" | grep -v '^[0-9][0-9]:' || true

REPORT="$(sed -n 's|.*please open the following file: file://\(.*\)/index.html.*|\1|p' "$RUN_DIR/gatling.log" | tail -n 1)"
if [[ -z "$REPORT" || ! -d "$REPORT" ]]; then
  echo "$0: Gatling wrote no report (see $RUN_DIR/gatling.log); the timeline goes to $RUN_DIR" >&2
  REPORT="$RUN_DIR"
fi
if [[ -f "$RUN_DIR/run.properties" ]]; then
  echo "== scaling timeline"
  java -cp "$TIMELINE_CP" io.microscaler.loadtest.ScalingTimeline report --samples "$RUN_DIR/timeline.jsonl" \
    --run-info "$RUN_DIR/run.properties" --out-dir "$REPORT" --gatling-log "$RUN_DIR/gatling.log"
  echo "  Gatling's report: $REPORT/index.html"
else
  echo "$0: the simulation did not start (no $RUN_DIR/run.properties): no timeline" >&2
fi

if (( GATLING_RC != 0 )); then
  echo "$0: Gatling failed (exit $GATLING_RC): its assertions broke or it could not run; see above" >&2
  exit "$GATLING_RC"
fi
echo "== done: profile $PROFILE passed Gatling's assertions"
