/**
 * The path lab and the built-in demo: paths that stand in for a real configuration so that a new
 * user sees pathwatch measure something on the first run.
 */
package io.pathwatch.lab;
