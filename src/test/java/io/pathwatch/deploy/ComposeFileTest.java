package io.pathwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/compose as Compose resolves it ({@code docker compose config}, or SnakeYAML with YAML merge
 * keys where the Compose plugin is missing, as on the build machines): each image built by one
 * service only, the private key mounted by stunnel-server alone; and its stunnel pair run for real
 * as an unprivileged user, with the certificate and the key its make-cert.sh makes (key mode 0600).
 */
class ComposeFileTest {

    private static final Path DIR = Path.of("deploy/compose");
    private static final Path FILE = DIR.resolve("docker-compose.yml");

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean composePlugin() {
        try {
            Process p = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The services as Compose resolves them: name → settings. */
    private static JsonNode services() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        if (Tools.onPath("docker") && composePlugin()) {
            Process p = new ProcessBuilder("docker", "compose", "-f", FILE.toString(), "config", "--format", "json").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("docker compose config: " + err).isZero();
            return json.readTree(out).get("services");
        }
        // no Compose here (Debian bookworm does not package the v2 plugin): the file as YAML, merge keys resolved
        Map<String, Object> doc = new Yaml().load(Files.readString(FILE));
        return json.valueToTree(doc).get("services");
    }

    private static List<String> sources(JsonNode volumes) {
        List<String> out = new ArrayList<>();
        if (volumes != null) {
            for (JsonNode v : volumes) {
                out.add(v.isString() ? v.asString().split(":")[0] : v.get("source").asString());
            }
        }
        return out;
    }

    @Test
    void eachImageIsBuiltByOneServiceAndRunByName() throws Exception {
        JsonNode services = services();
        Map<String, List<String>> builders = new TreeMap<>();
        Map<String, List<String>> users = new TreeMap<>();
        for (String name : services.propertyNames()) {
            JsonNode s = services.get(name);
            assertThat(s.has("image")).as("%s names its image", name).isTrue();
            String image = s.get("image").asString();
            users.computeIfAbsent(image, k -> new ArrayList<>()).add(name);
            if (s.has("build")) {
                builders.computeIfAbsent(image, k -> new ArrayList<>()).add(name);
                assertThat(s.get("pull_policy").asString()).as("%s builds, never pulls", name).isEqualTo("build");
            } else {
                assertThat(s.get("pull_policy").asString()).as("%s runs the image another service built", name).isEqualTo("never");
            }
        }
        assertThat(builders).as("one builder per image").isEqualTo(Map.of("pathwatch:compose", List.of("provider"), "pathwatch-stunnel:compose", List.of("certs")));
        assertThat(users.keySet()).containsExactlyInAnyOrder("pathwatch:compose", "pathwatch-stunnel:compose");
        assertThat(users.get("pathwatch:compose")).containsExactlyInAnyOrder("provider", "consumer");
        assertThat(users.get("pathwatch-stunnel:compose")).containsExactlyInAnyOrder("certs", "stunnel-server", "stunnel-client");
    }

    @Test
    void onlyTheMakerAndTheServerMountThePrivateKey() throws Exception {
        JsonNode services = services();
        for (String name : services.propertyNames()) {
            boolean key = sources(services.get(name).get("volumes")).contains("stunnel-key");
            assertThat(key).as("%s mounts stunnel-key", name).isEqualTo(name.equals("certs") || name.equals("stunnel-server"));
        }
        assertThat(sources(services.get("stunnel-client").get("volumes"))).containsExactly("stunnel-cert");
        String dockerfile = Files.readString(DIR.resolve("stunnel/Dockerfile"));
        assertThat(dockerfile).as("stunnel runs as its own user").containsPattern("(?m)^USER [1-9][0-9]*$")
                .contains("install -d -o 10002 -g 10002 -m 0700 /certs/key");
    }

    @Test
    void theStunnelPairRunsUnprivilegedWithAKeyOnlyItsOwnerReads() throws Exception {
        assumeThat(Tools.onPath("stunnel")).as("stunnel is not installed (Debian package stunnel4); skipping the stunnel pair").isTrue();
        assumeThat(Tools.onPath("openssl")).as("openssl is not installed; skipping the stunnel pair").isTrue();
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeThat(!root || Tools.onPath("setpriv")).as("setpriv (util-linux) is missing to drop root").isTrue();
        // what the Dockerfile creates and the volumes inherit: the key's directory 0700, the certificate's 0755
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path keyDir = Files.createDirectories(certs.resolve("key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(certs.resolve("cert"));
        Files.setPosixFilePermissions(certs.resolve("cert"), PosixFilePermissions.fromString("rwxr-xr-x"));
        if (root) {
            for (Path p : List.of(certs, keyDir, certs.resolve("cert"))) {
                run(List.of("chown", "65534:65534", p.toString()));
            }
        }
        List<String> asUser = root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--") : List.of();

        // a copy: the unprivileged user may not be able to reach the working tree
        Path script = Files.copy(DIR.resolve("stunnel/make-cert.sh"), dir.resolve("make-cert.sh"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> make = new ArrayList<>(asUser);
        make.addAll(List.of("/bin/sh", script.toString()));
        ProcessBuilder mk = new ProcessBuilder(make).redirectErrorStream(true);
        mk.environment().put("CERTS", certs.toString());
        Process m = mk.start();
        String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(m.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(m.exitValue()).as(out).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir.resolve("server.key")))).as("the private key").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("cert/server.pem")))).as("the certificate").isEqualTo("rw-r--r--");

        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> echo(echo), "echo");
            responder.setDaemon(true);
            responder.start();
            int tls = Tools.freePort();
            int plain = Tools.freePort();
            // the compose hosts and volumes, here on loopback and in the temporary directory
            String server = Files.readString(DIR.resolve("stunnel/server.conf")).replace("0.0.0.0:7443", "127.0.0.1:" + tls)
                    .replace("provider:7100", "127.0.0.1:" + echo.getLocalPort()).replace("/certs/", certs + "/");
            String client = Files.readString(DIR.resolve("stunnel/client.conf")).replace("0.0.0.0:17100", "127.0.0.1:" + plain)
                    .replace("stunnel-server:7443", "127.0.0.1:" + tls).replace("/certs/", certs + "/");
            assertThat(server).contains("127.0.0.1:" + echo.getLocalPort()).contains(certs + "/key/server.key");
            assertThat(client).contains("127.0.0.1:" + tls).contains("checkHost = stunnel-server");
            Files.writeString(dir.resolve("server.conf"), server);
            Files.writeString(dir.resolve("client.conf"), client);
            for (String conf : List.of("server.conf", "client.conf")) {
                List<String> cmd = new ArrayList<>(asUser);
                cmd.addAll(List.of("stunnel", dir.resolve(conf).toString()));
                started.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(conf + ".log").toFile()).start());
            }
            byte[] hello = "through both stunnels".getBytes(StandardCharsets.UTF_8);
            byte[] back = roundTrip(plain, hello, Duration.ofSeconds(30));
            assertThat(new String(back, StandardCharsets.UTF_8)).as("server log: %s%nclient log: %s", Files.readString(dir.resolve("server.conf.log")),
                    Files.readString(dir.resolve("client.conf.log"))).isEqualTo("through both stunnels");
        }
    }

    private static void echo(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
                // closed, or a try that came too early: the test reports what came back
            }
        }
    }

    /** Sends through the client stunnel once it listens (it starts in well under a second; bounded by the deadline). */
    private static byte[] roundTrip(int port, byte[] data, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(data);
                out.flush();
                InputStream in = s.getInputStream();
                byte[] got = in.readNBytes(data.length);
                if (got.length == data.length) {
                    return got;
                }
                last = new IOException("connection closed after " + got.length + " bytes");
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw Objects.requireNonNull(last);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
    }
}
