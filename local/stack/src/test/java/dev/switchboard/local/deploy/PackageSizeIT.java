package dev.switchboard.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What {@code sam deploy} would upload for each function of template.yaml fits Lambda's limits, and no function
 * ships a jar its layer already ships. Prints the sizes.
 *
 * <p>Lambda's limit is 250 MB (262,144,000 bytes, the {@code CodeSizeUnzipped} account limit) for "a function's
 * deployment package and layers when they're extracted": the zip is extracted, the jars in it are not. The
 * "classes" column (every jar's contents unzipped too) is printed for comparison only.
 */
class PackageSizeIT {

    static final long LAMBDA_UNZIPPED_LIMIT = 262_144_000L;

    private final Repository repo = Repository.locate();
    private final CloudFormationTemplate template = CloudFormationTemplate.read(repo.template());

    /** Each CodeUri (once, however many functions deploy it) with the layers its functions run with. */
    private Map<DeployedFolder, List<DeployedFolder>> packages() {
        Map<String, DeployedFolder> layers = new LinkedHashMap<>();
        template.resourcesOfType("AWS::Serverless::LayerVersion").forEach((id, layer) -> layers.put(id,
                DeployedFolder.layer(id, repo.resolve(layer.path("Properties").path("ContentUri").asText()))));
        Map<String, DeployedFolder> folders = new LinkedHashMap<>();
        Map<DeployedFolder, List<DeployedFolder>> packages = new LinkedHashMap<>();
        template.functions().forEach((id, function) -> {
            String codeUri = function.path("Properties").path("CodeUri").asText();
            DeployedFolder folder = folders.computeIfAbsent(codeUri,
                    uri -> DeployedFolder.function(Path.of(uri).getParent().getParent().getFileName().toString(), repo.resolve(uri)));
            List<DeployedFolder> used = new ArrayList<>();
            for (JsonNode layer : template.functionProperty(id, "Layers").orElseThrow()) {
                used.add(layers.get(layer.path("Ref").asText()));
            }
            List<DeployedFolder> previous = packages.putIfAbsent(folder, used);
            assertThat(previous == null || previous.equals(used))
                    .as("every function deployed from " + codeUri + " runs with the same layers").isTrue();
        });
        return packages;
    }

    @Test
    void everyFunctionWithItsLayersFitsLambdasUnzippedLimit() {
        Map<DeployedFolder, List<DeployedFolder>> packages = packages();
        assertThat(packages).isNotEmpty();
        Set<DeployedFolder> layers = new LinkedHashSet<>();
        packages.values().forEach(layers::addAll);

        StringBuilder report = new StringBuilder(String.format("%n%-28s %12s %12s %12s%n", "artifact", "zipped",
                "extracted", "classes"));
        for (DeployedFolder folder : concat(packages.keySet(), layers)) {
            assertThat(folder.exists()).as(folder.libDir() + " exists (./mvnw package)").isTrue();
            report.append(String.format("%-28s %12s %12s %12s%n", folder.name(), mb(folder.zippedBytes()),
                    mb(folder.extractedBytes()), mb(PackagedJars.classBytes(folder))));
        }
        packages.forEach((function, itsLayers) -> {
            long total = function.extractedBytes() + itsLayers.stream().mapToLong(DeployedFolder::extractedBytes).sum();
            report.append(String.format("%-28s %25s%n", function.name() + " + layers", mb(total)));
            assertThat(total).as(function.name() + " and its layers, extracted").isLessThanOrEqualTo(LAMBDA_UNZIPPED_LIMIT);
        });
        System.out.println(report);
    }

    @Test
    void noFunctionShipsAJarItsLayerShips() {
        packages().forEach((function, layers) -> {
            Map<String, Path> layerArtifacts = new LinkedHashMap<>();
            layers.forEach(layer -> layer.jars().forEach(jar -> layerArtifacts.put(PackagedJars.artifact(jar), jar)));
            Set<String> duplicates = new TreeSet<>();
            for (Path jar : function.jars()) {
                Path inLayer = layerArtifacts.get(PackagedJars.artifact(jar));
                if (inLayer != null) {
                    duplicates.add(jar.getFileName() + " (layer: " + inLayer.getFileName() + ")");
                }
            }
            assertThat(duplicates).as(function.name() + " jars the layer already ships (a different version means"
                    + " the function and the layer disagree on it)").isEmpty();
        });
    }

    @Test
    void wsMessageShipsTheSlimmedOpenAiJarOnly() {
        DeployedFolder message = DeployedFolder.function("ws-message", repo.resolve("functions/ws-message/target/lambda"));
        assertThat(PackagedJars.jarsWith(message, "com/openai/client/OpenAIClient.class")).singleElement()
                .satisfies(jar -> assertThat(jar.getFileName().toString()).endsWith("-slim.jar"));
        assertThat(PackagedJars.hasEntriesUnder(message, "com/openai/models/beta/")).isFalse();
        assertThat(PackagedJars.hasEntriesUnder(message, "com/openai/models/responses/")).isFalse();
        assertThat(PackagedJars.hasEntriesUnder(message, "com/openai/models/chat/completions/")).isTrue();
    }

    private static List<DeployedFolder> concat(Set<DeployedFolder> a, Set<DeployedFolder> b) {
        List<DeployedFolder> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String mb(long bytes) {
        return String.format("%.2f MB", bytes / 1_000_000.0);
    }
}
