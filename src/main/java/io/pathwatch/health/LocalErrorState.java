package io.pathwatch.health;

import java.time.Instant;
import java.util.Map;

/**
 * The agent's own local errors ({@code local_error}: ephemeral ports, file descriptors, socket
 * buffers or memory ran out on this host) at one moment. They are never a path's fault.
 *
 * @param lastMinute        local errors in the last minute, every path together
 * @param lastMinuteByCause the same by errno ({@code EADDRNOTAVAIL}, {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS},
 *                          {@code ENOMEM}, {@code other}); only those that happened
 * @param total             since the agent started
 * @param lastPath          the path whose cycle hit the last one; null before the first
 * @param lastDetail        that error's text, e.g. {@code "connect(..) failed: Cannot assign requested address"}; null before the first
 * @param lastAt            when it happened; null before the first
 */
public record LocalErrorState(long lastMinute, Map<String, Long> lastMinuteByCause, long total, String lastPath, String lastDetail,
        Instant lastAt) {

    /** True while the last minute had one: the agent is short of a local resource now. */
    public boolean active() {
        return lastMinute > 0;
    }
}
