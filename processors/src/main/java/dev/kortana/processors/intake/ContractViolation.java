package dev.kortana.processors.intake;

import java.util.List;
import java.util.stream.Collectors;

/** Input that does not meet the AgentTask contract. Never retried: the same input would fail the same way. */
public class ContractViolation extends RuntimeException {

    private final List<FieldProblem> problems;

    public ContractViolation(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.problem()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public static ContractViolation of(String field, String problem, String fix) {
        return new ContractViolation(List.of(new FieldProblem(field, problem, fix)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
