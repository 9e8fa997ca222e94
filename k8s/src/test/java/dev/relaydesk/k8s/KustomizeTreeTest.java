package dev.relaydesk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.k8s.Manifests.Doc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kustomize tree itself: every file parses, is referenced, and no secret value is committed. */
class KustomizeTreeTest {

    private static final List<Path> TREES = List.of(Manifests.BASE, Manifests.OVERLAYS);

    @Test
    void everyDocumentIsAWellFormedResource() {
        List<Doc> docs = new ArrayList<>();
        TREES.forEach(tree -> docs.addAll(Manifests.load(tree)));
        assertThat(docs).hasSizeGreaterThan(50);
        for (Doc doc : docs) {
            assertThat(doc.apiVersion())
                    .as("apiVersion of a document in %s", doc.file())
                    .isNotBlank();
            assertThat(doc.kind()).as("kind of a document in %s", doc.file()).isNotBlank();
            if (doc.isKustomization()) {
                assertThat(doc.kind()).as(doc.file().toString()).isEqualTo("Kustomization");
            } else {
                assertThat(doc.name())
                        .as("metadata.name of %s in %s", doc.kind(), doc.file())
                        .isNotBlank();
                assertThat(Manifests.str(doc.body(), "metadata.namespace"))
                        .as("%s: the namespace comes from base/kustomization.yaml, not from each resource", doc)
                        .isNull();
            }
        }
    }

    @Test
    void baseDeclaresEachResourceOnce() {
        Map<String, Doc> seen = new HashMap<>();
        for (Doc doc : Manifests.base().all()) {
            String key = doc.apiVersion().replaceAll("/.*", "") + "/" + doc.kind() + "/" + doc.name();
            Doc earlier = seen.put(key, doc);
            assertThat(earlier).as("%s declared twice", key).isNull();
        }
    }

    @Test
    void everythingLandsInTheRelaydeskNamespace() {
        assertThat(Manifests.namespace()).isEqualTo("relaydesk");
        assertThat(Manifests.base().get("Namespace", "relaydesk")).isNotNull();
    }

    @Test
    void everyFileIsListedByAKustomizationAndEveryReferenceExists() {
        Set<Path> referencedFiles = new HashSet<>();
        Set<Path> referencedDirs = new HashSet<>();
        for (Path kustomizationDir : kustomizationDirs()) {
            Map<String, Object> k = Manifests.kustomization(kustomizationDir);
            for (String ref : references(k)) {
                Path target = kustomizationDir.resolve(ref).normalize();
                assertThat(Files.exists(target))
                        .as("%s/kustomization.yaml references %s, which does not exist", rel(kustomizationDir), ref)
                        .isTrue();
                if (Files.isDirectory(target)) {
                    assertThat(target.resolve("kustomization.yaml"))
                            .as("%s references folder %s without a kustomization.yaml", rel(kustomizationDir), ref)
                            .isRegularFile();
                    referencedDirs.add(target);
                } else {
                    referencedFiles.add(target);
                }
            }
        }

        Set<String> orphanFiles = new TreeSet<>();
        TREES.forEach(tree -> Manifests.yamlFiles(tree).stream()
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                .filter(f -> !referencedFiles.contains(f.normalize()))
                .forEach(f -> orphanFiles.add(rel(f))));
        assertThat(orphanFiles)
                .as("YAML files no kustomization.yaml lists (kubectl apply -k would silently skip them)")
                .isEmpty();

        Set<String> orphanDirs = new TreeSet<>();
        for (Path dir : kustomizationDirs()) {
            boolean isRoot = dir.equals(Manifests.BASE) || dir.getParent().equals(Manifests.OVERLAYS);
            if (!isRoot && !referencedDirs.contains(dir.normalize())) {
                orphanDirs.add(rel(dir));
            }
        }
        assertThat(orphanDirs).as("kustomization folders nothing includes").isEmpty();

        Set<String> strayFolders = new TreeSet<>();
        for (Path tree : TREES) {
            for (Path file : Manifests.yamlFiles(tree)) {
                if (!Files.isRegularFile(file.getParent().resolve("kustomization.yaml"))) {
                    strayFolders.add(rel(file.getParent()));
                }
            }
        }
        assertThat(strayFolders)
                .as("folders holding YAML without a kustomization.yaml")
                .isEmpty();
    }

    @Test
    void productionOverlayBuildsOnBase() {
        Map<String, Object> production = Manifests.kustomization(Manifests.OVERLAYS.resolve("production"));
        assertThat(Manifests.strings(production, "resources")).contains("../../base");
    }

