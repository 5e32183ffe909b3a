package io.pathwatch;

import io.pathwatch.config.PathProperties;
import io.pathwatch.config.PathwatchProperties;
import io.pathwatch.config.ProbeProperties;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.pathwatch.alert.AlertSettings;
import io.pathwatch.alert.HangAlerts;
import io.pathwatch.alert.Silence;
import io.pathwatch.config.SilenceProperties;
import io.pathwatch.config.AlertProperties;
import io.pathwatch.health.HealthRules;
import io.pathwatch.lab.DemoLab;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Egress;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.path.ProbeListeners;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.StatsRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.discovery.VpcEndpointDiscovery;
import io.pathwatch.alert.AlertManager;
import io.pathwatch.health.PathHealthTracker;
import java.net.URI;
import java.time.Clock;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Composition root: turns the configuration into {@link PathSpec}s and wires the prober to the
 * statistics. The only place that sees both {@code config} and {@code path}.
 */
@Configuration(proxyBeanMethods = false)
class PathwatchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PathwatchConfiguration.class);

    @Bean
    PathCatalog pathCatalog(PathwatchProperties props, ObjectProvider<DemoLab> demo) {
        DemoLab lab = demo.getIfAvailable();
        List<PathProperties> configured = lab != null ? lab.paths() : props.paths();
        List<PathSpec> paths = configured.stream().map(p -> toSpec(p, props.probe())).toList();
        if (lab != null) {
            log.info("no path configured: running the demo ({} simulated paths through the lab); configure pathwatch.paths to probe real ones",
                    paths.size());
        } else if (paths.isEmpty()) {
            log.warn("no path to probe: configure pathwatch.paths (the demo needs the responder enabled)");
        }
        if (props.auth().open() && !paths.isEmpty()) {
            log.warn("pathwatch.auth.secret is empty: HELLO is sent unauthenticated; set the same secret on both ends");
        }
        return new PathCatalog(paths, RuleMapping.rules(props.health(), configured, props.stateDir().resolve("baselines.json")));
    }

    @Bean
    HealthRules healthRules(PathCatalog catalog) {
        return catalog.rules();
    }

    /** Every meter carries the agent's name, so figures from both ends of a path stay apart. */
    @Bean
    MeterFilter agentTag(PathwatchProperties props) {
        return MeterFilter.commonTags(Tags.of("agent", props.agent().effectiveName()));
    }

    @Bean
    AlertSettings alertSettings(PathwatchProperties props) {
        return alertSettingsOf(props);
    }

    /** The alert manager's settings from the configuration (start-up and every reload). */
    static AlertSettings alertSettingsOf(PathwatchProperties props) {
        AlertProperties a = props.alerts();
        List<AlertSettings.Webhook> webhooks = a.allWebhooks().stream()
                .map(w -> new AlertSettings.Webhook(w.name(), URI.create(w.url()), w.secret(), w.timeout())).toList();
        AlertProperties.SnsProperties sns = a.sns();
        AlertSettings.Sns topic = sns.enabled()
                ? new AlertSettings.Sns(sns.topicArn(), sns.region().isBlank() ? null : sns.region(),
                        sns.endpoint().isBlank() ? null : URI.create(sns.endpoint()), sns.timeout())
                : null;
        List<Silence> silences = new java.util.ArrayList<>();
        for (PathProperties p : props.paths()) {
            for (int j = 0; j < p.silence().size(); j++) {
                SilenceProperties s = p.silence().get(j);
                silences.add(new Silence("config-" + p.name() + "-" + j, p.name(), s.startInstant(), s.endInstant(), s.repeat(), s.reason(),
                        "config"));
            }
        }
        return new AlertSettings(props.agent().effectiveName(), a.repeatInterval(), a.spoolDir(props.stateDir()), a.spoolLimit(),
                a.retry().initial(), a.retry().max(), webhooks, topic, a.hangQuiet(), silences, AlertSettings.DEFAULT_INBOX);
    }

    /** Sealed windows are kept across restarts in the state directory. */
    @Bean
    StatsRegistry statsRegistry(PathCatalog catalog, PathwatchProperties props) {
        return new StatsRegistry(catalog.paths(), props.stateDir().resolve("history.bin"));
    }

    @Bean
    ProbeScheduler probeScheduler(PathwatchProperties props, PathCatalog catalog, StatsRegistry stats, HangAlerts hangs) {
        ProbeClient client = new ProbeClient(props.agent().effectiveName(), props.auth().secret(), props.auth().previousSecret(),
                Runtime.getRuntime().availableProcessors(), catalog.paths());
        ProbeScheduler scheduler = new ProbeScheduler(client, catalog.paths(), ProbeListeners.tee(stats, hangs), stats.agent()::forLoop);
        stats.addLifecycleListener(scheduler);
        stats.addLifecycleListener(hangs);
        return scheduler;
    }

    /** Applies configuration changes while running; {@code POST /api/config/reload}, SIGHUP and the file watcher ask it. */
    @Bean
    ConfigReloader configReloader(ConfigurableEnvironment environment, ResourceLoader resources, PathwatchProperties props, AlertSettings alerts,
            PathCatalog catalog, StatsRegistry stats, PathHealthTracker health, ProbeScheduler scheduler, AlertManager alertManager,
            ObjectProvider<ResponderServer> responder, ObjectProvider<DemoLab> demo, VpcEndpointDiscovery discovery,
            org.springframework.context.ApplicationContext context, MeterRegistry meters) {
        ConfigReloader reloader = new ConfigReloader(new ConfigSources(environment, resources), environment, props, alerts, catalog.rules(), stats,
                health, scheduler, alertManager, responder::getIfAvailable, discovery, demo.getIfAvailable() != null,
                () -> org.springframework.boot.context.properties.ConfigurationPropertiesBean.getAll(context).values(), meters, Clock.systemUTC());
        discovery.addListener(reloader::discovered);
        return reloader;
    }

    /** Interface VPC endpoints found in this account become paths ({@code pathwatch.discovery.aws.*}, docs/discovery.md). */
    @Bean
    VpcEndpointDiscovery vpcEndpointDiscovery(PathwatchProperties props) {
        return new VpcEndpointDiscovery(props.discovery().aws());
    }

    @Bean
    MeterBinder discoveryMeters(VpcEndpointDiscovery discovery) {
        return discovery.meters();
    }

    /** {@code pathwatch.reload.watch-files=false}: reload only on {@code POST /api/config/reload} or SIGHUP. */
    @Bean
    ConfigWatcher configWatcher(ConfigReloader reloader, @org.springframework.beans.factory.annotation.Value("${pathwatch.reload.watch-files:true}") boolean watchFiles) {
        return new ConfigWatcher(reloader, watchFiles);
    }

    /**
     * The local responder's port for the demo's lab. It is known only once the responder is
     * bound (port 0 picks a free one), so asking for it starts the responder early.
     */
    @Bean("responderPort")
    IntSupplier responderPort(ObjectProvider<ResponderServer> responder) {
        return () -> {
            ResponderServer server = responder.getIfAvailable();
            if (server == null) {
                return -1;
            }
            if (!server.isRunning()) {
                server.start();
            }
            return server.port();
        };
    }

    static PathSpec toSpec(PathProperties p, ProbeProperties defaults) {
        ProbeProperties s = p.settings(defaults);
        String[] hostPort = PathSpec.splitTarget(p.target());
        TlsSpec tls = p.tls().enabled()
                ? new TlsSpec(p.tls().trustStore(), p.tls().trustStorePassword(), p.tls().trustStoreType(), p.tls().serverName(), p.tls().insecure())
                : null;
        return new PathSpec(p.name(), hostPort[0], Integer.parseInt(hostPort[1]), tls, p.tags(),
                new ProbeSettings(s.interval(), s.timeout(), s.echoCount(), s.payloadBytes(), s.heartbeat(), s.hangThreshold(), s.window(),
                        s.streamGiveUp(), s.maxSelfLag()),
                p.mode() == PathProperties.Mode.CONNECT ? ProbeMode.CONNECT : ProbeMode.STREAM, new Egress(p.sourceAddress(), p.dscp()));
    }
}
