package io.pathwatch.lab;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The lab runs for the demo only: {@code pathwatch.demo.enabled} (default true), the responder
 * enabled (the demo's paths end there), no discovery and no {@code pathwatch.paths} configured, in any of the
 * forms relaxed binding accepts (YAML, properties, environment variables).
 */
class LabCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        boolean demo = binder.bind("pathwatch.demo.enabled", Boolean.class).orElse(true);
        boolean responder = binder.bind("pathwatch.responder.enabled", Boolean.class).orElse(true);
        @SuppressWarnings("rawtypes")
        List<Map> paths = binder.bind("pathwatch.paths", Bindable.listOf(Map.class)).orElse(List.of());
        // paths found in AWS are real paths too: no demo beside them
        boolean discovery = binder.bind("pathwatch.discovery.aws.vpc-endpoints.enabled", Boolean.class).orElse(false);
        return demo && responder && paths.isEmpty() && !discovery;
    }
}
