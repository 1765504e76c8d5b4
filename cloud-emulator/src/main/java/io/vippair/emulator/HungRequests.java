package io.vippair.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Requests the "hang" fault never answers. They hold no thread, only the open connection; at most
 * {@link #MAX_HELD} are kept and each is closed after the hang limit, so nothing grows without bound.
 */
final class HungRequests {
    static final int MAX_HELD = 1000;
    private final ArrayDeque<HttpExchange> held = new ArrayDeque<>();
    private final ScheduledExecutorService scheduler;
    private final Duration limit;

    HungRequests(ScheduledExecutorService scheduler, Duration limit) {
        this.scheduler = scheduler;
        this.limit = limit;
    }

    void park(HttpExchange exchange) {
        HttpExchange evicted = null;
        synchronized (held) {
            held.addLast(exchange);
            if (held.size() > MAX_HELD) {
                evicted = held.pollFirst();
            }
        }
        if (evicted != null) {
            evicted.close();
        }
        scheduler.schedule(() -> release(exchange), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    int count() {
        synchronized (held) {
            return held.size();
        }
    }

    /** Closes the connection (the client sees it drop, if it has not given up already). */
    private void release(HttpExchange exchange) {
        boolean wasHeld;
        synchronized (held) {
            wasHeld = held.remove(exchange);
        }
        if (wasHeld) {
            exchange.close();
        }
    }

    void releaseAll() {
        List<HttpExchange> all;
        synchronized (held) {
            all = new ArrayList<>(held);
            held.clear();
        }
        all.forEach(HttpExchange::close);
    }
}
