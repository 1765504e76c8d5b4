package io.vippair.lab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's pair table, as text. A terminal gets the whole table redrawn in place ({@link #render});
 * anything else (a CI log, a pipe, a file) gets a {@link ChangeLog}: a reader of a log cannot see a
 * redraw, and a header and three rows repeated five times a second bury the one row that changed.
 */
final class PairTable {
  private static final String FORMAT = "%-6s %-12s %-7s %-12s %-11s %-6s %s";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private PairTable() {}

  /** One pair as the demo shows it; null fields are shown as "-". */
  record Row(String pair, String vip, String master, String cloudOwner, String phase, boolean answering, long failovers) {}

  static String header() {
    return String.format(FORMAT, "PAIR", "VIP", "MASTER", "CLOUD-OWNER", "PHASE", "PING", "FAILOVERS");
  }

  static String line(Row r) {
    return String.format(FORMAT, dash(r.pair()), dash(r.vip()), dash(r.master()), dash(r.cloudOwner()), dash(r.phase()),
        r.answering() ? "ok" : "LOST", r.failovers());
  }

  /** The whole table, caption last, for a terminal that redraws it in place. */
  static String render(List<Row> rows, String caption) {
    var sb = new StringBuilder(header()).append('\n');
    rows.forEach(r -> sb.append(line(r)).append('\n'));
    if (!caption.isEmpty()) {
      sb.append(caption).append('\n');
    }
    return sb.toString();
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  /**
   * The table for output that is not a terminal: the header once, then a line stamped with the time
   * (UTC, to the millisecond) for each pair whose row changed since it was last printed, and for
   * each new caption. Nothing is ever printed twice, and nothing can move a cursor: control
   * characters in a value (they come from the API server) are replaced, so a log stays plain text.
   */
  static final class ChangeLog {
    private final Map<String, String> printed = new HashMap<>();
    private boolean headerPrinted;
    private String caption = "";

    /** The lines to print for this refresh; empty when nothing changed. */
    List<String> next(Instant at, List<Row> rows, String caption) {
      List<String> out = new ArrayList<>();
      String stamp = TIME.format(at);
      if (!headerPrinted) {
        out.add(plain(String.format("%-12s %s", "TIME(UTC)", header())));
        headerPrinted = true;
      }
      for (Row r : rows) {
        String line = plain(line(r));
        if (!line.equals(printed.put(dash(r.pair()), line))) {
          out.add(stamp + " " + line);
        }
      }
      if (!caption.isEmpty() && !caption.equals(this.caption)) {
        out.add(stamp + " " + plain(caption));
      }
      this.caption = caption;
      return out;
    }

    private static String plain(String s) {
      var sb = new StringBuilder(s.length());
      s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
      return sb.toString().stripTrailing();
    }
  }
}
