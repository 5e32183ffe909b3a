#!/usr/bin/env bash
# Runs one benchmark from the test sources: bench/run.sh echo-rtt | stats-memory | path-scale [args...]
# Benchmarks print figures against a baseline measured in the same run; they are not tests.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  echo-rtt)     main=io.pathwatch.bench.EchoRttBenchmark ;;
  stats-memory) main=io.pathwatch.stats.StatsMemoryBenchmark ;;
  path-scale)   main=io.pathwatch.bench.PathScaleBenchmark ;;
  *) echo "usage: bench/run.sh echo-rtt [rounds] | stats-memory [paths] | path-scale [paths] [seconds]" >&2; exit 2 ;;
esac
shift
./mvnw -q -B test-compile
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Xmx2g -cp "target/test-classes:target/classes:$cp" "$main" "$@"
