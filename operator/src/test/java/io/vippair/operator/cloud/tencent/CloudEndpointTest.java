package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEndpointTest {

  @Test
  void defaultIsThePublicEndpointOverHttps() {
    for (String v : new String[] {null, "", "public", "vpc.tencentcloudapi.com"}) {
      CloudEndpoint e = CloudEndpoint.parse(v);
      assertThat(e.hostFor("ap-guangzhou")).isEqualTo("vpc.tencentcloudapi.com");
      assertThat(e.sdkProtocol()).isEqualTo("https://");
    }
  }

  @Test
  void regionalTakesTheRegionPerCall() {
    CloudEndpoint e = CloudEndpoint.parse("regional");
    assertThat(e.hostFor("ap-guangzhou")).isEqualTo("vpc.ap-guangzhou.tencentcloudapi.com");
    assertThat(e.hostFor("ap-shanghai-fsi")).isEqualTo("vpc.ap-shanghai-fsi.tencentcloudapi.com");
  }

  @Test
  void internalAndCustomEndpoints() {
    assertThat(CloudEndpoint.parse("internal").hostFor("x")).isEqualTo("vpc.internal.tencentcloudapi.com");
    CloudEndpoint emu = CloudEndpoint.parse("http://127.0.0.1:18080");
    assertThat(emu.hostFor("ap-guangzhou")).isEqualTo("127.0.0.1:18080");
    assertThat(emu.sdkProtocol()).isEqualTo("http://");
    assertThat(CloudEndpoint.parse("http://localhost:18080/").hostFor("r")).isEqualTo("localhost:18080");
    CloudEndpoint fsi = CloudEndpoint.parse("vpc.ap-shanghai-fsi.tencentcloudapi.com");
    assertThat(fsi.sdkProtocol()).isEqualTo("https://");
    assertThat(fsi.hostFor("ap-shanghai-fsi")).isEqualTo("vpc.ap-shanghai-fsi.tencentcloudapi.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://host", "http://host:99999", "http://host/path", "http://user@host:1",
      "not a host", "http://", "http://host:80?x=1", "-bad-.example"})
  void badValuesNameTheFlagAndTheForms(String value) {
    assertThatThrownBy(() -> CloudEndpoint.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cloud-endpoint")
        .hasMessageContaining("regional, internal, http://host:port");
  }
}
