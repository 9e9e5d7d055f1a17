package dev.switchboard.local.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.testkit.openai.FakeOpenAi;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.wsmessage.NoDelaySocketFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * A diagnostic behind row 2: how long an openai-java streaming request takes to reach the server (client call →
 * server has read the whole body) for a small body and for one the size of the message function's requests, with
 * openai-java's default OkHttp client and with one whose sockets set TCP_NODELAY. A body that OkHttp writes in two
 * pieces waits, with Nagle's algorithm on, for the server to acknowledge the first (a delayed ACK: ~40 ms on Linux).
 */
final class ModelClientCheck {

    /** One client and body size: milliseconds from the call to the server having the request, per attempt. */
    record Case(String client, int bodyBytes, Stats sendMs) {
    }

    private static final int ATTEMPTS = 20;

    private ModelClientCheck() {
    }

    static List<Case> run(int realisticBodyBytes) {
        List<Case> cases = new ArrayList<>();
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            AtomicLong received = new AtomicLong();
            fake.respondWith(request -> {
                received.set(System.nanoTime());
                return Reply.text("Fine.");
            });
            for (boolean noDelay : new boolean[] {false, true}) {
                OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl())
                        .apiKey("bench").maxRetries(0);
                if (noDelay) {
                    builder.okHttpClient(new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build());
                }
                OpenAIClient client = builder.build();
                try {
                    for (int bytes : new int[] {4_000, realisticBodyBytes}) {
                        cases.add(new Case(noDelay ? "OkHttp with TCP_NODELAY" : "openai-java's default OkHttp", bytes,
                                measure(client, received, bytes)));
                    }
                } finally {
                    client.close();
                }
            }
        }
        return cases;
    }

    private static Stats measure(OpenAIClient client, AtomicLong received, int bodyBytes) {
        String filler = "x ".repeat(Math.max(0, bodyBytes - 150) / 2);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS + 2; i++) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("bench")
                    .addSystemMessage(filler).addUserMessage("attempt " + i).build();
            long start = System.nanoTime();
            try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
                response.stream().forEach(chunk -> { });
            }
            if (i >= 2) {
                times.add((received.get() - start) / 1e6);
            }
        }
        return Stats.of(times);
    }
}
