package io.vippair.lab;

import io.vippair.api.v1alpha1.VipPairStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command demo: start the lab with three pairs, kill the keepalived of web's master
 * without warning, show the pairs live while vippair moves the VIP, then the timeline and the
 * outage the client measured; then a planned switchover back, with its outage.
 */
final class Demo {
  private static final String CLEAR_TABLE = "\033[%dA\033[J";

  private Demo() {}

  static int run(LabOptions options, boolean keep) {
    PrintStream out = System.out;
    out.println("vippair demo: 3 CVMs, 3 keepalived pairs, node agents, 2 operator replicas, an emulated Tencent VPC.");
    out.println("starting the lab (network namespaces, keepalived, agents, operator) ...");
    Instant t0 = Instant.now();
    Lab lab = Lab.start(Topology.standard(), options);
    try {
      out.printf("all pairs Ready after %.1f s%n%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
      LiveTable table = new LiveTable(lab, out, redrawInPlace());
      table.start();
      table.pause(Duration.ofSeconds(2));
      table.caption("killing keepalived (SIGKILL, no goodbye advert) on web's master ...");
      Instant killedAround = Instant.now();
      ScenarioResult r = new Scenarios(lab).keepalivedKilled();
      table.caption("web failed over: " + r.facts().get("old master") + " -> " + r.facts().get("new master"));
      table.pause(Duration.ofSeconds(2));
      table.stop();
      out.println();
      // every pair's lines: the other pairs on the same VM move too, and their cloud calls interleave
      out.println("timeline (ms from the kill, all pairs):");
      out.print(lab.timeline.render(killedAround, null));
      out.println();
      out.println("  VRRP       keepalived changed state on a CVM (from the agent's report: since)");
      out.println("  REPORT     the agent's report reached the API server (reportedAt)");
      out.println("  CLOUD_CALL the cloud API received the operator's MigratePrivateIpAddress");
      out.println("  DECISION   the operator recorded the accepted migration in status.migration");
      out.println("  OWNERSHIP  the cloud finished moving the VIP; the VPC router now sends it to the new master");
      out.println("  PING       the client's first answer from the VIP after that");
      out.println();
      out.printf("summary: %s -> %s; the client lost pings to %s for %d ms; vippair's part (report -> cloud call) %d ms; "
              + "the emulated cloud took %d ms to move the IP.%n",
          r.facts().get("old master"), r.facts().get("new master"), lab.topology.pair("web").vip(), r.outage().toMillis(),
          r.vippairMillis(), options.migrationDelay().toMillis());
      out.println("(Tencent's own HAVIP + keepalived tutorial reports about 4 s of lost pings per failover.)");
      out.println();
      plannedSwitchover(lab, out, r.facts().get("old master"));
      if (keep) {
        out.println();
        out.println("the lab keeps running; look around with:");
        out.println("  kubectl --kubeconfig " + lab.kubeconfig() + " get vp -A -o custom-columns="
            + "NAME:.metadata.name,VIP:.spec.vip.address,MASTER:.status.master,CLOUD-OWNER:.status.cloudOwner,PHASE:.status.phase,FAILOVERS:.status.failovers");
        out.println("  kubectl --kubeconfig " + lab.kubeconfig() + " get vp web -n lab -o yaml");
        out.println("  ip netns exec vpl-client ping 10.77.1.100");
        out.println("  logs: " + lab.logDir());
        out.println("Ctrl-C stops the lab and removes everything.");
        new CountDownLatch(1).await();
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      lab.close();
    }
  }

  /** After the failover: the VIP moved back on purpose (issue 14), with the outage the client saw. */
  private static void plannedSwitchover(Lab lab, PrintStream out, Object backTo) {
    LiveTable table = new LiveTable(lab, out, redrawInPlace());
    table.start();
    table.caption("planned switchover of web back to " + backTo + " (as 'vippair switchover lab/web --wait' files it) ...");
    ScenarioResult s = new DayTwoScenarios(lab, new Measure.Holder()).plannedSwitchover();
    table.caption("web switched over: " + s.facts().get("from") + " -> " + s.facts().get("to"));
    table.pause(Duration.ofSeconds(2));
    table.stop();
    out.println();
    out.printf("planned switchover: %s -> %s; the client lost pings to %s for %d ms; status.switchover: %s ms in all, outage"
            + " estimated %s ms; the VIP moved %d time(s).%n", s.facts().get("from"), s.facts().get("to"),
        lab.topology.pair("web").vip(), s.outage().toMillis(), s.facts().get("status.switchover.durationMs"),
        s.facts().get("status.switchover.outageEstimateMs"), s.ownershipChanges());
  }

  /**
   * Whether the demo may redraw its table in place: only on a terminal that understands cursor
   * movement. A pipe or a CI log has no console; TERM=dumb (Emacs shells, some CI runners) has one
   * but would print the escape sequences as garbage.
   */
  static boolean redrawInPlace() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** The pairs as a table, redrawn in place on a terminal, logged as changes otherwise. */
  static final class LiveTable {
    private final Lab lab;
    private final PrintStream out;
    private final boolean terminal;
    private final PairTable.ChangeLog changes = new PairTable.ChangeLog();
    private volatile String caption = "";
    private volatile boolean running;
    private Thread thread;
    private int lines;

    LiveTable(Lab lab, PrintStream out, boolean terminal) {
      this.lab = lab;
      this.out = out;
      this.terminal = terminal;
    }

    void start() {
      running = true;
      thread = new Thread(this::loop, "demo-table");
      thread.setDaemon(true);
      thread.start();
    }

    void caption(String text) {
      caption = text;
    }

    void pause(Duration d) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stop() {
      running = false;
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      draw();
    }

    private void loop() {
      while (running) {
        draw();
        pause(Duration.ofMillis(200));
      }
    }

    private synchronized void draw() {
      List<PairTable.Row> rows = rows();
      if (terminal) {
        String table = PairTable.render(rows, caption);
        if (lines > 0) {
          out.printf(CLEAR_TABLE, lines);
        }
        out.print(table);
        lines = (int) table.chars().filter(c -> c == '\n').count();
      } else {
        changes.next(Instant.now(), rows, caption).forEach(out::println);
      }
      out.flush();
    }

    private List<PairTable.Row> rows() {
      List<PairTable.Row> rows = new ArrayList<>();
      for (Topology.Pair p : lab.topology.pairs()) {
        VipPairStatus s = lab.watch().status(p.name()).orElse(new VipPairStatus());
        rows.add(new PairTable.Row(p.name(), p.vip(), s.getMaster(), lab.cloudOwner(p.name()).orElse(null),
            s.getPhase() == null ? null : s.getPhase().name(), lab.prober(p.name()).answering(),
            s.getFailovers() == null ? 0 : s.getFailovers()));
      }
      return rows;
    }
  }
}
