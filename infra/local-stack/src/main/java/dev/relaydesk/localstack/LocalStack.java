package dev.relaydesk.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The command line of the local stack ({@code ./relaydesk up|stop|status|reset}): a thin layer over {@link
 * LocalPlatform} that adds what only a terminal needs: a foreground run that Ctrl-C stops in order, a pid file so that
 * another terminal can stop it, a status report and a reset.
 */
public final class LocalStack {

    private static final Duration LAUNCHER_STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final int NOT_RUNNING = 3;

    private final PrintStream out;
    private final long started = System.nanoTime();

    LocalStack(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = new LocalStack(System.out).run(args);
        } catch (RuntimeException e) {
            System.err.println("relaydesk: " + e.getMessage());
            exit = 1;
        }
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    /** Runs a command; a negative result means "keep the JVM alive" (the foreground {@code up}). */
    int run(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        // options alone mean "up", except --help, which is help and nothing else
        String command = rest.isEmpty()
                        || (rest.getFirst().startsWith("--") && !rest.getFirst().equals("--help"))
                ? "up"
                : rest.removeFirst();
        Options options = Options.parse(rest);
        return switch (command) {
            case "up" -> up(options);
            case "stop" -> stop(options);
            case "status" -> status(options);
            case "reset" -> reset(options);
            case "help", "-h", "--help" -> {
                out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.print("relaydesk: unknown command '" + command + "'\n" + USAGE);
                yield 2;
            }
        };
    }

    // ---------------------------------------------------------------- up

