package dev.switchboard.wsmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.aws.SdkPriming;
import dev.switchboard.shared.config.CallFacts;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.SystemPrompt;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.relay.InboundMessage;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.snapstart.PrimingSamples;
import dev.switchboard.wsmessage.reply.ModelMessages;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import dev.switchboard.wsmessage.speech.SpeechChunker;
import dev.switchboard.wsmessage.speech.VoiceSafeText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the message function: before the snapshot, runs each per-frame code path that needs no
 * network on in-memory samples, so that its classes are loaded and initialised in the snapshot instead of on the
 * first caller's turn:
 * <ul>
 *   <li>{@code frames}: every inbound frame type (and a malformed one) from a Base64 API Gateway event read by
 *       Jackson into the real event type, decoded as {@link MessageHandler} does; the outbound frames written;</li>
 *   <li>{@code speech}: voice-safe cleaning and the speech chunker;</li>
 *   <li>{@code prompt}: the sample use case parsed from its DynamoDB item, its system prompt rendered and the
 *       model messages built from a history with a tool call and its result;</li>
 *   <li>{@code openai-request}: the openai-java request with history, a tool call and its result, and tools (never
 *       sent; the API key is not read);</li>
 *   <li>{@code dynamodb} and {@code management-api}: the conversation store's history query and a frame post
 *       through {@link ApiGatewayRelayChannel}, on SDK clients that stop every request before it is sent.</li>
 * </ul>
 */
final class MessagePriming {

    private static final String CONNECTION_ID = "snapstart-priming=";
    private static final Instant SAMPLE_TIME = Instant.parse("2026-01-01T12:00:00Z");
    private static final List<String> FRAMES = List.of(
            "{\"type\":\"setup\",\"sessionId\":\"VX0\",\"callSid\":\"CA0\",\"from\":\"+15550000000\",\"to\":\"+15550000001\","
                    + "\"direction\":\"inbound\",\"customParameters\":{\"callSid\":\"CA0\",\"useCaseId\":\"x\"}}",
            "{\"type\":\"prompt\",\"voicePrompt\":\"hello there\",\"lang\":\"en-US\",\"last\":true}",
            "{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"hi\",\"durationUntilInterruptMs\":\"10\"}",
            "{\"type\":\"dtmf\",\"digit\":\"1\"}",
            "{\"type\":\"info\",\"name\":\"agentSpeaking\",\"value\":\"on\"}",
            "{\"type\":\"error\",\"description\":\"x\"}",
            "{not json");

    private MessagePriming() {
    }

    static Priming of(OpenAiLlm llm, String tableName, URI managementEndpoint) {
        return Priming.of("ws-message",
                Priming.step("frames", MessagePriming::frames),
                Priming.step("speech", MessagePriming::speech),
                Priming.step("prompt", MessagePriming::prompt),
                Priming.step("openai-request", () -> llm.params(sampleRequest())),
                Priming.step("dynamodb", () -> {
                    try (SdkPriming sdk = SdkPriming.fromEnv(); DynamoDbClient dynamoDb = sdk.dynamoDb()) {
                        sdk.send(dynamoDb, db -> new DynamoConversationStore(db, tableName)
                                .load(CONNECTION_ID, HistoryWindow.of(30)));
                    }
                }),
                SdkPriming.dynamoDbGetItem(),
                Priming.step("management-api", () -> {
                    try (SdkPriming sdk = SdkPriming.fromEnv();
                         ApiGatewayManagementApiClient management = sdk.management(managementEndpoint)) {
                        sdk.send(management, m -> new ApiGatewayRelayChannel(m).post(CONNECTION_ID,
                                RelayProtocol.write(OutboundMessage.Text.last("Hello."))));
                    }
                }));
    }

    private static void frames() {
        List<InboundMessage> parsed = new ArrayList<>();
        for (String frame : FRAMES) {
            ObjectNode event = Json.object().put("isBase64Encoded", true)
                    .put("body", Base64.getEncoder().encodeToString(frame.getBytes(StandardCharsets.UTF_8)));
            event.putObject("requestContext").put("routeKey", "$default").put("eventType", "MESSAGE")
                    .put("connectionId", CONNECTION_ID).put("messageId", "priming").put("requestTimeEpoch", 0L);
            parsed.add(RelayProtocol.parse(MessageHandler.body(Json.MAPPER.convertValue(event,
                    APIGatewayV2WebSocketEvent.class))));
        }
        if (parsed.stream().filter(m -> !(m instanceof InboundMessage.Unknown)).count() != FRAMES.size() - 1) {
            throw new IllegalStateException("a priming frame did not parse: " + parsed);
        }
        RelayProtocol.write(OutboundMessage.Text.last("ready"));
        RelayProtocol.write(new OutboundMessage.End(Json.write(Map.of("action", "handoff", "reason", "caller_request"))));
    }

    private static void speech() {
        SpeechChunker chunker = new SpeechChunker();
        chunker.accept(VoiceSafeText.clean("**Hello** there, see https://example.com e.g. now. "));
        chunker.accept(VoiceSafeText.clean("Your total is $12.50 — ready at 6:30 pm. "));
        chunker.finish();
    }

    private static void prompt() {
        LoadedUseCase loaded = PrimingSamples.useCase();
        UseCase useCase = loaded.useCase();
        String system = SystemPrompt.render(useCase, Optional.empty(),
                CallFacts.of(PrimingSamples.CALL_SID, PrimingSamples.CALLER, PrimingSamples.CALLED), SAMPLE_TIME);
        ToolCall call = new ToolCall("call_priming", PrimingSamples.TOOL, "{\"orderNumber\":\"123456\"}");
        List<LlmMessage> messages = ModelMessages.of(system, List.of(
                HistoryMessage.user(1, "where is my order", SAMPLE_TIME),
                HistoryMessage.assistant(1, 0, "", List.of(call), SAMPLE_TIME),
                HistoryMessage.toolResult(1, 0, call.id(), call.name(), "{\"status\":\"ready\"}", SAMPLE_TIME),
                HistoryMessage.assistant(1, 1, "It is ready.", List.of(), SAMPLE_TIME),
                HistoryMessage.user(2, "thanks", SAMPLE_TIME)));
        if (!loaded.problems().isEmpty() || messages.size() != 6) {
            throw new IllegalStateException("the priming use case did not load cleanly: " + loaded.problems());
        }
    }

    private static LlmRequest sampleRequest() {
        return new LlmRequest("", 0.2, 50, List.of(new LlmMessage.System("s"), new LlmMessage.User("u"),
                new LlmMessage.Assistant("", List.of(new ToolCall("c", "t", "{}"))), new LlmMessage.ToolResult("c", "{}")),
                List.of(new ToolDefinition("t", "d", Map.of("type", "object", "properties", Map.of()))));
    }
}