    @Test
    void noSecretValueIsCommitted() {
        for (Path tree : TREES) {
            for (Doc doc : Manifests.load(tree)) {
                assertThat(doc.kind())
                        .as("%s: Secrets are created out of band", doc)
                        .isNotEqualTo("Secret");
                if (doc.isKustomization()) {
                    assertThat(doc.body())
                            .as(doc.file() + ": no secretGenerator")
                            .doesNotContainKey("secretGenerator");
                }
            }
        }
    }

    /** Every Secret key a base resource reads is shown (with a placeholder) in secrets.example.yaml. */
    @Test
    void secretsExampleShowsEveryReferencedSecretKey() {
        Map<String, Set<String>> referenced = new HashMap<>();
        for (Doc deployment : Manifests.base().ofKind("Deployment")) {
            Map<String, Object> pod = Manifests.map(deployment.body(), "spec.template.spec");
            for (Map<String, Object> container : Manifests.maps(pod, "containers")) {
                for (Map<String, Object> env : Manifests.maps(container, "env")) {
                    Map<String, Object> ref = Manifests.map(env, "valueFrom.secretKeyRef");
                    if (!ref.isEmpty()) {
                        referenced
                                .computeIfAbsent((String) ref.get("name"), n -> new TreeSet<>())
                                .add((String) ref.get("key"));
                    }
                }
            }
            for (Map<String, Object> volume : Manifests.maps(pod, "volumes")) {
                Map<String, Object> secret = Manifests.map(volume, "secret");
                if (!secret.isEmpty()) {
                    Set<String> keys =
                            referenced.computeIfAbsent((String) secret.get("secretName"), n -> new TreeSet<>());
                    Manifests.maps(secret, "items").forEach(item -> keys.add((String) item.get("key")));
                }
            }
        }
        for (Doc cluster : Manifests.base().ofKind("Cluster")) {
            for (Map<String, Object> role : Manifests.maps(cluster.body(), "spec.managed.roles")) {
                String secret = Manifests.str(role, "passwordSecret.name");
                if (secret != null) {
                    referenced.computeIfAbsent(secret, n -> new TreeSet<>()).addAll(List.of("username", "password"));
                }
            }
        }
        assertThat(referenced).isNotEmpty();

        Map<String, Map<String, Object>> examples = new HashMap<>();
        for (Map<String, Object> doc : Manifests.loadFile(Manifests.ROOT.resolve("secrets.example.yaml"))) {
            assertThat(doc.get("kind")).isEqualTo("Secret");
            assertThat(doc).as("examples use stringData placeholders").doesNotContainKey("data");
            examples.put(Manifests.str(doc, "metadata.name"), doc);
        }
        referenced.forEach((name, keys) -> {
            assertThat(examples)
                    .as("secrets.example.yaml shows Secret %s", name)
                    .containsKey(name);
            Map<String, Object> data = Manifests.map(examples.get(name), "stringData");
            assertThat(data.keySet()).as("keys of Secret %s", name).containsAll(keys);
            data.forEach((key, value) -> {
                if (!key.equals("username")) {
                    assertThat(value.toString())
                            .as("%s/%s is a placeholder", name, key)
                            .contains("CHANGE_ME");
                }
            });
        });
        assertThat(examples.keySet())
                .as("examples of Secrets nothing references")
                .isEqualTo(referenced.keySet());
    }

    // ---- helpers

    private static List<Path> kustomizationDirs() {
        List<Path> dirs = new ArrayList<>();
        for (Path tree : TREES) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                        .map(p -> p.getParent().normalize())
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dirs;
    }

    /** Local paths a kustomization reads: resources, components, patch files, generator files. */
    private static List<String> references(Map<String, Object> k) {
        List<String> refs = new ArrayList<>();
        for (String key :
                List.of("resources", "components", "crds", "patchesStrategicMerge", "transformers", "generators")) {
            refs.addAll(Manifests.strings(k, key));
        }
        for (String key : List.of("patches", "patchesJson6902", "replacements")) {
            Manifests.maps(k, key).stream()
                    .map(p -> (String) p.get("path"))
                    .filter(p -> p != null)
                    .forEach(refs::add);
        }
        for (String key : List.of("configMapGenerator", "secretGenerator")) {
            for (Map<String, Object> generator : Manifests.maps(k, key)) {
                Stream.concat(
                                Manifests.strings(generator, "files").stream(),
                                Manifests.strings(generator, "envs").stream())
                        .map(f -> f.contains("=") ? f.substring(f.indexOf('=') + 1) : f)
                        .forEach(refs::add);
            }
        }
        return refs.stream()
                .filter(r -> !r.contains("://") && !r.startsWith("github.com/"))
                .toList();
    }

    private static String rel(Path path) {
        return Manifests.ROOT.relativize(path).toString();
    }
}
