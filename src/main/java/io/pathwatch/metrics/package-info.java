/**
 * Meters: every name pathwatch publishes ({@link io.pathwatch.metrics.MeterNames}) and the binders
 * that read them from the statistics and the health tracker.
 */
package io.pathwatch.metrics;
