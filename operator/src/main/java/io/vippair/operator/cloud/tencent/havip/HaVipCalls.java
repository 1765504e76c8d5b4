package io.vippair.operator.cloud.tencent.havip;

import com.google.gson.JsonObject;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.profile.ClientProfile;
import io.vippair.common.Backoff;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.tencent.SdkClients;
import io.vippair.operator.cloud.tencent.CloudErrors;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The HAVIP calls of the VPC API, typed. vpc 3.1.667 lacks AssociateHaVipInstance,
 * DisassociateHaVipInstance and the HaVip fields that say where the binding is and may go
 * (FlushedTime, HaVipAssociationSet, CheckAssociate), so every call goes through the SDK common
 * module's generic {@link CommonClient#call} with a JSON body: the same TC3 signing and HTTP
 * client as the generated clients.
 *
 * <p>Each request first waits for its (account, region, action) pace (Tencent: 20/s for HAVIP
 * calls and for DescribeVpcTaskResult). Failures are classified by {@link CloudErrors}. Reads are
 * retried with backoff while the failure is retryable; changes are retried only when throttled
 * (the cloud refused them unseen), because after a timeout or a mutex conflict the change may have
 * happened: the caller re-observes before sending it again.
 */
public final class HaVipCalls {
  /** DescribeHaVips' maximum for HaVipIds and for Limit; also used for Filter values. */
  public static final int PAGE = 100;
  public static final String DESCRIBE = "DescribeHaVips";
  public static final String ASSOCIATE_INSTANCE = "AssociateHaVipInstance";
  public static final String DISASSOCIATE_INSTANCE = "DisassociateHaVipInstance";
  public static final String ASSOCIATE_EIP = "HaVipAssociateAddressIp";
  public static final String DISASSOCIATE_EIP = "HaVipDisassociateAddressIp";
  public static final String TASK_RESULT = "DescribeVpcTaskResult";
  private static final int MAX_PAGES = 100;
  private static final int MAX_CLIENTS = 64;

  /** Sleeps; a seam so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    void sleepNanos(long nanos) throws InterruptedException;
  }

  /**
   * @param hostForRegion the API host ("host:port") for a region, e.g. {@code r -> "vpc.tencentcloudapi.com"}
   * @param protocol "https://" or, for the emulator, "http://"
   * @param perSecond requests per second per (account, region, action)
   * @param maxAttempts attempts per call, at least 1
   */
  public record Settings(Function<String, String> hostForRegion, String protocol, Duration connectTimeout,
      Duration readTimeout, double perSecond, int maxAttempts, Backoff backoff) {

    public Settings {
      Objects.requireNonNull(hostForRegion, "hostForRegion");
      if (!"https://".equals(protocol) && !"http://".equals(protocol)) {
        throw new IllegalArgumentException("protocol must be https:// or http://, got " + protocol);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
    }

    /** Tencent's limits, 5 attempts, 200 ms..5 s full-jitter backoff. */
    public static Settings defaults(Function<String, String> hostForRegion, String protocol) {
      return new Settings(hostForRegion, protocol, Duration.ofSeconds(5), Duration.ofSeconds(10), 20, 5,
          Backoff.withFullJitter(Duration.ofMillis(200), Duration.ofSeconds(5)));
    }
  }

  private record ClientKey(CloudCredentials credentials, String region, String host) {}

  private final Settings settings;
  private final ActionPacer pacer;
  private final Sleeper sleeper;
  private final Map<ClientKey, CommonClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ClientKey, CommonClient> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  public HaVipCalls(Settings settings) {
    this(settings, System::nanoTime, Sleeper.SYSTEM);
  }

  HaVipCalls(Settings settings, LongSupplier nanoTime, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pacer = new ActionPacer(settings.perSecond(), nanoTime);
    this.sleeper = sleeper;
  }

  /** The HAVIPs with these ids, in requests of at most 100 ids; ids the cloud does not know are left out. */
  public List<HaVipFacts> describeHaVips(CloudAccount account, Collection<String> haVipIds) throws CloudException {
    List<HaVipFacts> out = new ArrayList<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(haVipIds));
    for (int i = 0; i < ids.size(); i += PAGE) {
      JsonObject body = HaVipJson.idsRequest(ids.subList(i, Math.min(ids.size(), i + PAGE)), PAGE);
      out.addAll(send(account, DESCRIBE, body, true, HaVipJson::haVips));
    }
    return out;
  }

