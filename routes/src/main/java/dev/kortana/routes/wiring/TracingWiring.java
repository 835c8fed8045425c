package dev.kortana.routes.wiring;

import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.routes.Settings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces, off by default on a local run ({@code kortana.tracing.*}). On: the OpenTelemetry SDK exports over OTLP/HTTP
 * (the JDK's HttpClient) in batches, samples by trace id ratio under the caller's decision, and names this instance;
 * camel-opentelemetry2 traces the channels (HTTP with W3C {@code traceparent}, Kafka headers, files), intake, the model
 * and tool routes and outbound HTTP and Kafka, but not the timers, the queue or the pipeline's routes, whose spans are
 * Kor'tana's own ({@code PipelineSpans}: they continue the trace kept with each task). An {@link OpenTelemetry} bound
 * in the registry before start (a test's SDK with an in-memory exporter) is used as it is.
 */
final class TracingWiring {

    private static final Logger LOG = LoggerFactory.getLogger(TracingWiring.class);

    private TracingWiring() {
    }

    /** The OpenTelemetry this instance traces with; empty when tracing is off. */
    static java.util.Optional<OpenTelemetry> start(CamelContext context, String node, Resources resources) {
        PropertiesComponent properties = context.getPropertiesComponent();
        OpenTelemetry given = CamelContextHelper.findSingleByType(context, OpenTelemetry.class);
        boolean enabled = given != null || Boolean.parseBoolean(text(properties, "kortana.tracing.enabled", "false"));
        if (!enabled) {
            return java.util.Optional.empty();
        }
        OpenTelemetry otel = given != null ? given : sdk(properties, node, resources);
        // camel-opentelemetry2 finds its tracer and propagators in the registry.
        context.getRegistry().bind("camelOtelTracer", Tracer.class, otel.getTracer("camel"));
        context.getRegistry().bind("camelOtelPropagators", ContextPropagators.class, otel.getPropagators());
        OpenTelemetryTracer camel = new OpenTelemetryTracer();
        camel.setExcludePatterns(text(properties, "kortana.tracing.camel-exclude", ""));
        camel.init(context);
        return java.util.Optional.of(otel);
    }

    /** Kor'tana's own tracer (pipeline, model and tool spans). */
    static Tracer tracer(OpenTelemetry otel) {
        return otel.getTracer(TaskTraces.SCOPE);
    }

    private static OpenTelemetry sdk(PropertiesComponent properties, String node, Resources resources) {
        String endpoint = text(properties, "kortana.tracing.otlp-endpoint", "http://localhost:4318/v1/traces");
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("kortana.tracing.otlp-endpoint = " + endpoint
                    + " is not an http(s) URL; set it to the collector's OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces");
        }
        double ratio = ratio(text(properties, "kortana.tracing.sampling-ratio", "1.0"));
        long delay = Settings.number(properties, "kortana.tracing.export-delay-ms", "2000");
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(10));
        String headers = text(properties, "kortana.tracing.otlp-headers", "");
        for (String pair : headers.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("kortana.tracing.otlp-headers has '" + pair.split("=")[0].trim()
                        + "' without a value; write name=value pairs separated by commas (values from {{env:...}})");
            }
            exporter.addHeader(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "kortana", AttributeKey.stringKey("service.instance.id"), node)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).setScheduleDelay(Duration.ofMillis(delay)).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                // Trace context only: a caller's baggage (and Camel's own marker in it) is not sent on to providers and tools.
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        resources.closeOnStop(sdk); // flushes what is still batched
        LOG.info("Tracing on: OTLP/HTTP to {}, sampling {} of new traces", uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath(), ratio);
        return sdk;
    }

    private static double ratio(String value) {
        try {
            double ratio = Double.parseDouble(value);
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("kortana.tracing.sampling-ratio = " + value
                + " is not a number from 0 to 1; write 1.0 to keep every trace, 0.1 for one in ten");
    }

    private static String text(PropertiesComponent properties, String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).orElse(fallback);
    }
}
