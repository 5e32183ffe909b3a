package io.pathwatch.stats;

import io.pathwatch.path.PathSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one change of the path set did, by path name.
 *
 * @param restarted paths whose target, TLS, mode, source address, DSCP or probe settings changed: measured again from nothing
 * @param retagged  paths whose tags alone changed: everything kept
 */
public record PathChanges(List<String> added, List<String> removed, List<String> restarted, List<String> retagged) {

    /** Why a path's open incidents resolve when it leaves the configuration. */
    public static final String REMOVED = "path removed";

    public PathChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
        retagged = List.copyOf(retagged);
    }

    public boolean none() {
        return added.isEmpty() && removed.isEmpty() && restarted.isEmpty() && retagged.isEmpty();
    }

    /** "path changed: target a:1 → b:1, probe settings", for a path measured again from nothing. */
    static String changedReason(PathSpec was, PathSpec now) {
        List<String> what = new ArrayList<>();
        if (!was.target().equals(now.target())) {
            what.add("target " + was.target() + " → " + now.target());
        }
        if (!Objects.equals(was.tls(), now.tls())) {
            what.add("TLS");
        }
        if (was.mode() != now.mode()) {
            what.add("mode " + was.mode().key() + " → " + now.mode().key());
        }
        if (!was.egress().equals(now.egress())) {
            what.add("source address or DSCP");
        }
        if (!was.settings().equals(now.settings())) {
            what.add("probe settings");
        }
        return "path changed: " + String.join(", ", what);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + added);
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + removed);
        }
        if (!restarted.isEmpty()) {
            parts.add("restarted with new settings " + restarted);
        }
        if (!retagged.isEmpty()) {
            parts.add("tags changed " + retagged);
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }
}
