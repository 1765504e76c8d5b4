package io.vippair.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica does when it stops leading. On a deliberate stop (SIGTERM, a rolling update) it
 * gives the Lease back, so the standby takes it on its next try instead of waiting for the Lease
 * to expire. When leadership is lost while running (the Lease could not be renewed in time), it
 * exits the process, so a restarted replica can never act next to the new leader.
 *
 * <p>JOSDK's own exit-on-stop-leading cannot be used: it calls System.exit from the callback,
 * which on a deliberate stop runs inside the JVM's shutdown hook, where System.exit blocks
 * forever. Nor does JOSDK release the Lease on stop; this class does what fabric8's
 * release-on-cancel does, at the same point (the elector has stopped renewing, and JOSDK has
 * already stopped the controllers and waited for their reconciles).
 */
final class LeaderHandOver {
  private static final Logger log = LoggerFactory.getLogger(LeaderHandOver.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Kubernetes MicroTime, as Lease times are written. */
  private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private final KubernetesClient client;
  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final boolean exitOnLoss;
  private volatile boolean stopping;

  LeaderHandOver(KubernetesClient client, String namespace, String leaseName, String identity, boolean exitOnLoss) {
    this.client = client;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.identity = identity;
    this.exitOnLoss = exitOnLoss;
  }

  /** Called before the operator stops: leadership ending from now on is deliberate. */
  void stopping() {
    stopping = true;
  }

  /** The elector's stop-leading callback. */
  void stoppedLeading() {
    if (stopping) {
      release();
    } else if (exitOnLoss) {
      log.error("{} lost the Lease {}/{} while running; exiting so that only the new leader acts", identity, namespace, leaseName);
      // not on the elector's thread: exiting runs the shutdown hook, which stops the elector
      new Thread(() -> System.exit(1), "vippair-exit").start();
    }
  }

  /**
   * Clears the holder and shortens the Lease to 1 s, if this replica still holds it. (fabric8's
   * own release sends the cleared holder as an absent field of a merge patch, which leaves the
   * holder in place; the standby would then wait out the shortened Lease.) The patch carries the
   * resourceVersion read, so a Lease someone else took meanwhile is left alone.
   *
   * @return whether the Lease was given back
   */
  boolean release() {
    try {
      var leases = client.leases().inNamespace(namespace).withName(leaseName);
      Lease lease = leases.get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ObjectNode body = JSON.createObjectNode();
      body.putObject("metadata").put("resourceVersion", lease.getMetadata().getResourceVersion());
      ObjectNode spec = body.putObject("spec");
      spec.putNull("holderIdentity");
      spec.put("leaseDurationSeconds", 1);
      spec.put("renewTime", MICRO_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
      leases.patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
      log.info("{} released the Lease {}/{}: the standby takes it on its next try", identity, namespace, leaseName);
      return true;
    } catch (KubernetesClientException e) {
      log.warn("{} could not release the Lease {}/{} ({}); the standby takes it when it expires", identity, namespace,
          leaseName, e.getCode() == 409 ? "someone else updated it" : e.getMessage());
      return false;
    }
  }
}
