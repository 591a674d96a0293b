#!/usr/bin/env bash
# The pace harness in one command: builds the CLI's jar and the benchmarks' jar (package, never
# install), then runs org.nlpearl4j.benchmarks.pace.PaceHarness, which writes
# benchmarks/results/pace.md (the table) and benchmarks/results/pace.png (rate and limit over time)
# and prints the table. About 6 minutes; loopback only; every import bounded in rows and time.
#
#   benchmarks/pace.sh                    # build, then run
#   SKIP_BUILD=1 benchmarks/pace.sh       # reuse the built jars
#   benchmarks/pace.sh --time-limit 30    # options go to PaceHarness (--scale 0.1 for a quick look)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl cli,benchmarks -am package -DskipTests
fi
mkdir -p benchmarks/results
echo "[pace] start $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
  org.nlpearl4j.benchmarks.pace.PaceHarness --cli-jar cli/target/nlpearl.jar --out benchmarks/results "$@"
echo "[pace] end   $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
