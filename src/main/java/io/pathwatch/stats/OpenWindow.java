package io.pathwatch.stats;

/**
 * The window being built, as it stood at the last harvest: an immutable view that queries read
 * while the stats thread goes on appending. Sample arrays are shared with the builder, which only
 * ever writes beyond {@code sizes} (and copies when it grows), so the part seen here never
 * changes. Hang figures are not here: a query takes them live from the {@link HangLedger}.
 *
 * @param startNanos   when the window began (monotonic)
 * @param harvestNanos when this view was taken
 * @param samples      per figure, bucketed values in arrival order
 * @param hangsAtStart the ledger as it stood when the window began
 */
record OpenWindow(long startNanos, long harvestNanos, int[][] samples, int[] sizes, long[] counts, long[] errors,
        HangLedger hangsAtStart) {

    /** The hang time the path had accumulated when this window began. */
    long hungAtStart() {
        return hangsAtStart.hungUpTo(startNanos);
    }
}
