package dev.switchboard.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    private final SamTemplate template = SamTemplate.read(Repo.root().resolve("template.yaml"));

    @Test
    void readsTheTableKeysAndTtlAttributeFromTheTemplate() {
        SamTemplate.TableDefinition table = template.table();

        assertThat(table.hashKey()).isEqualTo(new SamTemplate.KeyAttribute("pk", "S"));
        assertThat(table.rangeKey()).contains(new SamTemplate.KeyAttribute("sk", "S"));
        assertThat(table.ttlAttribute()).contains("expiresAt");
    }

    @Test
    void followsEachHttpRouteThroughItsIntegrationToTheFunction() {
        SamTemplate.Api api = template.api("HTTP");

        assertThat(api.routes()).containsEntry("POST /twiml", "TwimlFunction")
                .containsEntry("POST /twiml/action", "ConnectActionFunction");
        assertThat(template.function("TwimlFunction").handlerClass()).isEqualTo("dev.switchboard.twiml.TwimlHandler");
    }

    @Test
    void readsTheWebSocketRoutesAndRouteSelectionExpression() {
        SamTemplate.Api api = template.api("WEBSOCKET");

        assertThat(api.routeSelectionExpression()).isEqualTo("$request.body.type");
        assertThat(api.routes()).containsEntry("$connect", "WsConnectFunction")
                .containsEntry("$disconnect", "WsDisconnectFunction")
                .containsEntry("$default", "WsMessageFunction");
    }

    @Test
    void mapsToolFunctionKeysToTheFunctionsTheyName() {
        assertThat(template.functionMap("WsMessageFunction", "TOOL_FUNCTIONS"))
                .containsEntry("PlaceOrder", "PlaceOrderFunction")
                .containsEntry("PickupTime", "PickupTimeFunction")
                .containsEntry("DeliveryTime", "DeliveryTimeFunction")
                .containsEntry("SendSms", "SendSmsFunction");
    }

    @Test
    void findsTheStateMachineFileAndTheFunctionItsSubstitutionNames() {
        assertThat(template.stateMachines()).singleElement().satisfies(machine -> {
            assertThat(machine.definitionUri()).isEqualTo("statemachine/tools.asl.json");
            assertThat(machine.functionSubstitutions()).containsEntry("ContinuationFunctionArn", "ToolContinuationFunction");
        });
    }

    @Test
    void readsEachFunctionsTimeoutAndEnvironmentNamesWithTheGlobals() {
        SamTemplate.FunctionDefinition message = template.function("WsMessageFunction");

        assertThat(message.timeoutSeconds()).isEqualTo(60);
        assertThat(message.environment()).contains("TABLE_NAME", "MANAGEMENT_API_ENDPOINT", "TOOL_FUNCTIONS");
        assertThat(template.function("PlaceOrderFunction").timeoutSeconds()).isEqualTo(20);
    }

    @Test
    void refusesATemplateWithoutATable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.B::handleRequest\n");

        assertThatThrownBy(() -> SamTemplate.read(file).table()).hasMessageContaining("exactly one AWS::DynamoDB::Table");
    }
}
