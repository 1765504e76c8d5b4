package io.vippair.common.logging;

import java.util.Map;

/**
 * A log argument that also names fields of the JSON line: {@code log.info("{}: healthy", pair)}
 * with a pair key that implements this gives the line {@code namespace} and {@code pair} fields,
 * as the operator's reconcile MDC does, without every call site managing the MDC. The text format
 * shows only the argument's {@code toString()}.
 */
public interface LogFields {
  /** The fields, e.g. namespace and pair; their names follow {@link JsonLine}'s. */
  Map<String, String> logFields();
}
