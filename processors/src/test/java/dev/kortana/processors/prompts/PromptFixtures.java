package dev.kortana.processors.prompts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Prompt versions for tests, and a source that holds them in a list and records each use. */
final class PromptFixtures {

    private PromptFixtures() {}

    static PromptVersion version(String name, int version, String status, Double share, String text, String recent) {
        return new PromptVersion(name, version, text, status, share, "person", "ops", "test", null, null, null, null, null,
                null, null, null, new PromptVersion.Stats(recent.length(), 0, 0, 0, BigDecimal.ZERO, 0, recent));
    }

    static PromptVersion version(String name, int version, String status) {
        return version(name, version, status, status.equals(PromptVersion.CANARY) ? 0.25 : null, name + " text v" + version, "");
    }

    /** A source over a list the test may change; {@code failing} makes the next read fail. */
    static final class ListSource implements PromptSource {
        final List<PromptVersion> versions = new ArrayList<>();
        final List<String> uses = new ArrayList<>();
        boolean failing;

        @Override
        public List<PromptVersion> live() {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            return versions.stream().filter(v -> v.is(PromptVersion.ACTIVE) || v.is(PromptVersion.CANARY)).toList();
        }

        @Override
        public void recordUse(String taskId, String name, int version) {
            uses.add(taskId + " " + name + " v" + version);
        }
    }
}
