package dev.relaydesk.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every YAML document under {@code k8s/base} and {@code k8s/overlays}, read with plain SnakeYAML (no cluster, no
 * kustomize binary). Resources are read as written in {@code base/}; the namespace they land in is the one
 * {@code base/kustomization.yaml} sets.
 */
final class Manifests {

    static final List<String> SERVICES = List.of(
            "user-service",
            "ticket-service",
            "kb-service",
            "asset-service",
            "automation-service",
            "notification-service");

    static final List<String> APPLICATIONS =
            Stream.concat(Stream.of("gateway"), SERVICES.stream()).toList();

    static final Path ROOT = locateRoot();
    static final Path BASE = ROOT.resolve("base");
    static final Path OVERLAYS = ROOT.resolve("overlays");

    private static final Manifests BASE_MANIFESTS = new Manifests(load(BASE));

    /** One YAML document and the file it came from. */
    record Doc(Path file, Map<String, Object> body) {

        String kind() {
            return (String) body.get("kind");
        }

        String apiVersion() {
            return (String) body.get("apiVersion");
        }

        String name() {
            return str(body, "metadata.name");
        }

        boolean isKustomization() {
            return file.getFileName().toString().equals("kustomization.yaml");
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + ROOT.relativize(file) + ")";
        }
    }

    private final List<Doc> docs;

    private Manifests(List<Doc> docs) {
        this.docs = docs;
    }

    /** The resources of the base tree (kustomization files excluded). */
    static Manifests base() {
        return BASE_MANIFESTS;
    }

    List<Doc> all() {
        return docs.stream().filter(d -> !d.isKustomization()).toList();
    }

    List<Doc> ofKind(String kind) {
        return all().stream().filter(d -> kind.equals(d.kind())).toList();
    }

    Optional<Doc> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.name())).findFirst();
    }

    Doc get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in base/"));
    }

    /** The namespace every base resource lands in. */
    static String namespace() {
        return str(kustomization(BASE), "namespace");
    }

    // ---- files

    static Map<String, Object> kustomization(Path dir) {
        List<Map<String, Object>> docs = loadFile(dir.resolve("kustomization.yaml"));
        if (docs.size() != 1) {
            throw new AssertionError(dir + "/kustomization.yaml must hold exactly one document");
        }
        return docs.getFirst();
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Doc> load(Path dir) {
        List<Doc> docs = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            for (Map<String, Object> body : loadFile(file)) {
                docs.add(new Doc(file, body));
            }
        }
        return docs;
    }

    /** All documents of one file; empty documents (comments only) are skipped, anything not a mapping fails. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadFile(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : yaml.loadAll(reader)) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new AssertionError(file + ": a document is not a mapping: " + doc);
                }
                out.add((Map<String, Object>) map);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Path locateRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here, here.resolve("k8s"))) {
            if (Files.isDirectory(candidate.resolve("base")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("run from the k8s module (or the repository root): " + here);
    }

    // ---- navigation in loosely typed YAML

    /** The value at a dotted path ({@code spec.template.spec}); keys that contain dots cannot be reached this way. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object value = at(node, path);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String path) {
        Object value = at(node, path);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object node, String path) {
        Object value = at(node, path);
        return value == null ? List.of() : (List<String>) value;
    }

    static String str(Object node, String path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> labels(Object node, String path) {
        return (Map<String, String>) (Map<?, ?>) map(node, path);
    }

    /** A Kubernetes quantity (250m, 1, 512Mi, 1Gi) as a number of base units, for comparisons. */
    static double quantity(Object value) {
        String q = Objects.requireNonNull(value, "quantity").toString();
        String[][] suffixes = {
            {"Ki", "1024"},
            {"Mi", "1048576"},
            {"Gi", "1073741824"},
            {"Ti", "1099511627776"},
            {"m", "0.001"},
            {"k", "1000"},
            {"M", "1000000"},
            {"G", "1000000000"}
        };
        for (String[] s : suffixes) {
            if (q.endsWith(s[0])) {
                return Double.parseDouble(q.substring(0, q.length() - s[0].length())) * Double.parseDouble(s[1]);
            }
        }
        return Double.parseDouble(q);
    }
}
