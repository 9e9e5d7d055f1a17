package dev.switchboard.local.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What the packaging tests look for inside a {@link DeployedFolder}'s jars. */
final class PackagedJars {

    private PackagedJars() {
    }

    static List<URL> urls(DeployedFolder folder) {
        return folder.jars().stream().map(PackagedJars::url).toList();
    }

    /** The bytes of every class and resource inside the jars, as if each jar were unzipped too (Lambda does not). */
    static long classBytes(DeployedFolder folder) {
        long total = 0;
        for (Path jar : folder.jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                total += zip.stream().mapToLong(e -> Math.max(e.getSize(), 0)).sum();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return total;
    }

    /** The jars holding this entry (e.g. {@code dev/switchboard/twiml/TwimlHandler.class}). */
    static List<Path> jarsWith(DeployedFolder folder, String entry) {
        List<Path> found = new ArrayList<>();
        for (Path jar : folder.jars()) {
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
    static boolean hasEntriesUnder(DeployedFolder folder, String prefix) {
        for (Path jar : folder.jars()) {
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

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
