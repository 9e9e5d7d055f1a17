package dev.switchboard.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
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
record BenchStack(LocalStack stack, Recorder recorder, SamTemplate template, Path root) implements AutoCloseable {

    static BenchStack start(Path root) {
        Recorder recorder = new Recorder();
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        LocalStack.Builder builder = LocalStack.builder().repoRoot(root).scriptedModelOnly()
                .modelScript(BenchScript.create(root), "benchmark script (restaurant rules + a 100-token reply)");
        for (SamTemplate.FunctionDefinition definition : template.functions().values()) {
            builder.function(definition.logicalId(),
                    env -> new TimedHandler(LocalFunction.load(definition, env), definition, recorder));
        }
        LocalStack stack = builder.start();
        try {
            stack.monitor().addListener(recorder);
            stack.dynamoDb().onRequest(recorder::dynamo);
            FakeOpenAi fake = stack.fakeOpenAi().orElseThrow();
            fake.respondWith(recorder.modelResponder(stack.scriptedModel().orElseThrow()));
            fake.onTokenWritten(recorder::token);
            return new BenchStack(stack, recorder, template, root);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Sleeps this long in the DynamoDB-compatible server before answering each request. */
    void dynamoLatency(Duration latency) {
        stack.dynamoDb().latency(latency);
    }

    /** The scripted model's time to first token and time between tokens, for every reply. */
    void modelPace(Duration firstToken, Duration tokenPace) {
        stack.modelPace(Optional.of(firstToken), Optional.of(tokenPace));
    }

    @Override
    public void close() {
        stack.close();
    }

    /** Runs a function as the local stack would, timing each invocation; rethrows the handler's own exception. */
    public record TimedHandler(LocalFunction function, SamTemplate.FunctionDefinition definition, Recorder recorder) {
        public Object handleRequest(Object event, Context context) {
            long start = System.nanoTime();
            try {
                return function.invoke(event, context);
            } catch (LocalFunction.FunctionError e) {
                throw e.getCause() instanceof RuntimeException thrown ? thrown : e;
            } finally {
                String connectionId = event instanceof APIGatewayV2WebSocketEvent ws && ws.getRequestContext() != null
                        && ws.getRequestContext().getConnectionId() != null ? ws.getRequestContext().getConnectionId() : "";
                recorder.invocation(new Recorder.Invocation(definition.logicalId(), definition.memoryMb(), start,
                        System.nanoTime(), connectionId));
            }
        }
    }
}
