package io.pathwatch.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reloading the configuration while pathwatch runs, and what the running configuration is.
 * The composition root implements it; the API and the signal handler only ask.
 */
public interface ConfigReloads {

    /** Reads the configuration again and applies what changed; never throws for a bad file (the outcome says). */
    Outcome reload(String trigger);

    /** The running configuration and the last reload. */
    Report report();

    /** How a reload ended. */
    enum Result {
        /** Something changed and was applied. */
        APPLIED,
        /** Valid, and nothing that applies live had changed. */
        UNCHANGED,
        /** Invalid: nothing changed, the configuration before it keeps running. */
        FAILED
    }

    /**
     * One reload.
     *
     * @param trigger      what asked for it: {@code api}, {@code SIGHUP}, {@code file <path>}, {@code discovery}
     * @param changes      what it changed, in words ({@code added [a]}); empty when nothing
     * @param needsRestart keys whose new value differs from the running one but takes a restart (not applied)
     * @param error        why it failed, naming the key; null unless {@link Result#FAILED}
     */
    record Outcome(Instant at, String trigger, Result result, List<String> changes, List<String> needsRestart, String error) {

        public Outcome {
            changes = List.copyOf(changes);
            needsRestart = List.copyOf(needsRestart);
        }
    }

    /**
     * One configuration key as it is set.
     *
     * @param value  its value, {@code ******} for a secret
     * @param origin where it was set: a file and line, an environment variable, a command-line argument
     */
    record Setting(String value, String origin) {
    }

    /**
     * @param settings  every {@code pathwatch.*} key that is set, as running now, with where it came from
     *                  (a key not listed has its documented default)
     * @param watched   the files watched for changes
     * @param last      the last reload; null before the first
     * @param lastError the error of the last failed reload, until one succeeds; null otherwise
     * @param pending   keys changed in the files that need a restart to apply
     */
    record Report(Map<String, Setting> settings, List<String> watched, Outcome last, String lastError, List<String> pending,
            Map<String, Object> discovery) {
    }
}
