package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Libraries the Tencent SDK pulls in, at versions without known vulnerabilities. */
class SupplyChainTest {

  @Test
  void okioIsAtLeast1176WhichFixesCve20233635() throws Exception {
    String jar = Class.forName("okio.Buffer").getProtectionDomain().getCodeSource().getLocation().getPath();
    Matcher m = Pattern.compile("okio-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar$").matcher(jar);
    assertThat(m.find()).as("okio's jar name carries its version: %s", jar).isTrue();
    int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    boolean fixed = v[0] > 1 || (v[0] == 1 && (v[1] > 17 || (v[1] == 17 && v[2] >= 6)));
    assertThat(fixed).as("okio %s is affected by CVE-2023-3635: keep the root pom's dependencyManagement at 1.17.6 or later",
        m.group(0)).isTrue();
  }
}
