package dev.switchboard.testkit.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FakeOpenAiTokenListenerTest {

    @Test
    void tellsTheListenerAboutEachContentTokenOfEachRequestAfterItIsWritten() throws Exception {
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            fake.onTokenWritten((request, index, token, at) -> seen.add(request + ":" + index + ":" + token));
            fake.enqueue(Reply.text("Hello there."));
            fake.enqueue(Reply.text("Bye."));

            String first = post(fake);
            String second = post(fake);

            assertThat(first).contains("[DONE]");
            assertThat(second).contains("[DONE]");
            assertThat(seen).containsExactly("0:0:Hello", "0:1: there", "0:2:.", "1:0:Bye", "1:1:.");
        }
    }

    private static String post(FakeOpenAi fake) throws Exception {
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
