package dev.kortana.processors.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a policies.yaml, so that all of it is reported at once. */
final class Problems {

    private final List<String> found = new ArrayList<>();

    /** Records a problem as "{@code where}: {@code field}: {@code problem}; {@code fix}". */
    void add(String where, String field, String problem, String fix) {
        StringBuilder text = new StringBuilder(where);
        if (field != null && !field.isEmpty()) {
            text.append(where.isEmpty() ? "" : ": ").append(field);
        }
        found.add(text.append(": ").append(problem).append("; ").append(fix).toString());
    }

    int count() {
        return found.size();
    }

    List<String> all() {
        return List.copyOf(found);
    }
}
