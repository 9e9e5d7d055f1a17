package dev.switchboard.local.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and checks a configs directory: every {@code *.json} use case against the layer's use-case schema
 * ({@link ConfigSchema#useCase()}, built from {@code configs/schema/use-case.schema.json}) and then through
 * {@link UseCaseReader}, the same code that reads DynamoDB items; its prompt file in the prompts directory, and
 * {@code callers.json} against {@code schema/callers.schema.json}; then the rules that span files (unique ids, one
 * use case per number, at most one default route, unique caller numbers).
 */
public final class ConfigFiles {

    public static final String CALLERS_FILE = "callers.json";

    private final Path configsDir;
    private final Path promptsDir;
    private final List<FileProblem> problems = new ArrayList<>();

    private ConfigFiles(Path configsDir, Path promptsDir) {
        this.configsDir = configsDir;
        this.promptsDir = promptsDir;
    }

    /** Loads {@code configsDir}, with prompts from the sibling {@code prompts} directory. */
    public static ConfigSet load(Path configsDir) {
        Path parent = configsDir.toAbsolutePath().normalize().getParent();
        return load(configsDir, parent == null ? Path.of("prompts") : parent.resolve("prompts"));
    }

    public static ConfigSet load(Path configsDir, Path promptsDir) {
        return new ConfigFiles(configsDir, promptsDir).load();
    }

    private ConfigSet load() {
        if (!Files.isDirectory(configsDir)) {
            problems.add(new FileProblem(configsDir.toString(), "", "not a directory"));
            return new ConfigSet(List.of(), List.of(), problems);
        }
        ConfigSchema useCaseSchema = ConfigSchema.useCase();
        ConfigSchema callersSchema;
        try {
            callersSchema = ConfigSchema.load(configsDir.resolve("schema/callers.schema.json"));
        } catch (IOException | RuntimeException e) {
            problems.add(new FileProblem("schema/", "", "cannot read the callers JSON Schema: " + e.getMessage()));
            return new ConfigSet(List.of(), List.of(), problems);
        }
        List<UseCaseFile> useCases = new ArrayList<>();
        List<CallerProfile> callers = new ArrayList<>();
        for (Path file : jsonFiles()) {
            String name = file.getFileName().toString();
            JsonNode document = parse(file, name);
            if (document == null) {
                continue;
            }
            if (CALLERS_FILE.equals(name)) {
                callers.addAll(callers(name, document, callersSchema));
            } else {
                useCase(name, document, useCaseSchema).ifPresent(useCases::add);
            }
        }
        if (useCases.isEmpty() && problems.isEmpty()) {
            problems.add(new FileProblem(configsDir.toString(), "", "no use case files (*.json)"));
        }
        crossChecks(useCases);
        return new ConfigSet(useCases, callers, problems);
    }

    private List<Path> jsonFiles() {
        try (Stream<Path> files = Files.list(configsDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(Path file, String name) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(new FileProblem(name, "", "not valid JSON at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new FileProblem(name, "", "cannot read: " + e.getMessage()));
        }
        return null;
    }

    private Optional<UseCaseFile> useCase(String name, JsonNode document, ConfigSchema schema) {
        List<ConfigSchema.Violation> violations = schema.validate(document);
        violations.forEach(v -> problems.add(new FileProblem(name, v.path(), v.reason())));
        if (!document.isObject()) {
            return Optional.empty();
        }
        String expectedId = name.substring(0, name.length() - ".json".length());
        String id = document.path("id").asText("");
        if (id.isEmpty() || violations.stream().anyMatch(v -> v.path().equals("id"))) {
            if (violations.stream().noneMatch(v -> v.path().equals("id"))) {
                problems.add(new FileProblem(name, "id", "missing or not a lower-case id such as 'restaurant'"));
            }
            return Optional.empty();
        }
        if (!id.equals(expectedId)) {
            problems.add(new FileProblem(name, "id", "'" + id + "' must match the file name (" + id + ".json)"));
        }
        ObjectNode item = ((ObjectNode) document).deepCopy();
        UseCaseReader.FILE_ONLY.forEach(item::remove);
        String prompt = prompt(name, document);
        item.put("systemPrompt", prompt);

        LoadedUseCase loaded = UseCaseReader.read(id, item);
        for (ConfigProblem p : loaded.problems()) {
            String path = "systemPrompt".equals(p.attribute()) && document.has("promptFile") ? "promptFile" : p.attribute();
            boolean alreadyReported = violations.stream().anyMatch(v -> covers(v.path(), path));
            boolean promptAlreadyReported = "systemPrompt".equals(p.attribute()) && problems.stream()
                    .anyMatch(f -> f.file().equals(name) && List.of("promptFile", "systemPrompt").contains(f.path()));
            if (!alreadyReported && !promptAlreadyReported) {
                problems.add(new FileProblem(name, path, p.reason()));
            }
        }
        if (!prompt.isBlank()) {
            for (String unknown : SystemPrompt.unknownPlaceholders(prompt, loaded.useCase().data())) {
                problems.add(new FileProblem(name, document.has("promptFile") ? "promptFile" : "systemPrompt",
                        "unknown placeholder {{" + unknown + "}} (known: " + String.join(", ",
                                SystemPrompt.PLACEHOLDERS.stream().sorted().toList()) + ", data.<key>)"));
            }
        }
        List<String> numbers = new ArrayList<>();
        document.path("numbers").forEach(n -> numbers.add(n.asText()));
        return Optional.of(new UseCaseFile(name, item, loaded.useCase(), numbers,
                document.path("defaultRoute").asBoolean(false)));
    }

    /** The system prompt text: inline, or read from the prompts directory. Problems are recorded. */
    private String prompt(String name, JsonNode document) {
        boolean hasFile = document.has("promptFile");
        boolean hasInline = document.has("systemPrompt");
        if (hasFile && hasInline) {
            problems.add(new FileProblem(name, "promptFile", "give promptFile or systemPrompt, not both"));
        }
        if (!hasFile) {
            if (!hasInline) {
                problems.add(new FileProblem(name, "promptFile",
                        "missing: name a file in " + promptsDir + " (or give systemPrompt inline)"));
            }
            return document.path("systemPrompt").asText("");
        }
        String promptFile = document.get("promptFile").asText("");
        Path path = promptsDir.resolve(promptFile).normalize();
        if (promptFile.isBlank() || !path.startsWith(promptsDir.normalize())) {
            problems.add(new FileProblem(name, "promptFile", "'" + promptFile + "' must name a file in " + promptsDir));
            return "";
        }
        if (!Files.isRegularFile(path)) {
            problems.add(new FileProblem(name, "promptFile", "prompt file " + path + " does not exist"));
            return "";
        }
        try {
            String text = Files.readString(path);
            if (text.isBlank()) {
                problems.add(new FileProblem(name, "promptFile", "prompt file " + path + " is empty"));
            }
            return text;
        } catch (IOException e) {
            problems.add(new FileProblem(name, "promptFile", "cannot read " + path + ": " + e.getMessage()));
            return "";
        }
    }

    private List<CallerProfile> callers(String name, JsonNode document, ConfigSchema schema) {
        List<ConfigSchema.Violation> violations = schema.validate(document);
        violations.forEach(v -> problems.add(new FileProblem(name, v.path(), v.reason())));
        List<CallerProfile> callers = new ArrayList<>();
        if (!violations.isEmpty()) {
            return callers;
        }
        Map<String, Integer> seen = new HashMap<>();
        JsonNode list = document.path("callers");
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String number = c.path("number").asText();
            Integer first = seen.putIfAbsent(number, i);
            if (first != null) {
                problems.add(new FileProblem(name, "callers[" + i + "].number",
                        number + " is already the number of callers[" + first + "]"));
                continue;
            }
            callers.add(new CallerProfile(number, c.path("name").asText(""), c.path("email").asText(""),
                    c.path("notes").asText(""), c.path("language").asText("")));
        }
        return callers;
    }

    private void crossChecks(List<UseCaseFile> useCases) {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> numbers = new HashMap<>();
        String defaultRoute = null;
        for (UseCaseFile u : useCases) {
            String previous = ids.putIfAbsent(u.id(), u.file());
            if (previous != null) {
                problems.add(new FileProblem(u.file(), "id", "'" + u.id() + "' is also the id in " + previous));
            }
            for (int i = 0; i < u.numbers().size(); i++) {
                String number = u.numbers().get(i);
                String owner = numbers.putIfAbsent(number, u.file());
                if (owner != null) {
                    problems.add(new FileProblem(u.file(), "numbers[" + i + "]",
                            number + " is already routed by " + owner));
                }
            }
            if (u.defaultRoute()) {
                if (defaultRoute != null) {
                    problems.add(new FileProblem(u.file(), "defaultRoute", "only one use case may be the default route;"
                            + " " + defaultRoute + " already is"));
                } else {
                    defaultRoute = u.file();
                }
            }
        }
    }

    /** Whether a schema violation at {@code schemaPath} already explains a problem at {@code path}. */
    private static boolean covers(String schemaPath, String path) {
        return schemaPath.equals(path)
                || !schemaPath.isEmpty() && (path.startsWith(schemaPath + ".") || path.startsWith(schemaPath + "["));
    }
}
