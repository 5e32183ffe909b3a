package io.pathwatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathwatch.alert.AlertManager;
import io.pathwatch.alert.AlertSettings;
import io.pathwatch.config.ConfigErrors;
import io.pathwatch.config.ConfigReloads.Outcome;
import io.pathwatch.config.ConfigReloads.Report;
import io.pathwatch.config.ConfigReloads.Result;
import io.pathwatch.config.ConfigReloads.Setting;
import io.pathwatch.config.Masking;
import io.pathwatch.config.PathProperties;
import io.pathwatch.config.PathwatchProperties;
import io.pathwatch.discovery.DiscoveredPathMerge;
import io.pathwatch.discovery.VpcEndpointDiscovery;
import io.pathwatch.health.HealthRules;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.path.PathSpec;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.PathChanges;
import io.pathwatch.stats.StatsRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Applies a new configuration while pathwatch runs. The whole of it is read and validated the
 * way start-up does, with the same messages; if anything is wrong nothing changes. Otherwise only
 * the difference is applied: the paths through {@link StatsRegistry#apply} (whose followers start
 * and stop probes, meters, health and incidents), the rules, the alert settings and the secret.
 * Keys that need a restart are reported, never half-applied. One reload at a time.
 */
final class ConfigReloader {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /**
     * Keys that apply live; every other {@code pathwatch.*}, {@code server.*} and
     * {@code management.*} key needs a restart (docs/configuration.md has the table).
     */
    static final List<String> LIVE = List.of("pathwatch.paths", "pathwatch.probe.", "pathwatch.health.rules", "pathwatch.auth.",
            "pathwatch.alerts.");
    /** Under a live prefix, yet fixed at start-up: where undelivered alerts are kept. */
    static final List<String> LIVE_EXCEPT = List.of("pathwatch.alerts.spool-dir", "pathwatch.alerts.spool-limit");

    private final ConfigSources sources;
    private final StatsRegistry stats;
    private final PathHealthTracker health;
    private final ProbeScheduler scheduler;
    private final AlertManager alerts;
    private final Supplier<ResponderServer> responder;
    private final VpcEndpointDiscovery discovery;
    /** The clashes last logged, so a refresh that finds the same ones does not log them again. */
    private List<String> clashesLogged = List.of();
    private final boolean demo;
    private final Path baselineStore;
    private final Validator validator;
    /** Every {@code @ConfigurationProperties} bean, asked when the first reload comes (the context is complete by then). */
    private final Supplier<java.util.Collection<ConfigurationPropertiesBean>> propertiesBeans;
    private final Clock clock;
    private final Map<Result, Counter> counters = new EnumMap<>(Result.class);
    private Map<String, Setting> running;
    private PathwatchProperties applied;
    private AlertSettings appliedAlerts;
    private HealthRules appliedRules;
    /** The keys set at start-up: one outside {@link #LIVE} whose value differs from these needs a restart. */
    private final Map<String, Setting> startupSettings;
    private volatile List<Path> watched;
    private volatile Outcome last;
    private volatile String lastError;
    private volatile List<String> pending = List.of();

    ConfigReloader(ConfigSources sources, ConfigurableEnvironment environment, PathwatchProperties startupProps, AlertSettings startupAlerts, HealthRules startupRules,
            StatsRegistry stats, PathHealthTracker health, ProbeScheduler scheduler, AlertManager alerts, Supplier<ResponderServer> responder,
            VpcEndpointDiscovery discovery, boolean demo, Supplier<java.util.Collection<ConfigurationPropertiesBean>> propertiesBeans,
            MeterRegistry meters, Clock clock) {
        this.propertiesBeans = propertiesBeans;
        this.sources = sources;
        this.stats = stats;
        this.health = health;
        this.scheduler = scheduler;
        this.alerts = alerts;
        this.responder = responder;
        this.discovery = discovery;
        this.demo = demo;
        this.clock = clock;
        this.baselineStore = startupProps.stateDir().resolve("baselines.json");
        this.applied = startupProps;
        this.appliedAlerts = startupAlerts;
        this.appliedRules = startupRules;
        this.running = ConfigSources.settings(environment);
        this.startupSettings = running;
        this.watched = ConfigSources.files(environment);
        ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
        this.validator = factory.getValidator();
        for (Result r : Result.values()) {
            counters.put(r, Counter.builder("pathwatch.config.reloads").tag("result", r.name().toLowerCase(java.util.Locale.ROOT))
                    .description("configuration reloads by result; result=failed left the running configuration as it was").register(meters));
        }
        stats.addLifecycleListener(alerts);
    }

