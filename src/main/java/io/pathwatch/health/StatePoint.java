package io.pathwatch.health;

import java.time.Instant;

/** The state a path was judged to be in when a window was sealed. */
public record StatePoint(Instant at, PathState state) {
}
