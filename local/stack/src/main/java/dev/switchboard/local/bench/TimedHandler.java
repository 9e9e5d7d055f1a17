package dev.switchboard.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.local.stack.LocalFunction;
import dev.switchboard.local.stack.SamTemplate;

/**
 * Runs a function of the template exactly as the local stack would and records how long each invocation took (the
 * duration Lambda bills), with the memory size the template gives it. Events pass through unconverted; what the
 * handler throws comes out as the handler's own exception, so API Gateway and Step Functions see the same error
 * type as without the wrapper.
 */
public final class TimedHandler {

    private final LocalFunction function;
    private final SamTemplate.FunctionDefinition definition;
    private final Recorder recorder;

    TimedHandler(LocalFunction function, SamTemplate.FunctionDefinition definition, Recorder recorder) {
        this.function = function;
        this.definition = definition;
        this.recorder = recorder;
    }

    public Object handleRequest(Object event, Context context) {
        long start = System.nanoTime();
        try {
            return function.invoke(event, context);
        } catch (LocalFunction.FunctionError e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw e;
        } finally {
            String connectionId = event instanceof APIGatewayV2WebSocketEvent ws && ws.getRequestContext() != null
                    && ws.getRequestContext().getConnectionId() != null ? ws.getRequestContext().getConnectionId() : "";
            recorder.invocation(new Recorder.Invocation(definition.logicalId(), definition.memoryMb(), start,
                    System.nanoTime(), connectionId));
        }
    }
}