    private int up(Options options) {
        LocalPlatform.Builder builder = options.builder().progress(this::say);
        LocalPlatform platform = builder.create();
        Path home = platform.home();
        RunDirectory run = new RunDirectory(home.resolve("run"));
        Optional<ProcessHandle> other = run.read(RunDirectory.LAUNCHER).flatMap(ProcessRecord::live);
        if (run.isLocked() || other.isPresent()) {
            System.err.println("relaydesk: the local stack is already running on " + home
                    + other.map(p -> " (launcher pid " + p.pid() + ")").orElse("")
                    + "; see ./relaydesk status, or stop it with ./relaydesk stop");
            return 1;
        }
        run.record(ProcessRecord.of(RunDirectory.LAUNCHER, ProcessHandle.current()));
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stopAll = () -> {
            if (!signalled.compareAndSet(false, true)) {
                say("already stopping (applications get "
                        + options.stopTimeout().toSeconds() + " s to finish before they are killed)");
                return;
            }
            Thread.ofPlatform().name("relaydesk-stop").start(() -> {
                say("stopping the local stack");
                platform.close();
                run.forget(RunDirectory.LAUNCHER);
                say("stopped");
                stopped.countDown();
                System.exit(0);
            });
        };
        for (String signal : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(signal), any -> stopAll.run());
            } catch (IllegalArgumentException e) {
                // signal not available here: the platform's shutdown hook still stops everything
            }
        }
        say("Relaydesk local stack, data in " + home);
        try {
            platform.startCreated();
        } catch (RuntimeException e) {
            if (signalled.get()) {
                awaitQuietly(stopped);
                return 0;
            }
            run.forget(RunDirectory.LAUNCHER);
            System.err.println();
            System.err.println("relaydesk: the local stack did not start: " + e.getMessage());
            System.err.println("logs: " + home.resolve("logs"));
            return 1;
        }
        printSummary(platform);
        awaitQuietly(stopped);
        return -1;
    }

    private void printSummary(LocalPlatform platform) {
        Path logs = platform.home().resolve("logs");
        List<String> services = new ArrayList<>();
        for (App app : platform.apps()) {
            if (app != App.GATEWAY) {
                services.add(app.moduleName() + " :" + platform.port(app));
            }
        }
        out.println();
        out.printf(
                Locale.ROOT, "Relaydesk is up (%.1f s from start to all healthy)%n", seconds(platform.startupTime()));
        if (platform.apps().contains(App.GATEWAY)) {
            out.println("  gateway     " + platform.gatewayUrl() + "   log in as admin / admin (tenant 'default')");
        }
        if (!services.isEmpty()) {
            out.println("  services    " + String.join(", ", services));
        }
        out.println("  PostgreSQL  127.0.0.1:" + platform.postgresPort() + " (postgres / postgres)");
        out.println("  Kafka       " + platform.kafkaBootstrapServers());
        out.println("  mail        SMTP 127.0.0.1:" + platform.smtpPort() + "; every message filed in "
                + platform.mailDirectory() + "/*.eml");
        out.println("  logs        " + logs + "/<app>.log");
        out.println("  stop        Ctrl-C here, or ./relaydesk stop from another terminal");
        out.println();
    }

    // ---------------------------------------------------------------- stop

    private int stop(Options options) {
        Path home = options.home();
        RunDirectory run = new RunDirectory(home.resolve("run"));
        Optional<ProcessHandle> launcher = run.read(RunDirectory.LAUNCHER).flatMap(ProcessRecord::live);
        boolean didSomething = false;
        if (launcher.isPresent()) {
            ProcessHandle process = launcher.get();
            say("stopping the local stack (launcher pid " + process.pid() + ")");
            process.destroy();
            if (!ProcessRecord.awaitExit(process, LAUNCHER_STOP_TIMEOUT)) {
                say("the launcher did not stop within " + LAUNCHER_STOP_TIMEOUT.toSeconds() + " s; killing it");
                process.destroyForcibly();
                ProcessRecord.awaitExit(process, Duration.ofSeconds(10));
            }
            didSomething = true;
        }
        run.forget(RunDirectory.LAUNCHER);
        if (run.isLocked()) {
            System.err.println("relaydesk: " + home + " is in use by another process (a test?); not touching it");
            return 1;
        }
        int strays = LocalPlatform.stopStrays(run, this::say);
        try {
            PostgresServer.clearStaleServer(home.resolve("postgres"));
        } catch (java.io.IOException e) {
            System.err.println("relaydesk: " + e.getMessage());
        }
        run.forgetStack();
        say(didSomething || strays > 0 ? "stopped" : "not running");
        return 0;
    }

    // ---------------------------------------------------------------- status

    private int status(Options options) {
        Path home = options.home();
        RunDirectory run = new RunDirectory(home.resolve("run"));
        Optional<ProcessHandle> launcher = run.read(RunDirectory.LAUNCHER).flatMap(ProcessRecord::live);
        Properties stack = run.readStack();
        List<ProcessRecord> children = run.children();
        if (launcher.isEmpty() && children.stream().allMatch(r -> r.live().isEmpty())) {
            out.println("not running (home " + home + ")");
            return NOT_RUNNING;
        }
        out.println(launcher.map(p -> "running, launcher pid " + p.pid())
                        .orElse("launcher NOT running (left-over " + "processes below: ./relaydesk stop cleans up)")
                + (stack.containsKey("started") ? ", since " + stack.getProperty("started") : ""));
        out.println("home " + home);
        HealthProbe probe = new HealthProbe();
        out.printf("%-22s %-8s %-7s %s%n", "PROCESS", "PID", "PORT", "STATE");
        for (ProcessRecord record : children) {
            Optional<ProcessHandle> live = record.live();
            String port = stack.getProperty("port." + record.name(), "");
            String state;
            if (live.isEmpty()) {
                state = "not running";
            } else if (record.name().equals(LocalPlatform.POSTGRES)
                    || record.name().equals(LocalPlatform.KAFKA)) {
                state = !port.isEmpty() && PortPlan.isListening(Integer.parseInt(port)) ? "listening" : "no answer";
            } else {
                state = port.isEmpty() ? "running" : probe.status(Integer.parseInt(port));
            }
            String rss = live.map(LocalStack::residentMegabytes).orElse("");
            out.printf("%-22s %-8s %-7s %s%s%n", record.name(), record.pid(), port, state, rss);
        }
        String apps = stack.getProperty("apps", "");
        if (stack.containsKey("port." + App.GATEWAY.moduleName()) && apps.contains(App.GATEWAY.moduleName())) {
            out.println("gateway http://localhost:" + stack.getProperty("port." + App.GATEWAY.moduleName()));
        }
        return 0;
    }

    /** The resident set size from {@code /proc}, as {@code "  (123 MB RSS)"}, or "" where unknown. */
    static String residentMegabytes(ProcessHandle process) {
        try {
            for (String line :
                    java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return "  (" + kb / 1024 + " MB RSS)";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return "";
    }

    // ---------------------------------------------------------------- reset

    private int reset(Options options) {
        Path home = options.home();
        RunDirectory run = new RunDirectory(home.resolve("run"));
        boolean launcherAlive =
                run.read(RunDirectory.LAUNCHER).flatMap(ProcessRecord::live).isPresent();
        boolean childAlive = run.children().stream().anyMatch(r -> r.live().isPresent());
        if (launcherAlive || childAlive || run.isLocked()) {
            System.err.println(
                    "relaydesk: the local stack is running on " + home + "; stop it first: ./relaydesk stop");
            return 1;
        }
        if (!java.nio.file.Files.exists(home)) {
            say("nothing to reset (" + home + " does not exist)");
            return 0;
        }
        StackHome.delete(home);
        say("deleted " + home + " (databases, Kafka topics, logs, keys)");
        return 0;
    }

    // ---------------------------------------------------------------- helpers

    private void say(String message) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
        out.flush();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command-line options shared by the commands. */
    record Options(List<String> args) {

        static Options parse(List<String> args) {
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
                }
            }
            return new Options(List.copyOf(args));
        }

        Optional<String> value(String name) {
            String prefix = "--" + name + "=";
            return args.stream()
                    .filter(arg -> arg.startsWith(prefix))
                    .map(arg -> arg.substring(prefix.length()))
                    .reduce((first, second) -> second);
        }

        boolean flag(String name) {
            return args.contains("--" + name);
        }

        Path home() {
            return value("home")
                    .map(Path::of)
                    .map(path -> path.toAbsolutePath().normalize())
                    .orElseGet(() -> StackHome.defaultHome(StackHome.repositoryRoot()));
        }

        Duration stopTimeout() {
            return Duration.ofSeconds(Long.parseLong(value("stop-timeout").orElse("15")));
        }

        LocalPlatform.Builder builder() {
            LocalPlatform.Builder builder = LocalPlatform.builder().home(home()).stopTimeout(stopTimeout());
            value("apps")
                    .ifPresent(apps -> builder.apps(Arrays.stream(apps.split(","))
                            .filter(name -> !name.isBlank())
                            .map(App::named)
                            .toList()));
            value("port-base").map(Integer::parseInt).ifPresent(builder::portBase);
            value("postgres-port").map(Integer::parseInt).ifPresent(builder::postgresPort);
            value("kafka-port").map(Integer::parseInt).ifPresent(builder::kafkaPort);
            value("kafka-controller-port").map(Integer::parseInt).ifPresent(builder::kafkaControllerPort);
            for (App app : App.values()) {
                value(app.moduleName() + "-port").map(Integer::parseInt).ifPresent(port -> builder.port(app, port));
            }
            value("health-timeout")
                    .map(Long::parseLong)
                    .map(Duration::ofSeconds)
                    .ifPresent(builder::healthTimeout);
            // on by default here: it starts each application about three times faster once trained (see README)
            boolean aot = !flag("no-aot") && !"0".equals(System.getenv("RELAYDESK_AOT"));
            builder.aotCache(aot || flag("aot"));
            return builder;
        }
    }

    static final String USAGE =
            """
            usage: relaydesk [command] [options]

            commands:
              up        (default) start PostgreSQL, Kafka and the seven applications in the foreground;
                        Ctrl-C stops them in order
              stop      stop a stack running in another terminal (and anything a crashed one left behind)
              status    show what runs and the health of each application
              reset     delete the data directory (databases, topics, logs, keys); refuses while running

            options:
              --home=DIR                data directory (default $RELAYDESK_HOME or <repo>/.relaydesk)
              --apps=a,b,...            applications to start (default: all seven)
              --port-base=N             gateway on N, services on N+1..N+6 (default 8080)
              --<app>-port=N            one application's port, e.g. --gateway-port=9080 (0: any free port)
              --postgres-port=N         default 15432
              --kafka-port=N            default 19092 (--kafka-controller-port default 19093)
              --health-timeout=SECONDS  how long each application may take to report UP (default 180)
              --stop-timeout=SECONDS    graceful stop before applications are killed (default 15)
              --no-aot                  no JDK AOT cache for the applications (also RELAYDESK_AOT=0); with it
                                        (the default) the first run after a build trains the cache and stops
                                        more slowly, later runs start about three times faster

            environment:
              RELAYDESK_JAVA_OPTS       JVM options of the applications (replace the small-footprint defaults)
              RELAYDESK_KAFKA_JAVA_OPTS JVM options of the Kafka broker (replace its small-footprint defaults)
              RELAYDESK_HOME            data directory
            """;
}
