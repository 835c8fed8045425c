package dev.kortana.processors.policy;

import java.util.List;

/**
 * A policies.yaml that cannot be used. Lists every problem found, each naming the rule (index and id), the field and
 * the fix, so one round of editing can fix them all.
 */
public class PolicyFileException extends IllegalArgumentException {

    private final String origin;
    private final List<String> problems;

    public PolicyFileException(String origin, List<String> problems) {
        super(message(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    /** The file the problems are in, as given to {@link PolicyBook#load}. */
    public String origin() {
        return origin;
    }

    /** One sentence per problem: where, which field, what is wrong and how to fix it. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        StringBuilder text = new StringBuilder(origin).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append(", nothing of the file is used:");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
