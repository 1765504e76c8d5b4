package io.vippair.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.OwnershipChange;
import io.vippair.emulator.Model.PrivateIp;
import io.vippair.emulator.Model.Task;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The VPC actions: validate parameters, change or read {@link VpcState}, render the Response body
 * (without RequestId, which the HTTP layer adds). Async actions return the request id as the task
 * id and finish on {@code scheduler} after the configured delay.
 */
final class VpcApi {
    static final int MAX_IDS = 100;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_IPS_PER_CALL = 10;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ENI_ID = Pattern.compile("eni-[a-z0-9]{8}");

    /** An ENI's JSON, reused while the (immutable) ENI value is unchanged: describing 100 ENIs is the hot path. */
    private record Rendered(Eni eni, RawValue json) {}

    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    private final VpcState state;
    private final Faults faults;
    private final ScheduledExecutorService scheduler;
    private final Consumer<List<OwnershipChange>> announce;
    private final HaVips haVips;
    private final HaVipApi haVipApi;

    VpcApi(VpcState state, HaVips haVips, Faults faults, ScheduledExecutorService scheduler,
           Consumer<List<OwnershipChange>> announce) {
        this.state = state;
        this.haVips = haVips;
        this.faults = faults;
        this.scheduler = scheduler;
        this.announce = announce;
        this.haVipApi = new HaVipApi(haVips, this::schedule);
    }

    ObjectNode call(String action, String region, String requestId, JsonNode body) {
        Params p = new Params(body);
        return switch (action) {
            case Actions.DESCRIBE_NETWORK_INTERFACES -> describeNetworkInterfaces(region, p);
            case Actions.MIGRATE_PRIVATE_IP_ADDRESS -> migrate(region, requestId, p);
            case Actions.DESCRIBE_VPC_TASK_RESULT -> taskResult(region, p);
            case Actions.ASSIGN_PRIVATE_IP_ADDRESSES -> assign(region, requestId, p);
            case Actions.UNASSIGN_PRIVATE_IP_ADDRESSES -> unassign(region, requestId, p);
            case Actions.CREATE_HA_VIP, Actions.DESCRIBE_HA_VIPS, Actions.DELETE_HA_VIP, Actions.ASSOCIATE_HA_VIP_INSTANCE,
                 Actions.DISASSOCIATE_HA_VIP_INSTANCE, Actions.HA_VIP_ASSOCIATE_ADDRESS_IP,
                 Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP, Actions.DESCRIBE_ADDRESSES -> haVipApi.call(action, region, requestId, p);
            default -> throw new CloudError("InvalidAction", "The action `" + action + "` is not supported; the emulator serves "
                    + Actions.ALL + ".");
        };
    }

    private ObjectNode describeNetworkInterfaces(String region, Params p) {
        List<String> ids = p.stringList("NetworkInterfaceIds");
        List<JsonNode> filters = p.objectList("Filters");
        if (ids != null && !ids.isEmpty() && filters != null && !filters.isEmpty()) {
            throw new CloudError("InvalidParameter.Coexist", "`NetworkInterfaceIds` and `Filters` cannot be given together.");
        }
        int[] window = page(p);
        int offset = window[0];
        int limit = window[1];
        Predicate<Eni> filter = e -> true;
        if (ids != null && !ids.isEmpty()) {
            if (ids.size() > MAX_IDS) {
                throw new CloudError("InvalidParameterValue.LimitExceeded", "`NetworkInterfaceIds` holds " + ids.size()
                        + " ids; at most " + MAX_IDS + " are allowed per request.");
            }
            ids.forEach(id -> requireEniId("NetworkInterfaceIds", id));
            HashSet<String> wanted = new HashSet<>(ids);
            filter = e -> wanted.contains(e.id());
        } else if (filters != null) {
            filter = EniFilters.parse(filters);
        }
        VpcState.Page page = state.describe(region, filter, offset, limit);
        ObjectNode out = JSON.objectNode();
        ArrayNode set = out.putArray("NetworkInterfaceSet");
        page.items().forEach(e -> set.addRawValue(cachedRender(e)));
        out.put("TotalCount", page.totalCount());
        return out;
    }

