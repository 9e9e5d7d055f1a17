package dev.switchboard.local.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.local.bench.crac.Core;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Runs in a fresh JVM whose class path is exactly what ships (the function's {@code lib/} jars and the layer's
 * {@code java/lib/} jars) plus this probe. Like the Lambda runtime it builds the handler with its public no-argument
 * constructor (configured from the environment) and invokes it once, here with a {@code prompt} frame for an open
 * connection of the local stack. With priming on, {@code org.crac} is pointed at {@link Core} (system property
 * {@code org.crac.Core.Compat}) and the registered {@code beforeCheckpoint} hooks run between init and the
 * invocation, as SnapStart runs them before its snapshot. Prints one line:
 * {@code COLDSTART main=… init=… primed=… handled=… registered=… rssKb=… hwmKb=…} (epoch microseconds and KB),
 * then exits. Depends only on the JDK, the shipped jars and the stand-in CRaC package.
 *
 * <p>Arguments: handler class, connection id, prompt text, prime (true/false), gc before the checkpoint
 * (true/false), memory size in MB.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = epochMicros();
        String handlerClass = args[0];
        String connectionId = args[1];
        String prompt = args[2];
        boolean prime = Boolean.parseBoolean(args[3]);
        boolean gcBeforeCheckpoint = Boolean.parseBoolean(args[4]);
        int memoryMb = Integer.parseInt(args[5]);

        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long initAt = epochMicros();
        int registered = -1;
        if (prime) {
            if (gcBeforeCheckpoint) {
                System.gc();
            }
            registered = Core.registered();
            Core.checkpointRestore();
        }
        long primedAt = epochMicros();

        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2WebSocketEvent, Object> function = (RequestHandler<APIGatewayV2WebSocketEvent, Object>) handler;
        function.handleRequest(promptEvent(connectionId, prompt), new ProbeContext(memoryMb));
        long handledAt = epochMicros();

        String status = status();
        System.out.println("COLDSTART main=" + mainAt + " init=" + initAt + " primed=" + primedAt + " handled="
                + handledAt + " registered=" + registered + " rssKb=" + field(status, "VmRSS:") + " hwmKb="
                + field(status, "VmHWM:"));
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
        event.setIsBase64Encoded(false);
        event.setBody("{\"type\":\"prompt\",\"voicePrompt\":\"" + prompt.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"lang\":\"en-US\",\"last\":true}");
        return event;
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static String status() {
        try {
            return Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The number after {@code name} in /proc/self/status (kB), or -1. */
    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String digits = line.substring(name.length()).replaceAll("[^0-9]", "");
                return digits.isEmpty() ? -1 : Long.parseLong(digits);
            }
        }
        return -1;
    }

    /** The few things a handler may ask the runtime. */
    private static final class ProbeContext implements Context {
        private final int memoryMb;
        private final long deadline = System.currentTimeMillis() + 60_000;

        ProbeContext(int memoryMb) {
            this.memoryMb = memoryMb;
        }

        @Override
        public String getAwsRequestId() {
            return "coldstart-probe";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/coldstart-probe";
        }

        @Override
        public String getLogStreamName() {
            return "coldstart-probe";
        }

        @Override
        public String getFunctionName() {
            return "coldstart-probe";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:coldstart-probe";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
