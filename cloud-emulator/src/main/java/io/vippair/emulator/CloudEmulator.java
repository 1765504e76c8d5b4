package io.vippair.emulator;

import com.sun.net.httpserver.HttpServer;
import io.vippair.emulator.Model.Eni;
import io.vippair.emulator.Model.IpState;
import io.vippair.emulator.Model.PrivateIp;
import io.vippair.emulator.StateDocument.AccountDoc;
import io.vippair.emulator.StateDocument.EniDoc;
import io.vippair.emulator.StateDocument.SubnetDoc;
import io.vippair.emulator.StateDocument.VpcDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Tencent Cloud VPC API: the real tencentcloud-sdk-java talks to {@link #endpoint()}
 * over HTTP with real TC3 signatures; tests seed and inspect it directly or through the admin API
 * at {@link #adminUrl()}. Thread-safe.
 *
 * <pre>{@code
 * try (CloudEmulator emu = CloudEmulator.start(EmulatorConfig.defaults())) {
 *     emu.addVpc("vpc-1yxuk010", "ap-guangzhou");
 *     emu.addSubnet("subnet-aaaaaaaa", "vpc-1yxuk010", "10.0.1.0/24");
 *     emu.addEni("eni-pvsvph0u", "subnet-aaaaaaaa", "ins-aaaaaaaa", "10.0.1.17");
 *     emu.addPrivateIp("eni-pvsvph0u", "10.0.1.100");
 *     // HttpProfile.setEndpoint(emu.endpoint()); setProtocol("http://"); Credential(emu.secretId(), emu.secretKey())
 * }
 * }</pre>
 */
public final class CloudEmulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudEmulator.class);

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK and every answer takes ~40 ms; read once when the server classes load
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final EmulatorConfig config;
    private final VpcState state = new VpcState();
    private final HaVips haVips = new HaVips(state);
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong accountsVersion = new AtomicLong();
    private final RequestCounter counter = new RequestCounter();
    private final OwnershipNotifier notifier = new OwnershipNotifier();
    private final OwnershipEvents events = new OwnershipEvents();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor apiWorkers;
    private final ExecutorService adminWorkers;
    private final Faults faults;
    private final HungRequests hung;
    private final HttpServer apiServer;
    private final HttpServer adminServer;
    private long savedStateVersion = -1;
    private long savedAccountsVersion = -1;

    private CloudEmulator(EmulatorConfig config) throws IOException {
        this.config = config;
        this.scheduler = new ScheduledThreadPoolExecutor(2, daemon("emulator-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.faults = new Faults(config.taskDelayMin(), config.taskDelayMax(), config.randomSeed(), System::nanoTime);
        this.hung = new HungRequests(scheduler, config.hangLimit());
        faults.onHangCleared(hung::releaseAll);
        addAccount(config.secretId(), config.secretKey(), config.token());
        if (config.stateFile() != null && Files.exists(config.stateFile())) {
            seed(StateFiles.read(config.stateFile()));
            log.info("loaded state from {}", config.stateFile());
        }
        notifier.add(events);

        VpcApi api = new VpcApi(state, haVips, faults, scheduler, notifier::announce);
        Tc3Verifier verifier = config.verifySignatures()
                ? new Tc3Verifier(accounts::get, () -> System.currentTimeMillis() / 1000) : null;
        // bounded: when every worker is busy and the queue is full, the accepting thread runs the
        // request itself, which stops it from accepting more (back-pressure instead of growth)
        this.apiWorkers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), daemon("emulator-api"), new ThreadPoolExecutor.CallerRunsPolicy());
        this.adminWorkers = Executors.newFixedThreadPool(8, daemon("emulator-admin"));

        this.apiServer = HttpServer.create(new InetSocketAddress(config.host(), config.apiPort()), 1024);
        apiServer.createContext("/", new ApiHandler(verifier, api, faults, counter, hung, scheduler));
        apiServer.setExecutor(apiWorkers);
        this.adminServer = HttpServer.create(new InetSocketAddress(config.host(), config.adminPort()), 64);
        adminServer.createContext("/", new AdminHandler(this, events));
        adminServer.setExecutor(adminWorkers);
        apiServer.start();
        adminServer.start();
        if (config.stateFile() != null) {
            long every = config.persistInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::persistIfChanged, every, every, TimeUnit.MILLISECONDS);
        }
        log.info("Tencent VPC API emulator on http://{} (admin {}), {}", endpoint(), adminUrl(), config);
    }

    /** Starts both listeners; the state file, when configured and present, seeds the state. */
    public static CloudEmulator start(EmulatorConfig config) {
        try {
            return new CloudEmulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the cloud emulator on " + config.host(), e);
        }
    }

    /** "127.0.0.1:PORT": give it to HttpProfile.setEndpoint with setProtocol("http://"). */
    public String endpoint() {
        return config.host() + ":" + apiServer.getAddress().getPort();
    }

    public int apiPort() {
        return apiServer.getAddress().getPort();
    }

    public String adminUrl() {
        return "http://" + config.host() + ":" + adminServer.getAddress().getPort();
    }

    public String secretId() {
        return config.secretId();
    }

    public String secretKey() {
        return config.secretKey();
    }

    public CloudEmulator addAccount(String secretId, String secretKey) {
        return addAccount(secretId, secretKey, null);
    }

    /** @param token when non-null, requests signed with this key must send it as X-TC-Token */
    public CloudEmulator addAccount(String secretId, String secretKey, String token) {
        accounts.put(secretId, new Account(secretId, secretKey, token));
        accountsVersion.incrementAndGet();
        return this;
    }

    public CloudEmulator addVpc(String vpcId, String region) {
        return addVpc(vpcId, region, null);
    }

    /** @param cidr optional; when given, subnets must lie inside it */
    public CloudEmulator addVpc(String vpcId, String region, String cidr) {
        state.seed(s -> s.addVpc(vpcId, region, cidr));
        return this;
    }

    public CloudEmulator addSubnet(String subnetId, String vpcId, String cidr) {
        return addSubnet(subnetId, vpcId, cidr, null);
    }

    /** @param zone null: the VPC's region + "-1" */
    public CloudEmulator addSubnet(String subnetId, String vpcId, String cidr, String zone) {
        state.seed(s -> s.addSubnet(subnetId, vpcId, cidr, zone));
        return this;
    }

    /** An ENI with its primary IP; it is the instance's primary ENI if it is the instance's first. MAC generated. */
    public CloudEmulator addEni(String eniId, String subnetId, String instanceId, String primaryIp) {
        state.seed(s -> s.addEni(eniId, subnetId, instanceId, primaryIp, null, null, null));
        return this;
    }

    public CloudEmulator addEni(String eniId, String subnetId, String instanceId, String primaryIp, boolean primaryEni) {
        state.seed(s -> s.addEni(eniId, subnetId, instanceId, primaryIp, primaryEni, null, null));
        return this;
    }

    /** A secondary private IP, AVAILABLE on the ENI (no task, no ownership event). */
    public CloudEmulator addPrivateIp(String eniId, String ip) {
        state.seed(s -> s.addPrivateIp(eniId, ip, false, IpState.AVAILABLE));
        return this;
    }

    /** Adds everything in {@code doc}, or nothing if any part is invalid. */
    public CloudEmulator seed(StateDocument doc) {
        List<Account> newAccounts = new ArrayList<>();
        for (AccountDoc a : doc.accounts()) {
            newAccounts.add(new Account(a.secretId(), a.secretKey(), a.token()));
        }
        seedAll(doc, () -> state.seed(s -> {
            doc.vpcs().forEach(v -> s.addVpc(v.vpcId(), v.region(), v.cidr()));
            doc.subnets().forEach(n -> s.addSubnet(n.subnetId(), n.vpcId(), n.cidr(), n.zone()));
            for (EniDoc e : doc.networkInterfaces()) {
                s.addEni(e.networkInterfaceId(), e.subnetId(), e.instanceId(), e.primaryIp(), e.primary(), e.macAddress(), e.name());
                if (e.secondaryIps() != null) {
                    e.secondaryIps().forEach(ip -> s.addPrivateIp(e.networkInterfaceId(), ip, false, IpState.AVAILABLE));
                }
            }
        }));
        newAccounts.forEach(a -> addAccount(a.secretId(), a.secretKey(), a.token()));
        return this;
    }

    /** Checks the document's HAVIPs and EIPs against the state plus the document, then seeds all of it. */
    private void seedAll(StateDocument doc, Runnable seedVpc) {
        Map<String, String> docRegions = new LinkedHashMap<>();
        doc.vpcs().forEach(v -> docRegions.put(v.vpcId(), v.region()));
        Map<String, SubnetDoc> docSubnets = new LinkedHashMap<>();
        doc.subnets().forEach(n -> docSubnets.put(n.subnetId(), n));
        java.util.Set<String> docIps = new java.util.HashSet<>();
        Map<String, String[]> docEnis = new LinkedHashMap<>();
        for (EniDoc e : doc.networkInterfaces()) {
            docEnis.put(e.networkInterfaceId(), new String[] {e.subnetId(), e.instanceId()});
            SubnetDoc n = docSubnets.get(e.subnetId());
            String vpcId = n != null ? n.vpcId() : state.subnet(e.subnetId()).map(Model.Subnet::vpcId).orElse("");
            docIps.add(vpcId + "/" + e.primaryIp());
            if (e.secondaryIps() != null) {
                e.secondaryIps().forEach(ip -> docIps.add(vpcId + "/" + ip));
            }
        }
        Runnable commit = haVips.prepareSeed(doc.haVips(), doc.addresses(), new HaVips.Lookup() {
            @Override
            public Model.Subnet subnet(String subnetId) {
                SubnetDoc n = docSubnets.get(subnetId);
                if (n == null) {
                    return state.subnet(subnetId).orElse(null);
                }
                return new Model.Subnet(n.subnetId(), n.vpcId(), Ipv4.Cidr.parse("subnet " + subnetId + " cidr", n.cidr()), n.zone());
            }

            @Override
            public String region(String vpcId) {
                return docRegions.containsKey(vpcId) ? docRegions.get(vpcId) : state.vpc(vpcId).map(Model.Vpc::region).orElse("");
            }

            @Override
            public boolean used(String vpcId, String ip) {
                return docIps.contains(vpcId + "/" + ip) || state.ownerOf(vpcId, ip).isPresent();
            }

            @Override
            public String[] eni(String eniId) {
                return docEnis.containsKey(eniId) ? docEnis.get(eniId) : stateEni(eniId);
            }
        });
        seedVpc.run();
        commit.run();
    }

    /** An elastic public IP that HaVipAssociateAddressIp can bind (seeding, no task). */
    public CloudEmulator addEip(String addressId, String addressIp, String region) {
        haVips.prepareSeed(List.of(), List.of(new StateDocument.AddressDoc(addressId, addressIp, region)), seedLookup()).run();
        return this;
    }

    /** An HAVIP, UNBIND, with no drift scope (seeding; CreateHaVip picks ids itself). */
    public CloudEmulator addHaVip(String haVipId, String subnetId, String vip) {
        haVips.prepareSeed(List.of(new StateDocument.HaVipDoc(haVipId, null, subnetId, vip, null, null, null, null)),
                List.of(), seedLookup()).run();
        return this;
    }

    private HaVips.Lookup seedLookup() {
        return new HaVips.Lookup() {
            @Override
            public Model.Subnet subnet(String subnetId) {
                return state.subnet(subnetId).orElse(null);
            }

            @Override
            public String region(String vpcId) {
                return state.vpc(vpcId).map(Model.Vpc::region).orElse("");
            }

            @Override
            public boolean used(String vpcId, String ip) {
                return state.ownerOf(vpcId, ip).isPresent();
            }

            @Override
            public String[] eni(String eniId) {
                return stateEni(eniId);
            }
        };
    }

    private String[] stateEni(String eniId) {
        return state.eni(eniId).map(e -> new String[] {e.subnetId(), e.instanceId()}).orElse(null);
    }

    /**
     * What the VPC does when it sees {@code eniId} announce an HAVIP's address by gratuitous ARP:
     * the HAVIP follows unless the ENI is outside its drift scope or subnet. Every claim is recorded
     * ({@link #haVipClaims}); a binding that moves is announced to ownership listeners as (vpc, vip, eni).
     *
     * @param haVipOrVip an HAVIP id, or its address (the ENI's VPC picks the HAVIP)
     * @return the outcome: FOLLOWED, ALREADY_BOUND, OUTSIDE_SCOPE, OTHER_SUBNET, UNKNOWN_HAVIP or UNKNOWN_ENI
     */
    public String claimHaVip(String haVipOrVip, String eniId) {
        Map.Entry<HaVips.Claim, Model.OwnershipChange> result = haVips.claim(haVipOrVip, eniId);
        if (result.getValue() != null) {
            notifier.announce(List.of(result.getValue()));
        }
        return result.getKey().outcome().name();
    }

    /** The MAC address an ENI seeded without one gets (stable per id): a lab gives its interface the same. */
    public static String macOf(String eniId) {
        return VpcState.macFor(eniId);
    }

    /** The ENI that an HAVIP's address claim would name for this MAC address, if an ENI has it. */
    public Optional<String> eniWithMac(String mac) {
        return state.eniByMac(mac).map(Eni::id);
    }

    /** The recorded claims with a sequence number above {@code after} (the last 1,000 are kept). */
    public List<HaVips.Claim> haVipClaims(long after) {
        return haVips.claimsAfter(after);
    }

    /** The outcomes (FOLLOWED, OUTSIDE_SCOPE...) of the recorded claims by this ENI, oldest first. */
    public List<String> haVipClaimOutcomes(String eniId) {
        return haVips.claimsAfter(0).stream().filter(c -> eniId.equals(c.networkInterfaceId()))
                .map(c -> c.outcome().name()).toList();
    }

    /** The EIP address on an HAVIP now, if any. */
    public Optional<String> haVipEip(String haVipId) {
        return haVips.haVip(haVipId).map(Model.HaVip::addressIp);
    }

    /** The ENI an HAVIP is bound to now, if any. */
    public Optional<String> haVipOwner(String haVipId) {
        return haVips.haVip(haVipId).map(Model.HaVip::eniId);
    }

    /** The ENI that lists {@code ip} in {@code vpcId} (whatever its State), if any. */
    public Optional<String> ownerOf(String vpcId, String ip) {
        return state.ownerOf(vpcId, ip);
    }

    /** PENDING, MIGRATING, DELETING or AVAILABLE, if some ENI lists the IP. */
    public Optional<String> ipState(String vpcId, String ip) {
        return state.privateIp(vpcId, ip).map(p -> p.state().name());
    }

    /** RUNNING, SUCCESS or FAILED for a task id (the RequestId of an async call). */
    public Optional<String> taskStatus(String region, String taskId) {
        return state.task(region, taskId).map(t -> t.status().name());
    }

    /** API requests received with this X-TC-Action, whatever their outcome. */
    public long requests(String action) {
        return counter.of(action);
    }

    public long requests() {
        return counter.total();
    }

    Map<String, Long> requestsByAction() {
        return counter.snapshot();
    }

    public Faults faults() {
        return faults;
    }

    public CloudEmulator onOwnershipChange(OwnershipListener listener) {
        notifier.add(listener);
        return this;
    }

    /** The state as a document; secret keys and tokens are included only when {@code withSecrets}. */
    public StateDocument state(boolean withSecrets) {
        VpcState.Snapshot snap = state.snapshot();
        List<AccountDoc> acc = accounts.values().stream()
                .map(a -> new AccountDoc(a.secretId(), withSecrets ? a.secretKey() : null, withSecrets ? a.token() : null))
                .toList();
        List<VpcDoc> vpcs = snap.vpcs().stream()
                .map(v -> new VpcDoc(v.id(), v.region(), v.cidr() == null ? null : v.cidr().toString())).toList();
        List<SubnetDoc> subnets = snap.subnets().stream()
                .map(s -> new SubnetDoc(s.id(), s.vpcId(), s.cidr().toString(), s.zone())).toList();
        List<EniDoc> enis = new ArrayList<>();
        for (Eni e : snap.enis()) {
            String primaryIp = null;
            List<String> secondary = new ArrayList<>();
            Map<String, String> states = new LinkedHashMap<>();
            for (PrivateIp ip : e.ips()) {
                if (ip.primary()) {
                    primaryIp = ip.address();
                } else {
                    secondary.add(ip.address());
                }
                if (ip.state() != IpState.AVAILABLE) {
                    states.put(ip.address(), ip.state().name());
                }
            }
            enis.add(new EniDoc(e.id(), e.subnetId(), e.instanceId(), primaryIp, secondary, e.primary(), e.macAddress(),
                    e.name(), withSecrets || states.isEmpty() ? null : states));
        }
        HaVips.Snapshot hs = haVips.snapshot();
        List<StateDocument.HaVipDoc> havipDocs = hs.haVips().stream().map(h -> new StateDocument.HaVipDoc(h.id(), h.name(),
                h.subnetId(), h.vip(), h.eniId(), h.addressIp(),
                h.associations().isEmpty() ? null : h.associations().stream()
                        .map(a -> new StateDocument.AssociationDoc(a.instanceId(), a.instanceType())).toList(),
                h.flushedTime())).toList();
        List<StateDocument.AddressDoc> eipDocs = hs.eips().stream()
                .map(e -> new StateDocument.AddressDoc(e.id(), e.ip(), e.region())).toList();
        return new StateDocument(acc, vpcs, subnets, enis, havipDocs, eipDocs);
    }

    private synchronized void persistIfChanged() {
        long stateVersion = state.version() + haVips.version();
        long accountVersion = accountsVersion.get();
        if (stateVersion == savedStateVersion && accountVersion == savedAccountsVersion) {
            return;
        }
        try {
            StateFiles.write(config.stateFile(), state(true));
            savedStateVersion = stateVersion;
            savedAccountsVersion = accountVersion;
        } catch (RuntimeException e) {
            log.error("cannot save state to {}: {}", config.stateFile(), e.getMessage());
        }
    }

    /** Stops both listeners, drops running tasks, writes the state file one last time. */
    @Override
    public void close() {
        apiServer.stop(0);
        adminServer.stop(0);
        hung.releaseAll();
        scheduler.shutdownNow();
        apiWorkers.shutdownNow();
        adminWorkers.shutdownNow();
        notifier.close();
        if (config.stateFile() != null) {
            persistIfChanged();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** For the admin API. */
    Path stateFile() {
        return config.stateFile();
    }
}
