package io.pathwatch.alert;

/** Somewhere alerts go. Called from the sink's own delivery thread, one alert at a time, in order. */
interface AlertSink {

    /** Names the sink in logs and its spool directory. */
    String name();

    /**
     * Delivers one alert, or throws: {@link RejectedAlert} when the receiver refused this alert
     * for good (it is dropped and logged), anything else to have it retried with backoff.
     */
    void deliver(Alert alert) throws Exception;

    /** What the sink was built from: a reload keeps a sink whose settings are equal (its queue and spool go on). */
    default Object settings() {
        return this;
    }

    default boolean sameAs(AlertSink other) {
        return name().equals(other.name()) && settings().equals(other.settings());
    }
}
