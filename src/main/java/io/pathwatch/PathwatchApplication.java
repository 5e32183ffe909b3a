package io.pathwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One jar for both ends of a path: the responder answers, the prober probes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PathwatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(PathwatchApplication.class, args);
    }
}
