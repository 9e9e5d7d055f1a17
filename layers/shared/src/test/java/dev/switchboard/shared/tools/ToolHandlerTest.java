package dev.switchboard.shared.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.snapstart.LogLines;
import dev.switchboard.shared.snapstart.Priming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class ToolHandlerTest {

    private final ToolTestUseCases.FakeUseCaseStore store = new ToolTestUseCases.FakeUseCaseStore(ToolTestUseCases.shop());
    private final List<ToolInvocation> invocations = new ArrayList<>();
    private Tool tool = invocation -> {
        invocations.add(invocation);
        ObjectNode found = Json.object().put("sku", invocation.arguments().path("sku").asText()).put("stock", 3);
        return invocation.ok(found);
    };

    private final class LookupHandler extends ToolHandler {
        LookupHandler() {
            super(invocation -> tool.run(invocation), store);
        }
    }

    private static Map<String, Object> event(String name, Object arguments) {
        Map<String, Object> event = new HashMap<>();
        event.put("toolCallId", "call_1");
        event.put("name", name);
        event.put("arguments", arguments);
        event.put("callSid", "CA1");
        event.put("useCaseId", "shop");
        event.put("callFacts", Map.of("from", "+4915112345678"));
        return event;
    }

    @Test
    void runsTheToolWithParsedArgumentsAndCallFacts() {
        Map<String, Object> payload = new LookupHandler().handleRequest(event("lookup_item", "{\"sku\":\"ABC12\"}"), null);

        assertThat(payload).containsEntry("toolCallId", "call_1").containsEntry("name", "lookup_item")
                .containsEntry("ok", true).doesNotContainKey("error");
        assertThat(Json.read((String) payload.get("content")).get("stock").asInt()).isEqualTo(3);
        assertThat(invocations).singleElement().satisfies(i -> {
            assertThat(i.callerNumber()).isEqualTo("+4915112345678");
            assertThat(i.useCase().timeZone()).isEqualTo("Europe/Berlin");
            assertThat(i.request().callSid()).isEqualTo("CA1");
        });
    }

    @Test
    void answersAnUnknownToolWithoutRunningAnything() {
        ToolResult result = new LookupHandler().handle(event("delete_everything", "{}"));

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("unknown_tool");
        assertThat(invocations).isEmpty();
    }

    @Test
    void turnsSchemaViolationsIntoAResultTheModelCanCorrect() {
        ToolResult result = new LookupHandler().handle(event("lookup_item", "{\"sku\":\"nope\",\"count\":0}"));

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.toolCallId()).isEqualTo("call_1");
        assertThat(result.content()).contains("sku:").contains("count:").contains("call lookup_item again");
        assertThat(invocations).isEmpty();
    }

    @Test
    void turnsArgumentsThatAreNotAnObjectIntoAResult() {
        assertThat(new LookupHandler().handle(event("lookup_item", "[1,2]")).content())
                .contains("arguments: must be a JSON object");
        assertThat(new LookupHandler().handle(event("lookup_item", "{\"sku\":")).content())
                .contains("arguments: not valid JSON");
    }

    @Test
    void acceptsArgumentsAsAnObjectAndEmptyArgumentsAsNone() {
        assertThat(new LookupHandler().handle(event("lookup_item", Map.of("sku", "ABC12"))).ok()).isTrue();
        assertThat(new LookupHandler().handle(event("ring_bell", "")).ok()).isTrue();
    }

    @Test
    void aPayloadWithoutToolCallIdIsAStableFailure() {
        Map<String, Object> event = event("lookup_item", "{}");
        event.remove("toolCallId");

        assertThatThrownBy(() -> new LookupHandler().handle(event)).isInstanceOf(ToolFailedException.class);
    }

    @Test
    void networkTroubleAndThrottlingAreRetryable() {
        tool = i -> {
            throw SdkClientException.create("connection reset");
        };
        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolUnavailableException.class);

        tool = i -> {
            throw ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                    .build();
        };
        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolUnavailableException.class);

        tool = i -> {
            throw DynamoDbException.builder().statusCode(500).message("internal").build();
        };
        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolUnavailableException.class);
    }

    @Test
    void aRejectedRequestAndABugAreNotRetryable() {
        tool = i -> {
            throw DynamoDbException.builder().statusCode(400).message("ValidationException").build();
        };
        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolFailedException.class);

        tool = i -> {
            throw new NullPointerException("oops");
        };
        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolFailedException.class).hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void anUnreachableConfigStoreIsRetryable() {
        store.failWith(SdkClientException.create("connection refused"));

        assertThatThrownBy(() -> new LookupHandler().handle(event("lookup_item", "{\"sku\":\"ABC12\"}")))
                .isInstanceOf(ToolUnavailableException.class);
    }

    @Test
    void theStableClassNamesAreTheOnesTheStateMachineMatches() {
        assertThat(ToolUnavailableException.class.getName())
                .isEqualTo("dev.switchboard.shared.tools.ToolUnavailableException");
        assertThat(ToolFailedException.class.getName()).isEqualTo("dev.switchboard.shared.tools.ToolFailedException");
    }

    @Test
    void primesTheRequestPathOnTheSampleToolWithoutTouchingItsOwnToolOrStore() {
        LookupHandler handler = new LookupHandler();

        try (LogLines log = new LogLines()) {
            Priming.Report report = handler.priming().run();

            assertThat(report.ok()).as(report.failed().toString()).isTrue();
            assertThat(report.primed()).containsExactly("tool-request", "dynamodb-getitem");
            assertThat(log.events("tool.done")).hasSize(3)
                    .extracting(l -> l.path("ok").asBoolean()).containsExactly(true, false, false);
            assertThat(log.events("tool.invalid_arguments").getFirst().path("problems").toString())
                    .as("the schema validator ran on the sample arguments")
                    .contains("orderNumber").contains("items[0]").contains("extra");
        }
        assertThat(invocations).isEmpty();
        assertThat(store.loads()).isZero();
    }

    @Test
    void primingTwiceDoesTheSameWork() {
        LookupHandler handler = new LookupHandler();

        try (LogLines log = new LogLines()) {
            Priming.Report first = handler.priming().run();
            Priming.Report second = handler.priming().run();

            assertThat(second).isEqualTo(first);
            assertThat(log.events("tool.done")).hasSize(6);
        }
    }
}
