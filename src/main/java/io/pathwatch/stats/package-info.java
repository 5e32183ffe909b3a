/**
 * Per-path statistics, and the agent's own: a lock-free write side that keeps raw samples in
 * primitive buffers, one stats thread that harvests them every second and seals windows (sorted
 * once, kept as compact bucketed runs for an hour and across restarts), and an immutable read side
 * that answers 1m/5m/15m/1h queries, history and block-bootstrap intervals. Owns every figure
 * pathwatch reports: latency distributions, jitter, loss and lateness, hangs, errors, one-way
 * estimates and whether the prober itself kept up.
 */
package io.pathwatch.stats;
