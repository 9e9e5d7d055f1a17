package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local stack needs from {@code template.yaml}, read rather than repeated: the table's keys and TTL
 * attribute, every function's handler class and environment variable names, the routes of the HTTP and WebSocket
 * APIs (and the WebSocket route selection expression), the tool function keys of {@code TOOL_FUNCTIONS}, and the
 * state machine's definition file and substitutions.
 *
 * <p>Jackson's YAML reader keeps the scalar of a short-form intrinsic ({@code !Ref X.Alias} reads as
 * {@code "X.Alias"}, {@code !Sub [text, {..}]} as a list), which is all the stack needs to follow references.
 */
public final class SamTemplate {

    /** One key attribute of the table. */
    public record KeyAttribute(String name, String type) {
    }

    /** The table as the template defines it. */
    public record TableDefinition(String logicalId, KeyAttribute hashKey, Optional<KeyAttribute> rangeKey,
                                  Optional<String> ttlAttribute) {
    }

    /** A function: {@code Handler} split into class and method, and the names of the variables it is given. */
    public record FunctionDefinition(String logicalId, String handlerClass, String handlerMethod, String codeUri,
                                     Set<String> environment, int timeoutSeconds, int memoryMb) {
        public FunctionDefinition {
            environment = Set.copyOf(environment);
        }
    }

    /** An API Gateway v2 API: its protocol, route selection expression (WebSocket) and route key to function. */
    public record Api(String logicalId, String protocol, String routeSelectionExpression, Map<String, String> routes) {
        public Api {
            routes = Map.copyOf(routes);
        }
    }

    /** A state machine: its ASL file (relative to the template) and definition substitutions to function ids. */
    public record StateMachine(String logicalId, String definitionUri, Map<String, String> functionSubstitutions) {
        public StateMachine {
            functionSubstitutions = Map.copyOf(functionSubstitutions);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private final Path file;
    private final JsonNode resources;
    private final JsonNode globalEnvironment;
    private final JsonNode globalFunction;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.resources = root.path("Resources");
        this.globalFunction = root.path("Globals").path("Function");
        this.globalEnvironment = globalFunction.path("Environment").path("Variables");
        if (!resources.isObject()) {
            throw new IllegalArgumentException(file + " has no Resources");
        }
    }

