package dev.kortana.routes.pipeline;

import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import org.apache.camel.builder.RouteBuilder;

/**
 * The pipeline: plan → policy → execute (independent steps in parallel, each through the step gate) → validate → memory →
 * reflect → publish, one route per stage. A step waiting for a human parks the task after execute. A task is leased
 * before it runs and resumes from its checkpoints: a finished plan is not planned again, a completed step is not run
 * again, and a recorded outcome only needs publishing.
 */
public class PipelineRoute extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.PIPELINE)
                .routeId("pipeline")
                .routeConfigurationId(ErrorHandlingConfiguration.PIPELINE)
                .onCompletion()
                    // After every step of the last round has finished: a task waiting for a token is let go now.
                    .bean("taskDeferrals", "putAsideIfDeferred(${exchangeProperty." + Headers.RUN + "})")
                    .bean("taskFinisher", "release(${exchangeProperty." + Headers.TASK_ID + "})")
                .end()
                .removeHeaders("*") // the queue carries only the task id; channel headers stay with the channel
                // nor Camel's span of the intake that queued it: the run's spans continue the task's kept trace
                .removeProperty("tracing.activeSpan")
                .setProperty(Headers.TASK_ID, body())
                .bean("pipelineStart", "begin")
                .filter(body().isNotNull())
                    .setProperty(Headers.RUN, body())
                    .setProperty(Headers.TENANT, simple("${body.context().task().tenant()}"))
                    .choice()
                        .when(simple("${body.hasOutcome()}"))
                            .to(Endpoints.PUBLISH)
                        .otherwise()
                            // A task cancelled while it was put aside (rate limit) ends before it plans again.
                            .bean("stepGate", "checkCancelledOnResume")
                            .to(Endpoints.PLAN)
                            .to(Endpoints.POLICY)
                            .to(Endpoints.EXECUTE)
                            // A task parked for a human decision stops here; the decision queues it again.
                            .filter(method("stepGate", "proceeds"))
                                // A cancel that came while the last steps ran ends the task here, with their results.
                                .bean("stepGate", "checkCancelled")
                                .to(Endpoints.VALIDATE)
                                .to(Endpoints.MEMORY)
                                .to(Endpoints.REFLECT)
                                .to(Endpoints.PUBLISH)
                            .end()
                    .end()
                .end();

        stage(Endpoints.PLAN, "pipeline-plan", "planStage", "plan");
        stage(Endpoints.POLICY, "pipeline-policy", "policyStage", "check");

        from(Endpoints.EXECUTE)
                .routeId("pipeline-execute")
                .routeConfigurationId(ErrorHandlingConfiguration.PIPELINE)
                .bean("executeStage", "begin")
                // Steps whose dependencies are done run side by side on the tool pool; then the next ones.
                .loopDoWhile(method("executeStage", "hasPendingSteps"))
                    .bean("stepGate", "checkCancelled")
                    .bean("stepGate", "checkRejected")
                    // synchronous(): the pipeline worker waits for its task's steps, so kortana.pipeline.workers still
                    // bounds how many tasks are in progress (a parallel split would otherwise hand the task off).
                    // No stopOnException: it would let the task move on while sibling steps still run. Beside a throttled
                    // step the others of the round run and are kept, and no new round starts. Once a step failed the gate
                    // starts nothing more; running ones finish, but the failure has already ended the task from inside the
                    // split, so their checkpoints are refused (see ARCHITECTURE.md).
                    .split(method("executeStage", "readySteps")).parallelProcessing().executorService("toolWorkers")
                            .synchronous()
                        // The policy's last word on each step: an escalated step runs only with a matching approval.
                        .filter(method("stepGate", "admit"))
                            .bean("executeStage", "runStep")
                        .end()
                    .end()
                    .bean("stepGate", "parkIfWaiting")
                .end();

        stage(Endpoints.VALIDATE, "pipeline-validate", "validateStage", "validate");
        stage(Endpoints.MEMORY, "pipeline-memory", "memoryStage", "remember");
        stage(Endpoints.REFLECT, "pipeline-reflect", "reflectStage", "reflect");
    }

    private void stage(String endpoint, String routeId, String bean, String method) {
        from(endpoint)
                .routeId(routeId)
                .routeConfigurationId(ErrorHandlingConfiguration.PIPELINE)
                .bean(bean, method);
    }
}
