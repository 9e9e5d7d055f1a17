package dev.switchboard.wsmessage.reply;

import dev.switchboard.shared.conversation.CallStatus;
import dev.switchboard.shared.conversation.ConversationState;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.session.HandoffData;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.conversation.EngineSettings;
import dev.switchboard.wsmessage.speech.RelaySender;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /** Says {@code sentence}; false when the caller is gone. */
    public boolean say(ConversationState state, String sentence, TurnBudget budget) {
        return speak(state, sentence, List.of(), budget, sender -> { });
    }

    /** Says {@code sentence}, then sends {@code after} (hold music); false when the caller is gone. */
    public boolean sayThenSend(ConversationState state, String sentence, OutboundMessage after, TurnBudget budget) {
        return speak(state, sentence, List.of(after), budget, sender -> { });
    }

    /** Says {@code sentence}, then {@code end} once it was posted; false when the caller is gone. */
    public boolean sayThenEnd(ConversationState state, String sentence, HandoffData end, TurnBudget budget) {
        return speak(state, sentence, List.of(), budget, sender -> {
            if (sender.stopped()) {
                return;
            }
            sender.send(new OutboundMessage.End(end.toJson()));
            sender.awaitDelivered(budget.capWait(settings.deliveryTimeout(), ports.clock().instant()));
            if (!sender.stopped()) {
                Log.info("call.end", "action", end.action(), "reason", end.reason());
                ports.store().markEnded(state.connectionId(), CallStatus.ENDED, end.action());
            }
        });
    }

    private boolean speak(ConversationState state, String sentence, List<OutboundMessage> after, TurnBudget budget,
                          Consumer<RelaySender> then) {
        String connectionId = state.connectionId();
        RelaySender sender = new RelaySender(ports.channel(), connectionId, RelaySender.Gate.ALWAYS_OPEN, () -> { });
        try {
            if (!sentence.isBlank()) {
                sender.send(OutboundMessage.Text.last(sentence));
            }
            after.forEach(sender::send);
            sender.awaitDelivered(budget.capWait(settings.deliveryTimeout(), ports.clock().instant()));
            then.accept(sender);
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
