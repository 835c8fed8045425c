package dev.kortana.processors.prompts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt texts the stages send: for each template its active version, or its canary version for the tasks whose
 * bucket falls within the canary's share. The live versions are held in memory and re-read by {@link #refresh()} (a
 * timer, and at once after a change made through this instance), so a choice costs no read; the choice is recorded on
 * the task, whose outcome is then counted for that version. A proposed version is never live, so never chosen.
 */
public class PromptBook {

    private record Live(PromptVersion active, PromptVersion canary) {}

    private final PromptSource source;
    private volatile Map<String, Live> live;

    public PromptBook(PromptSource source) {
        this.source = source;
        refresh();
    }

    /** A book of the shipped texts alone, recording nothing: for tests and tools that run without a database. */
    public static PromptBook shipped() {
        List<PromptVersion> versions = ShippedPrompts.NAMES.stream().map(n -> new PromptVersion(n, 1, ShippedPrompts.text(n),
                PromptVersion.ACTIVE, null, "release", "kortana", "shipped", null, null, null, null, null, null, null, null,
                PromptVersion.Stats.NONE)).toList();
        return new PromptBook(new PromptSource() {
            @Override
            public List<PromptVersion> live() {
                return versions;
            }

            @Override
            public void recordUse(String taskId, String name, int version) {
                // nothing to count without a database
            }
        });
    }

    /**
     * The text of template {@code name} for task {@code taskId}, recorded on the task. The same task always gets the
     * same version while the live versions stay the same.
     */
    public PromptChoice choose(String name, String taskId) {
        Live slot = live.get(name);
        if (slot == null || slot.active() == null) {
            // Start-up seeds every template, so this is a database edited by hand: the shipped text keeps tasks running.
            return new PromptChoice(name, 1, ShippedPrompts.text(name), false);
        }
        boolean canary = slot.canary() != null && taskId != null && inCanary(name, taskId, slot.canary().canaryShare());
        PromptVersion chosen = canary ? slot.canary() : slot.active();
        if (taskId != null) {
            source.recordUse(taskId, name, chosen.version());
        }
        return new PromptChoice(name, chosen.version(), chosen.text(), canary);
    }

    /** Reads the live versions again; returns how many there are. On a failure the versions read before stay in force. */
    public int refresh() {
        Map<String, Live> next = new HashMap<>();
        List<PromptVersion> versions = source.live();
        for (PromptVersion v : versions) {
            Live slot = next.getOrDefault(v.name(), new Live(null, null));
            next.put(v.name(), v.is(PromptVersion.CANARY) ? new Live(slot.active(), v) : v.is(PromptVersion.ACTIVE)
                    ? new Live(v, slot.canary()) : slot);
        }
        live = Map.copyOf(next);
        return versions.size();
    }

    /**
     * Whether task {@code taskId} gets the canary of {@code name} at {@code share}: its bucket, a number in [0, 1) from
     * SHA-256 of the name and the task id, is below the share. The name is part of the hash so that the canaries of
     * two templates reach different tasks and their statistics do not mix.
     */
    public static boolean inCanary(String name, String taskId, double share) {
        return bucket(name, taskId) < share;
    }

    static double bucket(String name, String taskId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + '\0' + taskId).getBytes(StandardCharsets.UTF_8));
            long high = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (digest[i] & 0xff);
            }
            return (high >>> 11) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
