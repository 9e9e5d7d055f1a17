package dev.switchboard.local.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.config.SystemPrompt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code docs/use-case-reference.md} from the JSON Schemas: one table per section (attribute path,
 * type / range, default, description), every word taken from the schema's {@code type}, {@code enum},
 * {@code minimum} / {@code maximum}, {@code title}, {@code default} and {@code description}. Run by
 * {@code ./switchboard config docs}; UseCaseReferenceTest fails when the committed page differs.
 */
final class UseCaseReference {

    static final String COMMAND = "./switchboard config docs > docs/use-case-reference.md";

    private final JsonNode schema;
    private final StringBuilder out = new StringBuilder();

    private UseCaseReference(JsonNode schema) {
        this.schema = schema;
    }

    /** The page for {@code useCaseSchema}, with caller profiles from {@code callersSchema}. */
    static String markdown(JsonNode useCaseSchema, JsonNode callersSchema) {
        UseCaseReference page = new UseCaseReference(useCaseSchema);
        page.write(callersSchema);
        return page.out.toString();
    }

    private void write(JsonNode callersSchema) {
        line("# Use case reference");
        line("");
        line("<!-- Generated from configs/schema/*.schema.json by `" + COMMAND + "`: edit the schema, not this page. -->");
        line("");
        line(text(schema.path("description").asText()));
        line("");
        line("Every attribute is optional except `id` and the prompt; the defaults are the built-in use case's. In a "
                + "stored use case an attribute that breaks a rule below falls back to its default (or is dropped) "
                + "and is logged as `config.problem`; `./switchboard config validate` refuses the file.");
        List<String> sections = new ArrayList<>();
        line("");
        line("## Top level");
        line("");
        header();
        schema.path("properties").fields().forEachRemaining(e -> {
            JsonNode node = resolve(e.getValue());
            if (sectionOf(node) != null) {
                sections.add(e.getKey());
            }
            row(e.getKey(), e.getValue());
        });
        for (String name : sections) {
            JsonNode node = resolve(schema.path("properties").path(name));
            String path = node.has("items") ? name + "[]" : name;
            line("");
            line("## `" + path + "`");
            line("");
            line(text(description(schema.path("properties").path(name))));
            line("");
            header();
            sectionOf(node).fields().forEachRemaining(e -> row(path + "." + e.getKey(), e.getValue()));
        }
        line("");
        line("## Prompt placeholders");
        line("");
        line("`systemPrompt` may use " + String.join(", ", SystemPrompt.PLACEHOLDERS.stream().sorted()
                .map(p -> "`{{" + p + "}}`").toList()) + " and `{{data.<key>[.<key>…]}}`; `config validate` "
                + "refuses placeholders it cannot fill.");
        line("");
        line("## Caller profiles");
        line("");
        line(text(callersSchema.path("description").asText()));
        line("");
        header();
        UseCaseReference callers = new UseCaseReference(callersSchema);
        callersSchema.path("properties").path("callers").path("items").path("properties").fields()
                .forEachRemaining(e -> callers.row("callers[]." + e.getKey(), e.getValue()));
        out.append(callers.out);
    }

    /** The properties a section's table lists: an object's, or a list's items'. */
    private JsonNode sectionOf(JsonNode node) {
        if (node.has("properties")) {
            return node.get("properties");
        }
        JsonNode items = resolve(node.path("items"));
        return items.has("properties") ? items.get("properties") : null;
    }

    private void header() {
        line("| attribute | type / range | default | description |");
        line("|---|---|---|---|");
    }

    private void row(String path, JsonNode property) {
        JsonNode node = resolve(property);
        JsonNode value = node.get("default");
        String fallback = value == null ? "—" : value.isTextual() && value.textValue().isEmpty() ? "`\"\"`"
                : "`" + (value.isTextual() ? value.textValue() : value.toString()) + "`";
        line("| `" + path + "` | " + cell(type(node)) + " | " + cell(fallback) + " | " + cell(text(description(property)))
                + " |");
    }

    private String description(JsonNode property) {
        String own = property.path("description").asText("");
        return own.isEmpty() ? resolve(property).path("description").asText("") : own;
    }

    /** {@code integer 1–16384}, {@code one of low, medium, high}, {@code string: an E.164 number such as ...}. */
    private String type(JsonNode node) {
        if (node.path("not").isObject() && node.path("not").isEmpty()) {
            return "not allowed";
        }
        String kind = kinds(node.path("type"));
        if (node.has("items")) {
            return "list of " + type(resolve(node.get("items")));
        }
        if (node.has("title")) {
            return kind + ": " + node.get("title").asText();
        }
        if (node.has("enum")) {
            Set<String> choices = new LinkedHashSet<>();
            node.get("enum").forEach(v -> choices.add(v.isTextual() && v.textValue().isEmpty() ? "''" : v.asText()));
            return "one of " + String.join(", ", choices);
        }
        if (node.has("const")) {
            return "`" + node.get("const").asText() + "`";
        }
        if (node.has("minimum") || node.has("maximum")) {
            return kind + " " + node.path("minimum").asText("…") + "–" + node.path("maximum").asText("…");
        }
        if (node.has("pattern")) {
            return kind + " matching `" + node.get("pattern").asText() + "`";
        }
        if (node.has("propertyNames") && node.get("propertyNames").has("title")) {
            return "map; names: " + node.get("propertyNames").get("title").asText();
        }
        return kind.isEmpty() ? "any" : kind;
    }

    private static String kinds(JsonNode type) {
        Map<String, String> words = Map.of("object", "map", "array", "list");
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(words.getOrDefault(t.asText(), t.asText())));
        } else if (type.isTextual()) {
            names.add(words.getOrDefault(type.asText(), type.asText()));
        }
        return String.join(" or ", names);
    }

    /** A property with its {@code $ref} followed (siblings of the reference win). */
    private JsonNode resolve(JsonNode property) {
        JsonNode ref = property.get("$ref");
        if (ref == null || !ref.asText().startsWith("#/")) {
            return property;
        }
        JsonNode target = schema.at(ref.asText().substring(1));
        ObjectNode merged = target.deepCopy();
        property.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        return merged;
    }

    /** Markdown-safe prose: TwiML element names in code, so they are not read as HTML. */
    private static String text(String prose) {
        return prose.replaceAll("<([A-Za-z]+)>", "`<$1>`");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
