package io.pathwatch.discovery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.config.DiscoveryProperties;
import io.pathwatch.config.PathProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Paths from the interface VPC endpoints of this account: listed at start and every
 * {@code pathwatch.discovery.aws.interval} on one daemon thread, turned into
 * {@link PathProperties} by {@link EndpointPaths}. A failed refresh keeps the last good set; it is
 * logged once per streak and counted, and the next try comes sooner than the interval, backing off
 * towards it (throttling one step further). Listeners hear of every change of the set, on the
 * discovery thread. See docs/discovery.md.
 */
public final class VpcEndpointDiscovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VpcEndpointDiscovery.class);
    static final int MAX_THROTTLED_INTERVALS = 4;
    private static final Duration MIN_RETRY = Duration.ofMillis(100);
    /** One refresh is at most {@link Ec2Endpoints#MAX_PAGES} calls of at most a minute each; a caller waits no longer than this. */
    private static final Duration REFRESH_WAIT = Duration.ofMinutes(3);

    /** An endpoint that carried our tag (or a listed service name) and was not adopted, and why. */
    public record Skipped(String endpointId, String name, String reason) {
    }

    /**
     * What {@code GET /api/config} shows of discovery.
     *
     * @param enabled       {@code pathwatch.discovery.aws.vpc-endpoints.enabled}
     * @param vpcIds        the VPCs looked in (configured, or found from instance metadata); empty until known
     * @param lastRefreshAt the last refresh's end, successful or not; null before the first
     * @param lastSuccessAt the last successful refresh's end; null before the first
     * @param lastError     why the last refresh failed; null when it succeeded
     * @param adopted       paths discovered now (the last good set)
     * @param overLimit     endpoints left out by {@code max-paths} in the last good set
     * @param failures      failed refreshes since start
     * @param skipped       endpoints of ours that the last good set left out, with the reason
     */
    public record Status(boolean enabled, List<String> vpcIds, Instant lastRefreshAt, Instant lastSuccessAt, String lastError,
                         int adopted, int overLimit, long failures, List<Skipped> skipped) {
    }

    private enum Outcome { OK, FAILED, THROTTLED }

    private final DiscoveryProperties.Aws props;
    private final Clock clock;
    private final EndpointPaths selector;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService thread;
    private volatile Thread discoveryThread;
    private volatile boolean running;
    private volatile List<PathProperties> paths = List.of();
    private volatile Status status;

    // touched only on the discovery thread
    private Ec2Endpoints ec2;
    private List<String> vpcIds;
    private int failureStreak;

    /** Discovery as configured; nothing is asked of AWS before {@link #start()} or {@link #refreshNow()}. */
    public VpcEndpointDiscovery(DiscoveryProperties.Aws props) {
        this(props, Clock.systemUTC());
    }

    VpcEndpointDiscovery(DiscoveryProperties.Aws props, Clock clock) {
        this.props = props;
        this.clock = clock;
        this.selector = new EndpointPaths(props);
        this.vpcIds = props.vpcIds().isEmpty() ? null : List.copyOf(props.vpcIds());
        this.status = new Status(enabled(), vpcIds == null ? List.of() : vpcIds, null, null, null, 0, 0, 0, List.of());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pathwatch-discovery");
            t.setDaemon(true);
            discoveryThread = t;
            return t;
        });
    }

    public boolean enabled() {
        return props.vpcEndpoints().enabled();
    }

    /** The last good discovered set, by name; empty before the first successful refresh (and when disabled). */
    public List<PathProperties> paths() {
        return paths;
    }

    public Status status() {
        return status;
    }

    /** Runs on the discovery thread after each refresh whose set differs from the one before. */
    public void addListener(Runnable onChange) {
        listeners.add(onChange);
    }

    /**
     * One refresh now, on the discovery thread, returning when it is done (listeners included);
     * whether it worked is in {@link #status()}. Nothing happens when discovery is disabled.
     */
    public void refreshNow() {
        if (!enabled()) {
            return;
        }
        if (Thread.currentThread() == discoveryThread) {
            refresh();
            return;
        }
        try {
            thread.submit(this::refresh).get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("VPC endpoint discovery could not refresh: " + e, e);
        }
    }

    /** {@code pathwatch.discovery.paths}, {@code .failures} and {@code .over-limit}. */
    public MeterBinder meters() {
        return registry -> {
            Gauge.builder("pathwatch.discovery.paths", this, d -> d.paths.size())
                    .description("paths adopted from AWS VPC endpoints (the last good set)").register(registry);
            FunctionCounter.builder("pathwatch.discovery.failures", failures, AtomicLong::get)
                    .description("VPC endpoint discovery refreshes that failed (the last good set was kept)").register(registry);
            Gauge.builder("pathwatch.discovery.over-limit", this, d -> d.status.overLimit())
                    .description("tagged VPC endpoints left out by pathwatch.discovery.aws.max-paths").register(registry);
        };
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        if (enabled()) {
            thread.execute(this::tick);
        }
    }

    @Override
    public void stop() {
        running = false;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ec2 != null) {
            ec2.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void tick() {
        Duration next = props.interval();
        try {
            Outcome outcome = refresh();
            next = jittered(nextDelay(props.interval(), failureStreak, outcome == Outcome.THROTTLED));
        } catch (Throwable t) {
            // a periodic task that throws is never run again: keep the schedule whatever happens
            log.error("VPC endpoint discovery: unexpected failure", t);
        }
        if (running) {
            try {
                thread.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stop() came first
            }
        }
    }

    /**
     * When to try again: the interval after a success. After the n-th failure in a row,
     * interval/16 doubled n-1 times, never longer than the interval (a network blip is retried
     * soon). Throttled, never sooner than the interval: the interval doubled n-1 times, at most
     * {@link #MAX_THROTTLED_INTERVALS} intervals (EC2 asks callers to slow down, not to come back sooner).
     */
    static Duration nextDelay(Duration interval, int failureStreak, boolean throttled) {
        if (failureStreak <= 0) {
            return interval;
        }
        int doublings = Math.min(failureStreak - 1, 30);
        if (throttled) {
            Duration delay = interval.multipliedBy(1L << Math.min(doublings, 4));
            Duration most = interval.multipliedBy(MAX_THROTTLED_INTERVALS);
            return delay.compareTo(most) > 0 ? most : delay;
        }
        Duration base = interval.dividedBy(16);
        if (base.compareTo(MIN_RETRY) < 0) {
            base = MIN_RETRY;
        }
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(interval) > 0 ? interval : delay;
    }

    /**
     * Up to 10 % more, at random: agents deployed together would otherwise call EC2 in the same
     * second for as long as they run.
     */
    static Duration jittered(Duration delay) {
        return delay.plusMillis(java.util.concurrent.ThreadLocalRandom.current().nextLong(delay.toMillis() / 10 + 1));
    }

    private Outcome refresh() {
        try {
            List<String> vpcs = vpcIds();
            if (ec2 == null) {
                ec2 = new Ec2Endpoints(props);
            }
            List<VpcEndpoint> endpoints = ec2.list(vpcs);
            succeeded(vpcs, selector.select(endpoints, Set.copyOf(vpcs), ec2.region()));
            return Outcome.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(e);
            return Outcome.FAILED;
        } catch (Exception e) {
            failed(e);
            return Ec2Endpoints.throttled(e) ? Outcome.THROTTLED : Outcome.FAILED;
        }
    }

    /** The configured VPCs, else this instance's, asked once; without either there is nothing to look in. */
    private List<String> vpcIds() throws Exception {
        if (vpcIds == null) {
            try {
                vpcIds = List.of(new InstanceVpc(props.metadataEndpoint()).vpcId());
                log.info("VPC endpoint discovery looks in this instance's VPC {} (from instance metadata)", vpcIds.get(0));
            } catch (Exception e) {
                throw new IllegalStateException("no VPC to look in: pathwatch.discovery.aws.vpc-ids is empty and the instance metadata at "
                        + props.metadataEndpoint() + " did not say this instance's VPC (" + e.getMessage() + "); nothing is discovered", e);
            }
        }
        return vpcIds;
    }

    private void succeeded(List<String> vpcs, EndpointPaths.Selection selection) {
        Instant now = clock.instant();
        if (failureStreak > 0) {
            log.info("VPC endpoint discovery works again after {} failed refreshes", failureStreak);
            failureStreak = 0;
        }
        logNewlySkipped(selection);
        List<PathProperties> before = paths;
        paths = selection.paths();
        status = new Status(true, vpcs, now, now, null, selection.paths().size(), selection.overLimit(), failures.get(), selection.skipped());
        if (!before.equals(selection.paths())) {
            Set<String> was = names(before);
            Set<String> is = names(selection.paths());
            log.info("VPC endpoint discovery: {} paths; new {}, gone {}", is.size(), minus(is, was), minus(was, is));
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (Throwable t) {
                    log.error("VPC endpoint discovery: a listener failed", t);
                }
            }
        }
    }

    private void logNewlySkipped(EndpointPaths.Selection selection) {
        Set<Skipped> known = new HashSet<>(status.skipped());
        for (Skipped s : selection.skipped()) {
            if (!known.contains(s) && !s.reason().startsWith(EndpointPaths.OVER_LIMIT)) {
                log.warn("VPC endpoint {} not adopted as path '{}': {}", s.endpointId(), s.name(), s.reason());
            }
        }
        if (selection.overLimit() > 0 && selection.overLimit() != status.overLimit()) {
            log.warn("VPC endpoint discovery: {} endpoints left out beyond pathwatch.discovery.aws.max-paths={} (each path is billed in CloudWatch)",
                    selection.overLimit(), props.maxPaths());
        }
    }

    private void failed(Exception e) {
        long total = failures.incrementAndGet();
        failureStreak++;
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        Status s = status;
        status = new Status(true, vpcIds == null ? List.of() : vpcIds, clock.instant(), s.lastSuccessAt(), message, s.adopted(), s.overLimit(),
                total, s.skipped());
        if (failureStreak == 1) {
            log.warn("VPC endpoint discovery failed, keeping the {} paths found before; logged once until it works again: {}", paths.size(), message);
        } else {
            log.debug("VPC endpoint discovery failed again ({} in a row): {}", failureStreak, message);
        }
    }

    private static Set<String> names(List<PathProperties> ps) {
        return ps.stream().map(PathProperties::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
