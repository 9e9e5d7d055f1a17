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
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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
}
