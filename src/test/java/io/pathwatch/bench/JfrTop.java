package io.pathwatch.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a JFR recording ({@code jdk.ExecutionSample}; threads in native
 * code, {@code jdk.NativeMethodSample}, are listed apart because they include idle waits) by
 * thread group (a thread's name without its numbers: {@code probe-io}, {@code pathwatch-stats},
 * {@code http-nio-exec}...): per group the hottest methods by self and by inclusive samples, the
 * innermost pathwatch frame (file:line) each sample was under, and the package of the leaf frame;
 * and, where the recording has them, the throwables constructed and where.
 *
 * <pre>bench/run.sh jfr-top FILE.jfr [top]</pre>
 */
public final class JfrTop {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Group> execution = new TreeMap<>();
        Map<String, Group> nativeSamples = new TreeMap<>();
        Map<String, Long> exceptions = new HashMap<>();
        long exceptionCount = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.JavaExceptionThrow") || type.equals("jdk.JavaErrorThrow")) {
                exceptionCount++;
                exceptions.merge(group(e.getThread()) + ": " + e.getClass("thrownClass").getName() + " from " + site(e), 1L, Long::sum);
                continue;
            }
            Map<String, Group> into = switch (type) {
                case "jdk.ExecutionSample" -> execution;
                case "jdk.NativeMethodSample" -> nativeSamples;
                default -> null;
            };
            if (into == null || e.getStackTrace() == null) {
                continue;
            }
            String thread = group(e.getThread("sampledThread"));
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            into.computeIfAbsent(thread, Group::new).add(frames, e.getStackTrace().isTruncated());
            into.computeIfAbsent("(all threads)", Group::new).add(frames, e.getStackTrace().isTruncated());
        }
        long all = execution.containsKey("(all threads)") ? execution.get("(all threads)").samples : 0;
        System.out.printf("%s: %d execution samples (threads running Java code)%n", file, all);
        execution.values().stream().sorted(Comparator.comparingLong((Group g) -> -g.samples))
                .forEach(g -> System.out.printf("  %-28s %7d  %5.1f %%%s%n", g.name, g.samples, pct(g.samples, all),
                        g.truncated > 0 ? "  (" + g.truncated + " stacks truncated)" : ""));
        for (Group g : execution.values().stream().sorted(Comparator.comparingLong((Group x) -> -x.samples)).toList()) {
            if (g.samples * 100 < all) {
                continue;
            }
            System.out.printf("%n== %s: %d samples (%.1f %% of all) ==%n", g.name, g.samples, pct(g.samples, all));
            print("self (leaf method)", g.self, g.samples, all, top);
            print("inclusive (method anywhere in the stack)", g.inclusive, g.samples, all, top);
            print("innermost pathwatch frame (everything it called below it)", g.pathwatch, g.samples, all, top);
            print("package of the leaf frame", g.leafPackage, g.samples, all, 15);
            print("how the leaf frame ran", g.leafType, g.samples, all, 5);
            if (!g.interpreted.isEmpty()) {
                print("leaf methods running in the interpreter", g.interpreted, g.samples, all, 10);
            }
        }
        if (exceptionCount > 0) {
            System.out.printf("%n%d throwables constructed (jdk.JavaExceptionThrow), by thread group, class and where%n", exceptionCount);
            print("throwables", exceptions, exceptionCount, exceptionCount, 15);
        }
        long allNative = nativeSamples.containsKey("(all threads)") ? nativeSamples.get("(all threads)").samples : 0;
        System.out.printf("%n%d native samples (threads in native code: syscalls, but also idle waits such as epoll_wait)%n", allNative);
        for (Group g : nativeSamples.values().stream().sorted(Comparator.comparingLong((Group x) -> -x.samples)).toList()) {
            if (g.samples * 100 < allNative || g.name.equals("(all threads)")) {
                continue;
            }
            print(g.name + ": " + g.samples + " native samples, by leaf method", g.self, g.samples, allNative, 8);
        }
    }

    private static void print(String title, Map<String, Long> counts, long groupSamples, long all, int top) {
        System.out.println("  -- " + title + " --   [% of group, % of all]");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf("  %6.1f %% %6.1f %%  %s%n", pct(en.getValue(), groupSamples), pct(en.getValue(), all), en.getKey()));
    }

    private static double pct(long n, long of) {
        return of == 0 ? 0 : 100.0 * n / of;
    }

    /** A thread's name without its numbers: probe-io-3-1 → probe-io, http-nio-18091-exec-4 → http-nio-exec. */
    static String group(RecordedThread t) {
        if (t == null) {
            return "(unknown)";
        }
        String name = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return name == null ? "(unknown)" : name.replaceAll("-\\d+", "").replaceAll("\\d+$", "");
    }

    /** The first frame of a throwable's construction that is not a constructor: where it was made. */
    private static String site(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return "?";
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String name = f.getMethod().getName();
            if (!name.equals("<init>") && !name.equals("fillInStackTrace")) {
                return method(f) + ":" + f.getLineNumber();
            }
        }
        return "?";
    }

    static String method(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m.getType().getName() + "." + m.getName();
    }

    static final class Group {
        final String name;
        long samples;
        long truncated;
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> inclusive = new HashMap<>();
        final Map<String, Long> pathwatch = new HashMap<>();
        final Map<String, Long> leafPackage = new HashMap<>();
        final Map<String, Long> leafType = new HashMap<>();
        final Map<String, Long> interpreted = new HashMap<>();

        Group(String name) {
            this.name = name;
        }

        void add(List<RecordedFrame> frames, boolean truncatedStack) {
            samples++;
            truncated += truncatedStack ? 1 : 0;
            if (frames.isEmpty()) {
                return;
            }
            RecordedFrame leaf = frames.get(0);
            self.merge(method(leaf), 1L, Long::sum);
            leafPackage.merge(pkg(leaf.getMethod().getType().getName()), 1L, Long::sum);
            leafType.merge(leaf.getType(), 1L, Long::sum);
            if ("Interpreted".equals(leaf.getType())) {
                interpreted.merge(method(leaf), 1L, Long::sum);
            }
            Set<String> seen = new HashSet<>();
            String innermost = null;
            for (RecordedFrame f : frames) {
                String m = method(f);
                if (seen.add(m)) {
                    inclusive.merge(m, 1L, Long::sum);
                }
                if (innermost == null && m.startsWith("io.pathwatch.")) {
                    innermost = m + ":" + f.getLineNumber();
                }
            }
            pathwatch.merge(innermost == null ? "(no pathwatch frame)" : innermost, 1L, Long::sum);
        }

        /** The first three parts of a class's package: io.netty.channel, org.HdrHistogram, java.util.concurrent. */
        private static String pkg(String className) {
            String[] parts = className.split("\\.");
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < parts.length - 1 && i < 3; i++) {
                keep.add(parts[i]);
            }
            return keep.isEmpty() ? className : String.join(".", keep);
        }
    }
}
