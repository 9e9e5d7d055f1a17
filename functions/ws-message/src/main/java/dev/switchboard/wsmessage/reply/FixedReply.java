package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.util.Map;
import java.util.Optional;

/**
 * Says a fixed sentence (a keypad reply, a filler, an apology, the handoff message), optionally followed by
 * {@code end}, which is sent only after the sentence was posted. Its waits for the posts end by the turn's
 * {@link TurnBudget#returnBy}.
 */
public final class FixedReply {

    private final ConversationPorts ports;
    private final EngineSettings settings;

    public FixedReply(ConversationPorts ports, EngineSettings settings) {
        this.ports = ports;
        this.settings = settings;
    }

    /** @return false when the caller is gone */
    public boolean say(ConversationState state, String sentence, Optional<HandoffData> end, Optional<OutboundMessage> after,
                TurnBudget budget) {
        String connectionId = state.connectionId();
        RelaySender sender = new RelaySender(ports.channel(), connectionId, RelaySender.Gate.ALWAYS_OPEN, () -> { });
        try {
            if (!sentence.isBlank()) {
                sender.send(OutboundMessage.Text.last(sentence));
            }
            after.ifPresent(sender::send);
            sender.awaitDelivered(budget.capWait(settings.deliveryTimeout(), ports.clock().instant()));
            if (end.isPresent() && !sender.stopped()) {
                sender.send(new OutboundMessage.End(end.get().toJson()));
                sender.awaitDelivered(budget.capWait(settings.deliveryTimeout(), ports.clock().instant()));
                if (!sender.stopped()) {
                    Log.info("call.end", "action", end.get().action(), "reason", end.get().reason());
                    ports.store().markEnded(connectionId, CallStatus.ENDED, end.get().action());
                }
            }
        } catch (RuntimeException e) {
            Log.error("reply.fixed_failed", e);
        } finally {
            sender.close();
        }
        if (sender.gone()) {
            markGone(state);
            return false;
        }
        return true;
    }

    private void markGone(ConversationState state) {
        try {
            ports.store().markEnded(state.connectionId(), CallStatus.GONE, "caller-gone");
            if (!state.callSid().isEmpty()) {
                ports.sessions().recordOutcome(state.callSid(), "ended", "caller-gone", Map.of());
            }
        } catch (RuntimeException e) {
            Log.error("state.gone_failed", e);
        }
    }
}
