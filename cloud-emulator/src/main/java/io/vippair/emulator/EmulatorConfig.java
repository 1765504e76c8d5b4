package io.vippair.emulator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start a {@link CloudEmulator}. Start from {@link #defaults()} and change what you need with
 * the {@code with...} methods.
 *
 * @param host            address both listeners bind to (loopback by default; never expose it)
 * @param apiPort         port of the Tencent-compatible API, 0 = a free one
 * @param adminPort       port of the admin API, 0 = a free one
 * @param stateFile       YAML/JSON file to seed from and to keep the state in (null: memory only)
 * @param secretId        the default account's SecretId
 * @param secretKey       the default account's SecretKey
 * @param token           the default account's required X-TC-Token, null = none required
 * @param taskDelayMin    shortest async task (migration, assign, unassign)
 * @param taskDelayMax    longest async task
 * @param verifySignatures check TC3 signatures (only the benchmark's baseline turns this off)
 * @param threads         API worker threads
 * @param randomSeed      seed for fault probabilities and random delays (repeatable runs)
 * @param hangLimit       a hung request is closed after this long at the latest (bounds memory)
 * @param persistInterval the state file is written at most this often
 */
public record EmulatorConfig(String host, int apiPort, int adminPort, Path stateFile, String secretId, String secretKey,
                             String token, Duration taskDelayMin, Duration taskDelayMax, boolean verifySignatures,
                             int threads, long randomSeed, Duration hangLimit, Duration persistInterval) {

    public static final String DEFAULT_SECRET_ID = "AKIDvippairEmulator0000000000000000";
    /** A well-known fake key: the emulator guards nothing of value. */
    public static final String DEFAULT_SECRET_KEY = "vippairEmulatorSecretKey00000000";

    public EmulatorConfig {
        if (apiPort < 0 || apiPort > 65535 || adminPort < 0 || adminPort > 65535) {
            throw new IllegalArgumentException("ports must be between 0 and 65535 (0 = free port), got api=" + apiPort
                    + " admin=" + adminPort);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (taskDelayMin.isNegative() || taskDelayMax.compareTo(taskDelayMin) < 0) {
            throw new IllegalArgumentException("task delay: need 0 <= min <= max, got " + taskDelayMin + ".." + taskDelayMax);
        }
    }

    /** Loopback, free ports, no state file, the default account, 300 ms tasks, signatures checked. */
    public static EmulatorConfig defaults() {
        return new EmulatorConfig("127.0.0.1", 0, 0, null, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, null,
                Duration.ofMillis(300), Duration.ofMillis(300), true,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 1L, Duration.ofMinutes(2),
                Duration.ofMillis(200));
    }

    public EmulatorConfig withHost(String h) {
        return new EmulatorConfig(h, apiPort, adminPort, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withPorts(int api, int admin) {
        return new EmulatorConfig(host, api, admin, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withStateFile(Path file) {
        return new EmulatorConfig(host, apiPort, adminPort, file, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withAccount(String id, String key, String sessionToken) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, id, key, sessionToken, taskDelayMin, taskDelayMax,
                verifySignatures, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withTaskDelay(Duration min, Duration max) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, secretId, secretKey, token, min, max,
                verifySignatures, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withVerifySignatures(boolean verify) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verify, threads, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withThreads(int n) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, n, randomSeed, hangLimit, persistInterval);
    }

    public EmulatorConfig withRandomSeed(long seed) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, threads, seed, hangLimit, persistInterval);
    }

    public EmulatorConfig withHangLimit(Duration limit) {
        return new EmulatorConfig(host, apiPort, adminPort, stateFile, secretId, secretKey, token, taskDelayMin, taskDelayMax,
                verifySignatures, threads, randomSeed, limit, persistInterval);
    }

    /** Never prints the key or the token. */
    @Override
    public String toString() {
        return "EmulatorConfig[host=" + host + ", apiPort=" + apiPort + ", adminPort=" + adminPort + ", stateFile=" + stateFile
                + ", secretId=" + secretId + ", taskDelay=" + taskDelayMin.toMillis() + ".." + taskDelayMax.toMillis()
                + " ms, verifySignatures=" + verifySignatures + ", threads=" + threads + "]";
    }
}
