package dev.relaydesk.localstack;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * Builds a stand-in for an application jar: a few lines on the JDK's HTTP server that answer {@code
 * /actuator/health} on {@code --server.port}, print their arguments, and exit with code 3 when given {@code --fail}.
 * It lets the platform's process handling be tested without the real applications.
 */
final class FakeApp {

    private static final String SOURCE =
            """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;

            public class Main {
                public static void main(String[] args) throws Exception {
                    int port = 0;
                    for (String arg : args) {
                        System.out.println("arg " + arg);
                        if (arg.startsWith("--server.port=")) {
                            port = Integer.parseInt(arg.substring("--server.port=".length()));
                        }
                        if (arg.equals("--fail")) {
                            System.out.println("boom: cannot reach the database");
                            System.exit(3);
                        }
                    }
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/actuator/health", exchange -> {
                        byte[] body = "{\\"status\\":\\"UP\\"}".getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful stop")));
                }
            }
            """;

    private FakeApp() {}

    static Path build(Path dir) throws Exception {
        Path src = dir.resolve("fake-src");
        Path classes = dir.resolve("fake-classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Files.writeString(src.resolve("Main.java"), SOURCE);
        int result = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        src.resolve("Main.java").toString());
        if (result != 0) {
            throw new IllegalStateException("the fake application did not compile");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        Path jar = dir.resolve("fake-exec.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : List.of("Main.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(classes.resolve(name)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
