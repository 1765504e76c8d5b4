package io.vippair.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "VPC" hearing gratuitous ARP on the router's CVM links: tcpdump in the router namespace
 * reports every ARP packet, and each gratuitous ARP (sender address = target address) for a watched
 * HAVIP address becomes one announcement (the sender's MAC, the link it came in on). Every packet
 * is an event, so a repeated announcement with an unchanged MAC is heard too, which a look at the
 * neighbour table cannot tell apart from the last one.
 */
final class GarpSniffer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GarpSniffer.class);
  /** tcpdump -e -n -i any: "TIME DEV DIR ifindex N MAC ethertype ARP (0x0806), length L: Request who-has IP (...) tell IP, ...". */
  private static final Pattern GARP = Pattern.compile(
      "^\\S+\\s+(\\S+)\\s+(?:B|In|M)\\s+ifindex \\d+ ([0-9a-fA-F:]{17}) ethertype ARP .*?Request who-has "
          + "(\\d+\\.\\d+\\.\\d+\\.\\d+)(?: \\([^)]*\\))? tell (\\d+\\.\\d+\\.\\d+\\.\\d+)");

  /** One gratuitous ARP: the announced address, the sender's MAC and the router link it came in on. */
  record Announcement(String ip, String mac, String dev) {}

  private final Process tcpdump;
  private final Thread reader;

  private GarpSniffer(Process tcpdump, Thread reader) {
    this.tcpdump = tcpdump;
    this.reader = reader;
  }

  /** Parses one tcpdump line; empty unless it is a gratuitous ARP. */
  static Optional<Announcement> parse(String line) {
    Matcher m = GARP.matcher(line);
    if (!m.find() || !m.group(3).equals(m.group(4))) {
      return Optional.empty();
    }
    return Optional.of(new Announcement(m.group(3), m.group(2).toLowerCase(), m.group(1)));
  }

  /** Starts tcpdump in the namespace; each announcement of a watched address goes to {@code heard}. */
  static GarpSniffer start(String routerNs, Set<String> watched, BiConsumer<Announcement, Long> heard) {
    Process p;
    try {
      p = new ProcessBuilder(List.of("ip", "netns", "exec", routerNs, "tcpdump", "-l", "-n", "-e", "-i", "any", "arp"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new LabException("cannot run tcpdump in " + routerNs + " (Debian package tcpdump): " + e.getMessage(), e);
    }
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          parse(line).filter(a -> watched.contains(a.ip())).ifPresent(a -> {
            try {
              heard.accept(a, System.nanoTime());
            } catch (RuntimeException e) {
              log.warn("handling {} failed: {}", a, e.toString());
            }
          });
        }
      } catch (IOException e) {
        log.debug("tcpdump output ended: {}", e.toString());
      }
    }, "garp-sniffer");
    t.setDaemon(true);
    t.start();
    return new GarpSniffer(p, t);
  }

  @Override
  public void close() {
    tcpdump.destroy();
    reader.interrupt();
  }
}
