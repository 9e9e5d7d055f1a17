package dev.switchboard.local.caller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.stack.ToolCallRecord;
import dev.switchboard.shared.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides when the agent has finished answering: a talk cycle ended ({@code last:true}), or the session ended, and
 * then nothing more arrived for the settle time while the local stack reports nothing still running for the call
 * (a tool execution and its continuation included). Against a deployed stack, which cannot be asked, the settle
 * time alone decides, so it should be longer than a tool takes.
 *
 * <p>A local stack is asked with {@code GET /_local/calls/{callSid}} next to the webhook (whether anything still runs
 * for the call, and the tool calls it made); a deployed stack has no such endpoint.
 */
public final class TurnCollector {

    private static final Duration POLL = Duration.ofMillis(25);

    /** What a local stack says about a call. */
    private record CallStatus(boolean busy, List<ToolCallRecord> toolCalls) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SimulatedCaller caller;
    private final URI statusUrl;
    private final boolean local;
    private int toolCallsSeen;

    public TurnCollector(SimulatedCaller caller) {
        this.caller = caller;
        URI webhook = URI.create(caller.settings().webhookUrl());
        this.statusUrl = URI.create(webhook.getScheme() + "://" + webhook.getRawAuthority() + "/_local/calls/"
                + URLEncoder.encode(caller.callSid(), StandardCharsets.UTF_8));
        this.local = fetchStatus().isPresent();
    }

    /** Whether the stack can be asked about the call (a local stack). */
    public boolean local() {
        return local;
    }

    /** Waits for the agent's complete answer (see the class comment); at most {@code timeout}. */
    public Turn awaitReply(Duration settle, Duration timeout) throws InterruptedException {
        return collect(settle, timeout, Optional.empty(), true);
    }

    /** Waits until the reply so far contains {@code text} (any text when empty), for a barge-in; at most {@code timeout}. */
    public Turn awaitText(String text, Duration timeout) throws InterruptedException {
        return collect(Duration.ZERO, timeout, Optional.of(text), true);
    }

    /**
     * Waits until the agent has gone quiet (nothing for the settle time, nothing running for the call) without
     * requiring a finished talk cycle: after an interrupt the agent stops mid-reply and sends no {@code last}.
     */
    public Turn awaitQuiet(Duration settle, Duration timeout) throws InterruptedException {
        return collect(settle, timeout, Optional.empty(), false);
    }

    /** Collects whatever arrives within {@code window} (e.g. to check that nothing does). */
    public Turn collectFor(Duration window) throws InterruptedException {
        return collect(window, window.plus(window), Optional.empty(), false);
    }

    private Turn collect(Duration settle, Duration timeout, Optional<String> until, boolean needReply)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RelayEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Optional<RelayEvent.End> end = Optional.empty();
        boolean answered = !needReply;
        long lastEventAt = System.nanoTime();
        boolean timedOut = false;
        boolean cycleEnded = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                timedOut = needReply;
                break;
            }
            Optional<RelayEvent> event = caller.next(POLL);
            if (event.isPresent()) {
                RelayEvent e = event.get();
                events.add(e);
                lastEventAt = System.nanoTime();
                switch (e) {
                    case RelayEvent.Text t -> {
                        if (cycleEnded && !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) {
                            text.append(' ');
                        }
                        text.append(t.token());
                        cycleEnded = t.last();
                        if (t.last()) {
                            answered = true;
                        }
                    }
                    case RelayEvent.End ended -> {
                        end = Optional.of(ended);
                        answered = true;
                    }
                    case RelayEvent.Closed closed -> answered = true;
                    default -> { }
                }
                if (until.isPresent() && e instanceof RelayEvent.Text && text.toString().contains(until.get())) {
                    break;
                }
                if (e instanceof RelayEvent.Closed) {
                    break;
                }
                continue;
            }
            if (until.isPresent()) {
                continue;
            }
            boolean quiet = System.nanoTime() - lastEventAt >= settle.toNanos();
            if (answered && quiet && !busy()) {
                break;
            }
        }
        return new Turn(events, text.toString(), end, newToolCalls(), timedOut);
    }

    private boolean busy() {
        return status().map(CallStatus::busy).orElse(false);
    }

    private Optional<CallStatus> status() {
        return local ? fetchStatus() : Optional.empty();
    }

    private Optional<CallStatus> fetchStatus() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(statusUrl).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.statusCode() == 200 ? Json.read(response.body()) : Json.object();
            return json.has("busy") ? Optional.of(Json.MAPPER.convertValue(json, CallStatus.class)) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private List<ToolCallRecord> newToolCalls() {
        List<ToolCallRecord> all = status().map(CallStatus::toolCalls).orElse(List.of());
        List<ToolCallRecord> fresh = all.size() > toolCallsSeen ? all.subList(toolCallsSeen, all.size()) : List.of();
        toolCallsSeen = all.size();
        return List.copyOf(fresh);
    }
}
