package dev.switchboard.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one measured call used, priced with {@link Prices}, and the same per minute of call time. Local runs compress
 * a call (nobody speaks, no speech is played), so the call's length on a phone is an assumption:
 * {@code assumedCallSeconds}; everything else is counted from the run.
 *
 * @param lambdaSeconds      function id to [invocations, billed seconds (rounded up to 1 ms each), memory MB]
 * @param readUnits          DynamoDB read request units, from each request's consumed capacity
 * @param writeUnits         DynamoDB write request units, likewise (a failed conditional write counts 1)
 * @param logBytes           bytes the handlers logged (JSON log lines and EMF metrics), what CloudWatch ingests
 */
record CostEstimate(long messagesIn, long messagesOut, long httpRequests, Map<String, double[]> lambdaSeconds,
                    double readUnits, double writeUnits, long stateTransitions, long logBytes,
                    double assumedCallSeconds) {

    /** One priced line. */
    record Line(String item, String quantity, double dollars) {
    }

    double gbSeconds() {
        double total = 0;
        for (double[] v : lambdaSeconds.values()) {
            total += v[1] * v[2] / 1024.0;
        }
        return total;
    }

    long lambdaRequests() {
        long total = 0;
        for (double[] v : lambdaSeconds.values()) {
            total += (long) v[0];
        }
        return total;
    }

    double connectionMinutes() {
        return assumedCallSeconds / 60.0;
    }

    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("API Gateway WebSocket messages", "%d in + %d out".formatted(messagesIn, messagesOut),
                (messagesIn + messagesOut) * Prices.WEBSOCKET_MESSAGE));
        lines.add(new Line("API Gateway connection minutes", "%.2f".formatted(connectionMinutes()),
                connectionMinutes() * Prices.WEBSOCKET_CONNECTION_MINUTE));
        lines.add(new Line("API Gateway HTTP API requests", Long.toString(httpRequests),
                httpRequests * Prices.HTTP_API_REQUEST));
        lines.add(new Line("Lambda compute", "%.2f GB-s".formatted(gbSeconds()),
                gbSeconds() * Prices.LAMBDA_GB_SECOND_X86));
        lines.add(new Line("Lambda requests", Long.toString(lambdaRequests()), lambdaRequests() * Prices.LAMBDA_REQUEST));
        lines.add(new Line("DynamoDB reads", "%.1f RRU".formatted(readUnits), readUnits * Prices.DYNAMODB_READ_REQUEST_UNIT));
        lines.add(new Line("DynamoDB writes", "%.1f WRU".formatted(writeUnits), writeUnits * Prices.DYNAMODB_WRITE_REQUEST_UNIT));
        lines.add(new Line("Step Functions transitions", Long.toString(stateTransitions),
                stateTransitions * Prices.STEP_FUNCTIONS_TRANSITION));
        lines.add(new Line("CloudWatch Logs ingestion", "%.1f KB".formatted(logBytes / 1000.0),
                logBytes / 1e9 * Prices.CLOUDWATCH_LOGS_INGESTED_GB));
        return lines;
    }

    double total() {
        return lines().stream().mapToDouble(Line::dollars).sum();
    }

    double perCallMinute() {
        return total() / connectionMinutes();
    }
}
