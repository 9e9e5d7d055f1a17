package dev.switchboard.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.snapstart.LogLines;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void everyLineOfAnInvocationCarriesTheRequestIdAndTheColdStartFlag() {
        try (LogLines lines = new LogLines()) {
            Log.invocation(context("req-1"));
            Log.put("callSid", "CA1");
            Log.info("first");
            Log.clear();
            Log.info("after.clear");
            Log.invocation(context("req-2"));
            Log.info("second");
            Log.invocation(null);
            Log.info("priming");

            JsonNode first = lines.events("first").getFirst();
            assertThat(first.path("requestId").asText()).isEqualTo("req-1");
            assertThat(first.path("callSid").asText()).isEqualTo("CA1");
            assertThat(first.path("coldStart").isBoolean()).isTrue();
            JsonNode afterClear = lines.events("after.clear").getFirst();
            assertThat(afterClear.path("requestId").asText()).as("clear() keeps the invocation's keys").isEqualTo("req-1");
            assertThat(afterClear.has("callSid")).isFalse();
            JsonNode second = lines.events("second").getFirst();
            assertThat(second.path("requestId").asText()).isEqualTo("req-2");
            assertThat(second.path("coldStart").asBoolean()).as("only an environment's first invocation is cold").isFalse();
            List<JsonNode> priming = lines.events("priming");
            assertThat(priming.getFirst().has("requestId")).isFalse();
            assertThat(priming.getFirst().has("coldStart")).isFalse();
        }
    }

    @Test
    void workerThreadsGetTheInvocationKeysThroughTheContextCopy() {
        Log.invocation(context("req-3"));
        Log.put("turn", 4);
        assertThat(Log.context()).containsEntry("requestId", "req-3").containsEntry("turn", 4).containsKey("coldStart");
        Log.invocation(null);
    }

    private static Context context(String requestId) {
        return (Context) Proxy.newProxyInstance(LogTest.class.getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getRemainingTimeInMillis" -> 10_000;
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
    }
}