    /** Reads the configuration again and applies what changed; never throws for a bad file (the outcome says). */
    synchronized Outcome reload(String trigger) {
        Outcome outcome;
        try {
            outcome = apply(trigger);
        } catch (RuntimeException e) {
            String error = ConfigErrors.describe(e);
            outcome = new Outcome(clock.instant(), trigger, Result.FAILED, List.of(), pending, error);
            lastError = error;
            log.error("configuration reload ({}) failed; the configuration before it keeps running:\n{}", trigger, error);
        }
        last = outcome;
        counters.get(outcome.result()).increment();
        return outcome;
    }

    /**
     * A discovery refresh found another set of endpoints: applied with the configuration running
     * now (the files are not read again), through the same difference as a reload.
     */
    synchronized Outcome discovered() {
        Outcome outcome;
        try {
            outcome = apply("discovery", applied, null, null, pending);
        } catch (RuntimeException e) {
            String error = ConfigErrors.describe(e);
            outcome = new Outcome(clock.instant(), "discovery", Result.FAILED, List.of(), pending, error);
            log.error("applying the discovered paths failed; the paths before it keep running:\n{}", error);
        }
        counters.get(outcome.result()).increment();
        last = outcome;
        return outcome;
    }

    private synchronized Outcome apply(String trigger) {
        ConfigurableEnvironment fresh = sources.fresh();
        Map<String, Setting> now = ConfigSources.settings(fresh);
        PathwatchProperties props = bind(fresh);
        return apply(trigger, props, fresh, now, needsRestart(now));
    }

    /** @param fresh the environment read for this reload; null when the files were not read (a discovery refresh) */
    private Outcome apply(String trigger, PathwatchProperties props, ConfigurableEnvironment fresh, Map<String, Setting> now,
            List<String> restart) {
        Plan plan = plan(props);

        List<String> changes = new ArrayList<>();
        // the rules first: a path that joins is judged by its own rules from its first window
        boolean rulesChanged = !plan.rules().equals(appliedRules);
        if (rulesChanged) {
            health.setRules(plan.rules());
        }
        PathChanges paths = stats.apply(plan.paths());
        if (!paths.none()) {
            changes.add(paths.toString());
        }
        if (rulesChanged) {
            changes.add("health rules");
        }
        if (!plan.alerts().equals(appliedAlerts)) {
            alerts.reconfigure(plan.alerts());
            changes.add("alert settings");
        }
        if (!props.auth().equals(applied.auth())) {
            scheduler.useSecret(props.auth().secret(), props.auth().previousSecret());
            ResponderServer r = responder.get();
            if (r != null) {
                r.useSecret(props.auth().secret(), props.auth().previousSecret());
            }
            changes.add("auth secret (for new connections)");
        }
        applied = props;
        appliedAlerts = plan.alerts();
        appliedRules = plan.rules();
        if (fresh != null) {
            running = now;
            watched = ConfigSources.files(fresh);
            lastError = null;
        }
        if (!restart.equals(pending) && !restart.isEmpty()) {
            log.warn("configuration reload ({}): these changes need a restart and were not applied: {}", trigger, restart);
        }
        pending = restart;
        Result result = changes.isEmpty() ? Result.UNCHANGED : Result.APPLIED;
        if (result == Result.APPLIED) {
            log.info("configuration reloaded ({}): {}", trigger, String.join("; ", changes));
        }
        return new Outcome(clock.instant(), trigger, result, changes, restart, null);
    }

    /**
     * The same binding and validation as start-up, over the files as they are now: every one of
     * pathwatch's configuration records is bound and validated (those not applied live too, such
     * as {@code pathwatch.cloudwatch.*}, so that a bad value is refused now and not at the next
     * restart); {@code pathwatch.*} is returned.
     */
    private PathwatchProperties bind(ConfigurableEnvironment env) {
        Binder binder = Binder.get(env);
        ValidationBindHandler validating = new ValidationBindHandler(new SpringValidatorAdapter(validator));
        for (ConfigurationPropertiesBean bean : propertiesBeans.get()) {
            Class<?> type = bean.getInstance().getClass();
            if (type != PathwatchProperties.class && type.getPackageName().startsWith("io.pathwatch")) {
                binder.bindOrCreate(bean.getAnnotation().prefix().isEmpty() ? bean.getAnnotation().value() : bean.getAnnotation().prefix(),
                        Bindable.of(type), type.isAnnotationPresent(Validated.class) ? validating : BindHandler.DEFAULT);
            }
        }
        return binder.bindOrCreate("pathwatch", Bindable.of(PathwatchProperties.class), validating);
    }

