package dev.switchboard.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.stack.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and docs/ link to each other by file and heading; a moved section must not leave a dead link. */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern REPO_PATH = Pattern.compile(
            "`((?:functions|layers|local|configs|prompts|statemachine|docs|\\.ci)/[^`\\s]*)`");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    private final Path root = RepoRoot.find();

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() {
        List<String> dead = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(withoutCode(read(page)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    dead.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    dead.add(root.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(dead).isEmpty();
    }

    @Test
    void everyRepositoryPathNamedInCodeQuotesExists() {
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            Matcher path = REPO_PATH.matcher(read(page));
            while (path.find()) {
                String named = path.group(1);
                boolean pattern = named.matches(".*([<>*{}…]|\\.\\.\\.).*");
                boolean built = named.contains("target/") || named.endsWith("/target") || named.contains(".data/");
                if (!pattern && !built && !Files.exists(root.resolve(named))) {
                    missing.add(root.relativize(page) + ": " + named);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theReadmeStaysShortAndLinksEveryPageInDocs() {
        String readme = read(root.resolve("README.md"));
        assertThat(readme.lines().count()).isLessThanOrEqualTo(300);
        for (Path page : pages()) {
            if (page.getParent().endsWith("docs")) {
                assertThat(readme).contains("](docs/" + page.getFileName() + ")");
            }
        }
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        assertThat(anchor("The voice webhook and the `<Connect action>` callback"))
                .isEqualTo("the-voice-webhook-and-the-connect-action-callback");
        assertThat(anchor("1. Build")).isEqualTo("1-build");
        assertThat(anchor("Payloads (the contract, checked by `ToolsTemplateContractTest`)"))
                .isEqualTo("payloads-the-contract-checked-by-toolstemplatecontracttest");
    }

    private List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    private static Set<String> anchors(Path page) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(withoutCode(read(page)));
        while (heading.find()) {
            anchors.add(anchor(heading.group(1)));
        }
        return anchors;
    }

    /** GitHub's rule: lower case, drop everything but letters, digits, spaces, hyphens and underscores, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String withoutCode(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
