package dev.switchboard.local.deploy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.wsmessage.MessageHandler;
import dev.switchboard.wsmessage.MessagePorts;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Drives ws-message's shipped {@link MessageHandler} from inside a class loader that holds only the packaged jars
 * ({@link PackagedOpenAiIT} loads this class there). Arguments and results are JDK types only.
 *
 * <p>Arguments: {@code env.NAME} entries (the handler's environment; the first call builds the handler with its
 * public {@code MessageHandler(MessagePorts)} constructor and the real adapters, as the local stack does), and
 * {@code action}: {@code prime} runs the SnapStart priming the handler registered and returns {@code primed} (step
 * names) and {@code failed} (step to exception class); {@code frame} hands {@code body} on {@code connectionId} to {@code handleRequest} and returns
 * {@code statusCode}. Every result also names the class loader the handler came from ({@code loader}).
 */
public final class MessageHandlerProbe implements Function<Map<String, String>, Map<String, Object>> {

    private MessageHandler handler;
    private long receivedAt = 1_767_268_800_000L;

    public MessageHandlerProbe() {
    }

    @Override
    public Map<String, Object> apply(Map<String, String> args) {
        if (handler == null) {
            Map<String, String> env = new LinkedHashMap<>();
            args.forEach((k, v) -> {
                if (k.startsWith("env.")) {
                    env.put(k.substring(4), v);
                }
            });
            Env handlerEnv = Env.of(env);
            handler = new MessageHandler(MessagePorts.fromEnv(handlerEnv, AwsClients.from(handlerEnv)));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("loader", MessageHandler.class.getClassLoader().getName());
        switch (args.get("action")) {
            case "prime" -> {
                Priming.Report report = priming().run();
                result.put("primed", report.primed());
                result.put("failed", report.failed());
            }
            case "frame" -> {
                APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
                APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
                context.setConnectionId(args.get("connectionId"));
                context.setRouteKey("$default");
                context.setEventType("MESSAGE");
                context.setMessageId("m" + receivedAt);
                context.setRequestTimeEpoch(receivedAt += 10);
                event.setRequestContext(context);
                event.setBody(args.get("body"));
                result.put("statusCode", handler.handleRequest(event, null).getStatusCode());
            }
            default -> throw new IllegalArgumentException("unknown action " + args.get("action"));
        }
        return result;
    }

    /** The handler keeps its registered priming in a package-private accessor: read it as a test would. */
    private Priming priming() {
        try {
            Method accessor = MessageHandler.class.getDeclaredMethod("priming");
            accessor.setAccessible(true);
            return (Priming) accessor.invoke(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MessageHandler.priming() is gone", e);
        }
    }
}
