package dev.switchboard.bench;

import dev.switchboard.testkit.dynamodb.LocalDynamoDb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many DynamoDB round trips ran one after the other in a window: the longest chain of requests in which each
 * one arrived after the previous one was answered. Requests that overlap (sent in parallel) never count twice, so
 * with a latency injected per request this is the number of round trips that add up on the critical path (an upper
 * bound: a request running in the background, such as a cache refresh, that happens to follow another counts too).
 */
final class SequentialChain {

    private SequentialChain() {
    }

    /** The requests that arrived in {@code [fromNanos, toNanos]}. */
    static List<LocalDynamoDb.RequestRecord> within(List<LocalDynamoDb.RequestRecord> all, long fromNanos, long toNanos) {
        List<LocalDynamoDb.RequestRecord> inside = new ArrayList<>();
        for (LocalDynamoDb.RequestRecord r : all) {
            if (r.receivedNanos() >= fromNanos && r.receivedNanos() <= toNanos) {
                inside.add(r);
            }
        }
        inside.sort(Comparator.comparingLong(LocalDynamoDb.RequestRecord::receivedNanos));
        return inside;
    }

    /** The length of the longest chain of non-overlapping requests (greedy by earliest answer, which is optimal). */
    static int longest(List<LocalDynamoDb.RequestRecord> requests) {
        List<LocalDynamoDb.RequestRecord> byEnd = new ArrayList<>(requests);
        byEnd.sort(Comparator.comparingLong(LocalDynamoDb.RequestRecord::answeredNanos));
        int chain = 0;
        long lastEnd = Long.MIN_VALUE;
        for (LocalDynamoDb.RequestRecord r : byEnd) {
            if (r.receivedNanos() >= lastEnd) {
                chain++;
                lastEnd = r.answeredNanos();
            }
        }
        return chain;
    }
}
