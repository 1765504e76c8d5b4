package io.vippair.emulator;

import java.util.function.LongSupplier;

/**
 * A per-action throttle: holds at most one second's worth of tokens and refills continuously, so a
 * burst gets at most {@code perSecond} calls through and then {@code perSecond} per second.
 */
final class TokenBucket {
    private final double perSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.tokens = perSecond;
        this.last = nanoTime.getAsLong();
    }

    double perSecond() {
        return perSecond;
    }

    synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
