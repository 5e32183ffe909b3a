#!/usr/bin/env bash
# Runs one benchmark from the test sources:
#   bench/run.sh echo-rtt [rounds] | stats-memory [paths] | path-scale [paths] [seconds]
#              | path-scale-rtt [paths] [seconds] | cycle-cost [paths] [seconds]
#              | status-page [paths] [seconds] | scrape-size [paths] [seconds] | soak [minutes] [slope-minutes]
#              | jfr-top FILE.jfr [top] | perf-top FILE.perf.data [thread-regex] [top]
#              | stall-causes [runs] [case...] | overload-causes [paths] [seconds] | connect-blackbox [rounds] | startup [runs]
# Benchmarks print figures against a baseline measured in the same run; they are not tests.
# soak (not part of verify) runs 200 paths through the demo's lab for 30 minutes by default, impairments rotating
# every minute, and prints the slopes of heap, direct memory, threads, fds and RSS and the alert check.
# stall-causes (issue 13) provokes each case of NetnsStallCauseIT runs times (default 10, at most 50; the cases
# reverse-loss forward-loss link-down lab-stall stunnel-stall lab-reset, or those named) and prints the confusion
# matrix of expected against reported causes (docs/accuracy.md); the namespace cases need root, ip netns, nft.
# path-scale-rtt, cycle-cost, status-page, scrape-size, soak and stall-causes run pathwatch as separate JVMs from target/pathwatch.jar (built here
# when any file in src/main or pom.xml is newer than it) and keep their logs in target/bench/;
# Environment: WARMUP=seconds (default 30) before measuring; QUIET_WAIT=seconds (default 0) to wait at
# most that long for other processes on a shared machine to go quiet before measuring; PROFILE=jfr
# and/or PROFILE=perf makes path-scale-rtt profile the prober while it is measured; PROBER_ARGS="..." gives
# path-scale-rtt's prober more arguments (experiments, e.g. --pathwatch.probe.heartbeat=1s).
# ONE_WAY="100" makes path-scale-rtt run only that delay (ms each way; default "0 100").
set -euo pipefail

# All in one function, read whole before it runs: editing this file during a run cannot change what the run does.
main() {
  cd "$(dirname "$0")/.."
  usage="usage: bench/run.sh echo-rtt [rounds] | stats-memory [paths] | path-scale [paths] [seconds] | path-scale-rtt [paths] [seconds] | cycle-cost [paths] [seconds] | status-page [paths] [seconds] | scrape-size [paths] [seconds] | soak [minutes] [slope-minutes] | jfr-top FILE.jfr [top] | perf-top FILE.perf.data [thread-regex] [top] | stall-causes [runs] [case...] | overload-causes [paths] [seconds] | connect-blackbox [rounds] | startup [runs]"
  jar=
  if [[ ${1:-} == startup ]]; then
    # launch to the CLI's first cycle line and to the daemon's liveness, with and without CDS (bench/startup.py)
    shift
    if [[ ! -f target/pathwatch.jar || -n $(find src/main pom.xml -newer target/pathwatch.jar -print -quit) ]]; then
      ./mvnw -q -B -DskipTests package
    fi
    exec python3 bench/startup.py "$@"
  fi
  case "${1:-}" in
    echo-rtt)       class=io.pathwatch.bench.EchoRttBenchmark ;;
    stats-memory)   class=io.pathwatch.stats.StatsMemoryBenchmark ;;
    path-scale)     class=io.pathwatch.bench.PathScaleBenchmark ;;
    path-scale-rtt) class=io.pathwatch.bench.PathScaleRttBenchmark; jar=1 ;;
    cycle-cost)     class=io.pathwatch.bench.CycleCostBenchmark; jar=1 ;;
    status-page)    class=io.pathwatch.bench.StatusPageBenchmark; jar=1 ;;
    scrape-size)    class=io.pathwatch.bench.ScrapeSizeBenchmark; jar=1 ;;
    soak)           class=io.pathwatch.bench.SoakBenchmark; jar=1 ;;
    stall-causes)   class=io.pathwatch.bench.StallCauseBenchmark; jar=1 ;;
    overload-causes) class=io.pathwatch.bench.OverloadCauseBenchmark ;;
    connect-blackbox) class=io.pathwatch.bench.ConnectBlackboxBenchmark ;;
    jfr-top)        class=io.pathwatch.bench.JfrTop ;;
    perf-top)       class=io.pathwatch.bench.PerfTop ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  name=$1
  shift
  if [[ -n $jar ]]; then
    if [[ ! -f target/pathwatch.jar || -n $(find src/main pom.xml -newer target/pathwatch.jar -print -quit) ]]; then
      echo "building target/pathwatch.jar (src/main or pom.xml changed since it was built)" >&2
      ./mvnw -q -B -DskipTests package
    fi
  fi
  ./mvnw -q -B test-compile
  cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
  if [[ -z $jar ]]; then
    exec java -Xmx2g -cp "target/test-classes:target/classes:$cp" "$class" "$@"
  fi

  # The harness JVM stops what it started, also on Ctrl-C (shutdown hooks); should it die without them,
  # this trap ends whatever it noted in $dir/leftovers: the processes in its namespaces, its other processes
  # (only while their command line still names $dir, so a recycled pid is left alone), then the namespaces.
  dir=$PWD/target/bench/$name-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$dir"
  cleanup() {
    [[ -f $dir/leftovers ]] || return 0
    while read -r kind what; do
      case $kind in
        netns) if ip netns list 2>/dev/null | grep -qw "^$what"; then
                 for p in $(ip netns pids "$what" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
               fi ;;
        pid)   if grep -qaF "$dir" "/proc/$what/cmdline" 2>/dev/null; then kill "$what" 2>/dev/null || true; fi ;;
      esac
    done < "$dir/leftovers"
    while read -r kind what; do
      if [[ $kind == netns ]] && ip netns list 2>/dev/null | grep -qw "^$what"; then
        for i in 1 2 3 4 5 6 7 8 9 10; do [[ -z $(ip netns pids "$what" 2>/dev/null) ]] && break; sleep 1; done
        ip netns del "$what" 2>/dev/null || true
      fi
    done < "$dir/leftovers"
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  java -Xmx512m -Dbench.dir="$dir" -cp "target/test-classes:target/classes:$cp" "$class" "$@"
}

main "$@"
exit
