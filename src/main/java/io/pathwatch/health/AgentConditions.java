package io.pathwatch.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is wrong with the agent itself rather than with a path: it is overloaded, it hits local
 * errors, CloudWatch refuses its figures, an alert spool is filling up. Each part of pathwatch
 * that can tell registers a check under a name; a check answers a one-line detail while the
 * condition holds and null otherwise. Asked, not told: alerting polls {@link #active()} once a
 * second, so a condition that stops being reported (its owner died) is not left raised forever.
 * Checks must be cheap and must not block.
 */
public final class AgentConditions {

    private static final Logger log = LoggerFactory.getLogger(AgentConditions.class);

    private final Map<String, Supplier<String>> checks = new ConcurrentHashMap<>();

    /** Adds (or replaces) the check named {@code condition}. */
    public void register(String condition, Supplier<String> check) {
        checks.put(condition, check);
    }

    /** The conditions that hold now, each with its detail, by name. A check that throws is reported as holding. */
    public Map<String, String> active() {
        Map<String, String> out = new LinkedHashMap<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String detail;
            try {
                detail = e.getValue().get();
            } catch (RuntimeException | Error failed) {
                log.debug("agent condition check {} failed", e.getKey(), failed);
                detail = "its check failed: " + failed;
            }
            if (detail != null) {
                out.put(e.getKey(), detail);
            }
        });
        return out;
    }
}
