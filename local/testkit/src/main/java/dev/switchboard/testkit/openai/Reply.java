package dev.switchboard.testkit.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FakeOpenAi} answers to one request: a {@link Completion} (text and/or tool calls, streamed or not,
 * possibly cut short) or a {@link Failure} (an OpenAI-style HTTP error).
 */
public sealed interface Reply permits Reply.Completion, Reply.Failure {

    /** A completion that says {@code text}, finishing with {@code stop}. */
    static Completion text(String text) {
        return new Completion(text, List.of(), Duration.ZERO, Duration.ZERO, Ending.COMPLETE, Integer.MAX_VALUE,
                Duration.ZERO);
    }

    /** A completion with no text that calls these tools (in parallel when more than one), finishing with {@code tool_calls}. */
    static Completion toolCalls(ToolCall... calls) {
        return text("").withToolCalls(calls);
    }

    /**
     * An OpenAI error body {@code {"error":{"message","type","code"}}} with this HTTP status, e.g.
     * {@code error(429, "rate_limit_exceeded")}, {@code error(500, "server_error")}, {@code error(401, "invalid_api_key")}.
     */
    static Failure error(int status, String code) {
        return error(status, code, defaultMessage(status, code));
    }

    static Failure error(int status, String code, String message) {
        return new Failure(status, typeFor(status), code, message, Duration.ofSeconds(1));
    }

    /**
     * How a completion ends: every token, the finish chunk, the usage chunk when asked for and {@code data: [DONE]};
     * the connection dropped after some tokens; or no more writes on an open connection (until either side closes).
     */
    enum Ending { COMPLETE, DISCONNECT, STALL }

    /**
     * A completion. Tokens are the {@link Tokenizer} pieces of {@code text}; each tool call streams as a header delta
     * then its arguments in pieces. {@code endAfterTokens} counts every delta that carries text: content tokens and
     * argument pieces alike. {@code headersDelay} holds the HTTP response itself back (a server that has taken the
     * request and answers nothing at all), {@code firstTokenDelay} the first delta after the headers (time to first
     * token), {@code tokenPace} each delta after the first. The withers return a changed copy;
     * {@code withToolCalls} adds calls after the text (a model that says "let me check" and then calls a tool).
     */
    record Completion(String text, List<ToolCall> toolCalls, Duration firstTokenDelay, Duration tokenPace,
                      Ending ending, int endAfterTokens, Duration headersDelay) implements Reply {

        public Completion {
            Objects.requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
            if (endAfterTokens < 0) {
                throw new IllegalArgumentException("endAfterTokens must be >= 0: " + endAfterTokens);
            }
        }

        public List<String> tokens() {
            return Tokenizer.tokenize(text);
        }

        /** {@code tool_calls} when the reply calls tools, else {@code stop}. */
        public String finishReason() {
            return toolCalls.isEmpty() ? "stop" : "tool_calls";
        }

        public Completion firstTokenDelay(Duration delay) {
            return new Completion(text, toolCalls, delay, tokenPace, ending, endAfterTokens, headersDelay);
        }

        public Completion headersDelay(Duration delay) {
            return new Completion(text, toolCalls, firstTokenDelay, tokenPace, ending, endAfterTokens, delay);
        }

        public Completion tokenPace(Duration pace) {
            return new Completion(text, toolCalls, firstTokenDelay, pace, ending, endAfterTokens, headersDelay);
        }

        public Completion withToolCalls(ToolCall... calls) {
            List<ToolCall> all = new ArrayList<>(toolCalls);
            all.addAll(List.of(calls));
            return new Completion(text, all, firstTokenDelay, tokenPace, ending, endAfterTokens, headersDelay);
        }

        /** The fake drops the connection after sending {@code tokens} tokens (0 = right after the headers). */
        public Completion disconnectAfterTokens(int tokens) {
            return new Completion(text, toolCalls, firstTokenDelay, tokenPace, Ending.DISCONNECT, tokens, headersDelay);
        }

        /** The fake stops sending after {@code tokens} tokens but keeps the connection open. */
        public Completion stallAfterTokens(int tokens) {
            return new Completion(text, toolCalls, firstTokenDelay, tokenPace, Ending.STALL, tokens, headersDelay);
        }
    }

    /**
     * An HTTP error. {@code retryAfter} is sent on 429 as {@code retry-after} (whole seconds, rounded up) and
     * {@code retry-after-ms}.
     */
    record Failure(int status, String type, String code, String message, Duration retryAfter) implements Reply {

        public Failure {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("not an error status: " + status);
            }
        }

        public Failure retryAfter(Duration after) {
            return new Failure(status, type, code, message, after);
        }
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 429 -> "requests";
            case 401, 403 -> "invalid_request_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String defaultMessage(int status, String code) {
        return switch (status) {
            case 401 -> "Incorrect API key provided.";
            case 429 -> "Rate limit reached for requests (" + code + ").";
            default -> status >= 500 ? "The server had an error while processing your request." : "Bad request (" + code + ").";
        };
    }
}
