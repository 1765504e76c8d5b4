package io.vippair.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The realism knobs, changeable while the emulator runs (embedded or through the admin API).
 * Action names are checked; {@link Actions#ANY} ("*") means every action for error, latency, hang,
 * malformed and task-failure settings. Nothing here touches the VPC state.
 */
public final class Faults {
    /** What the API does to one request before (or instead of) running it. */
    record Decision(CloudError error, Duration latency, boolean hang, boolean malformed) {}

    private record ErrorRule(String code, double probability) {}

    private final Duration defaultDelayMin;
    private final Duration defaultDelayMax;
    private final LongSupplier nanoTime;
    private final Random random;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ErrorRule>> errors = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hangs = new ConcurrentHashMap<>();
    private final Map<String, Double> malformed = new ConcurrentHashMap<>();
    private final Map<String, Double> taskFailures = new ConcurrentHashMap<>();
    private volatile Duration delayMin;
    private volatile Duration delayMax;
    private volatile String throttleCode = "RequestLimitExceeded";
    private volatile Runnable onHangCleared = () -> {};

    Faults(Duration delayMin, Duration delayMax, long seed, LongSupplier nanoTime) {
        this.defaultDelayMin = delayMin;
        this.defaultDelayMax = delayMax;
        this.nanoTime = nanoTime;
        this.random = new Random(seed);
        clear();
    }

    /** Per-action token bucket; {@code perSecond} must be positive (use a huge value to get it out of the way). */
    public Faults rateLimit(String action, double perSecond) {
        Actions.requireKnown("rateLimit action", action, false);
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rateLimit " + action + ": perSecond must be > 0, got " + perSecond
                    + "; use a large value such as 1e9 to disable throttling");
        }
        buckets.put(action, new TokenBucket(perSecond, nanoTime));
        return this;
    }

    /** The code a throttled request gets: RequestLimitExceeded (default) or LimitExceeded.ActionLimited. */
    public Faults throttleCode(String code) {
        if (!code.equals("RequestLimitExceeded") && !code.startsWith("RequestLimitExceeded.")
                && !code.equals("LimitExceeded.ActionLimited")) {
            throw new IllegalArgumentException("throttleCode: `" + code
                    + "` is not a Tencent throttling code; use RequestLimitExceeded or LimitExceeded.ActionLimited");
        }
        throttleCode = code;
        return this;
    }

    /** How long every async task (migrate, assign, unassign) runs; uniform in [min, max], fixed when equal. */
    public Faults migrationDelay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("migrationDelay: need 0 <= min <= max, got min=" + min + " max=" + max);
        }
        delayMin = min;
        delayMax = max;
        return this;
    }

    /** Answers {@code action} with error {@code code} with this probability (0 removes the rule). */
    public Faults error(String action, String code, double probability) {
        Actions.requireKnown("error action", action, true);
        if (code == null || !code.matches("[A-Za-z]+(\\.[A-Za-z0-9]+)*")) {
            throw new IllegalArgumentException("error code: `" + code + "` is not a Tencent error code such as InternalError or ResourceNotFound");
        }
        checkProbability("error " + action + " " + code, probability);
        Map<String, ErrorRule> rules = errors.computeIfAbsent(action, a -> new ConcurrentHashMap<>());
        if (probability == 0) {
            rules.remove(code);
        } else {
            rules.put(code, new ErrorRule(code, probability));
        }
        return this;
    }

    /** Adds this much time before the response is sent (Duration.ZERO removes it). */
    public Faults latency(String action, Duration latency) {
        Actions.requireKnown("latency action", action, true);
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency " + action + ": must not be negative, got " + latency);
        }
        latencies.put(action, latency);
        return this;
    }

    /** Never answers requests of {@code action} (until hang is turned off, the emulator closes, or a bounded time passes). */
    public Faults hang(String action, boolean hang) {
        Actions.requireKnown("hang action", action, true);
        hangs.put(action, hang);
        if (!hang) {
            onHangCleared.run();
        }
        return this;
    }

    /** Answers with HTTP 200 and a JSON body that lacks the "Response" envelope, with this probability. */
    public Faults malformed(String action, double probability) {
        Actions.requireKnown("malformed action", action, true);
        checkProbability("malformed " + action, probability);
        malformed.put(action, probability);
        return this;
    }

    /** Lets accepted async tasks end FAILED (state rolled back) with this probability. */
    public Faults taskFailure(String action, double probability) {
        Actions.requireKnown("taskFailure action", action, true);
        checkProbability("taskFailure " + action, probability);
        taskFailures.put(action, probability);
        return this;
    }

    /** Back to the defaults: reference rate limits, the configured task delay, no injected faults. */
    public Faults clear() {
        buckets.clear();
        Actions.DEFAULT_RATE_LIMITS.forEach((action, rate) -> buckets.put(action, new TokenBucket(rate, nanoTime)));
        errors.clear();
        latencies.clear();
        boolean hadHangs = hangs.values().stream().anyMatch(Boolean::booleanValue);
        hangs.clear();
        malformed.clear();
        taskFailures.clear();
        delayMin = defaultDelayMin;
        delayMax = defaultDelayMax;
        throttleCode = "RequestLimitExceeded";
        if (hadHangs) {
            onHangCleared.run();
        }
        return this;
    }

    // ---------------------------------------------------------------- used by the API

    void onHangCleared(Runnable r) {
        onHangCleared = r;
    }

    boolean hangs(String action) {
        return hangs.getOrDefault(action, false) || hangs.getOrDefault(Actions.ANY, false);
    }

    /** Throttling, then injected faults, for one request of {@code action}. */
    Decision decide(String action) {
        TokenBucket bucket = buckets.get(action);
        if (bucket != null && !bucket.tryAcquire()) {
            return new Decision(new CloudError(throttleCode, "Request rate of " + action + " exceeds "
                    + bucket.perSecond() + " per second; retry with backoff."), latency(action), false, false);
        }
        CloudError injected = null;
        for (String key : List.of(action, Actions.ANY)) {
            for (ErrorRule rule : errors.getOrDefault(key, Map.of()).values()) {
                if (injected == null && chance(rule.probability())) {
                    injected = new CloudError(rule.code(), "Injected fault: " + rule.code() + " for " + action + ".");
                }
            }
        }
        boolean malformedBody = chance(malformed.getOrDefault(action, 0.0)) || chance(malformed.getOrDefault(Actions.ANY, 0.0));
        return new Decision(injected, latency(action), hangs(action), malformedBody);
    }

    boolean taskFails(String action) {
        return chance(taskFailures.getOrDefault(action, 0.0)) || chance(taskFailures.getOrDefault(Actions.ANY, 0.0));
    }

    Duration nextTaskDelay() {
        Duration min = delayMin;
        Duration max = delayMax;
        long spread = max.toMillis() - min.toMillis();
        if (spread <= 0) {
            return min;
        }
        synchronized (random) {
            return min.plusMillis((long) (random.nextDouble() * (spread + 1)));
        }
    }

    /** The current settings, for GET /faults. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Double> rates = new LinkedHashMap<>();
        buckets.forEach((a, b) -> rates.put(a, b.perSecond()));
        out.put("rateLimits", rates);
        out.put("throttleCode", throttleCode);
        out.put("migrationDelay", Map.of("minMs", delayMin.toMillis(), "maxMs", delayMax.toMillis()));
        Map<String, Map<String, Double>> errs = new LinkedHashMap<>();
        errors.forEach((a, rules) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            rules.values().forEach(r -> m.put(r.code(), r.probability()));
            errs.put(a, m);
        });
        out.put("errors", errs);
        Map<String, Long> lat = new LinkedHashMap<>();
        latencies.forEach((a, d) -> lat.put(a, d.toMillis()));
        out.put("latencyMs", lat);
        out.put("hang", Map.copyOf(hangs));
        out.put("malformed", Map.copyOf(malformed));
        out.put("taskFailure", Map.copyOf(taskFailures));
        return out;
    }

    private Duration latency(String action) {
        Duration specific = latencies.get(action);
        return specific != null ? specific : latencies.getOrDefault(Actions.ANY, Duration.ZERO);
    }

    private boolean chance(double probability) {
        if (probability <= 0) {
            return false;
        }
        if (probability >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }

    private static void checkProbability(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(field + ": probability must be between 0 and 1, got " + p);
        }
    }
}
