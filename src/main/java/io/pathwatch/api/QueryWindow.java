package io.pathwatch.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The windows {@code ?window=} accepts. */
enum QueryWindow {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String label;
    private final Duration span;

    QueryWindow(String label, Duration span) {
        this.label = label;
        this.span = span;
    }

    Duration span() {
        return span;
    }

    String label() {
        return label;
    }

    static QueryWindow parse(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst().orElseThrow(() -> {
            return Problems.badParameter("window",
                    "window must be one of " + Arrays.stream(values()).map(w -> w.label).collect(Collectors.joining(", ")) + "; got '" + label + "'");
        });
    }
}
