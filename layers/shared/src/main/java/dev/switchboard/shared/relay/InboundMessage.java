package dev.switchboard.shared.relay;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Map;

/**
 * A frame Twilio ConversationRelay sends to the app, discriminated by {@code type}. Parse with
 * {@link RelayProtocol#parse}, which never throws: anything it cannot make sense of becomes {@link Unknown}.
 * Serialising (for the simulated caller and tests) writes the frame as Twilio would.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(InboundMessage.Setup.class),
        @JsonSubTypes.Type(InboundMessage.Prompt.class),
        @JsonSubTypes.Type(InboundMessage.Interrupt.class),
        @JsonSubTypes.Type(InboundMessage.Dtmf.class),
        @JsonSubTypes.Type(InboundMessage.Info.class),
        @JsonSubTypes.Type(InboundMessage.Error.class),
        @JsonSubTypes.Type(InboundMessage.Unknown.class)
})
public sealed interface InboundMessage {

    /** Sent once when the socket opens. {@code customParameters} holds every {@code <Parameter>} of the TwiML. */
    @JsonTypeName("setup")
    record Setup(String sessionId, String accountSid, String parentCallSid, String callSid, String from, String to,
                 String forwardedFrom, String callerName, String callType, String direction, String callStatus,
                 Map<String, String> customParameters) implements InboundMessage {
        public Setup {
            customParameters = Map.copyOf(customParameters);
        }
    }

    /**
     * Caller speech. {@code last} is false only for partial (cumulative) transcripts, which Twilio sends when
     * {@code partialPrompts} is on; act on {@code last: true}.
     */
    @JsonTypeName("prompt")
    record Prompt(String voicePrompt, String lang, boolean last) implements InboundMessage {
    }

    /** The caller barged in; {@code utteranceUntilInterrupt} is what they actually heard of the agent's speech. */
    @JsonTypeName("interrupt")
    record Interrupt(String utteranceUntilInterrupt, long durationUntilInterruptMs) implements InboundMessage {
    }

    /** One key press. */
    @JsonTypeName("dtmf")
    record Dtmf(String digit) implements InboundMessage {
    }

    /** A subscribed event ({@code agentSpeaking}, {@code clientSpeaking}, {@code tokensPlayed}); {@code ts} in epoch ms. */
    @JsonTypeName("info")
    record Info(String name, String value, long ts) implements InboundMessage {
    }

    /** Twilio reports a problem, e.g. one of our frames failed validation. */
    @JsonTypeName("error")
    record Error(String description) implements InboundMessage {
    }

    /**
     * A frame that is not one of the above: an unknown {@code type} (Twilio adds types), no {@code type}, or not a
     * JSON object at all. Never carries the frame's content (it may hold caller speech).
     *
     * @param typeName the {@code type} it claimed, empty when it had none
     * @param reason   why it was not understood: {@code unknown-type}, {@code missing-type}, {@code malformed},
     *                 {@code too-large}
     */
    @JsonTypeName("unknown")
    record Unknown(@JsonIgnore String typeName, @JsonIgnore String reason) implements InboundMessage {
    }
}
