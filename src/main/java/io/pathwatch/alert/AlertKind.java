package io.pathwatch.alert;

/**
 * What an alert is about: a path's state, a hang of its stream, the agent itself (overloaded,
 * local errors, CloudWatch failing, a spool filling up; the alert's {@code path} names the
 * condition), or a test sent through {@code POST /api/alerts/test}.
 */
public enum AlertKind { STATE, HANG, AGENT, TEST }
