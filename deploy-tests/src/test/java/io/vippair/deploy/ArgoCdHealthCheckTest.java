package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the VipPair health check from the argocd-cm snippet, as Argo CD does (the object as the
 * Lua global obj, the script returns {status, message}), in luaj, a pure-Java Lua interpreter.
 */
class ArgoCdHealthCheckTest {

  private static final String SCRIPT = (String) map(
      DeployAssets.readYamlFile(DeployAssets.deploy("gitops/argocd/argocd-cm-vippair-health.yaml")).get(0), "data")
      .get("resource.customizations.health.vippair.io_VipPair");

  record Health(String status, String message) {}

  static Health health(String vipPairYaml) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(DeployAssets.parseYamlDocuments(vipPairYaml).get(0)));
    LuaValue result = globals.load(SCRIPT, "health.lua").call();
    return new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
  }

  /** JSON-like Java values as Lua values, the way Argo CD hands objects to health scripts. */
  private static LuaValue lua(Object value) {
    if (value instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, v) -> t.set(k.toString(), lua(v)));
      return t;
    }
    if (value instanceof List<?> l) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < l.size(); i++) {
        t.set(i + 1, lua(l.get(i)));
      }
      return t;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
  }

  private static String pair(String status) {
    return """
        apiVersion: vippair.io/v1alpha1
        kind: VipPair
        metadata: {name: mysql-prod, namespace: db, generation: 3}
        spec: {vip: {address: 10.0.1.100}}
        """ + status;
  }

  @Test
  void readyPairIsHealthy() {
    var h = health(pair("""
        status:
          observedGeneration: 3
          phase: Ready
          conditions:
          - {type: Ready, status: "True", reason: Converged, message: VIP on cvm-a which is MASTER}
          - {type: SplitBrain, status: "False", reason: OneMaster}
        """));
    assertThat(h).isEqualTo(new Health("Healthy", "VIP on cvm-a which is MASTER"));
  }

  @Test
  void newPairWithoutStatusIsProgressing() {
    assertThat(health(pair("")).status()).isEqualTo("Progressing");
  }

  @Test
  void pendingAndConvergingAreProgressing() {
    assertThat(health(pair("status: {observedGeneration: 3, phase: Pending}")).status()).isEqualTo("Progressing");
    assertThat(health(pair("status: {observedGeneration: 3, phase: Converging}")).status()).isEqualTo("Progressing");
  }

  @Test
  void unobservedSpecChangeIsProgressingEvenIfTheOldGenerationWasReady() {
    var h = health(pair("status: {observedGeneration: 2, phase: Ready}"));
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).contains("generation 3");
  }

  @Test
  void splitBrainIsDegraded() {
    var h = health(pair("""
        status:
          observedGeneration: 3
          phase: SplitBrain
          conditions:
          - {type: SplitBrain, status: "True", reason: BothMaster, message: cvm-a and cvm-b both claim MASTER}
        """));
    assertThat(h).isEqualTo(new Health("Degraded", "cvm-a and cvm-b both claim MASTER"));
    // The condition alone is enough, whatever the phase says.
    assertThat(health(pair("""
        status:
          observedGeneration: 3
          phase: Ready
          conditions: [{type: SplitBrain, status: "True", reason: BothMaster}]
        """)).status()).isEqualTo("Degraded");
  }

  @Test
  void errorsAndRejectedConfigsAreDegraded() {
    assertThat(health(pair("status: {observedGeneration: 3, phase: Error}")).status()).isEqualTo("Degraded");
    assertThat(health(pair("status: {observedGeneration: 3, phase: Degraded}")).status()).isEqualTo("Degraded");
    var h = health(pair("""
        status:
          observedGeneration: 2
          phase: Converging
          agents:
            cvm-b: {role: BACKUP, configError: "unknown keyword 'foo'"}
        """));
    assertThat(h.status()).isEqualTo("Degraded");
    assertThat(h.message()).contains("cvm-b", "unknown keyword");
  }
}
