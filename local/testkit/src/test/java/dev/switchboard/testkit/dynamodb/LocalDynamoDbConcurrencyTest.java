package dev.switchboard.testkit.dynamodb;

import static dev.switchboard.testkit.dynamodb.DynamoFixture.item;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.n;
import static dev.switchboard.testkit.dynamodb.DynamoFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

class LocalDynamoDbConcurrencyTest {
    static DynamoFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new DynamoFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void letsExactlyOneOfEightConcurrentWritersWinEachTurn() throws Exception {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("CONN#race"), "sk", s("STATE"));
        fixture.client.putItem(b -> b.tableName(table).item(item("pk", s("CONN#race"), "sk", s("STATE"),
                "turn", n("0"), "counter", n("0"))));
        int threads = 8;
        int rounds = 25;
        AtomicIntegerArray winners = new AtomicIntegerArray(rounds);
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        int expected = round;
                        try {
                            fixture.client.updateItem(b -> b.tableName(table).key(key)
                                    .updateExpression("SET #turn = :next ADD #counter :one")
                                    .conditionExpression("#turn = :expected")
                                    .expressionAttributeNames(Map.of("#turn", "turn", "#counter", "counter"))
                                    .expressionAttributeValues(Map.of(":one", n("1"), ":next",
                                            n(Integer.toString(expected + 1)), ":expected", n(Integer.toString(expected)))));
                            winners.incrementAndGet(round);
                        } catch (ConditionalCheckFailedException lost) {
                            // another writer took this turn
                        }
                        barrier.await();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (int round = 0; round < rounds; round++) {
            assertThat(winners.get(round)).as("winners of round %d", round).isEqualTo(1);
        }
        Map<String, AttributeValue> state = fixture.client.getItem(b -> b.tableName(table).key(key)).item();
        assertThat(state).containsEntry("turn", n(Integer.toString(rounds)))
                .containsEntry("counter", n(Integer.toString(rounds)));
    }

    @Test
    void keepsEveryIncrementFromConcurrentAdds() throws Exception {
        String table = fixture.pkSkTable();
        Map<String, AttributeValue> key = item("pk", s("COUNTER"), "sk", s("X"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> fixture.client.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1"))))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fixture.client.getItem(b -> b.tableName(table).key(key)).item()).containsEntry("hits", n("200"));
    }
}
