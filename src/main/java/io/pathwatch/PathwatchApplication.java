package io.pathwatch;

import io.pathwatch.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One jar for both ends of a path: the responder answers, the prober probes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PathwatchApplication {

    public static void main(String[] args) {
        // the one-shot commands run without Spring: no web server, no context, a first line within a second or so
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        exitCleanlyOnSigterm();
        SpringApplication.run(PathwatchApplication.class, args);
    }

    /**
     * SIGTERM (systemctl stop, docker stop, ECS draining) is how pathwatch is meant to stop: exit 0
     * through the shutdown hooks (the context closes in order: last metrics publish, alert flush,
     * connections closed) instead of the JVM's 143, so supervisors do not count it as a failure.
     */
    static void exitCleanlyOnSigterm() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> new Thread(() -> System.exit(0), "pathwatch-sigterm").start());
        } catch (IllegalArgumentException e) {
            // no SIGTERM on this platform: the JVM's default handling stays
        }
    }
}
