package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudCredentials;

/**
 * Removes a call's secret key and token from text before it leaves the port (messages the cloud
 * or a proxy might echo back). The secretId is not a secret: it names the key in CAM.
 */
record Redactor(CloudCredentials credentials) {

  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text.replace(credentials.secretKey(), "***");
    return credentials.token() == null ? out : out.replace(credentials.token(), "***");
  }
}
