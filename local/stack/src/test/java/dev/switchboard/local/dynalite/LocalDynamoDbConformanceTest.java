package dev.switchboard.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.local.dynalite.DynamoJson.Answer;
import dev.switchboard.local.dynalite.DynamoPair.Backend;
import dev.switchboard.testkit.dynamodb.TableFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends the requests the product makes (read from the Dynamo* stores and ConfigPush) as raw JSON to both
 * LocalDynamoDb and dynalite and compares the HTTP status, the error type and the body: every member and value,
 * numbers by value. Error messages are not compared: their wording differs (dynalite's validation messages are its
 * own) and the product only ever reads the error type. Table descriptions are compared on the members the product
 * and the SDK waiter read (the servers differ on extras such as DeletionProtectionEnabled or
 * TableThroughputModeSummary).
 */
class LocalDynamoDbConformanceTest {

    /** Both servers keep a new table CREATING this long. */
    private static final Duration CREATING = Duration.ofMillis(500);
    private static final String TABLE = "conformance";
    private static final String NOW = "1767225600";
    private static final String LATER = "1767400000";

    private static DynamoPair dynamos;

    @BeforeAll
    static void start() {
        dynamos = DynamoPair.start(CREATING);
        dynamos.createTable(TABLE);
    }

    @AfterAll
    static void stop() {
        if (dynamos != null) {
            dynamos.close();
        }
    }

    /** Sends {@code json} to both servers, asserts that they answer alike and returns LocalDynamoDb's answer. */
    private static Answer same(String operation, String json) {
        Answer local = DynamoJson.post(dynamos.local().endpoint(), operation, json);
        Answer dynalite = DynamoJson.post(dynamos.dynalite().endpoint(), operation, json);
        String what = operation + " " + json + "\n  LocalDynamoDb: " + local + "\n  dynalite:      " + dynalite;
        assertThat(local.status()).as(what).isEqualTo(dynalite.status());
        assertThat(local.errorType()).as(what).isEqualTo(dynalite.errorType());
        assertThat(local.comparable()).as(what).isEqualTo(dynalite.comparable());
        return local;
    }

    /** Like {@link #same} for an answer that must be this error. */
    private static void sameError(String type, String operation, String json) {
        Answer local = same(operation, json);
        assertThat(local.status()).as(operation + " " + json + ": " + local).isEqualTo(400);
        assertThat(local.errorType()).as(operation + " " + json).isEqualTo(type);
    }

    private static String createTable(String name) {
        // what ConfigPush.createTable and TableFixture send
        return """
                {"TableName":"%s","BillingMode":"PAY_PER_REQUEST",
                 "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}
                """.formatted(name);
    }

    /**
     * The members of a table description the product and the SDK's waiter rely on. Not ItemCount and
     * TableSizeBytes: DynamoDB refreshes them about every six hours, dynalite never, LocalDynamoDb at once.
     */
    private static List<JsonNode> essentials(JsonNode description) {
        return List.of(description.path("TableName"), description.path("TableStatus"), description.path("KeySchema"),
                description.path("AttributeDefinitions"), description.path("BillingModeSummary").path("BillingMode"));
    }

