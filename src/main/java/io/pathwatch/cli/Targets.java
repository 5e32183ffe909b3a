package io.pathwatch.cli;

import io.pathwatch.config.ProbeProperties;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Turns command-line targets into the {@link PathSpec}s the prober runs: the daemon's probe
 * defaults ({@code pathwatch.probe.*}, read from {@link ProbeProperties}' own {@code @DefaultValue}s
 * so the two never drift apart) with the command line's interval and window.
 */
final class Targets {

    private Targets() {
    }

    /**
     * The shipped {@code pathwatch.probe.*} defaults, as Boot's binder would make them from no
     * configuration. Read from the annotations rather than bound: the binder's start-up alone
     * took a third of a second on an idle machine, more than the CLI's whole budget allows.
     */
    static ProbeProperties defaults() {
        try {
            RecordComponent[] components = ProbeProperties.class.getRecordComponents();
            Constructor<ProbeProperties> canonical = ProbeProperties.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            Parameter[] parameters = canonical.getParameters();
            Object[] values = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                DefaultValue d = parameters[i].getAnnotation(DefaultValue.class);
                Class<?> type = parameters[i].getType();
                String text = d == null || d.value().length == 0 ? null : d.value()[0];
                if (type == int.class) {
                    values[i] = text == null ? 0 : Integer.parseInt(text);
                } else if (type == Duration.class) {
                    values[i] = text == null ? null : DurationStyle.detectAndParse(text);
                } else {
                    throw new IllegalStateException("pathwatch.probe has a " + type.getSimpleName() + " the CLI cannot default");
                }
            }
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param interval null for the default
     * @param window   statistics window (compare seals windows to bootstrap over; probe does not use it)
     */
    static PathSpec spec(String target, Options options, Duration interval, Duration window) {
        ProbeProperties d = defaults();
        String[] hostPort = PathSpec.splitTarget(target);
        TlsSpec tls = options.tls() ? new TlsSpec("", "", "PKCS12", "", false) : null;
        Duration every = interval != null ? interval : d.interval();
        ProbeSettings settings = new ProbeSettings(every, d.timeout(), d.echoCount(), d.payloadBytes(), d.heartbeat(), d.hangThreshold(), window,
                d.streamGiveUp(), d.maxSelfLag());
        PathSpec spec = new PathSpec(target, hostPort[0], Integer.parseInt(hostPort[1]), tls, Map.of(), settings);
        // no responder at the far end: TCP connect (and the TLS handshake) only, as a path's mode: connect
        return options.connectOnly() ? spec.withMode(ProbeMode.CONNECT) : spec;
    }
}
