package dev.switchboard.wsmessage;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.credential.BearerTokenCredential;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.log.Log;
import dev.switchboard.wsmessage.llm.Llm;
import dev.switchboard.wsmessage.llm.LlmDelta;
import dev.switchboard.wsmessage.llm.LlmException;
import dev.switchboard.wsmessage.llm.LlmMessage;
import dev.switchboard.wsmessage.llm.LlmRequest;
import dev.switchboard.wsmessage.llm.LlmStream;
import dev.switchboard.wsmessage.llm.ToolDefinition;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * {@link Llm} on the Chat Completions API with openai-java: one client per container (OkHttp connection pool kept
 * warm), timeouts below the Lambda timeout and within each request's time limit (the turn's budget), at most one
 * retry. A reader thread turns the SSE chunks into {@link LlmDelta}s; {@link LlmStream#close} cancels from any
 * thread, and a reply that stops producing tokens for {@code tokenTimeout} fails with
 * {@link LlmException.Kind#TIMEOUT} even when the socket stays open.
 *
 * <p>The API key is read from its {@link Secret} for every request, never copied into the client: a key rotated
 * in Secrets Manager is picked up after one rejection (401: the key is read again, at most once a minute, and the
 * request is sent once more when it changed), and no key sits in a SnapStart snapshot.
 */
public final class OpenAiLlm implements Llm {

    /**
     * @param baseUrl      empty for OpenAI's own
     * @param model        the model when the use case names none
     * @param connect      TCP/TLS connect timeout
     * @param tokenTimeout longest wait for the first and every next token
     * @param request      the whole request, streaming included; below the Lambda timeout (a request's
     *                     {@link LlmRequest#timeLimit}, the turn's budget, shortens it)
     * @param maxRetries   0 or 1: a retry costs the caller seconds of silence
     */
    public record Settings(Secret apiKey, String baseUrl, String model, Duration connect, Duration tokenTimeout,
                           Duration request, int maxRetries) {
        public Settings {
            if (maxRetries < 0 || maxRetries > 1) {
                throw new IllegalArgumentException("maxRetries must be 0 or 1");
            }
        }

        /** With a fixed key (tests, the local stack's scripted model). */
        public Settings(String apiKey, String baseUrl, String model, Duration connect, Duration tokenTimeout,
                        Duration request, int maxRetries) {
            this(Secret.of(apiKey), baseUrl, model, connect, tokenTimeout, request, maxRetries);
        }
    }

    private static final Object END = new Object();

    private final OpenAIClient client;
    private final Secret apiKey;
    private final String defaultModel;
    private final Duration connectTimeout;
    private final Duration tokenTimeout;
    private final Duration requestTimeout;

    public OpenAiLlm(Settings settings) {
        this.apiKey = settings.apiKey();
        OkHttpClient transport = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connect())
                .readTimeout(settings.tokenTimeout())
                .writeTimeout(settings.connect())
                .callTimeout(settings.request())
                .build();
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .okHttpClient(transport)
                .credential(BearerTokenCredential.create(apiKey::value))
                .maxRetries(settings.maxRetries())
                .timeout(Timeout.builder()
                        .connect(settings.connect())
                        .read(settings.tokenTimeout())
                        .write(settings.connect())
                        .request(settings.request())
                        .build());
        if (!settings.baseUrl().isBlank()) {
            builder.baseUrl(settings.baseUrl());
        }
        this.client = builder.build();
        this.defaultModel = settings.model();
        this.connectTimeout = settings.connect();
        this.tokenTimeout = settings.tokenTimeout();
        this.requestTimeout = settings.request();
    }

    /**
     * Sends the request with a timeout of {@code min(request timeout, request.timeLimit())} for the whole call
     * (streaming included), and waits for the response at most that long in all: openai-java's retry, its back-off
     * and a server that takes the request but sends no headers all run on a virtual thread that is interrupted
     * (closing its socket) when the limit passes, so a turn's budget holds even before the stream exists.
     */
    @Override
    public LlmStream stream(LlmRequest request) {
        ChatCompletionCreateParams params = params(request);
        Duration limit = request.timeLimit().compareTo(requestTimeout) < 0 ? request.timeLimit() : requestTimeout;
        RequestOptions options = RequestOptions.builder().timeout(Timeout.builder()
                .connect(connectTimeout)
                .read(tokenTimeout)
                .write(connectTimeout)
                .request(limit)
                .build()).build();
        return new OpenAiStream(within(limit, () -> open(params, options)), tokenTimeout);
    }

    private StreamResponse<ChatCompletionChunk> open(ChatCompletionCreateParams params, RequestOptions options) {
        try {
            return client.chat().completions().createStreaming(params, options);
        } catch (UnauthorizedException e) {
            if (!apiKey.refresh()) {
                throw translate(e);
            }
            Log.info("openai.api_key_rotated");
            try {
                return client.chat().completions().createStreaming(params, options);
            } catch (RuntimeException again) {
                throw translate(again);
            }
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Runs {@code opening} on a virtual thread and gives it {@code limit}; past that it is interrupted. */
    private static StreamResponse<ChatCompletionChunk> within(Duration limit,
                                                              Supplier<StreamResponse<ChatCompletionChunk>> opening) {
        CompletableFuture<StreamResponse<ChatCompletionChunk>> result = new CompletableFuture<>();
        Map<String, Object> logContext = Log.context();
        Thread thread = Thread.ofVirtual().name("openai-request").start(() -> {
            logContext.forEach(Log::put);
            try {
                result.complete(opening.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(thread, result);
            throw new LlmException(LlmException.Kind.TIMEOUT, "no response within " + limit.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(thread, result);
            throw new LlmException(LlmException.Kind.CONNECTION, "interrupted while sending the request", e);
        }
    }

    /** Interrupts the request's thread; a response that still arrives is closed. */
    private static void abandon(Thread thread, CompletableFuture<StreamResponse<ChatCompletionChunk>> result) {
        thread.interrupt();
        result.thenAccept(StreamResponse::close);
    }

    ChatCompletionCreateParams params(LlmRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model().isBlank() ? defaultModel : request.model())
                .temperature(request.temperature())
                .maxCompletionTokens(request.maxTokens())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        for (LlmMessage message : request.messages()) {
            switch (message) {
                case LlmMessage.System s -> params.addSystemMessage(s.content());
                case LlmMessage.User u -> params.addUserMessage(u.content());
                case LlmMessage.Assistant a -> {
                    ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
                    if (!a.content().isEmpty() || a.toolCalls().isEmpty()) {
                        assistant.content(a.content());
                    }
                    for (ToolCall call : a.toolCalls()) {
                        assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                                .id(call.id())
                                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name(call.name()).arguments(call.argumentsJson()).build())
                                .build());
                    }
                    params.addMessage(assistant.build());
                }
                case LlmMessage.ToolResult t -> params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(t.toolCallId()).content(t.content()).build());
            }
        }
        for (ToolDefinition tool : request.tools()) {
            FunctionParameters.Builder schema = FunctionParameters.builder();
            tool.parameters().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
            params.addTool(ChatCompletionFunctionTool.builder()
                    .function(FunctionDefinition.builder()
                            .name(tool.name())
                            .description(tool.description())
                            .parameters(schema.build())
                            .build())
                    .build());
        }
        if (!request.tools().isEmpty()) {
            params.parallelToolCalls(true);
        }
        return params.build();
    }

    static LlmException translate(Throwable e) {
        if (e instanceof LlmException llm) {
            return llm;
        }
        if (e instanceof RateLimitException) {
            return new LlmException(LlmException.Kind.RATE_LIMITED, "rate limited (429)", e);
        }
        if (e instanceof OpenAIServiceException service) {
            return service.statusCode() >= 500
                    ? new LlmException(LlmException.Kind.SERVER_ERROR, "model server error " + service.statusCode(), e)
                    : new LlmException(LlmException.Kind.REJECTED, "model rejected the request " + service.statusCode(), e);
        }
        if (e instanceof SseException) {
            return new LlmException(LlmException.Kind.SERVER_ERROR, "error event in the stream", e);
        }
        if (e instanceof OpenAIIoException && hasCause(e, InterruptedIOException.class)) {
            return new LlmException(LlmException.Kind.TIMEOUT, "model timed out", e);
        }
        return new LlmException(LlmException.Kind.CONNECTION, "model connection failed", e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deltas read on a virtual thread and handed over through a queue. {@link #close} interrupts the reader: a virtual
     * thread blocked on a socket read is interruptible (the JDK closes the socket), so the request is really
     * cancelled and the model stops generating; the reader then closes the response on its own thread (OkHttp
     * sources are not safe to close from another thread while being read).
     */
    private static final class OpenAiStream implements LlmStream {

        private final StreamResponse<ChatCompletionChunk> response;
        private final Duration tokenTimeout;
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread reader;

        OpenAiStream(StreamResponse<ChatCompletionChunk> response, Duration tokenTimeout) {
            this.response = response;
            this.tokenTimeout = tokenTimeout;
            this.reader = Thread.ofVirtual().name("openai-stream").start(this::read);
        }

        private void read() {
            try (Stream<ChatCompletionChunk> chunks = response.stream()) {
                chunks.takeWhile(c -> !closed.get()).forEach(this::translateChunk);
                queue.add(END);
            } catch (RuntimeException e) {
                queue.add(closed.get() ? END : translate(e));
            } finally {
                try {
                    response.close();
                } catch (RuntimeException e) {
                    // the connection is already broken
                }
            }
        }

        private void translateChunk(ChatCompletionChunk chunk) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                ChatCompletionChunk.Choice.Delta delta = choice.delta();
                delta.content().filter(text -> !text.isEmpty()).ifPresent(text -> queue.add(new LlmDelta.Text(text)));
                delta.toolCalls().ifPresent(calls -> calls.forEach(call -> {
                    queue.add(new LlmDelta.ToolCallPiece((int) call.index(), call.id().orElse(""),
                            call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name).orElse(""),
                            call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).orElse("")));
                }));
                choice.finishReason().ifPresent(reason -> queue.add(new LlmDelta.Finished(reason.asString())));
            }
            chunk.usage().ifPresent(usage -> queue.add(
                    new LlmDelta.Usage((int) usage.promptTokens(), (int) usage.completionTokens())));
        }

        @Override
        public Optional<LlmDelta> next() {
            if (closed.get()) {
                return Optional.empty();
            }
            Object item;
            try {
                item = queue.poll(tokenTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                return Optional.empty();
            }
            if (item == null) {
                close();
                throw new LlmException(LlmException.Kind.TIMEOUT, "no token for " + tokenTimeout.toMillis() + " ms", null);
            }
            if (item == END || closed.get()) {
                return Optional.empty();
            }
            if (item instanceof LlmException failure) {
                throw failure;
            }
            return Optional.of((LlmDelta) item);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                queue.add(END);
                reader.interrupt();
            }
        }
    }
}
