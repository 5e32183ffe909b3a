package io.pathwatch.stats;

import io.pathwatch.path.StallAttribution;
import java.time.Instant;

/**
 * The path's latest hang, whenever it was, and where it was as far as is known now.
 *
 * @param start       when it started (wall clock)
 * @param durationMs  how long it lasted, or has lasted so far while open
 * @param open        it is still open
 * @param attribution its latest attribution: provisional while {@code attribution.open()}, settled after; null
 *                    until the first arrives
 */
public record LastHang(Instant start, double durationMs, boolean open, StallAttribution attribution) {
}
