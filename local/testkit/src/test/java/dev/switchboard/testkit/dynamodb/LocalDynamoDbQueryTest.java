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
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

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
    void pagesDescendingThroughAPrefixWithLimitAndExclusiveStartKey() {
        String table = fixture.pkSkTable();
        for (int turn = 1; turn <= 5; turn++) {
            int t = turn;
            client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#1"), "sk", s(sk(t)), "turn", n("" + t))));
        }
        client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#1"), "sk", s("STATE"))));
        client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#2"), "sk", s(sk(9)))));

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :msg)")
                    .expressionAttributeValues(Map.of(":pk", s("CONN#1"), ":msg", s("MSG#")))
                    .scanIndexForward(false).limit(2).exclusiveStartKey(from));
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);

        assertThat(seen).containsExactly(sk(5), sk(4), sk(3), sk(2), sk(1));
        assertThat(pages).isEqualTo(3);
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
        assertThat(client.scan(b -> b.tableName(table)).count()).isEqualTo(11);
    }

    @Test
    void appliesTheFilterAfterTheLimit() {
        String table = fixture.pkSkTable();
        for (int i = 0; i < 10; i++) {
            int n = i;
            client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s("S" + n),
                    "even", AttributeValue.fromBool(n % 2 == 0))));
        }

        QueryResponse limited = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("P"), ":t",
                        AttributeValue.fromBool(true))).limit(4));
        QueryResponse counted = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("P"), ":t",
                        AttributeValue.fromBool(true))).select(Select.COUNT));

        assertThat(limited.count()).isEqualTo(2);
        assertThat(limited.scannedCount()).isEqualTo(4);
        assertThat(limited.lastEvaluatedKey()).containsEntry("sk", s("S3"));
        assertThat(counted.count()).isEqualTo(5);
        assertThat(counted.scannedCount()).isEqualTo(10);
        assertThat(counted.items()).isEmpty();
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

    @Test
    void queriesAndPagesAGlobalSecondaryIndex() {
        String table = "g-" + java.util.UUID.randomUUID();
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("useCase").attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder().attributeName("createdAt").attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byUseCase")
                        .keySchema(KeySchemaElement.builder().attributeName("useCase").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("createdAt").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
        TableFixture.awaitActive(client, table);
        for (int i = 0; i < 5; i++) {
            int n = i;
            client.putItem(b -> b.tableName(table).item(item("pk", s("ORDER#" + n), "sk", s("ORDER"),
                    "useCase", s(n % 2 == 0 ? "pizza" : "sushi"), "createdAt", n(Integer.toString(100 - n)),
                    "total", n("12"))));
        }
        client.putItem(b -> b.tableName(table).item(item("pk", s("ORDER#x"), "sk", s("ORDER"))));

        QueryResponse first = client.query(b -> b.tableName(table).indexName("byUseCase")
                .keyConditionExpression("useCase = :u").expressionAttributeValues(Map.of(":u", s("pizza")))
                .limit(2));
        QueryResponse rest = client.query(b -> b.tableName(table).indexName("byUseCase")
                .keyConditionExpression("useCase = :u").expressionAttributeValues(Map.of(":u", s("pizza")))
                .exclusiveStartKey(first.lastEvaluatedKey()));

        assertThat(first.items()).extracting(i -> i.get("pk").s()).containsExactly("ORDER#4", "ORDER#2");
        assertThat(first.items().get(0)).containsOnlyKeys("pk", "sk", "useCase", "createdAt");
        assertThat(first.lastEvaluatedKey()).containsOnlyKeys("pk", "sk", "useCase", "createdAt");
        assertThat(rest.items()).extracting(i -> i.get("pk").s()).containsExactly("ORDER#0");
        assertThat(client.scan(b -> b.tableName(table).indexName("byUseCase")).count()).isEqualTo(5);
    }

    @Test
    void scansInSegmentsThatTogetherCoverTheTable() {
        String table = fixture.pkSkTable();
        for (int i = 0; i < 30; i++) {
            int n = i;
            client.putItem(b -> b.tableName(table).item(item("pk", s("P" + n), "sk", s("X"))));
        }

        List<String> all = new ArrayList<>();
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = client.scan(b -> b.tableName(table).segment(seg).totalSegments(3).limit(4)
                        .exclusiveStartKey(from));
                page.items().forEach(i -> all.add(i.get("pk").s()));
                start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
            } while (start != null);
        }

        assertThat(all).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void queriesALocalSecondaryIndexInItsSortOrder() {
        String table = "l-" + java.util.UUID.randomUUID();
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("score").attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byScore")
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("score").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        TableFixture.awaitActive(client, table);
        client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s("a"), "score", n("30"))));
        client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s("b"), "score", n("10"))));
        client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s("c"), "score", n("20"))));
        client.putItem(b -> b.tableName(table).item(item("pk", s("P"), "sk", s("d"))));

        QueryResponse top = client.query(b -> b.tableName(table).indexName("byScore").consistentRead(true)
                .keyConditionExpression("pk = :p AND score > :min")
                .expressionAttributeValues(Map.of(":p", s("P"), ":min", n("15"))).scanIndexForward(false));

        assertThat(top.items()).extracting(i -> i.get("sk").s()).containsExactly("a", "c");
    }
}
