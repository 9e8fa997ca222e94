package dev.relaydesk.localstack;

import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Relaydesk on one machine without Docker: a real PostgreSQL, a real Kafka broker and any of the seven applications as
 * separate processes, wired together as the local contract says (ports, databases, roles, Kafka, the gateway's key and
 * routes). It is the engine behind {@code ./relaydesk up} and the way a system test gets a running platform:
 *
 * <pre>{@code
 * try (LocalPlatform platform = LocalPlatform.builder()
 *         .home(tempDir)
 *         .randomPorts()
 *         .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE)
 *         .start()) {
 *     URI api = platform.gatewayUrl();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops exactly what this instance started, in order: applications (gracefully, then forcibly),
 * Kafka, PostgreSQL. A JVM shutdown hook does the same if the owner forgets. One home can serve only one running
 * platform at a time (a file lock guards it); processes that a crashed owner left behind are recorded in {@code run/}
 * and stopped by the next start on that home, or by {@code ./relaydesk stop}.
 */
public final class LocalPlatform implements AutoCloseable {

    /** The password of every service's {@code <db>_app} login role. */
    public static final String APP_ROLE_PASSWORD = AppArguments.APP_ROLE_PASSWORD;

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String KAFKA_CONTROLLER = "kafka-controller";
    static final String SMTP = "smtp";

    private final Builder settings;
    private final Path home;
    private final RunDirectory run;
    private final HealthProbe probe = new HealthProbe();
    private final Map<App, AppProcess> apps = new ConcurrentHashMap<>();
    private final AtomicReference<PostgresServer> postgres = new AtomicReference<>();
    private final AtomicReference<KafkaBroker> kafka = new AtomicReference<>();
    /** The broker's start, which runs beside PostgreSQL's; done unless a start is under way. */
    private volatile CompletableFuture<Void> brokerStart = CompletableFuture.completedFuture(null);

    private final AtomicReference<MailCatcher> mail = new AtomicReference<>();
    private final Object stopping = new Object();
    private final AotCache aot;
    private volatile Map<App, Integer> appPorts = Map.of();
    private volatile int postgresPort;
    private volatile int kafkaPort;
    private volatile int kafkaControllerPort;
    private volatile int smtpPort;
    private volatile FileLock lock;
    private volatile boolean closing;
    private volatile Duration startupTime = Duration.ZERO;
    private volatile Path signingKey;
    private volatile Thread shutdownHook;

    private LocalPlatform(Builder settings) {
        this.settings = settings;
        this.home = settings.home.toAbsolutePath().normalize();
        this.run = new RunDirectory(home.resolve("run"));
        this.aot = new AotCache(home.resolve("aot"), settings.aotCache);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- what a caller asks of a running platform

    /**
     * The data directory: {@code postgres/}, {@code kafka/}, {@code logs/}, {@code keys/}, {@code run/}, {@code mail/}.
     */
    public Path home() {
        return home;
    }

    /** The applications this platform runs (those started by the builder plus {@link #start(App)}ed ones). */
    public Set<App> apps() {
        EnumSet<App> running = EnumSet.noneOf(App.class);
        running.addAll(apps.keySet());
        return running;
    }

    /** The port an application listens on (assigned for all seven, started or not). */
    public int port(App app) {
        return Objects.requireNonNull(appPorts.get(app), "platform not started");
    }

    /** {@code http://localhost:<gateway port>}. */
    public URI gatewayUrl() {
        return url(App.GATEWAY);
    }

    /** {@code http://localhost:<port>} of an application. */
    public URI url(App app) {
        return URI.create("http://localhost:" + port(app));
    }

    /** The local SMTP server's port (notification-service sends its mail there). */
    public int smtpPort() {
        return smtpPort;
    }

    /** Where every mail the platform sends is filed as an {@code .eml} file. */
    public Path mailDirectory() {
        return home.resolve("mail");
    }

    public int postgresPort() {
        return postgresPort;
    }

    /** A JDBC URL of a database on the platform's PostgreSQL (log in as {@code postgres}/{@code postgres}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    /** {@code 127.0.0.1:<kafka port>}. */
    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The gateway's token signing key (PKCS#8 PEM). */
    public Path signingKey() {
        return signingKey;
    }

    /** Where an application's stdout and stderr go. */
    public Path logFile(App app) {
        return home.resolve("logs").resolve(app.moduleName() + ".log");
    }

    /** The process of a running application. */
    public Optional<ProcessHandle> process(App app) {
        return Optional.ofNullable(apps.get(app)).flatMap(AppProcess::handle).filter(ProcessHandle::isAlive);
    }

    /** Whether the application answers UP on its health endpoint now. */
    public boolean isHealthy(App app) {
        return probe.isUp(port(app));
    }

    /** From the start of {@link Builder#start()} until every application was healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops one application (gracefully, then forcibly after the stop timeout); no-op if it does not run. */
    public void stop(App app) {
        AppProcess process = apps.remove(app);
        if (process != null) {
            aot.afterExit(app, process.stop(aot.stopGrace(app, settings.stopTimeout)));
            run.forget(app.moduleName());
        }
    }

    /** Starts one application and waits until it is healthy; no-op if it already runs. */
    public void start(App app) {
        AppProcess existing = apps.get(app);
        if (existing != null && existing.isRunning()) {
            return;
        }
        ensureJars(List.of(app));
        AppProcess process = launch(app);
        try {
            process.awaitHealthy(probe, settings.healthTimeout, () -> closing);
        } catch (RuntimeException e) {
            stop(app);
            throw e;
        }
        aot.extractPendingInBackground();
    }

    /** Stops and starts one application. */
    public void restart(App app) {
        stop(app);
        start(app);
    }

    /** Stops everything this instance started: applications, then Kafka, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        closing = true;
        stopEverything();
        stopLateBroker();
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    /** True once {@link #close()} has been called (for example from a signal handler during start). */
    public boolean isClosing() {
        return closing;
    }

    // ---------------------------------------------------------------- start

    private LocalPlatform startAll() {
        long started = System.nanoTime();
        StackHome.prepare(home);
        lock = run.tryLock()
                .orElseThrow(() -> new IllegalStateException("another local stack is running on " + home
                        + " (./relaydesk status shows it, ./relaydesk stop stops it)"));
        shutdownHook = new Thread(this::close, "relaydesk-local-platform-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            stopStrays(run, settings.progress);
            resolvePorts();
            ensureJars(settings.apps);
            signingKey = SigningKey.ensure(home.resolve("keys").resolve("gateway-signing-key.pem"));
            startInfrastructure();
            writeStackDescription();
            if (!settings.apps.isEmpty()) {
                progress("starting "
                        + String.join(
                                ", ",
                                settings.apps.stream().map(App::moduleName).toList()));
            }
            for (App app : settings.apps) {
                launch(app);
                checkNotCancelled();
            }
            awaitAllHealthy(settings.apps);
            startupTime = Duration.ofNanos(System.nanoTime() - started);
            aot.extractPendingInBackground();
            return this;
        } catch (RuntimeException e) {
            boolean cancelled = closing;
            close();
            if (cancelled && !(e instanceof StartupFailure)) {
                throw new StartupFailure("start cancelled", e);
            }
            throw e;
        }
    }

    private void resolvePorts() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        Map<String, Integer> unchecked = new LinkedHashMap<>();
        for (App app : App.values()) {
            int port = settings.portFor(app);
            // a fixed port of an application not started now is not checked: something else may use it meanwhile
            (settings.apps.contains(app) || port == 0 ? requested : unchecked).put(app.moduleName(), port);
        }
        requested.put(POSTGRES, settings.postgresPort);
        requested.put(KAFKA, settings.kafkaPort);
        requested.put(KAFKA_CONTROLLER, settings.kafkaControllerPort);
        requested.put(SMTP, settings.smtpPort);
        Map<String, Integer> resolved = new LinkedHashMap<>(PortPlan.resolve(requested));
        resolved.putAll(unchecked);
        Map<App, Integer> ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            ports.put(app, resolved.get(app.moduleName()));
        }
        appPorts = Map.copyOf(ports);
        postgresPort = resolved.get(POSTGRES);
        kafkaPort = resolved.get(KAFKA);
        kafkaControllerPort = resolved.get(KAFKA_CONTROLLER);
        smtpPort = resolved.get(SMTP);
    }

    private void startInfrastructure() {
        Path logs = home.resolve("logs");
        progress("starting PostgreSQL on 127.0.0.1:" + postgresPort + " and Kafka on 127.0.0.1:" + kafkaPort);
        String classpath = ChildClasspath.ofThisJvm(home.resolve("lib").resolve("kafka"));
        CompletableFuture<Void> broker = CompletableFuture.runAsync(
                () -> {
                    KafkaBroker.start(
                            home.resolve("kafka"),
                            kafkaPort,
                            kafkaControllerPort,
                            classpath,
                            settings.kafkaJvmOptions,
                            logs.resolve("kafka.log"),
                            settings.infrastructureTimeout,
                            this::brokerLaunched);
                },
                runnable -> Thread.ofPlatform().name("relaydesk-kafka-start").start(runnable));
        brokerStart = broker;
        try {
            mail.set(MailCatcher.start(smtpPort, mailDirectory()));
            PostgresServer server = PostgresServer.start(
                    home.resolve("postgres"),
                    postgresPort,
                    logs.resolve("postgres.log"),
                    settings.infrastructureTimeout);
            postgres.set(server);
            server.postmaster().ifPresent(process -> run.record(ProcessRecord.of(POSTGRES, process)));
            checkNotCancelled();
            for (App app : App.values()) {
                app.database().ifPresent(server::createDatabase);
            }
        } finally {
            try {
                broker.join();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof RuntimeException runtime
                        ? runtime
                        : new StartupFailure(cause.getMessage(), cause);
            }
        }
        checkNotCancelled();
    }

    /**
     * Makes a broker whose process has just been launched (not yet ready) known to {@link #stopEverything()} and to the
     * run directory at once. A stop during the start (Ctrl-C, {@code ./relaydesk stop}) otherwise found no broker to
     * stop while it was still starting, and the orphaned broker kept its port: the next start failed with "port 19092
     * (kafka) is already in use". Launched after such a stop, it is stopped here.
     */
    private void brokerLaunched(KafkaBroker broker) {
        synchronized (stopping) {
            if (closing) {
                throw new StartupFailure("start cancelled");
            }
            kafka.set(broker);
            run.record(ProcessRecord.of(KAFKA, broker.process()));
        }
    }

    /**
     * Waits for a broker start that was under way when the stop came: a broker launched after {@link #closing} was set
     * is stopped by {@link #brokerLaunched}, one launched just before it by this. Only then may the launcher's JVM exit
     * (a stop from a shutdown hook), or the broker would outlive it.
     */
    private void stopLateBroker() {
        try {
            brokerStart.get(STOP_LATE_BROKER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // a failed or cancelled start: whatever it launched, it stopped itself or was registered below
        }
        KafkaBroker late = kafka.getAndSet(null);
        if (late != null) {
            progress("stopping Kafka");
            late.close();
            run.forget(KAFKA);
        }
    }

    private static final Duration STOP_LATE_BROKER_WITHIN = Duration.ofSeconds(30);

    private void ensureJars(Collection<App> wanted) {
        List<String> missing = new ArrayList<>();
        for (App app : wanted) {
            if (!Files.isRegularFile(jarOf(app))) {
                missing.add(jarOf(app).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new StartupFailure("application jars missing (build them with ./mvnw -DskipTests package): "
                    + String.join(", ", missing));
        }
    }

    private Path jarOf(App app) {
        return settings.jars.getOrDefault(app, app.jarIn(settings.repositoryRoot));
    }

    private AppProcess launch(App app) {
        stop(app); // a dead earlier run of the same application
        Path jar = jarOf(app);
        List<String> args = AppArguments.of(
                app,
                appPorts,
                postgresPort,
                kafkaPort,
                smtpPort,
                signingKey,
                settings.appArgs.getOrDefault(app, List.of()));
        AotCache.Launch aotLaunch = aot.prepare(app, jar, settings.jvmOptions);
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(aotLaunch.jvmOptions());
        command.add("-jar");
        command.add(aotLaunch.jar().toString());
        command.addAll(args);
        AppProcess process = new AppProcess(app, appPorts.get(app), command, logFile(app));
        apps.put(app, process);
        ProcessHandle handle = process.start(message -> {
            if (!closing) {
                progress(message);
            }
        });
        run.record(ProcessRecord.of(app.moduleName(), handle));
        return process;
    }

    private void awaitAllHealthy(Collection<App> wanted) {
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<App, Future<?>> waits = new EnumMap<>(App.class);
            for (App app : wanted) {
                AppProcess process = apps.get(app);
                waits.put(app, waiters.submit(() -> {
                    long begin = System.nanoTime();
                    process.awaitHealthy(probe, settings.healthTimeout, () -> closing);
                    progress(String.format(
                            "%-21s UP on port %d (%.1f s)",
                            app.moduleName(), process.port(), (System.nanoTime() - begin) / 1e9));
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (var wait : waits.entrySet()) {
                try {
                    wait.getValue().get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                    closing = true; // fail fast: the other waits stop polling
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StartupFailure("interrupted while waiting for the applications", e);
                }
            }
            if (!failures.isEmpty()) {
                List<String> real = failures.stream()
                        .filter(message -> !message.endsWith("start cancelled"))
                        .toList();
                throw new StartupFailure(String.join(System.lineSeparator(), real.isEmpty() ? failures : real));
            }
        }
    }

    private void checkNotCancelled() {
        if (closing) {
            throw new StartupFailure("start cancelled");
        }
    }

    private void writeStackDescription() {
        Properties stack = new Properties();
        stack.setProperty("home", home.toString());
        stack.setProperty("started", Instant.now().toString());
        stack.setProperty("port." + POSTGRES, Integer.toString(postgresPort));
        stack.setProperty("port." + KAFKA, Integer.toString(kafkaPort));
        stack.setProperty("port." + KAFKA_CONTROLLER, Integer.toString(kafkaControllerPort));
        stack.setProperty("port." + SMTP, Integer.toString(smtpPort));
        appPorts.forEach((app, port) -> stack.setProperty("port." + app.moduleName(), Integer.toString(port)));
        stack.setProperty(
                "apps",
                String.join(",", settings.apps.stream().map(App::moduleName).toList()));
        run.writeStack(stack);
    }

    private void progress(String message) {
        settings.progress.accept(message);
    }

    // ---------------------------------------------------------------- stop

    private void stopEverything() {
        synchronized (stopping) {
            aot.cancelExtraction();
            List<AppProcess> running = new ArrayList<>(apps.values());
            apps.clear();
            if (!running.isEmpty()) {
                progress("stopping "
                        + String.join(
                                ", ",
                                running.stream().map(p -> p.app().moduleName()).toList()));
                if (running.stream().anyMatch(process -> aot.isTraining(process.app()))) {
                    progress("applications started for the first time since their build write their AOT cache "
                            + "on exit: this stop takes longer, the next start is faster");
                }
                try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (AppProcess process : running) {
                        stoppers.submit(() -> {
                            Duration grace = aot.stopGrace(process.app(), settings.stopTimeout);
                            boolean stopped = process.stop(grace);
                            if (!stopped) {
                                progress(process.app() + " did not stop within " + grace.toSeconds()
                                        + " s and was killed");
                            }
                            aot.afterExit(process.app(), stopped);
                            run.forget(process.app().moduleName());
                        });
                    }
                }
            }
            KafkaBroker broker = kafka.getAndSet(null);
            if (broker != null) {
                progress("stopping Kafka");
                broker.close();
                run.forget(KAFKA);
            }
            PostgresServer server = postgres.getAndSet(null);
            if (server != null) {
                progress("stopping PostgreSQL");
                server.close();
                run.forget(POSTGRES);
            }
            MailCatcher catcher = mail.getAndSet(null);
            if (catcher != null) {
                catcher.close();
            }
            FileLock held = lock;
            if (held != null && apps.isEmpty() && kafka.get() == null && postgres.get() == null) {
                run.forgetStack();
                lock = null;
                RunDirectory.release(held);
            }
        }
    }

    /**
     * Stops processes that a previous owner of this home started and left running (its launcher was killed): their pid
     * files are in {@code run/}, and each is stopped only if its start time still matches, so a reused pid is safe.
     *
     * @return how many were stopped
     */
    static int stopStrays(RunDirectory run, Consumer<String> progress) {
        int stopped = 0;
        List<ProcessRecord> records = new ArrayList<>(run.children());
        // applications first, then the broker, then the database, as in a normal stop
        records.sort((a, b) -> Integer.compare(strayOrder(a.name()), strayOrder(b.name())));
        for (ProcessRecord record : records) {
            Optional<ProcessHandle> live = record.live();
            if (live.isPresent()) {
                progress.accept(
                        "stopping " + record.name() + " (pid " + record.pid() + ") left over by an earlier run");
                if (record.name().equals(POSTGRES)) {
                    ProcessRecord.signal(live.get(), "INT");
                    if (!ProcessRecord.awaitExit(live.get(), Duration.ofSeconds(15))) {
                        ProcessRecord.terminate(live.get(), Duration.ofSeconds(5));
                    }
                } else {
                    ProcessRecord.terminate(live.get(), Duration.ofSeconds(15));
                }
                stopped++;
            }
            run.forget(record.name());
        }
        return stopped;
    }

    private static int strayOrder(String name) {
        return switch (name) {
            case POSTGRES -> 2;
            case KAFKA -> 1;
            default -> 0;
        };
    }

    // ---------------------------------------------------------------- builder

    /** What to start and how; {@link #start()} starts it. Every setting has a default fit for {@code ./relaydesk up}. */
    public static final class Builder {

        private Path repositoryRoot;
        private Path home;
        private EnumSet<App> apps = EnumSet.allOf(App.class);
        private int portBase = App.GATEWAY.defaultPort();
        private boolean randomPorts;
        private final Map<App, Integer> ports = new EnumMap<>(App.class);
        private int postgresPort = 15432;
        private int kafkaPort = 19092;
        private int kafkaControllerPort = 19093;
        private int smtpPort = 13025;
        private Integer explicitSmtpPort;
        private Integer explicitPostgresPort;
        private Integer explicitKafkaPort;
        private Integer explicitKafkaControllerPort;
        private final Map<App, List<String>> appArgs = new EnumMap<>(App.class);
        private final Map<App, Path> jars = new EnumMap<>(App.class);
        private List<String> jvmOptions = JvmOptions.fromEnvironment();
        private List<String> kafkaJvmOptions = KafkaBroker.jvmOptionsFromEnvironment();
        private Duration healthTimeout = Duration.ofMinutes(3);
        private Duration stopTimeout = Duration.ofSeconds(15);
        private Duration infrastructureTimeout = Duration.ofSeconds(90);
        private boolean aotCache;
        private Consumer<String> progress = message -> {};

        private Builder() {}

        /** The checkout whose {@code <module>/target/<module>-exec.jar} files are run; found from the working dir. */
        public Builder repositoryRoot(Path repositoryRoot) {
            this.repositoryRoot = repositoryRoot;
            return this;
        }

        /** The data directory; default {@code $RELAYDESK_HOME} or {@code <repository>/.relaydesk}. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** Which applications to start (default: all seven). */
        public Builder apps(App... apps) {
            return apps(Arrays.asList(apps));
        }

        public Builder apps(Collection<App> apps) {
            this.apps = apps.isEmpty() ? EnumSet.noneOf(App.class) : EnumSet.copyOf(apps);
            return this;
        }

        /** Gateway on {@code base}, the services on {@code base + 1} to {@code base + 6} (default 8080). */
        public Builder portBase(int base) {
            this.portBase = base;
            return this;
        }

        /** Every port not set explicitly becomes a random free one (applications, PostgreSQL, Kafka). */
        public Builder randomPorts() {
            this.randomPorts = true;
            return this;
        }

        /** An application's port; 0 for a random free one. */
        public Builder port(App app, int port) {
            ports.put(app, port);
            return this;
        }

        /** PostgreSQL's port (default 15432); 0 for a random free one. */
        public Builder postgresPort(int port) {
            this.explicitPostgresPort = port;
            return this;
        }

        /** Kafka's client port (default 19092); 0 for a random free one. */
        public Builder kafkaPort(int port) {
            this.explicitKafkaPort = port;
            return this;
        }

        /** The local SMTP server's port (default 13025); 0 for a random free one. */
        public Builder smtpPort(int port) {
            this.explicitSmtpPort = port;
            return this;
        }

        /** Kafka's controller port (default 19093); 0 for a random free one. */
        public Builder kafkaControllerPort(int port) {
            this.explicitKafkaControllerPort = port;
            return this;
        }

        /** Extra {@code --key=value} arguments; one with the key of a default argument replaces it. */
        public Builder appArgs(App app, String... args) {
            appArgs.computeIfAbsent(app, any -> new ArrayList<>()).addAll(Arrays.asList(args));
            return this;
        }

        /** Runs this jar instead of {@code <repository>/<module>/target/<module>-exec.jar}. */
        public Builder appJar(App app, Path jar) {
            jars.put(app, jar);
            return this;
        }

        /** JVM options of the applications (default {@link JvmOptions#fromEnvironment()}). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** JVM options of the Kafka broker. */
        public Builder kafkaJvmOptions(List<String> options) {
            this.kafkaJvmOptions = List.copyOf(options);
            return this;
        }

        /** How long one application may take to report UP (default 3 minutes: seven JVMs share two cores). */
        public Builder healthTimeout(Duration timeout) {
            this.healthTimeout = timeout;
            return this;
        }

        /** How long an application may take to stop after SIGTERM before it is killed (default 15 s). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** How long PostgreSQL and Kafka may each take to become ready (default 90 s). */
        public Builder infrastructureTimeout(Duration timeout) {
            this.infrastructureTimeout = timeout;
            return this;
        }

        /**
         * Uses a JDK AOT cache per application jar (trained on the first run, used from the second on; a rebuilt jar
         * gets a new one). Off by default.
         */
        public Builder aotCache(boolean enabled) {
            this.aotCache = enabled;
            return this;
        }

        /** Receives one-line progress messages (default: none). */
        public Builder progress(Consumer<String> listener) {
            this.progress = Objects.requireNonNull(listener);
            return this;
        }

        /** Starts PostgreSQL, Kafka and the applications, and waits until every application is healthy. */
        public LocalPlatform start() {
            return create().startAll();
        }

        /** A platform not started yet, for a caller (the command line) that must be able to close it during start. */
        LocalPlatform create() {
            if (repositoryRoot == null) {
                repositoryRoot = StackHome.repositoryRoot();
            }
            repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
            if (home == null) {
                home = StackHome.defaultHome(repositoryRoot);
            }
            postgresPort = explicitPostgresPort != null ? explicitPostgresPort : randomPorts ? 0 : 15432;
            kafkaPort = explicitKafkaPort != null ? explicitKafkaPort : randomPorts ? 0 : 19092;
            kafkaControllerPort =
                    explicitKafkaControllerPort != null ? explicitKafkaControllerPort : randomPorts ? 0 : 19093;
            smtpPort = explicitSmtpPort != null ? explicitSmtpPort : randomPorts ? 0 : 13025;
            return new LocalPlatform(this);
        }

        int portFor(App app) {
            Integer explicit = ports.get(app);
            if (explicit != null) {
                return explicit;
            }
            return randomPorts ? 0 : portBase + app.portOffset();
        }
    }

    /** Starts a platform created by {@link Builder#create()}. */
    LocalPlatform startCreated() {
        return startAll();
    }

    /** The settings' progress listener, for the command line's own messages. */
    void report(String message) {
        progress(message);
    }
}
