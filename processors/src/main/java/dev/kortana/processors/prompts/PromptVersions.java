package dev.kortana.processors.prompts;

import java.util.List;
import java.util.Optional;

/** The stored versions of the prompt templates and the changes of their status; see {@link PromptReviews}. */
public interface PromptVersions {

    /** A change of status: {@code version} as it is now, and the version it displaced or restored, if any. */
    record Change(PromptVersion version, PromptVersion other) {}

    List<PromptVersion> all();

    List<PromptVersion> versions(String name);

    Optional<PromptVersion> find(String name, int version);

    PromptVersion propose(String name, String text, String source, String proposedBy, String reason, Double canaryShare,
            int maxPending);

    Change approve(String name, int version, String reviewer, String comment, Double share);

    PromptVersion reject(String name, int version, String reviewer, String comment);

    Change promote(String name, int version);

    Change rollback(String name);
}
