package io.vippair.operator.cloud;

/**
 * A cloud call that failed for good: not retryable, or retries exhausted. The message names the
 * action and the cloud's error code and never contains credentials.
 */
public class CloudException extends Exception {

  /** What kind of failure, so the controller can choose a condition and whether to retry later. */
  public enum Kind {
    /** AuthFailure.*: bad or expired credentials, skewed clock. */
    AUTH,
    /** UnauthorizedOperation.*: the key may not do this. */
    UNAUTHORIZED,
    /** InvalidParameter*, MissingParameter, UnsupportedOperation (other than mutex): a request we must not repeat. */
    INVALID_REQUEST,
    /** ResourceNotFound: an ENI or IP does not exist. */
    NOT_FOUND,
    /** Throttling that outlasted the retries. */
    THROTTLED,
    /** I/O errors, timeouts, InternalError, mutex-task-running that outlasted the retries. */
    TRANSIENT,
    /** The answer was not in the Tencent shape. */
    MALFORMED_RESPONSE
  }

  private final Kind kind;
  private final String action;
  private final String errorCode;
  private final String requestId;

  public CloudException(Kind kind, String action, String errorCode, String message, String requestId, Throwable cause) {
    super(action + " failed: " + errorCode + ": " + message, cause);
    this.kind = kind;
    this.action = action;
    this.errorCode = errorCode;
    this.requestId = requestId;
  }

  public Kind kind() { return kind; }
  public String action() { return action; }
  /** The cloud's error code, or IOError / Timeout / MalformedResponse. */
  public String errorCode() { return errorCode; }
  /** The cloud's RequestId of the failed call, or null. */
  public String requestId() { return requestId; }

  /** Whether the same call may succeed later without a change of spec or credentials. */
  public boolean retryableLater() {
    return kind == Kind.THROTTLED || kind == Kind.TRANSIENT || kind == Kind.MALFORMED_RESPONSE;
  }
}
