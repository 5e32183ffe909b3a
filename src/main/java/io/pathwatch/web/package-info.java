/**
 * The status page at {@code /}: a static page ({@code resources/static/status.html}, its script and
 * style, uPlot from its webjar) that reads only the public REST API.
 */
package io.pathwatch.web;
