package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What alerting must remember across a restart so that it neither repeats nor forgets: the last
 * sequence number, the state announced for each path, the incidents still open, the silences set
 * through the API, and the last batch of alerts on its way to the spools (the outbox, spooled
 * again after a crash). One JSON file, replaced whole (temporary file, fsync, rename, directory
 * fsync), at most once a second.
 */
final class AlertStore {

    private static final Logger log = LoggerFactory.getLogger(AlertStore.class);

    /** The saved state. */
    record Saved(long sequence, Map<String, PathState> announced, List<Incident> open, List<Silence> silences, List<Alert> outbox) {

        static final Saved EMPTY = new Saved(0, Map.of(), List.of(), List.of(), List.of());

        Saved {
            announced = announced == null ? Map.of() : Map.copyOf(announced);
            open = open == null ? List.of() : List.copyOf(open);
            silences = silences == null ? List.of() : List.copyOf(silences);
            outbox = outbox == null ? List.of() : List.copyOf(outbox);
        }

        Saved(long sequence, Map<String, PathState> announced, List<Incident> open) {
            this(sequence, announced, open, List.of(), List.of());
        }
    }

    private final Path file;
    private final JsonMapper json;

    AlertStore(Path dir, JsonMapper json) {
        this.file = dir.resolve("alerts-state.json");
        this.json = json;
    }

    Saved load() {
        if (!Files.exists(file)) {
            return Saved.EMPTY;
        }
        try {
            return json.readValue(Files.readAllBytes(file), Saved.class);
        } catch (IOException | RuntimeException e) {
            log.error("cannot read {} ({}); open alerts from before the restart are forgotten", file, e.toString());
            return Saved.EMPTY;
        }
    }

    /** Touched only on the alerts thread. */
    private boolean failing;
    private volatile long saves;

    /** Saves so far (each is two fsyncs: the file and its directory). */
    long saves() {
        return saves;
    }

    /**
     * Writes the state durably: a temporary file forced to disk, renamed over the old one, and the
     * directory forced too (a rename is a change of the directory; without that, a crash can lose it).
     *
     * @return whether it was written; a failure is logged and the caller tries again later
     */
    boolean save(Saved saved) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(json.writeValueAsBytes(saved));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.getParent());
            saves++;
            if (failing) {
                failing = false;
                log.info("alert state saved to {} again", file);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (!failing) { // retried every second while it fails (a full disk): said once per streak
                failing = true;
                log.error("cannot save alert state to {} (retrying; logged once until it works again): {}", file, e.toString());
            }
            return false;
        }
    }

    /**
     * fsync of a directory, so that a rename in it survives a crash. Where the platform cannot open a
     * directory (Windows) there is nothing more to do; a failing fsync is an I/O error like any other.
     */
    static void forceDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException cannotOpenADirectory) {
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }
}
