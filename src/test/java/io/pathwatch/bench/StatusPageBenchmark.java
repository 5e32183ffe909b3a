package io.pathwatch.bench;

import io.pathwatch.bench.BenchSupport.Span;
import io.pathwatch.testing.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What a status page open on an agent with many paths costs the agent. A responder JVM and an
 * agent JVM with N paths (default 2,000; a cycle every 10 s and a 1 s heartbeat, so probing itself
 * stays light; paths tagged with a destination in groups of four, so the ranking tables exist) on
 * loopback. Measured in one run: how long {@code GET /api/paths} takes (the page's main request,
 * the 1 min window of every path), then the agent's CPU over the same stretch of time without the
 * page and with the page open in headless Chromium (refreshing every 10 s). The difference is
 * what the page costs. Goals: {@code GET /api/paths} under 200 ms, the page under 5 % of a core.
 */
public final class StatusPageBenchmark {

    private static final int RESPONDER_HTTP = 18190;
    private static final int AGENT_HTTP = 18191;
    private static final double GOAL_API_MS = 200;
    private static final double GOAL_PAGE_CORE = 0.05;

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        if (!Tools.onPath("chromium") || !Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
            System.out.println("status-page: skipped, chromium and chromium-driver (Debian packages) are needed");
            return;
        }
        if (BenchSupport.jar().isEmpty()) {
            System.err.println("status-page: target/pathwatch.jar is not built (bench/run.sh builds it)");
            System.exit(1);
        }
        Path dir = BenchSupport.runDir("status-page");
        int port = Tools.freePort();
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly), "bench-cleanup"));
        try {
            Process responder = start(dir, "responder", started, "--server.port=" + RESPONDER_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.demo.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET, "--pathwatch.responder.bind=127.0.0.1",
                    "--pathwatch.responder.port=" + port, "--pathwatch.responder.max-connections=" + (paths * 3 + 100),
                    "--pathwatch.state-dir=" + dir.resolve("responder-state"));
            await(RESPONDER_HTTP, "/actuator/health/readiness", Duration.ofSeconds(90));
            Path yaml = Files.writeString(dir.resolve("paths.yml"), pathsYaml(paths, "127.0.0.1:" + port));
            Process agent = start(dir, "agent", started, "--server.port=" + AGENT_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.demo.enabled=false", "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET,
                    "--pathwatch.probe.interval=10s", "--pathwatch.probe.heartbeat=1s", "--pathwatch.probe.hang-threshold=3s",
                    "--pathwatch.probe.timeout=5s", "--pathwatch.state-dir=" + dir.resolve("agent-state"),
                    "--spring.config.additional-location=file:" + yaml.toAbsolutePath());
            await(AGENT_HTTP, "/actuator/health/readiness", Duration.ofSeconds(120));
            long agentPid = BenchSupport.javaPid(agent);
            System.out.printf("status-page: %d paths on loopback (cycle every 10 s, heartbeat 1 s, destinations of 4 paths); agent %s; logs in %s%n",
                    paths, String.join(" ", BenchSupport.HEAP), dir);
            // a full minute of sealed windows behind every query
            Thread.sleep(TimeUnit.SECONDS.toMillis(90));

            double[] apiMs = new double[20];
            long bytes = 0;
            for (int i = 0; i < apiMs.length; i++) {
                long t0 = System.nanoTime();
                bytes = get(AGENT_HTTP, "/api/paths").length();
                apiMs[i] = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(500);
            }
            Arrays.sort(apiMs);
            System.out.printf(Locale.ROOT, "GET /api/paths (%d paths, %.1f MB): p50 %.1f ms, max %.1f ms of %d requests (goal < %.0f ms: %s)%n",
                    paths, bytes / 1e6, apiMs[apiMs.length / 2], apiMs[apiMs.length - 1], apiMs.length, GOAL_API_MS,
                    apiMs[apiMs.length / 2] < GOAL_API_MS ? "met" : "MISSED");

            BenchSupport.awaitQuiet(agentPid, responder.pid());
            Span idle = Span.start(agentPid);
            Thread.sleep(seconds * 1000L);
            idle.stop();

            ChromeDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + AGENT_HTTP + "/");
                BenchSupport.await(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> Boolean.TRUE.equals(
                        ((JavascriptExecutor) browser).executeScript("return window.pathwatchStatus && window.pathwatchStatus.rendered;")));
                Span open = Span.start(agentPid);
                Thread.sleep(seconds * 1000L);
                open.stop();
                Object charts = ((JavascriptExecutor) browser).executeScript("return Object.keys(window.pathwatchStatus.charts).length;");
                double page = open.cores(0) - idle.cores(0);
                System.out.printf(Locale.ROOT, "agent CPU without the page %.3f core, with it open %.3f core: the page costs %.3f core "
                                + "(%.1f %% of a core; goal < %.0f %%: %s); %s charts drawn (only those on screen)%n",
                        idle.cores(0), open.cores(0), page, page * 100, GOAL_PAGE_CORE * 100, page < GOAL_PAGE_CORE ? "met" : "MISSED", charts);
                System.out.println("  while the page was open: " + open.machine());
            } finally {
                browser.quit();
            }
        } finally {
            BenchSupport.stopAll(started);
        }
    }

    private static String pathsYaml(int n, String target) {
        StringBuilder yaml = new StringBuilder("pathwatch:\n  paths:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("    - name: path-").append(i).append("\n      target: \"").append(target).append("\"\n")
                    .append("      tags:\n        destination: feed-").append(i / 4).append('\n');
        }
        return yaml.toString();
    }

    private static Process start(Path dir, String name, List<Process> started, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(BenchSupport.HEAP);
        cmd.addAll(List.of("-jar", BenchSupport.jar().orElseThrow().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                        "--disable-component-update", "--disable-default-apps");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build(), options);
    }

    private static void await(int port, String path, Duration atMost) throws InterruptedException {
        if (!BenchSupport.await(atMost, Duration.ofMillis(500), () -> get(port, path).contains("\"UP\""))) {
            throw new IllegalStateException("http://127.0.0.1:" + port + path + " did not come up within " + atMost);
        }
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
