package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class LocalDynamoDbQueryTest {
    static DynamoFixture fixture;
    static DynamoDbClient client;

    @BeforeAll
    static void start() {
        fixture = new DynamoFixture();
        client = fixture.client;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String sk(int turn) {
        return String.format("MSG#%06d#000#user", turn);
    }

    @Test
    void returnsTheStateBeforeTheNewestMessagesInOneDescendingQuery() {
        String table = fixture.pkSkTable();
        for (int turn = 1; turn <= 3; turn++) {
            int t = turn;
            client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#1"), "sk", s(sk(t)))));
        }
        client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#1"), "sk", s("STATE"))));

        QueryResponse page = client.query(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("CONN#1"))).scanIndexForward(false).limit(3));

        assertThat(page.items()).extracting(i -> i.get("sk").s()).containsExactly("STATE", sk(3), sk(2));
    }

    @Test
    void stopsAPageOnceTheItemsReadPassOneMegabyte() {
        String table = fixture.pkSkTable();
        String payload = "x".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            String sk = String.format("ITEM#%02d", i);
            client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s(sk), "data", s(payload))));
        }

        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("P"))).exclusiveStartKey(from));
            pageSizes.add(page.count());
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
        } while (start != null);

        // each item is 102,416 bytes: ten stay under 1 MB, the eleventh passes it
        assertThat(pageSizes).containsExactly(11, 11, 3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void ordersNumberKeysNumericallyAndStringKeysByUtf8Bytes() {
        String numbers = "n-" + java.util.UUID.randomUUID();
        client.createTable(b -> b.tableName(numbers).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("n").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("n").keyType(KeyType.RANGE).build()));
        TableFixture.awaitActive(client, numbers);
        for (String v : List.of("10", "-3.5", "2", "1e2", "0.25")) {
            client.putItem(b -> b.tableName(numbers).item(item("id", s("x"), "n", n(v))));
        }
        String strings = fixture.pkSkTable();
        for (String v : List.of("\uFF61", "\uD83D\uDE00", "Z", "a", "\u00E9")) {
            client.putItem(b -> b.tableName(strings).item(item("pk", s("x"), "sk", s(v))));
        }

        List<String> numberOrder = client.query(b -> b.tableName(numbers).keyConditionExpression("id = :x")
                        .expressionAttributeValues(Map.of(":x", s("x")))).items().stream()
                .map(i -> i.get("n").n()).toList();
        List<String> between = client.query(b -> b.tableName(numbers)
                        .keyConditionExpression("id = :x AND n BETWEEN :lo AND :hi")
                        .expressionAttributeValues(Map.of(":x", s("x"), ":lo", n("0"), ":hi", n("10.0")))).items()
                .stream().map(i -> i.get("n").n()).toList();
        List<String> stringOrder = client.query(b -> b.tableName(strings).keyConditionExpression("pk = :x")
                        .expressionAttributeValues(Map.of(":x", s("x")))).items().stream()
                .map(i -> i.get("sk").s()).toList();

        assertThat(numberOrder).containsExactly("-3.5", "0.25", "2", "10", "100");
        assertThat(between).containsExactly("0.25", "2", "10");
        assertThat(stringOrder).containsExactly("Z", "a", "\u00E9", "\uFF61", "\uD83D\uDE00");
    }
}
