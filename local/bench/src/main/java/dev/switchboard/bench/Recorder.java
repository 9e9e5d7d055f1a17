package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.stack.StackListener;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the benchmark times, on {@link System#nanoTime()}: frames in and out of the gateway, DynamoDB requests,
 * model requests and their tokens, function invocations. Prompts are told apart by their (unique) text. Thread-safe.
 */
final class Recorder implements StackListener {

    /**
     * One prompt's turn: prompt frame at the gateway → model request received, the DynamoDB requests in that window
     * (the longest sequential chain; each described as {@code "Query CONN#"}), the token completing the first word →
     * first {@code text} frame, {@code text} posts up to {@code last:true}, and the reply's tokens.
     */
    record TurnTiming(double promptToModelMs, int dynamoInWindow, int sequentialDynamo, List<String> windowRequests,
                      Optional<Double> firstWordToPostMs, int textPosts, boolean finished, int modelTokens) {
    }

    record FrameIn(String connectionId, String type, long nanos) {
    }

    record FrameOut(String connectionId, String type, boolean last, String token, long nanos) {
    }

    static final class ModelCall {
        final long receivedNanos;
        final List<String> tokens = new ArrayList<>();
        final List<Long> tokenNanos = new ArrayList<>();
        volatile int plannedTokens;

        ModelCall(long receivedNanos) {
            this.receivedNanos = receivedNanos;
        }

        synchronized int tokensSent() {
            return tokens.size();
        }

        /** When the token that completed the first word was flushed. */
        synchronized Optional<Long> firstWordNanos() {
            return firstWordCompletedBy(tokens).stream().mapToObj(tokenNanos::get).findFirst();
        }
    }

    record Invocation(String functionId, int memoryMb, long startNanos, long endNanos, String connectionId) {
    }

    /** {@link Character#isWhitespace} right after a non-whitespace character. */
    private static final Pattern WORD_END = Pattern.compile("\\P{javaWhitespace}\\p{javaWhitespace}");

    private final ConcurrentLinkedQueue<FrameIn> framesIn = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FrameOut> framesOut = new ConcurrentLinkedQueue<>();
    private final Map<String, FrameIn> promptsByText = new ConcurrentHashMap<>();
    private final Map<String, String> connectionOfCall = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LocalDynamoDb.RequestRecord> dynamo = new ConcurrentLinkedQueue<>();
    private final Map<Integer, ModelCall> modelCalls = new ConcurrentHashMap<>();
    private final Map<String, ModelCall> firstModelCallByPrompt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Invocation> invocations = new ConcurrentLinkedQueue<>();

    @Override
    public void frameReceived(String connectionId, String frame) {
        long now = System.nanoTime();
        JsonNode json = parse(frame);
        FrameIn in = new FrameIn(connectionId, json.path("type").asText(""), now);
        framesIn.add(in);
        if (in.type().equals("prompt")) {
            promptsByText.putIfAbsent(json.path("voicePrompt").asText("").strip(), in);
        } else if (in.type().equals("setup")) {
            connectionOfCall.put(json.path("customParameters").path("callSid").asText(json.path("callSid").asText("")),
                    connectionId);
        }
    }

    @Override
    public void frameSent(String connectionId, String frame) {
        long now = System.nanoTime();
        JsonNode json = parse(frame);
        framesOut.add(new FrameOut(connectionId, json.path("type").asText(""), json.path("last").asBoolean(false),
                json.path("token").asText(""), now));
    }

    void dynamo(LocalDynamoDb.RequestRecord request) {
        dynamo.add(request);
    }

    /** Wraps the model: notes each request as it arrives, then answers as the model does. */
    Function<ChatRequest, Reply> modelResponder(Function<ChatRequest, Reply> model) {
        return request -> {
            ModelCall call = new ModelCall(System.nanoTime());
            modelCalls.put(request.index(), call);
            List<ChatRequest.Message> messages = request.messages();
            if (!messages.isEmpty() && messages.getLast().role().equals("user")) {
                firstModelCallByPrompt.putIfAbsent(messages.getLast().content().strip(), call);
            }
            Reply reply = model.apply(request);
            if (reply instanceof Reply.Completion completion) {
                call.plannedTokens = completion.tokens().size();
            }
            return reply;
        };
    }

    void token(int requestIndex, int tokenIndex, String token, long nanos) {
        ModelCall call = modelCalls.get(requestIndex);
        if (call != null) {
            synchronized (call) {
                call.tokens.add(token);
                call.tokenNanos.add(nanos);
            }
        }
    }

    void invocation(Invocation invocation) {
        invocations.add(invocation);
    }

    /** Whether the {@code setup} of this call has been handled (its invocation returned); then its connection. */
    Optional<String> setupHandled(String callSid) {
        String connection = connectionOfCall.get(callSid);
        Optional<Long> setupAt = framesIn(connection == null ? "" : connection).stream()
                .filter(f -> f.type().equals("setup")).map(FrameIn::nanos).findFirst();
        return setupAt.isPresent() && invocations.stream()
                .anyMatch(i -> i.connectionId().equals(connection) && i.startNanos() >= setupAt.get())
                ? Optional.of(connection) : Optional.empty();
    }

    Optional<FrameIn> prompt(String text) {
        return Optional.ofNullable(promptsByText.get(text.strip()));
    }

    Optional<ModelCall> firstModelCall(String promptText) {
        return Optional.ofNullable(firstModelCallByPrompt.get(promptText.strip()));
    }

    List<FrameIn> framesIn(String connectionId) {
        return framesIn.stream().filter(f -> f.connectionId().equals(connectionId)).toList();
    }

    List<FrameOut> framesOut(String connectionId) {
        return framesOut.stream().filter(f -> f.connectionId().equals(connectionId)).toList();
    }

    List<LocalDynamoDb.RequestRecord> dynamoRequests() {
        return List.copyOf(dynamo);
    }

    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** What one prompt's turn measured, once its reply has finished; empty when its prompt or model call was unseen. */
    Optional<TurnTiming> turn(String promptText) {
        Optional<FrameIn> prompt = prompt(promptText);
        Optional<ModelCall> call = firstModelCall(promptText);
        if (prompt.isEmpty() || call.isEmpty()) {
            return Optional.empty();
        }
        long arrived = prompt.get().nanos();
        long llm = call.get().receivedNanos;
        List<LocalDynamoDb.RequestRecord> window = within(dynamoRequests(), arrived, llm);
        List<FrameOut> texts = framesOut(prompt.get().connectionId()).stream()
                .filter(out -> out.nanos() >= arrived && out.type().equals("text")).toList();
        boolean ended = texts.stream().anyMatch(FrameOut::last);
        int textPosts = ended ? texts.indexOf(texts.stream().filter(FrameOut::last).findFirst().orElseThrow()) + 1
                : texts.size();
        Optional<Long> firstText = texts.stream().findFirst().map(FrameOut::nanos);
        Optional<Double> wordToPost = firstText.flatMap(t -> call.get().firstWordNanos().map(w -> (t - w) / 1e6));
        return Optional.of(new TurnTiming((llm - arrived) / 1e6, window.size(), longestChain(window),
                window.stream().map(Recorder::describe).toList(), wordToPost, textPosts, ended,
                call.get().plannedTokens));
    }

    static List<LocalDynamoDb.RequestRecord> within(List<LocalDynamoDb.RequestRecord> all, long fromNanos, long toNanos) {
        return all.stream().filter(r -> r.receivedNanos() >= fromNanos && r.receivedNanos() <= toNanos)
                .sorted(Comparator.comparingLong(LocalDynamoDb.RequestRecord::receivedNanos)).toList();
    }

    /**
     * The longest chain of requests in which each arrived after the previous one was answered (greedy by earliest
     * answer): with a latency injected per request, the round trips on the critical path (an upper bound).
     */
    static int longestChain(List<LocalDynamoDb.RequestRecord> requests) {
        int chain = 0;
        long lastEnd = Long.MIN_VALUE;
        for (LocalDynamoDb.RequestRecord r : requests.stream()
                .sorted(Comparator.comparingLong(LocalDynamoDb.RequestRecord::answeredNanos)).toList()) {
            if (r.receivedNanos() >= lastEnd) {
                chain++;
                lastEnd = r.answeredNanos();
            }
        }
        return chain;
    }

    /**
     * Which streamed token completes the reply's first word: the first one after which the text so far holds a
     * whitespace character right after a non-whitespace one (the point at which the speech chunker may flush).
     */
    static OptionalInt firstWordCompletedBy(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (WORD_END.matcher(text.append(tokens.get(i))).find()) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** {@code "Query CONN#"}: the operation and the kind of item (the partition key up to its {@code #}). */
    static String describe(LocalDynamoDb.RequestRecord request) {
        JsonNode body = request.request();
        String key = Stream.concat(Stream.of(body.path("Key").path("pk").path("S"), body.path("Item").path("pk")
                        .path("S")).filter(JsonNode::isTextual).map(JsonNode::asText),
                body.path("ExpressionAttributeValues").valueStream().map(v -> v.path("S").asText(""))
                        .filter(s -> s.contains("#"))).filter(s -> !s.isEmpty()).findFirst().orElse("");
        int hash = key.indexOf('#');
        return request.operation() + (key.isEmpty() ? "" : " " + (hash < 0 ? key : key.substring(0, hash + 1)));
    }

    private static JsonNode parse(String frame) {
        try {
            JsonNode json = Json.read(frame);
            return json == null ? Json.object() : json;
        } catch (RuntimeException e) {
            return Json.object();
        }
    }
}
