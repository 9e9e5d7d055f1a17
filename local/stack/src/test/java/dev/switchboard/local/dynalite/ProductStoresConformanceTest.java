package dev.switchboard.local.dynalite;

import dev.switchboard.local.config.ConfigFiles;
import dev.switchboard.local.config.ConfigPush;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.conversation.HistoryMessage;
import dev.switchboard.shared.conversation.HistoryWindow;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.session.CallSession;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The product's own Dynamo* stores, through the real SDK client, against LocalDynamoDb and dynalite: every value a
 * store returns and every item it leaves in the table must be the same on both (numbers as the servers normalise
 * them). DynamoOrderStore, package-private in restaurant-tools, has its own test in that package.
 */
class ProductStoresConformanceTest {

    static final String TABLE = "switchboard";
    private static final Instant T = Instant.parse("2026-03-03T18:30:00Z");
    private static final Path CONFIGS = Path.of("../../configs");

    private static DynamoPair dynamos;

    @BeforeAll
    static void start() {
        dynamos = DynamoPair.start(Duration.ofMillis(100));
        dynamos.createTable(TABLE);
    }

    @AfterAll
    static void stop() {
        if (dynamos != null) {
            dynamos.close();
        }
    }

    private static List<Map<String, AttributeValue>> partition(DynamoDbClient client, String pk) {
        return DynamoPair.partition(client, TABLE, pk);
    }

    @Test
    void callSessionsBehaveAlike() {
        dynamos.sameOnBoth(client -> {
            List<Object> seen = new ArrayList<>();
            DynamoCallSessionStore store = new DynamoCallSessionStore(client, TABLE, Duration.ofHours(48),
                    InstantSource.fixed(T));
            CallSession session = CallSession.created("CA1", "restaurant", "+14155550123", "+15005550006", "AC1", T,
                    Map.of("direction", "inbound"));
            seen.add(store.create(session));
            seen.add(store.create(session));
            seen.add(store.get("CA1"));
            store.linkConnection("CA1", "conn-1");
            seen.add(store.increment("CA1"));
            seen.add(store.increment("CA1"));
            store.recordOutcome("CA1", "completed", "hangup", Map.of("durationSeconds", "42", "by", "caller"));
            seen.add(store.get("CA1"));
            seen.add(store.increment("CA-missing"));
            store.linkConnection("CA-missing", "conn-2");
            seen.add(store.get("CA-missing"));
            DynamoCallSessionStore later = new DynamoCallSessionStore(client, TABLE, Duration.ofHours(48),
                    InstantSource.fixed(T.plus(Duration.ofDays(3))));
            seen.add(later.get("CA1"));
            seen.add(later.create(session));
            seen.add(partition(client, "CALL#CA1"));
            seen.add(partition(client, "CALL#CA-missing"));
            return seen;
        });
    }

    @Test
    void conversationsBehaveAlike() {
        dynamos.sameOnBoth(client -> {
            List<Object> seen = new ArrayList<>();
            DynamoConversationStore store = new DynamoConversationStore(client, TABLE, Duration.ofHours(48),
                    InstantSource.fixed(T));
            String conn = "conn-A=";
            ConversationState initial = ConversationState.unknown(conn, T);
            seen.add(store.state(conn));
            store.saveState(initial);
            store.saveState(initial.withLanguage("es-US"));
            seen.add(store.nextTurn(conn, T.plusSeconds(1)));
            seen.add(store.advanceTurnFrom(conn, 1));
            seen.add(store.advanceTurnFrom(conn, 1));
            seen.add(store.markSpeaking(conn, 2, 1));
            seen.add(store.markSpeaking(conn, 5, 1));
            seen.add(store.currentTurn(conn));
            seen.add(store.currentTurn("conn-none"));
            store.append(conn, HistoryMessage.user(1, "a large margherita", T));
            store.append(conn, HistoryMessage.assistant(1, 1, "one moment",
                    List.of(new ToolCall("call_1", "placeOrder", "{\"items\":[]}")), T));
            store.append(conn, HistoryMessage.toolResult(1, 1, "call_1", "placeOrder", "{\"ok\":true}", T));
            seen.add(store.appendIfAbsent(conn, HistoryMessage.assistant(2, 1, "ready at 7", List.of(), T)));
            seen.add(store.appendIfAbsent(conn, HistoryMessage.assistant(2, 1, "ready at 8", List.of(), T)));
            store.markInterrupted(conn, 2, 1, "ready");
            store.markInterrupted(conn, 1, 1, "one");
            seen.add(store.claim(conn, "hangup"));
            seen.add(store.claim(conn, "hangup"));
            store.recordFailures(conn, 2);
            store.setLanguage(conn, "en-US");
            seen.add(store.startDigits(conn, "zip"));
            seen.add(store.addDigit(conn, "zip", "0001", "1"));
            seen.add(store.addDigit(conn, "zip", "0002", "0"));
            seen.add(store.addDigit(conn, "other", "0003", "9"));
            seen.add(store.finishDigits(conn, "zip", 3));
            seen.add(store.finishDigits(conn, "zip", 2));
            store.markEnded(conn, CallStatus.ENDED, "hangup");
            store.markEnded(conn, CallStatus.GONE, "caller-gone");
            seen.add(store.load(conn, HistoryWindow.of(10)));
            seen.add(store.load(conn, HistoryWindow.of(2)));
            seen.add(store.state(conn));
            seen.add(partition(client, DynamoConversationStore.partitionKey(conn)));
            return seen;
        });
    }

    @Test
    void pushedConfigsReadBackAlike() {
        dynamos.sameOnBoth(client -> {
            List<Object> seen = new ArrayList<>();
            seen.add(ConfigPush.toEmulator(client, TABLE).push(ConfigFiles.load(CONFIGS)));
            DynamoUseCaseStore useCases = new DynamoUseCaseStore(client, TABLE);
            seen.add(useCases.useCaseIdFor("+15005550006"));
            seen.add(useCases.useCaseIdFor("+19995550000"));
            seen.add(useCases.load("restaurant"));
            seen.add(useCases.load("assistant"));
            seen.add(useCases.load("missing"));
            DynamoCallerProfileStore callers = new DynamoCallerProfileStore(client, TABLE);
            seen.add(callers.find("+14155550123"));
            seen.add(callers.find("+14155550124"));
            seen.add(callers.find("+14155559999"));
            // without updatedAt: ConfigPush stamps the time of each push
            for (String pk : List.of("USECASE#restaurant", "USECASE#assistant", "ROUTE#default", "ROUTE#+15005550006",
                    "CALLER#+14155550123")) {
                seen.add(partition(client, pk).stream().map(item -> {
                    Map<String, AttributeValue> copy = new HashMap<>(item);
                    copy.remove("updatedAt");
                    return copy;
                }).toList());
            }
            return seen;
        });
    }
}
