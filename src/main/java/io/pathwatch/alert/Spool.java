package io.pathwatch.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's undelivered alerts on disk, oldest first. Alerts arrive in batches (all those the
 * alerts thread made in one go, at most one batch a second under a storm), and each batch is one
 * file of JSON lines, written whole (temporary file, fsync, rename, directory fsync) before
 * delivery is tried: two fsyncs per batch, however many alerts it holds. A file is deleted once
 * every alert in it was delivered (or dropped); a crash before that delivers the rest of it, and
 * possibly some of it again, after the restart: receivers drop a repeated alert id. Bounded: past
 * {@code limit} the oldest is dropped, and logged in full. Thread-safe.
 */
final class Spool {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String SUFFIX = ".jsonl";

    /** One alert in the spool: the batch file it is in and its bytes. */
    record Entry(long file, byte[] json) {
    }

    private final Path dir;
    private final int limit;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** Per batch file: how many of its alerts are still waiting. */
    private final Map<Long, Integer> waiting = new HashMap<>();
    private long next;
    private long dropped;
    private long fsyncs;

    Spool(Path dir, int limit) {
        this.dir = dir;
        this.limit = limit;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) { // half-written batches of a write that failed or was cut short
                for (Path tmp : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(tmp);
                }
            }
            convertSingles();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.jsonl")).map(n -> Long.parseLong(n.substring(0, 20)))
                        .sorted().forEach(this::load);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the alert spool " + dir, e);
        }
        next = waiting.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    }

    /** Spools written before batches held one alert per {@code <n>.json} file: each becomes a batch of one. */
    private void convertSingles() throws IOException {
        List<Path> singles;
        try (Stream<Path> files = Files.list(dir)) {
            singles = files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        }
        long free;
        try (Stream<Path> files = Files.list(dir)) {
            free = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.jsonl"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(0) + 1;
        }
        for (Path single : singles) {
            String json;
            try {
                json = Files.readString(single, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "");
            } catch (IOException unreadable) {
                log.error("alert spool {}: cannot read {} ({}); left as it is", dir, single, unreadable.toString());
                continue;
            }
            Path batch = dir.resolve(single.getFileName().toString() + "l");
            if (Files.exists(batch)) { // a number an older build reused: never overwrite a batch that waits
                batch = dir.resolve(name(free++) + SUFFIX);
            }
            Path tmp = dir.resolve(batch.getFileName().toString() + ".tmp");
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, batch, StandardCopyOption.ATOMIC_MOVE);
            AlertStore.forceDirectory(dir);
            Files.delete(single);
        }
    }

    private void load(long n) {
        try {
            int count = 0;
            for (String line : Files.readAllLines(file(n), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.addLast(new Entry(n, line.getBytes(StandardCharsets.UTF_8)));
                    count++;
                }
            }
            if (count == 0) {
                Files.deleteIfExists(file(n));
            } else {
                waiting.put(n, count);
            }
        } catch (IOException e) {
            log.error("alert spool {}: cannot read {} ({}); its alerts are lost", dir, file(n), e.toString());
        }
    }

    /** One alert, alone in its batch. */
    void append(byte[] json) throws IOException {
        appendAll(List.of(json));
    }

    /** Keeps the alerts on disk in one batch file; returns once it is durable. Each must be one line of JSON. */
    synchronized void appendAll(List<byte[]> alerts) throws IOException {
        if (alerts.isEmpty()) {
            return;
        }
        long n = next;
        Path tmp = dir.resolve(name(n) + ".tmp");
        int bytes = alerts.stream().mapToInt(a -> a.length + 1).sum();
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (byte[] a : alerts) {
            buf.put(a).put((byte) '\n');
        }
        buf.flip();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file(n), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp); // a failing disk must not fill up with half-written batches, one per retry
            } catch (IOException ignored) {
                // the next start removes it
            }
            throw e;
        }
        next = n + 1;
        AlertStore.forceDirectory(dir); // the rename itself must survive a crash: only then are the alerts accepted
        fsyncs += 2;
        for (byte[] a : alerts) {
            entries.addLast(new Entry(n, a));
        }
        waiting.put(n, alerts.size());
        while (entries.size() > limit) {
            Entry oldest = entries.pollFirst();
            dropped++;
            log.error("alert spool {} is full ({} alerts): dropping its oldest undelivered alert: {}", dir, limit,
                    new String(oldest.json(), StandardCharsets.UTF_8));
            done(oldest.file());
        }
        notifyAll();
    }

    /** The oldest entry, waiting up to {@code millis} for one; null if none came. */
    synchronized Entry peek(long millis) throws InterruptedException {
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

    /** Removes an entry once delivered (a no-op if it was dropped meanwhile); its file goes with its last alert. */
    synchronized void remove(Entry entry) throws IOException {
        if (entries.removeFirstOccurrence(entry)) {
            done(entry.file());
        }
    }

    private void done(long n) {
        Integer left = waiting.merge(n, -1, Integer::sum);
        if (left != null && left <= 0) {
            waiting.remove(n);
            try {
                Files.deleteIfExists(file(n));
            } catch (IOException e) {
                log.warn("alert spool {}: cannot delete the delivered batch {} ({}); it will be delivered again after a restart", dir, file(n),
                        e.toString());
            }
        }
    }

    /** The alerts waiting now, oldest first (for recovery: which ids are already here). */
    synchronized List<byte[]> contents() {
        return entries.stream().map(Entry::json).toList();
    }

    synchronized int size() {
        return entries.size();
    }

    int limit() {
        return limit;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** fsyncs so far (files and the directory). */
    synchronized long fsyncs() {
        return fsyncs;
    }

    Path dir() {
        return dir;
    }

    private Path file(long n) {
        return dir.resolve(name(n) + SUFFIX);
    }

    private static String name(long n) {
        return String.format(Locale.ROOT, "%020d", n);
    }
}
