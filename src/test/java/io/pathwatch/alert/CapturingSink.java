package io.pathwatch.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every alert delivered to it; fails while {@code failing} is set. */
class CapturingSink implements AlertSink {

    private final String name;

    CapturingSink() {
        this("capture");
    }

    CapturingSink(String name) {
        this.name = name;
    }

    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    volatile int attempts;

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        attempts++;
        if (failing) {
            throw new java.io.IOException("receiver down");
        }
        alerts.add(alert);
    }
}
