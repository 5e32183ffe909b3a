package io.pathwatch.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's end of a {@link NetnsNode}: starts it inside a namespace with this JVM's class path,
 * sends it commands and waits (bounded) for each answer. Its log lines go to {@code NAME.log}.
 */
public final class NodeHandle implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private NodeHandle(Process process, Path log) throws IOException {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); logFile) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("> ")) {
                        answers.add(line.substring(2));
                    }
                    logFile.write(line);
                    logFile.write('\n');
                    logFile.flush();
                }
            } catch (IOException e) {
                answers.add("error node output: " + e);
            }
        }, "node-" + log.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a node in namespace {@code ns} (null: here), with these JVM options. */
    public static NodeHandle start(String ns, Path logDir, String name, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", ns));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NetnsNode.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new NodeHandle(p, logDir.resolve(name + ".log"));
    }

    /** Sends a command; its answer without "ok ", or an exception if it failed or took longer than {@code max}. */
    public String send(String command, Duration max) throws InterruptedException {
        in.println(command);
        String answer = answers.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new IllegalStateException("no answer to '" + command + "' within " + max);
        }
        if (!answer.startsWith("ok")) {
            throw new IllegalStateException("'" + command + "' failed: " + answer);
        }
        return answer.length() > 3 ? answer.substring(3) : "";
    }

    /** The report command's answer, parsed. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> report(Duration span, String pooledPrefix) throws InterruptedException {
        return JSON.readValue(send("report " + span.toSeconds() + " " + pooledPrefix, Duration.ofSeconds(20)), Map.class);
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        in.close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
