package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vippair.emulator.Model.Association;
import io.vippair.emulator.Model.Eip;
import io.vippair.emulator.Model.HaVip;
import io.vippair.emulator.Model.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The HAVIP and EIP actions: parameters in, {@link HaVips} changed or read, Response body out. */
final class HaVipApi {
    static final int MAX_NAME = 60;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern HAVIP_ID = Pattern.compile("havip-[a-z0-9]{8}");
    private static final Pattern EIP_ID = Pattern.compile("eip-[a-z0-9]{8}");
    static final List<String> HAVIP_FILTERS = List.of("havip-id", "havip-name", "vpc-id", "subnet-id", "vip",
            "address-ip", "havip-association.instance-id", "havip-association.instance-type", "check-associate",
            "cdc-id", "type");
    static final List<String> ADDRESS_FILTERS = List.of("address-id", "address-ip", "address-status");

    private final HaVips haVips;
    /** Schedules a task's end and announces what it changed. */
    private final Consumer<Task> schedule;

    HaVipApi(HaVips haVips, Consumer<Task> schedule) {
        this.haVips = haVips;
        this.schedule = schedule;
    }

    ObjectNode call(String action, String region, String requestId, Params p) {
        return switch (action) {
            case Actions.CREATE_HA_VIP -> create(region, p);
            case Actions.DESCRIBE_HA_VIPS -> describe(region, p);
            case Actions.DELETE_HA_VIP -> started(haVips.startDelete(region, requestId, haVipId(p)));
            case Actions.ASSOCIATE_HA_VIP_INSTANCE -> scope(region, p, true);
            case Actions.DISASSOCIATE_HA_VIP_INSTANCE -> scope(region, p, false);
            case Actions.HA_VIP_ASSOCIATE_ADDRESS_IP -> {
                String id = haVipId(p);
                String ip = p.requiredString("AddressIp");
                VpcApi.requireIp("AddressIp", ip);
                yield started(haVips.startEip(region, requestId, id, ip, true));
            }
            case Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP -> started(haVips.startEip(region, requestId, haVipId(p), null, false));
            case Actions.DESCRIBE_ADDRESSES -> describeAddresses(region, p);
            default -> throw new IllegalArgumentException(action);
        };
    }

    private ObjectNode started(Task task) {
        schedule.accept(task);
        return JSON.objectNode();
    }

    private static String haVipId(Params p) {
        String id = p.requiredString("HaVipId");
        if (!HAVIP_ID.matcher(id).matches()) {
            throw CloudError.malformed("HaVipId", id, "an id like havip-1yxuk010");
        }
        return id;
    }

    private ObjectNode create(String region, Params p) {
        String vpcId = p.requiredString("VpcId");
        String name = p.requiredString("HaVipName");
        if (name.length() > MAX_NAME) {
            throw new CloudError("InvalidParameterValue.TooLong", "`HaVipName` has " + name.length()
                    + " characters; at most " + MAX_NAME + " are allowed.");
        }
        String subnetId = p.optionalString("SubnetId");
        if (subnetId == null) {
            throw new CloudError("MissingParameter", "The emulator needs `SubnetId` to place the HAVIP.");
        }
        String vip = p.optionalString("Vip");
        if (vip != null) {
            VpcApi.requireIp("Vip", vip);
        }
        List<Association> scope = new ArrayList<>();
        List<JsonNode> set = p.objectList("HaVipAssociationSet");
        if (set != null) {
            for (JsonNode a : set) {
                scope.add(association(a, "HaVipAssociationSet"));
            }
        }
        if (scope.size() > HaVips.MAX_ASSOCIATIONS) {
            throw new CloudError("LimitExceeded", "`HaVipAssociationSet` holds " + scope.size() + " instances; at most "
                    + HaVips.MAX_ASSOCIATIONS + " are allowed.");
        }
        ObjectNode out = JSON.objectNode();
        JsonNode check = p.has("CheckAssociate") ? p.node("CheckAssociate") : null;
        if (check != null && !check.isBoolean()) {
            throw new CloudError("InvalidParameter", "The parameter `CheckAssociate` must be a boolean.");
        }
        out.set("HaVip", render(haVips.create(region, vpcId, subnetId, name, vip, scope, check != null && check.booleanValue())));
        return out;
    }

