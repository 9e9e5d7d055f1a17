package dev.switchboard.local.caller;

import dev.switchboard.local.stack.ToolCallRecord;
import java.util.List;
import java.util.Optional;

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

    public boolean closed() {
        return events.stream().anyMatch(e -> e instanceof RelayEvent.Closed);
    }
}
