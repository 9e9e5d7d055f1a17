package dev.switchboard.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.local.model.ModelScript;
import dev.switchboard.local.stack.LocalFunction;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.local.stack.SamTemplate;
import dev.switchboard.testkit.openai.FakeOpenAi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local stack as the benchmark runs it: the scripted model with the benchmark's script, every function wrapped
 * in a {@link TimedHandler}, and a {@link Recorder} on the gateway, the DynamoDB-compatible server and the model.
 */
record BenchStack(LocalStack stack, Recorder recorder, SamTemplate template, Path root) implements AutoCloseable {

    /** A caller line containing {@value #KEYWORD} gets {@link #REPLY}; anything else follows the restaurant script. */
    static final String KEYWORD = "bench turn";

    /** 100 tokens: words with their leading space, and each punctuation mark. */
    static final String REPLY = "Sure, here is what we have tonight. Our pizzas come in small, medium and large, and"
            + " every one is baked in a wood fired oven. The Margherita has tomato, mozzarella and basil. The"
            + " Pepperoni adds spicy salami, and the Diavola brings chili oil and olives. For something lighter, try"
            + " the Ortolana with grilled vegetables. We also make a calzone, garlic knots and a Caesar salad. For"
            + " dessert there is tiramisu or cannoli. Pickup usually takes about twenty minutes. What would you like"
            + " to order?";

    /** The bench rule first, then the rules of {@code local/scripts/restaurant.yaml} (when present). */
    static ModelScript script(Path root) {
        Path restaurant = root.resolve("local/scripts/restaurant.yaml");
        ModelScript base = Files.isRegularFile(restaurant) ? ModelScript.read(restaurant)
                : ModelScript.fixed(ModelScript.BUILT_IN_DEFAULT);
        List<ModelScript.Rule> rules = new ArrayList<>();
        rules.add(new ModelScript.Rule(0, Optional.of(new ModelScript.Condition(List.of(KEYWORD), List.of(),
                Optional.empty(), Optional.empty())), Optional.empty(), Optional.empty(), REPLY, List.of(),
                Optional.empty(), Optional.empty()));
        base.rules().forEach(r -> rules.add(new ModelScript.Rule(r.index() + 1, r.when(), r.after(), r.failed(),
                r.say(), r.toolCalls(), r.firstTokenDelay(), r.tokenPace())));
        return new ModelScript(base.system(), base.firstTokenDelay(), base.tokenPace(), base.defaultReply(), rules);
    }

    /** A caller line that gets {@link #REPLY} and that no other turn of the run uses. */
    static String prompt(String label, int turn) {
        return label + " " + KEYWORD + " " + turn + ", what do you have tonight?";
    }

    static BenchStack start(Path root) {
        Recorder recorder = new Recorder();
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        LocalStack.Builder builder = LocalStack.builder().repoRoot(root).scriptedModelOnly()
                .modelScript(script(root), "benchmark script (restaurant rules + a 100-token reply)");
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

    void dynamoLatency(Duration latency) {
        stack.dynamoDb().latency(latency);
    }

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
