package io.vippair.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API requests as received, by X-TC-Action (unknown and missing actions included). */
final class RequestCounter {
    static final String NO_ACTION = "(none)";
    /** Bounds the map: clients may send any action name. */
    static final int MAX_DISTINCT_ACTIONS = 1000;
    private final Map<String, LongAdder> byAction = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void count(String action) {
        total.increment();
        String key = action == null || action.isEmpty() ? NO_ACTION : action;
        LongAdder adder = byAction.get(key);
        if (adder == null) {
            if (byAction.size() >= MAX_DISTINCT_ACTIONS) {
                key = "(other)";
            }
            adder = byAction.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    long total() {
        return total.sum();
    }

    long of(String action) {
        LongAdder a = byAction.get(action);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byAction.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
