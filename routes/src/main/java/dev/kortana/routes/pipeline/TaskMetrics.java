package dev.kortana.routes.pipeline;

import dev.kortana.contracts.StepResult;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.processors.store.AcceptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;

/**
 * Kor'tana's own meters, next to Camel's route meters on {@code /observe/metrics}: tasks accepted per channel,
 * tasks ended per status and channel, policy decisions by effect, stage durations, tool calls per tool and outcome with
 * their durations, and how fresh memory is.
 */
public class TaskMetrics {

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public TaskMetrics(CamelContext context) {
        this.context = context;
    }

    public void accepted(AcceptResult result, String channel) {
        Counter.builder("kortana.tasks.accepted").description("Tasks offered on a channel, by what intake made of them")
                .tag("channel", channel).tag("result", result.kind().name().toLowerCase(Locale.ROOT))
                .register(registry()).increment();
    }

    /** An inbox file the file channel did not take, by reason (not-json, name-too-long, not-utf8, …). */
    public void inboxSkipped(String reason) {
        Counter.builder("kortana.inbox.skipped").description("Inbox files refused or ignored by name or kind")
                .tag("reason", reason)
                .register(registry()).increment();
    }

    public void finished(TaskRun run) {
        var context = run.context();
        MeterRegistry meters = registry();
        Counter.builder("kortana.tasks.finished").description("Tasks that reached a terminal status")
                .tag("status", context.status().name()).tag("channel", context.source().channel().name())
                .register(meters).increment();
        // The policy's last decisions for the task (a resumed task is decided again; its last run's count).
        context.decisions().forEach(d -> Counter.builder("kortana.policy.decisions")
                .description("Policy decisions on the steps of ended tasks, by effect and rule")
                .tag("effect", d.effect().name()).tag("rule", d.ruleId() == null ? "none" : d.ruleId())
                .register(meters).increment());
        for (StepResult step : context.steps()) {
            Timer.builder("kortana.step.duration").description("Tool calls, by tool and how they ended")
                    .tag("tool", step.tool()).tag("status", step.status().name())
                    .register(meters).record(Duration.ofMillis(step.durationMs()));
        }
    }

    /** One pipeline stage of one task's run, and whether it ended in a failure. */
    public void stage(String stage, Duration took, boolean failed) {
        Timer.builder("kortana.stage.duration").description("Pipeline stages, by stage and whether they failed")
                .tag("stage", stage).tag("outcome", failed ? "failed" : "ok")
                .register(registry()).record(took);
    }

    /** How long a task's new knowledge took, from the end of its validation, to be retrievable (stored and indexed). */
    public void memoryFreshness(Duration took) {
        Timer.builder("kortana.memory.freshness")
                .description("From a task's validated result to its new knowledge being retrievable")
                .publishPercentileHistogram()
                .register(registry()).record(took);
    }

    /** Camel binds its Prometheus registry while starting; before that (or without it) meters go nowhere visible. */
    private MeterRegistry registry() {
        if (registry == null) {
            MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = found != null ? found : new SimpleMeterRegistry();
        }
        return registry;
    }
}
