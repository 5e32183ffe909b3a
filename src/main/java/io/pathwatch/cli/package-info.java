/**
 * The one-shot command line ({@code java -jar pathwatch.jar probe|compare ...}): probes targets
 * from a terminal without the web server or a Spring context, prints cycle lines and a summary
 * (or a ranking), and exits with a code scripts can test. A composition root like the
 * application: it may use {@code path}, {@code probe}, {@code wire}, {@code config} and
 * {@code stats} (and HdrHistogram for its own summary); nothing imports it but the application's
 * {@code main}.
 */
package io.pathwatch.cli;
