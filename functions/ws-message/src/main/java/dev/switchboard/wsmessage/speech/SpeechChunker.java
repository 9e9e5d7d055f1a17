package dev.switchboard.wsmessage.speech;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Coalesces LLM deltas into speakable chunks so a reply is a handful of posts, not one per token.
 *
 * <ul>
 *   <li>The first chunk goes out as soon as it holds one complete word (low time to first audio).</li>
 *   <li>After that a chunk ends at a sentence boundary ({@code . ! ?} or a line break, followed by whitespace),
 *       at a clause boundary ({@code , ; :}) once the chunk has some length, when the time budget since the last
 *       flush has passed, or when the chunk grows long; always at a word boundary.</li>
 * </ul>
 * Chunks are never empty and are never trimmed: concatenated they are exactly the input (Twilio joins tokens as
 * they are). Not thread-safe: one chunker per reply.
 */
public final class SpeechChunker {

    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(400);
    static final int MIN_CLAUSE_CHARS = 60;
    static final int MAX_CHUNK_CHARS = 240;

    private final long budgetNanos;
    private final LongSupplier nanoTime;
    private final StringBuilder buffer = new StringBuilder();
    private boolean firstFlushed;
    private long lastFlushAt;

    public SpeechChunker() {
        this(DEFAULT_BUDGET, System::nanoTime);
    }

    public SpeechChunker(Duration budget, LongSupplier nanoTime) {
        this.budgetNanos = budget.toNanos();
        this.nanoTime = nanoTime;
        this.lastFlushAt = nanoTime.getAsLong();
    }

    /** Adds a delta and returns the chunks that are ready (usually none or one). */
    public List<String> accept(String delta) {
        if (delta == null || delta.isEmpty()) {
            return List.of();
        }
        buffer.append(delta);
        List<String> ready = new ArrayList<>(1);
        int cut;
        while ((cut = cutPoint()) > 0) {
            ready.add(take(cut));
        }
        return ready;
    }

    /** The rest of the reply, if any; call once when the stream ends. */
    public Optional<String> finish() {
        if (buffer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(take(buffer.length()));
    }

    /**
     * The rest of the reply up to its last complete word (with the whitespace after it), for a reply cut short
     * while the model was still writing: a word the model had not finished is dropped, never spoken in part.
     * Clears the chunker.
     */
    public Optional<String> finishAtWord() {
        int end = lastWordBoundary();
        Optional<String> rest = end > 0 ? Optional.of(buffer.substring(0, end)) : Optional.empty();
        buffer.setLength(0);
        return rest;
    }

    /** Whether text is waiting that {@link #finish} would return. */
    public boolean hasPending() {
        return !buffer.isEmpty();
    }

    private int cutPoint() {
        int lastWordEnd = lastWordBoundary();
        if (lastWordEnd <= 0) {
            return 0;
        }
        if (!firstFlushed) {
            return lastWordEnd;
        }
        int sentence = lastBoundary(true);
        if (sentence > 0) {
            return sentence;
        }
        int clause = lastBoundary(false);
        if (clause >= MIN_CLAUSE_CHARS) {
            return clause;
        }
        if (nanoTime.getAsLong() - lastFlushAt >= budgetNanos || lastWordEnd >= MAX_CHUNK_CHARS) {
            return lastWordEnd;
        }
        return 0;
    }

    /** End (exclusive) of the last whitespace run that follows a word, or 0 when there is no complete word. */
    private int lastWordBoundary() {
        for (int i = buffer.length() - 1; i > 0; i--) {
            if (Character.isWhitespace(buffer.charAt(i)) && !Character.isWhitespace(buffer.charAt(i - 1))) {
                return endOfWhitespace(i);
            }
        }
        return 0;
    }

    /**
     * End (exclusive, after the whitespace) of the last sentence ({@code sentence = true}) or clause boundary; 0
     * when there is none. A boundary is punctuation followed by whitespace, or a line break after some text.
     */
    private int lastBoundary(boolean sentence) {
        for (int i = buffer.length() - 1; i > 0; i--) {
            char c = buffer.charAt(i);
            char before = buffer.charAt(i - 1);
            if (c == '\n' && sentence && !Character.isWhitespace(before)) {
                return endOfWhitespace(i);
            }
            if (Character.isWhitespace(c) && isBoundaryPunctuation(before, sentence)) {
                return endOfWhitespace(i);
            }
        }
        return 0;
    }

    private static boolean isBoundaryPunctuation(char c, boolean sentence) {
        return sentence ? c == '.' || c == '!' || c == '?' || c == '…' || c == '。'
                : c == ',' || c == ';' || c == ':' || c == '—' || c == ')';
    }

    private int endOfWhitespace(int from) {
        int end = from;
        while (end < buffer.length() && Character.isWhitespace(buffer.charAt(end))) {
            end++;
        }
        return end;
    }

    private String take(int end) {
        String chunk = buffer.substring(0, end);
        buffer.delete(0, end);
        firstFlushed = true;
        lastFlushAt = nanoTime.getAsLong();
        return chunk;
    }
}
