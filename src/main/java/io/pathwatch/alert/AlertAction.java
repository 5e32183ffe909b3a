package io.pathwatch.alert;

/**
 * Where an alert stands in its incident: first raised, changed (DEGRADED ↔ DOWN), repeated while
 * it lasts, resolved. Every RAISED is followed by exactly one RESOLVED.
 */
public enum AlertAction { RAISED, CHANGED, REPEATED, RESOLVED }
