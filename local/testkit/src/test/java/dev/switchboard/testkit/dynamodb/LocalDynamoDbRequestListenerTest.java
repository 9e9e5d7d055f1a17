package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

class LocalDynamoDbRequestListenerTest {

    private final DynamoFixture dynamo = new DynamoFixture();
    private final String table = dynamo.pkSkTable();
    private final List<LocalDynamoDb.RequestRecord> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        dynamo.close();
    }

    @Test
    void metersTheCapacityOfEveryRequestWithoutAddingItToTheResponse() {
        dynamo.server.onRequest(seen::add);
        var put = dynamo.client.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1"), "text", s("x".repeat(1500)))));
        var get = dynamo.client.getItem(b -> b.tableName(table).key(item("pk", s("a"), "sk", s("1"))));

        assertThat(put.consumedCapacity()).isNull();
        assertThat(get.consumedCapacity()).isNull();
        assertThat(seen).extracting(LocalDynamoDb.RequestRecord::operation).containsExactly("PutItem", "GetItem");
        assertThat(seen.get(1).request().path("Key").path("pk").path("S").asText()).isEqualTo("a");
        assertThat(seen.get(1).request().has("ReturnConsumedCapacity")).isFalse();
        assertThat(seen.get(0).capacityUnits()).isEqualTo(2.0);
        assertThat(seen.get(1).capacityUnits()).isEqualTo(0.5);
        assertThat(seen).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.errorType()).isEmpty();
            assertThat(r.answeredNanos()).isGreaterThanOrEqualTo(r.receivedNanos());
        });
    }

    @Test
    void givesTheClientTheCapacityItAskedFor() {
        dynamo.server.onRequest(seen::add);
        var put = dynamo.client.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));

        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.capacityUnits()).isEqualTo(1.0));
    }

    @Test
    void reportsAFailedConditionalWriteWithItsErrorType() {
        dynamo.client.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1"))));
        dynamo.server.onRequest(seen::add);

        assertThatThrownBy(() -> dynamo.client.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo("PutItem");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorType()).isEqualTo("ConditionalCheckFailedException");
        });
    }

    @Test
    void stopsTellingOnceTheListenerIsRemoved() {
        dynamo.server.onRequest(seen::add);
        dynamo.server.onRequest(null);
        dynamo.client.putItem(b -> b.tableName(table).item(item("pk", s("a"), "sk", s("1"))));

        assertThat(seen).isEmpty();
    }
}
