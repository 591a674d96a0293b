#!/usr/bin/env bash
# Runs the nlpearl4j benchmarks and writes their raw output under benchmarks/results/.
#
#   benchmarks/run.sh                 # everything (about 40 minutes on 2 cores)
#   benchmarks/run.sh json loopback   # some of: json loopback bulk firstcall footprint import summary
#
# Environment: JMH_OPTS adds JMH options to every JMH run (e.g. JMH_OPTS="-f 1 -wi 1 -i 2" for a
# quick look); IMPORT_ROWS (1000000) and IMPORT_XMX (64m) set the CLI import run; SKIP_BUILD=1
# reuses the jars already built.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/benchmarks/results"
jar="$root/benchmarks/target/benchmarks.jar"
mkdir -p "$results"
read -r -a jmh_opts <<< "${JMH_OPTS:-}"

build() {
  if [[ "${SKIP_BUILD:-}" == "1" ]]; then return; fi
  echo "== build (the SDK is installed into ~/.m2 so the footprint step can resolve it)" >&2
  ./mvnw -B -q -pl benchmarks -am install -DskipTests
}

machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "uptime: $(uptime)"
    echo "cores: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    java -version 2>&1 | sed 's/^/java: /'
    echo "JMH_OPTS: ${JMH_OPTS:-}"
  } >> "$results/machine.txt"
}

jmh() {
  local name="$1"; shift
  echo "== $name" >&2
  echo "[$name] start $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
  java -jar "$jar" "$@" "${jmh_opts[@]}" -rf json -rff "$results/$name.json" -o "$results/$name.txt"
  echo "[$name] end   $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
  sed -n '/^Benchmark /,$p' "$results/$name.txt" >&2
}

json() {
  jmh json JsonCodecBenchmark -prof gc
}

loopback() {
  local cpu=org.nlpearl4j.benchmarks.support.CpuTimeProfiler
  jmh loopback-t1 LoopbackCallBenchmark -t 1 -prof gc -prof "$cpu"
  jmh loopback-t4 LoopbackCallBenchmark -t 4 -prof gc -prof "$cpu"
}

bulk() {
  jmh bulk BulkImportBenchmark
}

firstcall() {
  # One sandbox JVM for every fork, started (and warm) before any fork, so that no sandbox start-up
  # competes with the measured first call for the 2 cores.
  local log="$root/benchmarks/target/run/firstcall-sandbox.log"
  java -Xmx512m -cp "$jar" org.nlpearl4j.sandbox.SandboxLauncher --port 0 --no-contract-check > "$log" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 1 120); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)"
    if [[ -n "$url" ]]; then break; fi
    sleep 0.5
  done
  if [[ -z "$url" ]]; then kill "$pid"; cat "$log" >&2; echo "the sandbox did not start" >&2; exit 1; fi
  jmh firstcall FirstCallBenchmark -jvmArgsAppend "-Dnlpearl.bench.sandbox=$url"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

footprint() {
  echo "== footprint" >&2
  local dir="$root/benchmarks/target/footprint"
  mkdir -p "$dir"
  for v in sdk stock; do
    ./mvnw -B -q -f "benchmarks/src/footprint/$v/pom.xml" dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$dir/$v.classpath"
  done
  ./mvnw -B -q -f benchmarks/src/footprint/android/pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$dir/android.classpath"
  local android_all
  android_all="$(cat "$dir/android.classpath")"
  echo "[footprint] start $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
  java -cp "$jar" org.nlpearl4j.benchmarks.footprint.Footprint --android-jar "$android_all" \
    --classes "$root/benchmarks/target/classes" --out "$dir" \
    --variant sdk="$dir/sdk.classpath" --variant stock="$dir/stock.classpath" --jvm-check \
    | tee "$results/footprint.txt"
}

import_heap() {
  echo "== import" >&2
  if [[ "${SKIP_BUILD:-}" != "1" || ! -f "$root/cli/target/nlpearl.jar" ]]; then
    ./mvnw -B -q -pl cli -am package -DskipTests
  fi
  echo "[import] start $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
  java -cp "$jar" org.nlpearl4j.benchmarks.importheap.ImportHeap --cli-jar "$root/cli/target/nlpearl.jar" \
    --rows "${IMPORT_ROWS:-1000000}" --xmx "${IMPORT_XMX:-64m}" --concurrency 16 \
    --out "$root/benchmarks/target/import" 2>&1 | tee "$results/import.txt"
  echo "[import] end   $(date -u +%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
}

summary() {
  java -cp "$jar" org.nlpearl4j.benchmarks.Summary "$results"/*.json > "$results/summary.md"
  cat "$results/summary.md"
}

steps=("$@")
if [[ ${#steps[@]} -eq 0 ]]; then steps=(json loopback bulk firstcall footprint import); fi
build
# Run from a copy, so that rebuilding the module while benchmarks run cannot swap the jar under JMH.
mkdir -p "$root/benchmarks/target/run"
cp "$root/benchmarks/target/benchmarks.jar" "$root/benchmarks/target/run/benchmarks.jar"
jar="$root/benchmarks/target/run/benchmarks.jar"
machine
for step in "${steps[@]}"; do
  case "$step" in
    json|loopback|bulk|firstcall|footprint) "$step" ;;
    import) import_heap ;;
    summary) ;;
    *) echo "unknown step $step (json loopback bulk firstcall footprint import summary)" >&2; exit 2 ;;
  esac
done
summary
