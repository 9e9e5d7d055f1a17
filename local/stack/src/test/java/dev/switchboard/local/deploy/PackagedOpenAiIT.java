package dev.switchboard.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.config.ConfigPush;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.apigw.FakeManagementApi;
import dev.switchboard.testkit.apigw.RecordingConnections;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.dynamodb.TableFixture;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ws-message's packaged artifact, exactly what {@code sam deploy} uploads ({@code functions/ws-message/target/lambda/lib}
 * plus the layer's {@code java/lib}), streams a reply and a tool call through its {@code OpenAiLlm} and the real
 * openai-java client against {@link FakeOpenAi}; and its {@code MessageHandler}, built with its public constructor,
 * runs its SnapStart priming and answers a call's frames against the local stand-ins (DynamoDB, the
 * {@code @connections} API, the model). The jars are loaded in a class loader whose parent is the platform loader,
 * so nothing of the test classpath can stand in for a class the slimmed openai-java-core left out; only the probes'
 * own class files ({@link OpenAiStreamingProbe}, {@link MessageHandlerProbe}) are added to drive it.
 */
class PackagedOpenAiIT {

    private static final String PROBE = "dev.switchboard.local.deploy.OpenAiStreamingProbe";
    private static final String HANDLER_PROBE = "dev.switchboard.local.deploy.MessageHandlerProbe";
    private static final List<String> PRIMING_STEPS = List.of("frames", "speech", "prompt", "openai-request",
            "dynamodb", "dynamodb-getitem", "management-api");

    @TempDir
    static Path probeClasses;

    private static URLClassLoader packaged;
    private static DeployedFolder function;
    private static DeployedFolder layer;
    private static Function<Map<String, String>, Map<String, Object>> probe;

    private final FakeOpenAi fake = FakeOpenAi.start();

