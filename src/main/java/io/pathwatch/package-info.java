/**
 * The application and its composition root: turns the configuration into the paths to probe and
 * wires the prober, the statistics and the responder together.
 */
package io.pathwatch;
