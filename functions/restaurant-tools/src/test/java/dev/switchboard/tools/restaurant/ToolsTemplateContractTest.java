package dev.switchboard.tools.restaurant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolHandler;
import dev.switchboard.shared.tools.ToolRequest;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.shared.tools.ToolResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tools part of template.yaml, statemachine/*.asl.json, the payload records and the use-case configs agree.
 * Jackson's YAML parser reads CloudFormation's short-form tags ({@code !Ref X}, {@code !Sub [..]}) as the plain
 * scalar or sequence they tag, which is all these checks need.
 */
class ToolsTemplateContractTest {

    private static final Path ROOT = repositoryRoot();
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final Pattern FUNCTION_ENTRY = Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*\"\\$\\{([A-Za-z0-9_]+)}\"");

    private final JsonNode resources = template().get("Resources");

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static JsonNode template() {
        try {
            return new YAMLMapper().readTree(ROOT.resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map.Entry<String, JsonNode>> stateMachines() {
        List<Map.Entry<String, JsonNode>> machines = new ArrayList<>();
        resources.properties().forEach(e -> {
            if ("AWS::Serverless::StateMachine".equals(e.getValue().path("Type").asText())) {
                machines.add(e);
            }
        });
        return machines;
    }

    @Test
    void everyAslSubstitutionIsDefinedAndEveryDefinitionIsUsed() {
        assertThat(stateMachines()).isNotEmpty();
        for (var machine : stateMachines()) {
            JsonNode properties = machine.getValue().get("Properties");
            String asl = read(ROOT.resolve(properties.get("DefinitionUri").asText()));
            Set<String> used = new TreeSet<>();
            Matcher m = SUBSTITUTION.matcher(asl);
            while (m.find()) {
                used.add(m.group(1));
            }
            Set<String> defined = new TreeSet<>();
            properties.path("DefinitionSubstitutions").fieldNames().forEachRemaining(defined::add);
            assertThat(defined).as(machine.getKey() + " DefinitionSubstitutions").isEqualTo(used);
        }
        try (Stream<Path> files = Files.list(ROOT.resolve("statemachine"))) {
            List<String> referenced = stateMachines().stream()
                    .map(e -> e.getValue().get("Properties").get("DefinitionUri").asText()).toList();
            assertThat(files.filter(f -> f.toString().endsWith(".asl.json"))
                    .map(f -> ROOT.relativize(f).toString().replace('\\', '/')))
                    .as("every ASL file is deployed").allMatch(referenced::contains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function key to the resource whose alias it names, from a function's TOOL_FUNCTIONS {@code !Sub}. */
    private Map<String, String> toolFunctions(String functionResource) {
        JsonNode sub = resources.get(functionResource).get("Properties").get("Environment").get("Variables")
                .get("TOOL_FUNCTIONS");
        assertThat(sub.isArray()).as(functionResource + " TOOL_FUNCTIONS is a !Sub [template, variables]").isTrue();
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher m = FUNCTION_ENTRY.matcher(sub.get(0).asText());
        while (m.find()) {
            String reference = sub.get(1).get(m.group(2)).asText();
            assertThat(reference).as("TOOL_FUNCTIONS." + m.group(1)).endsWith(".Alias");
            keys.put(m.group(1), reference.substring(0, reference.length() - ".Alias".length()));
        }
        Json.read(SUBSTITUTION.matcher(sub.get(0).asText()).replaceAll("arn"));   // the template is valid JSON
        return keys;
    }

    @Test
    void theToolFunctionMapIsTheSameWhereverToolsStartAndPointsAtDeployedFunctions() {
        Map<String, String> message = toolFunctions("WsMessageFunction");
        assertThat(message).isNotEmpty();
        assertThat(toolFunctions("ToolContinuationFunction")).isEqualTo(message);

        JsonNode statements = resources.get("ToolStateMachine").get("Properties").get("Policies");
        Set<String> invocable = new LinkedHashSet<>();
        statements.findValues("Resource").forEach(r -> r.forEach(v -> invocable.add(v.asText())));
        message.forEach((key, resource) -> {
            assertThat(resources.get(resource).path("Type").asText()).as(key)
                    .isEqualTo("AWS::Serverless::Function");
            assertThat(invocable).as("the state machine may invoke " + resource).contains(resource + ".Alias");
        });
    }

    @Test
    void theRestaurantToolFunctionsRunThisModulesHandlers() throws Exception {
        for (String resource : toolFunctions("WsMessageFunction").values()) {
            JsonNode properties = resources.get(resource).get("Properties");
            String handler = properties.get("Handler").asText();
            if (!handler.startsWith("dev.switchboard.tools.restaurant.")) {
                continue;
            }
            assertThat(properties.get("CodeUri").asText()).isEqualTo("functions/restaurant-tools/target/lambda");
            assertThat(handler).endsWith("::handleRequest");
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(ToolHandler.class).as(handler).isAssignableFrom(type);
            assertThat(type.getConstructor()).as(handler + " has a public no-arg constructor").isNotNull();
        }
    }

    @Test
    void everyToolInTheConfigsNamesADeployedFunction() throws IOException {
        Set<String> keys = toolFunctions("WsMessageFunction").keySet();
        List<Path> configs = new ArrayList<>();
        Path dir = ROOT.resolve("configs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".json")).forEach(configs::add);
            }
        }
        configs.add(ROOT.resolve("functions/restaurant-tools/src/test/resources/restaurant-usecase.json"));
        int tools = 0;
        for (Path config : configs) {
            for (JsonNode tool : Json.read(read(config)).path("tools")) {
                tools++;
                assertThat(keys).as(config.getFileName() + " tool " + tool.path("name").asText())
                        .contains(tool.path("function").asText());
            }
        }
        assertThat(tools).isPositive();
    }

    @Test
    void theAslPayloadsMatchTheJavaRecords() {
        JsonNode asl = Json.read(read(ROOT.resolve("statemachine/tools.asl.json")));
        JsonNode itemStates = asl.get("States").get("RunTools").get("ItemProcessor").get("States");

        assertThat(keys(itemStates.get("InvokeTool").get("Parameters").get("Payload"))).isEqualTo(components(ToolRequest.class));
        assertThat(components(ToolResult.class)).containsAll(keys(itemStates.get("ToolFailed").get("Parameters")))
                .containsAll(keys(itemStates.get("NoFunction").get("Parameters")));
        assertThat(keys(asl.get("States").get("ResumeConversation").get("Parameters").get("Payload")))
                .isEqualTo(components(ToolResults.class));

        for (JsonNode retry : itemStates.get("InvokeTool").get("Retry")) {
            for (JsonNode error : retry.get("ErrorEquals")) {
                if (error.asText().startsWith("dev.switchboard.")) {
                    assertThat(classExists(error.asText())).as(error.asText() + " exists").isTrue();
                }
            }
        }
    }

    private static Set<String> keys(JsonNode parameters) {
        Set<String> keys = new TreeSet<>();
        parameters.fieldNames().forEachRemaining(k -> keys.add(k.endsWith(".$") ? k.substring(0, k.length() - 2) : k));
        return keys;
    }

    private static Set<String> components(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).forEach(c -> names.add(c.getName()));
        return names;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
