package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonSyntaxException;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import io.vippair.operator.cloud.CloudException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers are retried, which may have changed something, and which kind they become. */
class CloudErrorsTest {

  @ParameterizedTest
  @CsvSource({
      "RequestLimitExceeded,                        THROTTLED,        true,  false",
      "RequestLimitExceeded.UinLimitExceeded,       THROTTLED,        true,  false",
      "LimitExceeded.ActionLimited,                 THROTTLED,        true,  false",
      "LimitExceeded,                               INVALID_REQUEST,  false, false",
      "InternalError,                               TRANSIENT,        true,  true",
      "InternalError.ModuleError,                   TRANSIENT,        true,  true",
      "ServerSideError,                             TRANSIENT,        true,  true",
      "UnsupportedOperation.MutexOperationTaskRunning, TRANSIENT,     true,  true",
      "UnsupportedOperation,                        INVALID_REQUEST,  false, false",
      "AuthFailure.SignatureFailure,                AUTH,             false, false",
      "AuthFailure.SecretIdNotFound,                AUTH,             false, false",
      "UnauthorizedOperation.PrimaryIp,             UNAUTHORIZED,     false, false",
      "InvalidParameterValue.Malformed,             INVALID_REQUEST,  false, false",
      "MissingParameter,                            INVALID_REQUEST,  false, false",
      "ResourceNotFound,                            NOT_FOUND,        false, false",
  })
  void classifiesCloudCodes(String code, Kind kind, boolean retry, boolean mayHaveTakenEffect) {
    CloudErrors.Failure f = CloudErrors.classify(new TencentCloudSDKException("msg", "req-1", code));
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.code()).isEqualTo(code);
    assertThat(f.retry()).isEqualTo(retry);
    assertThat(f.mayHaveTakenEffect()).isEqualTo(mayHaveTakenEffect);
    assertThat(f.requestId()).isEqualTo("req-1");
  }

  @Test
  void ioErrorsAndTimeoutsAreRetriedAndAmbiguous() {
    CloudErrors.Failure timeout = CloudErrors.classify(new TencentCloudSDKException("", new SocketTimeoutException("timeout")));
    assertThat(timeout.code()).isEqualTo("Timeout");
    assertThat(timeout.retry()).isTrue();
    assertThat(timeout.mayHaveTakenEffect()).isTrue();
    CloudErrors.Failure refused = CloudErrors.classify(new TencentCloudSDKException("", new ConnectException("refused")));
    assertThat(refused.code()).isEqualTo("IOError");
    assertThat(refused.kind()).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void sdkCrashesOnBadBodiesAreMalformedResponses() {
    assertThat(CloudErrors.classify(new NullPointerException()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(CloudErrors.classify(new JsonSyntaxException("x")).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(CloudErrors.classify(new TencentCloudSDKException("json is not a valid representation", new JsonSyntaxException("x")))
        .kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void redactsTheKeyAndTokenFromEchoedMessages() {
    Redactor r = new Redactor(new CloudCredentials("AKIDx", "sekrit-key", "sekrit-token"));
    assertThat(r.redact("bad key sekrit-key with token sekrit-token for AKIDx")).isEqualTo("bad key *** with token *** for AKIDx");
  }
}
