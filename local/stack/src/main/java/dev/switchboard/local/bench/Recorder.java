package dev.switchboard.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.stack.StackListener;
import dev.switchboard.shared.json.Json;
import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Everything the benchmark times, as it passes through the local stack, on {@link System#nanoTime()}: frames in
 * and out of the WebSocket gateway, every DynamoDB request (with its consumed capacity), every model request and
 * each token the model streamed, and every function invocation. Prompts are told apart by their text, which the
 * benchmark makes unique. Thread-safe; listeners only append.
 */
final class Recorder implements StackListener {

    /** A frame from a client, when the gateway received it. */
    record FrameIn(String connectionId, String type, String text, long nanos) {
    }

    /** A frame the app posted, when the gateway wrote it to the client's socket ({@code token} for text frames). */
    record FrameOut(String connectionId, String type, boolean last, String token, long nanos) {
    }

    /** One model request: when the model received it, what it answered, when each token was flushed. */
    static final class ModelCall {
        final int index;
        final String lastRole;
        final String lastUserText;
        final long receivedNanos;
        final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        final List<Long> tokenNanos = Collections.synchronizedList(new ArrayList<>());
        volatile int plannedTokens;
        volatile int bodyBytes;

        ModelCall(int index, String lastRole, String lastUserText, long receivedNanos) {
            this.index = index;
            this.lastRole = lastRole;
            this.lastUserText = lastUserText;
            this.receivedNanos = receivedNanos;
        }

        /** When the token that completed the first word was flushed. */
        Optional<Long> firstWordNanos() {
            List<String> copy;
            synchronized (tokens) {
                copy = List.copyOf(tokens);
            }
            OptionalInt index = FirstWord.completedBy(copy);
            return index.isPresent() ? Optional.of(tokenNanos.get(index.getAsInt())) : Optional.empty();
        }
    }

    /** One function invocation, with the memory the template gives the function and the connection of its event. */
    record Invocation(String functionId, int memoryMb, long startNanos, long endNanos, String connectionId) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final ConcurrentLinkedQueue<FrameIn> framesIn = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FrameOut> framesOut = new ConcurrentLinkedQueue<>();
    private final Map<String, FrameIn> promptsByText = new ConcurrentHashMap<>();
    private final Map<String, String> connectionOfCall = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LocalDynamoDb.RequestRecord> dynamo = new ConcurrentLinkedQueue<>();
    private final Map<Integer, ModelCall> modelCalls = new ConcurrentHashMap<>();
    private final Map<String, ModelCall> firstModelCallByPrompt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Invocation> invocations = new ConcurrentLinkedQueue<>();

    // ------------------------------------------------------------------------------------------ listeners

    @Override
    public void frameReceived(String connectionId, String frame) {
        long now = System.nanoTime();
        JsonNode json = parse(frame);
        String type = json.path("type").asText("");
        String text = switch (type) {
            case "prompt" -> json.path("voicePrompt").asText("").strip();
            case "interrupt" -> json.path("utteranceUntilInterrupt").asText("");
            default -> "";
        };
        FrameIn in = new FrameIn(connectionId, type, text, now);
        framesIn.add(in);
        if (type.equals("prompt")) {
            promptsByText.putIfAbsent(text, in);
        } else if (type.equals("setup")) {
            String callSid = json.path("customParameters").path("callSid").asText(json.path("callSid").asText(""));
            connectionOfCall.put(callSid, connectionId);
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
            long now = System.nanoTime();
            List<ChatRequest.Message> messages = request.messages();
            String lastRole = messages.isEmpty() ? "" : messages.getLast().role();
            String user = request.lastMessage("user").map(ChatRequest.Message::content).orElse("").strip();
            ModelCall call = new ModelCall(request.index(), lastRole, user, now);
            call.bodyBytes = request.body().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            modelCalls.put(request.index(), call);
            if (lastRole.equals("user")) {
                firstModelCallByPrompt.putIfAbsent(user, call);
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
            synchronized (call.tokens) {
                call.tokens.add(token);
                call.tokenNanos.add(nanos);
            }
        }
    }

    void invocation(Invocation invocation) {
        invocations.add(invocation);
    }

    // ------------------------------------------------------------------------------------------ queries

    /** Whether an invocation for this connection that started at or after {@code sinceNanos} has finished. */
    boolean invocationFinished(String connectionId, long sinceNanos) {
        return invocations.stream().anyMatch(i -> i.connectionId().equals(connectionId) && i.startNanos() >= sinceNanos);
    }

    Optional<FrameIn> setupFrame(String callSid) {
        String connection = connectionOfCall.get(callSid);
        if (connection == null) {
            return Optional.empty();
        }
        return framesIn.stream().filter(f -> f.connectionId().equals(connection) && f.type().equals("setup")).findFirst();
    }

    Optional<String> connectionOf(String callSid) {
        return Optional.ofNullable(connectionOfCall.get(callSid));
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

    /** The frames posted to a connection, in the order they were written. */
    List<FrameOut> framesOut(String connectionId) {
        return framesOut.stream().filter(f -> f.connectionId().equals(connectionId)).toList();
    }

    List<LocalDynamoDb.RequestRecord> dynamoRequests() {
        return List.copyOf(dynamo);
    }

    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    List<FrameIn> allFramesIn() {
        return List.copyOf(framesIn);
    }

    List<FrameOut> allFramesOut() {
        return List.copyOf(framesOut);
    }

    List<ModelCall> modelCalls() {
        return List.copyOf(modelCalls.values());
    }

    /**
     * What one prompt's turn measured, once its reply has finished: empty when the prompt, its model request or
     * its reply was not seen.
     */
    Optional<TurnTiming> turn(String promptText) {
        Optional<FrameIn> prompt = prompt(promptText);
        Optional<ModelCall> call = firstModelCall(promptText);
        if (prompt.isEmpty() || call.isEmpty()) {
            return Optional.empty();
        }
        long arrived = prompt.get().nanos();
        long llm = call.get().receivedNanos;
        List<LocalDynamoDb.RequestRecord> window = SequentialChain.within(dynamoRequests(), arrived, llm);
        int textPosts = 0;
        Optional<Long> firstText = Optional.empty();
        boolean ended = false;
        for (FrameOut out : framesOut(prompt.get().connectionId())) {
            if (out.nanos() < arrived || !out.type().equals("text")) {
                continue;
            }
            textPosts++;
            if (firstText.isEmpty()) {
                firstText = Optional.of(out.nanos());
            }
            if (out.last()) {
                ended = true;
                break;
            }
        }
        Optional<Long> firstWord = call.get().firstWordNanos();
        Optional<Double> wordToPost = firstWord.isPresent() && firstText.isPresent()
                ? Optional.of((firstText.get() - firstWord.get()) / 1e6) : Optional.empty();
        return Optional.of(new TurnTiming((llm - arrived) / 1e6, window.size(), SequentialChain.longest(window),
                window.stream().map(Recorder::describe).toList(), wordToPost, textPosts, ended,
                call.get().plannedTokens, call.get().bodyBytes));
    }

    /** {@code "Query CONN#"}: the operation and the kind of item (the partition key up to its {@code #}). */
    static String describe(LocalDynamoDb.RequestRecord request) {
        JsonNode body = request.request();
        String key = "";
        for (String member : List.of("Key", "Item")) {
            JsonNode pk = body.path(member).path("pk").path("S");
            if (pk.isTextual()) {
                key = pk.asText();
                break;
            }
        }
        if (key.isEmpty()) {
            for (JsonNode value : body.path("ExpressionAttributeValues")) {
                if (value.path("S").isTextual() && value.path("S").asText().contains("#")) {
                    key = value.path("S").asText();
                    break;
                }
            }
        }
        int hash = key.indexOf('#');
        return request.operation() + (key.isEmpty() ? "" : " " + (hash < 0 ? key : key.substring(0, hash + 1)));
    }

    /**
     * One prompt's turn as a timeline (milliseconds after the prompt frame arrived): DynamoDB requests, the model
     * request, the first-word token, the frames posted, up to the reply's last frame.
     */
    List<String> timeline(String promptText) {
        Optional<FrameIn> prompt = prompt(promptText);
        if (prompt.isEmpty()) {
            return List.of();
        }
        long t0 = prompt.get().nanos();
        long end = framesOut(prompt.get().connectionId()).stream().filter(f -> f.nanos() >= t0 && f.last())
                .mapToLong(FrameOut::nanos).min().orElse(t0 + 10_000_000_000L);
        List<Map.Entry<Long, String>> events = new ArrayList<>();
        for (LocalDynamoDb.RequestRecord r : dynamoRequests()) {
            if (r.receivedNanos() >= t0 && r.receivedNanos() <= end) {
                events.add(Map.entry(r.receivedNanos(), "DynamoDB %s sent, answered at %.1f".formatted(r.operation(),
                        (r.answeredNanos() - t0) / 1e6)));
            }
        }
        firstModelCall(promptText).ifPresent(call -> {
            events.add(Map.entry(call.receivedNanos, "model received the request"));
            call.firstWordNanos().ifPresent(n -> events.add(Map.entry(n, "model flushed the first word's last token")));
        });
        for (FrameOut out : framesOut(prompt.get().connectionId())) {
            if (out.nanos() >= t0 && out.nanos() <= end) {
                events.add(Map.entry(out.nanos(), "posted " + out.type() + (out.last() ? " (last)" : "")));
            }
        }
        events.sort(Map.Entry.comparingByKey());
        return events.stream().map(e -> "%8.1f ms  %s".formatted((e.getKey() - t0) / 1e6, e.getValue())).toList();
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
