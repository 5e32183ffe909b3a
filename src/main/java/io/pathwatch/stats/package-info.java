/**
 * Per-path statistics: HdrHistogram recorders swapped every second into the current window,
 * a ring of sealed windows answering 1m/5m/15m/1h, and the jitter, loss, hang, error and
 * one-way accounting. Owns every figure pathwatch reports.
 */
package io.pathwatch.stats;
