package dev.switchboard.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository: {@code SWITCHBOARD_HOME} (the launcher sets it), else the nearest parent with template.yaml. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        Optional<Path> home = Optional.ofNullable(System.getenv("SWITCHBOARD_HOME")).filter(s -> !s.isBlank()).map(Path::of);
        if (home.isPresent() && Files.isRegularFile(home.get().resolve("template.yaml"))) {
            return home.get().toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
