package io.pathwatch.alert;

/** What an alert is about: a path's state, or a hang of its stream. */
public enum AlertKind { STATE, HANG }
