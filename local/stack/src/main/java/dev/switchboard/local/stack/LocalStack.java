package dev.switchboard.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.config.ConfigFiles;
import dev.switchboard.local.config.ConfigPush;
import dev.switchboard.local.config.ConfigSet;
import dev.switchboard.local.model.ModelScript;
import dev.switchboard.local.model.ScriptedModel;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.apigw.FakeManagementApi;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.twilio.FakeTwilioApi;
import dev.switchboard.wsmessage.tools.StepFunctionsToolRunner;
import dev.switchboard.wsmessage.tools.ToolRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The whole product on one machine, in this process, on free ports of 127.0.0.1 (or the HTTP port you choose):
 * <ul>
 *   <li>{@link LocalDynamoDb} with the table {@code template.yaml} defines (its keys and TTL attribute read from the
 *       template), and the {@code configs/} + {@code prompts/} pushed with the config command's code;</li>
 *   <li>the HTTP API ({@code POST /twiml}, {@code POST /twiml/action}) and the WebSocket API ({@code $connect},
 *       {@code $default}, {@code $disconnect} and the template's route selection) in front of the <b>same handler
 *       classes</b> that ship to Lambda, each built once through the constructor that takes its ports (as its tests
 *       build it), the ports configured from the stack's environment ({@link LocalFunction});</li>
 *   <li>the {@code @connections} endpoint delivering to the real sockets;</li>
 *   <li>the tool state machine ({@code statemachine/tools.asl.json}) run by {@link LocalStateMachine} behind a local
 *       Step Functions endpoint, so the real {@link StepFunctionsToolRunner} starts it and the tool and continuation
 *       handlers receive exactly the state machine's payloads;</li>
 *   <li>the model: OpenAI (or any compatible server) when {@code OPENAI_API_KEY} is set, otherwise a
 *       {@link ScriptedModel} behind {@link FakeOpenAi}, so the real openai-java code path runs either way;</li>
 *   <li>a stand-in for Twilio's Messages API for the SMS tool.</li>
 * </ul>
 * Handlers get their settings through {@link Env#of} ({@link #environment()}); the process environment is never
 * changed. {@link #monitor()} counts what happens; the knobs ({@link #dynamoDb()}{@code .latency(..)},
 * {@link #modelPace}, {@link Builder#retryDelayScale}) shape it for tests and benchmarks ({@code docs/local-stack.md}
 * has an example).
 */
public final class LocalStack implements AutoCloseable {

    /** The Twilio auth token the stack checks signatures with when none is given (and TWILIO_AUTH_TOKEN is unset). */
    public static final String DEFAULT_AUTH_TOKEN = "switchboard-local-auth-token";
    public static final String TABLE_NAME = "switchboard-local";
    /** The number the local SMS stand-in accepts as sender. */
    public static final String SMS_FROM_NUMBER = "+15005550006";
    private static final String SMS_ACCOUNT_SID = "AC00000000000000000000000000000000";
    /** At most this many concurrent WebSocket invocations; more wait in line. */
    private static final int MAX_CONCURRENCY = 64;

    private final Deque<AutoCloseable> closeables;
    private final SamTemplate template;
    private final LocalDynamoDb dynamoDb;
    private final DynamoDbClient dynamoDbClient;
    private final Optional<FakeOpenAi> fakeOpenAi;
    private final Optional<ScriptedModel> scriptedModel;
    private final FakeTwilioApi sms;
    private final HttpApiGateway http;
    private final WebSocketGateway webSocket;
    private final LocalStepFunctions stepFunctions;
    private final Map<String, LocalFunction> functions;
    private final StackMonitor monitor;
    private final Map<String, String> environment;
    private final String authToken;
    private final String modelDescription;

    private LocalStack(Builder b) {
        this.closeables = new ArrayDeque<>();
        this.monitor = new StackMonitor();
        this.authToken = b.hostEnv.get("TWILIO_AUTH_TOKEN").orElse(DEFAULT_AUTH_TOKEN);
        boolean ready = false;
        try {
            localCredentials(b.hostEnv);
            this.template = SamTemplate.read(b.repoRoot.resolve("template.yaml"));

            this.dynamoDb = remember(LocalDynamoDb.start());
            this.dynamoDbClient = remember(DynamoDbClient.builder()
                    .endpointOverride(dynamoDb.endpoint())
                    .region(software.amazon.awssdk.regions.Region.of(LocalArns.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .build());
            createTable(template.table());
            pushConfigs(b.configsDir);

            Map<String, String> env = new LinkedHashMap<>();
            Optional<String> apiKey = b.hostEnv.get("OPENAI_API_KEY");
            if (apiKey.isPresent() && !b.forceScriptedModel) {
                this.fakeOpenAi = Optional.empty();
                this.scriptedModel = Optional.empty();
                env.put("OPENAI_API_KEY", apiKey.get());
                b.hostEnv.get("OPENAI_BASE_URL").ifPresent(v -> env.put("OPENAI_BASE_URL", v));
                b.hostEnv.get("OPENAI_MODEL").ifPresent(v -> env.put("OPENAI_MODEL", v));
                this.modelDescription = "OpenAI-compatible API at " + b.hostEnv.get("OPENAI_BASE_URL")
                        .orElse("https://api.openai.com/v1") + " (model " + b.hostEnv.get("OPENAI_MODEL").orElse("from the use case") + ")";
            } else {
                List<ModelScript> scripts = b.scripts.isEmpty()
                        ? List.of(ModelScript.fixed(ModelScript.BUILT_IN_DEFAULT)) : b.scripts;
                ScriptedModel model = new ScriptedModel(scripts);
                FakeOpenAi fake = remember(FakeOpenAi.start());
                fake.respondWith(model);
                this.fakeOpenAi = Optional.of(fake);
                this.scriptedModel = Optional.of(model);
                env.put("OPENAI_API_KEY", "scripted-model");
                env.put("OPENAI_BASE_URL", fake.baseUrl());
                env.put("OPENAI_MODEL", b.hostEnv.get("OPENAI_MODEL").orElse("scripted-model"));
                this.modelDescription = "scripted model " + b.scriptName;
            }

            this.sms = remember(FakeTwilioApi.start(SMS_ACCOUNT_SID, authToken));
            LocalHttpServer httpServer = remember(HttpApiGateway.bind(b.port));
            this.webSocket = remember(WebSocketGateway.start(b.webSocketPort, MAX_CONCURRENCY, b.integrationTimeout,
                    monitor));
            FakeManagementApi management = remember(FakeManagementApi.start(WebSocketGateway.STAGE, webSocket));
            this.stepFunctions = remember(LocalStepFunctions.start());

            String publicBaseUrl = b.publicBaseUrl.orElse("http://127.0.0.1:" + httpServer.port());
            String webSocketUrl = b.publicWebSocketUrl.orElse(webSocket.url().toString());
            env.put("AWS_REGION", LocalArns.REGION);
            env.put("TABLE_NAME", TABLE_NAME);
            env.put("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
            env.put("PUBLIC_BASE_URL", publicBaseUrl);
            env.put("WEBSOCKET_URL", webSocketUrl);
            env.put("TWILIO_AUTH_TOKEN", authToken);
            env.put("MANAGEMENT_API_ENDPOINT", management.endpoint().toString());
            env.put("STEP_FUNCTIONS_ENDPOINT", stepFunctions.endpoint().toString());
            env.put("TWILIO_ACCOUNT_SID", SMS_ACCOUNT_SID);
            env.put("SMS_FROM_NUMBER", SMS_FROM_NUMBER);
            // the message function's turn budget follows the gateway's integration timeout (29 s unless shortened)
            env.put("INTEGRATION_TIMEOUT_MS", Long.toString(b.integrationTimeout.toMillis()));
            env.put("TWILIO_API_BASE_URL", sms.baseUrl());
            toolEnvironment(env);
            env.putAll(b.extraEnvironment);
            this.environment = Map.copyOf(env);
            Env handlerEnv = Env.of(environment);

            this.functions = new LinkedHashMap<>();
            for (SamTemplate.FunctionDefinition definition : template.functions().values()) {
                Function<Env, Object> override = b.overrides.get(definition.logicalId());
                functions.put(definition.logicalId(), override == null
                        ? LocalFunction.load(definition, handlerEnv)
                        : LocalFunction.create(definition, override, handlerEnv));
            }

            ExecutorService toolExecutor = Executors.newVirtualThreadPerTaskExecutor();
            remember(toolExecutor::shutdownNow);
            for (SamTemplate.StateMachine machine : template.stateMachines()) {
                Map<String, String> substitutions = new HashMap<>();
                machine.functionSubstitutions().forEach((name, functionId) -> substitutions.put(name, LocalArns.function(functionId)));
                String asl = Files.readString(template.directory().resolve(machine.definitionUri()));
                LocalStateMachine local = new LocalStateMachine(machine.logicalId(),
                        LocalStateMachine.substitute(asl, substitutions),
                        LocalStateMachine.functions(arn -> LocalArns.functionId(arn).map(functions::get)),
                        toolExecutor, new ToolObserver());
                local.retryDelayScale(b.retryDelayScale);
                stepFunctions.register(LocalArns.stateMachine(machine.logicalId()), local);
            }

            SamTemplate.Api webSocketApi = template.api("WEBSOCKET");
            webSocket.routes(new WebSocketGateway.Routes(webSocketApi.routeSelectionExpression(),
                    routes(webSocketApi)));
            this.http = remember(HttpApiGateway.start(httpServer, routes(template.api("HTTP")), monitor));
            ready = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!ready) {
                close();
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The voice webhook URL: the exact URL Twilio (or the simulated caller) signs. */
    public String voiceWebhookUrl() {
        return environment.get("PUBLIC_BASE_URL") + "/twiml";
    }

    /** The {@code <Connect action>} URL. */
    public String actionUrl() {
        return environment.get("PUBLIC_BASE_URL") + "/twiml/action";
    }

    /** The WebSocket URL put in TwiML: the exact URL signed on the upgrade. */
    public String webSocketUrl() {
        return environment.get("WEBSOCKET_URL");
    }

    /** The local HTTP address ({@code http://127.0.0.1:PORT}), whatever public URL is configured. */
    public String localBaseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    public String authToken() {
        return authToken;
    }

    public String tableName() {
        return TABLE_NAME;
    }

    /** The environment every handler was built with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** What answers as the model: the scripted model and its script, or the OpenAI endpoint. */
    public String modelDescription() {
        return modelDescription;
    }

    public StackMonitor monitor() {
        return monitor;
    }

    /** The DynamoDB stand-in: {@code latency(..)} per request, {@code requestCounts()}, {@code failRequests(..)}. */
    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** The OpenAI-compatible stand-in, when the scripted model answers: requests received, outcomes. */
    public Optional<FakeOpenAi> fakeOpenAi() {
        return fakeOpenAi;
    }

    /** The scripted model, when no API key is set. */
    public Optional<ScriptedModel> scriptedModel() {
        return scriptedModel;
    }

    /** The Messages API stand-in the SMS tool sends to. */
    public FakeTwilioApi sms() {
        return sms;
    }

    /** A function of the template, by logical id, as the stack runs it. */
    public LocalFunction function(String logicalId) {
        return Objects.requireNonNull(functions.get(logicalId), "no function " + logicalId);
    }

    /**
     * A {@link ToolRunner} that starts the local tool state machine the way ws-message does when deployed: the real
     * {@link StepFunctionsToolRunner} pointed at the local Step Functions endpoint.
     */
    public ToolRunner toolRunner() {
        SfnClient sfn = remember(AwsClients.from(Env.of(environment)).configure(SfnClient.builder())
                .endpointOverride(stepFunctions.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build());
        return new StepFunctionsToolRunner(sfn, environment.get("TOOL_STATE_MACHINE_ARN"),
                dev.switchboard.wsmessage.tools.ToolFunctions.parse(environment.get("TOOL_FUNCTIONS")),
                new DynamoUseCaseStore(dynamoDbClient, TABLE_NAME));
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private Map<String, LocalFunction> routes(SamTemplate.Api api) {
        Map<String, LocalFunction> routes = new LinkedHashMap<>();
        api.routes().forEach((key, functionId) -> routes.put(key, functions.get(functionId)));
        return routes;
    }

    private <T extends AutoCloseable> T remember(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    /**
     * The SDK's default credential chain needs something to sign with even against local endpoints; when the
     * environment has no AWS keys, dummy ones go into the JVM's system properties (which the chain reads first).
     */
    private static void localCredentials(Env hostEnv) {
        if (hostEnv.get("AWS_ACCESS_KEY_ID").isEmpty() && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
    }

    private void createTable(SamTemplate.TableDefinition table) {
        var attributes = new ArrayList<AttributeDefinition>();
        var keys = new ArrayList<KeySchemaElement>();
        BiConsumer<SamTemplate.KeyAttribute, KeyType> key = (attribute, type) -> {
            attributes.add(AttributeDefinition.builder().attributeName(attribute.name())
                    .attributeType(attribute.type()).build());
            keys.add(KeySchemaElement.builder().attributeName(attribute.name()).keyType(type).build());
        };
        key.accept(table.hashKey(), KeyType.HASH);
        table.rangeKey().ifPresent(range -> key.accept(range, KeyType.RANGE));
        dynamoDbClient.createTable(r -> r.tableName(TABLE_NAME).attributeDefinitions(attributes).keySchema(keys)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        // CREATING for LocalDynamoDb.CREATING_MILLIS, like a real table for a few seconds: writes must wait
        ConfigPush.awaitActive(dynamoDbClient, TABLE_NAME, Duration.ofMillis(20), Duration.ofSeconds(10));
        table.ttlAttribute().ifPresent(ttl -> dynamoDbClient.updateTimeToLive(r -> r.tableName(TABLE_NAME)
                .timeToLiveSpecification(s -> s.attributeName(ttl).enabled(true))));
    }

    private void pushConfigs(Path configsDir) {
        Path parent = configsDir.toAbsolutePath().normalize().getParent();
        ConfigSet set = ConfigFiles.load(configsDir, parent.resolve("prompts"));
        if (!set.isValid()) {
            StringBuilder problems = new StringBuilder();
            set.problems().forEach(p -> problems.append("\n  ").append(configsDir.resolve(p.file()).normalize())
                    .append(": ").append(p.path().isEmpty() ? "" : p.path() + ": ").append(p.message()));
            throw new IllegalStateException("the configs in " + configsDir + " have problems (run ./switchboard config"
                    + " validate):" + problems);
        }
        ConfigPush.toEmulator(dynamoDbClient, TABLE_NAME).push(set);
    }

    /**
     * TOOL_STATE_MACHINE_ARN, TOOL_FUNCTIONS (the template's function keys to local function ARNs) and
     * CONTINUATION_FUNCTION_ARN, for the functions that start tools.
     */
    private void toolEnvironment(Map<String, String> env) {
        template.stateMachines().stream().findFirst().ifPresent(machine -> {
            env.put("TOOL_STATE_MACHINE_ARN", LocalArns.stateMachine(machine.logicalId()));
            machine.functionSubstitutions().values().stream().findFirst()
                    .ifPresent(f -> env.put("CONTINUATION_FUNCTION_ARN", LocalArns.function(f)));
        });
        for (SamTemplate.FunctionDefinition f : template.functions().values()) {
            if (f.environment().contains("TOOL_FUNCTIONS")) {
                Map<String, String> arns = new LinkedHashMap<>();
                template.functionMap(f.logicalId(), "TOOL_FUNCTIONS")
                        .forEach((key, functionId) -> arns.put(key, LocalArns.function(functionId)));
                env.put("TOOL_FUNCTIONS", Json.write(arns));
                break;
            }
        }
    }

    /** Records tool calls and keeps the call "busy" from StartExecution until the continuation has returned. */
    private final class ToolObserver implements LocalStateMachine.Observer {
        @Override
        public void executionStarted(LocalStateMachine.Execution execution) {
            monitor.count("tools.executions");
            monitor.callBusy(execution.input().path("callSid").asText(), 1);
        }

        @Override
        public void stateEntered(LocalStateMachine.Execution execution, String state) {
            monitor.count("sfn.transitions");
        }

        @Override
        public void mapItemFinished(LocalStateMachine.Execution execution, String state, JsonNode item,
                                    JsonNode output, int invocations) {
            JsonNode call = item.path("call");
            if (!call.has("toolCallId")) {
                return;
            }
            monitor.toolCallFinished(new ToolCallRecord(execution.input().path("callSid").asText(), execution.name(),
                    call.path("name").asText(), call.path("arguments").asText(), output.path("ok").asBoolean(false),
                    output.path("error").asText(""), output.path("content").asText(""), invocations));
        }

        @Override
        public void executionSettled(LocalStateMachine.Execution execution) {
            monitor.callBusy(execution.input().path("callSid").asText(), -1);
            stepFunctions.finished(execution.arn());
        }
    }

    /**
     * How to start a stack; every setting has a working default: the repository found from the working directory,
     * {@code <repo>/configs} (prompts from the sibling {@code prompts}), free ports, the public URLs the local ones,
     * the host environment the process's (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, TWILIO_AUTH_TOKEN, else
     * {@link #DEFAULT_AUTH_TOKEN}), the scripts in {@code <repo>/local/scripts} (the scripted model answers when
     * OPENAI_API_KEY is unset, or always with {@link #scriptedModelOnly}), API Gateway's 29 s integration timeout,
     * retry delays as written.
     */
    public static final class Builder {
        private Path repoRoot = RepoRoot.find();
        private Path configsDir;
        private int port;
        private int webSocketPort;
        private Env hostEnv = Env.system();
        private List<ModelScript> scripts = List.of();
        private String scriptName = "(built-in default reply)";
        private boolean forceScriptedModel;
        private Optional<String> publicBaseUrl = Optional.empty();
        private Optional<String> publicWebSocketUrl = Optional.empty();
        private Duration integrationTimeout = WebSocketGateway.INTEGRATION_TIMEOUT;
        private double retryDelayScale = 1.0;
        private final Map<String, Function<Env, Object>> overrides = new HashMap<>();
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder repoRoot(Path root) {
            this.repoRoot = root;
            return this;
        }

        public Builder configs(Path configsDir) {
            this.configsDir = configsDir;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder webSocketPort(int port) {
            this.webSocketPort = port;
            return this;
        }

        public Builder hostEnvironment(Env env) {
            this.hostEnv = env;
            return this;
        }

        public Builder modelScript(Path file) {
            return modelScript(ModelScript.read(file), file.toString());
        }

        public Builder modelScript(ModelScript script, String name) {
            this.scripts = List.of(script);
            this.scriptName = name;
            return this;
        }

        /**
         * Every script in {@code directory} ({@code *.yaml}, {@code *.yml}, {@code *.json}, by name): each
         * conversation is answered by the script whose {@code system} regex matches its system prompt, so one stack
         * serves every use case.
         */
        public Builder modelScripts(Path directory) {
            try (var files = Files.list(directory)) {
                List<Path> paths = files.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)"))
                        .sorted().toList();
                this.scripts = paths.stream().map(ModelScript::read).toList();
                this.scriptName = directory + " " + paths.stream().map(p -> p.getFileName().toString()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the model scripts in " + directory, e);
            }
            return this;
        }

        public Builder scriptedModelOnly() {
            this.forceScriptedModel = true;
            return this;
        }

        /** The public https base Twilio calls through a tunnel. */
        public Builder publicBaseUrl(String url) {
            this.publicBaseUrl = Optional.of(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            return this;
        }

        /** The public wss URL put in TwiML through a tunnel. */
        public Builder publicWebSocketUrl(String url) {
            this.publicWebSocketUrl = Optional.of(url);
            return this;
        }

        /**
         * How long the WebSocket gateway waits for a message route's invocation before it sends the client API
         * Gateway's {@code "Endpoint request timed out"} frame. The message function is told the same
         * ({@code INTEGRATION_TIMEOUT_MS}), so its turn budget scales with it: a test of the 29 s behaviour can run
         * in seconds.
         */
        public Builder integrationTimeout(Duration timeout) {
            this.integrationTimeout = timeout;
            return this;
        }

        /** Scales the state machine's retry delays (0 retries at once). */
        public Builder retryDelayScale(double scale) {
            this.retryDelayScale = scale;
            return this;
        }

        /** Runs a stand-in built by {@code factory} for the template's function {@code logicalId}. */
        public Builder function(String logicalId, Function<Env, Object> factory) {
            this.overrides.put(logicalId, factory);
            return this;
        }

        /** An extra environment variable for every handler (e.g. MAX_RECONNECTS). */
        public Builder environment(String name, String value) {
            this.extraEnvironment.put(name, value);
            return this;
        }

        public LocalStack start() {
            if (configsDir == null) {
                configsDir = repoRoot.resolve("configs");
            }
            if (scripts.isEmpty() && Files.isDirectory(repoRoot.resolve("local/scripts"))) {
                modelScripts(repoRoot.resolve("local/scripts"));
            }
            return new LocalStack(this);
        }
    }

    /** Overrides the scripted model's time to first token and pace between tokens (empty: the script's own). */
    public void modelPace(Optional<Duration> firstTokenDelay, Optional<Duration> tokenPace) {
        scriptedModel.ifPresent(m -> {
            m.firstTokenDelay(firstTokenDelay);
            m.tokenPace(tokenPace);
        });
    }
}
