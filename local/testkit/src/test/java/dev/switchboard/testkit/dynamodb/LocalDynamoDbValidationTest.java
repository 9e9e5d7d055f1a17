package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.assertValidationError;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalDynamoDbValidationTest {
    static DynamoFixture fixture;
    static DynamoDbClient client;
    static String table;

    @BeforeAll
    static void start() {
        fixture = new DynamoFixture();
        client = fixture.client;
        table = fixture.pkSkTable();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static final Map<String, AttributeValue> KEY = item("pk", s("p"), "sk", s("s"));

    @Test
    void rejectsAnExpressionWithASyntaxError() {
        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(KEY).conditionExpression("pk = ")),
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\"");
        assertValidationError(() -> client.updateItem(b -> b.tableName(table).key(KEY).updateExpression("SET a :v")
                .expressionAttributeValues(Map.of(":v", n("1")))), "Invalid UpdateExpression");
    }

    @Test
    void rejectsAReservedWordUsedAsAnAttributeName() {
        assertValidationError(() -> client.updateItem(b -> b.tableName(table).key(KEY)
                .updateExpression("SET status = :s").expressionAttributeValues(Map.of(":s", s("ended")))),
                        "Attribute name is a reserved keyword; reserved keyword: status");
    }

    @Test
    void rejectsUnusedAndUndefinedPlaceholders() {
        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(KEY)
                .conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":unused", n("1")))), "unused in expressions: keys: {:unused}");
        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(KEY).conditionExpression("#a = :b")
                .expressionAttributeValues(Map.of(":b", n("1")))), "attribute name: #a");
    }

    @Test
    void rejectsUpdatingAKeyAttributeAndOverlappingPaths() {
        assertValidationError(() -> client.updateItem(b -> b.tableName(table).key(KEY).updateExpression("SET sk = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))), "This attribute is part of the key");
        assertValidationError(() -> client.updateItem(b -> b.tableName(table).key(KEY)
                .updateExpression("SET a = :v REMOVE a.b").expressionAttributeValues(Map.of(":v", s("x")))),
                        "Two document paths overlap");
    }

    @Test
    void rejectsAnItemOverFourHundredKilobytes() {
        Map<String, AttributeValue> big = item("pk", s("p"), "sk", s("s"), "d", s("x".repeat(400 * 1024)));
        Map<String, AttributeValue> justFits = item("pk", s("p"), "sk", s("s"),
                "d", s("x".repeat(400 * 1024 - 7)));

        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(big)),
                "Item size has exceeded the maximum allowed size");
        client.putItem(b -> b.tableName(table).item(justFits));
        assertValidationError(() -> client.updateItem(b -> b.tableName(table).key(KEY).updateExpression("SET e = :e")
                .expressionAttributeValues(Map.of(":e", s("xy")))), "Item size has exceeded the maximum allowed size");
    }

    @Test
    void rejectsEmptyAndMistypedKeys() {
        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(item("pk", s(""), "sk", s("s")))),
                "empty string value. Key: pk");
        assertValidationError(() -> client.putItem(b -> b.tableName(table).item(item("pk", n("1"), "sk", s("s")))),
                "Type mismatch for key pk");
        assertValidationError(() -> client.getItem(b -> b.tableName(table).key(item("pk", s("p")))),
                "The provided key element does not match the schema");
    }

    @Test
    void rejectsAKeyConditionOnANonKeyAttribute() {
        assertValidationError(() -> client.query(b -> b.tableName(table).keyConditionExpression("colour = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))), "Query condition missed key schema");
    }
}
