package dev.switchboard.local.bench;

import dev.switchboard.local.model.ModelScript;
import dev.switchboard.local.model.ScriptedModel;
import dev.switchboard.local.stack.LocalFunction;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.local.stack.SamTemplate;
import dev.switchboard.testkit.openai.FakeOpenAi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The local stack as the benchmark runs it: the scripted model with the benchmark's script, every function wrapped
 * in a {@link TimedHandler}, and a {@link Recorder} on the gateway, the DynamoDB-compatible server and the model.
 */
final class BenchStack implements AutoCloseable {

    private final LocalStack stack;
    private final Recorder recorder;
    private final SamTemplate template;
    private final Path root;
    private volatile Duration firstToken = Duration.ZERO;
    private volatile Duration tokenPace = Duration.ZERO;

    private BenchStack(LocalStack stack, Recorder recorder, SamTemplate template, Path root) {
        this.stack = stack;
        this.recorder = recorder;
        this.template = template;
        this.root = root;
    }

    static BenchStack start(Path root, ModelScript script) {
        Recorder recorder = new Recorder();
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        LocalStack.Builder builder = LocalStack.builder().repoRoot(root).scriptedModelOnly()
                .modelScript(script, "benchmark script (restaurant rules + a 100-token reply)");
        for (SamTemplate.FunctionDefinition definition : template.functions().values()) {
            builder.function(definition.logicalId(),
                    env -> new TimedHandler(LocalFunction.load(definition, env), definition, recorder));
        }
        LocalStack stack = builder.start();
        try {
            stack.monitor().addListener(recorder);
            stack.dynamoDb().onRequest(recorder::dynamo);
            FakeOpenAi fake = stack.fakeOpenAi().orElseThrow();
            ScriptedModel model = stack.scriptedModel().orElseThrow();
            fake.respondWith(recorder.modelResponder(model));
            fake.onTokenWritten(recorder::token);
            return new BenchStack(stack, recorder, template, root);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    LocalStack stack() {
        return stack;
    }

    Recorder recorder() {
        return recorder;
    }

    SamTemplate template() {
        return template;
    }

    Path root() {
        return root;
    }

    /** Sleeps this long in the DynamoDB-compatible server before answering each request. */
    void dynamoLatency(Duration latency) {
        stack.dynamoDb().latency(latency);
    }

    /** The scripted model's time to first token and time between tokens, for every reply. */
    void modelPace(Duration firstToken, Duration tokenPace) {
        this.firstToken = firstToken;
        this.tokenPace = tokenPace;
        stack.modelPace(Optional.of(firstToken), Optional.of(tokenPace));
    }

    Duration firstToken() {
        return firstToken;
    }

    Duration tokenPace() {
        return tokenPace;
    }

    @Override
    public void close() {
        stack.close();
    }
}
