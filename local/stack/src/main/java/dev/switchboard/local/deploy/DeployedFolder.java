package dev.switchboard.local.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A folder {@code sam deploy} zips and uploads as is: a function's CodeUri ({@code target/lambda}, jars in
 * {@code lib/}) or the layer's ContentUri ({@code target/layer}, jars in {@code java/lib/}, which Lambda extracts
 * to {@code /opt/java/lib}). Its sizes are in main (not test) sources because {@code ./switchboard bench} reports them too; what the
 * packaging tests look for inside the jars is in their {@code PackagedJars}.
 */
public record DeployedFolder(String name, Path dir, Path libDir) {

    public static DeployedFolder function(String name, Path codeUri) {
        return new DeployedFolder(name, codeUri, codeUri.resolve("lib"));
    }

    public static DeployedFolder layer(String name, Path contentUri) {
        return new DeployedFolder(name, contentUri, contentUri.resolve("java/lib"));
    }

    public boolean exists() {
        return Files.isDirectory(libDir);
    }

    public List<Path> jars() {
        try (Stream<Path> files = Files.list(libDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + libDir + " (run ./mvnw package first)", e);
        }
    }

    /** What Lambda counts against its 250 MB limit: the bytes of the files the uploaded zip extracts to. */
    public long extractedBytes() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(DeployedFolder::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of the zip {@code sam deploy} uploads (deflated like SAM's own zipping, to within a few bytes a file). */
    public long zippedBytes() {
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter); Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
