package io.vippair.cli.imports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings at the top of the seed's vip.py: this VM's interface and IP, the VIP, both ENIs,
 * the VPC and the region. Whether it holds a real secret key matters only to warn about it: the
 * key itself is never read into anything that is printed.
 */
public record VipPySettings(String iface, String ip, String vip, String thisEni, String thatEni, String vpcId,
    String region, boolean holdsSecret) {

  private static final Pattern INTERFACE = Pattern.compile("^\\s*interface\\s*=\\s*\\{\\s*['\"]([^'\"]+)['\"]\\s*:\\s*['\"]([^'\"]+)['\"]", Pattern.MULTILINE);

  public static VipPySettings parse(String text) {
    Matcher m = INTERFACE.matcher(text);
    String iface = null;
    String ip = null;
    if (m.find()) {
      iface = m.group(1);
      ip = m.group(2);
    }
    String secret = dictValue(text, "secretKey");
    boolean holdsSecret = secret != null && !secret.isBlank() && !secret.toLowerCase().contains("your");
    return new VipPySettings(iface, ip, assigned(text, "vip"), assigned(text, "thisNetworkInterfaceId"),
        assigned(text, "thatNetworkInterfaceId"), assigned(text, "vpcId"), dictValue(text, "Region"), holdsSecret);
  }

  private static String assigned(String text, String name) {
    Matcher m = Pattern.compile("^\\s*" + name + "\\s*=\\s*['\"]([^'\"]*)['\"]", Pattern.MULTILINE).matcher(text);
    return m.find() ? m.group(1).trim() : null;
  }

  private static String dictValue(String text, String key) {
    Matcher m = Pattern.compile("['\"]" + key + "['\"]\\s*:\\s*['\"]([^'\"]*)['\"]").matcher(text);
    return m.find() ? m.group(1).trim() : null;
  }
}
