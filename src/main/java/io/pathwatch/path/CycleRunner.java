package io.pathwatch.path;

import java.util.concurrent.CompletableFuture;

/** Runs one probe cycle of a path now, outside its schedule; the result is not recorded. */
@FunctionalInterface
public interface CycleRunner {

    /**
     * @return the cycle's outcome when it finishes (it always does, within the path's timeouts)
     * @throws IllegalArgumentException for a path this agent does not probe
     * @throws IllegalStateException    when probing has stopped
     */
    CompletableFuture<CycleOutcome> runNow(String path);
}
