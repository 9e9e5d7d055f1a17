package dev.switchboard.shared.conversation;

import dev.switchboard.shared.config.CallFacts;
import dev.switchboard.shared.config.CallerProfile;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The live state of one ConversationRelay connection ({@code CONN#{connectionId}} / {@code STATE}). Written by
 * {@code setup}, advanced by every prompt and interrupt. Values not known are empty strings.
 *
 * @param turn      the current turn; a prompt and an interrupt advance it, a reply streams only while its turn is
 *                  current
 * @param speakingStep the step of the current turn whose reply is being spoken (what an interrupt rewrites); 0
 *                  when nothing is (an interrupt already handled it)
 * @param language  the conversation's language now (after any switch); empty for the use case's own
 * @param failures  consecutive failed turns (LLM or store errors); reset by a good turn
 * @param status    {@code active}, {@code ended} (we sent {@code end}) or {@code gone} (the caller hung up)
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
                                int turn, int speakingStep, String language, int failures, String status,
                                String outcome, CallerProfile caller,
                                Map<String, String> facts, DigitEntry digits, Instant startedAt,
                                Instant turnStartedAt, String filler) {

    public static final String ACTIVE = "active";
    public static final String ENDED = "ended";
    public static final String GONE = "gone";

    public ConversationState {
        facts = Map.copyOf(facts);
    }

    /** A connection nobody set up (no or lost {@code setup}): it still gets the default conversation. */
    public static ConversationState unknown(String connectionId, Instant now) {
        return new ConversationState(connectionId, "", "", "", "", 0, 0, "", 0, ACTIVE, "",
                new CallerProfile("", "", "", "", ""), Map.of(), DigitEntry.NONE, now, Instant.EPOCH, "");
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
        return ACTIVE.equals(status);
    }

    public ConversationState withLanguage(String newLanguage) {
        return new ConversationState(connectionId, callSid, useCaseId, from, to, turn, speakingStep, newLanguage,
                failures, status, outcome, caller, facts, digits, startedAt, turnStartedAt, filler);
    }

    public ConversationState withTurn(int newTurn) {
        return new ConversationState(connectionId, callSid, useCaseId, from, to, newTurn, speakingStep, language,
                failures, status, outcome, caller, facts, digits, startedAt, turnStartedAt, filler);
    }
}
