package dev.switchboard.local.bench;

import dev.switchboard.local.bench.coldstart.ColdStartProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the cold-start probe and the stand-in CRaC package (nothing else of the local stack) into a directory, so
 * the fresh JVM's class path is what ships plus those few classes.
 */
final class ProbeClasses {

    private static final List<String> PACKAGES = List.of("dev/switchboard/local/bench/coldstart/",
            "dev/switchboard/local/bench/crac/");

    private ProbeClasses() {
    }

    static void copyTo(Path target) {
        try {
            Path location = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                copy(location, target);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    copy(jar.getPath("/"), target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the cold-start probe", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the cold-start probe", e);
        }
    }

    private static void copy(Path classesRoot, Path target) throws IOException {
        for (String pkg : PACKAGES) {
            Path from = classesRoot.resolve(pkg);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".class")).toList()) {
                    Path to = target.resolve(pkg).resolve(file.getFileName().toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        }
    }
}