    @BeforeAll
    static void loadThePackagedArtifact() throws Exception {
        Repository repo = Repository.locate();
        function = DeployedFolder.function("ws-message", repo.resolve("functions/ws-message/target/lambda"));
        layer = DeployedFolder.layer("shared", repo.resolve("layers/shared/target/layer"));
        assertThat(function.exists()).as(function.libDir() + " exists (./mvnw package)").isTrue();
        assertThat(layer.exists()).as(layer.libDir() + " exists (./mvnw package)").isTrue();

        List<URL> urls = new ArrayList<>(PackagedJars.urls(function));
        urls.addAll(PackagedJars.urls(layer));
        urls.add(copyProbeClasses().toUri().toURL());
        packaged = new URLClassLoader("packaged-ws-message", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        @SuppressWarnings("unchecked")
        Function<Map<String, String>, Map<String, Object>> instance = (Function<Map<String, String>, Map<String, Object>>)
                Class.forName(PROBE, true, packaged).getConstructor().newInstance();
        probe = instance;
    }

    @AfterAll
    static void close() throws IOException {
        packaged.close();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** The probes' class files only (with their nested and lambda classes), copied away from the test classpath. */
    private static Path copyProbeClasses() throws IOException, URISyntaxException {
        Path testClasses = Path.of(PackagedOpenAiIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = Path.of("dev", "switchboard", "local", "deploy");
        Path target = Files.createDirectories(probeClasses.resolve(packageDir));
        try (Stream<Path> files = Files.list(testClasses.resolve(packageDir))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("OpenAiStreamingProbe")
                    || f.getFileName().toString().startsWith("MessageHandlerProbe")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return probeClasses;
    }

    private Map<String, Object> run(Map<String, String> args) {
        return run(probe, args);
    }

    private static Map<String, Object> run(Function<Map<String, String>, Map<String, Object>> driver,
                                           Map<String, String> args) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(packaged);     // as in Lambda, where the function's loader is the context loader
        try {
            return driver.apply(args);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<Map<String, String>, Map<String, Object>> handlerProbe() throws ReflectiveOperationException {
        return (Function<Map<String, String>, Map<String, Object>>)
                Class.forName(HANDLER_PROBE, true, packaged).getConstructor().newInstance();
    }

    private Map<String, String> prompt(String text) {
        return Map.of("baseUrl", fake.baseUrl(), "apiKey", "sk-test", "prompt", text);
    }

    @Test
    void loadsOpenAiAndTheProbeFromThePackagedJarsOnly() throws ClassNotFoundException {
        Class<?> adapter = packaged.loadClass("dev.switchboard.wsmessage.OpenAiLlm");
        Class<?> client = packaged.loadClass("com.openai.client.okhttp.OpenAIOkHttpClient");
        Class<?> chunk = packaged.loadClass("com.openai.models.chat.completions.ChatCompletionChunk");
        Class<?> jackson = packaged.loadClass("com.fasterxml.jackson.databind.ObjectMapper");

        assertThat(location(adapter)).startsWith(function.libDir());
        assertThat(location(client)).startsWith(function.libDir());
        assertThat(location(chunk)).startsWith(function.libDir());
        assertThat(location(chunk).getFileName().toString()).contains("openai-java-core").endsWith("-slim.jar");
        assertThat(location(jackson)).as("Jackson comes from the layer").startsWith(layer.libDir());
        assertThat(packaged.loadClass(PROBE).getClassLoader()).isSameAs(packaged);
    }

    @Test
    void streamsATextReplyTokenByToken() {
        fake.enqueue(Reply.text("Hello there, how can I help?"));

        Map<String, Object> result = run(prompt("Hi, are you open?"));

        assertThat(result).doesNotContainKey("error");
        assertThat(strings(result, "tokens")).containsExactly("Hello", " there", ",", " how", " can", " I", " help", "?");
        assertThat(strings(result, "finishReasons")).containsExactly("stop");
        assertThat(result.get("completionTokens")).isEqualTo(8L);
        assertThat(toolCalls(result)).isEmpty();
        ChatRequest request = fake.requests().get(0);
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.apiKey()).isEqualTo("sk-test");
        assertThat(request.model()).isEqualTo("gpt-4o-mini");
        assertThat(request.temperature()).contains(0.3);
        assertThat(request.maxTokens()).contains(200);
        assertThat(request.messages()).extracting(ChatRequest.Message::role).containsExactly("system", "user");
        assertThat(request.lastMessage("user")).hasValueSatisfying(m -> assertThat(m.content()).isEqualTo("Hi, are you open?"));
        assertThat(request.tools()).extracting(ChatRequest.Tool::name).containsExactly("get_pickup_time");
        assertThat(request.tools().get(0).parameters().path("properties").path("items").path("type").asText())
                .isEqualTo("integer");
    }

    @Test
    void streamsAToolCallWithItsArgumentsInPieces() {
        fake.enqueue(Reply.toolCalls(ToolCall.of("call_7", "get_pickup_time", "{\"items\":2,\"note\":\"no onions\"}")));

        Map<String, Object> result = run(prompt("When can I pick up two pizzas?"));

        assertThat(result).doesNotContainKey("error");
        assertThat(strings(result, "tokens")).isEmpty();
        assertThat(toolCalls(result)).containsExactly(
                List.of("call_7", "get_pickup_time", "{\"items\":2,\"note\":\"no onions\"}"));
        assertThat(strings(result, "finishReasons")).containsExactly("tool_calls");
        assertThat(fake.tokensSent(0)).as("the arguments arrived in several deltas").isGreaterThan(3);
    }

    @Test
    void sendsTheToolCallAndItsResultBackAndStreamsTheAnswer() {
        fake.enqueue(Reply.text("It will be ready in about twenty minutes."));
        Map<String, String> args = new HashMap<>(prompt("When can I pick up two pizzas?"));
        args.put("toolResult", "{\"ok\":true,\"minutes\":20}");

        Map<String, Object> result = run(args);

        assertThat(String.join("", strings(result, "tokens"))).isEqualTo("It will be ready in about twenty minutes.");
        ChatRequest request = fake.requests().get(0);
        assertThat(request.messages()).extracting(ChatRequest.Message::role)
                .containsExactly("system", "user", "assistant", "tool");
        assertThat(request.lastMessage("assistant").orElseThrow().toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("call_1");
            assertThat(call.name()).isEqualTo("get_pickup_time");
            assertThat(call.arguments()).isEqualTo("{\"items\":2}");
        });
        assertThat(request.lastMessage("tool")).hasValueSatisfying(m -> {
            assertThat(m.toolCallId()).isEqualTo("call_1");
            assertThat(m.content()).isEqualTo("{\"ok\":true,\"minutes\":20}");
        });
    }

    @Test
    void reportsARejectedKeyAsUnauthorized() {
        fake.enqueue(Reply.error(401, "invalid_api_key"));

        Map<String, Object> result = run(prompt("Hello?"));

        assertThat(result).containsEntry("error", "REJECTED").containsEntry("cause", "UnauthorizedException");
    }

    /** The environment a deployed ws-message gets, pointed at the local stand-ins. */
    private static Map<String, String> handlerEnv(LocalDynamoDb dynamo, FakeManagementApi management, FakeOpenAi openAi) {
        Map<String, String> args = new HashMap<>();
        args.put("env.TABLE_NAME", "switchboard");
        args.put("env.AWS_REGION", "us-east-1");
        args.put("env.DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
        args.put("env.MANAGEMENT_API_ENDPOINT", management.endpoint().toString());
        args.put("env.OPENAI_API_KEY", "sk-test");
        args.put("env.OPENAI_BASE_URL", openAi.baseUrl());
        args.put("env.OPENAI_MAX_RETRIES", "0");
        args.put("env.TOOL_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:tools");
        args.put("env.TOOL_FUNCTIONS", "{}");
        return args;
    }

    @Test
    void theShippedMessageHandlersPrimingRunsFromThePackagedJarsWithoutNetwork() throws Exception {
        RecordingConnections connections = new RecordingConnections();
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(); FakeManagementApi management = FakeManagementApi.start(connections)) {
            Function<Map<String, String>, Map<String, Object>> handler = handlerProbe();
            Map<String, String> args = handlerEnv(dynamo, management, fake);
            args.put("action", "prime");

            Map<String, Object> first = run(handler, args);
            Map<String, Object> second = run(handler, args);

            assertThat(first.get("loader")).isEqualTo("packaged-ws-message");
            assertThat(first.get("failed")).as("every step ran in the shipped artifact").isEqualTo(Map.of());
            assertThat(strings(first, "primed")).containsExactlyElementsOf(PRIMING_STEPS);
            assertThat(second).as("priming again does the same").isEqualTo(first);
            assertThat(fake.requests()).as("no model request").isEmpty();
            assertThat(connections.posts()).as("no frame posted").isEmpty();
            assertThat(dynamo.requestCounts().values().stream().mapToLong(Long::longValue).sum())
                    .as("no table request").isZero();
        }
    }

    @Test
    void theShippedMessageHandlerAnswersACallersPrompt() throws Exception {
        RecordingConnections connections = new RecordingConnections();
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(); FakeManagementApi management = FakeManagementApi.start(connections)) {
            try (DynamoDbClient client = TableFixture.client(dynamo)) {
                ConfigPush.toEmulator(client, "switchboard").createTable();
            }
            Function<Map<String, String>, Map<String, Object>> handler = handlerProbe();
            Map<String, String> args = handlerEnv(dynamo, management, fake);
            connections.open("conn-1=");
            fake.enqueue(Reply.text("We are open until ten."));
            // the @connections client signs with the default chain, as deployed; give it local credentials
            String previousKey = System.setProperty("aws.accessKeyId", "local");
            String previousSecret = System.setProperty("aws.secretAccessKey", "local");
            try {
                talk(handler, args);
            } finally {
                restore("aws.accessKeyId", previousKey);
                restore("aws.secretAccessKey", previousSecret);
            }

            String spoken = connections.frames("conn-1=").stream().map(Json::read)
                    .filter(f -> "text".equals(f.path("type").asText())).map(f -> f.path("token").asText())
                    .reduce("", String::concat);
            assertThat(spoken).isEqualTo("We are open until ten.");
            assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r.apiKey()).isEqualTo("sk-test"));
        }
    }

    /** A setup frame, then the caller's question. */
    private static void talk(Function<Map<String, String>, Map<String, Object>> handler, Map<String, String> args) {
        args.put("action", "frame");
        args.put("connectionId", "conn-1=");
        args.put("body", "{\"type\":\"setup\",\"sessionId\":\"VX1\",\"callSid\":\"CA1\",\"from\":\"+15550001111\","
                + "\"to\":\"+15550002222\",\"direction\":\"inbound\",\"customParameters\":{\"callSid\":\"CA1\"}}");
        assertThat(run(handler, args)).containsEntry("statusCode", 200);
        args.put("body", "{\"type\":\"prompt\",\"voicePrompt\":\"Are you open?\",\"lang\":\"en-US\",\"last\":true}");
        assertThat(run(handler, args)).containsEntry("statusCode", 200);
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> toolCalls(Map<String, Object> result) {
        return (List<List<String>>) result.get("toolCalls");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> result, String key) {
        return (List<String>) result.get(key);
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
