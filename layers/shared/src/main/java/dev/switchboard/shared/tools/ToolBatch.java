package dev.switchboard.shared.tools;

import java.util.List;
import java.util.Map;

public record ToolBatch(String callSid, String connectionId, String useCaseId, int turn, int step, List<ToolCallRequest> calls, Map<String,String> callFacts) {}
