/**
 * What a monitored path is ({@link io.pathwatch.path.PathSpec}) and what probing it produced
 * ({@link io.pathwatch.path.CycleOutcome}), plus {@link io.pathwatch.path.ProbeListener}, the one
 * interface probes report through. Depends on nothing else in pathwatch.
 */
package io.pathwatch.path;
