package dev.kortana.routes.model;

import dev.kortana.processors.model.ModelCallRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;

/**
 * Model calls as meters with the OpenTelemetry GenAI names: {@code gen_ai.client.token.usage} (tokens per call, by
 * {@code gen_ai.token.type}) and {@code gen_ai.client.operation.duration} (seconds, with {@code error.type} on
 * failures), plus {@code kortana.model.cost} in USD.
 */
public class ModelMetrics implements Consumer<ModelCallRecord> {

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public ModelMetrics(CamelContext context) {
        this.context = context;
    }

    @Override
    public void accept(ModelCallRecord call) {
        MeterRegistry meters = registry();
        Tags tags = Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", call.provider(),
                "gen_ai.request.model", call.model(), "kortana.purpose", call.purpose());
        Timer.builder("gen_ai.client.operation.duration").description("Duration of model calls")
                .tags(tags).tag("error.type", call.ok() ? "none" : "model_error")
                .register(meters).record(Duration.ofMillis(call.latencyMs()));
        if (call.ok()) {
            DistributionSummary.builder("gen_ai.client.token.usage").description("Tokens used per model call").baseUnit("tokens")
                    .tags(tags).tag("gen_ai.token.type", "input").register(meters).record(call.tokensIn());
            DistributionSummary.builder("gen_ai.client.token.usage").description("Tokens used per model call").baseUnit("tokens")
                    .tags(tags).tag("gen_ai.token.type", "output").register(meters).record(call.tokensOut());
        }
        if (call.costUsd().signum() > 0) {
            Counter.builder("kortana.model.cost").description("Money spent on model calls").baseUnit("usd")
                    .tags(tags).register(meters).increment(call.costUsd().doubleValue());
        }
    }

    private MeterRegistry registry() {
        if (registry == null) {
            MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = found != null ? found : new SimpleMeterRegistry();
        }
        return registry;
    }
}
