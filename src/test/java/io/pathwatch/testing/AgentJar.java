package io.pathwatch.testing;

import java.io.IOException;
import java.nio.file.Path;

/** The packaged jar run as users run it, with a configuration file; its output goes to {@code NAME.log} in {@code dir}. */
public final class AgentJar {

    private AgentJar() {
    }

    public static Process launch(Path dir, String name, Path config) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar")).toAbsolutePath().toString(),
                "--spring.config.additional-location=" + config)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }
}
