package dev.switchboard.local.deploy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
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
 * template.yaml as a JSON tree in which every short-form intrinsic function is in its long form: {@code !Ref X}
 * becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s}
 * becomes {@code {"Fn::Sub": s}} and so on. Jackson's tree model alone would drop the tags and leave {@code !Ref X}
 * and the literal string {@code "X"} indistinguishable.
 */
final class CloudFormationTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");

    private final JsonNode root;

    private CloudFormationTemplate(JsonNode root) {
        this.root = root;
    }

    static CloudFormationTemplate read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return new CloudFormationTemplate(node(parser));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException("no resource " + logicalId);
        }
        return resource;
    }

    /** Logical id to resource, in template order, of every resource of this type. */
    Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    Map<String, JsonNode> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    /** A function property, falling back to {@code Globals.Function} as SAM does. */
    Optional<JsonNode> functionProperty(String logicalId, String property) {
        JsonNode own = resource(logicalId).path("Properties").path(property);
        if (!own.isMissingNode()) {
            return Optional.of(own);
        }
        JsonNode global = root.path("Globals").path("Function").path(property);
        return global.isMissingNode() ? Optional.empty() : Optional.of(global);
    }

    /** Globals' and the function's own environment variables (the function's win), by name. */
    Map<String, JsonNode> environment(String logicalId) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").properties()
                .forEach(e -> variables.put(e.getKey(), e.getValue()));
        resource(logicalId).path("Properties").path("Environment").path("Variables").properties()
                .forEach(e -> variables.put(e.getKey(), e.getValue()));
        return variables;
    }

    /** Every inline IAM statement of a SAM resource's {@code Policies} (policy templates and managed names are not statements). */
    List<JsonNode> inlineStatements(String logicalId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resource(logicalId).path("Properties").path("Policies")) {
            policy.path("Statement").forEach(statements::add);
        }
        return statements;
    }

    /** Entries of {@code Policies} that are not inline statements: SAM policy templates or managed policy names. */
    List<JsonNode> nonInlinePolicies(String logicalId) {
        List<JsonNode> others = new ArrayList<>();
        for (JsonNode policy : resource(logicalId).path("Properties").path("Policies")) {
            if (!policy.has("Statement")) {
                others.add(policy);
            }
        }
        return others;
    }

    /**
     * Every resource this node refers to, as {@code Name} or {@code Name.Attribute}: {@code Ref} (SAM's
     * {@code !Ref Fn.Alias} included), {@code Fn::GetAtt}, and the {@code ${...}} variables of {@code Fn::Sub}
     * strings that are not the Sub's own variables. Pseudo parameters ({@code AWS::Region}) are left out.
     */
    static Set<String> references(JsonNode node) {
        Set<String> found = new LinkedHashSet<>();
        collectReferences(node, found);
        return found;
    }

    private static void collectReferences(JsonNode node, Set<String> found) {
        if (node.isObject() && node.size() == 1 && node.has("Ref")) {
            addReference(node.get("Ref").asText(), found);
        } else if (node.isObject() && node.size() == 1 && node.has("Fn::GetAtt")) {
            JsonNode target = node.get("Fn::GetAtt");
            addReference(target.get(0).asText() + "." + target.get(1).asText(), found);
        } else if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Set<String> locals = new LinkedHashSet<>();
            if (sub.isArray()) {
                sub.get(1).fieldNames().forEachRemaining(locals::add);
                collectReferences(sub.get(1), found);
            }
            Matcher m = SUB_VARIABLE.matcher(text);
            while (m.find()) {
                if (!locals.contains(m.group(1))) {
                    addReference(m.group(1), found);
                }
            }
        } else {
            node.forEach(child -> collectReferences(child, found));
        }
    }

    private static void addReference(String name, Set<String> found) {
        if (!name.startsWith("AWS::")) {
            found.add(name);
        }
    }

    /** The text of every {@code Fn::Sub} string in this node (the template part of a list-form Sub). */
    static List<String> subStrings(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            found.add(sub.isArray() ? sub.get(0).asText() : sub.asText());
        }
        node.forEach(child -> found.addAll(subStrings(child)));
        return found;
    }

    // ------------------------------------------------------------------------------------------------ YAML reading

    private static JsonNode node(YAMLParser parser) throws IOException {
        Object tag = parser.getTypeId();
        JsonToken token = parser.currentToken();
        JsonNode value = switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected " + token + " at " + parser.currentLocation());
        };
        return tag == null ? value : intrinsic(tag.toString(), value);
    }

    private static ObjectNode object(YAMLParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, node(parser));
        }
        return object;
    }

    private static ArrayNode array(YAMLParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(node(parser));
        }
        return array;
    }

    private static JsonNode intrinsic(String tag, JsonNode value) {
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        ObjectNode function = NODES.objectNode();
        switch (name) {
            case "Ref" -> function.set("Ref", value);
            case "Condition" -> function.set("Condition", value);
            case "GetAtt" -> {
                if (value.isTextual()) {
                    String text = value.asText();
                    int dot = text.indexOf('.');
                    if (dot < 0) {
                        throw new IllegalStateException("!GetAtt without an attribute: " + text);
                    }
                    function.set("Fn::GetAtt", NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1)));
                } else {
                    function.set("Fn::GetAtt", value);
                }
            }
            case "Sub", "If", "Equals", "Not", "And", "Or", "Join", "Select", "Split", "FindInMap", "Base64", "Cidr",
                 "ImportValue", "GetAZs", "Length", "ToJsonString" -> function.set("Fn::" + name, value);
            default -> throw new IllegalStateException("unknown CloudFormation tag !" + name);
        }
        return function;
    }
}
