package dev.switchboard.local.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-out repository these tests read: template.yaml, the packaged artifacts, the sources. */
record Repository(Path root) {

    /** The nearest directory at or above the working directory (Maven runs tests in local/stack) with template.yaml. */
    static Repository locate() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("no template.yaml at or above " + start);
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    Path template() {
        return root.resolve("template.yaml");
    }

    /** The shared library's sources, shipped as the layer every function runs with. */
    Path layerSources() {
        return root.resolve("layers/shared/src/main/java");
    }

    /** {@code functions/<m>/src/main/java} for a CodeUri {@code functions/<m>/target/lambda}. */
    Path sourcesOf(String codeUri) {
        String marker = "/target/lambda";
        if (!codeUri.startsWith("functions/") || !codeUri.endsWith(marker)) {
            throw new IllegalArgumentException("not a function CodeUri: " + codeUri);
        }
        return root.resolve(codeUri.substring(0, codeUri.length() - marker.length())).resolve("src/main/java");
    }
}
