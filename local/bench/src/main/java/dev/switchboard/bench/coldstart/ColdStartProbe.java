package dev.switchboard.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.crac.Resource;

/**
 * Runs in a fresh JVM whose class path is what ships plus this class: builds the handler with its no-argument
 * constructor, with priming runs the {@link Resource} fields' hooks (what SnapStart runs before its snapshot; without
 * a CRaC runtime registering does nothing), handles one {@code prompt}, and prints {@code COLDSTART main=… init=…
 * primed=… handled=… hooks=… rssKb=…} (epoch microseconds). Arguments: handler class, connection id, prompt,
 * prime, memory MB.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = epochMicros();
        int memoryMb = Integer.parseInt(args[4]);

        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long initAt = epochMicros();
        int hooks = 0;
        if (Boolean.parseBoolean(args[3])) {
            for (Field field : handler.getClass().getDeclaredFields()) {
                if (Resource.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    Resource resource = (Resource) field.get(handler);
                    resource.beforeCheckpoint(null);
                    resource.afterRestore(null);
                    hooks++;
                }
            }
        }
        long primedAt = epochMicros();

        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2WebSocketEvent, Object> function = (RequestHandler<APIGatewayV2WebSocketEvent, Object>) handler;
        function.handleRequest(promptEvent(args[1], args[2]), new ProbeContext(memoryMb));
        long handledAt = epochMicros();

        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.replaceAll("[^0-9]", "")).findFirst().orElse("-1");
        System.out.println("COLDSTART main=" + mainAt + " init=" + initAt + " primed=" + primedAt + " handled="
                + handledAt + " hooks=" + hooks + " rssKb=" + rss);
        System.out.flush();
        System.exit(0);
    }

    private static APIGatewayV2WebSocketEvent promptEvent(String connectionId, String prompt) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey("$default");
        context.setEventType("MESSAGE");
        context.setMessageDirection("IN");
        context.setConnectionId(connectionId);
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setRequestId(UUID.randomUUID().toString());
        context.setMessageId(UUID.randomUUID().toString());
        context.setStage("local");
        context.setApiId("local");
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody("{\"type\":\"prompt\",\"voicePrompt\":\"" + prompt.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"lang\":\"en-US\",\"last\":true}");
        return event;
    }

    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** The few things a handler may ask the runtime; the handlers log through {@code Log}, not its logger. */
    private record ProbeContext(int memoryMb, long deadline) implements Context {
        ProbeContext(int memoryMb) {
            this(memoryMb, System.currentTimeMillis() + 60_000);
        }

        @Override public String getAwsRequestId() { return "coldstart-probe"; }
        @Override public String getLogGroupName() { return "/aws/lambda/coldstart-probe"; }
        @Override public String getLogStreamName() { return "coldstart-probe"; }
        @Override public String getFunctionName() { return "coldstart-probe"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:coldstart-probe"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return memoryMb; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
