package dev.kortana.processors.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading tasks back: the inputs and plan args as stored, digit for digit, and no query for an id no task can have. */
class StoredTaskReadingTest {

    @Test
    void keepsDecimalsADoubleWouldRoundInInputsAndPlanArgs() {
        AgentTask task = TaskStore.readExactly("{\"goal\":\"g\",\"inputs\":{\"pi\":3.14159265358979323846264338327950288,"
                + "\"list\":[0.1000,-1.7976931348623157E+308]},\"plan\":[{\"tool\":\"t\",\"args\":{\"x\":2.50000000000000000001}}]}",
                AgentTask.class);
        PlanStep[] plan = TaskStore.readExactly("[{\"tool\":\"t\",\"args\":{\"x\":2.50000000000000000001,\"n\":3}}]", PlanStep[].class);

        assertThat(task.inputs().get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
        assertThat(task.inputs().get("list")).isEqualTo(List.of(new BigDecimal("0.1000"), new BigDecimal("-1.7976931348623157E+308")));
        assertThat(task.plan().get(0).args().get("x")).isEqualTo(new BigDecimal("2.50000000000000000001"));
        assertThat(plan[0].args()).containsEntry("x", new BigDecimal("2.50000000000000000001")).containsEntry("n", 3);
    }

    @Test
    void anIdWithANulIsNoTaskWithoutAskingTheDatabase() {
        // No database: PostgreSQL would refuse the NUL with an error, which the API answered as a 5xx for GET /api/tasks/a%00.
        assertThat(new TaskStore(null).find("acme", "con\u0000")).isEmpty();
        assertThat(new TaskStore(null).findInEveryTenant("con\u0000", 10)).isEmpty();
    }
}
