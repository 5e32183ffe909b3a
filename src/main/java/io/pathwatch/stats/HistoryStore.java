package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every path's sealed windows across a restart: written at shutdown, read at start for the
 * paths that still exist. Windows are placed on the wall clock in the file (monotonic time does
 * not survive a restart) and mapped back to this run's monotonic clock when read. A file from a
 * build whose window layout differs, or whose checksum does not match (a torn or damaged file),
 * is ignored (and said so), never misread. Each path carries its identity (target and the settings
 * that shape its figures), so a path whose name stayed but whose target changed starts afresh.
 *
 * <pre>
 *   "PWH2"  layout:int  paths:int
 *   per path:  name:UTF  identity:UTF  windows:int
 *     per window:  startEpochNanos:long  endEpochNanos:long  length:int  bytes
 *   crc32 of all the above:int
 * </pre>
 */
final class HistoryStore {

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final int MAGIC = 0x50574832; // "PWH2"
    private static final int MAX_WINDOW_BYTES = 1 << 20;

    /** A window as the file holds it. */
    record StoredWindow(long startEpochNanos, long endEpochNanos, byte[] data) {
    }

    /** A path's windows as the file holds them, with the identity they were measured under. */
    record StoredPath(String identity, List<StoredWindow> windows) {
    }

    private final Path file;

    HistoryStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Changes whenever the encoding of a sealed window would: the counters, failure kinds and kept figures, by name. */
    static int layout() {
        String names = Stream.of(Arrays.stream(Count.values()).map(Enum::name), Arrays.stream(FailureKind.values()).map(Enum::name),
                Arrays.stream(Figure.values()).filter(f -> f.kept).map(Enum::name)).flatMap(s -> s).collect(Collectors.joining(","));
        return names.hashCode();
    }

    void save(Map<String, StoredPath> byPath) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream raw = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel)))) {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.writeInt(MAGIC);
            out.writeInt(layout());
            out.writeInt(byPath.size());
            for (Map.Entry<String, StoredPath> e : byPath.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().identity());
                out.writeInt(e.getValue().windows().size());
                for (StoredWindow w : e.getValue().windows()) {
                    out.writeLong(w.startEpochNanos());
                    out.writeLong(w.endEpochNanos());
                    out.writeInt(w.data().length);
                    out.write(w.data());
                }
            }
            out.flush();
            raw.writeInt((int) crc.getValue());
            raw.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is atomic
        }
    }

    /** What the file holds, by path; empty when there is no file or it cannot be used (said in the log). */
    Map<String, StoredPath> load() {
        Map<String, StoredPath> out = new LinkedHashMap<>();
        try (InputStream stream = Files.newInputStream(file); DataInputStream raw = new DataInputStream(new BufferedInputStream(stream))) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readInt() != MAGIC) {
                log.warn("{} is not a pathwatch history file; ignored", file);
                return Map.of();
            }
            if (in.readInt() != layout()) {
                log.info("{} was written by a pathwatch whose windows are laid out differently; its history is not restored", file);
                return Map.of();
            }
            int paths = in.readInt();
            for (int p = 0; p < paths; p++) {
                String name = in.readUTF();
                String identity = in.readUTF();
                int n = in.readInt();
                List<StoredWindow> windows = new ArrayList<>(Math.min(n, 4096));
                for (int i = 0; i < n; i++) {
                    long start = in.readLong();
                    long end = in.readLong();
                    int length = in.readInt();
                    if (length < 0 || length > MAX_WINDOW_BYTES) {
                        throw new IOException("window of " + length + " bytes");
                    }
                    windows.add(new StoredWindow(start, end, in.readNBytes(length)));
                }
                out.put(name, new StoredPath(identity, windows));
            }
            int expected = (int) crc.getValue();
            if (raw.readInt() != expected) {
                throw new IOException("checksum mismatch (a damaged or partly written file)");
            }
            return out;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            log.warn("history in {} cannot be read ({}); starting without it", file, e.toString());
            return Map.of();
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
