package dev.kortana.processors.intake;

import java.util.List;

/** The task is larger than {@code kortana.intake.max-bytes}; HTTP answers 413, the other channels reject it. */
public class TaskTooLarge extends ContractViolation {

    public TaskTooLarge(int size, int limit) {
        super(List.of(new FieldProblem("/", "the task is " + size + " bytes; the limit is " + limit,
                "send a smaller task, or raise kortana.intake.max-bytes")));
    }
}
