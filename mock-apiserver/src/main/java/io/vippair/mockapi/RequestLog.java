package io.vippair.mockapi;

import java.util.ArrayDeque;
import java.util.List;

/**
 * "METHOD /path?query" of the last requests, bounded: a long demo or benchmark must not grow the
 * heap with it (the mock's own recorded requests are drained for the same reason).
 */
final class RequestLog {
  private final int capacity;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(String method, String path) {
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(method + " " + path);
  }

  synchronized List<String> snapshot() {
    return List.copyOf(lines);
  }
}