    public static SamTemplate read(Path file) {
        try {
            return new SamTemplate(file, YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The directory paths in the template are relative to. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    /** The one {@code AWS::DynamoDB::Table}. */
    public TableDefinition table() {
        List<String> tables = resourcesOfType("AWS::DynamoDB::Table");
        if (tables.size() != 1) {
            throw new IllegalArgumentException(file + " must define exactly one AWS::DynamoDB::Table, found " + tables);
        }
        String id = tables.get(0);
        JsonNode properties = resources.path(id).path("Properties");
        Map<String, String> types = new LinkedHashMap<>();
        properties.path("AttributeDefinitions")
                .forEach(a -> types.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        KeyAttribute hash = null;
        KeyAttribute range = null;
        for (JsonNode key : properties.path("KeySchema")) {
            String name = key.path("AttributeName").asText();
            KeyAttribute attribute = new KeyAttribute(name, types.getOrDefault(name, "S"));
            if ("HASH".equals(key.path("KeyType").asText())) {
                hash = attribute;
            } else if ("RANGE".equals(key.path("KeyType").asText())) {
                range = attribute;
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException(file + ": table " + id + " has no HASH key");
        }
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        Optional<String> ttlAttribute = ttl.path("Enabled").asBoolean(false) || "true".equals(ttl.path("Enabled").asText())
                ? Optional.of(ttl.path("AttributeName").asText()).filter(s -> !s.isEmpty())
                : Optional.empty();
        return new TableDefinition(id, hash, Optional.ofNullable(range), ttlAttribute);
    }

    /** Every {@code AWS::Serverless::Function}, by logical id, in template order. */
    public Map<String, FunctionDefinition> functions() {
        Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
        for (String id : resourcesOfType("AWS::Serverless::Function")) {
            JsonNode properties = resources.path(id).path("Properties");
            String handler = properties.path("Handler").asText();
            int separator = handler.indexOf("::");
            String className = separator < 0 ? handler : handler.substring(0, separator);
            String method = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
            Set<String> environment = new LinkedHashSet<>();
            globalEnvironment.fieldNames().forEachRemaining(environment::add);
            properties.path("Environment").path("Variables").fieldNames().forEachRemaining(environment::add);
            int timeout = properties.path("Timeout").asInt(globalFunction.path("Timeout").asInt(3));
            int memory = properties.path("MemorySize").asInt(globalFunction.path("MemorySize").asInt(128));
            functions.put(id, new FunctionDefinition(id, className, method, properties.path("CodeUri").asText(),
                    environment, timeout, memory));
        }
        return functions;
    }

    public FunctionDefinition function(String logicalId) {
        FunctionDefinition function = functions().get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException(file + " has no function " + logicalId);
        }
        return function;
    }

    /** The one {@code AWS::ApiGatewayV2::Api} with this protocol ({@code HTTP} or {@code WEBSOCKET}) and its routes. */
    public Api api(String protocol) {
        List<String> ids = resourcesOfType("AWS::ApiGatewayV2::Api").stream()
                .filter(id -> protocol.equals(resources.path(id).path("Properties").path("ProtocolType").asText())).toList();
        if (ids.size() != 1) {
            throw new IllegalArgumentException(file + " must define exactly one " + protocol + " API, found " + ids.size());
        }
        String id = ids.get(0);
        JsonNode properties = resources.path(id).path("Properties");
        Map<String, String> routes = new LinkedHashMap<>();
        for (String routeId : resourcesOfType("AWS::ApiGatewayV2::Route")) {
            JsonNode route = resources.path(routeId).path("Properties");
            if (!id.equals(route.path("ApiId").asText())) {
                continue;
            }
            String integrationId = referenced(route.path("Target"), resourcesOfType("AWS::ApiGatewayV2::Integration"))
                    .orElseThrow(() -> new IllegalArgumentException(file + ": route " + routeId + " has no integration"));
            JsonNode uri = resources.path(integrationId).path("Properties").path("IntegrationUri");
            String functionId = referenced(uri, List.copyOf(functions().keySet()))
                    .orElseThrow(() -> new IllegalArgumentException(file + ": integration " + integrationId
                            + " invokes no function of this template"));
            routes.put(route.path("RouteKey").asText(), functionId);
        }
        return new Api(id, protocol, properties.path("RouteSelectionExpression").asText(""), routes);
    }

    /**
     * The function keys of the JSON-valued environment variable {@code variable} on function {@code functionId}
     * (e.g. {@code TOOL_FUNCTIONS}: {@code {"PlaceOrder":"${PlaceOrder}"}} with {@code PlaceOrder: !Ref
     * PlaceOrderFunction.Alias}) mapped to the logical ids of the functions they name.
     */
    public Map<String, String> functionMap(String functionId, String variable) {
        JsonNode value = resources.path(functionId).path("Properties").path("Environment").path("Variables").path(variable);
        if (!value.isArray() || value.size() != 2 || !value.get(0).isTextual() || !value.get(1).isObject()) {
            throw new IllegalArgumentException(file + ": " + functionId + "." + variable
                    + " is not a !Sub [json, {key: !Ref Function.Alias}]");
        }
        List<String> functionIds = List.copyOf(functions().keySet());
        Map<String, String> variables = new LinkedHashMap<>();
        value.get(1).properties().forEach(e -> referenced(e.getValue(), functionIds)
                .ifPresent(f -> variables.put(e.getKey(), f)));
        Map<String, String> keys = new LinkedHashMap<>();
        JsonNode json = dev.switchboard.shared.json.Json.read(value.get(0).asText());
        json.properties().forEach(e -> {
            Matcher m = SUB_VARIABLE.matcher(e.getValue().asText());
            if (m.matches() && variables.containsKey(m.group(1))) {
                keys.put(e.getKey(), variables.get(m.group(1)));
            }
        });
        return keys;
    }

    /** The state machines: ASL file and the substitutions that name functions. */
    public List<StateMachine> stateMachines() {
        List<String> functionIds = List.copyOf(functions().keySet());
        List<StateMachine> machines = new ArrayList<>();
        for (String id : resourcesOfType("AWS::Serverless::StateMachine")) {
            JsonNode properties = resources.path(id).path("Properties");
            Map<String, String> substitutions = new LinkedHashMap<>();
            properties.path("DefinitionSubstitutions").properties()
                    .forEach(e -> referenced(e.getValue(), functionIds).ifPresent(f -> substitutions.put(e.getKey(), f)));
            machines.add(new StateMachine(id, properties.path("DefinitionUri").asText(), substitutions));
        }
        return machines;
    }

    private List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources.properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /**
     * The first of {@code candidates} that {@code node} refers to: a scalar {@code X}, {@code X.Alias},
     * {@code X.Arn}, or a {@code ${X}}/{@code ${X.Alias}} inside a {@code !Sub} string or list.
     */
    private static Optional<String> referenced(JsonNode node, List<String> candidates) {
        List<String> texts = new ArrayList<>();
        collectText(node, texts);
        for (String text : texts) {
            for (String candidate : candidates) {
                if (text.equals(candidate) || text.startsWith(candidate + ".")) {
                    return Optional.of(candidate);
                }
                Matcher m = SUB_VARIABLE.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (name.equals(candidate) || name.startsWith(candidate + ".")) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static void collectText(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectText(child, out));
        }
    }
}
