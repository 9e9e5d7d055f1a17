package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/**
 * What one measured call used, priced, and the same per minute of call time. Local runs compress a call (nobody
 * speaks, no speech is played), so the call's length on a phone is an assumption: {@code assumedCallSeconds};
 * everything else is counted from the run.
 *
 * <p>Prices: AWS list prices for us-east-1 in US dollars, the lowest-volume tier, free tiers ignored, from the
 * public pricing pages as they stood in 2025 (this project's machines have no internet access, so they were not
 * re-read when the benchmark ran; check them before quoting a figure):
 * <ul>
 *   <li>API Gateway, https://aws.amazon.com/api-gateway/pricing/ : WebSocket $1.00 per million messages (32 KB
 *       increments, sent and received both count), $0.25 per million connection minutes; HTTP APIs $1.00 per
 *       million requests.</li>
 *   <li>AWS Lambda, https://aws.amazon.com/lambda/pricing/ : x86 $0.0000166667 per GB-second, $0.20 per million
 *       requests; SnapStart has no extra charge for Java.</li>
 *   <li>Amazon DynamoDB, https://aws.amazon.com/dynamodb/pricing/on-demand/ : on-demand, Standard table class,
 *       $0.625 per million write and $0.125 per million read request units.</li>
 *   <li>AWS Step Functions, https://aws.amazon.com/step-functions/pricing/ : Standard, $0.025 per 1,000 state
 *       transitions.</li>
 *   <li>Amazon CloudWatch Logs, https://aws.amazon.com/cloudwatch/pricing/ : $0.50 per GB ingested.</li>
 * </ul>
 *
 * @param lambdaSeconds function id to [invocations, billed seconds (rounded up to 1 ms each), memory MB]
 * @param readUnits     DynamoDB read request units, from each request's consumed capacity
 * @param writeUnits    DynamoDB write request units, likewise (a failed conditional write counts 1)
 * @param logBytes      bytes the handlers logged (JSON log lines and EMF metrics), what CloudWatch ingests
 */
record CostEstimate(long messagesIn, long messagesOut, long httpRequests, Map<String, double[]> lambdaSeconds,
                    double readUnits, double writeUnits, long stateTransitions, long logBytes,
                    double assumedCallSeconds) {

    /** One priced line. */
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
