package io.vippair.cli.imports;

import java.util.Map;

/** The old QcloudApi region codes the seed's vip.py uses ('bj') and the API 3.0 names vippair uses. */
final class Regions {
  private static final Map<String, String> OLD = Map.ofEntries(
      Map.entry("bj", "ap-beijing"), Map.entry("gz", "ap-guangzhou"), Map.entry("sh", "ap-shanghai"),
      Map.entry("cd", "ap-chengdu"), Map.entry("cq", "ap-chongqing"), Map.entry("nj", "ap-nanjing"),
      Map.entry("hk", "ap-hongkong"), Map.entry("sg", "ap-singapore"), Map.entry("kr", "ap-seoul"),
      Map.entry("jp", "ap-tokyo"), Map.entry("in", "ap-mumbai"), Map.entry("th", "ap-bangkok"),
      Map.entry("ca", "na-toronto"), Map.entry("usw", "na-siliconvalley"), Map.entry("use", "na-ashburn"),
      Map.entry("de", "eu-frankfurt"), Map.entry("shjr", "ap-shanghai-fsi"), Map.entry("szjr", "ap-shenzhen-fsi"));

  private Regions() {}

  /** The API 3.0 name, or null when the code is neither a known old code nor already a new name. */
  static String normalize(String region) {
    if (region == null) {
      return null;
    }
    String r = region.trim().toLowerCase();
    if (r.matches("^[a-z]{2,4}-[a-z0-9-]{2,40}$")) {
      return r;
    }
    return OLD.get(r);
  }
}
