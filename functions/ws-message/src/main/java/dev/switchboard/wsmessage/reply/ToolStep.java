package dev.switchboard.wsmessage.reply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.Phrases;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import dev.switchboard.wsmessage.tools.BuiltInTool;
import dev.switchboard.wsmessage.tools.ToolBatch;
import dev.switchboard.wsmessage.tools.ToolCallRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tool calls of one model step: a terminal built-in ({@code handoff}, {@code end_call}) ends the call; the
 * other built-ins ({@code switch_language}, {@code send_digits}) run inline and their results go back to the
 * model; configured tools go to the tool runner as one batch, and the reply ends there (the continuation asks the
 * model again when their results are stored).
 */
final class ToolStep {

    /** What the reply does after the tools of a step. */
    enum Next {
        /** Ask the model again at the next step, with the inline results. */
        ASK_AGAIN,
        /** The reply is done: the call ended or the tool runner has the batch. */
        DONE
    }

    private final TurnContext turn;

    ToolStep(TurnContext turn) {
        this.turn = turn;
    }

    /** The use case's tools and the built-ins, as offered to the model. */
    static List<ToolDefinition> definitions(UseCase useCase) {
        List<ToolDefinition> tools = new ArrayList<>();
        for (UseCase.ToolSpec spec : useCase.tools()) {
            Map<String, Object> parameters = spec.parameters().isEmpty()
                    ? Map.of("type", "object", "properties", Map.of()) : spec.parameters();
            tools.add(new ToolDefinition(spec.name(), spec.description(), parameters));
        }
        tools.addAll(BuiltInTool.definitions(useCase));
        return tools;
    }

    /** Acts on the tool calls of {@code result}; {@code messages} gets the step's call and results when it goes on. */
    Next handle(int step, StepResult result, List<LlmMessage> messages) {
        Optional<ToolCall> terminal = result.calls().stream()
                .filter(c -> BuiltInTool.named(c.name()).map(BuiltInTool::terminal).orElse(false))
                .findFirst();
        if (terminal.isPresent()) {
            terminal(step, result, terminal.get());
            return Next.DONE;
        }
        List<ToolCall> configured = new ArrayList<>();
        for (ToolCall call : result.calls()) {
            if (BuiltInTool.named(call.name()).isEmpty() && turn.useCase.tool(call.name()).isPresent()) {
                configured.add(call);
            }
        }
        turn.spoken.finish();
        int number = turn.turn();
        Map<String, String> results = new LinkedHashMap<>();
        for (ToolCall call : result.calls()) {
            if (!configured.contains(call)) {
                results.put(call.id(), performInline(call));
            }
        }
        turn.history.writeNow(HistoryMessage.assistant(number, step, result.raw(), result.calls(), turn.now()));
        for (ToolCall call : result.calls()) {
            if (results.containsKey(call.id())) {
                turn.history.writeNow(HistoryMessage.toolResult(number, step, call.id(), call.name(),
                        results.get(call.id()), turn.now()));
            }
        }
        if (!configured.isEmpty() && startBatch(number, step, result, configured, results)) {
            return Next.DONE;
        }
        messages.add(new LlmMessage.Assistant(result.raw(), result.calls()));
        for (ToolCall call : result.calls()) {
            messages.add(new LlmMessage.ToolResult(call.id(), results.get(call.id())));
        }
        messages.set(0, new LlmMessage.System(turn.systemPrompt()));
        return Next.ASK_AGAIN;
    }

