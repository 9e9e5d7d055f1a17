package dev.switchboard.bench;

import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.util.Comparator;
import java.util.List;

/**
 * The longest chain of DynamoDB requests in a window in which each arrived after the previous one was answered:
 * with a latency injected per request, the round trips that add up on the critical path (an upper bound).
 */
final class SequentialChain {

    private SequentialChain() {
    }

    /** The requests that arrived in {@code [fromNanos, toNanos]}. */
    static List<LocalDynamoDb.RequestRecord> within(List<LocalDynamoDb.RequestRecord> all, long fromNanos, long toNanos) {
        return all.stream().filter(r -> r.receivedNanos() >= fromNanos && r.receivedNanos() <= toNanos)
                .sorted(Comparator.comparingLong(LocalDynamoDb.RequestRecord::receivedNanos)).toList();
    }

    /** The length of the longest chain of non-overlapping requests (greedy by earliest answer, which is optimal). */
    static int longest(List<LocalDynamoDb.RequestRecord> requests) {
        int chain = 0;
        long lastEnd = Long.MIN_VALUE;
        for (LocalDynamoDb.RequestRecord r : requests.stream()
                .sorted(Comparator.comparingLong(LocalDynamoDb.RequestRecord::answeredNanos)).toList()) {
            if (r.receivedNanos() >= lastEnd) {
                chain++;
                lastEnd = r.answeredNanos();
            }
        }
        return chain;
    }
}
