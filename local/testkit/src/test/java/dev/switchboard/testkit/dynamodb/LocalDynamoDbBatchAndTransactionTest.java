package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class LocalDynamoDbBatchAndTransactionTest {
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

    private static Map<String, AttributeValue> key(String pk) {
        return item("pk", s(pk), "sk", s("X"));
    }

    @Test
    void batchWritesAndReadsItems() {
        String table = fixture.pkSkTable();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, AttributeValue> it = new java.util.HashMap<>(key("P" + i));
            it.put("n", n(Integer.toString(i)));
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build());
        }
        assertThat(client.batchWriteItem(b -> b.requestItems(Map.of(table, puts))).unprocessedItems()).isEmpty();
        client.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key("P0")).build()).build()))));

        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            keys.add(key("P" + i));
        }
        BatchGetItemResponse got = client.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).projectionExpression("pk, n").build())));

        assertThat(got.responses().get(table)).hasSize(24)
                .allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "n"));
        assertThat(got.unprocessedKeys()).isEmpty();
    }

    @Test
    void rejectsOversizedAndDuplicateBatches() {
        String table = fixture.pkSkTable();
        List<WriteRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(WriteRequest.builder().putRequest(PutRequest.builder().item(key("P" + i)).build()).build());
        }
        WriteRequest same = WriteRequest.builder().putRequest(PutRequest.builder().item(key("A")).build()).build();

        assertValidationError(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, tooMany))),
                "less than or equal to 25");
        assertValidationError(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(same, same)))),
                "duplicates");
    }

    @Test
    void writesNothingWhenOneTransactionConditionFails() {
        String table = fixture.pkSkTable();
        client.putItem(b -> b.tableName(table).item(item("pk", s("ORDER#1"), "sk", s("X"), "state", s("open"))));

        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item("pk", s("ORDER#2"), "sk", s("X"))).conditionExpression("attribute_not_exists(pk)").build())
                .build();
        TransactWriteItem failingUpdate = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("ORDER#1")).updateExpression("SET #s = :paid").conditionExpression("#s = :closed")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":paid", s("paid"), ":closed", s("closed")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();

        assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(put, failingUpdate)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                            .containsExactly("None", "ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(1).item()).containsEntry("state", s("open"));
                });
        assertThat(client.getItem(b -> b.tableName(table).key(key("ORDER#2"))).hasItem()).isFalse();
        assertThat(client.getItem(b -> b.tableName(table).key(key("ORDER#1"))).item())
                .containsEntry("state", s("open"));
    }

    @Test
    void appliesEveryActionOfASuccessfulTransaction() {
        String table = fixture.pkSkTable();
        client.putItem(b -> b.tableName(table).item(item("pk", s("A"), "sk", s("X"), "v", n("1"))));
        client.putItem(b -> b.tableName(table).item(item("pk", s("GONE"), "sk", s("X"))));

        client.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key("A"))
                        .conditionExpression("v = :one").expressionAttributeValues(Map.of(":one", n("1"))).build())
                        .build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(item("pk", s("B"), "sk", s("X"))).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key("GONE")).build())
                        .build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("C"))
                        .updateExpression("SET created = :t").expressionAttributeValues(Map.of(":t", n("7")))
                        .build()).build()));

        List<Map<String, AttributeValue>> read = client.transactGetItems(b -> b.transactItems(
                        TransactGetItem.builder().get(g -> g.tableName(table).key(key("B"))).build(),
                        TransactGetItem.builder().get(g -> g.tableName(table).key(key("GONE"))).build(),
                        TransactGetItem.builder().get(g -> g.tableName(table).key(key("C"))).build()))
                .responses().stream().map(r -> r.item()).toList();
        assertThat(read.get(0)).isEqualTo(key("B"));
        assertThat(read.get(1)).isEmpty();
        assertThat(read.get(2)).containsEntry("created", n("7"));
    }

    @Test
    void rejectsTwoActionsOnOneItemInATransaction() {
        String table = fixture.pkSkTable();
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(table).item(key("A"))
                .build()).build();

        assertValidationError(() -> client.transactWriteItems(b -> b.transactItems(put, put)),
                "multiple operations on one item");
    }

    @Test
    void appliesARepeatedClientRequestTokenOnlyOnce() {
        String table = fixture.pkSkTable();
        TransactWriteItem increment = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("A")).updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1")))
                .build()).build();

        client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(increment));
        client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(increment));

        assertThat(client.getItem(b -> b.tableName(table).key(key("A"))).item()).containsEntry("hits", n("1"));
        assertThatThrownBy(() -> client.transactWriteItems(b -> b.clientRequestToken("token-1")
                .transactItems(TransactWriteItem.builder().put(Put.builder().tableName(table).item(key("B")).build())
                        .build())))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }
}
