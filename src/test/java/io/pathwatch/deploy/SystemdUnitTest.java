package io.pathwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * deploy/systemd/pathwatch.service as systemd takes it: {@code systemd-analyze verify} has nothing
 * to say, {@code systemd-analyze security --offline=true} scores it at most 2.5 while the JVM keeps
 * its sockets and its JIT, its ExecStartPre refuses a start without the secret credential unless
 * the unit's switch says open on purpose, and the credential becomes {@code pathwatch.auth.secret}.
 * Where PID 1 is systemd (not on the build machines), the unit is also started for real.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("deploy/systemd/pathwatch.service");
    private static final Path ENV_FILE = Path.of("deploy/systemd/pathwatch.env");
    private static final Pattern SCORE = Pattern.compile("Overall exposure level for pathwatch\\.service: (\\d+\\.\\d+) ");
    private static final String SECRET = "pathwatch.auth.secret";

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    private static Run run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) {
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", cmd).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        return run(null, List.of(cmd));
    }

    /** Every value of a directive in the [Service] section, in order. */
    private static List<String> directives(String key) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith(key + "=")) {
                out.add(line.substring(key.length() + 1));
            }
        }
        return out;
    }

    private static String directive(String key) throws IOException {
        List<String> all = directives(key);
        assertThat(all).as("one %s= line", key).hasSize(1);
        return all.get(0);
    }

    /** The specifiers and escapes systemd resolves in a command line: %d the credentials directory, %% and $$. */
    private static String resolve(String command, Path credentials) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            char next = i + 1 < command.length() ? command.charAt(i + 1) : 0;
            if (c == '%' && next == 'd') {
                out.append(credentials);
                i++;
            } else if ((c == '%' || c == '$') && next == c) {
                out.append(c);
                i++;
            } else {
                assertThat(c).as("a specifier this test does not resolve in: " + command).isNotEqualTo('%');
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void systemdAcceptsTheUnitAsWritten() throws Exception {
        assumeThat(Tools.onPath("systemd-analyze")).as("systemd-analyze is not installed (Debian package systemd); skipping the unit's check").isTrue();
        assumeThat(Path.of("/usr/bin/java")).as("/usr/bin/java (the unit's ExecStart) is missing here; verify would only report that").exists();
        Run verify = run("systemd-analyze", "verify", UNIT.toString());
        assertThat(verify.out()).as("systemd-analyze verify warns about nothing").isEmpty();
        assertThat(verify.exit()).isZero();
    }

    @Test
    void theUnitScoresAtMostTwoPointFiveAndKeepsWhatTheJvmNeeds() throws Exception {
        assumeThat(Tools.onPath("systemd-analyze")).as("systemd-analyze is not installed (Debian package systemd); skipping the exposure score").isTrue();
        Run security = run("systemd-analyze", "security", "--offline=true", "--no-pager", UNIT.toString());
        assertThat(security.out()).doesNotContain("Invalid syntax").doesNotContain("Unknown key");
        Matcher m = SCORE.matcher(security.out());
        assertThat(m.find()).as(security.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("exposure score; the issue found 8.5 EXPOSED").isLessThanOrEqualTo(2.5);
        Map<String, Boolean> checks = new HashMap<>();
        for (String line : security.out().lines().toList()) {
            if (line.startsWith("✓ ") || line.startsWith("✗ ")) {
                checks.put(line.substring(2).trim().split("\\s+")[0], line.startsWith("✓"));
            }
        }
        assertThat(checks).as("a user of its own, no root, no capabilities, the OS read-only")
                .containsEntry("User=/DynamicUser=", true).containsEntry("NoNewPrivileges=", true).containsEntry("ProtectSystem=", true)
                .containsEntry("CapabilityBoundingSet=~CAP_SYS_ADMIN", true).containsEntry("PrivateTmp=", true).containsEntry("ProtectHome=", true);
        assertThat(checks).as("what the JVM and Netty still need: the JIT's W+X pages, IP, local and netlink sockets, the network")
                .containsEntry("MemoryDenyWriteExecute=", false).containsEntry("RestrictAddressFamilies=~AF_(INET|INET6)", false)
                .containsEntry("RestrictAddressFamilies=~AF_UNIX", false).containsEntry("RestrictAddressFamilies=~AF_NETLINK", false)
                .containsEntry("PrivateNetwork=", false);
        assertThat(directive("DynamicUser")).isEqualTo("yes");
        assertThat(directive("StateDirectory")).isEqualTo("pathwatch");
        assertThat(directive("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
    }

    @Test
    void itRefusesToStartWithoutTheSecretUnlessTheUnitSaysOpen() throws Exception {
        String check = directive("ExecStartPre");
        Path credentials = Files.createDirectories(dir.resolve("credentials"));
        Map<String, String> env = new HashMap<>();
        for (String e : directives("Environment")) {
            env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        assertThat(env).as("the unit itself says not open").containsEntry("PATHWATCH_UNIT_ALLOW_OPEN", "no");
        // a missing file: systemd hands the service SetCredential='s default instead
        String fallback = directive("SetCredential");
        assertThat(fallback).startsWith(SECRET + ":");
        String fallbackValue = fallback.substring(SECRET.length() + 1).replace("\\n", "\n");
        Path secret = credentials.resolve(SECRET);
        List<String> sh = List.of("/bin/sh", "-c", resolve(check, credentials));

        Run none = run(env, sh);
        assertThat(none.exit()).as("no credential at all").isNotZero();
        Files.writeString(secret, fallbackValue);
        Run missing = run(env, sh);
        assertThat(missing.exit()).as("the credential file missing (systemd's default in its place)").isNotZero();
        assertThat(missing.out()).as("what systemctl status shows: what is missing and how to open on purpose")
                .contains("refusing to start without a shared secret").contains("/etc/credstore/pathwatch.auth.secret is missing or empty")
                .contains("openssl rand -hex 32").contains("Environment=PATHWATCH_UNIT_ALLOW_OPEN=yes").contains("systemctl edit pathwatch");
        Files.writeString(secret, "");
        assertThat(run(env, sh).exit()).as("an empty file").isNotZero();

        Files.writeString(secret, "0123abcd\n");
        Run withSecret = run(env, sh);
        assertThat(withSecret.exit()).as(withSecret.out()).isZero();
        assertThat(withSecret.out()).isEmpty();

        // a secret in the environment would win over the credential, and an empty one would open the responder
        env.put("PATHWATCH_AUTH_SECRET", "");
        Run inEnvironment = run(env, sh);
        assertThat(inEnvironment.exit()).as("PATHWATCH_AUTH_SECRET in the environment, even beside a credential").isNotZero();
        assertThat(inEnvironment.out()).contains("PATHWATCH_AUTH_SECRET is set in the environment");
        env.remove("PATHWATCH_AUTH_SECRET");

        Files.writeString(secret, fallbackValue);
        env.put("PATHWATCH_UNIT_ALLOW_OPEN", "yes");
        Run open = run(env, sh);
        assertThat(open.exit()).as("open on purpose (a drop-in's Environment=): " + open.out()).isZero();
    }

    @Test
    void theCredentialBecomesTheSecretPropertyOverTheConfigFileAndItsDefaultAnEmptyOne() throws Exception {
        Path credentials = Files.createDirectories(dir.resolve("credentials"));
        // ExecStart's --spring.config.* arguments, with a shipped example (`secret: ${PATHWATCH_AUTH_SECRET:}`) as /etc/pathwatch/pathwatch.yml
        Map<String, Object> args = new HashMap<>();
        Matcher arg = Pattern.compile("--(spring\\.config\\.[a-z.-]+)=(\\S+)").matcher(directive("ExecStart"));
        while (arg.find()) {
            args.put(arg.group(1), resolve(arg.group(2), credentials).replace("/etc/pathwatch/pathwatch.yml", Path.of("config/consumer.yml").toAbsolutePath().toString()));
        }
        assertThat(args).containsKeys("spring.config.import", "spring.config.additional-location");

        Files.writeString(credentials.resolve(SECRET), "0123abcd\n");
        assertThat(secretSeenBy(args)).as("the file's trailing newline is not part of the secret").isEqualTo("0123abcd");
        String fallbackValue = directive("SetCredential").substring(SECRET.length() + 1).replace("\\n", "\n");
        Files.writeString(credentials.resolve(SECRET), fallbackValue);
        assertThat(secretSeenBy(args)).as("the default (open, when the unit allows it) is pathwatch's empty secret").isEmpty();
    }

    /** pathwatch.auth.secret as Spring Boot's config data reads it with these command-line arguments (and no PATHWATCH_AUTH_SECRET). */
    private static String secretSeenBy(Map<String, Object> args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", args));
        ConfigDataEnvironmentPostProcessor.applyTo(env, new DefaultResourceLoader(), new DefaultBootstrapContext(), List.of());
        return env.getProperty(SECRET);
    }

    @Test
    void theEnvFileGivesTheJvmTheImagesMemoryFlags() throws Exception {
        Matcher image = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"$").matcher(Files.readString(Path.of("Dockerfile")));
        Matcher host = Pattern.compile("(?m)^JAVA_TOOL_OPTIONS=(.+)$").matcher(Files.readString(ENV_FILE));
        assertThat(image.find()).isTrue();
        assertThat(host.find()).isTrue();
        assertThat(host.group(1)).as("the same memory flags in the image and on a host").isEqualTo(image.group(1));
        assertThat(directive("EnvironmentFile")).as("required: without it the JVM would run without them").isEqualTo("/etc/pathwatch/env");

        // what the JVM makes of them in a 1 GiB task
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:MaxRAM=1g"));
        cmd.addAll(Arrays.asList(host.group(1).split(" ")));
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Run flags = run(cmd.toArray(String[]::new));
        assertThat(flags.exit()).as(flags.out()).isZero();
        Map<String, String> f = new HashMap<>();
        for (String line : flags.out().lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 4 && w[2].equals("=")) {
                f.put(w[1], w[3]);
            }
        }
        long mib = 1024 * 1024;
        assertThat(f).containsEntry("ExitOnOutOfMemoryError", "true").containsEntry("MaxTenuringThreshold", "1");
        long heap = Long.parseLong(f.get("MaxHeapSize"));
        long direct = Long.parseLong(f.get("MaxDirectMemorySize"));
        long metaspace = Long.parseLong(f.get("MaxMetaspaceSize"));
        assertThat(heap).isEqualTo(512 * mib);
        assertThat(direct).as("set: unset, Netty's direct memory may grow to the heap's size").isPositive().isLessThanOrEqualTo(128 * mib);
        // deploy/README.md, "Memory and sizing": the JVM's other memory (code cache, GC structures,
        // threads, symbols) measured 150-175 MiB at 10-2000 paths
        assertThat(heap + direct + metaspace).as("heap + direct + metaspace leave 256 MiB of a 1 GiB task for the rest").isLessThanOrEqualTo(768 * mib);
    }

    @Test
    void startsServesReloadsAndStopsForRealWhereSystemdRuns() throws Exception {
        String pid1 = Files.readString(Path.of("/proc/1/comm")).trim();
        assumeThat(pid1).as("PID 1 is %s, not systemd: the unit is checked with systemd-analyze only", pid1).isEqualTo("systemd");
        assumeThat(System.getProperty("user.name")).as("installing a system unit needs root").isEqualTo("root");
        Path jar = Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar")).toAbsolutePath();
        assumeThat(jar).as("the packaged jar (./mvnw package)").exists();
        Run running = run("systemctl", "is-system-running");
        assumeThat(running.out()).as("systemctl cannot reach systemd: " + running.out()).doesNotContain("offline").doesNotContain("Failed to connect");

        String name = "pathwatch-unittest-" + ProcessHandle.current().pid();
        // under /run: the unit's PrivateTmp and ProtectHome hide /tmp and home directories from it
        Path home = Files.createDirectories(Path.of("/run", name));
        Path unit = Path.of("/run/systemd/system", name + ".service");
        Path dropIn = Path.of("/run/systemd/system", name + ".service.d", "open.conf");
        int http = Tools.freePort();
        int responder = Tools.freePort();
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(jar, home.resolve("pathwatch.jar"));
            Files.writeString(home.resolve("pathwatch.yml"), "server:\n  port: " + http + "\n  address: 127.0.0.1\npathwatch:\n  demo:\n    enabled: false\n"
                    + "  responder:\n    port: " + responder + "\n    bind: 127.0.0.1\n");
            Files.copy(ENV_FILE, home.resolve("env"));
            Path secret = home.resolve("secret");
            Files.writeString(secret, "unit-test-secret\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            String text = Files.readString(UNIT).replace("/opt/pathwatch/pathwatch.jar", home.resolve("pathwatch.jar").toString())
                    .replace("/etc/pathwatch/pathwatch.yml", home.resolve("pathwatch.yml").toString())
                    .replace("EnvironmentFile=/etc/pathwatch/env", "EnvironmentFile=" + home.resolve("env"))
                    .replaceAll("(?m)^LoadCredential=pathwatch\\.auth\\.secret$", "LoadCredential=pathwatch.auth.secret:" + secret)
                    .replace("StateDirectory=pathwatch", "StateDirectory=" + name).replace("%S/pathwatch", "%S/" + name);
            Files.writeString(unit, text);
            assertThat(run("systemctl", "daemon-reload").exit()).isZero();

            Run start = run("systemctl", "start", name);
            assertThat(start.exit()).as(start.out()).isZero();
            Http client = new Http(http);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health/liveness").statusCode() == 200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health/readiness").statusCode() == 200);
            assertThat(run("systemctl", "reload", name).exit()).isZero();
            assertThat(run("systemctl", "stop", name).exit()).isZero();
            assertThat(run("systemctl", "show", "-p", "Result", "-p", "ExecMainStatus", name).out())
                    .as("SIGTERM ends it with status 0").contains("Result=success").contains("ExecMainStatus=0");

            Files.delete(secret);
            Run refused = run("systemctl", "start", name);
            assertThat(refused.exit()).as("no secret file: the start fails").isNotZero();
            run("systemctl", "stop", name); // no automatic restart while the drop-in goes in
            assertThat(run("journalctl", "-u", name, "--no-pager", "-n", "50").out()).contains("refusing to start without a shared secret");

            Files.createDirectories(dropIn.getParent());
            Files.writeString(dropIn, "[Service]\nEnvironment=PATHWATCH_UNIT_ALLOW_OPEN=yes\n");
            assertThat(run("systemctl", "daemon-reload").exit()).isZero();
            Run open = run("systemctl", "start", name);
            assertThat(open.exit()).as("open on purpose: " + open.out()).isZero();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health/liveness").statusCode() == 200);
        } finally {
            run("systemctl", "stop", name);
            run("systemctl", "clean", "--what=state", name);
            run("systemctl", "reset-failed", name);
            Files.deleteIfExists(dropIn);
            Files.deleteIfExists(dropIn.getParent());
            Files.deleteIfExists(unit);
            run("systemctl", "daemon-reload");
            try (Stream<Path> files = Files.walk(home)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
