package io.vippair.emulator;

import io.vippair.emulator.Model.Assign;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.IpState;
import io.vippair.emulator.Model.Migrate;
import io.vippair.emulator.Model.OwnershipChange;
import io.vippair.emulator.Model.PrivateIp;
import io.vippair.emulator.Model.Subnet;
import io.vippair.emulator.Model.Task;
import io.vippair.emulator.Model.TaskStatus;
import io.vippair.emulator.Model.Unassign;
import io.vippair.emulator.Model.Vpc;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * All VPC resources and tasks of the emulator. One lock guards everything: requests are short and
 * ENI values are immutable, so readers copy references under the lock and render JSON outside it.
 * Seeding errors are {@link IllegalArgumentException}s naming the field; API errors are {@link CloudError}s.
 * Every change is all-or-nothing.
 */
final class VpcState {
    static final int MAX_FINISHED_TASKS = TaskBook.MAX_FINISHED;
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)+");
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Object lock = new Object();
    private Tables tables = new Tables();
    private final TaskBook tasks = new TaskBook();
    private long version;
    /** Addresses used outside the ENIs (HAVIPs), by VPC; consulted without taking another lock. */
    private volatile java.util.function.BiPredicate<String, String> usedElsewhere = (vpcId, ip) -> false;

    /** The resource maps; copied whole when a seed must be all-or-nothing. */
    private static final class Tables {
        final LinkedHashMap<String, Vpc> vpcs = new LinkedHashMap<>();
        final LinkedHashMap<String, Subnet> subnets = new LinkedHashMap<>();
        final LinkedHashMap<String, Eni> enis = new LinkedHashMap<>();
        /** "vpcId/ip" to the ENI listing that IP. */
        final HashMap<String, String> owners = new HashMap<>();

        Tables copy() {
            Tables t = new Tables();
            t.vpcs.putAll(vpcs);
            t.subnets.putAll(subnets);
            t.enis.putAll(enis);
            t.owners.putAll(owners);
            return t;
        }

        void put(Eni eni) {
            Eni old = enis.put(eni.id(), eni);
            if (old != null) {
                old.ips().forEach(ip -> owners.remove(key(old.vpcId(), ip.address())));
            }
            eni.ips().forEach(ip -> owners.put(key(eni.vpcId(), ip.address()), eni.id()));
        }
    }

    /** Lets HAVIP addresses count as used when ENI addresses are picked or checked. */
    void alsoInUse(java.util.function.BiPredicate<String, String> used) {
        usedElsewhere = used;
    }

    private static String key(String vpcId, String ip) {
        return vpcId + "/" + ip;
    }

    // ---------------------------------------------------------------- seeding

    /** Applies {@code change} to a copy of the tables and keeps it only if nothing threw. */
    void seed(java.util.function.Consumer<Seeder> change) {
        synchronized (lock) {
            Tables scratch = tables.copy();
            change.accept(new Seeder(scratch));
            tables = scratch;
            version++;
        }
    }

    /** Adds resources to one scratch copy of the tables; see {@link #seed}. */
    final class Seeder {
        private final Tables t;

        private Seeder(Tables t) {
            this.t = t;
        }

        void addVpc(String vpcId, String region, String cidr) {
            requireId("vpcId", vpcId, "vpc-");
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("vpc " + vpcId + ": region `" + region
                        + "` is not a Tencent region name; use e.g. ap-guangzhou");
            }
            if (t.vpcs.containsKey(vpcId)) {
                throw new IllegalArgumentException("vpcId: " + vpcId + " already exists; choose another id");
            }
            Ipv4.Cidr block = cidr == null ? null : Ipv4.Cidr.parse("vpc " + vpcId + " cidr", cidr);
            t.vpcs.put(vpcId, new Vpc(vpcId, region, block));
        }

        void addSubnet(String subnetId, String vpcId, String cidr, String zone) {
            requireId("subnetId", subnetId, "subnet-");
            Vpc vpc = t.vpcs.get(vpcId);
            if (vpc == null) {
                throw new IllegalArgumentException("subnet " + subnetId + ": vpcId `" + vpcId + "` does not exist; add the VPC first");
            }
            if (t.subnets.containsKey(subnetId)) {
                throw new IllegalArgumentException("subnetId: " + subnetId + " already exists; choose another id");
            }
            Ipv4.Cidr block = Ipv4.Cidr.parse("subnet " + subnetId + " cidr", cidr);
            if (vpc.cidr() != null && !vpc.cidr().contains(block)) {
                throw new IllegalArgumentException("subnet " + subnetId + ": cidr " + block + " is outside VPC " + vpcId
                        + " (" + vpc.cidr() + "); pick a block inside it");
            }
            for (Subnet other : t.subnets.values()) {
                if (other.vpcId().equals(vpcId) && (other.cidr().contains(block) || block.contains(other.cidr()))) {
                    throw new IllegalArgumentException("subnet " + subnetId + ": cidr " + block + " overlaps subnet "
                            + other.id() + " (" + other.cidr() + "); pick a disjoint block");
                }
            }
            String z = zone == null || zone.isBlank() ? vpc.region() + "-1" : zone;
            t.subnets.put(subnetId, new Subnet(subnetId, vpcId, block, z));
        }

        /**
         * @param primaryEni null: primary when it is the instance's first ENI
         * @param mac null: derived from the id
         */
        void addEni(String eniId, String subnetId, String instanceId, String primaryIp, Boolean primaryEni,
                    String mac, String name) {
            requireId("networkInterfaceId", eniId, "eni-");
            if (instanceId != null) {
                requireId("instanceId", instanceId, "ins-");
            }
            Subnet subnet = t.subnets.get(subnetId);
            if (subnet == null) {
                throw new IllegalArgumentException("eni " + eniId + ": subnetId `" + subnetId + "` does not exist; add the subnet first");
            }
            if (t.enis.containsKey(eniId)) {
                throw new IllegalArgumentException("networkInterfaceId: " + eniId + " already exists; choose another id");
            }
            checkFreeAddress("eni " + eniId + " primary IP", subnet, primaryIp);
            long sameInstance = instanceId == null ? 0
                    : t.enis.values().stream().filter(e -> instanceId.equals(e.instanceId())).count();
            boolean primary = primaryEni != null ? primaryEni : instanceId != null && sameInstance == 0;
            String vpcRegion = t.vpcs.get(subnet.vpcId()).region();
            String created = LocalDateTime.now(ZoneOffset.ofHours(8)).format(CREATED);
            t.put(new Eni(eniId, subnet.vpcId(), subnetId, vpcRegion, subnet.zone(), instanceId, primary,
                    (int) sameInstance, mac != null ? mac : macFor(eniId), name != null ? name : eniId, created,
                    List.of(new PrivateIp(primaryIp, true, IpState.AVAILABLE))));
        }

        void addPrivateIp(String eniId, String ip, boolean primary, IpState state) {
            Eni eni = t.enis.get(eniId);
            if (eni == null) {
                throw new IllegalArgumentException("networkInterfaceId `" + eniId + "` does not exist; add the ENI first");
            }
            if (primary && eni.ips().stream().anyMatch(PrivateIp::primary)) {
                throw new IllegalArgumentException("eni " + eniId + ": already has a primary IP; mark " + ip + " primary: false");
            }
            checkFreeAddress("eni " + eniId + " private IP", t.subnets.get(eni.subnetId()), ip);
            t.put(eni.withIp(new PrivateIp(ip, primary, state)));
        }

        private void checkFreeAddress(String field, Subnet subnet, String ip) {
            if (!Ipv4.valid(ip)) {
                throw new IllegalArgumentException(field + ": `" + ip + "` is not an IPv4 address");
            }
            if (!subnet.cidr().contains(ip)) {
                throw new IllegalArgumentException(field + ": " + ip + " is outside subnet " + subnet.id() + " ("
                        + subnet.cidr() + "); use an address inside it");
            }
            String holder = t.owners.get(key(subnet.vpcId(), ip));
            if (holder != null) {
                throw new IllegalArgumentException(field + ": " + ip + " is already used by " + holder + " in " + subnet.vpcId());
            }
            if (usedElsewhere.test(subnet.vpcId(), ip)) {
                throw new IllegalArgumentException(field + ": " + ip + " is already used by an HAVIP in " + subnet.vpcId());
            }
        }
    }

    private static void requireId(String field, String id, String prefix) {
        if (id == null || !id.matches(Pattern.quote(prefix) + "[a-z0-9]{8}")) {
            throw new IllegalArgumentException(field + ": `" + id + "` is not a valid id; write `" + prefix
                    + "` followed by 8 lowercase letters or digits, e.g. " + prefix + "1yxuk010");
        }
    }

    /** A stable, locally administered MAC per ENI id, so a restart does not change it. */
    static String macFor(String eniId) {
        int h = eniId.hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 255, (h >> 8) & 255, h & 255);
    }

    // ---------------------------------------------------------------- reading

    Optional<String> ownerOf(String vpcId, String ip) {
        synchronized (lock) {
            return Optional.ofNullable(tables.owners.get(key(vpcId, ip)));
        }
    }

    Optional<PrivateIp> privateIp(String vpcId, String ip) {
        synchronized (lock) {
            String eni = tables.owners.get(key(vpcId, ip));
            return eni == null ? Optional.empty() : Optional.ofNullable(tables.enis.get(eni).ip(ip));
        }
    }

    Optional<Eni> eni(String eniId) {
        synchronized (lock) {
            return Optional.ofNullable(tables.enis.get(eniId));
        }
    }

    Optional<Subnet> subnet(String subnetId) {
        synchronized (lock) {
            return Optional.ofNullable(tables.subnets.get(subnetId));
        }
    }

    Optional<Vpc> vpc(String vpcId) {
        synchronized (lock) {
            return Optional.ofNullable(tables.vpcs.get(vpcId));
        }
    }

    /** The ENIs attached to {@code instanceId}. */
    List<Eni> enisOf(String instanceId) {
        synchronized (lock) {
            return tables.enis.values().stream().filter(e -> instanceId.equals(e.instanceId())).toList();
        }
    }

    /** The ENI with this MAC address (compared case-insensitively), if any. */
    Optional<Eni> eniByMac(String mac) {
        synchronized (lock) {
            return tables.enis.values().stream().filter(e -> e.macAddress().equalsIgnoreCase(mac)).findFirst();
        }
    }

    long version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Everything, for the state file and the admin API. */
    record Snapshot(List<Vpc> vpcs, List<Subnet> subnets, List<Eni> enis, List<Task> tasks, long version) {}

    Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(List.copyOf(tables.vpcs.values()), List.copyOf(tables.subnets.values()),
                    List.copyOf(tables.enis.values()), tasks.all(), version);
        }
    }

    record Page(List<Eni> items, int totalCount) {}

    record PageOf<T>(List<T> items, int totalCount) {}

    /** ENIs of {@code region} matching {@code filter}, in seeding order, then Offset/Limit applied. */
    Page describe(String region, Predicate<Eni> filter, int offset, int limit) {
        List<Eni> matched = new ArrayList<>();
        synchronized (lock) {
            for (Eni eni : tables.enis.values()) {
                if (eni.region().equals(region) && filter.test(eni)) {
                    matched.add(eni);
                }
            }
        }
        int from = Math.min(offset, matched.size());
        int to = Math.min(from + limit, matched.size());
        return new Page(List.copyOf(matched.subList(from, to)), matched.size());
    }

    Optional<Task> task(String region, String taskId) {
        synchronized (lock) {
            Task t = tasks.get(taskId);
            return t != null && t.region().equals(region) ? Optional.of(t) : Optional.empty();
        }
    }

    // ---------------------------------------------------------------- async API actions

    Task startMigration(String region, String taskId, String sourceId, String destinationId, String ip) {
        synchronized (lock) {
            Eni source = eniIn(region, sourceId);
            Eni destination = eniIn(region, destinationId);
            if (sourceId.equals(destinationId)) {
                throw new CloudError("InvalidParameterValue", "SourceNetworkInterfaceId and DestinationNetworkInterfaceId are both "
                        + sourceId + "; name two different ENIs.");
            }
            PrivateIp held = source.ip(ip);
            if (held == null) {
                throw new CloudError("UnauthorizedOperation.AttachmentNotFound", "The private IP " + ip
                        + " is not bound to " + sourceId + (ownerText(source.vpcId(), ip)) + ".");
            }
            if (held.primary()) {
                throw new CloudError("UnsupportedOperation.PrimaryIp", "The private IP " + ip
                        + " is the primary IP of " + sourceId + "; a primary IP cannot be migrated.");
            }
            if (!source.subnetId().equals(destination.subnetId())) {
                throw new CloudError("UnsupportedOperation", "Source " + sourceId + " is in " + source.subnetId()
                        + " but destination " + destinationId + " is in " + destination.subnetId()
                        + "; a private IP can only migrate within one subnet.");
            }
            requireIdle(sourceId, destinationId);
            Task task = new Task(taskId, "MigratePrivateIpAddress", region, new Migrate(sourceId, destinationId, ip),
                    TaskStatus.RUNNING, "");
            tables.put(source.withIp(held.withState(IpState.MIGRATING)));
            begin(task, sourceId, destinationId);
            return task;
        }
    }

    /** @return the task; its work lists the addresses picked */
    Task startAssign(String region, String taskId, String eniId, List<String> requested, int count) {
        synchronized (lock) {
            Eni eni = eniIn(region, eniId);
            Subnet subnet = tables.subnets.get(eni.subnetId());
            List<String> chosen = new ArrayList<>();
            for (String ip : requested) {
                if (!subnet.cidr().contains(ip)) {
                    throw new CloudError("InvalidParameterValue.Range", "The private IP " + ip + " is outside subnet "
                            + subnet.id() + " (" + subnet.cidr() + ") of " + eniId + ".");
                }
                if (subnet.cidr().reserved(ip)) {
                    throw new CloudError("InvalidParameterValue.Reserved", "The private IP " + ip
                            + " is reserved in subnet " + subnet.id() + " (network, gateway or broadcast address).");
                }
                String holder = tables.owners.get(key(eni.vpcId(), ip));
                if (holder != null || usedElsewhere.test(eni.vpcId(), ip)) {
                    throw new CloudError("ResourceInUse", "The private IP " + ip + " is already used by "
                            + (holder != null ? holder : "an HAVIP") + ".");
                }
                chosen.add(ip);
            }
            for (long a = subnet.cidr().first(); chosen.size() < requested.size() + count && a <= subnet.cidr().last(); a++) {
                String ip = Ipv4.format(a);
                if (!subnet.cidr().reserved(ip) && !tables.owners.containsKey(key(eni.vpcId(), ip)) && !chosen.contains(ip)
                        && !usedElsewhere.test(eni.vpcId(), ip)) {
                    chosen.add(ip);
                }
            }
            if (chosen.size() < requested.size() + count) {
                throw new CloudError("ResourceInsufficient.Subnet", "Subnet " + subnet.id() + " has only "
                        + (chosen.size() - requested.size()) + " free addresses; " + count + " were asked for.");
            }
            requireIdle(eniId);
            Task task = new Task(taskId, "AssignPrivateIpAddresses", region, new Assign(eniId, List.copyOf(chosen)),
                    TaskStatus.RUNNING, "");
            Eni changed = eni;
            for (String ip : chosen) {
                changed = changed.withIp(new PrivateIp(ip, false, IpState.PENDING));
            }
            tables.put(changed);
            begin(task, eniId);
            return task;
        }
    }

    Task startUnassign(String region, String taskId, String eniId, List<String> ips) {
        synchronized (lock) {
            Eni eni = eniIn(region, eniId);
            for (String ip : ips) {
                PrivateIp held = eni.ip(ip);
                if (held == null) {
                    throw new CloudError("UnsupportedOperation.AttachmentNotFound", "The private IP " + ip
                            + " is not bound to " + eniId + ownerText(eni.vpcId(), ip) + ".");
                }
                if (held.primary()) {
                    throw new CloudError("UnsupportedOperation.PrimaryIp", "The private IP " + ip
                            + " is the primary IP of " + eniId + "; a primary IP cannot be returned.");
                }
            }
            requireIdle(eniId);
            Task task = new Task(taskId, "UnassignPrivateIpAddresses", region, new Unassign(eniId, List.copyOf(ips)),
                    TaskStatus.RUNNING, "");
            Eni changed = eni;
            for (String ip : ips) {
                changed = changed.withIp(changed.ip(ip).withState(IpState.DELETING));
            }
            tables.put(changed);
            begin(task, eniId);
            return task;
        }
    }

    /**
     * Ends a running task: applies its work on success, undoes the in-flight marks on failure.
     * @return the ownership changes to announce (outside any lock)
     */
    List<OwnershipChange> finish(String taskId, boolean fail) {
        synchronized (lock) {
            Task task = tasks.running(taskId);
            if (task == null) {
                return List.of();
            }
            List<OwnershipChange> changes = new ArrayList<>();
            Model.Work work = task.work();
            if (work instanceof Migrate m) {
                Eni source = tables.enis.get(m.source());
                Eni destination = tables.enis.get(m.destination());
                if (fail) {
                    tables.put(source.withIp(source.ip(m.ip()).withState(IpState.AVAILABLE)));
                } else {
                    tables.put(source.withoutIp(m.ip()));
                    tables.put(destination.withIp(new PrivateIp(m.ip(), false, IpState.AVAILABLE)));
                    changes.add(new OwnershipChange(destination.vpcId(), m.ip(), destination.id()));
                }
            } else if (work instanceof Assign a) {
                Eni eni = tables.enis.get(a.eni());
                for (String ip : a.ips()) {
                    if (fail) {
                        eni = eni.withoutIp(ip);
                    } else {
                        eni = eni.withIp(eni.ip(ip).withState(IpState.AVAILABLE));
                        changes.add(new OwnershipChange(eni.vpcId(), ip, eni.id()));
                    }
                }
                tables.put(eni);
            } else if (work instanceof Unassign u) {
                Eni eni = tables.enis.get(u.eni());
                for (String ip : u.ips()) {
                    if (fail) {
                        eni = eni.withIp(eni.ip(ip).withState(IpState.AVAILABLE));
                    } else {
                        eni = eni.withoutIp(ip);
                        changes.add(new OwnershipChange(eni.vpcId(), ip, null));
                    }
                }
                tables.put(eni);
            }
            tasks.end(task, fail);
            version++;
            return changes;
        }
    }

    /** Ends every running task as it would end anyway; used when the emulator stops. */
    List<String> runningTaskIds() {
        synchronized (lock) {
            return tasks.runningIds();
        }
    }

    private Eni eniIn(String region, String eniId) {
        Eni eni = tables.enis.get(eniId);
        if (eni == null || !eni.region().equals(region)) {
            throw CloudError.notFound("network interface", eniId);
        }
        return eni;
    }

    private String ownerText(String vpcId, String ip) {
        String holder = tables.owners.get(key(vpcId, ip));
        return holder == null ? " (no ENI in " + vpcId + " holds it)" : " (it is on " + holder + ")";
    }

    private void requireIdle(String... eniIds) {
        tasks.requireIdle(eniIds);
    }

    private void begin(Task task, String... eniIds) {
        tasks.begin(task, eniIds);
        version++;
    }
}
