package dev.kortana.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.model.OfflineModel;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The model router on its own: the choice() sends each call to the selected provider's route. */
class ModelRouterRouteTest {

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void routesACallToTheOfflineProvider() throws Exception {
        start(new ModelSelector("offline"));
        NotifyBuilder offline = new NotifyBuilder(context).wereSentTo(Endpoints.MODEL_OFFLINE).whenCompleted(1).create();

        ModelResponse response = context.createProducerTemplate().requestBody(Endpoints.MODEL,
                new ModelRequest("summarize", "t1", "", Json.MAPPER.readTree("{\"text\":\"One. Two. Three. Four.\",\"sentences\":2}")),
                ModelResponse.class);

        assertThat(offline.matches()).isTrue();
        assertThat(response.provider()).isEqualTo("offline");
        assertThat(response.text()).isNotBlank();
    }

    @Test
    void aProviderWithoutARouteFailsTheCallNamingTheProvider() throws Exception {
        start(new Object() {
            @SuppressWarnings("unused")
            public String select(ModelRequest request) {
                return "imaginary";
            }
        });

        assertThatThrownBy(() -> context.createProducerTemplate().requestBody(Endpoints.MODEL,
                        new ModelRequest("summarize", "t1", "", null)))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageContaining("imaginary");
    }

    @Test
    void refusesToConfigureAProviderThisVersionDoesNotHave() {
        assertThatThrownBy(() -> new ModelSelector("openai"))
                .hasMessageContaining("kortana.models.provider=openai")
                .hasMessageContaining("offline");
    }

    private void start(Object selector) throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("modelSelector", selector);
        context.getRegistry().bind("offlineModel", new OfflineModel());
        context.addRoutes(new ModelRouterRoute());
        context.start();
    }
}
