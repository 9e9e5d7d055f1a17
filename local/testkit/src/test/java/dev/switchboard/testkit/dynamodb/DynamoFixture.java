package dev.switchboard.testkit.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Starts a server and a real SDK client against it; builds the project's pk/sk table. */
final class DynamoFixture implements AutoCloseable {
    final LocalDynamoDb server;
    final DynamoDbClient client;

    DynamoFixture() {
        server = LocalDynamoDb.start();
        client = TableFixture.client(server);
    }

    /** A fresh table with keys pk (S) / sk (S), on demand. */
    String pkSkTable() {
        return pkSkTableNamed("t-" + UUID.randomUUID());
    }

    String pkSkTableNamed(String name) {
        TableFixture.createTable(client, name);
        return name;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    static AttributeValue b(byte... bytes) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }

    /** An item from alternating names and values. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    /** Asserts that the call fails with DynamoDB's ValidationException (the SDK has no class for it). */
    static void assertValidationError(ThrowingCallable call, String messageFragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(messageFragment);
        });
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
