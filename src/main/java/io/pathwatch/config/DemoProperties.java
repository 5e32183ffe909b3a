package io.pathwatch.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled run the built-in demo when no path is configured; default true. It never runs
 *                when {@code pathwatch.paths} has an entry.
 */
public record DemoProperties(@DefaultValue("true") boolean enabled) {
}
