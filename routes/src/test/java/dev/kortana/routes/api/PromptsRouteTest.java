package dev.kortana.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.prompts.PromptRefused;
import dev.kortana.routes.RouteTestSupport;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prompt routes, and the approvals route's branch for prompt variants, without a server: the platform-http consumers
 * become direct endpoints, {@code promptsApi} and {@code approvalsApi} are stand-ins that record which method each
 * request reached and as whom. The guard is a real {@link ApiAccess}: prompts are shared by every tenant, so only an
 * admin (of every tenant) reads, proposes, promotes and rolls back; an approver of one tenant or a submitter reaches
 * nothing.
 */
class PromptsRouteTest extends RouteTestSupport {

    private static final String SUBMITTER_KEY = "kt_acme-submitter-key";
    private static final String APPROVER_KEY = "kt_acme-approver-key";
    private static final String ADMIN_KEY = "kt_the-admin-key";
    private static final ApiAccess ACCESS = ApiAccess.withKeys(List.of(
            new IssuedKey(new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER)), IssuedKey.sha256(SUBMITTER_KEY)),
            new IssuedKey(new Principal("acme-lead", "acme", Set.of(Role.APPROVER)), IssuedKey.sha256(APPROVER_KEY)),
            new IssuedKey(new Principal("ops", Principal.ALL_TENANTS, Set.of(Role.ADMIN)), IssuedKey.sha256(ADMIN_KEY))));
    private static final List<String> ROUTES = List.of("api-prompts", "api-prompt", "api-propose-prompt", "api-promote-prompt",
            "api-rollback-prompt", "api-decide-approval");

    private final StandInApi prompts = new StandInApi("prompts");
    private final StandInApi approvals = new StandInApi("approvals");
    private final StandInApi reconciliations = new StandInApi("reconcile");

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(ApiAccess.BEAN, ACCESS);
        registry.bind("promptsApi", prompts);
        registry.bind("approvalsApi", approvals);
        registry.bind("cancelApi", new StandInApi("cancel"));
        registry.bind("reconcileApi", reconciliations);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RouteBuilder[] {new PromptsRoute(), new ApprovalsRoute()};
    }

    @BeforeEach
    void replaceTheServer() throws Exception {
        for (String route : List.of(ROUTES, List.of("api-approvals", "api-cancel-task", "api-reconcile-task")).stream().flatMap(List::stream).toList()) {
            AdviceWith.adviceWith(context, route, r -> r.replaceFromWith("direct:" + route));
        }
        context.start();
    }

    @Test
    void anAdminReadsProposesPromotesAndRollsBackThroughOneMethodEach() {
        for (String route : ROUTES.subList(0, 5)) {
            assertThat(call(route, Map.of("name", "plan", "version", "2"), ADMIN_KEY).getHeader(Exchange.HTTP_RESPONSE_CODE))
                    .isEqualTo(200);
        }

        assertThat(prompts.calls).containsExactly("list by ops", "show by ops", "propose by ops", "promote by ops",
                "rollback by ops");
    }

    @Test
    void aSubmitterOrAnApproverOfOneTenantIsRefusedWith403BeforeAnyPromptMethod() {
        for (String route : ROUTES.subList(0, 5)) {
            assertProblem(call(route, Map.of("name", "plan"), SUBMITTER_KEY), 403, "Forbidden");
            // Prompts are every tenant's: one tenant's approver would read other tenants' proposals and change their prompts.
            assertProblem(call(route, Map.of("name", "plan"), APPROVER_KEY), 403, "Forbidden");
        }
        assertProblem(call("api-decide-approval", Map.of("taskId", "prompt-plan@2"), SUBMITTER_KEY), 403, "Forbidden");

        assertThat(prompts.calls).isEmpty();
    }

    @Test
    void aPromptApprovalIdGoesToThePromptDecisionAndATaskIdToTheStepDecision() {
        call("api-decide-approval", Map.of("taskId", "prompt-plan@2"), APPROVER_KEY);
        call("api-decide-approval", Map.of("taskId", "order-17"), APPROVER_KEY);

        assertThat(prompts.calls).containsExactly("decide by acme-lead");
        assertThat(approvals.calls).containsExactly("decide");
    }

    @Test
    void aRefusalIsA404ForAnUnknownVersionAndA409ForAStepItsStatusForbids() {
        prompts.fails(() -> new PromptRefused(404, "prompt plan has no version 9"));
        assertProblem(call("api-promote-prompt", Map.of("name", "plan", "version", "9"), ADMIN_KEY), 404, "Not found");

        prompts.fails(() -> new PromptRefused(409, "plan v1 replaced no earlier version"));
        Message conflict = call("api-decide-approval", Map.of("taskId", "prompt-plan@1"), APPROVER_KEY);
        assertProblem(conflict, 409, "Conflict");
        assertThat(json(conflict).path("detail").asText()).isEqualTo("plan v1 replaced no earlier version");
    }

    @Test
    void anAnswerForACallOfUnknownOutcomeReachesTheReconcileApiAndARefusalIsA409() {
        assertThat(call("api-reconcile-task", Map.of("taskId", "order-17"), APPROVER_KEY).getHeader(Exchange.HTTP_RESPONSE_CODE))
                .isEqualTo(200);
        assertThat(reconciliations.calls).containsExactly("decide");

        reconciliations.fails(() -> new ApprovalsApi.Refused(409, "task order-17 is COMPLETED, not AWAITING_RECONCILIATION"));
        Message refused = call("api-reconcile-task", Map.of("taskId", "order-17"), APPROVER_KEY);
        assertProblem(refused, 409, "Conflict");
        assertThat(json(refused).path("detail").asText()).contains("not AWAITING_RECONCILIATION");
    }

    private Message call(String route, Map<String, String> params, String key) {
        Exchange done = template.request("direct:" + route, e -> {
            Message in = e.getMessage();
            in.setHeader(Exchange.HTTP_METHOD, route.startsWith("api-prompt") && !route.equals("api-propose-prompt") ? "GET" : "POST");
            params.forEach(in::setHeader);
            in.setBody("{}");
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

    /** Stands in for {@link PromptsApi} and {@link ApprovalsApi}: records each call and who made it, or fails as told. */
    public static final class StandInApi {

        final List<String> calls = new ArrayList<>();
        private final String name;
        private Supplier<RuntimeException> failure;

        StandInApi(String name) {
            this.name = name;
        }

        void fails(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        public void list(Exchange exchange) {
            answer(exchange, "list");
        }

        public void show(Exchange exchange) {
            answer(exchange, "show");
        }

        public void propose(Exchange exchange) {
            answer(exchange, "propose");
        }

        public void promote(Exchange exchange) {
            answer(exchange, "promote");
        }

        public void rollback(Exchange exchange) {
            answer(exchange, "rollback");
        }

        public void decide(Exchange exchange) {
            answer(exchange, "decide");
        }

        public void pending(Exchange exchange) {
            answer(exchange, "pending");
        }

        public void cancel(Exchange exchange) {
            answer(exchange, "cancel");
        }

        private void answer(Exchange exchange, String method) {
            if (failure != null) {
                throw failure.get();
            }
            // The step decision checks its own key (ApprovalsApi.decide); the prompt routes are let in by the guard.
            Principal who = exchange.getProperty(dev.kortana.routes.Headers.PRINCIPAL, Principal.class);
            calls.add(who == null ? method : method + " by " + who.keyId());
            JsonAnswer.write(exchange, 200, Json.MAPPER.createObjectNode().put("called", name + "." + method));
        }
    }
}
