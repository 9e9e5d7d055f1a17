package dev.switchboard.wsmessage.tools;

import java.util.List;
import java.util.Map;

/**
 * The execution input of the tool state machine ({@code statemachine/tools.asl.json}): the tool calls of one
 * conversation step, each already resolved to the alias ARN of the function that runs it.
 *
 * @param turn  the conversation turn the calls belong to
 * @param step  the tool step within the turn (0 for the model's first answer, 1 after the first results, ...)
 * @param calls the calls, in the order the model asked
 */
public record StateMachineInput(String callSid, String connectionId, String useCaseId, int turn, int step,
                                Map<String, String> callFacts, List<Call> calls) {

    public StateMachineInput {
        callFacts = Map.copyOf(callFacts);
        calls = List.copyOf(calls);
    }

    /**
     * One tool call. Either {@code functionArn} names the function to invoke, or {@code error} says why the call
     * cannot run (no function configured for the tool); the state machine turns the latter into a failed result
     * without invoking anything.
     *
     * @param arguments the model's arguments, a JSON text
     */
    public record Call(String toolCallId, String name, String arguments, String functionArn, String error) {

        public static Call resolved(ToolCallRequest request, String functionArn) {
            return new Call(request.toolCallId(), request.name(), request.argumentsJson(), functionArn, null);
        }

        public static Call unresolved(ToolCallRequest request, String error) {
            return new Call(request.toolCallId(), request.name(), request.argumentsJson(), null, error);
        }
    }
}
