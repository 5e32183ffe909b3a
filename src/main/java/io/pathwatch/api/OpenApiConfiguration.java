package io.pathwatch.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui/index.html}). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "pathwatch", version = "1",
        description = "Network path health: the figures of every path, their history, a probe cycle on demand, a ranking of paths "
                + "to the same destination, and alerts. Times in milliseconds (µs precision), ratios 0..1; errors are RFC 9457 "
                + "problem details."))
class OpenApiConfiguration {
}
