package io.vippair.emulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar vippair-cloud-emulator.jar --port 18080 --admin-port 18081 --state state.yaml
 * [--secret-id X --secret-key Y] [--token T] [--host 127.0.0.1] [--task-delay-ms 300 | 100-2000]
 * [--threads N] [--seed N]}. The key may also come from env VIPPAIR_EMULATOR_SECRET_KEY (kept out of ps).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        CommandLine line = read(args, EmulatorConfig.defaults().withPorts(18080, 18081), System.out, System.err);
        if (!(line instanceof CommandLine.Run run)) {
            System.exit(((CommandLine.Exit) line).status());
            return;
        }
        EmulatorConfig config = run.config();
        CloudEmulator emulator = CloudEmulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println("cloud-emulator ready: endpoint " + emulator.endpoint() + ", admin " + emulator.adminUrl()
                + ", secretId " + emulator.secretId());
        stopped.await();
    }

    /** What the command line asks for: run with a config, or exit with a status (after printing why). */
    sealed interface CommandLine {
        record Run(EmulatorConfig config) implements CommandLine {}

        record Exit(int status) implements CommandLine {}
    }

    /** --help prints the usage on {@code out} (status 0); a bad flag prints one line and the usage on {@code err} (2). */
    static CommandLine read(String[] args, EmulatorConfig base, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("--version")) {
            out.println("cloud-emulator " + version());
            return new CommandLine.Exit(0);
        }
        try {
            return new CommandLine.Run(parse(args, base));
        } catch (HelpRequested e) {
            out.println(usage());
            return new CommandLine.Exit(0);
        } catch (IllegalArgumentException e) {
            err.println("cloud-emulator: " + e.getMessage());
            err.println(usage());
            return new CommandLine.Exit(2);
        }
    }

    /** The build's version (build.properties, filled in by Maven), "dev" when run from unfiltered sources. */
    static String version() {
        try (var in = Main.class.getResourceAsStream("build.properties")) {
            var p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (java.io.IOException e) {
            return "dev";
        }
    }

    /** Not an error: the caller prints the usage and exits 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    private static final List<String> FLAGS = List.of("--port", "--admin-port", "--host", "--state", "--secret-id",
            "--secret-key", "--token", "--threads", "--seed", "--task-delay-ms");

    static String usage() {
        return "usage: --port N --admin-port N [--state FILE.yaml|.json] [--secret-id ID --secret-key KEY] [--token T] "
                + "[--host ADDR] [--task-delay-ms MS|MIN-MAX] [--threads N] [--seed N] | --help | --version";
    }

    static EmulatorConfig parse(String[] args, EmulatorConfig base) {
        EmulatorConfig c = base;
        String secretId = c.secretId();
        String secretKey = System.getenv().getOrDefault("VIPPAIR_EMULATOR_SECRET_KEY", c.secretKey());
        String token = c.token();
        int api = c.apiPort();
        int admin = c.adminPort();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag " + flag + ": the flags are " + String.join(", ", FLAGS)
                        + " (see --help)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value: " + flag + " VALUE");
            }
            String v = args[++i];
            switch (flag) {
                case "--port" -> api = port(flag, v);
                case "--admin-port" -> admin = port(flag, v);
                case "--host" -> c = c.withHost(v);
                case "--state" -> c = c.withStateFile(Path.of(v));
                case "--secret-id" -> secretId = v;
                case "--secret-key" -> secretKey = v;
                case "--token" -> token = v;
                case "--threads" -> c = c.withThreads(integer(flag, v));
                case "--seed" -> c = c.withRandomSeed(integer(flag, v));
                case "--task-delay-ms" -> {
                    String[] range = v.split("-", 2);
                    long min = integer(flag, range[0]);
                    long max = range.length == 2 ? integer(flag, range[1]) : min;
                    c = c.withTaskDelay(Duration.ofMillis(min), Duration.ofMillis(max));
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return c.withPorts(api, admin).withAccount(secretId, secretKey, token);
    }

    private static int port(String flag, String v) {
        int p = integer(flag, v);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(flag + " must be a port between 0 and 65535, got " + v);
        }
        return p;
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, got `" + v + "`");
        }
    }
}
