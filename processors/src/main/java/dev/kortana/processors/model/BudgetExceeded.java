package dev.kortana.processors.model;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;

/** No capable model fits in what the task, its tenant or the installation may still spend today. */
public class BudgetExceeded extends PermanentFailure {

    public static final String CODE = "BUDGET_EXCEEDED";

    public BudgetExceeded(String detail) {
        super(TaskStatus.FAILED, CODE + ": " + detail);
    }
}