    /** Everything the new configuration means, built before anything is applied: a failure here changes nothing. */
    private Plan plan(PathwatchProperties props) {
        List<PathProperties> configured = demo ? applied.paths() : merged(props.paths());
        List<PathSpec> specs = demo ? scheduler.paths() : configured.stream().map(p -> PathwatchConfiguration.toSpec(p, props.probe())).toList();
        Map<String, PathSpec> current = new LinkedHashMap<>();
        stats.all().forEach(s -> current.put(s.path().name(), s.path()));
        for (PathSpec spec : specs) {
            PathSpec was = current.get(spec.name());
            if (spec.tls() != null && (was == null || !Objects.equals(was.tls(), spec.tls()))) {
                ProbeClient.checkTls(spec);
            }
        }
        // how baselines are learned is fixed at start-up (it needs a restart): the rules change, the baseline settings do not
        HealthRules rules = demo ? appliedRules
                : new HealthRules(appliedRules.baseline(), RuleMapping.rules(props.health(), configured, baselineStore).byPath());
        AlertSettings alertSettings = PathwatchConfiguration.alertSettingsOf(props);
        return new Plan(specs, rules, alertSettings);
    }

    /**
     * Configured paths and the discovered ones that are valid; a configured path wins a name
     * clash, and the clash is logged (once, until the clashes change).
     */
    private List<PathProperties> merged(List<PathProperties> statics) {
        List<PathProperties> found = new ArrayList<>();
        for (PathProperties p : discovery.paths()) {
            Set<jakarta.validation.ConstraintViolation<PathProperties>> broken = validator.validate(p);
            if (broken.isEmpty()) {
                found.add(p);
            } else {
                log.warn("discovered path {} ({}) is left out: {}", p.name(), p.target(),
                        broken.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).toList());
            }
        }
        DiscoveredPathMerge.Merged merged = DiscoveredPathMerge.merge(statics, found);
        if (!merged.clashing().equals(clashesLogged) && !merged.clashing().isEmpty()) {
            log.warn("discovered endpoint(s) named like a configured path are left out (the configured path wins): {}", merged.clashing());
        }
        clashesLogged = merged.clashing();
        return merged.paths();
    }

    /** Keys outside {@link #LIVE} whose value in the files differs from the one running since start-up. */
    List<String> needsRestart(Map<String, Setting> now) {
        Set<String> keys = new java.util.TreeSet<>(startupSettings.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            boolean live = LIVE.stream().anyMatch(key::startsWith) && LIVE_EXCEPT.stream().noneMatch(key::startsWith)
                    && !(demo && key.startsWith("pathwatch.paths"));
            if (!live && !Objects.equals(value(startupSettings.get(key)), value(now.get(key)))) {
                out.add(key);
            }
        }
        return out;
    }

    private static String value(Setting s) {
        return s == null ? null : s.value();
    }

    Report report() {
        Map<String, Setting> settings = new java.util.TreeMap<>();
        Map<String, Setting> r;
        List<String> waiting;
        synchronized (this) {
            r = running;
            waiting = pending;
        }
        r.forEach((k, s) -> settings.put(k, new Setting(Masking.masked(k, s.value()), s.origin())));
        for (String key : waiting) {
            // what runs is what start-up read: say so, and what the files say now
            Setting atStart = startupSettings.get(key);
            Setting inFiles = r.get(key);
            String files = inFiles == null ? "unset (its default)" : "\"" + Masking.masked(key, inFiles.value()) + "\" (" + inFiles.origin() + ")";
            if (atStart == null) {
                settings.put(key, new Setting(null, "its default since start-up; the files now set " + files + ": needs a restart"));
            } else {
                settings.put(key, new Setting(Masking.masked(key, atStart.value()), atStart.origin() + " at start-up; the files now set " + files
                        + ": needs a restart"));
            }
        }
        return new Report(settings, watched.stream().map(Path::toString).toList(), last, lastError, waiting,
                discovery.enabled() ? Map.of("awsVpcEndpoints", discovery.status()) : Map.of());
    }

    List<Path> watched() {
        return watched;
    }

    private record Plan(List<PathSpec> paths, HealthRules rules, AlertSettings alerts) {
    }
}
