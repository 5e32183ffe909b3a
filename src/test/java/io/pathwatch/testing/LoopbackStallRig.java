package io.pathwatch.testing;

import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.responder.ResponderServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stalls above TCP for issue 13's causes, on loopback: a responder and the lab in this JVM, the
 * prober a pathwatch JVM from the packaged jar (its HTTP API is what is judged), one path per
 * case: {@code lab-stall} and {@code lab-reset} through a lab path each to the responder, and
 * {@code stunnel-stall} through the real stunnel pair with a lab path between its two ends (where
 * stunnel is installed).
 */
public final class LoopbackStallRig implements AutoCloseable {

    private static final String SECRET = "stall-causes";

    private final ResponderServer responder;
    private final LabProxy lab = new LabProxy();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Process prober;
    private Http http;
    private boolean stunnel;
    private Path log;

    private LoopbackStallRig(ResponderServer responder) {
        this.responder = responder;
    }

    /**
     * Starts it all; with {@code withStunnel} (and stunnel installed) the stunnel path too. The
     * prober gets these JVM options (e.g. a marker for a harness's clean-up) before {@code -jar}.
     */
    public static LoopbackStallRig start(Path dir, boolean withStunnel, List<String> jvmOptions) throws Exception {
        LoopbackStallRig rig = new LoopbackStallRig(ProbeHarness.responder(SECRET));
        try {
            rig.startAll(dir, withStunnel && StunnelPair.missing() == null, jvmOptions);
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    private void startAll(Path dir, boolean withStunnel, List<String> jvmOptions) throws Exception {
        InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", System.getProperty("pathwatch.jar", "target/pathwatch.jar"),
                "--server.address=127.0.0.1", "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + SECRET,
                "--pathwatch.paths[0].name=" + StallCase.LAB_STALL.key,
                "--pathwatch.paths[0].target=127.0.0.1:" + lab.add("stall", upstream, LabPathSettings.symmetric(Impairment.NONE), 1).port(),
                "--pathwatch.paths[1].name=" + StallCase.LAB_RESET.key,
                "--pathwatch.paths[1].target=127.0.0.1:" + lab.add("reset", upstream, LabPathSettings.symmetric(Impairment.NONE), 2).port()));
        if (withStunnel) {
            int serverPort = Tools.freePort();
            int clientPort = Tools.freePort();
            LabPath internet = lab.add("internet", new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort),
                    LabPathSettings.symmetric(Impairment.NONE), 3);
            closing.add(StunnelPair.start(dir, clientPort, internet.port(), serverPort, responder.port()));
            cmd.addAll(List.of("--pathwatch.paths[2].name=" + StallCase.STUNNEL_STALL.key, "--pathwatch.paths[2].target=127.0.0.1:" + clientPort));
            stunnel = true;
        }
        // chosen last: a listener bound to port 0 after it (the lab's, stunnel's) could have been given the same port
        int httpPort = Tools.freePort();
        cmd.add("--server.port=" + httpPort);
        log = dir.resolve("loopback-prober.log");
        prober = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        http = new Http(httpPort);
    }

    /** Whether the stunnel path runs (stunnel and openssl installed, and asked for). */
    public boolean stunnel() {
        return stunnel;
    }

    public long proberPid() {
        return prober.pid();
    }

    public PathApi api(StallCase c) {
        return new PathApi(p -> http.object(p), c.key);
    }

    /** Waits for the case's stream to echo, provokes the case for 4 s, and reports what the prober said. */
    public StallObservation run(StallCase c) throws Exception {
        if (c.netns || (c == StallCase.STUNNEL_STALL && !stunnel)) {
            throw new IllegalArgumentException(c + " does not run on this rig");
        }
        if (!prober.isAlive()) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("the prober exited " + prober.exitValue() + ": "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        PathApi api = api(c);
        api.awaitEchoing(Duration.ofSeconds(90));
        PathApi.Mark before = api.mark();
        Instant startedAt = Instant.now();
        switch (c) {
            case LAB_STALL -> lab.get("stall").orElseThrow().stallNow(StallCase.IMPAIRED_MS);
            case STUNNEL_STALL -> lab.get("internet").orElseThrow().stallNow(StallCase.IMPAIRED_MS);
            default -> {
                LabPath reset = lab.get("reset").orElseThrow();
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                try {
                    reset.update(LabPathSettings.symmetric(Impairment.NONE.withReset(1, 0)));
                    ScheduledFuture<?> lifted = timer.schedule(() -> reset.update(LabPathSettings.symmetric(Impairment.NONE)),
                            StallCase.IMPAIRED_MS, TimeUnit.MILLISECONDS);
                    StallObservation seen = api.awaitResets(c, before, Duration.ofMillis(StallCase.IMPAIRED_MS + 10_000));
                    lifted.get(StallCase.IMPAIRED_MS + 5_000, TimeUnit.MILLISECONDS); // the next case starts on a clean path
                    return seen;
                } finally {
                    timer.shutdownNow();
                    reset.update(LabPathSettings.symmetric(Impairment.NONE));
                }
            }
        }
        return api.awaitHang(c, before, startedAt, Duration.ofMillis(StallCase.IMPAIRED_MS + 15_000));
    }

    /** The lab releases held bytes the moment its stall ends: a hang outlasts it by no retransmission. */
    public long maxRecoveryMs() {
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (prober != null) {
            prober.destroy();
            if (!prober.waitFor(15, TimeUnit.SECONDS)) {
                prober.destroyForcibly();
            }
        }
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the rest anyway
            }
        }
        lab.close();
        responder.stop();
    }
}
