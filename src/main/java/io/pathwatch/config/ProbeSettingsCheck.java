package io.pathwatch.config;

import java.time.Duration;

/** The cross-field rules shared by the probe defaults and each path's overrides. */
final class ProbeSettingsCheck {

    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofHours(1);

    private ProbeSettingsCheck() {
    }

    static boolean valid(Duration interval, Duration timeout, Duration heartbeat, Duration hangThreshold, Duration window) {
        return inRange(interval) && inRange(timeout) && inRange(heartbeat) && inRange(hangThreshold)
                && hangThreshold.compareTo(heartbeat) > 0
                && window.toNanosPart() == 0 && window.getSeconds() >= 1 && window.getSeconds() <= 60;
    }

    private static boolean inRange(Duration d) {
        return d.compareTo(MIN) >= 0 && d.compareTo(MAX) <= 0;
    }
}
