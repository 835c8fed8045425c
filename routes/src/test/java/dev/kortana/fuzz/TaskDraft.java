package dev.kortana.fuzz;

import java.util.ArrayList;
import java.util.List;

/** A task being written: the top object, its constraints and plan steps, each open to mutation before {@link #text}. */
final class TaskDraft {

    final RawObject top;
    RawObject constraints;
    List<RawObject> steps;

    TaskDraft(RawObject top, RawObject constraints, List<RawObject> steps) {
        this.top = top;
        this.constraints = constraints;
        this.steps = steps == null ? null : new ArrayList<>(steps);
    }

    /** The object of a place by name: {@code top}, {@code constraints} or {@code step} (the first step). */
    RawObject object(String place) {
        return switch (place) {
            case "constraints" -> constraints == null ? (constraints = new RawObject()) : constraints;
            case "step" -> {
                if (steps == null || steps.isEmpty()) {
                    steps = new ArrayList<>(List.of(new RawObject().put("tool", "\"memory.search\"")
                            .put("args", "{\"query\":\"fuzz\"}")));
                }
                yield steps.get(0);
            }
            default -> top;
        };
    }

    String text() {
        RawObject out = top.copy();
        if (constraints != null) {
            out.put("constraints", constraints.toString());
        }
        if (steps != null) {
            out.put("plan", RawObject.Json.array(steps.stream().map(RawObject::toString).toList()));
        }
        return out.toString();
    }
}
