package io.pathwatch;

import io.pathwatch.config.ConfigReloads.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the configuration files again the way start-up read them: the same locations, imports
 * and profiles, over the same command line, system properties and environment. What start-up
 * was given besides files (those three, test properties) is taken as it is; only the files are
 * read anew.
 */
final class ConfigSources {

    /** The prefixes whose keys are compared and shown; other keys are Spring's own. */
    static final List<String> PREFIXES = List.of("pathwatch", "server", "management");

    private final ConfigurableEnvironment running;
    private final ResourceLoader resources;

    ConfigSources(ConfigurableEnvironment running, ResourceLoader resources) {
        this.running = running;
        this.resources = resources;
    }

    /** A new environment with every configuration file read again (they may have changed since start-up). */
    ConfigurableEnvironment fresh() {
        StandardEnvironment fresh = new StandardEnvironment();
        List<String> defaults = fresh.getPropertySources().stream().map(PropertySource::getName).toList();
        defaults.forEach(fresh.getPropertySources()::remove);
        for (PropertySource<?> source : running.getPropertySources()) {
            if (!fromFiles(source) && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                fresh.getPropertySources().addLast(source);
            }
        }
        ConfigDataEnvironmentPostProcessor.applyTo(fresh, resources, new DefaultBootstrapContext(), Arrays.asList(running.getActiveProfiles()));
        ConfigurationPropertySources.attach(fresh);
        return fresh;
    }

    /** Property sources that the config data loaders made from files (named so by Spring Boot's loaders). */
    static boolean fromFiles(PropertySource<?> source) {
        String name = source.getName();
        return name.startsWith("Config resource ") || name.startsWith("Config tree ");
    }

    /**
     * Every key under {@link #PREFIXES} that is set in {@code env}, with its value as a string and
     * where it came from (unmasked: {@link Masking} is for what is shown).
     */
    static Map<String, Setting> settings(ConfigurableEnvironment env) {
        Map<String, Setting> out = new java.util.TreeMap<>();
        List<ConfigurationPropertyName> roots = PREFIXES.stream().map(ConfigurationPropertyName::of).toList();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(n -> roots.stream().anyMatch(r -> r.isAncestorOf(n))).forEach(name -> {
                String key = name.toString();
                if (out.containsKey(key)) {
                    return; // the first source that sets it wins, as in binding
                }
                ConfigurationProperty p = source.getConfigurationProperty(name);
                if (p == null) {
                    return;
                }
                String value = String.valueOf(p.getValue());
                Origin origin = p.getOrigin();
                out.put(key, new Setting(value, origin == null ? p.getSource().toString() : origin.toString()));
            });
        }
        return out;
    }

    /**
     * The files the configuration was read from (the files of {@code spring.config.location},
     * {@code spring.config.additional-location}, {@code spring.config.import}, and any
     * {@code application.yml} found beside the jar), whether or not they set anything now.
     */
    static List<Path> files(ConfigurableEnvironment env) {
        Set<Path> out = new LinkedHashSet<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            if (!fromFiles(source) || !(source instanceof EnumerablePropertySource<?> e) || !(source instanceof OriginLookup<?>)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            OriginLookup<String> lookup = (OriginLookup<String>) source;
            for (String key : e.getPropertyNames()) {
                Path file = file(lookup.getOrigin(key));
                if (file != null) {
                    out.add(file);
                }
                break;
            }
        }
        for (String key : List.of("spring.config.location", "spring.config.additional-location", "spring.config.import")) {
            String value = env.getProperty(key);
            if (value == null) {
                continue;
            }
            for (String location : value.split("[,;]")) {
                Path file = locationFile(location.trim());
                if (file != null) {
                    out.add(file);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static Path file(Origin origin) {
        for (Origin o = origin; o != null; o = o.getParent()) {
            if (o instanceof TextResourceOrigin t && t.getResource() != null) {
                Resource r = t.getResource();
                if (r instanceof org.springframework.core.io.ClassPathResource || r.getDescription().startsWith("class path resource")) {
                    return null; // part of the build (inside the jar when packaged): not the operator's to edit
                }
                try {
                    if (r.isFile()) {
                        return r.getFile().toPath().toAbsolutePath().normalize();
                    }
                } catch (IOException ignored) {
                    return null; // a classpath resource inside the jar: it cannot change
                }
            }
        }
        return null;
    }

    /** {@code optional:file:/etc/pathwatch/pathwatch.yml} → that file; a directory, a classpath location or a config tree → none. */
    static Path locationFile(String location) {
        String l = location.startsWith("optional:") ? location.substring("optional:".length()) : location;
        if (l.startsWith("file:")) {
            l = l.substring("file:".length());
        } else if (l.contains(":") && !l.startsWith("/")) {
            return null;
        }
        if (l.isEmpty() || l.endsWith("/") || l.contains("*") || !(l.endsWith(".yml") || l.endsWith(".yaml") || l.endsWith(".properties"))) {
            return null;
        }
        return Path.of(l).toAbsolutePath().normalize();
    }
}
