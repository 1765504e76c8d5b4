package io.vippair.agent.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vippair.api.v1alpha1.VipPair;
import java.util.function.Consumer;

/** Hands every version of every VipPair in a namespace to a callback, as a watching client sees them. */
public final class PairVersions {
  private PairVersions() {}

  public static SharedIndexInformer<VipPair> watch(KubernetesClient client, String namespace, Consumer<VipPair> onVersion) {
    return client.resources(VipPair.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(VipPair p) {
        onVersion.accept(p);
      }

      @Override
      public void onUpdate(VipPair o, VipPair p) {
        onVersion.accept(p);
      }

      @Override
      public void onDelete(VipPair p, boolean unknown) {}
    });
  }
}
