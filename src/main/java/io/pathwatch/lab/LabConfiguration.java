package io.pathwatch.lab;

import java.util.function.IntSupplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The lab and the demo, present only when {@link LabCondition} holds. */
@Configuration(proxyBeanMethods = false)
@Conditional(LabCondition.class)
class LabConfiguration {

    @Bean(destroyMethod = "close")
    LabProxy labProxy() {
        return new LabProxy();
    }

    @Bean
    DemoLab demoLab(LabProxy lab, @Qualifier("responderPort") IntSupplier responderPort) {
        return new DemoLab(lab, responderPort.getAsInt());
    }
}
