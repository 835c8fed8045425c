package dev.kortana.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.routes.RouteTestSupport;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory routes without a server: each platform-http consumer becomes a direct endpoint and {@code memoryApi} is a
 * stand-in that records which method each request reached and as whom. The guard is a real {@link ApiAccess} with keys:
 * any key reads, an approver (or admin) judges a memory, only an admin forgets.
 */
class MemoryRouteTest extends RouteTestSupport {

    private static final String SUBMITTER_KEY = "kt_acme-submitter-key";
    private static final String ADMIN_KEY = "kt_the-admin-key";
    private static final ApiAccess ACCESS = ApiAccess.withKeys(List.of(
            new IssuedKey(new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER)), IssuedKey.sha256(SUBMITTER_KEY)),
            new IssuedKey(new Principal("ops", Principal.ALL_TENANTS, Set.of(Role.ADMIN)), IssuedKey.sha256(ADMIN_KEY))));

    private final StandInMemoryApi api = new StandInMemoryApi();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(ApiAccess.BEAN, ACCESS);
        registry.bind("memoryApi", api);
        registry.bind("memoryFeedbackApi", api);
        registry.bind("forgetMemoryApi", api);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new MemoryRoute();
    }

    @BeforeEach
    void replaceTheServer() throws Exception {
        for (String route : List.of("api-memories", "api-memory", "api-memory-feedback", "api-forget-memory",
                "api-forget-memories")) {
            AdviceWith.adviceWith(context, route, r -> r.replaceFromWith("direct:" + route));
        }
        context.start();
    }

    @Test
    void anyKeySearchesAndReadsOneMemoryAsItsOwnPrincipal() {
        Message search = call("api-memories", "/api/memories", SUBMITTER_KEY);
        Message one = call("api-memory", "/api/memories/7", SUBMITTER_KEY);

        assertThat(search.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(one.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(api.calls).containsExactly("search by acme-ci", "memory by acme-ci");
    }

    @Test
    void onlyAnAdminForgetsAndAnotherKeyIsRefusedWith403BeforeTheStore() {
        Message refused = call("api-forget-memory", "/api/memories/7", SUBMITTER_KEY);
        Message forgotten = call("api-forget-memory", "/api/memories/7", ADMIN_KEY);

        assertProblem(refused, 403, "Forbidden");
        assertThat(json(refused).path("errors").get(0).path("fix").asText()).isEqualTo("use a key with role admin");
        assertThat(forgotten.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(api.calls).containsExactly("forget by ops");
    }

    @Test
    void feedbackNeedsAnApproverAndForgettingATasksMemoriesAnAdmin() {
        Message submitterFeedback = call("api-memory-feedback", "/api/memories/7/feedback", SUBMITTER_KEY);
        Message adminFeedback = call("api-memory-feedback", "/api/memories/7/feedback", ADMIN_KEY);
        Message submitterForgets = call("api-forget-memories", "/api/memories", SUBMITTER_KEY);
        Message adminForgets = call("api-forget-memories", "/api/memories", ADMIN_KEY);

        assertProblem(submitterFeedback, 403, "Forbidden");
        assertThat(json(submitterFeedback).path("errors").get(0).path("fix").asText()).isEqualTo("use a key with role approver");
        assertProblem(submitterForgets, 403, "Forbidden");
        assertThat(adminFeedback.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(adminForgets.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(api.calls).containsExactly("feedback by ops", "forgetMany by ops");
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWith401AndReachesNothing() {
        Message answer = call("api-memories", "/api/memories", null);

        assertProblem(answer, 401, "Unauthorized");
        assertThat(answer.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"kortana\"");
        assertThat(api.calls).isEmpty();
    }

    @Test
    void aQueryTheApiRefusesIsA400NamingTheField() {
        api.fails(() -> ContractViolation.of("q", "the query is missing or blank", "send q=<words to search for>"));

        Message answer = call("api-memories", "/api/memories", SUBMITTER_KEY);

        assertProblem(answer, 400, "Invalid request");
        assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo("q");
    }

    @Test
    void aStoreThatCannotAnswerIsA503() {
        api.fails(() -> new StoreUnavailableException(new SQLException("connection refused", "08001")));

        Message answer = call("api-memory", "/api/memories/7", SUBMITTER_KEY);

        assertProblem(answer, 503, "Service unavailable");
        assertThat(json(answer).path("detail").asText()).isEqualTo("memory cannot be read right now; try again shortly");
    }

    private Message call(String route, String path, String key) {
        Exchange done = template.request("direct:" + route, e -> {
            Message in = e.getMessage();
            in.setHeader(Exchange.HTTP_METHOD, route.startsWith("api-forget") ? "DELETE" : route.endsWith("feedback") ? "POST" : "GET");
            in.setHeader(Exchange.HTTP_PATH, path);
            if (key != null) {
                in.setHeader("Authorization", "Bearer " + key);
            }
        });
        assertThat(done.getException()).as("every failure is answered, none escapes the route").isNull();
        return done.getMessage();
    }

    private static void assertProblem(Message answer, int status, String title) {
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(status);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE)).isEqualTo(Problems.MEDIA_TYPE);
        assertThat(json(answer).path("title").asText()).isEqualTo(title);
    }

    private static JsonNode json(Message answer) {
        try {
            return Json.MAPPER.readTree(answer.getBody(String.class));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.getBody(String.class), e);
        }
    }

    /** Stands in for {@link MemoryApi}, {@link MemoryFeedbackApi} and {@link ForgetMemoryApi}: records each call and who made it, or fails as told. */
    public static final class StandInMemoryApi {

        final List<String> calls = new ArrayList<>();
        private Supplier<RuntimeException> failure;

        void fails(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        public void search(Exchange exchange) {
            answer(exchange, "search");
        }

        public void memory(Exchange exchange) {
            answer(exchange, "memory");
        }

        public void forget(Exchange exchange) {
            answer(exchange, "forget");
        }

        public void forgetMany(Exchange exchange) {
            answer(exchange, "forgetMany");
        }

        public void feedback(Exchange exchange) {
            answer(exchange, "feedback");
        }

        private void answer(Exchange exchange, String method) {
            if (failure != null) {
                throw failure.get();
            }
            calls.add(method + " by " + ApiAccess.principal(exchange).keyId());
            JsonAnswer.write(exchange, 200, Json.MAPPER.createObjectNode().put("called", method));
        }
    }
}
