package dev.switchboard.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one prompt's turn measured: prompt frame at the gateway → model request received, the DynamoDB requests in
 * that window (the longest sequential chain, and each described as {@code "Query CONN#"}), the token completing the
 * first word → first {@code text} frame, {@code text} posts up to {@code last:true}, and the reply's tokens.
 */
record TurnTiming(double promptToModelMs, int dynamoInWindow, int sequentialDynamo, List<String> windowRequests,
                  Optional<Double> firstWordToPostMs, int textPosts, boolean finished, int modelTokens) {
}
