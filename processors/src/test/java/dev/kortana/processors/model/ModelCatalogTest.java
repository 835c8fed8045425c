package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final Path SHIPPED = Path.of("../config/models.yaml");
    private static final Function<String, String> NO_ENV = name -> null;

    private static final String OFFLINE = """
              - name: offline
                provider: offline
                capabilities: [plan, summarize]
            """;

    @Test
    void loadsTheShippedCatalogWithOnlyTheOfflineModel() throws IOException {
        ModelCatalog catalog;
        try (InputStream in = Files.newInputStream(SHIPPED)) {
            catalog = ModelCatalog.load(in, SHIPPED.toString(), NO_ENV);
        }

        assertThat(catalog.all()).extracting(ModelSpec::name).containsExactly("offline");
        ModelSpec offline = catalog.find("offline").orElseThrow();
        assertThat(offline.provider()).isEqualTo("offline");
        assertThat(offline.isFree()).isTrue();
        assertThat(offline.capabilities()).containsExactlyInAnyOrder("plan", "reflect", "summarize", "json");
        assertThat(offline.compliance()).containsExactlyInAnyOrder("local", "eu", "us");
        assertThat(offline.contextWindow()).isEqualTo(1_000_000);
        assertThat(catalog.apiKey("offline")).isNull();
        assertThat(catalog.routing().strategyFor("plan")).isEqualTo("cheapest");
        assertThat(catalog.routing().retries()).isEqualTo(1);
        assertThat(catalog.routing().backoffMs()).isEqualTo(250L);
        assertThat(catalog.routing().maxRetryAfterMs()).isEqualTo(5000L);
        assertThat(catalog.routing().planRepairs()).isEqualTo(2);
        assertThat(catalog.routing().economyBelow()).isEqualTo(0.2);
        assertThat(catalog.breaker().failureRatePercent()).isEqualTo(50);
        assertThat(catalog.breaker().cooldownMs()).isEqualTo(30_000L);
        assertThat(catalog.budgets().globalDailyUsd()).isNull();
        assertThat(catalog.budgets().tenantCeiling("acme")).isNull();
    }

    @Test
    void rejectsAnUnknownKeyNamingFileModelIndexAndKey() {
        String yaml = """
                models:
                  - name: offline
                    provider: offline
                    capabilities: [plan]
                    pric: 1
                """;

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test-models.yaml: ")
                .hasMessageContaining("models[0]")
                .hasMessageContaining("pric");
    }

    @Test
    void rejectsAnUnknownProviderListingTheKnownOnes() {
        String yaml = models("""
                  - name: mystery
                    provider: watson
                    endpoint: https://example.com
                    model: m
                    capabilities: [plan]
                """);

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-models.yaml")
                .hasMessageContaining("models[1] (mystery).provider is 'watson'")
                .hasMessageContaining("openai")
                .hasMessageContaining("anthropic")
                .hasMessageContaining("ollama");
    }

    @Test
    void rejectsAnOpenAiModelWithoutEndpoint() {
        String yaml = models("""
                  - name: gpt
                    provider: openai
                    model: gpt-4o-mini
                    capabilities: [plan]
                """);

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-models.yaml: models[1] (gpt).endpoint")
                .hasMessageContaining("https://api.openai.com/v1");
    }

    @Test
    void rejectsAnEndpointThatIsNotHttp() {
        String yaml = models("""
                  - name: gpt
                    provider: openai
                    endpoint: ftp://api.example.com
                    model: gpt-4o-mini
                    capabilities: [plan]
                """);

        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("models[1] (gpt).endpoint must be an http(s) base URL");
    }

    @Test
    void rejectsAnUnknownCapabilityListingTheValidOnes() {
        String yaml = models("""
                  - name: llama
                    provider: ollama
                    endpoint: http://localhost:11434
                    model: llama3.1
                    capabilities: [summarize, painting]
                """);

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models[1] (llama).capabilities has 'painting'")
                .hasMessageContaining("summarize");
    }

    @Test
    void rejectsTheSameNameTwice() {
        String yaml = models("""
                  - name: offline
                    provider: offline
                    capabilities: [reflect]
                """);

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models[1] (offline).name is declared twice");
    }

    @Test
    void rejectsTheReservedNameRouter() {
        String yaml = """
                models:
                  - name: router
                    provider: offline
                    capabilities: [plan]
                """;

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models[0] (router).name 'router' is taken by a built-in route");
    }

    @Test
    void rejectsANameThatCannotNameARoute() {
        String yaml = """
                models:
                  - name: GPT 4
                    provider: offline
                    capabilities: [plan]
                """;

        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("models[0] (GPT 4).name must be lower-case");
    }

    @Test
    void rejectsAnApiKeyVariableThatIsNotSet() {
        String yaml = models(paidOpenAi());

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models[1] (gpt).api-key-env names OPENAI_API_KEY, which is not set")
                .hasMessageContaining("export OPENAI_API_KEY=<key>");
    }

    @Test
    void readsTheApiKeyFromTheNamedVariable() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test-123");

        ModelCatalog catalog = ModelCatalog.load(stream(models(paidOpenAi())), "test-models.yaml", env::get);

        assertThat(catalog.apiKey("gpt")).isEqualTo("sk-test-123");
        assertThat(catalog.apiKey("offline")).isNull();
        ModelSpec gpt = catalog.find("gpt").orElseThrow();
        assertThat(gpt.isFree()).isFalse();
        assertThat(gpt.pricePer1kInput()).isEqualByComparingTo("0.00015");
    }

    @Test
    void readsExtraHeadersFromTheirVariablesForAGatewayOrAzure() {
        String yaml = models("""
                  - name: gateway
                    provider: openai
                    endpoint: https://api.portkey.ai/v1
                    model: gpt-4o-mini
                    capabilities: [plan]
                    headers:
                      x-portkey-api-key: PORTKEY_API_KEY
                      api-key: AZURE_OPENAI_KEY
                """);
        Map<String, String> env = Map.of("PORTKEY_API_KEY", "pk-123", "AZURE_OPENAI_KEY", "az-456");

        ModelCatalog catalog = ModelCatalog.load(stream(yaml), "test-models.yaml", env::get);

        assertThat(catalog.headers("gateway")).containsOnly(Map.entry("x-portkey-api-key", "pk-123"),
                Map.entry("api-key", "az-456"));
        assertThat(catalog.find("gateway").orElseThrow().headers()).containsEntry("api-key", "AZURE_OPENAI_KEY");
        assertThat(catalog.headers("offline")).isEmpty();
    }

    @Test
    void refusesAHeaderWhoseValueIsWrittenInTheFileOrWhoseVariableIsNotSet() {
        String literal = models("""
                  - name: gateway
                    provider: openai
                    endpoint: https://api.portkey.ai/v1
                    model: gpt-4o-mini
                    capabilities: [plan]
                    headers:
                      x-portkey-api-key: "pk-live secret"
                """);
        String unset = literal.replace("\"pk-live secret\"", "PORTKEY_API_KEY");
        String reserved = literal.replace("x-portkey-api-key: \"pk-live secret\"", "Content-Type: PORTKEY_API_KEY");

        assertThatThrownBy(() -> load(literal)).hasMessageContaining("models[1] (gateway).headers.x-portkey-api-key must"
                + " name the environment variable that holds the value").hasMessageNotContaining("pk-live");
        assertThatThrownBy(() -> load(unset)).hasMessageContaining("names PORTKEY_API_KEY, which is not set");
        assertThatThrownBy(() -> load(reserved)).hasMessageContaining("Content-Type is set by Kor'tana or Camel itself");
        String camel = literal.replace("x-portkey-api-key: \"pk-live secret\"", "CamelHttpUri: PORTKEY_API_KEY");
        assertThatThrownBy(() -> load(camel)).hasMessageContaining("CamelHttpUri is set by Kor'tana or Camel itself");
        Map<String, String> crlf = Map.of("PORTKEY_API_KEY", "pk-123\r");
        assertThatThrownBy(() -> ModelCatalog.load(stream(unset), "test-models.yaml", crlf::get))
                .hasMessageContaining("has a control character or spaces at an end").hasMessageNotContaining("pk-123");
    }

    @Test
    void mapsTheOpenAiCompatibleAliasToOpenAi() {
        String yaml = models("""
                  - name: vllm
                    provider: OpenAI-Compatible
                    endpoint: http://localhost:8000/v1
                    model: qwen
                    capabilities: [plan]
                """);

        ModelCatalog catalog = load(yaml);

        assertThat(catalog.find("vllm").orElseThrow().provider()).isEqualTo("openai");
    }

    @Test
    void rejectsAnUnknownRoutingStrategy() {
        String yaml = models("") + """
                routing:
                  strategies:
                    plan: smartest
                """;

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-models.yaml: routing.strategies.plan is 'smartest'")
                .hasMessageContaining("cheapest");
    }

    @Test
    void rejectsARoutingStrategyForAnUnknownPurpose() {
        String yaml = models("") + """
                routing:
                  strategies:
                    translate: cheapest
                """;

        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("routing.strategies.translate is not a purpose");
    }

    @Test
    void rejectsANegativeBudget() {
        String yaml = models("") + """
                budgets:
                  tenants:
                    acme: -5
                """;

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-models.yaml: budgets.tenants.acme must not be negative");
    }

    @Test
    void readsBudgetCeilingsWithPerTenantOverrides() {
        String yaml = models("") + """
                budgets:
                  global-daily-usd: 50
                  tenant-daily-usd: 10
                  tenants:
                    acme: 25
                """;

        BudgetLimits budgets = load(yaml).budgets();

        assertThat(budgets.globalDailyUsd()).isEqualByComparingTo(new BigDecimal("50"));
        assertThat(budgets.tenantCeiling("acme")).isEqualByComparingTo(new BigDecimal("25"));
        assertThat(budgets.tenantCeiling("other")).isEqualByComparingTo(new BigDecimal("10"));
    }

    @Test
    void rejectsAnEmptyModelsList() {
        assertThatThrownBy(() -> load("models: []\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-models.yaml: no models declared under 'models:'")
                .hasMessageContaining("provider: offline");
    }

    @Test
    void rejectsMaxOutputTokensNotBelowTheContextWindow() {
        String yaml = """
                models:
                  - name: offline
                    provider: offline
                    capabilities: [plan]
                    context-window: 1000
                    max-output-tokens: 1000
                """;

        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("models[0] (offline).max-output-tokens");
    }

    private static ModelCatalog load(String yaml) {
        return ModelCatalog.load(stream(yaml), "test-models.yaml", NO_ENV);
    }

    private static InputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The offline model followed by {@code more} (list entries indented as under models:). */
    private static String models(String more) {
        return "models:\n" + OFFLINE + more;
    }

    private static String paidOpenAi() {
        return """
                  - name: gpt
                    provider: openai
                    endpoint: https://api.openai.com/v1
                    model: gpt-4o-mini
                    api-key-env: OPENAI_API_KEY
                    price-per-1k-input: 0.00015
                    price-per-1k-output: 0.0006
                    capabilities: [plan]
                """;
    }
}
