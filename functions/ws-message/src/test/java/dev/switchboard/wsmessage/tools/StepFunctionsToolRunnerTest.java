package dev.switchboard.wsmessage.tools;

import dev.switchboard.shared.tools.ToolTestUseCases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

class StepFunctionsToolRunnerTest {

    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:sb-tools";
    private static final String LOOKUP_ARN = "arn:aws:lambda:us-east-1:123456789012:function:sb-Lookup:live";
    private static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";

    private FakeStepFunctions fake;
    private SfnClient sfn;
    private final ToolTestUseCases.FakeUseCaseStore store = new ToolTestUseCases.FakeUseCaseStore(ToolTestUseCases.shop());

    @BeforeEach
    void start() throws Exception {
        fake = new FakeStepFunctions();
        sfn = SfnClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        sfn.close();
        fake.close();
    }

    private StepFunctionsToolRunner runner() {
        return new StepFunctionsToolRunner(sfn, MACHINE, ToolFunctions.of(Map.of("Lookup", LOOKUP_ARN)), store);
    }

    private static ToolBatch batch(int turn, int step, ToolCallRequest... calls) {
        return new ToolBatch(CALL_SID, "conn-1=", "shop", turn, step, List.of(calls),
                Map.of("from", "+4915112345678", "to", "+4930123456"));
    }

    @Test
    void startsOneExecutionNamedAfterCallTurnAndStepWithTheStateMachineInput() {
        runner().start(batch(3, 1, new ToolCallRequest("call_a", "lookup_item", "{\"sku\":\"ABC12\"}"),
                new ToolCallRequest("call_b", "lookup_item", "{\"sku\":\"XYZ99\"}")));

        assertThat(fake.starts()).singleElement().satisfies(start -> {
            assertThat(start.stateMachineArn()).isEqualTo(MACHINE);
            assertThat(start.name()).isEqualTo(CALL_SID + "-t3-s1");
            JsonNode input = start.input();
            assertThat(input.get("callSid").asText()).isEqualTo(CALL_SID);
            assertThat(input.get("connectionId").asText()).isEqualTo("conn-1=");
            assertThat(input.get("useCaseId").asText()).isEqualTo("shop");
            assertThat(input.get("turn").asInt()).isEqualTo(3);
            assertThat(input.get("step").asInt()).isEqualTo(1);
            assertThat(input.get("callFacts").get("from").asText()).isEqualTo("+4915112345678");
            assertThat(input.get("calls")).hasSize(2);
            JsonNode first = input.get("calls").get(0);
            assertThat(first.get("toolCallId").asText()).isEqualTo("call_a");
            assertThat(first.get("name").asText()).isEqualTo("lookup_item");
            assertThat(first.get("arguments").isTextual()).isTrue();
            assertThat(Json.read(first.get("arguments").asText()).get("sku").asText()).isEqualTo("ABC12");
            assertThat(first.get("functionArn").asText()).isEqualTo(LOOKUP_ARN);
            assertThat(first.has("error")).isFalse();
        });
    }

    @Test
    void aToolWithoutADeployedFunctionTravelsAsAnErrorNotACrash() {
        runner().start(batch(1, 0,
                new ToolCallRequest("call_a", "ring_bell", "{}"),          // config names function "Bell": not deployed
                new ToolCallRequest("call_b", "made_up_tool", ""),         // not in the use case at all
                new ToolCallRequest("call_c", "lookup_item", "{\"sku\":\"ABC12\"}")));

        JsonNode calls = fake.starts().get(0).input().get("calls");
        assertThat(calls.get(0).get("error").asText()).isEqualTo("no_function");
        assertThat(calls.get(0).has("functionArn")).isFalse();
        assertThat(calls.get(1).get("error").asText()).isEqualTo("unknown_tool");
        assertThat(calls.get(1).get("arguments").asText()).isEqualTo("{}");
        assertThat(calls.get(2).get("functionArn").asText()).isEqualTo(LOOKUP_ARN);
    }

    @Test
    void startingTheSameStepAgainWhileItRunsIsHarmless() {
        ToolBatch batch = batch(2, 0, new ToolCallRequest("call_a", "lookup_item", "{\"sku\":\"ABC12\"}"));

        runner().start(batch);
        runner().start(batch);

        assertThat(fake.starts()).hasSize(2).extracting(FakeStepFunctions.Start::name).containsOnly(CALL_SID + "-t2-s0");
    }

    @Test
    void anExecutionThatAlreadyExistsCountsAsStarted() {
        ToolBatch batch = batch(2, 0, new ToolCallRequest("call_a", "lookup_item", "{\"sku\":\"ABC12\"}"));
        runner().start(batch);
        fake.finishAll();

        runner().start(batch);   // the fake answers ExecutionAlreadyExists: no exception

        assertThat(fake.starts()).hasSize(2);
    }

    @Test
    void theNextStepGetsItsOwnExecution() {
        runner().start(batch(2, 0, new ToolCallRequest("call_a", "lookup_item", "{\"sku\":\"ABC12\"}")));
        runner().start(batch(2, 1, new ToolCallRequest("call_b", "lookup_item", "{\"sku\":\"ABC12\"}")));

        assertThat(fake.starts()).extracting(FakeStepFunctions.Start::name)
                .containsExactly(CALL_SID + "-t2-s0", CALL_SID + "-t2-s1");
    }

    @Test
    void anUnreachableStepFunctionsIsThrownToTheCaller() {
        fake.close();

        assertThatThrownBy(() -> runner().start(batch(1, 0, new ToolCallRequest("call_a", "lookup_item", "{}"))))
                .isInstanceOf(SdkException.class);
    }

    @Test
    void executionNamesAreDeterministicValidAndShort() {
        assertThat(StepFunctionsToolRunner.executionName(CALL_SID, 12, 3)).isEqualTo(CALL_SID + "-t12-s3");

        String odd = StepFunctionsToolRunner.executionName("local call #7/é", 1, 0);
        assertThat(odd).matches("[A-Za-z0-9_-]+").endsWith("-t1-s0")
                .isEqualTo(StepFunctionsToolRunner.executionName("local call #7/é", 1, 0))
                .isNotEqualTo(StepFunctionsToolRunner.executionName("local call #8/é", 1, 0));

        String a = StepFunctionsToolRunner.executionName("x".repeat(100) + "a", 99999, 999);
        String b = StepFunctionsToolRunner.executionName("x".repeat(100) + "b", 99999, 999);
        assertThat(a).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").isNotEqualTo(b);
    }
}
