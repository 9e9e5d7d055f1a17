package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/**
 * What one measured call used, priced, and per minute of call time ({@code assumedCallSeconds}: a local call is
 * compressed). us-east-1 list prices in USD as published in 2025, lowest tier, free tiers ignored, not re-read
 * since (no internet here): aws.amazon.com/api-gateway/pricing, /lambda/pricing, /dynamodb/pricing/on-demand,
 * /step-functions/pricing, /cloudwatch/pricing.
 *
 * @param lambdaSeconds function id to [invocations, billed seconds (rounded up to 1 ms each), memory MB]
 */
record CostEstimate(long messagesIn, long messagesOut, long httpRequests, Map<String, double[]> lambdaSeconds,
                    double readUnits, double writeUnits, long stateTransitions, long logBytes,
                    double assumedCallSeconds) {

    record Line(String item, String quantity, double dollars) {
    }

    double gbSeconds() {
        return lambdaSeconds.values().stream().mapToDouble(v -> v[1] * v[2] / 1024.0).sum();
    }

    long lambdaRequests() {
        return lambdaSeconds.values().stream().mapToLong(v -> (long) v[0]).sum();
    }

    double connectionMinutes() {
        return assumedCallSeconds / 60.0;
    }

    List<Line> lines() {
        return List.of(
                new Line("API Gateway WebSocket messages", "%d in + %d out".formatted(messagesIn, messagesOut),
                        (messagesIn + messagesOut) * 1.00e-6),
                new Line("API Gateway connection minutes", "%.2f".formatted(connectionMinutes()),
                        connectionMinutes() * 0.25e-6),
                new Line("API Gateway HTTP API requests", Long.toString(httpRequests), httpRequests * 1.00e-6),
                new Line("Lambda compute (x86)", "%.2f GB-s".formatted(gbSeconds()), gbSeconds() * 0.0000166667),
                new Line("Lambda requests", Long.toString(lambdaRequests()), lambdaRequests() * 0.20e-6),
                new Line("DynamoDB on-demand reads", "%.1f RRU".formatted(readUnits), readUnits * 0.125e-6),
                new Line("DynamoDB on-demand writes", "%.1f WRU".formatted(writeUnits), writeUnits * 0.625e-6),
                new Line("Step Functions (Standard) transitions", Long.toString(stateTransitions),
                        stateTransitions * 0.025e-3),
                new Line("CloudWatch Logs ingestion", "%.1f KB".formatted(logBytes / 1000.0), logBytes / 1e9 * 0.50));
    }

    double total() {
        return lines().stream().mapToDouble(Line::dollars).sum();
    }

    double perCallMinute() {
        return total() / connectionMinutes();
    }
}
