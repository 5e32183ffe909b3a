package io.pathwatch.testing;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.responder.ResponderServer;
import java.time.Duration;
import java.util.List;

/** A plain responder on 127.0.0.1 with the shipped limits, started: the far end of a test's paths. */
public final class LocalResponder {

    private LocalResponder() {
    }

    /** @param port 0 for any free one ({@link ResponderServer#port()} says which) */
    public static ResponderServer start(int port, String secret) {
        ResponderServer responder = new ResponderServer(new ResponderProperties(true, "127.0.0.1", port, 16384, 1024, 1024, Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 10_000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, List.of()), secret);
        responder.start();
        return responder;
    }
}
