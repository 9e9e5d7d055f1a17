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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
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
                "map", AttributeValue.fromM(nested), "nul", AttributeValue.fromNul(true),
                "bool", AttributeValue.fromBool(false), "empty", s(""));

        client.putItem(b -> b.tableName(table).item(written));
        Map<String, AttributeValue> read = client.getItem(b -> b.tableName(table)
                .key(item("pk", s("p"), "sk", s("s"))).consistentRead(true)).item();

        assertThat(read).containsEntry("num", n("123.45"));
        assertThat(read.get("bin").b().asByteArray()).containsExactly(1, 2, (byte) 255);
        assertThat(read.get("map").m()).isEqualTo(nested);
        assertThat(read).containsEntry("nul", AttributeValue.fromNul(true))
                .containsEntry("bool", AttributeValue.fromBool(false))
                .containsEntry("str", s("héllo")).containsEntry("empty", s(""));
    }

    @Test
    void rejectsTheSecondConditionalCreate() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> call = item("pk", s("CALL#1"), "sk", s("SESSION"), "turn", n("1"));

        client.putItem(b -> b.tableName(table).item(call).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(call)
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
                });
    }

    @Test
    void failsOnAnUnknownTable() {
        assertThatThrownBy(() -> client.getItem(b -> b.tableName("missing").key(item("pk", s("p")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
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
}
