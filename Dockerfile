# pathwatch: one image for both ends (responder, prober, or both), configured by environment or a
# mounted file (SPRING_CONFIG_ADDITIONAL_LOCATION=/config/consumer.yml).
#   docker build -t pathwatch .
#   docker run -p 8080:8080 -p 7100:7100 pathwatch          # the demo
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

# glibc-based JRE so Netty's native epoll transport loads (on musl it falls back to NIO)
FROM eclipse-temurin:17-jre-jammy
RUN useradd --system --uid 10001 --home-dir /app pathwatch
WORKDIR /app
COPY --from=build /src/target/pathwatch.jar /app/pathwatch.jar
# pathwatch.state-dir: mount a volume here so undelivered alerts and baselines survive the container
RUN mkdir /app/pathwatch-state && chown 10001 /app/pathwatch-state
VOLUME /app/pathwatch-state
USER 10001
EXPOSE 7100 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/pathwatch.jar"]
