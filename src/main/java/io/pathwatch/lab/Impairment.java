package io.pathwatch.lab;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * What the lab does to one direction of a simulated path. Times in milliseconds (decimals
 * allowed); zero turns a feature off.
 *
 * @param delayMs                 fixed delay added to every chunk
 * @param jitterMs                jitter added on top: half-width of a uniform distribution, or σ of a normal one
 * @param jitterDistribution      {@code uniform} or {@code normal} (default)
 * @param stallForMs              length of each stall (no byte forwarded; held until it ends)
 * @param stallEveryMs            a stall starts every this often (periodic), or
 * @param stallsPerMinute         stalls start at random at this mean rate (Poisson)
 * @param resetAfterBytes         reset both sides (RST) once this many bytes went this way on a connection
 * @param resetProbability        or reset with this probability per chunk (0..1)
 * @param bandwidthBytesPerSecond serialise chunks at this rate
 * @param blackhole               accept and forward nothing: every byte this way is dropped
 */
public record Impairment(
        @Min(0) @Max(60_000) double delayMs,
        @Min(0) @Max(60_000) double jitterMs,
        Distribution jitterDistribution,
        @Min(0) @Max(600_000) double stallForMs,
        @Min(0) @Max(86_400_000) double stallEveryMs,
        @Min(0) @Max(600) double stallsPerMinute,
        @Min(0) long resetAfterBytes,
        @DecimalMin("0") @DecimalMax("1") double resetProbability,
        @Min(0) long bandwidthBytesPerSecond,
        boolean blackhole) {

    /** Lower case, as users write it in JSON and YAML. */
    public enum Distribution { uniform, normal }

    public Impairment {
        if (jitterDistribution == null) {
            jitterDistribution = Distribution.normal;
        }
    }

    public static final Impairment NONE = new Impairment(0, 0, Distribution.normal, 0, 0, 0, 0, 0, 0, false);

    public static Impairment delay(double delayMs, double jitterMs, Distribution distribution) {
        return new Impairment(delayMs, jitterMs, distribution, 0, 0, 0, 0, 0, 0, false);
    }

    public Impairment withStalls(double forMs, double everyMs, double perMinute) {
        return new Impairment(delayMs, jitterMs, jitterDistribution, forMs, everyMs, perMinute, resetAfterBytes,
                resetProbability, bandwidthBytesPerSecond, blackhole);
    }

    public Impairment withReset(long afterBytes, double probability) {
        return new Impairment(delayMs, jitterMs, jitterDistribution, stallForMs, stallEveryMs, stallsPerMinute, afterBytes,
                probability, bandwidthBytesPerSecond, blackhole);
    }

    public Impairment withBandwidth(long bytesPerSecond) {
        return new Impairment(delayMs, jitterMs, jitterDistribution, stallForMs, stallEveryMs, stallsPerMinute, resetAfterBytes,
                resetProbability, bytesPerSecond, blackhole);
    }

    public Impairment withBlackhole(boolean on) {
        return new Impairment(delayMs, jitterMs, jitterDistribution, stallForMs, stallEveryMs, stallsPerMinute, resetAfterBytes,
                resetProbability, bandwidthBytesPerSecond, on);
    }

    static long nanos(double ms) {
        return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
    }
}
