package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.local.deploy.DeployedFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code sam deploy} uploads, measured with {@link DeployedFolder} (the code PackageSizeIT checks the limit
 * with): each CodeUri folder and the layer's ContentUri, zipped and extracted, and the largest function's extracted
 * total with the layer every function runs with (Lambda's 250 MB limit counts the extracted files; the jars stay
 * zipped).
 */
final class ArtifactSizes {

    /** Lambda's limit for a function's package and its layers, extracted (262,144,000 bytes). */
    static final long UNZIPPED_LIMIT = 262_144_000L;

    /** One uploaded folder; sizes are 0 when it was not packaged. */
    record Artifact(String name, boolean exists, long zippedBytes, long extractedBytes) {
    }

    /** @param largest the function whose package and the layer are the largest extracted, and that total */
    record Result(List<Artifact> artifacts, String largest, long largestWithLayers) {
        boolean complete() {
            return artifacts.stream().allMatch(Artifact::exists);
        }
    }

    private ArtifactSizes() {
    }

    static Result measure(Path root) {
        JsonNode template = template(root);
        Map<String, Artifact> functions = new LinkedHashMap<>();
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::Serverless::Function")) {
                String codeUri = resource.path("Properties").path("CodeUri").asText();
                functions.computeIfAbsent(codeUri, uri -> artifact(
                        DeployedFolder.function(Path.of(uri).getName(1).toString(), root.resolve(uri))));
            }
        }
        Artifact layer = artifact(layer(root, template));
        Artifact largest = functions.values().stream()
                .max(Comparator.comparingLong(Artifact::extractedBytes)).orElseThrow();
        return new Result(Stream.concat(functions.values().stream(), Stream.of(layer)).toList(), largest.name(),
                largest.extractedBytes() + layer.extractedBytes());
    }

    /** The template's one layer (every function runs with it: TemplateContractIT checks that). */
    static DeployedFolder layer(Path root, JsonNode template) {
        return template.path("Resources").valueStream()
                .filter(r -> r.path("Type").asText().equals("AWS::Serverless::LayerVersion")).findFirst()
                .map(r -> DeployedFolder.layer("shared layer",
                        root.resolve(r.path("Properties").path("ContentUri").asText())))
                .orElseThrow(() -> new IllegalStateException("template.yaml has no AWS::Serverless::LayerVersion"));
    }

    /** template.yaml as a tree, for what {@code SamTemplate} does not model (the layer, Globals). */
    static JsonNode template(Path root) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(root.resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template.yaml", e);
        }
    }

    private static Artifact artifact(DeployedFolder folder) {
        return folder.exists() ? new Artifact(folder.name(), true, folder.zippedBytes(), folder.extractedBytes())
                : new Artifact(folder.name(), false, 0, 0);
    }
}
