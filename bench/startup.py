#!/usr/bin/env python3
"""Start-up of the one-shot CLI and of the daemon, with and without a CDS archive (issue 15).

    bench/startup.py [runs] [jar]        (bench/run.sh startup [runs])
    BEFORE_JAR=before.jar bench/startup.py   also starts the daemon of another jar (the commit before the issue) in each
                                             round and prints every daemon variant as a ratio of it, with the goal

Measures, in one run with the variants interleaved round by round (so machine load hits all alike):
  cli:    launch of `probe 127.0.0.1:PORT --count 1` to its first cycle line (`seq=1 ...`), against a
          responder this script starts (the same jar as a daemon with no paths);
  daemon: launch of the daemon with no paths to HTTP 200 on /actuator/health/liveness.
Variants: `jar` is `java -jar target/pathwatch.jar` as shipped; `extracted` runs the jar that
`java -Djarmode=tools -jar pathwatch.jar extract` writes (plain classpath, no nested jars); `cds` adds
`-XX:SharedArchiveFile=` with an archive from a training run (`-XX:ArchiveClassesAtExit`): for the CLI
a `probe --count 1`, for the daemon a start with `-Dspring.context.exit=onRefresh`; `cds-c1` also stops
the JIT at C1 (`-XX:TieredStopAtLevel=1`), what the image runs. Prints every figure, then the median per variant, and the
load average before each round (2-vCPU machines are shared: read the figures beside it).
"""
import json, os, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
JAR = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "target/pathwatch.jar")
SECRET = "startup-bench"
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
BEFORE = os.path.abspath(os.environ["BEFORE_JAR"]) if os.environ.get("BEFORE_JAR") else None
# the issue: liveness in 5.2-5.9 s before (idle), goal 3 s; as a ratio that holds on a slower or busier machine
GOAL_RATIO = (3 / 5.9, 3 / 5.2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_live(port, proc, limit=120.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise SystemExit(f"daemon exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health/liveness", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit("daemon not live within %.0f s" % limit)


def daemon_args(http_port, responder_port, state):
    return ["--pathwatch.demo.enabled=false", f"--server.port={http_port}", "--pathwatch.responder.bind=127.0.0.1",
            f"--pathwatch.responder.port={responder_port}", f"--pathwatch.auth.secret={SECRET}", f"--pathwatch.state-dir={state}",
            "--pathwatch.reload.watch-files=false"]


def cli_first_line(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = None
    for line in p.stdout:
        if line.startswith("seq="):
            first = time.monotonic() - t0
            if "FAILED" in line:
                raise SystemExit("the CLI's cycle failed: " + line)
            break
    p.stdout.read()
    p.wait()
    if first is None or p.returncode != 0:
        raise SystemExit(f"CLI run failed ({p.returncode}): {' '.join(cmd)}")
    return first


def daemon_live(cmd, http_port):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_live(http_port, p)
        return time.monotonic() - t0
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(30)


def main():
    work = tempfile.mkdtemp(prefix="pathwatch-startup-")
    app = os.path.join(work, "app")
    subprocess.run([JAVA, "-Djarmode=tools", "-jar", JAR, "extract", "--destination", app], check=True, stdout=subprocess.DEVNULL)
    extracted = os.path.join(app, os.path.basename(JAR))
    responder_port = free_port()
    responder_http = free_port()
    responder = subprocess.Popen([JAVA, "-jar", JAR] + daemon_args(responder_http, responder_port, os.path.join(work, "responder-state")),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_live(responder_http, responder)
        probe = ["probe", f"127.0.0.1:{responder_port}", "--count", "1", "--secret", SECRET]
        cli_jsa = os.path.join(work, "cli.jsa")
        daemon_jsa = os.path.join(work, "daemon.jsa")
        # training runs: what they load goes into the archive when the JVM exits
        subprocess.run([JAVA, f"-XX:ArchiveClassesAtExit={cli_jsa}", "-jar", extracted] + probe, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run([JAVA, f"-XX:ArchiveClassesAtExit={daemon_jsa}", "-Dspring.context.exit=onRefresh", "-jar", extracted]
                       + daemon_args(free_port(), 0, os.path.join(work, "train-state")), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        print(f"archives: cli {os.path.getsize(cli_jsa) / 1e6:.1f} MB, daemon {os.path.getsize(daemon_jsa) / 1e6:.1f} MB; {os.cpu_count()} CPUs")
        cli = {
            "jar": [JAVA, "-jar", JAR],
            "extracted": [JAVA, "-jar", extracted],
            "cds": [JAVA, f"-XX:SharedArchiveFile={cli_jsa}", "-jar", extracted],
            "cds-c1": [JAVA, f"-XX:SharedArchiveFile={cli_jsa}", "-XX:TieredStopAtLevel=1", "-jar", extracted],
        }
        daemon = {
            "jar": [JAVA, "-jar", JAR],
            "extracted": [JAVA, "-jar", extracted],
            "cds": [JAVA, f"-XX:SharedArchiveFile={daemon_jsa}", "-jar", extracted],
            "cds-c1": [JAVA, f"-XX:SharedArchiveFile={daemon_jsa}", "-XX:TieredStopAtLevel=1", "-jar", extracted],
        }
        if BEFORE:
            # the jar of the commit the issue was filed against: its 5.2-5.9 s is what the goal of 3 s was set against
            daemon = {"before": [JAVA, "-jar", BEFORE]} | daemon
        results = {("cli", k): [] for k in cli} | {("daemon", k): [] for k in daemon}
        for run in range(RUNS):
            print(f"round {run + 1}/{RUNS}: load average {os.getloadavg()[0]:.2f}", flush=True)
            for name, cmd in cli.items():
                t = cli_first_line(cmd + probe)
                results[("cli", name)].append(t)
                print(f"  cli    {name:10s} first cycle line {t:.3f} s", flush=True)
            for name, cmd in daemon.items():
                port = free_port()
                t = daemon_live(cmd + daemon_args(port, 0, os.path.join(work, f"state-{name}-{run}")), port)
                results[("daemon", name)].append(t)
                print(f"  daemon {name:10s} liveness         {t:.3f} s", flush=True)
        print("\nmedian (min-max) over %d runs" % RUNS)
        for (kind, name), ts in results.items():
            print(f"  {kind:6s} {name:10s} {statistics.median(ts):.3f} s ({min(ts):.3f}-{max(ts):.3f})")
        if BEFORE:
            before = statistics.median(results[("daemon", "before")])
            lo, hi = GOAL_RATIO
            print(f"\ndaemon against `before` (median {before:.3f} s); the goal, 3 s against 5.2-5.9 s, is x{lo:.2f}-x{hi:.2f}")
            for name in daemon:
                r = statistics.median(results[("daemon", name)]) / before
                verdict = "met" if r <= lo else ("met against 5.2 s only" if r <= hi else "MISSED")
                print(f"  daemon {name:10s} x{r:.2f}  {verdict}")
        print(json.dumps({f"{k}/{n}": ts for (k, n), ts in results.items()}))
    finally:
        responder.send_signal(signal.SIGTERM)
        responder.wait(30)


if __name__ == "__main__":
    main()
