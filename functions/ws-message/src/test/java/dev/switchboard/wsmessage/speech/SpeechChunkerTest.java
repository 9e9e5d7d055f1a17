package dev.switchboard.wsmessage.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpeechChunkerTest {

    private final AtomicLong clock = new AtomicLong();
    private final SpeechChunker chunker = new SpeechChunker(Duration.ofMillis(400), clock::get);

    @Test
    void flushesTheFirstCompleteWordAtOnce() {
        assertThat(chunker.accept("Hel")).isEmpty();
        assertThat(chunker.accept("lo")).isEmpty();
        assertThat(chunker.accept(" th")).containsExactly("Hello ");
    }

    @Test
    void thenWaitsForASentenceBoundary() {
        chunker.accept("Sure ");
        assertThat(chunker.accept("we have pizza and pasta")).isEmpty();
        assertThat(chunker.accept(" today. What")).containsExactly("we have pizza and pasta today. ");
        assertThat(chunker.finish()).contains("What");
    }

    @Test
    void flushesAtAClauseOnceTheChunkHasSomeLength() {
        chunker.accept("Sure ");
        assertThat(chunker.accept("ok, ")).isEmpty();
        assertThat(chunker.accept("we can deliver that to you, ")).isEmpty();
        assertThat(chunker.accept("or you can pick it up at the counter, and"))
                .containsExactly("ok, we can deliver that to you, or you can pick it up at the counter, ");
    }

    @Test
    void flushesAtAWordBoundaryWhenTheTimeBudgetRunsOut() {
        chunker.accept("Let ");
        assertThat(chunker.accept("me see what")).isEmpty();
        clock.addAndGet(Duration.ofMillis(401).toNanos());
        assertThat(chunker.accept(" we")).containsExactly("me see what ");
    }

    @Test
    void neverFlushesEmptyOrWhitespaceOnlyTokensAndKeepsTextExact() {
        String reply = "Hello!  Our menu:\n- pizza, 12.50 dollars\n- pasta e.g. penne.   Anything else?";
        List<String> chunks = new ArrayList<>();
        for (String piece : reply.split("(?<=\\G.{3})")) {
            chunks.addAll(chunker.accept(piece));
        }
        chunker.finish().ifPresent(chunks::add);
        assertThat(chunks).allSatisfy(c -> assertThat(c.strip()).isNotEmpty());
        assertThat(String.join("", chunks)).isEqualTo(reply);
        assertThat(chunks).doesNotContain("12.");
    }

    @Test
    void coalescesAHundredTokenReplyIntoAFewChunks() {
        String reply = "Thanks for calling Luigi's. Today we have a margherita pizza, a pepperoni pizza, and a "
                + "vegetarian lasagna, all freshly made. Delivery takes about forty minutes to most addresses in "
                + "town, and pickup is usually ready in twenty. Would you like to hear the prices, or are you "
                + "ready to order? I can also tell you about our desserts if you like.";
        List<String> chunks = new ArrayList<>();
        for (String token : reply.split("(?=[ ,.?])")) {
            clock.addAndGet(Duration.ofMillis(20).toNanos());
            chunks.addAll(chunker.accept(token));
        }
        chunker.finish().ifPresent(chunks::add);
        assertThat(String.join("", chunks)).isEqualTo(reply);
        assertThat(chunks).hasSizeLessThanOrEqualTo(12);
        assertThat(chunks.getFirst()).isEqualTo("Thanks ");
    }

    @Test
    void finishAtWordKeepsCompleteWordsAndDropsAHalfWrittenOne() {
        chunker.accept("Our ");
        chunker.accept("pizzas come in sm");

        assertThat(chunker.finishAtWord()).contains("pizzas come in ");
        assertThat(chunker.hasPending()).isFalse();
        chunker.accept("Margh");
        assertThat(chunker.finishAtWord()).isEmpty();
        assertThat(chunker.hasPending()).isFalse();
    }

    @Test
    void finishReturnsNothingWhenEverythingWasFlushed() {
        chunker.accept("Bye. ");
        assertThat(chunker.finish()).isEmpty();
        assertThat(chunker.accept("")).isEmpty();
        assertThat(chunker.accept(null)).isEmpty();
    }
}