  /** The HAVIPs of {@code vpcId} with these addresses (Filters vpc-id and vip, 100 values a request, paged). */
  public List<HaVipFacts> describeHaVipsByAddress(CloudAccount account, String vpcId, Collection<String> vips)
      throws CloudException {
    List<HaVipFacts> out = new ArrayList<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(vips));
    for (int i = 0; i < all.size(); i += PAGE) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + PAGE));
      for (int page = 0; page < MAX_PAGES; page++) {
        Map.Entry<List<HaVipFacts>, Integer> answer = send(account, DESCRIBE,
            HaVipJson.addressRequest(vpcId, chunk, page * PAGE, PAGE), true,
            r -> Map.entry(HaVipJson.haVips(r), HaVipJson.totalCount(r)));
        List<HaVipFacts> found = answer.getKey();
        out.addAll(found);
        if (found.isEmpty() || (page + 1) * PAGE >= answer.getValue()) {
          break;
        }
      }
    }
    return out;
  }

  /** Adds instances to the HAVIP's drift scope (only they may claim it). Returns the RequestId. */
  public String associateInstances(CloudAccount account, String haVipId, List<HaVipMember> members)
      throws CloudException {
    return change(account, ASSOCIATE_INSTANCE, HaVipJson.associationRequest(haVipId, members));
  }

  /** Removes instances from the HAVIP's drift scope. Returns the RequestId. */
  public String disassociateInstances(CloudAccount account, String haVipId, List<HaVipMember> members)
      throws CloudException {
    return change(account, DISASSOCIATE_INSTANCE, HaVipJson.associationRequest(haVipId, members));
  }

  /** Binds an EIP (by address) to the HAVIP; asynchronous: returns the task id for {@link #taskResult}. */
  public String associateEip(CloudAccount account, String haVipId, String addressIp) throws CloudException {
    JsonObject body = new JsonObject();
    body.addProperty("HaVipId", haVipId);
    body.addProperty("AddressIp", addressIp);
    return change(account, ASSOCIATE_EIP, body);
  }

  /** Unbinds the HAVIP's EIP; asynchronous: returns the task id. */
  public String disassociateEip(CloudAccount account, String haVipId) throws CloudException {
    JsonObject body = new JsonObject();
    body.addProperty("HaVipId", haVipId);
    return change(account, DISASSOCIATE_EIP, body);
  }

  /** The state of an asynchronous HAVIP task (the RequestId of the call that started it). */
  public TaskState taskResult(CloudAccount account, String taskId) throws CloudException {
    JsonObject body = new JsonObject();
    body.addProperty("TaskId", taskId);
    try {
      return send(account, TASK_RESULT, body, true, HaVipJson::taskState);
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        return new TaskState.NotFound();
      }
      throw e;
    }
  }

  private String change(CloudAccount account, String action, JsonObject body) throws CloudException {
    return send(account, action, body, false, HaVipJson::requestId);
  }

  /**
   * One call with pacing and retries; {@code parse} reads the Response object inside the same
   * classification, so an answer of the wrong shape is MALFORMED_RESPONSE, never a stray exception.
   */
  private <T> T send(CloudAccount account, String action, JsonObject body, boolean idempotent,
      Function<JsonObject, T> parse) throws CloudException {
    CommonClient client = client(account);
    CloudCredentials c = account.credentials();
    for (int attempt = 1; ; attempt++) {
      pause(pacer.reserve(c.secretId() + "/" + account.region() + "/" + action), action);
      CloudException failure;
      try {
        return parse.apply(HaVipJson.response(client.call(action, body.toString())));
      } catch (Exception e) {
        failure = CloudErrors.asException(action, e, text -> redact(text, c));
      }
      boolean again = idempotent ? failure.retryableLater() : failure.kind() == CloudException.Kind.THROTTLED;
      if (!again || attempt >= settings.maxAttempts()) {
        throw failure;
      }
      pause(settings.backoff().delay(attempt).toNanos(), action);
    }
  }

  private void pause(long nanos, String action) throws CloudException {
    if (nanos <= 0) {
      return;
    }
    try {
      sleeper.sleepNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudException.Kind.TRANSIENT, action, "Interrupted", "interrupted while waiting", null, null);
    }
  }

  private static String redact(String text, CloudCredentials c) {
    if (text == null) {
      return null;
    }
    String out = text.replace(c.secretKey(), "***");
    return c.token() == null ? out : out.replace(c.token(), "***");
  }

  private synchronized CommonClient client(CloudAccount account) {
    String host = settings.hostForRegion().apply(account.region());
    return clients.computeIfAbsent(new ClientKey(account.credentials(), account.region(), host), key -> {
      ClientProfile profile = SdkClients.profile(host, settings.protocol(), settings.connectTimeout(),
          settings.readTimeout(), settings.readTimeout());
      return new CommonClient("vpc", "2017-03-12", SdkClients.credential(key.credentials()), key.region(), profile);
    });
  }

}
