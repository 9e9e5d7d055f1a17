package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** Item sizes: "pk"+"P" = 3 bytes, "sk"+"S1" = 4, "d" + n chars = 1 + n. */
class LocalDynamoDbCapacityTest {
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

    /** An item of exactly {@code bytes} bytes. */
    private static Map<String, AttributeValue> sized(String sk, int bytes) {
        return item("pk", s("P"), "sk", s(sk), "d", s("x".repeat(bytes - 3 - 2 - sk.length() - 1)));
    }

    @Test
    void chargesWritesPerStartedKilobyteOfTheLargerItem() {
        String table = fixture.pkSkTable();

        ConsumedCapacity put = client.putItem(b -> b.tableName(table).item(sized("S1", 2000))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity shrink = client.putItem(b -> b.tableName(table).item(sized("S1", 100))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity small = client.putItem(b -> b.tableName(table).item(sized("S1", 1024))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();

        assertThat(put.tableName()).isEqualTo(table);
        assertThat(put.capacityUnits()).isEqualTo(2.0);
        assertThat(shrink.capacityUnits()).isEqualTo(2.0);
        assertThat(small.capacityUnits()).isEqualTo(1.0);
        assertThat(small.table().capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void answersOnlyTableNameAndCapacityUnitsAsDynamoDbDoes() {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("P"), "sk", s("S1"));

        ConsumedCapacity put = client.putItem(b -> b.tableName(table).item(sized("S1", 100))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity update = client.updateItem(b -> b.tableName(table).key(key).updateExpression("SET d = :d")
                .expressionAttributeValues(Map.of(":d", s("y")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        ConsumedCapacity get = client.getItem(b -> b.tableName(table).key(key)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        ConsumedCapacity query = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("P")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

        assertThat(put).isEqualTo(ConsumedCapacity.builder().tableName(table).capacityUnits(1.0).build());
        assertThat(update).isEqualTo(ConsumedCapacity.builder().tableName(table).capacityUnits(1.0)
                .table(c -> c.capacityUnits(1.0)).build());
        assertThat(get).isEqualTo(ConsumedCapacity.builder().tableName(table).capacityUnits(0.5)
                .table(c -> c.capacityUnits(0.5)).build());
        assertThat(query).isEqualTo(ConsumedCapacity.builder().tableName(table).capacityUnits(0.5).build());
    }

    @Test
    void chargesReadsPerStartedFourKilobytesHalvedWhenEventuallyConsistent() {
        String table = fixture.pkSkTable();
        client.putItem(b -> b.tableName(table).item(sized("S1", 5000)));
        Map<String, AttributeValue> key = item("pk", s("P"), "sk", s("S1"));

        double consistent = client.getItem(b -> b.tableName(table).key(key).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();
        double eventual = client.getItem(b -> b.tableName(table).key(key)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();
        double missing = client.getItem(b -> b.tableName(table).key(item("pk", s("P"), "sk", s("none")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();

        assertThat(consistent).isEqualTo(2.0);
        assertThat(eventual).isEqualTo(1.0);
        assertThat(missing).isEqualTo(0.5);
    }

    @Test
    void sumsItemSizesBeforeRoundingInAQuery() {
        String table = fixture.pkSkTable();
        for (String sk : List.of("S1", "S2", "S3")) {
            client.putItem(b -> b.tableName(table).item(sized(sk, 2000)));
        }

        double units = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("P")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();

        assertThat(units).isEqualTo(1.0); // 6000 bytes -> 2 RCU consistent -> 1.0 eventually consistent
    }

    @Test
    void omitsConsumedCapacityUnlessAsked() {
        String table = fixture.pkSkTable();

        assertThat(client.putItem(b -> b.tableName(table).item(sized("S1", 100))).consumedCapacity()).isNull();
    }
}
