/**
 * The prober: a Netty client that runs one probe cycle per path per interval on a fresh
 * connection, one long-lived heartbeat stream per path that detects hangs, and the scheduler
 * that owns timing. Everything is reported through {@link io.pathwatch.path.ProbeListener};
 * nothing here knows about statistics or metrics.
 */
package io.pathwatch.probe;
