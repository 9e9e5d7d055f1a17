package dev.switchboard.shared.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One use case: everything that decides how the agent on a phone number behaves. Stored as one DynamoDB item
 * ({@code pk = USECASE#{id}}, {@code sk = CONFIG}) of native maps and lists that people edit in the console; the
 * repository's {@code configs/*.json} are the source of truth that the config command pushes.
 *
 * @param id           stable name, e.g. {@code restaurant}
 * @param description  what the agent is for (shown to people, not to the model)
 * @param timeZone     IANA zone used for the {@code {{now}}} placeholder and store hours
 * @param systemPrompt the system prompt template with {@code {{placeholders}}}
 * @param relay        {@code <ConversationRelay>} attributes, named exactly as Twilio documents them
 * @param languages    extra {@code <Language>} elements, also the languages the agent may switch to
 * @param parameters   custom {@code <Parameter>}s, delivered in {@code setup.customParameters}
 * @param llm          model settings
 * @param tools        tools the model may call
 * @param dtmf         what keypad presses do
 * @param handoff      where the call goes when the agent hands off or gives up
 * @param limits       call length, turns and tool steps
 * @param speech       how text is cleaned before Twilio speaks it
 * @param data         use-case data the tools read (the restaurant's menu and hours, say)
 * @param phrases      what the agent says on its own (apology, filler, goodbye...) per language
 */
public record UseCase(
        String id,
        String description,
        String timeZone,
        String systemPrompt,
        Map<String, String> relay,
        List<LanguageOption> languages,
        Map<String, String> parameters,
        LlmSettings llm,
        List<ToolSpec> tools,
        List<DtmfHandler> dtmf,
        Handoff handoff,
        Limits limits,
        SpeechSettings speech,
        Map<String, Object> data,
        Phrases phrases) {

    public UseCase {
        relay = Map.copyOf(relay);
        languages = List.copyOf(languages);
        parameters = Map.copyOf(parameters);
        tools = List.copyOf(tools);
        dtmf = List.copyOf(dtmf);
        data = Map.copyOf(data);
    }

    public Optional<ToolSpec> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A {@code <Language>} entry: {@code code} plus optional provider overrides, all named as in TwiML. */
    public record LanguageOption(String code, Map<String, String> attributes) {
        public LanguageOption {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * @param model          e.g. {@code gpt-4o-mini}; empty means the deployment's default model
     * @param temperature    0..2
     * @param maxTokens      cap on one reply
     * @param historyMessages how many recent history messages go to the model (a tool call is never split from its results)
     * @param fillerAfterMs   speak the {@code filler} phrase when the model has sent nothing for this long (0: never)
     */
    public record LlmSettings(String model, double temperature, int maxTokens, int historyMessages, int fillerAfterMs) {
    }

    /**
     * @param name        function name the model sees
     * @param description what it does, for the model
     * @param parameters  JSON Schema of the arguments (a native map in DynamoDB)
     * @param function    which function runs it: a key of the deployment's tool function map (see template.yaml)
     * @param filler      what to say while it runs; empty for nothing
     */
    public record ToolSpec(String name, String description, Map<String, Object> parameters, String function,
                           String filler) {
        public ToolSpec {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * What a key press does. {@code key} is one of 0-9, *, #.
     *
     * @param action    {@code say} (speak {@code text}), {@code handoff}, {@code model} (tell the model the key),
     *                  {@code collect} (gather digits until {@code terminator} or {@code maxDigits} or a pause, then
     *                  pass them to {@code tool} or, when no tool is named, to the model)
     * @param sensitive collected digits never reach the model or the logs
     */
    public record DtmfHandler(String key, String action, String text, String tool, int maxDigits, String terminator,
                              int timeoutMs, boolean sensitive) {
    }

    /**
     * @param mode        {@code enqueue} (TaskRouter workflow), {@code dial} (a number) or {@code hangup}
     * @param workflowSid TaskRouter workflow for {@code enqueue}
     * @param number      E.164 number for {@code dial}
     * @param message     what to say before handing off or hanging up
     * @param afterFailures hand off after this many consecutive failed turns (LLM or tool failures)
     */
    public record Handoff(String mode, String workflowSid, String number, String message, int afterFailures) {
    }

    public record Limits(int maxCallSeconds, int maxTurns, int maxToolSteps) {
    }

    /** @param voiceSafe strip markdown, emojis and URLs and expand abbreviations in what Twilio speaks */
    public record SpeechSettings(boolean voiceSafe, boolean partialPrompts, String holdAudioUrl) {
    }
}
