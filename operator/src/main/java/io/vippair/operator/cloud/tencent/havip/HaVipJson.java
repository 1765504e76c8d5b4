package io.vippair.operator.cloud.tencent.havip;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import io.vippair.operator.cloud.TaskState;
import java.util.ArrayList;
import java.util.List;

/** The JSON of the HAVIP calls: request bodies in, Response objects out. Pure. */
final class HaVipJson {
  private HaVipJson() {}

  static JsonObject idsRequest(List<String> ids, int limit) {
    JsonObject body = new JsonObject();
    body.add("HaVipIds", strings(ids));
    body.addProperty("Limit", limit);
    return body;
  }

  static JsonObject addressRequest(String vpcId, List<String> vips, int offset, int limit) {
    JsonArray filters = new JsonArray();
    filters.add(filter("vpc-id", List.of(vpcId)));
    filters.add(filter("vip", vips));
    JsonObject body = new JsonObject();
    body.add("Filters", filters);
    body.addProperty("Offset", offset);
    body.addProperty("Limit", limit);
    return body;
  }

  static JsonObject associationRequest(String haVipId, List<HaVipMember> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("members: name at least one ENI or CVM for " + haVipId);
    }
    JsonArray set = new JsonArray();
    for (HaVipMember m : members) {
      JsonObject a = new JsonObject();
      a.addProperty("HaVipId", haVipId);
      a.addProperty("InstanceId", m.instanceId());
      a.addProperty("InstanceType", m.type().name());
      set.add(a);
    }
    JsonObject body = new JsonObject();
    body.add("HaVipAssociationSet", set);
    return body;
  }

  private static JsonObject filter(String name, List<String> values) {
    JsonObject f = new JsonObject();
    f.addProperty("Name", name);
    f.add("Values", strings(values));
    return f;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  /**
   * The Response object of a raw answer. An Error inside it becomes the SDK's own exception, so
   * it is classified like the generated clients' errors.
   */
  static JsonObject response(String raw) throws TencentCloudSDKException {
    JsonElement root = JsonParser.parseString(raw);
    if (!root.isJsonObject() || !root.getAsJsonObject().has("Response")) {
      throw new IllegalStateException("no Response envelope");
    }
    JsonObject response = root.getAsJsonObject().getAsJsonObject("Response");
    if (response.has("Error")) {
      JsonObject error = response.getAsJsonObject("Error");
      throw new TencentCloudSDKException(text(error, "Message"), text(response, "RequestId"), text(error, "Code"));
    }
    return response;
  }

  static List<HaVipFacts> haVips(JsonObject response) {
    List<HaVipFacts> out = new ArrayList<>();
    JsonElement set = response.get("HaVipSet");
    if (set == null || !set.isJsonArray()) {
      return out;
    }
    for (JsonElement e : set.getAsJsonArray()) {
      JsonObject h = e.getAsJsonObject();
      List<HaVipMember> scope = new ArrayList<>();
      JsonElement assoc = h.get("HaVipAssociationSet");
      if (assoc != null && assoc.isJsonArray()) {
        for (JsonElement a : assoc.getAsJsonArray()) {
          JsonObject o = a.getAsJsonObject();
          scope.add(new HaVipMember(text(o, "InstanceId"),
              "CVM".equals(text(o, "InstanceType")) ? HaVipMember.Type.CVM : HaVipMember.Type.ENI));
        }
      }
      JsonElement check = h.get("CheckAssociate");
      out.add(new HaVipFacts(text(h, "HaVipId"), text(h, "HaVipName"), text(h, "Vip"), text(h, "VpcId"),
          text(h, "SubnetId"), blankToNull(text(h, "NetworkInterfaceId")), blankToNull(text(h, "InstanceId")),
          blankToNull(text(h, "AddressIp")), text(h, "State"), text(h, "FlushedTime"), scope,
          check != null && !check.isJsonNull() && check.getAsBoolean()));
    }
    return out;
  }

  /** TotalCount; when absent, 0 (the caller stops paging). */
  static int totalCount(JsonObject response) {
    JsonElement e = response.get("TotalCount");
    return e == null || !e.isJsonPrimitive() ? 0 : e.getAsInt();
  }

  /** The RequestId every answer carries (the task id of an asynchronous change). */
  static String requestId(JsonObject response) {
    String id = text(response, "RequestId");
    if (id == null) {
      throw new IllegalStateException("the answer has no RequestId");
    }
    return id;
  }

  static TaskState taskState(JsonObject response) {
    String status = text(response, "Status");
    return switch (status == null ? "" : status) {
      case "SUCCESS" -> new TaskState.Succeeded();
      case "FAILED" -> new TaskState.Failed(String.valueOf(text(response, "Output")));
      default -> new TaskState.Running();
    };
  }

  private static String text(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
