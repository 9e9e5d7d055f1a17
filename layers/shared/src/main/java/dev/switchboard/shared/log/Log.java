package dev.switchboard.shared.log;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Structured JSON logs, one line per event, on standard output (Lambda ships it to CloudWatch Logs).
 *
 * <p>Every line of an invocation carries the Lambda {@code requestId} and {@code coldStart} (true on the first
 * invocation of an execution environment, a SnapStart restore included), set by {@link #invocation} at the top of
 * each handler. Call-scoped keys (callSid, useCase, turn) are set with {@link #put} and cleared with
 * {@link #clear}; every line carries them too. Never pass prompt text, caller speech or full phone numbers: use
 * {@link #maskNumber}.
 */
public final class Log {

    private static final ThreadLocal<Map<String, Object>> CONTEXT = ThreadLocal.withInitial(LinkedHashMap::new);
    private static final ThreadLocal<Map<String, Object>> INVOCATION = ThreadLocal.withInitial(Map::of);
    /** Still true until the first invocation with a Lambda context (priming passes none, so a snapshot keeps it). */
    private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /**
     * Starts an invocation's logging on this thread: clears the call-scoped keys and sets {@code requestId} and
     * {@code coldStart} from Lambda's {@code context}. A null context (SnapStart priming, some tests) sets neither
     * and does not count as the first invocation.
     */
    public static void invocation(Context context) {
        clear();
        if (context == null) {
            INVOCATION.set(Map.of());
            return;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        if (context.getAwsRequestId() != null) {
            keys.put("requestId", context.getAwsRequestId());
        }
        keys.put("coldStart", FIRST_INVOCATION.getAndSet(false));
        INVOCATION.set(Map.copyOf(keys));
    }

    public static void put(String key, Object value) {
        if (value == null) {
            CONTEXT.get().remove(key);
        } else {
            CONTEXT.get().put(key, value);
        }
    }

    /** A copy of this thread's call-scoped keys, to carry them onto a worker thread with {@link #put}. */
    public static Map<String, Object> context() {
        Map<String, Object> all = new LinkedHashMap<>(INVOCATION.get());
        all.putAll(CONTEXT.get());
        return Map.copyOf(all);
    }

    public static void clear() {
        CONTEXT.get().clear();
    }

    public static void debug(String event, Object... keyValues) {
        if (Boolean.getBoolean("switchboard.debug")) {
            write("DEBUG", event, null, keyValues);
        }
    }

    public static void info(String event, Object... keyValues) {
        write("INFO", event, null, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write("WARN", event, null, keyValues);
    }

    public static void error(String event, Throwable error, Object... keyValues) {
        write("ERROR", event, error, keyValues);
    }

    /** Keeps the country code and the last two digits: {@code +1******67}. */
    public static String maskNumber(String number) {
        if (number == null || number.length() < 5) {
            return number == null ? null : "***";
        }
        int keep = number.startsWith("+") ? 2 : 1;
        return number.substring(0, keep) + "*".repeat(number.length() - keep - 2)
                + number.substring(number.length() - 2);
    }

    /** Redirects the log, for tests and the local stack. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    private static void write(String level, String event, Throwable error, Object... keyValues) {
        ObjectNode line = Json.object();
        line.put("level", level);
        line.put("time", Instant.now().toString());
        line.put("event", event);
        INVOCATION.get().forEach((k, v) -> line.set(k, Json.MAPPER.valueToTree(v)));
        CONTEXT.get().forEach((k, v) -> line.set(k, Json.MAPPER.valueToTree(v)));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.set(String.valueOf(keyValues[i]), Json.MAPPER.valueToTree(keyValues[i + 1]));
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", String.valueOf(error.getMessage()));
            StackTraceElement[] stack = error.getStackTrace();
            if (stack.length > 0) {
                line.put("errorAt", stack[0].toString());
            }
        }
        String text = line.toString();
        PrintStream target = out;
        synchronized (target) {
            target.println(text);
        }
    }
}
