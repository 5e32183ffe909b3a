package io.pathwatch.testing;

import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.responder.ResponderServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A responder on loopback behind the lab, 5 ms ± 2 ms (normal) each way, configured as the
 * agent's only path {@code jittery}: a path whose RTTs spread over several histogram buckets.
 */
public final class JitteryLabPath implements AutoCloseable {

    private final ResponderServer responder;
    private final LabProxy lab;

    private JitteryLabPath(ResponderServer responder, LabProxy lab) {
        this.responder = responder;
        this.lab = lab;
    }

    /** Starts it and sets {@code pathwatch.paths[0]} to it; the responder's secret is {@code secret}, the lab's random seed {@code seed}. */
    public static JitteryLabPath configure(DynamicPropertyRegistry registry, String secret, long seed) {
        ResponderServer responder = ProbeHarness.responder(secret);
        LabProxy lab = new LabProxy();
        LabPath path = lab.add("jittery", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                LabPathSettings.symmetric(Impairment.delay(5, 2, Impairment.Distribution.normal)), seed);
        registry.add("pathwatch.paths[0].name", () -> "jittery");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + path.port());
        return new JitteryLabPath(responder, lab);
    }

    @Override
    public void close() {
        lab.close();
        responder.stop();
    }
}
