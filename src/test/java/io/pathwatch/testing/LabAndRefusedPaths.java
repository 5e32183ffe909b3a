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
 * Two configured paths for an application test that needs every kind of series to exist: {@code
 * pathwatch.paths[0]} through a lab path with 2 ms of delay each way to a responder (a stall can be
 * injected on it), and {@code pathwatch.paths[1]} to a free port, where every cycle is refused.
 */
public record LabAndRefusedPaths(ResponderServer responder, LabProxy lab, LabPath labPath) implements AutoCloseable {

    public static LabAndRefusedPaths register(DynamicPropertyRegistry registry, String secret, String labPathName, long seed) {
        ResponderServer responder = ProbeHarness.responder(secret);
        LabProxy lab = new LabProxy();
        LabPath path = lab.add(labPathName, new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                LabPathSettings.symmetric(Impairment.delay(2, 0, Impairment.Distribution.normal)), seed);
        registry.add("pathwatch.paths[0].name", () -> labPathName);
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + path.port());
        int refused = Tools.freePort();
        registry.add("pathwatch.paths[1].name", () -> "refused");
        registry.add("pathwatch.paths[1].target", () -> "127.0.0.1:" + refused);
        return new LabAndRefusedPaths(responder, lab, path);
    }

    @Override
    public void close() {
        lab.close();
        responder.stop();
    }
}
