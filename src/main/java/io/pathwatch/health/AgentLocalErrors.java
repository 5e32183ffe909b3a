package io.pathwatch.health;

import io.pathwatch.stats.LocalErrors;
import io.pathwatch.stats.StatsRegistry;

/**
 * Where anything that judges the agent itself (its health indicator, agent alerts) asks about its
 * local errors, so that none of them needs the statistics package: a bean, read at any time from
 * any thread, cheap (60 one-second slots).
 */
public final class AgentLocalErrors {

    private final LocalErrors errors;

    public AgentLocalErrors(StatsRegistry stats) {
        this.errors = stats.agent().localErrors();
    }

    /** The local errors as they stand now. */
    public LocalErrorState now() {
        LocalErrors.Status s = errors.status();
        return new LocalErrorState(s.lastMinute(), s.lastMinuteByCause(), s.total(), s.lastPath(), s.lastDetail(), s.lastAt());
    }

    /** Local errors in the last minute, every path together. */
    public long lastMinute() {
        return errors.status().lastMinute();
    }

    /** The last local error's text, or null if there has been none. */
    public String lastDetail() {
        return errors.status().lastDetail();
    }
}
