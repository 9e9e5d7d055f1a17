package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.relay.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageHandlerTest {

    private static final String CONN = "conn-m";
    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "\"hello\"", "", "{\"voicePrompt\":\"hi\"}", "{\"type\":\"end\"}",
            "{\"type\":\"bogus\",\"x\":1}", "{\"type\":null}"})
    void dropsMalformedAndUnknownFramesWithoutAnOutboundFrame(String body) {
        scenario.connect(CONN);
        scenario.dynamo.resetCounts();

        assertThat(scenario.sendRaw(CONN, body).getStatusCode()).isEqualTo(200);

        assertThat(scenario.connections.frames(CONN)).isEmpty();
        assertThat(scenario.openAi.requests()).isEmpty();
        assertThat(scenario.dynamo.requestCounts().values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(scenario.logs()).contains("frame.dropped");
    }

    @Test
    void dropsAnOversizedFrame() {
        scenario.connect(CONN);
        String huge = "{\"type\":\"prompt\",\"voicePrompt\":\"" + "a".repeat(40_000) + "\",\"last\":true}";

        assertThat(scenario.sendRaw(CONN, huge).getStatusCode()).isEqualTo(200);

        assertThat(scenario.openAi.requests()).isEmpty();
        assertThat(scenario.logs()).contains("too-large").doesNotContain("aaaa");
    }

    @Test
    void answersAFrameWithoutBodyOrRequestContextWith200() {
        APIGatewayV2WebSocketEvent empty = new APIGatewayV2WebSocketEvent();

        assertThat(scenario.handler.handleRequest(empty, null).getStatusCode()).isEqualTo(200);
        assertThat(scenario.logs()).contains("message.failed");
    }

    @Test
    void readsABase64EncodedFrame() {
        scenario.connect(CONN);
        scenario.openAi.enqueue(dev.switchboard.testkit.openai.Reply.text("Yes."));
        APIGatewayV2WebSocketEvent event = scenario.event(CONN, Base64.getEncoder().encodeToString(
                "{\"type\":\"prompt\",\"voicePrompt\":\"Open?\",\"last\":true}".getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        scenario.handler.handleRequest(event, null);

        assertThat(scenario.spoken(CONN)).isEqualTo("Yes.");
    }

    @Test
    void wiresTheRealAdaptersFromAnEnvironment() {
        var env = dev.switchboard.shared.Env.of(java.util.Map.of(
                "TABLE_NAME", scenario.table, "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", scenario.dynamo.endpoint().toString(),
                "MANAGEMENT_API_ENDPOINT", scenario.api.endpoint().toString(),
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", scenario.openAi.baseUrl(), "OPENAI_MAX_RETRIES", "0",
                "TOOL_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:tools",
                "TOOL_FUNCTIONS", "{}"));
        MessageHandler wired = new MessageHandler(MessagePorts.fromEnv(env, AwsClients.from(env)));
        scenario.connections.open(CONN);
        scenario.openAi.enqueue(dev.switchboard.testkit.openai.Reply.text("Hello from the wired handler."));

        wired.handleRequest(scenario.event(CONN, "{\"type\":\"prompt\",\"voicePrompt\":\"Hi\",\"last\":true}"), null);

        assertThat(scenario.spoken(CONN)).isEqualTo("Hello from the wired handler.");
        assertThat(scenario.openAi.requests().getFirst().model()).isEqualTo("gpt-4o-mini");
        assertThat(scenario.history(CONN)).hasSize(2);
    }

    @Test
    void recordsInfoAndErrorFramesWithoutReplying() {
        scenario.connect(CONN);

        scenario.send(CONN, new InboundMessage.Info("tokensPlayed", "We are open until ten", 1));
        scenario.send(CONN, new InboundMessage.Info("agentSpeaking", "off", 2));
        scenario.send(CONN, new InboundMessage.Error("Invalid message received: missing token"));

        assertThat(scenario.connections.frames(CONN)).isEmpty();
        assertThat(scenario.logs()).contains("relay.info").contains("agentSpeaking")
                .doesNotContain("We are open until ten")
                .contains("relay.error").contains("missing token");
        assertThat(scenario.metrics()).anyMatch(m -> m.has("RelayErrors"));
    }
}
