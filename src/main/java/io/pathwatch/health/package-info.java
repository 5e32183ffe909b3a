/**
 * Path health: rules (a figure, a comparison, an absolute or baseline-relative threshold, the state
 * it leads to, for / clear-for hysteresis), the baselines each path learns, the state machine that
 * judges every sealed window (UNKNOWN, OK, DEGRADED, DOWN), and the actuator contributors of
 * {@code /actuator/health/paths}.
 */
package io.pathwatch.health;
