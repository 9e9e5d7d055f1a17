package dev.switchboard.shared.conversation;

import dev.switchboard.shared.config.CallFacts;
import dev.switchboard.shared.config.CallerProfile;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The live state of one ConversationRelay connection ({@code CONN#{connectionId}} / {@code STATE}). Written by
 * {@code setup}, advanced by every prompt and interrupt. Built by name ({@link #builder}, {@link #toBuilder});
 * text not known is an empty string.
 *
 * @param turn      the current turn; a prompt and an interrupt advance it, a reply streams only while its turn is
 *                  current
 * @param speakingStep the step of the current turn whose reply is being spoken (what an interrupt rewrites); 0
 *                  when nothing is (an interrupt already handled it)
 * @param language  the conversation's language now (after any switch); empty for the use case's own
 * @param failures  consecutive failed turns (LLM or store errors); reset by a good turn
 * @param status    active, ended (we sent {@code end}) or gone (the caller hung up)
 * @param outcome   why it ended: {@code handoff}, {@code hangup}, {@code caller-gone}; empty while active
 * @param caller    the caller's profile as read at setup, empty fields when there was none
 * @param facts     call facts for tools: the {@code <Parameter>}s, {@code from}, {@code to}, …
 * @param digits    the keypad entry in progress, {@link DigitEntry#NONE} when none
 * @param turnStartedAt when the frame that started the current turn arrived ({@link Instant#EPOCH} if unknown)
 * @param filler    the filler phrase said (because the model was slow to start) before the words of the reply of
 *                  {@code (turn, speakingStep)}, empty when none: an interrupt takes it out of what the caller heard
 *                  of that reply, since history keeps the model's words, not the filler
 */
public record ConversationState(String connectionId, String callSid, String useCaseId, String from, String to,
                                int turn, int speakingStep, String language, int failures, CallStatus status,
                                String outcome, CallerProfile caller,
                                Map<String, String> facts, DigitEntry digits, Instant startedAt,
                                Instant turnStartedAt, String filler) {

    public ConversationState {
        facts = Map.copyOf(facts);
    }

    /** A new state for {@code connectionId}: active, turn 0, nothing known yet, started at {@code startedAt}. */
    public static Builder builder(String connectionId, Instant startedAt) {
        return new Builder(connectionId, startedAt);
    }

    /** A connection nobody set up (no or lost {@code setup}): it still gets the default conversation. */
    public static ConversationState unknown(String connectionId, Instant now) {
        return builder(connectionId, now).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(connectionId, startedAt);
        b.callSid = callSid;
        b.useCaseId = useCaseId;
        b.from = from;
        b.to = to;
        b.turn = turn;
        b.speakingStep = speakingStep;
        b.language = language;
        b.failures = failures;
        b.status = status;
        b.outcome = outcome;
        b.caller = caller;
        b.facts = facts;
        b.digits = digits;
        b.turnStartedAt = turnStartedAt;
        b.filler = filler;
        return b;
    }

    public Optional<CallerProfile> callerProfile() {
        boolean known = !caller.name().isBlank() || !caller.email().isBlank() || !caller.notes().isBlank()
                || !caller.language().isBlank();
        return known ? Optional.of(caller) : Optional.empty();
    }

    public CallFacts callFacts() {
        return new CallFacts(callSid, from, to, language);
    }

    public boolean active() {
        return status == CallStatus.ACTIVE;
    }

    public ConversationState withLanguage(String newLanguage) {
        return toBuilder().language(newLanguage).build();
    }

    public ConversationState withTurn(int newTurn) {
        return toBuilder().turn(newTurn).build();
    }

    /** Builds a {@link ConversationState} by name; what is not set is empty, 0, or none. */
    public static final class Builder {
        private final String connectionId;
        private Instant startedAt;
        private String callSid = "";
        private String useCaseId = "";
        private String from = "";
        private String to = "";
        private int turn;
        private int speakingStep;
        private String language = "";
        private int failures;
        private CallStatus status = CallStatus.ACTIVE;
        private String outcome = "";
        private CallerProfile caller = new CallerProfile("", "", "", "", "");
        private Map<String, String> facts = Map.of();
        private DigitEntry digits = DigitEntry.NONE;
        private Instant turnStartedAt = Instant.EPOCH;
        private String filler = "";

        private Builder(String connectionId, Instant startedAt) {
            this.connectionId = connectionId;
            this.startedAt = startedAt;
        }

        public Builder callSid(String value) {
            callSid = value;
            return this;
        }

        public Builder useCaseId(String value) {
            useCaseId = value;
            return this;
        }

        public Builder from(String value) {
            from = value;
            return this;
        }

        public Builder to(String value) {
            to = value;
            return this;
        }

        public Builder turn(int value) {
            turn = value;
            return this;
        }

        public Builder speakingStep(int value) {
            speakingStep = value;
            return this;
        }

        public Builder language(String value) {
            language = value;
            return this;
        }

        public Builder failures(int value) {
            failures = value;
            return this;
        }

        public Builder status(CallStatus value) {
            status = value;
            return this;
        }

        public Builder outcome(String value) {
            outcome = value;
            return this;
        }

        public Builder caller(CallerProfile value) {
            caller = value;
            return this;
        }

        public Builder facts(Map<String, String> value) {
            facts = value;
            return this;
        }

        public Builder digits(DigitEntry value) {
            digits = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder turnStartedAt(Instant value) {
            turnStartedAt = value;
            return this;
        }

        public Builder filler(String value) {
            filler = value;
            return this;
        }

        public ConversationState build() {
            return new ConversationState(connectionId, callSid, useCaseId, from, to, turn, speakingStep, language,
                    failures, status, outcome, caller, facts, digits, startedAt, turnStartedAt, filler);
        }
    }
}
