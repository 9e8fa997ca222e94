#!/usr/bin/env bash
# Automation latency (issue 8), end to end: with 200 enabled rules in a tenant, ticket events at 200 a second (each
# pool ticket's real ticket.created event published again under a fresh id), and the time from the event to the
# rule's effect committed on the ticket by ticket-service (its comment.added event carrying causedBy), p50/p90/p99,
# nothing lost, and rule evaluations per second. Starts its own stack (gateway, user-, ticket-, automation-service on
# the local stack's PostgreSQL and Kafka, random ports) and stops it at the end. 20 s of warm-up, then 60 s counted.
#
#   bench/automation-latency.sh                                  # defaults: 200 rules, 200 events/s, 60 s
#   bench/automation-latency.sh -Dbench.rate=300 -Dbench.seconds=30   # bench.rules, bench.tickets, bench.warmup-seconds,
#                                                                # bench.jvm-options ("-XX:+UseSerialGC -Xms512m -Xmx512m")
# Target: p99 under 500 ms at 200 ticket events a second.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
echo "Building the applications (./mvnw -DskipTests package)..."
./mvnw -q -B -DskipTests -Dspotless.check.skip=true package
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
./mvnw -B -pl infra/system-tests verify -Dspotless.check.skip=true -Drelaydesk.bench=true \
  -Dtest=AutomationLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  | grep -E "BENCH|Tests run:|FAIL|ERROR" || true
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Output: $ROOT/target/bench/automation-latency-*.txt"
