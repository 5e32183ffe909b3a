# pathwatch: one image for both ends (responder, prober, or both), configured by environment or a
# mounted file (SPRING_CONFIG_ADDITIONAL_LOCATION=/config/consumer.yml).
#   docker build -t pathwatch .
#   docker run -p 8080:8080 -p 7100:7100 pathwatch                      # the demo
#   docker run -p 7100:7100 -p 8080:8080 -e PATHWATCH_AUTH_SECRET=... \
#     -v $PWD/config:/config -e SPRING_CONFIG_ADDITIONAL_LOCATION=/config/provider.yml pathwatch   # provider end
#   docker run -p 8080:8080 -e PATHWATCH_AUTH_SECRET=... -v pathwatch-state:/app/pathwatch-state \
#     -v $PWD/config:/config -e SPRING_CONFIG_ADDITIONAL_LOCATION=/config/consumer.yml pathwatch   # consumer end
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/pathwatch.jar extract --layers --destination /extracted

# glibc-based JRE so Netty's native epoll transport loads (on musl it falls back to NIO)
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app pathwatch
WORKDIR /app
# G1 even on one CPU, where the JVM would pick the serial collector and its full pauses (the
# prober's own lag). The JVM's memory budget, the same as deploy/systemd/pathwatch.env (deploy/README.md, "Memory and
# sizing"): half the container's memory for the heap, Netty's direct buffers (which would default to
# the heap's size) and the class metadata capped, so that heap + direct + metaspace + code cache +
# threads stay inside the limit, and running out of heap or metaspace ends the JVM (exit 3, restarted)
# before the kernel kills the container (out of direct memory, a connection fails instead). MaxTenuringThreshold=1: pathwatch's long-lived data (an hour of windows)
# would otherwise be copied by every young pause for ~15 of them, stretching pauses that count as the
# prober's own lag (docs/measurement.md). An environment variable, not ENTRYPOINT flags, so that a
# task definition's JAVA_TOOL_OPTIONS replaces it (flags on the command line would win over it).
ENV JAVA_TOOL_OPTIONS="-XX:+UseG1GC -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=64m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:MaxTenuringThreshold=1"
# Spring Boot's layers, least to most often changed, so a code change rebuilds only the last one
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# class data sharing (docs/benchmarks.md, "Start-up"): a training start that exits once the context
# has refreshed archives every class it loaded (with the JAVA_TOOL_OPTIONS above, as the service
# runs); with the archive the daemon reached liveness in 30-65 % of the time (and the one-shot CLI,
# `docker run pathwatch probe HOST:PORT`, starts faster too)
# MaxRAM=1g: the build host's memory must not size the training heap; above ~32 GB of heap the JVM turns
# compressed oops off, and a run with them on (every container) would then ignore the archive in silence
RUN java -XX:MaxRAM=1g -XX:ArchiveClassesAtExit=/app/pathwatch.jsa -Dspring.context.exit=onRefresh \
      -jar /app/pathwatch.jar --pathwatch.demo.enabled=false --pathwatch.responder.enabled=false --server.port=0 \
      --pathwatch.state-dir=/tmp/cds-training \
 && rm -rf /tmp/cds-training
# pathwatch.state-dir: mount a volume here so undelivered alerts and baselines survive the container
RUN mkdir /app/pathwatch-state && chown 10001 /app/pathwatch-state
VOLUME /app/pathwatch-state
USER 10001
EXPOSE 7100 8080
# liveness describes pathwatch itself, never the monitored paths
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
# SIGTERM (docker stop) exits 0 after a last publish; the memory flags come from JAVA_TOOL_OPTIONS
# above; the shared archive is the one trained above (a JVM that cannot map it starts without it).
# TieredStopAtLevel=1: no C2 compiler thread competing with the start for the CPUs; it took liveness
# from x0.58 to x0.42 of the shipped start on a quiet machine, and costs the running prober about a
# quarter more CPU per cycle (docs/benchmarks.md, "The daemon: C1 and Spring AOT"). Many paths: have C2
# back with _JAVA_OPTIONS=-XX:TieredStopAtLevel=4 (read after the command line, unlike JAVA_TOOL_OPTIONS).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/pathwatch.jsa", "-XX:TieredStopAtLevel=1", "-jar", "/app/pathwatch.jar"]
