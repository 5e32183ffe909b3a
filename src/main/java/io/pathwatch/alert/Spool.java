package io.pathwatch.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's undelivered alerts on disk, oldest first: one file per alert, written whole (temporary
 * file, fsync, rename) before delivery is tried and removed once it succeeded, so a crash or
 * restart loses none. Bounded: past {@code limit} the oldest is dropped, and logged in full.
 * Thread-safe.
 */
final class Spool {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final int limit;
    private final Deque<Long> entries = new ArrayDeque<>();
    private long next;
    private long dropped;

    Spool(Path dir, int limit) {
        this.dir = dir;
        this.limit = limit;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json")).map(n -> Long.parseLong(n.substring(0, 20)))
                        .sorted().forEach(entries::addLast);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the alert spool " + dir, e);
        }
        next = entries.isEmpty() ? 1 : entries.peekLast() + 1;
    }

    synchronized void append(byte[] json) throws IOException {
        long n = next++;
        Path tmp = dir.resolve(name(n) + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(json));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name(n) + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        AlertStore.forceDirectory(dir); // the rename itself must survive a crash: only then is the alert accepted
        entries.addLast(n);
        while (entries.size() > limit) {
            long oldest = entries.pollFirst();
            Path f = file(oldest);
            dropped++;
            log.error("alert spool {} is full ({} alerts): dropping its oldest undelivered alert: {}", dir, limit, read(f));
            Files.deleteIfExists(f);
        }
        notifyAll();
    }

    /** The oldest entry, waiting up to {@code millis} for one; null if none came. */
    synchronized Long peek(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (entries.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return entries.peekFirst();
    }

    byte[] read(long entry) throws IOException {
        return Files.readAllBytes(file(entry));
    }

    /** Removes an entry once delivered (a no-op if it was dropped meanwhile). */
    synchronized void remove(long entry) throws IOException {
        if (entries.remove(entry)) {
            Files.deleteIfExists(file(entry));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long dropped() {
        return dropped;
    }

    Path dir() {
        return dir;
    }

    private Path file(long n) {
        return dir.resolve(name(n) + SUFFIX);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String name(long n) {
        return String.format(Locale.ROOT, "%020d", n);
    }
}
