package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudException;

import com.google.gson.JsonParseException;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * What a failed SDK call means: the kind, the code we report, whether an immediate retry may help
 * and whether the request may have taken effect anyway. Pure; the retry loop lives in {@link
 * TencentCloudPort}.
 */
public final class CloudErrors {

  /**
   * One failed attempt.
   *
   * @param retry an immediate retry (after backoff) may succeed
   * @param mayHaveTakenEffect the cloud may have executed the request (timeout, I/O error, 5xx,
   *     InternalError) or another task runs on the ENI (mutex): re-observe before re-sending a change
   * @param cause the I/O exception behind it, or null (SDK exceptions are not kept: see {@link #classify})
   */
  record Failure(CloudException.Kind kind, String code, String message, boolean retry,
      boolean mayHaveTakenEffect, String requestId, Throwable cause) {

    CloudException toException(String action, Redactor redactor) {
      return new CloudException(kind, action, code, redactor.redact(message), requestId, cause);
    }
  }

  private CloudErrors() {}

  /** The same classification for callers outside this package (the HAVIP calls); {@code redact} removes secrets. */
  public static CloudException asException(String action, Throwable t, java.util.function.UnaryOperator<String> redact) {
    Failure f = classify(t);
    return new CloudException(f.kind(), action, f.code(), redact.apply(f.message()), f.requestId(), f.cause());
  }

  /**
   * Classifies what an SDK call threw. Only plain I/O exceptions are kept as causes: the SDK's own
   * exceptions carry nothing more than the code and message we copy.
   */
  static Failure classify(Throwable t) {
    if (t instanceof TencentCloudSDKException e) {
      String code = e.getErrorCode() == null ? "" : e.getErrorCode();
      if (code.isEmpty()) {
        return withoutCode(e);
      }
      return byCode(code, e.getMessage(), e.getRequestId());
    }
    if (t instanceof JsonParseException || t instanceof NullPointerException
        || t instanceof IllegalStateException || t instanceof ClassCastException
        || t instanceof UnsupportedOperationException) {
      // vpc 3.1.667 parses with Gson outside the SDK's try: a body without "Response" ends in an NPE
      return new Failure(CloudException.Kind.MALFORMED_RESPONSE, "MalformedResponse",
          "the answer was not a Tencent Cloud API response (" + t.getClass().getSimpleName() + ")",
          false, true, null, null);
    }
    if (t instanceof IOException io) {
      return ioFailure(io);
    }
    return new Failure(CloudException.Kind.TRANSIENT, "ClientError",
        "unexpected " + t.getClass().getSimpleName() + " in the SDK", false, true, null, null);
  }

  /** The SDK leaves the code empty for I/O errors (cause IOException) and unparsable bodies. */
  private static Failure withoutCode(TencentCloudSDKException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return ioFailure(io);
    }
    if (cause instanceof JsonParseException || e.getMessage() != null && e.getMessage().startsWith("json is not")) {
      return new Failure(CloudException.Kind.MALFORMED_RESPONSE, "MalformedResponse",
          "the answer was not valid JSON in the Tencent shape", false, true, null, null);
    }
    return new Failure(CloudException.Kind.TRANSIENT, "ClientError",
        "SDK failure without an error code", false, true, null, null);
  }

  private static Failure ioFailure(IOException io) {
    boolean timeout = io instanceof SocketTimeoutException || io instanceof InterruptedIOException;
    String code = timeout ? "Timeout" : "IOError";
    return new Failure(CloudException.Kind.TRANSIENT, code,
        io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage()),
        true, true, null, io);
  }

  /** The cloud refused a change because another task runs on one of its ENIs (or its HAVIP). */
  static boolean isTaskRunning(String code) {
    return "UnsupportedOperation.MutexOperationTaskRunning".equals(code) || "OperationDenied.MutexTaskRunning".equals(code);
  }

  static Failure byCode(String code, String message, String requestId) {
    String msg = message == null ? "" : message;
    if (code.startsWith("RequestLimitExceeded") || code.equals("LimitExceeded.ActionLimited")) {
      return new Failure(CloudException.Kind.THROTTLED, code, msg, true, false, requestId, null);
    }
    if (isTaskRunning(code)) {
      return new Failure(CloudException.Kind.TRANSIENT, code, msg, true, true, requestId, null);
    }
    if (code.startsWith("InternalError") || code.equals("ServerSideError")
        || code.equals("ServiceUnavailable") || code.equals("ResourceUnavailable")) {
      return new Failure(CloudException.Kind.TRANSIENT, code, msg, true, true, requestId, null);
    }
    if (code.startsWith("AuthFailure")) {
      return new Failure(CloudException.Kind.AUTH, code, msg, false, false, requestId, null);
    }
    if (code.startsWith("UnauthorizedOperation")) {
      return new Failure(CloudException.Kind.UNAUTHORIZED, code, msg, false, false, requestId, null);
    }
    if (code.startsWith("ResourceNotFound") || code.endsWith(".NotFound")) {
      return new Failure(CloudException.Kind.NOT_FOUND, code, msg, false, false, requestId, null);
    }
    // InvalidParameter*, MissingParameter, UnknownParameter, InvalidAction, UnsupportedOperation*,
    // LimitExceeded (a quota, not throttling), ResourceInUse, FailedOperation...: sending the same
    // request again cannot help
    return new Failure(CloudException.Kind.INVALID_REQUEST, code, msg, false, false, requestId, null);
  }
}
