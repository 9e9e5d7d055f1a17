package dev.switchboard.wsmessage.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SpokenReplyTest {

    private final List<OutboundMessage.Text> posted = new CopyOnWriteArrayList<>();
    private final RelaySender sender = new RelaySender((connection, frame) ->
            posted.add((OutboundMessage.Text) RelayProtocol.parseOutbound(frame)), "c1", RelaySender.Gate.ALWAYS_OPEN,
            () -> { });

    private String heard() {
        sender.awaitDelivered(Duration.ofSeconds(5));
        StringBuilder out = new StringBuilder();
        posted.forEach(t -> out.append(t.token()));
        return out.toString();
    }

    @Test
    void aReplyCutShortEndsAtItsLastCompleteWordThenTheSentenceWithLast() {
        SpokenReply reply = new SpokenReply(true, sender);
        reply.add("Our pizzas come in small, medium");
        reply.add(" and lar");

        reply.cutShort("Sorry, that's taking longer than it should.");

        assertThat(heard()).isEqualTo("Our pizzas come in small, medium and Sorry, that's taking longer than it should.");
        assertThat(posted.getLast().last()).isTrue();
        assertThat(posted.subList(0, posted.size() - 1)).noneMatch(OutboundMessage.Text::last);
        assertThat(reply.spoken()).isEqualTo(heard());
    }

    @Test
    void withoutCleaningAHalfWordIsDroppedToo() {
        SpokenReply reply = new SpokenReply(false, sender);
        reply.add("Hello there, how ar");

        reply.cutShort("Let's keep going.");

        assertThat(heard()).isEqualTo("Hello there, how Let's keep going.");
    }

    @Test
    void aReplyCutBeforeItsFirstWordIsTheSentenceAlone() {
        SpokenReply reply = new SpokenReply(true, sender);
        reply.add("Margh");

        reply.cutShort("Let's keep going.");

        assertThat(heard()).isEqualTo("Let's keep going.");
        assertThat(posted).singleElement().satisfies(t -> assertThat(t.last()).isTrue());
    }
}