    /**
     * Hands the configured calls to the tool runner; true when it took them. When it cannot, each call gets a
     * failure result (stored and put in {@code results}) and the model is asked again.
     */
    private boolean startBatch(int number, int step, StepResult result, List<ToolCall> configured,
                               Map<String, String> results) {
        // the calls are stored before the filler is spoken: an interrupt of the filler must find them
        if (result.raw().isBlank()) {
            turn.useCase.tool(configured.getFirst().name()).map(UseCase.ToolSpec::filler).ifPresent(turn.spoken::say);
            turn.spoken.finish();
        }
        String holdAudio = turn.useCase.speech().holdAudioUrl();
        if (!holdAudio.isBlank()) {
            turn.sender.send(new OutboundMessage.Play(holdAudio, 0, true, null));
        }
        ToolBatch batch = ToolBatch.forCall(turn.state(), turn.useCase.id(), turn.language(), number, step,
                configured.stream().map(c -> new ToolCallRequest(c.id(), c.name(), c.argumentsJson())).toList());
        try {
            turn.ports.tools().start(batch);
            Log.info("tools.started", "step", step, "tools", configured.stream().map(ToolCall::name).toList());
            turn.succeeded(TurnOutcome.TOOLS);
            return true;
        } catch (RuntimeException e) {
            turn.tally.error();
            Log.error("tools.start_failed", e, "step", step);
            for (ToolCall call : configured) {
                String failure = "{\"ok\":false,\"error\":\"the tool could not be started\"}";
                results.put(call.id(), failure);
                turn.history.writeNow(HistoryMessage.toolResult(number, step, call.id(), call.name(), failure,
                        turn.now()));
            }
            return false;
        }
    }

    /** Runs a built-in tool that does not end the call; returns its result for the model. */
    private String performInline(ToolCall call) {
        JsonNode args = arguments(call);
        Optional<BuiltInTool> builtIn = BuiltInTool.named(call.name());
        if (builtIn.isEmpty()) {
            Log.warn("tools.unknown", "tool", call.name());
            return "{\"ok\":false,\"error\":\"there is no tool named " + call.name().replaceAll("[^A-Za-z0-9_-]", "") + "\"}";
        }
        switch (builtIn.get()) {
            case SWITCH_LANGUAGE -> {
                Optional<String> code = supportedLanguage(args.path("language").asText(""));
                if (code.isEmpty()) {
                    return Json.write(Map.of("ok", false, "error", "unsupported language",
                            "supported", BuiltInTool.languages(turn.useCase)));
                }
                turn.sender.send(OutboundMessage.Language.both(code.get()));
                turn.switchLanguage(code.get());
                Log.info("language.switched", "language", code.get());
                return Json.write(Map.of("ok", true, "language", code.get()));
            }
            case SEND_DIGITS -> {
                String digits = args.path("digits").asText("");
                if (!OutboundMessage.SendDigits.isValid(digits)) {
                    return "{\"ok\":false,\"error\":\"digits may hold only 0-9, w, # and *\"}";
                }
                turn.sender.send(new OutboundMessage.SendDigits(digits));
                Log.info("dtmf.sent", "digitCount", digits.length());
                return "{\"ok\":true}";
            }
            default -> {
                return "{\"ok\":false}";
            }
        }
    }

    private Optional<String> supportedLanguage(String requested) {
        List<String> supported = BuiltInTool.languages(turn.useCase);
        for (String code : supported) {
            if (code.equalsIgnoreCase(requested)) {
                return Optional.of(code);
            }
        }
        String primary = requested.toLowerCase(Locale.ROOT).split("[-_]")[0];
        return supported.stream().filter(c -> c.toLowerCase(Locale.ROOT).split("[-_]")[0].equals(primary)).findFirst();
    }

    private void terminal(int step, StepResult result, ToolCall call) {
        BuiltInTool tool = BuiltInTool.named(call.name()).orElseThrow();
        JsonNode args = arguments(call);
        String language = turn.language();
        HandoffData data;
        String line;
        if (tool == BuiltInTool.HANDOFF) {
            String summary = args.path("summary").asText(args.path("reason").asText(""));
            data = HandoffData.handoff("caller_request", summary, language);
            line = turn.useCase.handoff().message();
        } else {
            data = HandoffData.hangup("goodbye", args.path("reason").asText(""), language);
            line = turn.phrase(Phrases.Phrase.GOODBYE);
        }
        if (result.raw().isBlank()) {
            turn.spoken.say(line);
        }
        turn.spoken.finish();
        turn.history.remember(HistoryMessage.assistant(0, step, result.raw(), result.calls(), turn.now()));
        for (ToolCall c : result.calls()) {
            turn.history.remember(HistoryMessage.toolResult(0, step, c.id(), c.name(), "{\"ok\":true}", turn.now()));
        }
        turn.end(data);
        turn.succeeded(TurnOutcome.of(data));
    }

    private static JsonNode arguments(ToolCall call) {
        try {
            JsonNode node = Json.read(call.argumentsJson());
            return node == null ? Json.object() : node;
        } catch (RuntimeException e) {
            return Json.object();
        }
    }
}
