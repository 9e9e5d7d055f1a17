package dev.switchboard.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.local.deploy.DeployedFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sam deploy} uploads, measured with {@link DeployedFolder} (the code PackageSizeIT checks the limit
 * with): each CodeUri folder and layer ContentUri, zipped and extracted, and each function's extracted total with
 * the layers it runs with (Lambda's 250 MB limit counts the extracted files; the jars stay zipped).
 */
final class ArtifactSizes {

    /** Lambda's limit for a function's package and its layers, extracted (262,144,000 bytes). */
    static final long UNZIPPED_LIMIT = 262_144_000L;

    /** One uploaded folder. */
    record Artifact(String name, boolean layer, boolean exists, long zippedBytes, long extractedBytes) {
    }

    /** A CodeUri with the functions deployed from it and its extracted size with its layers. */
    record Package(String codeUri, List<String> functions, long extractedWithLayers) {
    }

    record Result(List<Artifact> artifacts, List<Package> packages) {
        boolean complete() {
            return artifacts.stream().allMatch(Artifact::exists);
        }

        long largestWithLayers() {
            return packages.stream().mapToLong(Package::extractedWithLayers).max().orElse(0);
        }
    }

    private ArtifactSizes() {
    }

    static Result measure(Path root) {
        JsonNode template = read(root.resolve("template.yaml"));
        JsonNode resources = template.path("Resources");
        Map<String, DeployedFolder> layers = new LinkedHashMap<>();
        Map<String, DeployedFolder> folders = new LinkedHashMap<>();
        Map<String, List<String>> functionsOf = new LinkedHashMap<>();
        Map<String, List<String>> layersOf = new LinkedHashMap<>();
        for (var entry : resources.properties()) {
            JsonNode resource = entry.getValue();
            JsonNode properties = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::Serverless::LayerVersion" -> layers.put(entry.getKey(),
                        DeployedFolder.layer(entry.getKey(), root.resolve(properties.path("ContentUri").asText())));
                case "AWS::Serverless::Function" -> {
                    String codeUri = properties.path("CodeUri").asText();
                    folders.computeIfAbsent(codeUri, uri -> DeployedFolder.function(moduleName(uri), root.resolve(uri)));
                    functionsOf.computeIfAbsent(codeUri, k -> new ArrayList<>()).add(entry.getKey());
                    JsonNode used = properties.has("Layers") ? properties.path("Layers")
                            : template.path("Globals").path("Function").path("Layers");
                    List<String> names = new ArrayList<>();
                    used.forEach(layer -> names.add(layer.asText()));
                    layersOf.putIfAbsent(codeUri, names);
                }
                default -> { }
            }
        }
        List<Artifact> artifacts = new ArrayList<>();
        Map<String, Long> extracted = new LinkedHashMap<>();
        folders.forEach((uri, folder) -> artifacts.add(artifact(folder, false, extracted)));
        layers.forEach((id, folder) -> artifacts.add(artifact(folder, true, extracted)));
        List<Package> packages = new ArrayList<>();
        folders.forEach((uri, folder) -> {
            long total = extracted.getOrDefault(folder.name(), 0L);
            for (String layer : layersOf.get(uri)) {
                DeployedFolder l = layers.get(layer);
                total += l == null ? 0 : extracted.getOrDefault(l.name(), 0L);
            }
            packages.add(new Package(uri, functionsOf.get(uri), total));
        });
        return new Result(artifacts, packages);
    }

    private static Artifact artifact(DeployedFolder folder, boolean layer, Map<String, Long> extracted) {
        if (!folder.exists()) {
            return new Artifact(folder.name(), layer, false, 0, 0);
        }
        long bytes = folder.extractedBytes();
        extracted.put(folder.name(), bytes);
        return new Artifact(folder.name(), layer, true, folder.zippedBytes(), bytes);
    }

    /** {@code functions/ws-message/target/lambda} → {@code ws-message}. */
    private static String moduleName(String codeUri) {
        Path path = Path.of(codeUri);
        return path.getNameCount() >= 3 ? path.getName(path.getNameCount() - 3).toString() : codeUri;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
