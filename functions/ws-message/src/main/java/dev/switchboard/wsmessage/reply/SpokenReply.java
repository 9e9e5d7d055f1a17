package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.wsmessage.speech.RelaySender;
import dev.switchboard.wsmessage.speech.SpeechChunker;
import dev.switchboard.wsmessage.speech.VoiceSafeText;

/**
 * One talk cycle on its way to Twilio: model text goes through {@link VoiceSafeText} (unless the use case turned
 * it off) and the {@link SpeechChunker}, chunks are queued on the {@link RelaySender}, and {@link #finish} ends the
 * cycle with {@code last: true}.
 */
final class SpokenReply {

    private final boolean voiceSafe;
    private final RelaySender sender;
    private VoiceSafeText cleaner;
    private SpeechChunker chunker;
    private final StringBuilder spoken = new StringBuilder();
    private boolean open;

    SpokenReply(boolean voiceSafe, RelaySender sender) {
        this.voiceSafe = voiceSafe;
        this.sender = sender;
        reset();
    }

    /** Streams a model delta. */
    void add(String delta) {
        for (String chunk : chunker.accept(cleaner.accept(delta))) {
            send(chunk);
        }
    }

    /** Speaks a whole fixed sentence (filler, apology, handoff message) after whatever was said in this cycle. */
    void say(String sentence) {
        if (sentence.isBlank()) {
            return;
        }
        chunker.accept(cleaner.finish()).forEach(this::send);
        chunker.finish().ifPresent(this::send);
        boolean needsSpace = open && !Character.isWhitespace(spoken.charAt(spoken.length() - 1));
        send((needsSpace ? " " : "") + sentence);
    }

    /**
     * Ends a cycle that is cut short while the model is still writing (the turn's budget ran out): what was
     * streamed so far up to its last complete word (a half-written word is dropped, not spoken in part), then
     * {@code sentence} with {@code last: true}.
     */
    void cutShort(String sentence) {
        chunker.finishAtWord().ifPresent(this::send);
        boolean needsSpace = open && !Character.isWhitespace(spoken.charAt(spoken.length() - 1));
        String last = (needsSpace ? " " : "") + sentence;
        sender.send(OutboundMessage.Text.last(last));
        spoken.append(last);
        reset();
    }

    /** Ends the talk cycle: the rest of the text with {@code last: true}, or an empty last token. No-op if nothing was said. */
    void finish() {
        String rest = cleaner.finish();
        StringBuilder tail = new StringBuilder();
        chunker.accept(rest).forEach(this::send);
        chunker.finish().ifPresent(tail::append);
        if (tail.isEmpty() && !open) {
            reset();
            return;
        }
        sender.send(OutboundMessage.Text.last(tail.toString()));
        spoken.append(tail);
        reset();
    }

    /** Whether this cycle has queued any text (or has text waiting that {@link #finish} would send). */
    boolean saidAnything() {
        return open || chunker.hasPending();
    }

    /** Everything queued by this reply so far (all cycles), cleaned as it was sent. */
    String spoken() {
        return spoken.toString();
    }

    private void send(String chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        sender.send(OutboundMessage.Text.token(chunk));
        spoken.append(chunk);
        open = true;
    }

    private void reset() {
        cleaner = voiceSafe ? VoiceSafeText.cleaning() : VoiceSafeText.passThrough();
        chunker = new SpeechChunker();
        open = false;
    }
}
