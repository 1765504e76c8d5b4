package io.vippair.emulator;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.MigratePrivateIpAddressRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput and latency of the emulator with signature checks on, driven by N client threads.
 * Not a test: a harness that prints numbers (see docs/performance.md, "Cloud emulator").
 *
 * <p>Arguments (all optional): {@code --endpoint 127.0.0.1:18080 --admin http://127.0.0.1:18081}
 * to load a standalone emulator (e.g. one pinned with taskset), else an embedded one is started;
 * {@code --threads 8 --seconds 10 --warmup 5 --client sdk|raw|both --secret-id ID --secret-key KEY}; with
 * {@code --emulator-pid PID} it also reads that process's CPU time and prints CPU per request, which
 * stays meaningful on a machine shared with other load.
 * The emulator's rate limits are raised out of the way and task delay set to 0 through the admin API.
 */
public final class EmulatorBenchmark {
    private static final int DESCRIBE_IDS = 100;
    private static final int PAIRS_PER_THREAD = 8;

    private EmulatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int threads = Integer.parseInt(opts.getOrDefault("threads", "8"));
        emulatorPid = Long.parseLong(opts.getOrDefault("emulator-pid", "-1"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        String clients = opts.getOrDefault("client", "both");
        CloudEmulator embedded = null;
        String endpoint = opts.get("endpoint");
        String admin = opts.get("admin");
        String secretId = opts.getOrDefault("secret-id", EmulatorConfig.DEFAULT_SECRET_ID);
        String secretKey = opts.getOrDefault("secret-key", EmulatorConfig.DEFAULT_SECRET_KEY);
        if (endpoint == null) {
            embedded = CloudEmulator.start(EmulatorConfig.defaults());
            endpoint = embedded.endpoint();
            admin = embedded.adminUrl();
        }
        try {
            String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36), 36);
            run = "000".substring(run.length()) + run;
            Fixture fixture = Fixture.seed(admin, run, threads);
            System.out.printf("emulator %s, %d client threads, %d s per case, signatures checked%n", endpoint, threads, seconds);
            List<String> kinds = clients.equals("both") ? List.of("raw", "sdk") : List.of(clients);
            Migrator migrator = new Migrator(fixture);
            for (String kind : kinds) {
                Client client = kind.equals("sdk") ? new SdkClient(endpoint, secretId, secretKey) : new RawClient(endpoint, secretId, secretKey);
                // let the emulator's JIT settle first: its compiler threads would otherwise count as request CPU
                run("warm-up " + kind, threads, warmup, t -> client.describe(fixture.describeIds), false);
                run("warm-up " + kind, threads, warmup, t -> migrator.next(client, t), false);
                run("DescribeNetworkInterfaces(100 ids) " + kind, threads, seconds, t -> client.describe(fixture.describeIds), true);
                run("MigratePrivateIpAddress " + kind, threads, seconds, t -> migrator.next(client, t), true);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    interface Call {
        void run(int thread) throws Exception;
    }

    /** Set by --emulator-pid: the standalone emulator's CPU time is read from /proc around each case. */
    static long emulatorPid = -1;

    /** utime + stime of a process in ms (Linux, 100 ticks per second), or -1. */
    static long cpuMillis(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    static void run(String name, int threads, int seconds, Call call, boolean print) throws InterruptedException {
        long cpuBefore = cpuMillis(emulatorPid);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            int id = t;
            Thread w = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < lat.length) {
                    long start = System.nanoTime();
                    try {
                        call.run(id);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            System.out.println("  first error: " + e);
                        }
                    }
                    lat[n++] = System.nanoTime() - start;
                }
                counts[id] = n;
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        if (print) {
            System.out.printf("%-42s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p999 %6.2f ms  errors %d of %d%n", name,
                    total / (double) seconds, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), errors.get(), total);
            long cpu = cpuMillis(emulatorPid) - cpuBefore;
            if (cpuBefore >= 0 && total > 0) {
                double perRequest = cpu / (double) total;
                System.out.printf("%-42s emulator CPU %.3f ms/request -> %.0f req/s per fully used core%n", "",
                        perRequest, perRequest > 0 ? 1000 / perRequest : Double.POSITIVE_INFINITY);
            }
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /** 100 ENIs to describe, and per thread a few ENI pairs with a VIP each to migrate back and forth. */
    record Fixture(String[] describeIds, String[][] pairs, String[] vips) {
        static Fixture seed(String admin, String run, int threads) throws Exception {
            String vpc = "vpc-bench" + run;
            String subnet = "subnet-bench" + run;
            StringBuilder enis = new StringBuilder();
            String[] ids = new String[DESCRIBE_IDS];
            int host = 10;
            for (int i = 0; i < DESCRIBE_IDS; i++) {
                ids[i] = String.format("eni-d%s%04d", run, i);
                appendEni(enis, ids[i], subnet, ip(host++), null);
            }
            int pairCount = threads * PAIRS_PER_THREAD;
            String[][] pairs = new String[pairCount][];
            String[] vips = new String[pairCount];
            for (int p = 0; p < pairCount; p++) {
                pairs[p] = new String[] {String.format("eni-a%s%04d", run, p), String.format("eni-b%s%04d", run, p)};
                vips[p] = ip(host++);
                appendEni(enis, pairs[p][0], subnet, ip(host++), vips[p]);
                appendEni(enis, pairs[p][1], subnet, ip(host++), null);
            }
            String doc = "{\"vpcs\":[{\"vpcId\":\"" + vpc + "\",\"region\":\"ap-guangzhou\"}],"
                    + "\"subnets\":[{\"subnetId\":\"" + subnet + "\",\"vpcId\":\"" + vpc + "\",\"cidr\":\"10.9.0.0/16\"}],"
                    + "\"networkInterfaces\":[" + enis + "]}";
            post(admin + "/seed", doc);
            StringBuilder limits = new StringBuilder();
            for (String action : Actions.ALL) {
                limits.append(limits.length() == 0 ? "" : ",").append('"').append(action).append("\":1e9");
            }
            post(admin + "/faults", "{\"rateLimits\":{" + limits + "},\"migrationDelay\":{\"minMs\":0,\"maxMs\":0}}");
            return new Fixture(ids, pairs, vips);
        }

        private static String ip(int n) {
            return "10.9." + (n / 250) + "." + (n % 250 + 2);
        }

        private static void appendEni(StringBuilder b, String id, String subnet, String primary, String secondary) {
            b.append(b.length() == 0 ? "" : ",").append("{\"networkInterfaceId\":\"").append(id).append("\",\"subnetId\":\"")
                    .append(subnet).append("\",\"primaryIp\":\"").append(primary).append('"');
            if (secondary != null) {
                b.append(",\"secondaryIps\":[\"").append(secondary).append("\"]");
            }
            b.append('}');
        }

        private static void post(String url, String body) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** Each thread cycles over its own pairs, so a pair's previous (zero-delay) task is done when it comes back. */
    static final class Migrator {
        final Fixture fixture;
        final int[][] holder;
        final int[] cursor;

        Migrator(Fixture fixture) {
            this.fixture = fixture;
            this.holder = new int[fixture.pairs().length][1];
            this.cursor = new int[fixture.pairs().length / PAIRS_PER_THREAD];
        }

        void next(Client client, int thread) throws Exception {
            int p = thread * PAIRS_PER_THREAD + (cursor[thread]++ % PAIRS_PER_THREAD);
            String[] pair = fixture.pairs()[p];
            int from = holder[p][0];
            client.migrate(pair[from], pair[1 - from], fixture.vips()[p]);
            holder[p][0] = 1 - from;
        }
    }

    interface Client {
        void describe(String[] ids) throws Exception;

        void migrate(String from, String to, String ip) throws Exception;
    }

    static final class SdkClient implements Client {
        final ThreadLocal<VpcClient> clients;

        SdkClient(String endpoint, String id, String key) {
            clients = ThreadLocal.withInitial(() -> {
                HttpProfile http = new HttpProfile();
                http.setEndpoint(endpoint);
                http.setProtocol("http://");
                http.setConnTimeout(5);
                http.setReadTimeout(10);
                http.setWriteTimeout(10);
                ClientProfile profile = new ClientProfile();
                profile.setHttpProfile(http);
                return new VpcClient(new Credential(id, key), "ap-guangzhou", profile);
            });
        }

        @Override
        public void describe(String[] ids) throws TencentCloudSDKException {
            DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
            r.setNetworkInterfaceIds(ids);
            r.setLimit(100L);
            if (clients.get().DescribeNetworkInterfaces(r).getNetworkInterfaceSet().length != ids.length) {
                throw new IllegalStateException("short answer");
            }
        }

        @Override
        public void migrate(String from, String to, String ip) throws TencentCloudSDKException {
            MigratePrivateIpAddressRequest r = new MigratePrivateIpAddressRequest();
            r.setSourceNetworkInterfaceId(from);
            r.setDestinationNetworkInterfaceId(to);
            r.setPrivateIpAddress(ip);
            clients.get().MigratePrivateIpAddress(r);
        }
    }

    /** Hand-signed requests over the JDK client: shows what the emulator does without OkHttp/Gson overhead. */
    static final class RawClient implements Client {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        final String endpoint;
        final String id;
        final String key;

        RawClient(String endpoint, String id, String key) {
            this.endpoint = endpoint;
            this.id = id;
            this.key = key;
        }

        String call(String action, String body) throws Exception {
            long ts = System.currentTimeMillis() / 1000;
            String service = endpoint.split("\\.")[0];
            String canonical = Tc3.canonicalRequest("POST", "", List.of(Map.entry("content-type", "application/json"),
                    Map.entry("host", endpoint)), Tc3.sha256Hex(body));
            String date = Tc3.date(ts);
            String scope = Tc3.credentialScope(date, service);
            String auth = Tc3.authorization(id, scope, "content-type;host",
                    Tc3.signature(key, date, service, Tc3.stringToSign(ts, scope, canonical)));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                    .header("Content-Type", "application/json").header("Authorization", auth)
                    .header("X-TC-Action", action).header("X-TC-Version", "2017-03-12").header("X-TC-Region", "ap-guangzhou")
                    .header("X-TC-Timestamp", Long.toString(ts))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.body().contains("\"Error\"")) {
                throw new IllegalStateException(r.body());
            }
            return r.body();
        }

        @Override
        public void describe(String[] ids) throws Exception {
            StringBuilder b = new StringBuilder("{\"Limit\":100,\"NetworkInterfaceIds\":[");
            for (int i = 0; i < ids.length; i++) {
                b.append(i == 0 ? "\"" : ",\"").append(ids[i]).append('"');
            }
            call(Actions.DESCRIBE_NETWORK_INTERFACES, b.append("]}").toString());
        }

        @Override
        public void migrate(String from, String to, String ip) throws Exception {
            call(Actions.MIGRATE_PRIVATE_IP_ADDRESS, "{\"SourceNetworkInterfaceId\":\"" + from
                    + "\",\"DestinationNetworkInterfaceId\":\"" + to + "\",\"PrivateIpAddress\":\"" + ip + "\"}");
        }
    }
}
