package dev.switchboard.shared.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A frame the app sends to ConversationRelay. Optional fields are {@code null} and omitted from the JSON
 * (Twilio rejects explicit nulls). Write with {@link RelayProtocol#write}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(OutboundMessage.Text.class),
        @JsonSubTypes.Type(OutboundMessage.Play.class),
        @JsonSubTypes.Type(OutboundMessage.SendDigits.class),
        @JsonSubTypes.Type(OutboundMessage.Language.class),
        @JsonSubTypes.Type(OutboundMessage.End.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface OutboundMessage {

    /**
     * Text to speak. {@code token} is never null (Twilio rejects the frame) and is sent exactly as given: Twilio
     * concatenates tokens as they are. {@code last: true} ends the talk cycle.
     */
    @JsonTypeName("text")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Text(String token, boolean last, String lang, Boolean interruptible, Boolean preemptible)
            implements OutboundMessage {
        public Text {
            Objects.requireNonNull(token, "token");
        }

        public static Text token(String token) {
            return new Text(token, false, null, null, null);
        }

        /** The final frame of a talk cycle; {@code token} may be empty. */
        public static Text last(String token) {
            return new Text(token, true, null, null, null);
        }
    }

    /** Plays audio, e.g. hold music while a tool runs; {@code preemptible} lets the next text or play cut it off. */
    @JsonTypeName("play")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Play(String source, Integer loop, Boolean preemptible, Boolean interruptible) implements OutboundMessage {
        public Play {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Sends DTMF tones to the far end. */
    @JsonTypeName("sendDigits")
    record SendDigits(String digits) implements OutboundMessage {
        private static final Pattern VALID = Pattern.compile("[0-9w#*]+");

        public SendDigits {
            if (digits == null || !VALID.matcher(digits).matches()) {
                throw new IllegalArgumentException("digits may hold only 0-9, w, # and *");
            }
        }

        public static boolean isValid(String digits) {
            return digits != null && VALID.matcher(digits).matches();
        }
    }

    /** Switches the TTS and/or STT language for what follows; at least one is set. */
    @JsonTypeName("language")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Language(String ttsLanguage, String transcriptionLanguage) implements OutboundMessage {
        public Language {
            if (ttsLanguage == null && transcriptionLanguage == null) {
                throw new IllegalArgumentException("language needs ttsLanguage or transcriptionLanguage");
            }
        }

        public static Language both(String code) {
            return new Language(code, code);
        }
    }

    /**
     * Ends the ConversationRelay session; {@code handoffData} (a string: JSON we serialise ourselves) reaches the
     * {@code <Connect action>} callback as {@code HandoffData}.
     */
    @JsonTypeName("end")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record End(String handoffData) implements OutboundMessage {
    }
}
