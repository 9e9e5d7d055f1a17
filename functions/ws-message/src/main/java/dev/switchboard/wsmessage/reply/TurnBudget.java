package dev.switchboard.wsmessage.reply;

import java.time.Duration;
import java.time.Instant;

/**
 * How long one invocation may keep a reply going, so that it returns before whoever waits for it gives up.
 *
 * <p>{@code $default} is a synchronous integration: API Gateway waits at most {@value #INTEGRATION_TIMEOUT_MS} ms
 * from the frame's request time ({@code requestContext.requestTimeEpoch}) and then pushes
 * {@code {"message":"Endpoint request timed out",…}} onto Twilio's socket, which is not a ConversationRelay frame
 * (error 64107); the function's own Lambda timeout would push {@code "Internal server error"}. The invocation's
 * deadline is whichever comes first, and:
 * <ul>
 *   <li>{@link #returnBy}: {@link #RETURN_MARGIN} (1 s) before the deadline, for Lambda's answer to reach API
 *       Gateway and for clock skew between API Gateway's request time and this host; every wait at the end of a
 *       turn (posts still queued, history writes) ends by then;</li>
 *   <li>{@link #wrapUpAt}: {@link #FINISH_TIME} (3 s) before that: a reply still streaming stops reading the model
 *       and says the use case's {@code wrapUp} phrase. The 3 s cover what a reply does after its last words (the
 *       chunk in flight, the phrase and the {@code last} frame, a turn check per post, the history write), which
 *       takes well under a second in AWS.</li>
 * </ul>
 * With API Gateway's 29 s that is: last words by 25 s after the request time, returned by 28 s. A cold start or a
 * keypad pause spends the same budget: it counts from the request time, not from the handler's start.
 *
 * <p>The tool continuation is invoked asynchronously (nobody waits for its answer), so only its own Lambda timeout
 * bounds it: {@link #asynchronous}.
 *
 * @param wrapUpAt when a reply still streaming is cut short
 * @param returnBy when the invocation must have returned
 */
public record TurnBudget(Instant wrapUpAt, Instant returnBy) {

    /** API Gateway's integration timeout for WebSocket routes (not raisable). */
    public static final long INTEGRATION_TIMEOUT_MS = 29_000;
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofMillis(INTEGRATION_TIMEOUT_MS);
    /** Between the invocation's return and its deadline. */
    public static final Duration RETURN_MARGIN = Duration.ofSeconds(1);
    /** Between the last words (the wrap-up) and the invocation's return. */
    public static final Duration FINISH_TIME = Duration.ofSeconds(3);

    /**
     * A synchronous invocation: API Gateway gives up {@code integrationTimeout} after {@code requestTime}, Lambda
     * stops the function {@code lambdaRemaining} after {@code now}. A request time in the future, or older than the
     * integration timeout (API Gateway does not invoke for a request it has given up on), says the clocks disagree:
     * it counts as now.
     */
    public static TurnBudget synchronous(Instant requestTime, Duration integrationTimeout, Instant now,
                                         Duration lambdaRemaining) {
        boolean plausible = !requestTime.isAfter(now) && requestTime.plus(integrationTimeout).isAfter(now);
        Instant start = plausible ? requestTime : now;
        Instant gatewayGivesUp = start.plus(integrationTimeout);
        Instant lambdaStops = now.plus(lambdaRemaining);
        return before(gatewayGivesUp.isBefore(lambdaStops) ? gatewayGivesUp : lambdaStops);
    }

    /** An asynchronous invocation: only the Lambda timeout, {@code lambdaRemaining} after {@code now}. */
    public static TurnBudget asynchronous(Instant now, Duration lambdaRemaining) {
        return before(now.plus(lambdaRemaining));
    }

    private static TurnBudget before(Instant deadline) {
        Instant returnBy = deadline.minus(RETURN_MARGIN);
        return new TurnBudget(returnBy.minus(FINISH_TIME), returnBy);
    }

    /** Time left before the wrap-up, zero once it is due. */
    public Duration untilWrapUp(Instant now) {
        return nonNegative(Duration.between(now, wrapUpAt));
    }

    /** Time left before the invocation must return, zero once it is due. */
    public Duration untilReturn(Instant now) {
        return nonNegative(Duration.between(now, returnBy));
    }

    /** {@code wait}, shortened to the time left before the invocation must return. */
    public Duration capWait(Duration wait, Instant now) {
        Duration left = untilReturn(now);
        return wait.compareTo(left) > 0 ? left : wait;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
