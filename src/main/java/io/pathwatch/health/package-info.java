/**
 * Path health: the state of every path (UNKNOWN, OK, DEGRADED, DOWN), judged each window, and
 * the actuator health contributors of the {@code paths} group.
 */
package io.pathwatch.health;
