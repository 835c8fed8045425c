package dev.kortana.processors.prompts;

import java.util.List;

/** Where {@link PromptBook} reads the versions that may run and records which one a task used. */
public interface PromptSource {

    /** The versions a model may receive now: every active and canary version. */
    List<PromptVersion> live();

    /** Notes on the task that it used {@code version} of {@code name}, so that its outcome is counted for that version. */
    void recordUse(String taskId, String name, int version);
}
