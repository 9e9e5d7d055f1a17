package dev.switchboard.local.caller;

import dev.switchboard.local.stack.ToolCallRecord;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the agent did in answer to one caller action: every event, the spoken text (all {@code text} tokens joined
 * as Twilio would speak them), the {@code end} frame if any, and the tool calls the local stack ran meanwhile.
 *
 * @param timedOut true when the agent had not finished within the step's timeout
 */
public record Turn(List<RelayEvent> events, String text, Optional<RelayEvent.End> end, List<ToolCallRecord> toolCalls,
                   boolean timedOut) {

    public Turn {
        events = List.copyOf(events);
        toolCalls = List.copyOf(toolCalls);
    }

    public <T extends RelayEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** This turn followed by {@code rest}: a reply that was interrupted, then what came after the barge-in. */
    public Turn then(Turn rest) {
        return new Turn(Stream.concat(events.stream(), rest.events.stream()).toList(), text + rest.text,
                rest.end.or(() -> end), Stream.concat(toolCalls.stream(), rest.toolCalls.stream()).toList(),
                timedOut || rest.timedOut);
    }

    public boolean closed() {
        return events.stream().anyMatch(e -> e instanceof RelayEvent.Closed);
    }
}
