package io.pathwatch.stats;

/**
 * The most recently sealed window, summarised once when it is sealed and shared by everyone who
 * reads it (health, meters, CloudWatch), so nobody expands it again.
 *
 * @param figures its figures
 * @param rtt     its echo RTT samples
 * @param connect its connect time samples
 * @param kernelRtt its kernel smoothed RTT samples
 */
public record LastWindow(WindowSnapshot figures, Samples rtt, Samples connect, Samples kernelRtt) {
}
