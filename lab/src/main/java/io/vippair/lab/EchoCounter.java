package io.vippair.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the ICMP echo requests for one address that arrive on a CVM's eth0 (tcpdump in its
 * namespace): which CVM the VPC router delivers the VIP's traffic to, whatever else the CVM
 * answers (its other pairs' VIPs are pinged too).
 */
final class EchoCounter implements AutoCloseable {
  private final Process tcpdump;
  private final AtomicLong count = new AtomicLong();

  private EchoCounter(Process tcpdump) {
    this.tcpdump = tcpdump;
  }

  static EchoCounter start(String ns, String address) {
    Process p;
    try {
      p = new ProcessBuilder(Cmd.inNetns(ns, List.of("tcpdump", "-l", "-n", "-i", "eth0",
          "icmp[icmptype] == icmp-echo and dst host " + address))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new LabException("cannot run tcpdump in " + ns + " (Debian package tcpdump): " + e.getMessage(), e);
    }
    EchoCounter c = new EchoCounter(p);
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.contains("ICMP echo request")) {
            c.count.incrementAndGet();
          }
        }
      } catch (IOException e) {
        // tcpdump ended
      }
    }, "echo-counter-" + ns);
    t.setDaemon(true);
    t.start();
    return c;
  }

  long count() {
    return count.get();
  }

  @Override
  public void close() {
    tcpdump.destroy();
  }
}
