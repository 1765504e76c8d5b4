package io.vippair.operator.cloud;

/**
 * A started asynchronous cloud change.
 *
 * @param taskId the id to poll with {@link CloudPort#taskState}; Tencent uses the RequestId
 */
public record TaskHandle(String taskId) {}
