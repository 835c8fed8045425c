package dev.kortana.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.TaskContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator against the contract alone, without a server: fast, and the first place a finding shows. */
class HostileTasksTest {

    private final TaskContract contract = new TaskContract(262_144);

    @Test
    void theSameSeedGivesTheSameCases() {
        HostileTasks a = new HostileTasks(42, "x", 1_000_000, true);
        HostileTasks b = new HostileTasks(42, "x", 1_000_000, true);
        for (int i = 0; i < 500; i++) {
            FuzzCase left = a.next();
            FuzzCase right = b.next();
            assertThat(left.kind()).isEqualTo(right.kind());
            assertThat(left.body()).isEqualTo(right.body());
        }
    }

    @Test
    void everyJunkCaseIsRefusedNamingAPlaceAndEveryGoodOneIsReadExactlyAsSent() {
        long seed = Long.getLong("kortana.fuzz.seed", 20261125L);
        int cases = Integer.getInteger("kortana.fuzz.contract-cases", 6000);
        System.out.println("HostileTasksTest: -Dkortana.fuzz.seed=" + seed + " -Dkortana.fuzz.contract-cases=" + cases);
        HostileTasks generator = new HostileTasks(seed, "unit", 1_200_000, true);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < cases; i++) {
            FuzzCase c = generator.next();
            if (c.contentType() != null || c.idempotencyKey() != null) {
                continue; // HTTP headers, not the body, make these junk
            }
            String verdict = judge(c);
            counts.merge(c.kind() + " " + verdict, 1, Integer::sum);
            if (verdict.startsWith("WRONG")) {
                failures.add(verdict + " " + c.preview());
            }
        }
        counts.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    private String judge(FuzzCase c) {
        AgentTask task;
        try {
            task = contract.parse(c.body());
        } catch (ContractViolation e) {
            boolean named = !e.problems().isEmpty() && e.problems().stream().map(FieldProblem::field).allMatch(f -> f.startsWith("/"));
            if (!named) {
                return "WRONG (refused without naming a place: " + e.getMessage() + ")";
            }
            return c.expect() == FuzzCase.Expect.ACCEPT ? "WRONG (good task refused: " + e.getMessage() + ")" : "refused";
        } catch (RuntimeException | StackOverflowError e) {
            return "WRONG (" + e + ")";
        }
        if (c.expect() == FuzzCase.Expect.REJECT) {
            return "WRONG (junk accepted)";
        }
        JsonNode sent = AsSent.read(c.body());
        List<String> changed = AsSent.differences(sent, Json.MAPPER.valueToTree(task));
        return changed.isEmpty() ? "accepted" : "WRONG (changed: " + changed + ")";
    }
}
