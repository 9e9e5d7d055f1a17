package dev.switchboard.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code POST /chat/completions} the fake received, parsed: {@code index} 0 for the first, {@code apiKey} the
 * bearer token. Absent strings are {@code ""}, absent lists empty; everything else is in {@link #body()}.
 */
public record ChatRequest(int index, String path, String apiKey, String model, List<Message> messages,
                          List<Tool> tools, boolean stream, JsonNode body) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    /** One message of the conversation; array content is joined from its {@code text} parts. */
    public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
        public Message {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** A function tool the client offered. */
    public record Tool(String name, String description, JsonNode parameters) {
    }

    public Optional<Double> temperature() {
        return number("temperature").map(JsonNode::asDouble);
    }

    /** {@code max_completion_tokens}, or the older {@code max_tokens}. */
    public Optional<Integer> maxTokens() {
        return number("max_completion_tokens").or(() -> number("max_tokens")).map(JsonNode::asInt);
    }

    /** Whether {@code stream_options.include_usage} is true. */
    public boolean includeUsage() {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** The last message with this role, e.g. {@code lastMessage("user")}. */
    public Optional<Message> lastMessage(String role) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals(role)) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> number(String field) {
        JsonNode node = body.path(field);
        return node.isNumber() ? Optional.of(node) : Optional.empty();
    }

    static ChatRequest parse(int index, String path, String authorization, JsonNode body) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            messages.add(new Message(m.path("role").asText(""), content(m.path("content")),
                    toolCalls(m.path("tool_calls")), m.path("tool_call_id").asText("")));
        }
        List<Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            JsonNode fn = t.path("function");
            tools.add(new Tool(fn.path("name").asText(""), fn.path("description").asText(""), fn.path("parameters")));
        }
        String apiKey = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
        return new ChatRequest(index, path, apiKey, body.path("model").asText(""), messages, tools,
                body.path("stream").asBoolean(false), body);
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode c : calls) {
            JsonNode fn = c.path("function");
            out.add(new ToolCall(c.path("id").asText(""), fn.path("name").asText(""), fn.path("arguments").asText("")));
        }
        return out;
    }
}
