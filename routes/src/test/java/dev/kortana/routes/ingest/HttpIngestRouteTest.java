package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.policy.PolicyBook;
import dev.kortana.processors.policy.PolicySource;
import dev.kortana.processors.policy.RateLimiter;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.RouteTestSupport;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import dev.kortana.routes.access.TenantAdmission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/tasks} without a server: the platform-http consumer becomes a direct endpoint and intake is a mock
 * answered by {@link FakeIntake}. Shows the answer for a new and a repeated task, and the status and problem+json the
 * route gives each exception class; the API guard is a real {@link ApiAccess} with keys.
 */
class HttpIngestRouteTest extends RouteTestSupport {

    private static final String SUBMIT = "direct:submit";
    private static final String INTAKE = "mock:intake";
    private static final String SUBMITTER_KEY = "kt_acme-submitter-key";
    private static final String APPROVER_KEY = "kt_acme-approver-key";
    private static final Principal ACME_CI = new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER));
    private static final ApiAccess ACCESS = ApiAccess.withKeys(List.of(
            new IssuedKey(ACME_CI, IssuedKey.sha256(SUBMITTER_KEY)),
            new IssuedKey(new Principal("acme-ops", "acme", Set.of(Role.APPROVER)), IssuedKey.sha256(APPROVER_KEY))));
    private static final String TASK = "{\"goal\":\"check stock of A-1\"}";

    private final FakeIntake intake = new FakeIntake();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(ApiAccess.BEAN, ACCESS);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new HttpIngestRoute();
    }

    @BeforeEach
    void replaceTheServerAndIntake() throws Exception {
        AdviceWith.adviceWith(context, "ingest-http", route -> {
            route.replaceFromWith(SUBMIT);
            route.weaveByToUri(Endpoints.INTAKE).replace().to(INTAKE);
        });
        context.start();
        getMockEndpoint(INTAKE).whenAnyExchangeReceived(intake);
    }

    @Test
    void acceptsANewTaskWith202AndItsLocation() throws Exception {
        expectIntake(1);

        Message answer = post("application/json; charset=utf-8", SUBMITTER_KEY, "order-7", TASK);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(answer.getHeader("Location")).isEqualTo("/api/tasks/order-7");
        JsonNode body = json(answer);
        assertThat(body.path("taskId").asText()).isEqualTo("order-7");
        assertThat(body.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(body.path("existing").asBoolean()).isFalse();
        assertThat(body.path("links").path("events").asText()).isEqualTo("/api/tasks/order-7/events");
        assertThat(intake.received).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("HTTP");
            assertThat(r.fallbackId()).as("the Idempotency-Key is the task id").isEqualTo("order-7");
            assertThat(r.caller()).as("the guard's caller reaches intake").isEqualTo(ACME_CI);
        });
        assertThat(answer.getHeaders()).doesNotContainKeys("Authorization", "Idempotency-Key");
    }

    @Test
    void answersARepeatOfTheSameTaskWith200AndTheStoredTask() {
        intake.answers(AcceptResult.Kind.EXISTING);

        Message answer = post("application/json", SUBMITTER_KEY, "order-7", TASK);

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(answer.getHeader("Location")).isEqualTo("/api/tasks/order-7");
        assertThat(json(answer).path("existing").asBoolean()).isTrue();
    }

    @Test
    void refusesABodyThatIsNotJsonWith415BeforeIntake() throws Exception {
        expectIntake(0);

        Message answer = post("text/plain", SUBMITTER_KEY, null, TASK);

        MockEndpoint.assertIsSatisfied(context);
        assertProblem(answer, 415, "Unsupported media type");
        assertThat(json(answer).path("detail").asText()).contains("'text/plain' is not JSON");
    }

    @Test
    void rejectsTaskWithoutGoalWithProblemJson() {
        Message answer = post("application/json", SUBMITTER_KEY, null, "{\"tenant\":\"acme\"}");

        assertProblem(answer, 400, "Invalid task");
        assertThat(json(answer).path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo("/goal");
            assertThat(error.path("fix").asText()).isEqualTo("add the required field /goal");
        });
    }

    @Test
    void rejectsAnIdempotencyKeyThatCannotBeATaskIdWith400BeforeIntake() throws Exception {
        expectIntake(0);

        Message answer = post("application/json", SUBMITTER_KEY, "no spaces, please", TASK);

        MockEndpoint.assertIsSatisfied(context);
        assertProblem(answer, 400, "Invalid task");
        assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void answersAnIdTakenByAnotherBodyWith409() {
        intake.fails(() -> new IntakeProcessor.IdConflict("order-7"));

        Message answer = post("application/json", SUBMITTER_KEY, "order-7", TASK);

        assertProblem(answer, 409, "Task id conflict");
        assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo("/id");
    }

    @Test
    void answersATaskOverTheSizeLimitWith413() {
        String large = "{\"goal\":\"" + "x".repeat(FakeIntake.MAX_BYTES) + "\"}";

        Message answer = post("application/json", SUBMITTER_KEY, null, large);

        assertProblem(answer, 413, "Task too large");
        assertThat(json(answer).path("errors").get(0).path("fix").asText()).contains("kortana.intake.max-bytes");
    }

    @Test
    void answersATenantOverItsSubmissionLimitWith429AndRetryAfter() {
        // The real admission over a tenant limit whose bucket is empty for another 1.5 s.
        TenantAdmission admission = new TenantAdmission(
                new PolicySource(null, PolicyBook.load("""
                        rate-limits:
                          tenant: { acme: { capacity: 5, per-second: 0.5 } }
                        """.getBytes(StandardCharsets.UTF_8), "test"), Clock.systemUTC()),
                (key, capacity, perSecond) -> new RateLimiter.Verdict(false, Duration.ofMillis(1500)),
                new NoStoredTasks());
        TenantAdmission.TooManyTasks refused = catchThrowableOfType(TenantAdmission.TooManyTasks.class,
                () -> admission.admit(new AgentTask(null, "check stock", "acme", null, null, null), "order-7"));
        intake.fails(() -> refused);

        Message answer = post("application/json", SUBMITTER_KEY, "order-7", TASK);

        assertProblem(answer, 429, "Too many tasks");
        assertThat(answer.getHeader("Retry-After")).isEqualTo(2L);
        assertThat(json(answer).path("detail").asText()).contains("tenant 'acme'").contains("with the same id");
    }

    @Test
    void answersARequestWithoutAKeyWith401AndNothingReachesIntake() throws Exception {
        expectIntake(0);

        Message answer = post("application/json", null, null, TASK);

        MockEndpoint.assertIsSatisfied(context);
        assertProblem(answer, 401, "Unauthorized");
        assertThat(answer.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"kortana\"");
        assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo("Authorization");
    }

    @Test
    void answersAKeyWithoutTheSubmitterRoleWith403AndNothingReachesIntake() throws Exception {
        expectIntake(0);

        Message answer = post("application/json", APPROVER_KEY, null, TASK);

        MockEndpoint.assertIsSatisfied(context);
        assertProblem(answer, 403, "Forbidden");
        assertThat(json(answer).path("errors").get(0).path("fix").asText()).isEqualTo("use a key with role submitter");
    }

    @Test
    void answersATaskForAnotherTenantRefusedByIntakeWith403() {
        intake.fails(() -> ApiAccess.Denied.forbidden("key 'acme-ci' submits for tenant acme only",
                new FieldProblem("/tenant", "'globex' is not the tenant of this key", "leave tenant out")));

        String forGlobex = "{\"goal\":\"check stock\",\"tenant\":\"globex\"}";

        Message answer = post("application/json", SUBMITTER_KEY, null, forGlobex);

        assertProblem(answer, 403, "Forbidden");
        assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo("/tenant");
    }

    @Test
    void answersAnyOtherFailureWith503ProblemJsonSayingNothingWasAccepted() {
        intake.fails(() -> new StoreUnavailableException(new SQLException("connection refused", "08001")));

        Message answer = post("application/json", SUBMITTER_KEY, "order-7", TASK);

        assertProblem(answer, 503, "Service unavailable");
        assertThat(json(answer).path("detail").asText()).contains("StoreUnavailableException")
                .contains("nothing was accepted, retry with the same id")
                .doesNotContain("connection refused");
    }

    private Message post(String contentType, String key, String idempotencyKey, String body) {
        Exchange done = template.request(SUBMIT, e -> {
            Message in = e.getMessage();
            in.setHeader(Exchange.HTTP_METHOD, "POST");
            in.setHeader(Exchange.HTTP_PATH, "/api/tasks");
            in.setHeader(Exchange.CONTENT_TYPE, contentType);
            if (key != null) {
                in.setHeader("Authorization", "Bearer " + key);
            }
            if (idempotencyKey != null) {
                in.setHeader("Idempotency-Key", idempotencyKey);
            }
            in.setBody(body.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(done.getException()).as("every failure is answered, none escapes the route").isNull();
        return done.getMessage();
    }

    private void expectIntake(int count) {
        MockEndpoint endpoint = getMockEndpoint(INTAKE);
        endpoint.expectedMessageCount(count);
        endpoint.setSleepForEmptyTest(0); // the request has been answered by now
    }

    private static void assertProblem(Message answer, int status, String title) {
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(status);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
        JsonNode problem = json(answer);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isEqualTo(title);
        assertThat(problem.path("instance").asText()).isEqualTo("/api/tasks");
    }

    private static JsonNode json(Message answer) {
        try {
            return Json.MAPPER.readTree(answer.getBody(String.class));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.getBody(String.class), e);
        }
    }

    /** A store holding no task, so admission counts every submission against the tenant. */
    private static final class NoStoredTasks extends TaskStore {
        NoStoredTasks() {
            super(null);
        }

        @Override
        public Optional<TaskRecord> find(String tenant, String id) {
            return Optional.empty();
        }
    }
}
