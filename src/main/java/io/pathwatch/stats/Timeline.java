package io.pathwatch.stats;

/**
 * What queries read of one path: its sealed windows, oldest first, and the open window as of the
 * last harvest. Immutable and replaced whole by the stats thread, so a query needs no lock and
 * always sees windows that fit together (none counted twice, none missing).
 */
record Timeline(SealedWindow[] sealed, OpenWindow open) {
}
