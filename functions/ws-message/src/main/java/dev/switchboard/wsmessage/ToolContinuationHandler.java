package dev.switchboard.wsmessage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.tools.ToolResults;
import dev.switchboard.wsmessage.conversation.ConversationEngine;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.reply.TurnBudget;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tool continuation: the state machine's last state ({@code ResumeConversation}) invokes it asynchronously with
 * the {@link ToolResults} of one tool step. It stores the results and asks the model again ({@link ToolContinuation}).
 * Nobody waits for its answer (API Gateway's 29 s do not apply): its reply's {@link TurnBudget} is its own Lambda
 * timeout (60 s in template.yaml), less the same margins: wrapped up 4 s before Lambda would stop it.
 *
 * <p>Retries: Lambda retries a failed asynchronous invoke (at most twice, {@code EventInvokeConfig} in
 * template.yaml), and Step Functions may deliver twice. Both are harmless: results are written once per tool-call id
 * and the model is asked once per turn and step. The handler throws only when a result could not be stored, where a
 * retry can help; a malformed payload and anything that fails after the results are stored are logged, not thrown,
 * because a retry would fail the same way or speak twice.
 */
public final class ToolContinuationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final ToolContinuation continuation;
    private final Priming priming;

    public ToolContinuationHandler() {
        this(MessagePorts.fromEnv(Env.system(), AwsClients.shared()));
    }

    /** With the given ports (tests, the local stack). */
    public ToolContinuationHandler(MessagePorts ports) {
        ConversationPorts conversation = ports.conversation();
        this.continuation = new ToolContinuation(conversation.store(),
                new ConversationEngine(conversation, EngineSettings.defaults()), conversation.clock());
        this.priming = ports.priming(); // the runtime holds registered priming weakly: this field keeps it
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Log.invocation(context);
            ToolResults delivery = Json.MAPPER.convertValue(event, ToolResults.class);
            Log.put("callSid", delivery.callSid());
            Log.put("connectionId", delivery.connectionId());
            Log.put("useCase", delivery.useCaseId());
            Log.put("turn", delivery.turn());
            Log.put("execution", delivery.execution());
            ToolContinuation.Outcome outcome = continuation.resume(delivery,
                    TurnBudget.asynchronous(Instant.now(), MessageHandler.remaining(context)));
            Log.info("continuation.done", "step", delivery.step(), "stored", outcome.stored(),
                    "alreadyStored", outcome.alreadyStored(), "continued", outcome.continued().name());
            answer.put("stored", outcome.stored());
            answer.put("alreadyStored", outcome.alreadyStored());
            answer.put("continued", outcome.continued().name());
        } catch (ToolContinuation.ResultsNotStoredException e) {
            Log.error("continuation.not_stored", e);
            throw e;
        } catch (RuntimeException e) {
            // a malformed payload (IllegalArgumentException, or Jackson's on conversion) or a bug: not retried
            Log.error("continuation.rejected", e);
            answer.put("rejected", e.getClass().getSimpleName());
        } finally {
            Log.clear();
        }
        return answer;
    }
}
