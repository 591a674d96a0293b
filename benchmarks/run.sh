#!/usr/bin/env bash
# Runs the nlpearl4j benchmarks and writes their raw output under benchmarks/results/.
#
#   benchmarks/run.sh                 # everything (about 40 minutes on 2 cores)
#   benchmarks/run.sh json loopback   # some of: json loopback direct listener bulk firstcall footprint import outbox summary
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

outbox() {
  # LeadOutbox.add (fsync'd before it returns) against a plain append + force of the same bytes,
  # on a disk (OUTBOX_TMPDIR, default /tmp) and, where it exists, on tmpfs (/dev/shm), where force
  # costs next to nothing, so the outbox's own CPU cost over the write shows.
  jmh outbox OutboxAddBenchmark -jvmArgsAppend "-Djava.io.tmpdir=${OUTBOX_TMPDIR:-/tmp}"
  if [[ -d /dev/shm ]]; then
    jmh outbox-tmpfs OutboxAddBenchmark -jvmArgsAppend "-Djava.io.tmpdir=/dev/shm"
  fi
}


# Starts one sandbox JVM (contract check off) for a step and sets sandbox_url / sandbox_pid.
start_sandbox() {
  local log="$root/benchmarks/target/run/sandbox-$1.log"
  java "$2" -cp "$jar" org.nlpearl4j.sandbox.SandboxLauncher --port 0 --no-contract-check > "$log" 2>&1 &
  sandbox_pid=$!
  sandbox_url=""
  for _ in $(seq 1 120); do
    sandbox_url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)"
    if [[ -n "$sandbox_url" ]]; then return; fi
    sleep 0.5
  done
  kill "$sandbox_pid"; cat "$log" >&2; echo "the sandbox did not start" >&2; exit 1
}

stop_sandbox() {
  kill "$sandbox_pid"
  wait "$sandbox_pid" 2>/dev/null || true
}

loopback() {
  # One sandbox JVM for the whole step, warmed up first, so that every benchmark meets a sandbox
  # that is already compiled (a fresh one per fork would still be warming up while measured).
  local cpu=org.nlpearl4j.benchmarks.support.CpuTimeProfiler
  start_sandbox loopback -Xmx6g
  local use=(-jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url")
  java -jar "$jar" 'LoopbackCallBenchmark.(addLeadRaw|updateLeadRaw)$' -f 1 -wi 10 -w 1s -i 1 -r 1s "${use[@]}" > /dev/null
  jmh loopback-t1 LoopbackCallBenchmark -t 1 -wi 5 -prof gc -prof "$cpu" "${use[@]}"
  jmh loopback-t4 LoopbackCallBenchmark -t 4 -wi 5 -prof gc -prof "$cpu" "${use[@]}"
  stop_sandbox
}

bulk() {
  # Each measured import is 10,000 leads (about 2 s here); a shared, pre-warmed sandbox JVM.
  start_sandbox bulk -Xmx6g
  java -jar "$jar" 'LoopbackCallBenchmark.addLeadRaw$' -f 1 -wi 5 -w 1s -i 1 -r 1s \
    -jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url" > /dev/null
  jmh bulk BulkImportBenchmark -wi 2 -i 5 -jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url"
  stop_sandbox
}

direct() {
  # The suggested fix, prototyped (http/DirectCalls): the facade's work without Retrofit, side by
  # side with the facade and the raw calls in one run.
  local cpu=org.nlpearl4j.benchmarks.support.CpuTimeProfiler
  start_sandbox direct -Xmx6g
  local use=(-jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url")
  java -jar "$jar" 'LoopbackCallBenchmark.(addLeadRaw|updateLeadRaw)$' -f 1 -wi 10 -w 1s -i 1 -r 1s "${use[@]}" > /dev/null
  jmh loopback-direct-t1 'LoopbackCallBenchmark.(addLead|updateLead)(Facade|Direct|RawAsync|Raw)$' -t 1 -wi 5 \
    -prof gc -prof "$cpu" "${use[@]}"
  stop_sandbox
}

listener() {
  # What observing a call costs: the facade without a listener, with a no-op NlPearlListener and
  # with the Micrometer listener (NlPearlMetrics on a SimpleMeterRegistry), side by side.
  local cpu=org.nlpearl4j.benchmarks.support.CpuTimeProfiler
  start_sandbox listener -Xmx6g
  local use=(-jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url")
  java -jar "$jar" 'LoopbackCallBenchmark.(addLeadRaw|updateLeadRaw)$' -f 1 -wi 10 -w 1s -i 1 -r 1s "${use[@]}" > /dev/null
  jmh loopback-listener-t1 'LoopbackCallBenchmark.(addLead|updateLead)(Facade|NoopListener|Micrometer)$' -t 1 -wi 5 \
    -prof gc -prof "$cpu" "${use[@]}"
  stop_sandbox
}

firstcall() {
  # One sandbox JVM for every fork, started (and warm) before any fork, so that no sandbox start-up
  # competes with the measured first call for the 2 cores.
  start_sandbox firstcall -Xmx512m
  java -jar "$jar" 'LoopbackCallBenchmark.addLeadRaw$' -f 1 -wi 5 -w 1s -i 1 -r 1s \
    -jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url" > /dev/null
  jmh firstcall FirstCallBenchmark -jvmArgsAppend "-Dnlpearl.bench.sandbox=$sandbox_url"
  java -cp "$jar" org.nlpearl4j.benchmarks.firstcall.FirstCallClasses "$sandbox_url" 5 | tee "$results/firstcall-classes.md"
  stop_sandbox
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
    --variant sdk="$dir/sdk.classpath" --variant sdk-direct="$dir/sdk.classpath" \
    --variant stock="$dir/stock.classpath" --jvm-check \
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
if [[ ${#steps[@]} -eq 0 ]]; then steps=(json loopback direct listener bulk firstcall footprint import outbox); fi
build
# Run from a copy, so that rebuilding the module while benchmarks run cannot swap the jar under JMH.
mkdir -p "$root/benchmarks/target/run"
cp "$root/benchmarks/target/benchmarks.jar" "$root/benchmarks/target/run/benchmarks.jar"
jar="$root/benchmarks/target/run/benchmarks.jar"
machine
for step in "${steps[@]}"; do
  case "$step" in
    json|loopback|direct|listener|bulk|firstcall|footprint|outbox) "$step" ;;
    import) import_heap ;;
    summary) ;;
    *) echo "unknown step $step (json loopback direct listener bulk firstcall footprint import outbox summary)" >&2; exit 2 ;;
  esac
done
summary
