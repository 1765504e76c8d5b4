package io.vippair.emulator;

import io.vippair.emulator.Model.Task;
import io.vippair.emulator.Model.TaskStatus;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asynchronous tasks of one part of the VPC (ENI IPs, HAVIPs) and the resources each running
 * task holds: a second change of a held resource is refused with the cloud's mutex error, as
 * Tencent does. Finished tasks stay answerable up to {@link #MAX_FINISHED}. Not thread-safe: the
 * owner's lock guards it.
 */
final class TaskBook {
    static final int MAX_FINISHED = 10_000;

    private final Map<String, String> busy = new HashMap<>();
    private final LinkedHashMap<String, Task> tasks = new LinkedHashMap<>();

    /** Refuses (MutexOperationTaskRunning) when a running task holds one of the resources. */
    void requireIdle(String... resourceIds) {
        for (String id : resourceIds) {
            String running = busy.get(id);
            if (running != null) {
                throw new CloudError("UnsupportedOperation.MutexOperationTaskRunning", "Task " + running
                        + " is still running on " + id + "; retry after it finishes.");
            }
        }
    }

    /** Records a started task holding the resources; forgets the oldest finished tasks beyond the limit. */
    void begin(Task task, String... resourceIds) {
        for (String id : resourceIds) {
            busy.put(id, task.id());
        }
        tasks.put(task.id(), task);
        int excess = tasks.size() - MAX_FINISHED;
        for (Iterator<Task> it = tasks.values().iterator(); excess > 0 && it.hasNext(); ) {
            if (it.next().status() != TaskStatus.RUNNING) {
                it.remove();
                excess--;
            }
        }
    }

    Task get(String taskId) {
        return tasks.get(taskId);
    }

    /** The task if it is still running, else null (already ended, or unknown). */
    Task running(String taskId) {
        Task t = tasks.get(taskId);
        return t != null && t.status() == TaskStatus.RUNNING ? t : null;
    }

    /** Ends a running task and frees what it held. */
    void end(Task task, boolean fail) {
        busy.values().removeIf(task.id()::equals);
        tasks.put(task.id(), fail ? task.finished(TaskStatus.FAILED, "FAILED: injected task failure")
                : task.finished(TaskStatus.SUCCESS, "SUCCESS"));
    }

    List<Task> all() {
        return List.copyOf(tasks.values());
    }

    List<String> runningIds() {
        return tasks.values().stream().filter(t -> t.status() == TaskStatus.RUNNING).map(Task::id).toList();
    }
}
