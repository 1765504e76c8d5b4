package io.vippair.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VipPair;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One PATCH per report, straight to the bare {@code .../vippairs/NAME/status} path (no query
 * string: the mock API server treats a /status PATCH with one as a main-resource patch), through
 * fabric8's HTTP client so its authentication (token refresh, client certificates) applies.
 * fabric8's own status patch helpers first GET the object: two requests instead of one.
 */
public final class KubernetesStatusPatcher implements StatusPatcher {
  private final HttpClient http;
  private final String baseUrl;

  public KubernetesStatusPatcher(KubernetesClient client) {
    this.http = client.getHttpClient();
    String master = client.getMasterUrl().toString();
    this.baseUrl = master.endsWith("/") ? master : master + "/";
  }

  @Override
  public int patchStatus(PairKey pair, String mergePatchJson, Duration timeout) throws IOException {
    String url = baseUrl + "apis/" + VipPair.GROUP + "/" + VipPair.VERSION + "/namespaces/" + pair.namespace()
        + "/vippairs/" + pair.name() + "/status";
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(url)
        .method("PATCH", "application/merge-patch+json", mergePatchJson)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
    var answer = http.sendAsync(request, String.class);
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).code();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
