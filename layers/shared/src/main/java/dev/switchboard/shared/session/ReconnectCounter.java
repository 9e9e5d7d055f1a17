package dev.switchboard.shared.session;

/**
 * Counts how often a call's ConversationRelay session was reconnected after the socket dropped, so the action
 * callback can stop after a few attempts. {@link DynamoCallSessionStore} keeps the count on the session item.
 */
@FunctionalInterface
public interface ReconnectCounter {

    /**
     * Adds one reconnect and returns the call's count including it. A call without a session returns
     * {@link Integer#MAX_VALUE}, which is over any limit: without a session we cannot bound the retries.
     */
    int increment(String callSid);
}
