package dev.switchboard.local.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A folder {@code sam deploy} zips and uploads as is: a function's CodeUri ({@code target/lambda}, jars in
 * {@code lib/}) or the layer's ContentUri ({@code target/layer}, jars in {@code java/lib/}, which Lambda extracts
 * to {@code /opt/java/lib}). In main (not test) sources because {@code ./switchboard bench} reports these sizes too.
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

    List<URL> jarUrls() {
        return jars().stream().map(DeployedFolder::url).toList();
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

    /** The bytes of every class and resource inside the jars, as if each jar were unzipped too (Lambda does not). */
    public long classBytes() {
        long total = 0;
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                total += zip.stream().mapToLong(e -> Math.max(e.getSize(), 0)).sum();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return total;
    }

    /** The jars holding this entry (e.g. {@code dev/switchboard/twiml/TwimlHandler.class}). */
    List<Path> jarsWith(String entry) {
        List<Path> found = new ArrayList<>();
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.getEntry(entry) != null) {
                    found.add(jar);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return found;
    }

    /** Whether any jar has an entry under this directory (e.g. {@code com/openai/models/beta/}). */
    boolean hasEntriesUnder(String prefix) {
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.stream().anyMatch(e -> e.getName().startsWith(prefix))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return false;
    }

    /**
     * {@code groupId:artifactId} of a jar from its Maven descriptor, else its file name without the version (the
     * file name alone would confuse org.jetbrains {@code annotations-13.0} with the AWS SDK's {@code annotations-2.x}).
     */
    static String artifact(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<ZipEntry> descriptors = file.stream()
                    .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                    .map(e -> (ZipEntry) e).toList();
            if (descriptors.size() == 1) {
                Properties pom = new Properties();
                pom.load(file.getInputStream(descriptors.get(0)));
                return pom.getProperty("groupId") + ":" + pom.getProperty("artifactId");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?(-.+)?\\.jar$", "");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
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
