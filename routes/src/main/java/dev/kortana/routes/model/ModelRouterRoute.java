package dev.kortana.routes.model;

import dev.kortana.processors.model.AnthropicProtocol;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.OllamaProtocol;
import dev.kortana.processors.model.OpenAiProtocol;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * Model calls. {@code model-router} ranks the models and tries them in order (the {@code modelRouter} bean); each
 * try goes to that model's route, {@code model-<name>}, whose circuit breaker (resilience4j) refuses calls while the
 * model is cooling down; {@code model-dispatch} is a {@code choice()} on the provider, and each provider route speaks
 * one wire protocol over camel-http. Adding a provider is one route here plus one {@code WireProtocol}.
 * Errors go back to the caller: the router decides between retry, the next model and giving up.
 */
public class ModelRouterRoute extends RouteBuilder {

    private final ModelCatalog catalog;

    public ModelRouterRoute(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void configure() {
        // HttpClient would retry 429 and 503 on its own, hidden from the router, its budget and its breakers.
        for (String scheme : new String[] {"http", "https"}) {
            getContext().getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }

        from(Endpoints.MODEL)
                .routeId("model-router")
                .errorHandler(noErrorHandler())
                .bean("modelRouter", "call");

        for (ModelSpec model : catalog.all()) {
            from(Endpoints.model(model.name()))
                    .routeId("model-" + model.name())
                    .errorHandler(noErrorHandler())
                    .circuitBreaker()
                        .resilience4jConfiguration().circuitBreaker(ModelBreakers.beanName(model.name())).end()
                        .to(Endpoints.MODEL_DISPATCH)
                    .end()
                    .filter(exchangeProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SHORT_CIRCUITED.getName()).isEqualTo(true))
                        .bean(ModelBreakers.BEAN, "refuse('" + model.name() + "')")
                    .end();
        }

        from(Endpoints.MODEL_DISPATCH)
                .routeId("model-dispatch")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(header(Headers.MODEL_PROVIDER).isEqualTo("openai")).to(Endpoints.PROVIDER_OPENAI)
                    .when(header(Headers.MODEL_PROVIDER).isEqualTo("anthropic")).to(Endpoints.PROVIDER_ANTHROPIC)
                    .when(header(Headers.MODEL_PROVIDER).isEqualTo("ollama")).to(Endpoints.PROVIDER_OLLAMA)
                    .when(header(Headers.MODEL_PROVIDER).isEqualTo("offline")).to(Endpoints.PROVIDER_OFFLINE)
                    .otherwise()
                        .throwException(IllegalStateException.class, "no route for model provider ${header."
                                + Headers.MODEL_PROVIDER + "}")
                .end();

        provider(Endpoints.PROVIDER_OPENAI, "provider-openai", new ProviderCall(new OpenAiProtocol(), catalog));
        provider(Endpoints.PROVIDER_ANTHROPIC, "provider-anthropic", new ProviderCall(new AnthropicProtocol(), catalog));
        provider(Endpoints.PROVIDER_OLLAMA, "provider-ollama", new ProviderCall(new OllamaProtocol(), catalog));

        from(Endpoints.PROVIDER_OFFLINE)
                .routeId("provider-offline")
                .errorHandler(noErrorHandler())
                .bean("offlineModel", "answer");
    }

    private void provider(String endpoint, String routeId, ProviderCall call) {
        from(endpoint)
                .routeId(routeId)
                .errorHandler(noErrorHandler())
                .process(call::prepare)
                .toD("${exchangeProperty." + Headers.MODEL_URI + "}")
                .process(call::read);
    }
}
