package io.vippair.operator.cloud;

/** The state of an asynchronous cloud task. */
public sealed interface TaskState {
  record Running() implements TaskState {}

  record Succeeded() implements TaskState {}

  /** The cloud says the task failed; message is the cloud's (no secrets). */
  record Failed(String message) implements TaskState {}

  /** The cloud does not know the task id (expired or never existed). */
  record NotFound() implements TaskState {}
}
