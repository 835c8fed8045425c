package dev.kortana.bench;

import java.io.IOException;

/** How the harness hands Kor'tana a task: POST /api/tasks, or a record on kortana.tasks. */
interface TaskSubmitter {

    /** Submits one task; the answer's status is 202 with the task's id when it was taken. */
    TaskApiClient.Submission submit(String goal, String plan) throws IOException, InterruptedException;
}
