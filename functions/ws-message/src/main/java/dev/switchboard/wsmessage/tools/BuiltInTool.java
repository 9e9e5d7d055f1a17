package dev.switchboard.wsmessage.tools;

import dev.switchboard.shared.config.UseCase;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Actions the model can take that ws-message performs itself, without Step Functions: hand the call to a person,
 * end the call, switch the conversation language, press keys on the far end.
 */
public enum BuiltInTool {

    HANDOFF("handoff_to_human", "Transfer the caller to a human agent. Use when the caller asks for a person, or "
            + "when you cannot help. Say a short sentence first."),
    END_CALL("end_call", "End the phone call. Use only after the caller said goodbye or asked to hang up. "
            + "Say goodbye first."),
    SWITCH_LANGUAGE("switch_language", "Switch the language you speak and listen in, when the caller asks for "
            + "another language or clearly speaks one. Then continue in that language."),
    SEND_DIGITS("send_digits", "Press keys on the phone line (DTMF), e.g. to navigate another phone menu.");

    private final String functionName;
    private final String description;

    BuiltInTool(String functionName, String description) {
        this.functionName = functionName;
        this.description = description;
    }

    public String functionName() {
        return functionName;
    }

    /** Whether performing it ends the ConversationRelay session. */
    public boolean terminal() {
        return this == HANDOFF || this == END_CALL;
    }

    public static Optional<BuiltInTool> named(String name) {
        for (BuiltInTool tool : values()) {
            if (tool.functionName.equals(name)) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }

    /** The languages {@code switch_language} accepts: the use case's own and its {@code <Language>} entries. */
    public static List<String> languages(UseCase useCase) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add(useCase.relay().getOrDefault("language", "en-US"));
        useCase.languages().forEach(l -> codes.add(l.code()));
        return List.copyOf(codes);
    }

    /** Definitions offered to the model for this use case; language switching only when it has several. */
    public static List<ToolDefinition> definitions(UseCase useCase) {
        List<ToolDefinition> out = new ArrayList<>();
        out.add(HANDOFF.definition(Map.of("type", "object", "properties", Map.of(
                "reason", Map.of("type", "string", "description", "why the caller needs a person"),
                "summary", Map.of("type", "string", "description", "one-sentence summary of the call so far for the agent")),
                "required", List.of("reason"))));
        out.add(END_CALL.definition(Map.of("type", "object", "properties", Map.of(
                "reason", Map.of("type", "string")))));
        List<String> languages = languages(useCase);
        if (languages.size() > 1) {
            out.add(SWITCH_LANGUAGE.definition(Map.of("type", "object", "properties", Map.of(
                    "language", Map.of("type", "string", "enum", languages, "description", "BCP-47 code")),
                    "required", List.of("language"))));
        }
        out.add(SEND_DIGITS.definition(Map.of("type", "object", "properties", Map.of(
                "digits", Map.of("type", "string", "pattern", "^[0-9w#*]+$",
                        "description", "keys to press; w waits half a second")),
                "required", List.of("digits"))));
        return out;
    }

    private ToolDefinition definition(Map<String, Object> parameters) {
        return new ToolDefinition(functionName, description, parameters);
    }
}
