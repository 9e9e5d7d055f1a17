package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** A new table is CREATING for a moment, as in DynamoDB (and dynalite), and refuses item operations meanwhile. */
class LocalDynamoDbTableLifecycleTest {

    private final DynamoFixture dynamo = new DynamoFixture();
    private final Map<String, AttributeValue> key = item("pk", s("a"), "sk", s("1"));

    @AfterEach
    void stop() {
        dynamo.close();
    }

    private TableStatus create(String name) {
        return dynamo.client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()))
                .tableDescription().tableStatus();
    }

    private TableStatus describe(String name) {
        return dynamo.client.describeTable(b -> b.tableName(name)).table().tableStatus();
    }

    @Test
    void answersCreatingThenTurnsActiveAfterTheDelay() {
        dynamo.server.createTableDelay(Duration.ofMillis(500));

        assertThat(create("orders")).isEqualTo(TableStatus.CREATING);
        assertThat(describe("orders")).isEqualTo(TableStatus.CREATING);

        TableFixture.awaitActive(dynamo.client, "orders");

        assertThat(describe("orders")).isEqualTo(TableStatus.ACTIVE);
        dynamo.client.putItem(b -> b.tableName("orders").item(key));
        assertThat(dynamo.client.getItem(b -> b.tableName("orders").key(key)).item()).isEqualTo(key);
    }

    @Test
    void refusesItemOperationsOnACreatingTableAsNotFound() {
        dynamo.server.createTableDelay(Duration.ofSeconds(30));
        create("orders");

        assertThatThrownBy(() -> dynamo.client.putItem(b -> b.tableName("orders").item(key)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
        assertThatThrownBy(() -> dynamo.client.getItem(b -> b.tableName("orders").key(key)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamo.client.updateItem(b -> b.tableName("orders").key(key)
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamo.client.query(b -> b.tableName("orders").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void refusesTimeToLiveOnACreatingTableAsInUse() {
        dynamo.server.createTableDelay(Duration.ofSeconds(30));
        create("orders");

        assertThatThrownBy(() -> dynamo.client.updateTimeToLive(b -> b.tableName("orders")
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))))
                .isInstanceOfSatisfying(ResourceInUseException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Attempt to change a resource which is still in use: Table is "
                        + "being created: orders"));
        assertThat(dynamo.client.describeTimeToLive(b -> b.tableName("orders")).timeToLiveDescription()
                .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void turnsActiveAtOnceWithoutADelayButStillAnswersCreating() {
        dynamo.server.createTableDelay(Duration.ZERO);

        assertThat(create("orders")).isEqualTo(TableStatus.CREATING);
        assertThat(describe("orders")).isEqualTo(TableStatus.ACTIVE);
    }
}
