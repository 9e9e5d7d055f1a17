package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.RotatingSecret;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.testkit.apigw.FakeManagementApi;
import dev.switchboard.testkit.apigw.RecordingConnections;
import dev.switchboard.testkit.openai.FakeOpenAi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagePrimingTest {

    private static final List<String> STEPS = List.of("frames", "speech", "prompt", "openai-request", "dynamodb",
            "dynamodb-getitem", "management-api");

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final FakeOpenAi openAi = FakeOpenAi.start();
    private final RecordingConnections connections = new RecordingConnections();
    private final FakeManagementApi management = FakeManagementApi.start(connections);
    private final RotatingSecret apiKey = new RotatingSecret("sk-test");

    @AfterEach
    void close() {
        Log.redirect(System.out);
        openAi.close();
        management.close();
    }

    private Priming priming() {
        OpenAiLlm llm = new OpenAiLlm(new OpenAiLlm.Settings(apiKey, openAi.baseUrl(), "m",
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(2), 0));
        return MessagePriming.of(llm, "switchboard-test", management.endpoint());
    }

    private List<JsonNode> logLines() {
        return log.toString(StandardCharsets.UTF_8).lines().map(Json::read).toList();
    }

    @Test
    void primesEveryPerFrameCodePathWithoutCallingTheModelTheApiOrTheTable() {
        apiKey.unreadable();        // the key must not be read before the snapshot
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));

        Priming.Report report = priming().run();

        assertThat(report.ok()).as(report.failed().toString()).isTrue();
        assertThat(report.primed()).containsExactlyElementsOf(STEPS);
        assertThat(openAi.requests()).as("no model request").isEmpty();
        assertThat(connections.posts()).as("no frame posted").isEmpty();
        assertThat(logLines()).extracting(l -> l.path("event").asText()).containsExactly("snapstart.primed");
    }

    @Test
    void primingTwiceDoesTheSameWork() {
        Priming priming = priming();

        Priming.Report first = priming.run();
        Priming.Report second = priming.run();

        assertThat(first.ok()).isTrue();
        assertThat(second).isEqualTo(first);
        assertThat(apiKey.reads).isZero();
    }

    @Test
    void theWiredHandlerKeepsItsRegisteredPriming() {
        var env = dev.switchboard.shared.Env.of(java.util.Map.of(
                "TABLE_NAME", "switchboard-test", "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:9", "MANAGEMENT_API_ENDPOINT", management.endpoint().toString(),
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", openAi.baseUrl(),
                "TOOL_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:tools",
                "TOOL_FUNCTIONS", "{}"));

        MessageHandler handler = new MessageHandler(MessagePorts.fromEnv(env, AwsClients.from(env)));

        assertThat(handler.priming().stepNames()).containsExactlyElementsOf(STEPS);
        assertThat(handler.priming().run().ok()).isTrue();
    }
}
