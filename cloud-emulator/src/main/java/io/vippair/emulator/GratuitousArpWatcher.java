package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the VPC's part in HAVIP binding for a lab: watches a router's neighbour table and, when
 * the MAC address behind an HAVIP's address changes (a gratuitous ARP from another member), claims
 * the HAVIP for the ENI with that MAC. The source is injectable, so it is tested without root;
 * {@link #ipNeigh(List)} reads {@code ip -j neigh show} (run it inside the router's namespace).
 * Linux only updates existing entries from gratuitous ARP unless {@code arp_accept=1}: set it on
 * the router's member-facing links.
 *
 * <p>A router with several member links keeps one entry per link for the same address (the old
 * announcer's and the new one's), so entries are told apart by their device, and once a claim is
 * followed the entries of the address on other devices are forgotten ({@code forget}, e.g. {@code ip
 * neigh del}): the next announcement from there then shows up as a new entry. An entry that is
 * still there on the next poll (the forget did not take) is not claimed again while its MAC stays.
 */
public final class GratuitousArpWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GratuitousArpWatcher.class);

    /** One neighbour entry: an IPv4 address, the MAC it resolves to (null while incomplete) and its device. */
    public record Neighbour(String ip, String mac, String dev) {
        public Neighbour(String ip, String mac) {
            this(ip, mac, "");
        }
    }

    /** Reads the neighbour table. */
    @FunctionalInterface
    public interface NeighbourSource {
        List<Neighbour> read() throws IOException;
    }

    /** Sends a claim; {@link CloudEmulator#claimHaVip} fits. */
    @FunctionalInterface
    public interface Claimer {
        String claim(String vip, String eniId);
    }

    /** A claim the watcher made. */
    public record Sent(String vip, String mac, String eniId, String outcome) {}

    private final NeighbourSource source;
    private final Supplier<Set<String>> vips;
    private final Function<String, Optional<String>> eniOfMac;
    private final Claimer claimer;
    private final Consumer<Neighbour> forget;
    /** "ip%dev" → the MAC last seen there. */
    private final Map<String, String> lastMac = new HashMap<>();
    private ScheduledExecutorService timer;

    /**
     * @param vips     the HAVIP addresses to watch (asked on every poll)
     * @param eniOfMac the ENI with a MAC address ({@link CloudEmulator#eniWithMac} fits)
     */
    public GratuitousArpWatcher(NeighbourSource source, Supplier<Set<String>> vips,
                                Function<String, Optional<String>> eniOfMac, Claimer claimer) {
        this(source, vips, eniOfMac, claimer, n -> { });
    }

    /** @param forget removes a neighbour entry (the stale ones of an address whose claim was followed) */
    public GratuitousArpWatcher(NeighbourSource source, Supplier<Set<String>> vips,
                                Function<String, Optional<String>> eniOfMac, Claimer claimer, Consumer<Neighbour> forget) {
        this.source = source;
        this.vips = vips;
        this.eniOfMac = eniOfMac;
        this.claimer = claimer;
        this.forget = forget;
    }

    /** For an embedded emulator: claims go straight to it. */
    public static GratuitousArpWatcher forEmulator(CloudEmulator emu, NeighbourSource source, Supplier<Set<String>> vips) {
        return new GratuitousArpWatcher(source, vips, emu::eniWithMac, emu::claimHaVip);
    }

    /** For an embedded emulator, forgetting the stale entries of a followed address with {@code forget}. */
    public static GratuitousArpWatcher forEmulator(CloudEmulator emu, NeighbourSource source, Supplier<Set<String>> vips,
                                                   Consumer<Neighbour> forget) {
        return new GratuitousArpWatcher(source, vips, emu::eniWithMac, emu::claimHaVip, forget);
    }

    /**
     * Reads the table once and claims every watched address whose MAC changed since the last poll
     * (or was first seen). A MAC no ENI has is remembered but not claimed.
     */
    public synchronized List<Sent> poll() throws IOException {
        Set<String> watched = vips.get();
        List<Sent> sent = new ArrayList<>();
        List<Neighbour> table = source.read();
        // an entry that is gone (deleted, expired) is new when it comes back
        java.util.Set<String> present = new java.util.HashSet<>();
        table.forEach(n -> present.add(n.ip() + "%" + n.dev()));
        lastMac.keySet().retainAll(present);
        for (Neighbour n : table) {
            if (n.mac() == null || !watched.contains(n.ip())) {
                continue;
            }
            String mac = n.mac().toLowerCase();
            if (mac.equals(lastMac.put(n.ip() + "%" + n.dev(), mac))) {
                continue;
            }
            Optional<String> eni = eniOfMac.apply(mac);
            if (eni.isEmpty()) {
                log.info("{} is announced by {}, which is no ENI's MAC; not claimed", n.ip(), mac);
                continue;
            }
            String outcome = claimer.claim(n.ip(), eni.get());
            log.info("{} announced by {} ({}): {}", n.ip(), eni.get(), mac, outcome);
            sent.add(new Sent(n.ip(), mac, eni.get(), outcome));
            if ("FOLLOWED".equals(outcome)) {
                for (Neighbour other : table) {
                    if (other.ip().equals(n.ip()) && !other.dev().equals(n.dev())) {
                        forget.accept(other);
                    }
                }
            }
        }
        return sent;
    }

    /** Polls every {@code interval} on a daemon thread until closed; read failures are logged and retried. */
    public synchronized GratuitousArpWatcher start(Duration interval) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "garp-watcher");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    poll();
                } catch (IOException | RuntimeException e) {
                    log.warn("cannot read the neighbour table: {}", e.toString());
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Runs {@code command} (e.g. {@code ip netns exec router ip -j neigh show}) and parses its JSON. */
    public static NeighbourSource ipNeigh(List<String> command) {
        return () -> {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            try (InputStream out = p.getInputStream()) {
                String json = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException(command + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
                }
                return parseIpNeigh(json);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                p.destroy();
            }
        };
    }

    /** Parses {@code ip -j neigh show}: [{"dst", "dev", "lladdr", "state": [...]}]; FAILED/INCOMPLETE entries have no MAC. */
    static List<Neighbour> parseIpNeigh(String json) throws IOException {
        List<Neighbour> out = new ArrayList<>();
        JsonNode root = json.isBlank() ? null : StateFiles.JSON.readTree(json);
        if (root == null) {
            return out;
        }
        if (!root.isArray()) {
            throw new IOException("ip -j neigh: expected a JSON array");
        }
        for (JsonNode n : root) {
            String dst = n.path("dst").asText(null);
            if (dst != null && Ipv4.valid(dst)) {
                out.add(new Neighbour(dst, n.hasNonNull("lladdr") ? n.get("lladdr").asText() : null, n.path("dev").asText("")));
            }
        }
        return out;
    }
}
