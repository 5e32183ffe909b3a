package io.pathwatch.health;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every path's baselines in one JSON file, so a restart neither forgets a day of normal nor
 * learns a problem in progress as the new normal. Replaced whole (temporary file, fsync, rename).
 */
final class BaselineStore {

    private static final Logger log = LoggerFactory.getLogger(BaselineStore.class);

    /**
     * The file's content: the bucket length it was learned with, each path's identity (what it
     * probed; absent in files of earlier versions) and path → figure → state.
     */
    record Saved(long bucketMillis, Map<String, String> identities, Map<String, Map<String, Baseline.State>> paths) {
    }

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    BaselineStore(Path file) {
        this.file = file;
    }

    /**
     * The saved baselines of the paths whose identity is still the same, or none if there are
     * none, they are unreadable or were learned with another horizon. A path now probing another
     * target learns afresh: another target's normal would raise false alerts for hours.
     */
    Map<String, Map<String, Baseline.State>> load(long bucketMillis, Map<String, String> identities) {
        return load(bucketMillis, identities, new java.util.HashMap<>(), java.time.Instant.now());
    }

    /**
     * The same, and into {@code absent} the baselines of saved paths that are not configured now,
     * with the identity they were learned for: discovery may find such a path again later.
     */
    Map<String, Map<String, Baseline.State>> load(long bucketMillis, Map<String, String> identities, Map<String, Departed> absent,
            java.time.Instant now) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Saved saved = json.readValue(Files.readAllBytes(file), Saved.class);
            if (saved.bucketMillis() != bucketMillis) {
                log.info("baselines in {} were learned over another horizon; learning afresh", file);
                return Map.of();
            }
            Map<String, Map<String, Baseline.State>> kept = new java.util.LinkedHashMap<>();
            saved.paths().forEach((path, figures) -> {
                String then = saved.identities() == null ? null : saved.identities().get(path);
                if (!identities.containsKey(path)) {
                    if (then != null) {
                        absent.put(path, new Departed(then, figures, now));
                    }
                } else if (then == null || then.equals(identities.get(path))) {
                    kept.put(path, figures);
                } else {
                    log.info("path {} now probes {} (its baselines were of {}); learning afresh", path, identities.get(path), then);
                }
            });
            log.info("baselines of {} path(s) restored from {}", kept.size(), file);
            return kept;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read baselines from {} ({}); learning afresh", file, e.toString());
            return Map.of();
        }
    }

    void save(long bucketMillis, Map<String, String> identities, Map<String, Map<String, Baseline.State>> paths) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(new Saved(bucketMillis, identities, paths))));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true); // the rename is a change of the directory: without this a crash can undo it
            } catch (IOException cannotSyncADirectoryHere) {
                // the rename itself is atomic; only its durability is at the file system's mercy
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot save baselines to {}: {}", file, e.toString());
        }
    }
}
