package dev.switchboard.wsmessage.llm;

import dev.switchboard.shared.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Joins streamed {@link LlmDelta.ToolCallPiece}s into whole {@link ToolCall}s, in index order. */
public final class ToolCallAssembler {

    private final Map<Integer, Builder> calls = new TreeMap<>();

    public void accept(LlmDelta.ToolCallPiece piece) {
        Builder call = calls.computeIfAbsent(piece.index(), i -> new Builder());
        if (!piece.id().isEmpty()) {
            call.id = piece.id();
        }
        call.name.append(piece.name());
        call.arguments.append(piece.arguments());
    }

    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** The calls so far; a call whose model gave no id gets {@code call_{index}}. */
    public List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        calls.forEach((index, b) -> out.add(new ToolCall(b.id.isEmpty() ? "call_" + index : b.id,
                b.name.toString(), b.arguments.isEmpty() ? "{}" : b.arguments.toString())));
        return out;
    }

    private static final class Builder {
        private String id = "";
        private final StringBuilder name = new StringBuilder();
        private final StringBuilder arguments = new StringBuilder();
    }
}
