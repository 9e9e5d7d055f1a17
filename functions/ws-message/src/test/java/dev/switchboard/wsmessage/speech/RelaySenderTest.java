package dev.switchboard.wsmessage.speech;

import dev.switchboard.shared.relay.ConnectionGoneException;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayChannel;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RelaySenderTest {

    /** Records posts; can block, fail or answer 410 after some posts. */
    static final class RecordingChannel implements RelayChannel {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blockFirst;
        volatile int goneAfter = Integer.MAX_VALUE;
        volatile int failOn = -1;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void post(String connectionId, String frame) {
            int n = calls.getAndIncrement();
            if (blockFirst && n == 0) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (n >= goneAfter) {
                throw new ConnectionGoneException(connectionId, null);
            }
            if (n == failOn) {
                throw new IllegalStateException("throttled");
            }
            frames.add(frame);
        }
    }

    @Test
    void postsInOrderWithoutMakingTheProducerWait() {
        RecordingChannel channel = new RecordingChannel();
        channel.blockFirst = true;
        try (RelaySender sender = new RelaySender(channel, "c1", RelaySender.Gate.ALWAYS_OPEN, () -> { })) {
            for (int i = 0; i < 20; i++) {
                sender.send(OutboundMessage.Text.token("t" + i + " "));
            }
            // all 20 were accepted while the first post is still blocked
            assertThat(channel.frames).isEmpty();
            channel.release.countDown();
            assertThat(sender.awaitDelivered(Duration.ofSeconds(5))).isTrue();
            assertThat(channel.frames).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(channel.frames.get(i)).contains("\"t" + i + " \"");
            }
            assertThat(sender.posted()).isEqualTo(20);
            assertThat(sender.firstPostNanos()).isPositive();
        }
    }

    @Test
    void stopsOnGoneAndDropsTheRest() {
        RecordingChannel channel = new RecordingChannel();
        channel.goneAfter = 2;
        AtomicInteger stops = new AtomicInteger();
        RelaySender sender = new RelaySender(channel, "c1", RelaySender.Gate.ALWAYS_OPEN, stops::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            sender.send(OutboundMessage.Text.token("t" + i + " "));
        }
        assertThat(sender.awaitDelivered(Duration.ofSeconds(5))).isTrue();
        sender.send(OutboundMessage.Text.last("late"));
        assertThat(sender.awaitDelivered(Duration.ofSeconds(5))).isTrue();
        assertThat(sender.gone()).isTrue();
        assertThat(sender.stopReason()).isEqualTo(RelaySender.Stop.GONE);
        assertThat(channel.frames).hasSize(2);
        assertThat(channel.calls.get()).isEqualTo(3);
        assertThat(stops.get()).isEqualTo(1);
        sender.close();
    }

    @Test
    void stopsWhenTheGateClosesBeforeAPost() {
        RecordingChannel channel = new RecordingChannel();
        AtomicBoolean current = new AtomicBoolean(true);
        AtomicBoolean stopped = new AtomicBoolean();
        RelaySender sender = new RelaySender(channel, "c1", current::get, () -> stopped.set(true));
        sender.send(OutboundMessage.Text.token("one "));
        sender.awaitDelivered(Duration.ofSeconds(5));
        current.set(false);
        sender.send(OutboundMessage.Text.token("two "));
        sender.send(OutboundMessage.Text.last("three"));
        sender.awaitDelivered(Duration.ofSeconds(5));
        assertThat(channel.frames).hasSize(1);
        assertThat(sender.stopReason()).isEqualTo(RelaySender.Stop.STALE);
        assertThat(stopped).isTrue();
        sender.close();
    }

    @Test
    void postsTheFirstFrameWhileTheGateIsAskedAndStopsBeforeTheSecondWhenItWasClosed() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        CountDownLatch gateAsked = new CountDownLatch(1);
        CountDownLatch firstPosted = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        RelaySender sender = new RelaySender((id, frame) -> {
            channel.post(id, frame);
            firstPosted.countDown();
        }, "c1", () -> {
            gateAsked.countDown();
            try {
                // the check answers only after the first frame went out: the post did not wait for it
                return !firstPosted.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> stopped.set(true));
        sender.send(OutboundMessage.Text.token("one "));
        sender.send(OutboundMessage.Text.token("two "));
        sender.send(OutboundMessage.Text.last("three"));
        sender.awaitDelivered(Duration.ofSeconds(5));
        assertThat(gateAsked.getCount()).isZero();
        assertThat(channel.frames).hasSize(1);
        assertThat(sender.stopReason()).isEqualTo(RelaySender.Stop.STALE);
        assertThat(stopped).isTrue();
        sender.close();
    }

    @Test
    void skipsAFrameThatFailsForAnotherReasonAndKeepsGoing() {
        RecordingChannel channel = new RecordingChannel();
        channel.failOn = 1;
        RelaySender sender = new RelaySender(channel, "c1", RelaySender.Gate.ALWAYS_OPEN, () -> { });
        sender.send(OutboundMessage.Text.token("a "));
        sender.send(OutboundMessage.Text.token("b "));
        sender.send(OutboundMessage.Text.last("c"));
        sender.awaitDelivered(Duration.ofSeconds(5));
        assertThat(channel.frames).hasSize(2);
        assertThat(sender.failed()).isEqualTo(1);
        assertThat(sender.stopped()).isFalse();
        sender.close();
    }

    @Test
    void keepsSpeakingWhenTheGateItselfFails() {
        RecordingChannel channel = new RecordingChannel();
        RelaySender sender = new RelaySender(channel, "c1", () -> {
            throw new IllegalStateException("dynamodb down");
        }, () -> { });
        sender.send(OutboundMessage.Text.last("hello"));
        sender.awaitDelivered(Duration.ofSeconds(5));
        assertThat(channel.frames).hasSize(1);
        sender.close();
    }
}