    /** Offset (default 0) and Limit (default 20, at most 100), checked. */
    static int[] page(Params p) {
        int offset = p.integer("Offset", 0);
        int limit = p.integer("Limit", DEFAULT_LIMIT);
        if (offset < 0) {
            throw new CloudError("InvalidParameterValue.Range", "`Offset` must be >= 0, got " + offset + ".");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new CloudError("InvalidParameterValue.Range", "`Limit` must be between 0 and " + MAX_LIMIT + ", got " + limit + ".");
        }
        return new int[] {offset, limit};
    }

    private RawValue cachedRender(Eni e) {
        Rendered r = rendered.get(e.id());
        if (r == null || r.eni() != e) {
            try {
                r = new Rendered(e, new RawValue(MAPPER.writeValueAsString(render(e))));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
            rendered.put(e.id(), r);
        }
        return r.json();
    }

    private ObjectNode migrate(String region, String requestId, Params p) {
        String source = p.requiredString("SourceNetworkInterfaceId");
        String destination = p.requiredString("DestinationNetworkInterfaceId");
        String ip = p.requiredString("PrivateIpAddress");
        requireEniId("SourceNetworkInterfaceId", source);
        requireEniId("DestinationNetworkInterfaceId", destination);
        requireIp("PrivateIpAddress", ip);
        schedule(state.startMigration(region, requestId, source, destination, ip));
        return JSON.objectNode();
    }

    private ObjectNode assign(String region, String requestId, Params p) {
        String eni = p.requiredString("NetworkInterfaceId");
        requireEniId("NetworkInterfaceId", eni);
        List<String> ips = ipSpecifications(p, "PrivateIpAddresses");
        int count = p.integer("SecondaryPrivateIpAddressCount", 0);
        if (ips.isEmpty() && count == 0) {
            throw new CloudError("MissingParameter", "Give `PrivateIpAddresses` or `SecondaryPrivateIpAddressCount`.");
        }
        if (count < 0 || ips.size() + count > MAX_IPS_PER_CALL) {
            throw new CloudError("InvalidParameterValue.LimitExceeded", "At most " + MAX_IPS_PER_CALL
                    + " private IPs can be assigned per call; asked for " + (ips.size() + count) + ".");
        }
        Task task = state.startAssign(region, requestId, eni, ips, count);
        schedule(task);
        ObjectNode out = JSON.objectNode();
        ArrayNode set = out.putArray("PrivateIpAddressSet");
        ((Model.Assign) task.work()).ips().forEach(ip -> set.add(renderIp(new PrivateIp(ip, false, Model.IpState.PENDING))));
        return out;
    }

    private ObjectNode unassign(String region, String requestId, Params p) {
        String eni = p.requiredString("NetworkInterfaceId");
        requireEniId("NetworkInterfaceId", eni);
        List<String> ips = ipSpecifications(p, "PrivateIpAddresses");
        if (ips.isEmpty()) {
            throw CloudError.missing("PrivateIpAddresses");
        }
        if (ips.size() > MAX_IPS_PER_CALL) {
            throw new CloudError("InvalidParameterValue.LimitExceeded", "At most " + MAX_IPS_PER_CALL
                    + " private IPs can be returned per call; got " + ips.size() + ".");
        }
        schedule(state.startUnassign(region, requestId, eni, ips));
        return JSON.objectNode();
    }

    private ObjectNode taskResult(String region, Params p) {
        String taskId = p.requiredString("TaskId");
        Task task = state.task(region, taskId).or(() -> haVips.task(region, taskId))
                .orElseThrow(() -> CloudError.notFound("task", taskId));
        ObjectNode out = JSON.objectNode();
        out.put("Status", task.status().name());
        out.put("Output", task.output());
        ObjectNode detail = JSON.objectNode();
        detail.put("ResourceId", resourceOf(task));
        detail.put("Status", task.status().name());
        out.putArray("Result").add(detail);
        return out;
    }

    private static String resourceOf(Task task) {
        if (task.work() instanceof Model.Migrate m) {
            return m.destination();
        }
        if (task.work() instanceof Model.Assign a) {
            return a.eni();
        }
        if (task.work() instanceof Model.HaVipWork h) {
            return h.haVipId();
        }
        return ((Model.Unassign) task.work()).eni();
    }

    private void schedule(Task task) {
        Duration delay = faults.nextTaskDelay();
        boolean fail = faults.taskFails(task.action());
        Runnable end = task.work() instanceof Model.HaVipWork
                ? () -> announce.accept(haVips.finish(task.id(), fail))
                : () -> announce.accept(state.finish(task.id(), fail));
        scheduler.schedule(end, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** PrivateIpAddresses: [{PrivateIpAddress, Primary?}], at most 10, no duplicates, none primary. */
    private static List<String> ipSpecifications(Params p, String name) {
        List<JsonNode> specs = p.objectList(name);
        if (specs == null) {
            return List.of();
        }
        if (specs.size() > MAX_IPS_PER_CALL) {
            throw new CloudError("InvalidParameterValue.LimitExceeded", "`" + name + "` holds " + specs.size()
                    + " addresses; at most " + MAX_IPS_PER_CALL + " are allowed per call.");
        }
        HashSet<String> seen = new HashSet<>();
        for (JsonNode spec : specs) {
            JsonNode ip = spec.get("PrivateIpAddress");
            if (ip == null || !ip.isTextual()) {
                throw new CloudError("MissingParameter", "Each element of `" + name + "` needs a `PrivateIpAddress` string.");
            }
            requireIp(name + ".PrivateIpAddress", ip.asText());
            if (spec.path("Primary").asBoolean(false)) {
                throw new CloudError("InvalidParameterValue", "`" + name + "` may not mark " + ip.asText()
                        + " Primary; only secondary private IPs can be assigned or returned.");
            }
            if (!seen.add(ip.asText())) {
                throw new CloudError("InvalidParameterValue.DuplicatePara", "The address " + ip.asText()
                        + " appears twice in `" + name + "`.");
            }
        }
        return specs.stream().map(s -> s.get("PrivateIpAddress").asText()).toList();
    }

    private static void requireEniId(String field, String id) {
        if (!ENI_ID.matcher(id).matches()) {
            throw CloudError.malformed(field, id, "an ENI id like eni-pvsvph0u");
        }
    }

    static void requireIp(String field, String ip) {
        if (!Ipv4.valid(ip)) {
            throw CloudError.malformed(field, ip, "an IPv4 address like 10.0.1.100");
        }
    }

    static ObjectNode render(Eni e) {
        ObjectNode n = JSON.objectNode();
        n.put("NetworkInterfaceId", e.id());
        n.put("NetworkInterfaceName", e.name());
        n.put("NetworkInterfaceDescription", "");
        n.put("SubnetId", e.subnetId());
        n.put("VpcId", e.vpcId());
        n.putArray("GroupSet");
        n.put("Primary", e.primary());
        n.put("MacAddress", e.macAddress());
        n.put("State", "AVAILABLE");
        ArrayNode ips = n.putArray("PrivateIpAddressSet");
        e.ips().forEach(ip -> ips.add(renderIp(ip)));
        if (e.instanceId() == null) {
            n.putNull("Attachment");
        } else {
            ObjectNode a = n.putObject("Attachment");
            a.put("InstanceId", e.instanceId());
            a.put("DeviceIndex", e.deviceIndex());
            a.put("InstanceAccountId", "");
            a.put("AttachTime", e.createdTime());
        }
        n.put("Zone", e.zone());
        n.put("CreatedTime", e.createdTime());
        n.putArray("Ipv6AddressSet");
        n.putArray("TagSet");
        n.put("EniType", e.primary() ? 1 : 0);
        n.put("Business", "cvm");
        n.put("CdcId", "");
        n.put("AttachType", 0);
        n.put("ResourceId", "");
        n.put("QosLevel", "DEFAULT");
        return n;
    }

    private static ObjectNode renderIp(PrivateIp ip) {
        ObjectNode n = JSON.objectNode();
        n.put("PrivateIpAddress", ip.address());
        n.put("Primary", ip.primary());
        n.put("PublicIpAddress", "");
        n.put("AddressId", "");
        n.put("Description", "");
        n.put("IsWanIpBlocked", false);
        n.put("State", ip.state().name());
        return n;
    }
}
