package io.vippair.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns separated by three spaces, as kubectl prints. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final String indent;

  public Table(String indent, String... header) {
    this.indent = indent;
    rows.add(header);
  }

  public Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(r);
    return this;
  }

  public int size() {
    return rows.size() - 1;
  }

  public String render() {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        line.append(r[i]);
        if (i < cols - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 3));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
