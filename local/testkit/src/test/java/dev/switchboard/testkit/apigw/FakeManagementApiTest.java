package dev.switchboard.testkit.apigw;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class FakeManagementApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ID = "L0SM9cOFvHcCIhw=";

    private final FakeManagementApi api = FakeManagementApi.start();
    private final RecordingConnections connections = api.recording();
    private final ApiGatewayManagementApiClient client = client(api.endpoint());

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    private static ApiGatewayManagementApiClient client(URI endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private void post(String connectionId, String frame) {
        client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
    }

    @Test
    void deliversPostedFramesInTheOrderTheyWereSent() {
        connections.open(ID);
        List<String> sent = IntStream.range(0, 20)
                .mapToObj(i -> "{\"type\":\"text\",\"token\":\" w" + i + "\",\"last\":false}").toList();

        sent.forEach(frame -> post(ID, frame));

        assertThat(connections.frames(ID)).isEqualTo(sent);
        assertThat(connections.postCount(ID)).isEqualTo(20);
        List<RecordingConnections.Post> posts = connections.posts();
        assertThat(posts).extracting(RecordingConnections.Post::sequence)
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> (long) i).toList());
        assertThat(posts).allSatisfy(p -> assertThat(p.delivered()).isTrue());
        for (int i = 1; i < posts.size(); i++) {
            assertThat(posts.get(i).arrivedAt()).isAfterOrEqualTo(posts.get(i - 1).arrivedAt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"L0SM9cOFvHcCIhw=", "a+b/c9xyzQ==", "Zm9v-YmFy_", "abc%def", "ünï"})
    void decodesConnectionIdsTheSdkPercentEncodes(String connectionId) {
        connections.open(connectionId);

        post(connectionId, "hello");
        GetConnectionResponse info = client.getConnection(r -> r.connectionId(connectionId));
        client.deleteConnection(r -> r.connectionId(connectionId));

        assertThat(connections.frames(connectionId)).containsExactly("hello");
        assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
        assertThat(connections.deleted(connectionId)).isTrue();
    }

    @Test
    void answersGetConnectionWithIdentityAndActivityTimes() {
        connections.open(ID, "203.0.113.7", "Twilio.TmeWs/1.0");
        post(ID, "first");

        GetConnectionResponse info = client.getConnection(r -> r.connectionId(ID));

        assertThat(info.identity().sourceIp()).isEqualTo("203.0.113.7");
        assertThat(info.identity().userAgent()).isEqualTo("Twilio.TmeWs/1.0");
        assertThat(info.connectedAt()).isNotNull();
        assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());
    }

    @Test
    void deleteClosesTheConnectionAndLaterPostsAreGone() {
        connections.open(ID);

        client.deleteConnection(r -> r.connectionId(ID));

        assertThat(connections.isOpen(ID)).isFalse();
        assertThat(connections.deleted(ID)).isTrue();
        assertThatThrownBy(() -> post(ID, "late")).isInstanceOfSatisfying(GoneException.class,
                e -> assertThat(e.statusCode()).isEqualTo(410));
        assertThatThrownBy(() -> client.getConnection(r -> r.connectionId(ID))).isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> client.deleteConnection(r -> r.connectionId(ID))).isInstanceOf(GoneException.class);
        assertThat(connections.frames(ID)).isEmpty();
        assertThat(connections.postCount(ID)).isEqualTo(1);
        assertThat(connections.posts()).singleElement().satisfies(p -> assertThat(p.delivered()).isFalse());
    }

    @Test
    void postingToAConnectionThatNeverOpenedIsGone() {
        assertThatThrownBy(() -> post("bm9ib2R5", "hello")).isInstanceOf(GoneException.class);
    }

    @Test
    void aConnectionTheCallerHungUpIsGoneButNotDeleted() {
        connections.open(ID);
        post(ID, "one");

        connections.closeConnection(ID);

        assertThatThrownBy(() -> post(ID, "two")).isInstanceOf(GoneException.class);
        assertThat(connections.frames(ID)).containsExactly("one");
        assertThat(connections.deleted(ID)).isFalse();
    }

    @Test
    void goesAwayAfterTheGivenNumberOfPosts() {
        connections.open(ID).goneAfter(ID, 2);
        List<String> outcomes = new ArrayList<>();

        for (String frame : List.of("a", "b", "c")) {
            try {
                post(ID, frame);
                outcomes.add("ok");
            } catch (GoneException e) {
                outcomes.add("gone");
            }
        }

        assertThat(outcomes).containsExactly("ok", "ok", "gone");
        assertThat(connections.frames(ID)).containsExactly("a", "b");
        assertThat(connections.postCount(ID)).isEqualTo(3);
        assertThat(connections.isOpen(ID)).isFalse();
    }

    @Test
    void recordsAPostOnArrivalAndAnswersItAfterTheLatency() throws Exception {
        connections.open(ID).latency(Duration.ofSeconds(1));

        CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> post(ID, "slow"));
        connections.awaitFrames(ID, frames -> frames.contains("slow"), WAIT);

        assertThat(posting).isNotDone();
        posting.get();
    }

    @Test
    void keepsArrivalOrderAcrossConnections() {
        connections.open("Y29ubjE=").open("Y29ubjI=");

        post("Y29ubjE=", "1");
        post("Y29ubjI=", "2");
        post("Y29ubjE=", "3");

        assertThat(connections.posts())
                .extracting(RecordingConnections.Post::connectionId, RecordingConnections.Post::frame)
                .containsExactly(tuple("Y29ubjE=", "1"), tuple("Y29ubjI=", "2"), tuple("Y29ubjE=", "3"));
        assertThat(connections.frames("Y29ubjE=")).containsExactly("1", "3");
    }

    @Test
    void rejectsAFrameOverApiGatewaysLimit() {
        connections.open(ID);
        String big = "x".repeat(FakeManagementApi.MAX_FRAME_BYTES + 1);

        assertThatThrownBy(() -> post(ID, big)).isInstanceOf(PayloadTooLargeException.class);
        assertThat(connections.postCount(ID)).isZero();
    }

    @Test
    void aWrongStageIsForbidden() {
        connections.open(ID);
        URI wrong = URI.create(api.endpoint().toString().replace("/dev", "/prod"));
        try (ApiGatewayManagementApiClient misconfigured = client(wrong)) {
            assertThatThrownBy(() -> misconfigured.postToConnection(
                    r -> r.connectionId(ID).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(ForbiddenException.class);
        }
        assertThat(connections.postCount(ID)).isZero();
    }

    @Test
    void anUnsignedRequestIsForbidden() throws Exception {
        connections.open(ID);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(api.endpoint() + "/@connections/" + "L0SM9cOFvHcCIhw%3D"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
        assertThat(connections.postCount(ID)).isZero();
    }

    @Test
    void deliversToTheConnectionsItWasGiven() {
        List<String> delivered = new ArrayList<>();
        Connections socket = new Connections() {
            @Override
            public boolean send(String connectionId, byte[] frame) {
                delivered.add(connectionId + ":" + new String(frame, StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public boolean close(String connectionId) {
                return false;
            }

            @Override
            public Optional<ConnectionInfo> info(String connectionId) {
                return Optional.empty();
            }
        };
        try (FakeManagementApi custom = FakeManagementApi.start("prod", socket);
             ApiGatewayManagementApiClient customClient = client(custom.endpoint())) {
            customClient.postToConnection(r -> r.connectionId(ID).data(SdkBytes.fromUtf8String("hi")));
            assertThatThrownBy(() -> customClient.deleteConnection(r -> r.connectionId(ID)))
                    .isInstanceOf(GoneException.class);
            assertThat(custom.endpoint().getPath()).isEqualTo("/prod");
            assertThatThrownBy(custom::recording).isInstanceOf(IllegalStateException.class);
        }
        assertThat(delivered).containsExactly(ID + ":hi");
    }

    @Test
    void failsAwaitingFramesThatNeverCome() {
        connections.open(ID);
        post(ID, "only");

        assertThatThrownBy(() -> connections.awaitFrames(ID, f -> f.size() == 2, Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only");
    }
}