    private static String key(String pk, String sk) {
        return "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"}}";
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID();
    }

    // ------------------------------------------------------------------ tables

    @Test
    void aNewTableIsCreatingAndRefusesItemOperationsUntilActive() {
        String name = unique("lifecycle-");
        List<List<JsonNode>> created = new ArrayList<>();
        for (Backend backend : dynamos.both()) {
            Answer answer = DynamoJson.post(backend.endpoint(), "CreateTable", createTable(name));
            assertThat(answer.status()).as(backend.name() + ": " + answer).isEqualTo(200);
            created.add(essentials(answer.body().path("TableDescription")));
        }
        assertThat(created.get(0)).isEqualTo(created.get(1));
        assertThat(created.get(0).get(1).asText()).isEqualTo("CREATING");
        assertThat(created.get(0).get(0).asText()).isEqualTo(name);

        String item = "{\"TableName\":\"" + name + "\",\"Item\":" + key("CALL#1", "SESSION") + "}";
        sameError("ResourceNotFoundException", "PutItem", item);
        sameError("ResourceNotFoundException", "GetItem", "{\"TableName\":\"" + name + "\",\"Key\":"
                + key("CALL#1", "SESSION") + ",\"ConsistentRead\":true}");
        sameError("ResourceNotFoundException", "UpdateItem", "{\"TableName\":\"" + name + "\",\"Key\":"
                + key("CALL#1", "SESSION") + ",\"UpdateExpression\":\"ADD n :one\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
        sameError("ResourceNotFoundException", "Query", "{\"TableName\":\"" + name + "\","
                + "\"KeyConditionExpression\":\"pk = :pk\",\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"CALL#1\"}}}");
        List<List<JsonNode>> described = new ArrayList<>();
        for (Backend backend : dynamos.both()) {
            described.add(essentials(DynamoJson.post(backend.endpoint(), "DescribeTable",
                    "{\"TableName\":\"" + name + "\"}").body().path("Table")));
        }
        assertThat(described.get(0)).isEqualTo(described.get(1));
        assertThat(described.get(0).get(1).asText()).isEqualTo("CREATING");

        dynamos.both().forEach(b -> TableFixture.awaitActive(b.client(), name));

        same("PutItem", item);
        for (Backend backend : dynamos.both()) {
            described.set(dynamos.both().indexOf(backend), essentials(DynamoJson.post(backend.endpoint(),
                    "DescribeTable", "{\"TableName\":\"" + name + "\"}").body().path("Table")));
        }
        assertThat(described.get(0)).isEqualTo(described.get(1));
        assertThat(described.get(0).get(1).asText()).isEqualTo("ACTIVE");
        // ConfigPush.createTable relies on this to tell "exists" from a failure
        sameError("ResourceInUseException", "CreateTable", createTable(name));
    }

    @Test
    void aMissingTableIsNotFound() {
        String missing = "{\"TableName\":\"no-such-table\"";
        sameError("ResourceNotFoundException", "DescribeTable", missing + "}");
        sameError("ResourceNotFoundException", "DescribeTimeToLive", missing + "}");
        sameError("ResourceNotFoundException", "GetItem", missing + ",\"Key\":" + key("a", "b") + "}");
        sameError("ResourceNotFoundException", "PutItem", missing + ",\"Item\":" + key("a", "b") + "}");
        sameError("ResourceNotFoundException", "Query", missing + ",\"KeyConditionExpression\":\"pk = :pk\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"a\"}}}");
    }

    @Test
    void timeToLiveStartsDisabledAndDynaliteCannotEnableIt() {
        same("DescribeTimeToLive", "{\"TableName\":\"" + TABLE + "\"}");

        // dynalite 4.0.0 has no UpdateTimeToLive (ConfigPush warns about it); LocalDynamoDb answers as DynamoDB's
        // API reference says, which is all there is to hold it to
        String enable = "{\"TableName\":\"" + TABLE + "\",\"TimeToLiveSpecification\":"
                + "{\"AttributeName\":\"expiresAt\",\"Enabled\":true}}";
        assertThat(DynamoJson.post(dynamos.dynalite().endpoint(), "UpdateTimeToLive", enable).errorType())
                .isEqualTo("UnknownOperationException");
        Answer local = DynamoJson.post(dynamos.local().endpoint(), "UpdateTimeToLive", enable);
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.body().toString()).isEqualTo("{\"TimeToLiveSpecification\":{\"Enabled\":true,"
                + "\"AttributeName\":\"expiresAt\"}}");
    }

    // ------------------------------------------------------------------ items, as the stores write and read them

    @Test
    void conditionalPutsCreateOnceAndFailWithConditionalCheckFailed() {
        String pk = unique("CALL#");
        // DynamoCallSessionStore.create
        String put = """
                {"TableName":"%s","Item":{"pk":{"S":"%s"},"sk":{"S":"SESSION"},"status":{"S":"created"},
                 "facts":{"M":{"direction":{"S":"inbound"}}},"expiresAt":{"N":"%s"}},
                 "ConditionExpression":"attribute_not_exists(pk) OR expiresAt < :now",
                 "ExpressionAttributeValues":{":now":{"N":"%s"}}}""";
        same("PutItem", put.formatted(TABLE, pk, LATER, NOW));
        sameError("ConditionalCheckFailedException", "PutItem", put.formatted(TABLE, pk, LATER, NOW));
        // once it has expired (now is after expiresAt) the same call sid may be created again
        same("PutItem", put.formatted(TABLE, pk, LATER, LATER + "0"));
        // DynamoConversationStore.appendIfAbsent / claim
        String message = "{\"TableName\":\"" + TABLE + "\",\"Item\":" + key(pk, "MSG#000001#000#user")
                .replace("}}", "},\"content\":{\"S\":\"hello\"}}") + ",\"ConditionExpression\":\"attribute_not_exists(sk)\"}";
        same("PutItem", message);
        sameError("ConditionalCheckFailedException", "PutItem", message);
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "SESSION") + ",\"ConsistentRead\":true}");
    }

    @Test
    void getItemAnswersNoItemMemberForAMissingItemAndHonoursProjections() {
        String pk = unique("CONN#");
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",\"ConsistentRead\":true}");
        same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":"
                + "\"STATE\"},\"turn\":{\"N\":\"3\"},\"language\":{\"S\":\"en-US\"},\"digits\":{\"M\":{}},"
                + "\"price\":{\"N\":\"32.50\"},\"big\":{\"N\":\"1e2\"},\"scheduled\":{\"BOOL\":true},"
                + "\"items\":{\"L\":[{\"M\":{\"quantity\":{\"N\":\"2\"}}}]}}}");
        // DynamoConversationStore.currentTurn
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",\"ConsistentRead\":true,"
                + "\"ProjectionExpression\":\"#turn\",\"ExpressionAttributeNames\":{\"#turn\":\"turn\"}}");
        // numbers come back as DynamoDB normalises them (32.5, 100), maps and lists as stored
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + "}");
    }

    @Test
    void updatesSetAddAndIfNotExistsAndReturnWhatWasAsked() {
        String pk = unique("CONN#");
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",";
        // DynamoConversationStore.saveState (first and second time)
        String save = target + """
                "UpdateExpression":"SET #turn = if_not_exists(#turn, :initial), #f0 = :f0, #f1 = :f1",
                 "ExpressionAttributeNames":{"#turn":"turn","#f0":"status","#f1":"expiresAt"},
                 "ExpressionAttributeValues":{":initial":{"N":"0"},":f0":{"S":"active"},":f1":{"N":"%s"}}}""";
        same("UpdateItem", save.formatted(LATER));
        same("UpdateItem", save.formatted(LATER));
        // nextTurn
        same("UpdateItem", target + """
                "UpdateExpression":"ADD #turn :one SET #speaking = :one, #turnAt = :at, #exp = if_not_exists(#exp, :exp)",
                 "ExpressionAttributeNames":{"#turn":"turn","#speaking":"speakingStep","#turnAt":"turnStartedAt","#exp":"expiresAt"},
                 "ExpressionAttributeValues":{":one":{"N":"1"},":at":{"N":"1767225600123"},":exp":{"N":"%s"}},
                 "ReturnValues":"UPDATED_NEW"}""".formatted(NOW));
        // advanceTurnFrom: holds, then fails
        String advance = target + """
                "UpdateExpression":"SET #turn = :next, #speaking = :zero, #exp = if_not_exists(#exp, :exp)",
                 "ConditionExpression":"#turn = :seen",
                 "ExpressionAttributeNames":{"#turn":"turn","#speaking":"speakingStep","#exp":"expiresAt"},
                 "ExpressionAttributeValues":{":next":{"N":"2"},":seen":{"N":"1"},":zero":{"N":"0"},":exp":{"N":"%s"}}}"""
                .formatted(NOW);
        same("UpdateItem", advance);
        sameError("ConditionalCheckFailedException", "UpdateItem", advance);
        // markEnded: first final status wins
        String end = target + """
                "UpdateExpression":"SET #status = :status, #outcome = :outcome, #exp = if_not_exists(#exp, :exp)",
                 "ConditionExpression":"attribute_not_exists(#status) OR #status = :active",
                 "ExpressionAttributeNames":{"#status":"status","#outcome":"outcome","#exp":"expiresAt"},
                 "ExpressionAttributeValues":{":status":{"S":"ended"},":outcome":{"S":"hangup"},":active":{"S":"active"},
                  ":exp":{"N":"%s"}}}""".formatted(NOW);
        same("UpdateItem", end);
        sameError("ConditionalCheckFailedException", "UpdateItem", end);
        // DynamoCallSessionStore.increment on an item that exists, and on one that does not
        String increment = "{\"TableName\":\"" + TABLE + "\",\"Key\":%s," + """
                "UpdateExpression":"ADD reconnects :one","ConditionExpression":"attribute_exists(pk) AND expiresAt > :now",
                 "ExpressionAttributeValues":{":one":{"N":"1"},":now":{"N":"%s"}},"ReturnValues":"UPDATED_NEW"}""";
        same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":"
                + "\"SESSION\"},\"expiresAt\":{\"N\":\"" + LATER + "\"}}}");
        same("UpdateItem", increment.formatted(key(pk, "SESSION"), NOW));
        same("UpdateItem", increment.formatted(key(pk, "SESSION"), NOW));
        sameError("ConditionalCheckFailedException", "UpdateItem", increment.formatted(key(pk, "NONE"), NOW));
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",\"ConsistentRead\":true}");
    }

    @Test
    void keypadUpdatesWriteNestedPathsAndReturnWholeItems() {
        String pk = unique("CONN#");
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",";
        // DynamoConversationStore.startDigits, addDigit, finishDigits
        same("UpdateItem", target + """
                "UpdateExpression":"SET digitKey = :key, digits = :none, digitPresses = :zero, #exp = if_not_exists(#exp, :exp)",
                 "ExpressionAttributeNames":{"#exp":"expiresAt"},
                 "ExpressionAttributeValues":{":key":{"S":"zip"},":none":{"M":{}},":zero":{"N":"0"},":exp":{"N":"%s"}}}"""
                .formatted(LATER));
        for (String order : List.of("0001", "0002")) {
            same("UpdateItem", target + """
                    "UpdateExpression":"SET digits.#order = :digit ADD digitPresses :one",
                     "ConditionExpression":"digitKey = :key","ExpressionAttributeNames":{"#order":"%s"},
                     "ExpressionAttributeValues":{":digit":{"S":"7"},":one":{"N":"1"},":key":{"S":"zip"}},
                     "ReturnValues":"ALL_NEW"}""".formatted(order));
        }
        String finish = target + """
                "UpdateExpression":"REMOVE digitKey, digits, digitPresses",
                 "ConditionExpression":"digitKey = :key AND digitPresses = :presses",
                 "ExpressionAttributeValues":{":key":{"S":"zip"},":presses":{"N":"2"}},"ReturnValues":"ALL_OLD"}""";
        same("UpdateItem", finish);
        sameError("ConditionalCheckFailedException", "UpdateItem", finish);
    }

    @Test
    void queriesReadNewestFirstWithLimitsRangesFiltersAndProjections() {
        String pk = unique("CONN#");
        for (String sk : List.of("MSG#000001#000#user", "MSG#000001#001#assistant", "MSG#000002#000#user",
                "CLAIM#hangup", "STATE")) {
            same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\""
                    + sk + "\"},\"content\":{\"S\":\"" + sk.toLowerCase() + "\"},\"expiresAt\":{\"N\":\"" + LATER + "\"}}}");
        }
        String query = "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"}}";
        // DynamoConversationStore.load: newest first, a page of Limit, then the next page from LastEvaluatedKey
        Answer page = same("Query", query + ",\"ScanIndexForward\":false,\"Limit\":3}");
        same("Query", query + ",\"ScanIndexForward\":false,\"Limit\":3,\"ExclusiveStartKey\":"
                + page.body().path("LastEvaluatedKey") + "}");
        same("Query", query + ",\"ScanIndexForward\":false,\"Limit\":5}");
        same("Query", query + "}");
        // DynamoOrderStore.openOrdersSince
        same("Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk AND sk BETWEEN :from AND :to\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"},\":from\":{\"S\":\"MSG#000001\"},"
                + "\":to\":{\"S\":\"MSG#~\"}}}");
        for (String op : List.of("=", "<", "<=", ">", ">=")) {
            same("Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk AND sk " + op
                    + " :sk\",\"ConsistentRead\":true,\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"},"
                    + "\":sk\":{\"S\":\"MSG#000001#001#assistant\"}},\"Limit\":2}");
        }
    }

    @Test
    void consumedCapacityIsTableNameAndCapacityUnitsOnly() {
        String pk = unique("CALL#");
        String item = "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"SESSION\"},\"text\":{\"S\":\"" + "x".repeat(1500)
                + "\"}}";
        for (String mode : List.of("TOTAL", "INDEXES")) {
            String rcc = ",\"ReturnConsumedCapacity\":\"" + mode + "\"}";
            same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":" + item + rcc);
            same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "SESSION") + rcc);
            same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "SESSION") + ",\"ConsistentRead\":true" + rcc);
            same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "NONE") + rcc);
            same("UpdateItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "SESSION") + ","
                    + "\"UpdateExpression\":\"ADD n :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},"
                    + "\"ReturnValues\":\"UPDATED_NEW\"" + rcc);
            same("Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk\","
                    + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"}}" + rcc);
        }
    }

    @Test
    void badExpressionsAreValidationErrors() {
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(unique("CONN#"), "STATE") + ",";
        sameError("ValidationException", "UpdateItem", target + "\"UpdateExpression\":\"SET n = \","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
        // a reserved word must go through #names (why the stores write #status, #turn ...)
        sameError("ValidationException", "UpdateItem", target + "\"UpdateExpression\":\"SET status = :s\","
                + "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"ended\"}}}");
        sameError("ValidationException", "UpdateItem", target + "\"UpdateExpression\":\"SET n = :missing\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
        sameError("ValidationException", "UpdateItem", target + "\"UpdateExpression\":\"SET n = :one\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":unused\":{\"N\":\"2\"}}}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":"
                + key(unique("CONN#"), "STATE") + ",\"ConditionExpression\":\"attribute_not_exists(\"}");
        sameError("ValidationException", "Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":"
                + "\"sk = :sk\",\"ExpressionAttributeValues\":{\":sk\":{\"S\":\"STATE\"}}}");
        sameError("ValidationException", "GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"x\"}}}");
    }

    @Test
    void listTablesNamesEveryTable() {
        same("ListTables", "{}");
    }

    @Test
    void queryPagesStopOnceTheItemsReadPassOneMegabyte() {
        String pk = unique("CONN#");
        String payload = "x".repeat(300 * 1024);
        for (int i = 0; i < 5; i++) {
            same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":"
                    + "\"MSG#" + i + "\"},\"content\":{\"S\":\"" + payload + "\"}}}");
        }
        String query = "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"}},\"ReturnConsumedCapacity\":\"TOTAL\"";
        Answer first = same("Query", query + "}");
        assertThat(first.body().path("Count").asInt()).isLessThan(5);
        same("Query", query + ",\"ExclusiveStartKey\":" + first.body().path("LastEvaluatedKey") + "}");
    }

    @Test
    void itemsOverFourHundredKilobytesAreRefused() {
        String pk = unique("CONN#");
        String item = "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":"
                + "\"STATE\"},\"d\":{\"S\":\"%s\"}}}";
        sameError("ValidationException", "PutItem", item.formatted("x".repeat(400 * 1024)));
        same("PutItem", item.formatted("x".repeat(399 * 1024)));
        sameError("ValidationException", "UpdateItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE")
                + ",\"UpdateExpression\":\"SET e = :e\",\"ExpressionAttributeValues\":{\":e\":{\"S\":\""
                + "y".repeat(2048) + "\"}}}");
    }

    @Test
    void conditionsCombineComparisonsWithParentheses() {
        String pk = unique("CONN#");
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",";
        same("UpdateItem", target + "\"UpdateExpression\":\"SET #turn = :two, word = :w\","
                + "\"ExpressionAttributeNames\":{\"#turn\":\"turn\"},"
                + "\"ExpressionAttributeValues\":{\":two\":{\"N\":\"2\"},\":w\":{\"S\":\"b\"}}}");
        for (String condition : List.of("#turn <= :two AND (word >= :w OR attribute_exists(nothing))",
                "(#turn < :two) OR word > :w", "attribute_exists(#turn) AND #turn = :two", "word = :two",
                "#turn >= :w")) {
            same("UpdateItem", target + "\"UpdateExpression\":\"ADD hits :one\",\"ConditionExpression\":\""
                    + condition + "\",\"ExpressionAttributeNames\":{\"#turn\":\"turn\"},"
                    + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":two\":{\"N\":\"2\"},"
                    + "\":w\":{\"S\":\"b\"}},\"ReturnValues\":\"UPDATED_NEW\"}");
        }
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",\"ConsistentRead\":true}");
    }

    @Test
    void updatesRemoveNestedPathsAndProjectionsReadThem() {
        String pk = unique("CONN#");
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",";
        same("UpdateItem", target + "\"UpdateExpression\":\"SET facts = :facts, other = :o\","
                + "\"ExpressionAttributeValues\":{\":facts\":{\"M\":{\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"2\"}}},"
                + "\":o\":{\"S\":\"x\"}},\"ReturnValues\":\"ALL_NEW\"}");
        same("UpdateItem", target + "\"UpdateExpression\":\"REMOVE facts.a, other\",\"ReturnValues\":\"UPDATED_OLD\"}");
        same("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",\"ProjectionExpression\":"
                + "\"facts.b, facts.a, missing\"}");
    }

    @Test
    void badUpdatesAndKeysAreValidationErrors() {
        String pk = unique("CONN#");
        String target = "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE") + ",";
        same("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":"
                + "\"STATE\"},\"name\":{\"S\":\"x\"}}}");
        String one = "\"ExpressionAttributeValues\":{\":v\":{\"N\":\"1\"}}}";
        for (String update : List.of("ADD #n :v", "SET digits.#n = :v", "SET sk = :v", "SET a = :v REMOVE a",
                "SET a = :v SET b = :v", "SET a = :v, a.b = :v", "DELETE a :v")) {
            String names = update.contains("#n") ? "\"ExpressionAttributeNames\":{\"#n\":\"name\"}," : "";
            sameError("ValidationException", "UpdateItem", target + "\"UpdateExpression\":\"" + update + "\","
                    + names + one);
        }
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk
                + "\"},\"sk\":{\"S\":\"N\"},\"n\":{\"N\":\"1234567890123456789012345678901234567890\"}}}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":" + key("", "STATE") + "}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"a\"}}}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"N\":\"1\"},"
                + "\"sk\":{\"S\":\"b\"}}}");
        sameError("ValidationException", "Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":"
                + "\"pk = :pk AND sk BETWEEN :b AND :a\",\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"},"
                + "\":a\":{\"S\":\"a\"},\":b\":{\"S\":\"b\"}}}");
    }

    @Test
    void numberSortKeysOrderByValueAndHashOnlyTablesKeepOneItemPerKey() {
        String numbers = unique("numbers-");
        String binary = unique("binary-");
        for (Backend backend : dynamos.both()) {
            backend.client().createTable(b -> b.tableName(numbers).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                            a -> a.attributeName("n").attributeType("N"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("n").keyType("RANGE")));
            backend.client().createTable(b -> b.tableName(binary).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("B"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH")));
            TableFixture.awaitActive(backend.client(), numbers);
            TableFixture.awaitActive(backend.client(), binary);
        }
        for (String n : List.of("10", "9", "100", "-1.5", "0.25")) {
            same("PutItem", "{\"TableName\":\"" + numbers + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"n\":{\"N\":\"" + n + "\"}}}");
        }
        String query = "{\"TableName\":\"" + numbers + "\",\"KeyConditionExpression\":\"pk = :p AND n BETWEEN :lo AND :hi\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p\"},\":lo\":{\"N\":\"-2\"},\":hi\":{\"N\":\"50\"}}";
        same("Query", query + "}");
        same("Query", query + ",\"ScanIndexForward\":false,\"Limit\":2}");
        for (String id : List.of("AQI=", "AQI=", "/w==")) {
            same("PutItem", "{\"TableName\":\"" + binary + "\",\"Item\":{\"id\":{\"B\":\"" + id + "\"},\"v\":{\"S\":\"" + id + "\"}}}");
        }
        same("GetItem", "{\"TableName\":\"" + binary + "\",\"Key\":{\"id\":{\"B\":\"AQI=\"}}}");
        same("Query", "{\"TableName\":\"" + binary + "\",\"KeyConditionExpression\":\"id = :id\","
                + "\"ExpressionAttributeValues\":{\":id\":{\"B\":\"/w==\"}}}");
        sameError("ValidationException", "GetItem", "{\"TableName\":\"" + binary + "\",\"Key\":{\"id\":{\"S\":\"x\"}}}");
    }

    @Test
    void provisionedTablesDescribeTheirThroughput() {
        String name = unique("provisioned-");
        String create = createTable(name).replace("\"BillingMode\":\"PAY_PER_REQUEST\"",
                "\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":3}");
        List<List<JsonNode>> described = new ArrayList<>();
        for (Backend backend : dynamos.both()) {
            Answer answer = DynamoJson.post(backend.endpoint(), "CreateTable", create);
            assertThat(answer.status()).as(backend.name() + ": " + answer).isEqualTo(200);
            JsonNode throughput = answer.body().path("TableDescription").path("ProvisionedThroughput");
            described.add(List.of(throughput.path("ReadCapacityUnits"), throughput.path("WriteCapacityUnits")));
        }
        assertThat(described.get(0)).isEqualTo(described.get(1));
        sameError("ValidationException", "CreateTable", createTable(unique("bad-")).replace("\"PAY_PER_REQUEST\"",
                "\"PROVISIONED\""));
        sameError("ValidationException", "CreateTable", createTable("a!"));
        sameError("ValidationException", "CreateTable", createTable(unique("bad-")).replace(
                "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}", "{\"AttributeName\":\"sk\",\"KeyType\":\"HASH\"}"));
    }

    @Test
    void badRequestMembersAreValidationErrors() {
        String pk = unique("CONN#");
        String query = "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :pk\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"}}";
        sameError("ValidationException", "Query", query + ",\"Limit\":0}");
        sameError("ValidationException", "Query", query + ",\"ExclusiveStartKey\":" + key("other", "STATE") + "}");
        sameError("ValidationException", "Query", query + ",\"ReturnConsumedCapacity\":\"EVERYTHING\"}");
        sameError("ValidationException", "UpdateItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE")
                + ",\"UpdateExpression\":\"REMOVE a\",\"ReturnValues\":\"SOME\"}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":" + key(pk, "STATE")
                + ",\"ConditionExpression\":\"\"}");
        sameError("ValidationException", "GetItem", "{\"Key\":" + key(pk, "STATE") + "}");
        sameError("ValidationException", "GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key(pk, "STATE")
                + ",\"ExpressionAttributeNames\":{\"#a\":\"a\"}}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk
                + "\"},\"sk\":{\"S\":\"STATE\"},\"n\":{\"N\":\"twelve\"}}}");
        sameError("ValidationException", "PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk
                + "\"},\"sk\":{\"S\":\"STATE\"},\"v\":{\"S\":\"a\",\"N\":\"1\"}}}");
    }
}
