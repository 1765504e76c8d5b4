package io.vippair.emulator;

import io.vippair.emulator.Model.Association;
import io.vippair.emulator.Model.Eip;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.HaVip;
import io.vippair.emulator.Model.HaVipChange;
import io.vippair.emulator.Model.HaVipWork;
import io.vippair.emulator.Model.OwnershipChange;
import io.vippair.emulator.Model.Subnet;
import io.vippair.emulator.Model.Task;
import io.vippair.emulator.Model.TaskStatus;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * HAVIPs, EIPs and their tasks. Its own lock; it reads ENIs and subnets from {@link VpcState}
 * (which never calls back into this class under its lock: HAVIP addresses are published through a
 * concurrent map), so the lock order is always HaVips, then VpcState.
 *
 * <p>Binding follows gratuitous ARP: {@link #claim} is what the VPC does when it sees an ENI
 * announce the VIP. A claim from outside a non-empty drift scope (HaVipAssociationSet) or from
 * another subnet is ignored and recorded.
 */
final class HaVips {
    static final int MAX_PER_VPC = 10;
    static final int MAX_ASSOCIATIONS = 10;
    static final int MAX_CLAIMS_KEPT = 1000;
    static final String NEVER_FLUSHED = "0000-00-00 00:00:00";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern HAVIP_ID = Pattern.compile("havip-[a-z0-9]{8}");
    private static final Pattern EIP_ID = Pattern.compile("eip-[a-z0-9]{8}");

    /** What happened to one claim. */
    enum Outcome { FOLLOWED, ALREADY_BOUND, OUTSIDE_SCOPE, OTHER_SUBNET, UNKNOWN_HAVIP, UNKNOWN_ENI }

    record Claim(long seq, String at, String haVipId, String vip, String networkInterfaceId, Outcome outcome) {}

    private final Object lock = new Object();
    private final VpcState vpc;
    private final LinkedHashMap<String, HaVip> haVips = new LinkedHashMap<>();
    private final LinkedHashMap<String, Eip> eips = new LinkedHashMap<>();
    /** "vpcId/vip" of every HAVIP, read by VpcState without this lock. */
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final TaskBook tasks = new TaskBook();
    private final ArrayDeque<Claim> claims = new ArrayDeque<>();
    private long claimSeq;
    private long version;
    private int nextId;

    HaVips(VpcState vpc) {
        this.vpc = vpc;
        vpc.alsoInUse((vpcId, ip) -> addresses.containsKey(vpcId + "/" + ip));
    }

    static String now() {
        return LocalDateTime.now(ZoneOffset.ofHours(8)).format(TIME);
    }

    // ---------------------------------------------------------------- seeding

    /** The subnets and used addresses a seed is checked against (the state plus the same document). */
    interface Lookup {
        Subnet subnet(String subnetId);

        String region(String vpcId);

        boolean used(String vpcId, String ip);

        /** The subnet and instance of an ENI, or null when there is no such ENI. */
        String[] eni(String eniId);
    }

    /** Checks every HAVIP and EIP first, then adds them all; the returned action commits. */
    Runnable prepareSeed(List<StateDocument.HaVipDoc> docs, List<StateDocument.AddressDoc> eipDocs, Lookup lookup) {
        synchronized (lock) {
            Map<String, Eip> newEips = new LinkedHashMap<>();
            for (StateDocument.AddressDoc a : eipDocs) {
                requireId("addressId", a.addressId(), EIP_ID);
                if (!Ipv4.valid(a.addressIp())) {
                    throw new IllegalArgumentException("address " + a.addressId() + ": addressIp `" + a.addressIp() + "` is not an IPv4 address");
                }
                if (a.region() == null || a.region().isBlank()) {
                    throw new IllegalArgumentException("address " + a.addressId() + ": region is required, e.g. ap-guangzhou");
                }
                if (eips.containsKey(a.addressId()) || newEips.containsKey(a.addressId())
                        || eipByIp(a.addressIp(), a.region()).isPresent()
                        || newEips.values().stream().anyMatch(e -> e.ip().equals(a.addressIp()))) {
                    throw new IllegalArgumentException("address " + a.addressId() + ": id or addressIp " + a.addressIp() + " already exists");
                }
                newEips.put(a.addressId(), new Eip(a.addressId(), a.addressIp(), a.region(), "UNBIND", null, now()));
            }
            Map<String, HaVip> added = new LinkedHashMap<>();
            for (StateDocument.HaVipDoc d : docs) {
                requireId("haVipId", d.haVipId(), HAVIP_ID);
                if (haVips.containsKey(d.haVipId()) || added.containsKey(d.haVipId())) {
                    throw new IllegalArgumentException("haVipId: " + d.haVipId() + " already exists; choose another id");
                }
                Subnet subnet = lookup.subnet(d.subnetId());
                if (subnet == null) {
                    throw new IllegalArgumentException("havip " + d.haVipId() + ": subnetId `" + d.subnetId() + "` does not exist; add the subnet first");
                }
                String field = "havip " + d.haVipId() + " vip";
                if (!Ipv4.valid(d.vip()) || !subnet.cidr().contains(d.vip()) || subnet.cidr().reserved(d.vip())) {
                    throw new IllegalArgumentException(field + ": `" + d.vip() + "` is not a usable address of subnet "
                            + subnet.id() + " (" + subnet.cidr() + ")");
                }
                if (lookup.used(subnet.vpcId(), d.vip()) || addresses.containsKey(subnet.vpcId() + "/" + d.vip())
                        || added.values().stream().anyMatch(h -> h.vpcId().equals(subnet.vpcId()) && h.vip().equals(d.vip()))) {
                    throw new IllegalArgumentException(field + ": " + d.vip() + " is already used in " + subnet.vpcId());
                }
                List<Association> scope = new ArrayList<>();
                if (d.associations() != null) {
                    for (StateDocument.AssociationDoc a : d.associations()) {
                        scope.add(new Association(a.instanceId(), a.instanceType() == null ? typeOf(a.instanceId()) : a.instanceType()));
                    }
                }
                String region = lookup.region(subnet.vpcId());
                String instance = null;
                if (d.networkInterfaceId() != null) {
                    String[] eni = lookup.eni(d.networkInterfaceId());
                    if (eni == null || !eni[0].equals(subnet.id())) {
                        throw new IllegalArgumentException("havip " + d.haVipId() + ": networkInterfaceId `" + d.networkInterfaceId()
                                + "` is not an ENI of subnet " + subnet.id() + "; bind it to one of its ENIs or leave it out");
                    }
                    instance = eni[1];
                }
                HaVip h = new HaVip(d.haVipId(), d.haVipName() == null ? d.haVipId() : d.haVipName(), d.vip(),
                        subnet.vpcId(), subnet.id(), region, d.networkInterfaceId(), instance, null, now(),
                        d.flushedTime() == null ? NEVER_FLUSHED : d.flushedTime(), scope, !scope.isEmpty());
                if (d.addressIp() != null) {
                    Eip eip = newEips.values().stream().filter(e -> e.ip().equals(d.addressIp())).findFirst()
                            .or(() -> eipByIp(d.addressIp(), region)).orElseThrow(() -> new IllegalArgumentException(
                                    "havip " + d.haVipId() + ": addressIp " + d.addressIp() + " is not a seeded EIP in " + region));
                    if (eip.haVipId() != null) {
                        throw new IllegalArgumentException("havip " + d.haVipId() + ": EIP " + d.addressIp() + " is already on " + eip.haVipId());
                    }
                    newEips.put(eip.id(), eip.with("BIND", d.haVipId()));
                    h = h.withAddress(d.addressIp());
                }
                added.put(h.id(), h);
            }
            return () -> {
                synchronized (lock) {
                    eips.putAll(newEips);
                    added.values().forEach(this::put);
                    version++;
                }
            };
        }
    }

    private static void requireId(String field, String id, Pattern p) {
        if (id == null || !p.matcher(id).matches()) {
            throw new IllegalArgumentException(field + ": `" + id + "` is not a valid id; write "
                    + p.pattern().substring(0, p.pattern().indexOf('-') + 1) + " followed by 8 lowercase letters or digits");
        }
    }

    static String typeOf(String instanceId) {
        return instanceId != null && instanceId.startsWith("ins-") ? "CVM" : "ENI";
    }

    private void put(HaVip h) {
        haVips.put(h.id(), h);
        addresses.put(h.vpcId() + "/" + h.vip(), h.id());
    }

    // ---------------------------------------------------------------- reading

    long version() {
        synchronized (lock) {
            return version;
        }
    }

    record Snapshot(List<HaVip> haVips, List<Eip> eips) {}

    Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(List.copyOf(haVips.values()), List.copyOf(eips.values()));
        }
    }

    Optional<HaVip> haVip(String id) {
        synchronized (lock) {
            return Optional.ofNullable(haVips.get(id));
        }
    }

    /** HAVIPs of {@code region} matching {@code filter}, in creation order, then Offset/Limit. */
    <T> VpcState.PageOf<T> describe(Function<Snapshot, List<T>> all, Predicate<T> filter, int offset, int limit) {
        List<T> matched = all.apply(snapshot()).stream().filter(filter).toList();
        int from = Math.min(offset, matched.size());
        int to = Math.min(from + limit, matched.size());
        return new VpcState.PageOf<>(List.copyOf(matched.subList(from, to)), matched.size());
    }

    Optional<Task> task(String region, String taskId) {
        synchronized (lock) {
            Task t = tasks.get(taskId);
            return t != null && t.region().equals(region) ? Optional.of(t) : Optional.empty();
        }
    }

    List<Claim> claimsAfter(long after) {
        synchronized (lock) {
            return claims.stream().filter(c -> c.seq() > after).toList();
        }
    }

    private Optional<Eip> eipByIp(String ip, String region) {
        return eips.values().stream().filter(e -> e.ip().equals(ip) && e.region().equals(region)).findFirst();
    }

    // ---------------------------------------------------------------- synchronous changes

    HaVip create(String region, String vpcId, String subnetId, String name, String vip, List<Association> scope,
                 boolean checkAssociate) {
        Model.Vpc v = vpc.vpc(vpcId).filter(x -> x.region().equals(region))
                .orElseThrow(() -> CloudError.notFound("VPC", vpcId));
        Subnet subnet = vpc.subnet(subnetId).filter(s -> s.vpcId().equals(v.id())).orElseThrow(() -> new CloudError(
                "UnsupportedOperation.SubnetNotExists", "The subnet `" + subnetId + "` does not exist in " + vpcId + "."));
        checkScope(region, scope);
        synchronized (lock) {
            long inVpc = haVips.values().stream().filter(h -> h.vpcId().equals(vpcId)).count();
            if (inVpc >= MAX_PER_VPC) {
                throw new CloudError("LimitExceeded", vpcId + " already has " + inVpc + " HAVIPs; the quota is " + MAX_PER_VPC + ".");
            }
            String address = vip;
            if (address != null) {
                if (!subnet.cidr().contains(address)) {
                    throw new CloudError("InvalidParameterValue.Range", "The Vip " + address + " is outside subnet "
                            + subnetId + " (" + subnet.cidr() + ").");
                }
                if (subnet.cidr().reserved(address)) {
                    throw new CloudError("InvalidParameterValue.Reserved", "The Vip " + address + " is reserved in subnet " + subnetId + ".");
                }
                if (inUse(vpcId, address)) {
                    throw new CloudError("InvalidParameterValue.Duplicate", "The Vip " + address + " is already used in " + vpcId + ".");
                }
            } else {
                for (long a = subnet.cidr().first(); address == null && a <= subnet.cidr().last(); a++) {
                    String ip = Ipv4.format(a);
                    if (!subnet.cidr().reserved(ip) && !inUse(vpcId, ip)) {
                        address = ip;
                    }
                }
                if (address == null) {
                    throw new CloudError("ResourceInsufficient", "Subnet " + subnetId + " has no free address for an HAVIP.");
                }
            }
            String id;
            do {
                id = String.format("havip-%08d", ++nextId);
            } while (haVips.containsKey(id));
            HaVip h = new HaVip(id, name, address, vpcId, subnetId, region, null, null, null, now(), NEVER_FLUSHED,
                    scope, checkAssociate || !scope.isEmpty());
            put(h);
            version++;
            return h;
        }
    }

    private boolean inUse(String vpcId, String ip) {
        return addresses.containsKey(vpcId + "/" + ip) || vpc.ownerOf(vpcId, ip).isPresent();
    }

    /** Every association names an existing ENI, or a CVM with an ENI, in {@code region}. */
    private void checkScope(String region, List<Association> scope) {
        for (Association a : scope) {
            boolean exists = "ENI".equals(a.instanceType())
                    ? vpc.eni(a.instanceId()).filter(e -> e.region().equals(region)).isPresent()
                    : vpc.enisOf(a.instanceId()).stream().anyMatch(e -> e.region().equals(region));
            if (!exists) {
                throw CloudError.notFound(a.instanceType().equals("ENI") ? "network interface" : "instance", a.instanceId());
            }
        }
    }

    /** Adds ({@code add}) or removes drift-scope entries, all or nothing; keyed by HAVIP id. */
    void changeScope(String region, Map<String, List<Association>> byHaVip, boolean add) {
        if (add) {
            byHaVip.values().forEach(list -> checkScope(region, list));
        }
        synchronized (lock) {
            Map<String, HaVip> changed = new LinkedHashMap<>();
            for (Map.Entry<String, List<Association>> e : byHaVip.entrySet()) {
                HaVip h = haVipIn(region, e.getKey());
                List<Association> set = new ArrayList<>(h.associations());
                for (Association a : e.getValue()) {
                    boolean present = set.stream().anyMatch(x -> x.instanceId().equals(a.instanceId()));
                    if (add && present) {
                        throw new CloudError("InvalidParameterValue.Duplicate", a.instanceId() + " is already associated with " + h.id() + ".");
                    }
                    if (!add && !present) {
                        throw new CloudError("ResourceNotFound", a.instanceId() + " is not associated with " + h.id() + ".");
                    }
                    if (add) {
                        set.add(a);
                    } else {
                        set.removeIf(x -> x.instanceId().equals(a.instanceId()));
                    }
                }
                if (set.size() > MAX_ASSOCIATIONS) {
                    throw new CloudError("LimitExceeded", h.id() + " would have " + set.size()
                            + " associated instances; at most " + MAX_ASSOCIATIONS + " are allowed.");
                }
                changed.put(h.id(), h.withAssociations(set));
            }
            changed.values().forEach(this::put);
            version++;
        }
    }

    /**
     * A gratuitous ARP for an HAVIP's address from {@code eniId}, seen by the VPC. {@code haVipOrVip}
     * is an HAVIP id, or an address (then the ENI's VPC says which HAVIP).
     * @return the record kept of it, and the ownership change to announce (or null)
     */
    Map.Entry<Claim, OwnershipChange> claim(String haVipOrVip, String eniId) {
        Optional<Eni> eni = vpc.eni(eniId);
        synchronized (lock) {
            HaVip h = haVips.get(haVipOrVip);
            if (h == null && eni.isPresent()) {
                String id = addresses.get(eni.get().vpcId() + "/" + haVipOrVip);
                h = id == null ? null : haVips.get(id);
            }
            Outcome outcome;
            OwnershipChange change = null;
            if (h == null) {
                outcome = Outcome.UNKNOWN_HAVIP;
            } else if (eni.isEmpty()) {
                outcome = Outcome.UNKNOWN_ENI;
            } else if (!eni.get().subnetId().equals(h.subnetId())) {
                outcome = Outcome.OTHER_SUBNET;
            } else if (!h.allows(eniId, eni.get().instanceId())) {
                outcome = Outcome.OUTSIDE_SCOPE;
            } else if (eniId.equals(h.eniId())) {
                outcome = Outcome.ALREADY_BOUND;
            } else {
                outcome = Outcome.FOLLOWED;
                put(h.boundTo(eniId, eni.get().instanceId(), now()));
                change = new OwnershipChange(h.vpcId(), h.vip(), eniId);
                version++;
            }
            Claim c = new Claim(++claimSeq, now(), h == null ? null : h.id(), h == null ? haVipOrVip : h.vip(), eniId, outcome);
            claims.addLast(c);
            if (claims.size() > MAX_CLAIMS_KEPT) {
                claims.removeFirst();
            }
            return new java.util.AbstractMap.SimpleImmutableEntry<>(c, change);
        }
    }

    // ---------------------------------------------------------------- async changes

    Task startEip(String region, String taskId, String haVipId, String addressIp, boolean associate) {
        synchronized (lock) {
            HaVip h = haVipIn(region, haVipId);
            Eip eip;
            if (associate) {
                eip = eipByIp(addressIp, region).orElseThrow(() -> CloudError.notFound("EIP", addressIp));
                requireIdle(haVipId, eip.id());
                if (h.addressIp() != null) {
                    throw new CloudError("UnsupportedOperation.BindEIP", haVipId + " already has the EIP " + h.addressIp()
                            + "; disassociate it first.");
                }
                if (eip.haVipId() != null || !"UNBIND".equals(eip.status())) {
                    throw new CloudError("UnsupportedOperation.BindEIP", "The EIP " + addressIp + " is " + eip.status()
                            + (eip.haVipId() != null ? " on " + eip.haVipId() : "") + "; an EIP can be bound to one HAVIP only.");
                }
            } else {
                if (h.addressIp() == null) {
                    throw new CloudError("UnsupportedOperation.UnbindEIP", haVipId + " has no EIP to disassociate.");
                }
                eip = eipByIp(h.addressIp(), region).orElseThrow(() -> CloudError.notFound("EIP", h.addressIp()));
            }
            requireIdle(haVipId, eip.id());
            Task task = new Task(taskId, associate ? Actions.HA_VIP_ASSOCIATE_ADDRESS_IP : Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP,
                    region, new HaVipWork(haVipId, eip.ip(), associate ? HaVipChange.ASSOCIATE_EIP : HaVipChange.DISASSOCIATE_EIP),
                    TaskStatus.RUNNING, "");
            eips.put(eip.id(), eip.with(associate ? "BINDING" : "UNBINDING", haVipId));
            begin(task, haVipId, eip.id());
            return task;
        }
    }

    Task startDelete(String region, String taskId, String haVipId) {
        synchronized (lock) {
            HaVip h = haVipIn(region, haVipId);
            requireIdle(haVipId);
            if (h.addressIp() != null) {
                throw new CloudError("ResourceInUse", haVipId + " still has the EIP " + h.addressIp() + "; disassociate it first.");
            }
            Task task = new Task(taskId, Actions.DELETE_HA_VIP, region, new HaVipWork(haVipId, null, HaVipChange.DELETE),
                    TaskStatus.RUNNING, "");
            begin(task, haVipId);
            return task;
        }
    }

    /** Ends a running task (applies it, or on failure undoes its marks); returns the changes to announce. */
    List<OwnershipChange> finish(String taskId, boolean fail) {
        synchronized (lock) {
            Task task = tasks.running(taskId);
            if (task == null) {
                return List.of();
            }
            HaVipWork w = (HaVipWork) task.work();
            HaVip h = haVips.get(w.haVipId());
            List<OwnershipChange> changes = new ArrayList<>();
            if (w.change() == HaVipChange.DELETE) {
                if (!fail) {
                    haVips.remove(h.id());
                    addresses.remove(h.vpcId() + "/" + h.vip());
                    if (h.eniId() != null) {
                        changes.add(new OwnershipChange(h.vpcId(), h.vip(), null));
                    }
                }
            } else {
                Eip eip = eipByIp(w.addressIp(), task.region()).orElseThrow();
                boolean associate = w.change() == HaVipChange.ASSOCIATE_EIP;
                boolean bound = associate != fail;
                eips.put(eip.id(), eip.with(bound ? "BIND" : "UNBIND", bound ? h.id() : null));
                put(h.withAddress(bound ? eip.ip() : null));
            }
            tasks.end(task, fail);
            version++;
            return changes;
        }
    }

    private HaVip haVipIn(String region, String id) {
        HaVip h = haVips.get(id);
        if (h == null || !h.region().equals(region)) {
            throw CloudError.notFound("HAVIP", id);
        }
        return h;
    }

    private void requireIdle(String... ids) {
        tasks.requireIdle(ids);
    }

    private void begin(Task task, String... ids) {
        tasks.begin(task, ids);
        version++;
    }
}
