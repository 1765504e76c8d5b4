package io.vippair.operator.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond a maximum size: for caches keyed by
 * credentials, which rotate (STS) and must not grow without bound. Not thread-safe: callers lock.
 */
public final class BoundedLru<K, V> extends LinkedHashMap<K, V> {
  private final int max;

  public BoundedLru(int max) {
    super(16, 0.75f, true);
    this.max = max;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > max;
  }
}