    private static Association association(JsonNode a, String field) {
        JsonNode id = a.get("InstanceId");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new CloudError("MissingParameter", "Each element of `" + field + "` needs an `InstanceId`.");
        }
        String type = a.path("InstanceType").asText(HaVips.typeOf(id.asText()));
        if (!type.equals("ENI") && !type.equals("CVM")) {
            throw new CloudError("InvalidParameterValue", "`" + field + ".InstanceType` must be ENI or CVM, got `" + type + "`.");
        }
        return new Association(id.asText(), type);
    }

    /** HaVipAssociationSet: [{HaVipId, InstanceId, InstanceType}], grouped by HAVIP. */
    private ObjectNode scope(String region, Params p, boolean add) {
        List<JsonNode> set = p.objectList("HaVipAssociationSet");
        if (set == null || set.isEmpty()) {
            throw CloudError.missing("HaVipAssociationSet");
        }
        Map<String, List<Association>> byHaVip = new LinkedHashMap<>();
        for (JsonNode a : set) {
            JsonNode id = a.get("HaVipId");
            if (id == null || !id.isTextual()) {
                throw new CloudError("MissingParameter", "Each element of `HaVipAssociationSet` needs a `HaVipId`.");
            }
            if (!HAVIP_ID.matcher(id.asText()).matches()) {
                throw CloudError.malformed("HaVipAssociationSet.HaVipId", id.asText(), "an id like havip-1yxuk010");
            }
            byHaVip.computeIfAbsent(id.asText(), k -> new ArrayList<>()).add(association(a, "HaVipAssociationSet"));
        }
        haVips.changeScope(region, byHaVip, add);
        return JSON.objectNode();
    }

    private ObjectNode describe(String region, Params p) {
        List<String> ids = p.stringList("HaVipIds");
        List<JsonNode> filters = p.objectList("Filters");
        Predicate<HaVip> filter = h -> h.region().equals(region);
        if (ids != null && !ids.isEmpty()) {
            if (filters != null && !filters.isEmpty()) {
                throw new CloudError("InvalidParameter.Coexist", "`HaVipIds` and `Filters` cannot be given together.");
            }
            if (ids.size() > VpcApi.MAX_IDS) {
                throw new CloudError("InvalidParameterValue.LimitExceeded", "`HaVipIds` holds " + ids.size()
                        + " ids; at most " + VpcApi.MAX_IDS + " are allowed per request.");
            }
            for (String id : ids) {
                if (!HAVIP_ID.matcher(id).matches()) {
                    throw CloudError.malformed("HaVipIds", id, "an id like havip-1yxuk010");
                }
            }
            HashSet<String> wanted = new HashSet<>(ids);
            filter = filter.and(h -> wanted.contains(h.id()));
        } else if (filters != null) {
            filter = filter.and(Filters.parse(filters, HAVIP_FILTERS, HaVipApi::haVipField));
        }
        int[] page = VpcApi.page(p);
        VpcState.PageOf<HaVip> result = haVips.describe(HaVips.Snapshot::haVips, filter, page[0], page[1]);
        ObjectNode out = JSON.objectNode();
        out.put("TotalCount", result.totalCount());
        ArrayNode set = out.putArray("HaVipSet");
        result.items().forEach(h -> set.add(render(h)));
        return out;
    }

    /** The values a DescribeHaVips filter compares with. */
    private static List<String> haVipField(String name, HaVip h) {
        return switch (name) {
            case "havip-id" -> List.of(h.id());
            case "havip-name" -> List.of(h.name());
            case "vpc-id" -> List.of(h.vpcId());
            case "subnet-id" -> List.of(h.subnetId());
            case "vip" -> List.of(h.vip());
            case "address-ip" -> h.addressIp() == null ? List.of() : List.of(h.addressIp());
            case "havip-association.instance-id" -> h.associations().stream().map(Association::instanceId).toList();
            case "havip-association.instance-type" -> h.associations().stream().map(Association::instanceType).toList();
            case "check-associate" -> List.of(h.checkAssociate() ? "TRUE" : "FALSE");
            case "cdc-id" -> List.of("");
            default -> List.of("NORMAL");
        };
    }

    private ObjectNode describeAddresses(String region, Params p) {
        List<String> ids = p.stringList("AddressIds");
        List<JsonNode> filters = p.objectList("Filters");
        Predicate<Eip> filter = e -> e.region().equals(region);
        if (ids != null && !ids.isEmpty()) {
            if (filters != null && !filters.isEmpty()) {
                throw new CloudError("InvalidParameter.Coexist", "`AddressIds` and `Filters` cannot be given together.");
            }
            for (String id : ids) {
                if (!EIP_ID.matcher(id).matches()) {
                    throw CloudError.malformed("AddressIds", id, "an id like eip-1yxuk010");
                }
            }
            HashSet<String> wanted = new HashSet<>(ids);
            filter = filter.and(e -> wanted.contains(e.id()));
        } else if (filters != null) {
            filter = filter.and(Filters.parse(filters, ADDRESS_FILTERS, (name, e) -> switch (name) {
                case "address-id" -> List.of(e.id());
                case "address-ip" -> List.of(e.ip());
                default -> List.of(e.status());
            }));
        }
        int[] page = VpcApi.page(p);
        VpcState.PageOf<Eip> result = haVips.describe(HaVips.Snapshot::eips, filter, page[0], page[1]);
        ObjectNode out = JSON.objectNode();
        out.put("TotalCount", result.totalCount());
        ArrayNode set = out.putArray("AddressSet");
        for (Eip e : result.items()) {
            ObjectNode n = set.addObject();
            n.put("AddressId", e.id());
            n.put("AddressName", e.id());
            n.put("AddressStatus", e.status());
            n.put("AddressIp", e.ip());
            n.put("InstanceId", e.haVipId() == null ? "" : e.haVipId());
            n.put("InstanceType", e.haVipId() == null ? "" : "HAVIP");
            n.put("CreatedTime", e.createdTime());
            n.put("NetworkInterfaceId", "");
            n.put("PrivateAddressIp", "");
            n.put("IsArrears", false);
            n.put("IsBlocked", false);
            n.put("AddressType", "EIP");
        }
        return out;
    }

    static ObjectNode render(HaVip h) {
        ObjectNode n = JSON.objectNode();
        n.put("HaVipId", h.id());
        n.put("HaVipName", h.name());
        n.put("Vip", h.vip());
        n.put("VpcId", h.vpcId());
        n.put("SubnetId", h.subnetId());
        n.put("NetworkInterfaceId", h.eniId() == null ? "" : h.eniId());
        n.put("InstanceId", h.instanceId() == null ? "" : h.instanceId());
        n.put("AddressIp", h.addressIp() == null ? "" : h.addressIp());
        n.put("State", h.eniId() == null ? "UNBIND" : "AVAILABLE");
        n.put("CreatedTime", h.createdTime());
        n.put("Business", "");
        ArrayNode set = n.putArray("HaVipAssociationSet");
        for (Association a : h.associations()) {
            ObjectNode o = set.addObject();
            o.put("HaVipId", h.id());
            o.put("InstanceId", a.instanceId());
            o.put("InstanceType", a.instanceType());
        }
        n.put("CheckAssociate", h.checkAssociate());
        n.put("CdcId", "");
        n.put("FlushedTime", h.flushedTime());
        n.putArray("TagSet");
        return n;
    }
}
