package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.b;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class LocalDynamoDbItemTest {
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

    @Test
    void createsAndDescribesATable() {
        String table = fixture.pkSkTable();

        DescribeTableResponse described = client.describeTable(b -> b.tableName(table));

        assertThat(described.table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(described.table().keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
        assertThat(client.listTables().tableNames()).contains(table);
        assertThatThrownBy(() -> fixture.pkSkTableNamed(table)).isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void roundTripsEveryAttributeType() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> nested = item("inner", s("x"), "list", AttributeValue.fromL(List.of(n("1"),
                AttributeValue.fromNul(true))));
        Map<String, AttributeValue> written = item("pk", s("p"), "sk", s("s"),
                "str", s("héllo"), "num", n("123.4500"), "bin", b((byte) 1, (byte) 2, (byte) 255),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                        SdkBytes.fromByteArray(new byte[] {2}))),
                "map", AttributeValue.fromM(nested), "nul", AttributeValue.fromNul(true),
                "bool", AttributeValue.fromBool(false), "empty", s(""));

        client.putItem(b -> b.tableName(table).item(written));
        Map<String, AttributeValue> read = client.getItem(b -> b.tableName(table)
                .key(item("pk", s("p"), "sk", s("s"))).consistentRead(true)).item();

        assertThat(read).containsEntry("num", n("123.45"));
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(read.get("bs").bs()).hasSize(2);
        assertThat(read.get("bin").b().asByteArray()).containsExactly(1, 2, (byte) 255);
        assertThat(read.get("map").m()).isEqualTo(nested);
        assertThat(read).containsEntry("nul", AttributeValue.fromNul(true))
                .containsEntry("bool", AttributeValue.fromBool(false))
                .containsEntry("str", s("héllo")).containsEntry("empty", s(""));
    }

    @Test
    void projectsNestedPaths() {
        String table = fixture.pkSkTable();
        client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("s"), "a",
                AttributeValue.fromM(item("b", AttributeValue.fromL(List.of(n("0"), n("1"), n("2"))), "c", s("c"))),
                "other", s("o"))));

        Map<String, AttributeValue> read = client.getItem(b -> b.tableName(table)
                .key(item("pk", s("p"), "sk", s("s"))).projectionExpression("a.b[2], #o")
                .expressionAttributeNames(Map.of("#o", "other"))).item();

        assertThat(read).isEqualTo(item("a", AttributeValue.fromM(item("b", AttributeValue.fromL(List.of(n("2"))))),
                "other", s("o")));
    }

    @Test
    void rejectsTheSecondConditionalCreate() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> call = item("pk", s("CALL#1"), "sk", s("SESSION"), "turn", n("1"));

        client.putItem(b -> b.tableName(table).item(call).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(call)
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
                    assertThat(e.item()).isEqualTo(call);
                });
    }

    @Test
    void updatesWithSetArithmeticAndReturnsValues() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("p"), "sk", s("s"));

        Map<String, AttributeValue> first = client.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, tags = :tags")
                .expressionAttributeNames(Map.of("#c", "counter"))
                .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"),
                        ":tags", AttributeValue.fromL(List.of(s("a")))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        Map<String, AttributeValue> second = client.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET tags = list_append(tags, :more) ADD visits :one, colours :red REMOVE gone")
                .expressionAttributeValues(Map.of(":more", AttributeValue.fromL(List.of(s("b"))), ":one", n("1"),
                        ":red", AttributeValue.fromSs(List.of("red"))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();

        assertThat(first).isEqualTo(item("pk", s("p"), "sk", s("s"), "counter", n("1"),
                "tags", AttributeValue.fromL(List.of(s("a")))));
        assertThat(second).isEqualTo(item("tags", AttributeValue.fromL(List.of(s("a"), s("b"))),
                "visits", n("1"), "colours", AttributeValue.fromSs(List.of("red"))));
    }

    @Test
    void failsOnAnUnknownTable() {
        assertThatThrownBy(() -> client.getItem(b -> b.tableName("missing").key(item("pk", s("p")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void returnsOldAndUpdatedValuesAndDeletesFromSets() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("p"), "sk", s("s"));
        client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("s"), "n", n("5"),
                "colours", AttributeValue.fromSs(List.of("red", "blue")), "keep", s("k"))));

        Map<String, AttributeValue> updatedOld = client.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("SET n = n + :two DELETE colours :red")
                .expressionAttributeValues(Map.of(":two", n("2"), ":red", AttributeValue.fromSs(List.of("red"))))
                .returnValues(ReturnValue.UPDATED_OLD)).attributes();
        client.updateItem(b -> b.tableName(table).key(key).updateExpression("DELETE colours :blue")
                .expressionAttributeValues(Map.of(":blue", AttributeValue.fromSs(List.of("blue")))));
        Map<String, AttributeValue> deleted = client.deleteItem(b -> b.tableName(table).key(key)
                .returnValues(ReturnValue.ALL_OLD)).attributes();

        assertThat(updatedOld).isEqualTo(item("n", n("5"), "colours", AttributeValue.fromSs(List.of("red", "blue"))));
        assertThat(deleted).isEqualTo(item("pk", s("p"), "sk", s("s"), "n", n("7"), "keep", s("k")));
        assertThat(client.getItem(b -> b.tableName(table).key(key)).hasItem()).isFalse();
    }

    @Test
    void checksConditionsWithInBetweenSizeAndNot() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("p"), "sk", s("s"));
        client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("s"), "phase", s("live"),
                "turn", n("4"), "langs", AttributeValue.fromL(List.of(s("en"), s("fr"))))));
        Map<String, AttributeValue> values = Map.of(":live", s("live"), ":ended", s("ended"), ":lo", n("1"),
                ":hi", n("10"), ":two", n("2"), ":en", s("en"));

        client.deleteItem(b -> b.tableName(table).key(key).expressionAttributeValues(values).conditionExpression(
                "phase IN (:live, :ended) AND turn BETWEEN :lo AND :hi AND size(langs) = :two "
                        + "AND contains(langs, :en) AND NOT attribute_exists(endedAt)"));

        assertThat(client.getItem(b -> b.tableName(table).key(key)).hasItem()).isFalse();
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(table).key(key)
                .conditionExpression("attribute_exists(pk)"))).isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void recordsTimeToLiveButNeverExpiresItems() {
        String table = fixture.pkSkTable();
        client.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expiresAt")));
        Map<String, AttributeValue> expired = item("pk", s("p"), "sk", s("s"), "expiresAt", n("1"));
        client.putItem(b -> b.tableName(table).item(expired));

        assertThat(client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");
        assertThat(client.getItem(b -> b.tableName(table).key(item("pk", s("p"), "sk", s("s")))).item())
                .isEqualTo(expired);
    }

    @Test
    void deletesATable() {
        String table = fixture.pkSkTable();

        client.deleteTable(b -> b.tableName(table));

        assertThat(client.listTables().tableNames()).doesNotContain(table);
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("pk", s("p"), "sk", s("s")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
