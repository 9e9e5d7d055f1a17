package dev.switchboard.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one prompt's turn measured.
 *
 * @param promptToModelMs     prompt frame received by the gateway → the model received the request
 * @param dynamoInWindow      DynamoDB requests that arrived in that window
 * @param sequentialDynamo    of those, the longest chain that ran one after the other
 * @param windowRequests      those requests, described ({@code "Query CONN#"}), in arrival order
 * @param firstWordToPostMs   the model flushed the token completing the first word → the first {@code text} frame
 *                            was written to the caller's socket
 * @param textPosts           {@code text} frames posted for the reply, up to and including {@code last:true}
 * @param finished            whether the reply ended with {@code last:true}
 * @param modelTokens         tokens in the model's reply
 */
record TurnTiming(double promptToModelMs, int dynamoInWindow, int sequentialDynamo, List<String> windowRequests,
                  Optional<Double> firstWordToPostMs, int textPosts, boolean finished, int modelTokens) {
}
