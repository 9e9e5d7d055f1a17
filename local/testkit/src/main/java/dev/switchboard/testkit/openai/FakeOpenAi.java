package dev.switchboard.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.http.LocalHttpServer;
import dev.switchboard.testkit.http.LocalHttpServer.DropConnection;
import dev.switchboard.testkit.http.LocalHttpServer.Request;
import dev.switchboard.testkit.http.LocalHttpServer.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1 for tests and the local stack. It speaks the wire
 * format the real {@code openai-java} client expects, streamed ({@code text/event-stream}: Switchboard never asks for
 * a whole completion, so a completion for a request without {@code "stream": true} is a 400), and answers each request with the next {@linkplain #enqueue queued} {@link Reply}, else the {@linkplain #respondWith responder},
 * else {@link #DEFAULT_TEXT}.
 *
 * <pre>{@code
 * try (FakeOpenAi fake = FakeOpenAi.start()) {
 *     fake.enqueue(Reply.text("Hello there, how can I help?").tokenPace(Duration.ofMillis(5)));
 *     OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("test").build();
 *     ...
 *     assertThat(fake.requests().get(0).lastMessage("user")).hasValueSatisfying(...);
 * }
 * }</pre>
 */
public final class FakeOpenAi implements AutoCloseable {

    /** What the fake says when nothing is queued and no responder is set. */
    public static final String DEFAULT_TEXT = "This is the fake model, and I have nothing more to say.";

    /**
     * How the fake's answer to one request ended: written whole, an error status ({@link Reply.Failure}), dropped or
     * stalled on purpose (stalls end at {@link #close()}), or the client went away first (a write failed).
     */
    public enum Outcome { COMPLETED, FAILED, DISCONNECTED, STALLED, CLIENT_CLOSED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_MODEL = "gpt-fake";

    private final LocalHttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();

    private final Object lock = new Object();
    private final Deque<Reply> queue = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private Function<ChatRequest, Reply> responder = request -> Reply.text(DEFAULT_TEXT);
    private volatile TokenListener tokenListener = (requestIndex, tokenIndex, token, writtenAtNanos) -> { };

    /**
     * Told about each streamed content token of request {@code requestIndex} ({@code tokenIndex} 0 first) right after
     * it was flushed, at {@code writtenAtNanos} ({@link System#nanoTime()}); benchmarks time what follows.
     */
    @FunctionalInterface
    public interface TokenListener {
        void written(int requestIndex, int tokenIndex, String token, long writtenAtNanos);
    }

    private FakeOpenAi() {
        this.server = LocalHttpServer.start(0, this::handle);
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    /** Queues a reply for the next request that finds the queue non-empty; queued replies win over the responder. */
    public FakeOpenAi enqueue(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        synchronized (lock) {
            queue.addLast(reply);
        }
        return this;
    }

    /** Answers every request the queue does not answer with {@code responder.apply(request)}. */
    public FakeOpenAi respondWith(Function<ChatRequest, Reply> responder) {
        Objects.requireNonNull(responder, "responder");
        synchronized (lock) {
            this.responder = responder;
        }
        return this;
    }

    /** Calls {@code listener} on the answering thread after each streamed content token is flushed; keep it quick. */
    public FakeOpenAi onTokenWritten(TokenListener listener) {
        this.tokenListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** How many queued replies no request has taken yet (a test can check its script was used up). */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Every request received so far, in arrival order. */
    public List<ChatRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} requests have arrived and returns all of them; throws when fewer arrive in time. */
    public List<ChatRequest> awaitRequests(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (requests.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(
                            "expected " + n + " request(s) within " + timeout + " but got " + requests.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for requests", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    /**
     * How many text-carrying deltas (content tokens and tool-argument pieces) were written to the socket for request
     * {@code requestIndex} so far. When the client goes away, the count may include a piece or two that the kernel
     * accepted before the connection reset.
     */
    public int tokensSent(int requestIndex) {
        return delivery(requestIndex).tokensSent.get();
    }

    /** Whether the client went away before the reply to request {@code requestIndex} was complete. */
    public boolean clientClosedEarly(int requestIndex) {
        return delivery(requestIndex).outcome.getNow(Outcome.COMPLETED) == Outcome.CLIENT_CLOSED;
    }

    /** Waits until the answer to request {@code requestIndex} has ended and says how; throws when it does not in time. */
    public Outcome awaitOutcome(int requestIndex, Duration timeout) {
        awaitRequests(requestIndex + 1, timeout);
        try {
            return delivery(requestIndex).outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            throw new IllegalStateException("request " + requestIndex + " not answered within " + timeout, e);
        }
    }

    /** Stops the server; stalled replies are released and their connections dropped. */
    @Override
    public void close() {
        closing.countDown();
        server.close();
    }

    private Delivery delivery(int requestIndex) {
        synchronized (lock) {
            if (requestIndex < 0 || requestIndex >= deliveries.size()) {
                throw new IllegalArgumentException(
                        "no request " + requestIndex + " (received " + deliveries.size() + ")");
            }
            return deliveries.get(requestIndex);
        }
    }

    /** Answers one request; a {@link DropConnection} thrown here or while streaming breaks the response on purpose. */
    private Response handle(Request http) throws IOException {
        String path = http.path();
        if (!path.equals("/v1/chat/completions") && !path.equals("/chat/completions")) {
            return error(Reply.error(404, "unknown_url", "Unknown request URL: " + path));
        }
        if (!http.method().equals("POST")) {
            return error(Reply.error(405, "method_not_allowed", "Use POST for " + path));
        }
        JsonNode body;
        try {
            body = JSON.readTree(http.body());
        } catch (IOException e) {
            return error(Reply.error(400, "invalid_json", "The request body is not valid JSON."));
        }
        if (body == null || !body.isObject()) {
            return error(Reply.error(400, "invalid_json", "The request body is not a JSON object."));
        }
        Delivery delivery = new Delivery();
        ChatRequest request;
        Reply queued;
        synchronized (lock) {
            request = ChatRequest.parse(requests.size(), path, http.header("Authorization"), body);
            requests.add(request);
            deliveries.add(delivery);
            lock.notifyAll();
            queued = queue.pollFirst();
        }
        Reply reply = queued != null ? queued : responder(request);
        return switch (reply) {
            case Reply.Failure failure -> {
                delivery.outcome.complete(Outcome.FAILED);
                yield error(failure);
            }
            case Reply.Completion completion when !request.stream() -> {
                delivery.outcome.complete(Outcome.FAILED);
                yield error(Reply.error(400, "stream_required", "FakeOpenAi streams every completion, as Switchboard "
                        + "asks for them (\"stream\": true)."));
            }
            case Reply.Completion completion -> {
                Answer answer = new Answer(request, completion, delivery);
                yield delivered(delivery, answer::stream);
            }
        };
    }

    /** Records how the answer ended: completed, the client went away (an IOException) or dropped on purpose. */
    private static <T> T delivered(Delivery delivery, Attempt<T> attempt) throws IOException {
        try {
            return attempt.run();
        } catch (IOException e) {
            delivery.outcome.complete(Outcome.CLIENT_CLOSED);
            throw e;
        } catch (RuntimeException e) {
            delivery.outcome.complete(Outcome.DISCONNECTED);
            throw e;
        }
    }

    private interface Attempt<T> {
        T run() throws IOException;
    }

    /** The responder's reply; a responder that throws (a bug in a test or a script) shows up as a 500. */
    private Reply responder(ChatRequest request) {
        Function<ChatRequest, Reply> current;
        synchronized (lock) {
            current = responder;
        }
        try {
            return Objects.requireNonNull(current.apply(request), "the responder returned null");
        } catch (RuntimeException e) {
            return Reply.error(500, "fake_responder_failed", "The FakeOpenAi responder failed: " + e);
        }
    }

    private static Response error(Reply.Failure failure) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", failure.message()).put("type", failure.type()).putNull("param")
                .put("code", failure.code());
        Response response = Response.of(failure.status(), "application/json", JSON.writeValueAsBytes(error));
        if (failure.status() == 429) {
            long millis = failure.retryAfter().toMillis();
            response = response.header("retry-after", Long.toString((millis + 999) / 1000))
                    .header("retry-after-ms", Long.toString(millis));
        }
        return response;
    }

    /** Per-request bookkeeping the tests read. */
    private static final class Delivery {
        final AtomicInteger tokensSent = new AtomicInteger();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    }

    /** Streams one completion. */
    private final class Answer {
        private final ChatRequest request;
        private final Reply.Completion completion;
        private final Delivery delivery;
        private final boolean includeUsage;
        private final String id = "chatcmpl-fake" + ids.incrementAndGet();
        private final long created = Instant.now().getEpochSecond();

        Answer(ChatRequest request, Reply.Completion completion, Delivery delivery) {
            this.request = request;
            this.completion = completion;
            this.delivery = delivery;
            this.includeUsage = request.includeUsage();
        }

        /** Waits {@code headersDelay}, then answers with headers at once and the events as they are written. */
        Response stream() {
            pause(completion.headersDelay());
            return Response.stream(200, Map.of("Content-Type", "text/event-stream; charset=utf-8",
                    "Cache-Control", "no-cache"), out -> delivered(delivery, () -> {
                        writeEvents(out);
                        return delivery.outcome.complete(Outcome.COMPLETED);
                    }));
        }

        private void writeEvents(OutputStream out) throws IOException {
            pause(completion.firstTokenDelay());

            // Like OpenAI: the first delta has the role; when the reply is only tool calls, it has no content and
            // carries the first call's header instead.
            List<ToolCall> calls = completion.toolCalls();
            boolean onlyCalls = completion.text().isEmpty() && !calls.isEmpty();
            ObjectNode first = JSON.createObjectNode().put("role", "assistant");
            if (onlyCalls) {
                first.putNull("content");
                first.set("tool_calls", toolDeltas(toolHeader(0, calls.get(0))).get("tool_calls"));
            } else {
                first.put("content", "");
            }
            first.putNull("refusal");
            write(out, chunk(first, null));

            boolean firstPiece = true;
            int tokenIndex = 0;
            for (String token : completion.tokens()) {
                firstPiece = beforePiece(out, firstPiece);
                write(out, chunk(JSON.createObjectNode().put("content", token), null));
                delivery.tokensSent.incrementAndGet();
                tokenListener.written(request.index(), tokenIndex++, token, System.nanoTime());
            }
            for (int i = 0; i < calls.size(); i++) {
                ToolCall call = calls.get(i);
                if (i > 0 || !onlyCalls) {
                    write(out, chunk(toolDeltas(toolHeader(i, call)), null));
                }
                for (String piece : Tokenizer.tokenize(call.arguments())) {
                    firstPiece = beforePiece(out, firstPiece);
                    ObjectNode fragment = toolDelta(i);
                    ((ObjectNode) fragment.get("function")).put("arguments", piece);
                    write(out, chunk(toolDeltas(fragment), null));
                    delivery.tokensSent.incrementAndGet();
                }
            }
            beforePiece(out, true);
            write(out, chunk(JSON.createObjectNode(), completion.finishReason()));
            if (includeUsage) {
                ObjectNode last = base();
                last.putArray("choices");
                last.set("usage", usage());
                write(out, last);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }

        /** Applies the pace and the planned ending before the next text-carrying delta. */
        private boolean beforePiece(OutputStream out, boolean firstPiece) throws IOException {
            if (completion.ending() != Reply.Ending.COMPLETE && delivery.tokensSent.get() >= completion.endAfterTokens()) {
                out.flush();
                if (completion.ending() == Reply.Ending.STALL) {
                    stall();
                }
                throw new DropConnection();
            }
            if (!firstPiece) {
                pause(completion.tokenPace());
            }
            return false;
        }

        private void stall() {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivery.outcome.complete(Outcome.STALLED);
            throw new DropConnection();
        }

        private int completionTokens() {
            return completion.tokens().size() + completion.toolCalls().stream()
                    .mapToInt(c -> Tokenizer.tokenize(c.arguments()).size() + 3).sum();
        }

        private ObjectNode usage() {
            int promptTokens = request.messages().stream()
                    .mapToInt(m -> Tokenizer.tokenize(m.content()).size() + 4).sum();
            int completionTokens = completionTokens();
            return JSON.createObjectNode().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
        }

        private ObjectNode base() {
            return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                    .put("model", request.model().isEmpty() ? DEFAULT_MODEL : request.model()).putNull("system_fingerprint");
        }

        private ObjectNode chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = base();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return chunk;
        }

        /** The first delta of a call: index, id, type, name and empty arguments. */
        private ObjectNode toolHeader(int index, ToolCall call) {
            ObjectNode header = toolDelta(index).put("id", call.id()).put("type", "function");
            ((ObjectNode) header.get("function")).put("name", call.name()).put("arguments", "");
            return header;
        }

        private ObjectNode toolDelta(int index) {
            ObjectNode call = JSON.createObjectNode().put("index", index);
            call.putObject("function");
            return call;
        }

        private ObjectNode toolDeltas(ObjectNode call) {
            ObjectNode delta = JSON.createObjectNode();
            delta.putArray("tool_calls").add(call);
            return delta;
        }

        private void write(OutputStream out, JsonNode chunk) throws IOException {
            out.write("data: ".getBytes(StandardCharsets.UTF_8));
            out.write(JSON.writeValueAsBytes(chunk));
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void pause(Duration duration) {
            if (duration.isZero() || duration.isNegative()) {
                return;
            }
            try {
                if (closing.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new DropConnection();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DropConnection();
            }
        }
    }
}
