package dev.kortana.routes.ingest;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskSource;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.Intake;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.processors.pipeline.InFlightTasks;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.DataRejectedException;
import dev.kortana.routes.Headers;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.TenantAdmission;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Reads the channel headers, validates the body and accepts the task; the body becomes the {@link AcceptResult}. */
public class IntakeProcessor implements Processor {

    private final TaskContract contract;
    private final Intake intake;
    private final InFlightTasks inFlight;
    private final TenantAdmission admission;

    public IntakeProcessor(TaskContract contract, Intake intake, InFlightTasks inFlight, TenantAdmission admission) {
        this.admission = admission;
        this.contract = contract;
        this.intake = intake;
        this.inFlight = inFlight;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        // An API caller's task belongs to the caller's tenant; file and Kafka tasks keep the tenant they name.
        Principal caller = exchange.getProperty(Headers.PRINCIPAL, Principal.class);
        AgentTask task = contract.parse(in.getBody(byte[].class), caller == null ? null : caller.ownTenant());
        if (caller != null && !caller.seesTenant(task.tenant())) {
            throw ApiAccess.Denied.forbidden("key '" + caller.keyId() + "' submits for tenant " + caller.tenant() + " only",
                    new FieldProblem("/tenant", "'" + task.tenant() + "' is not the tenant of this key",
                            "leave tenant out, or set it to " + caller.tenant() + "; only an all-tenants admin key submits for others"));
        }
        TaskSource source = new TaskSource(Channel.valueOf(in.getHeader(Headers.CHANNEL, String.class)),
                in.getHeader(Headers.SOURCE_REF, String.class), in.getHeader(Headers.REPLY_KEY, String.class),
                // the intake's span (under the channel's, which took the caller's traceparent): every run continues it
                TaskTraces.currentParent());
        if (source.channel() == Channel.HTTP) {
            admission.admit(task, in.getHeader(Headers.FALLBACK_ID, String.class));
        }
        AcceptResult result;
        try {
            result = intake.accept(task, in.getHeader(Headers.FALLBACK_ID, String.class), source);
        } catch (DataRejectedException e) {
            throw ContractViolation.of("/", "the database refused the task: " + e.getMessage(),
                    "check the task for values PostgreSQL cannot store");
        }
        if (result.kind() == AcceptResult.Kind.CONFLICT) {
            throw new IdConflict(result.taskId());
        }
        if (result.kind() == AcceptResult.Kind.CREATED) {
            inFlight.hold(result.key());
        }
        in.setBody(result);
    }

    /** The id is taken by a task with another body. HTTP answers 409; files and records are rejected. */
    public static class IdConflict extends ContractViolation {
        public IdConflict(String taskId) {
            super(java.util.List.of(new FieldProblem("/id",
                    "task id '" + taskId + "' is already used by a task with a different body",
                    "use a new id for a new task, or resend exactly the original body to look the task up")));
        }
    }
}
