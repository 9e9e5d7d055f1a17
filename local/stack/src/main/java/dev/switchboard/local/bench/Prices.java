package dev.switchboard.local.bench;

/**
 * AWS list prices for us-east-1 (US East, N. Virginia) in US dollars, the lowest-volume tier, free tiers ignored.
 * Taken from the public pricing pages below as they stood in 2025 (DynamoDB on-demand after its 1 November 2024
 * price cut); this project's machines have no internet access, so they were not re-read when the benchmark ran.
 * Check them before quoting a figure.
 *
 * <ul>
 *   <li>API Gateway, https://aws.amazon.com/api-gateway/pricing/ : WebSocket APIs $1.00 per million messages
 *       (first billion; messages are metered in 32 KB increments, sent and received both count) and $0.25 per
 *       million connection minutes; HTTP APIs $1.00 per million requests (first 300 million, 512 KB increments).</li>
 *   <li>AWS Lambda, https://aws.amazon.com/lambda/pricing/ : x86 (template.yaml's architecture) $0.0000166667 per
 *       GB-second (first 6 billion GB-s), $0.20 per million requests. SnapStart has no extra charge for Java
 *       runtimes.</li>
 *   <li>Amazon DynamoDB, https://aws.amazon.com/dynamodb/pricing/on-demand/ : on-demand, Standard table class,
 *       $0.625 per million write request units, $0.125 per million read request units.</li>
 *   <li>AWS Step Functions, https://aws.amazon.com/step-functions/pricing/ : Standard workflows (template.yaml's
 *       type) $0.025 per 1,000 state transitions.</li>
 *   <li>Amazon CloudWatch Logs, https://aws.amazon.com/cloudwatch/pricing/ : $0.50 per GB ingested (Standard log
 *       class); the handlers' JSON logs and EMF metrics are log lines.</li>
 * </ul>
 */
final class Prices {

    static final double WEBSOCKET_MESSAGE = 1.00 / 1_000_000;
    static final double WEBSOCKET_CONNECTION_MINUTE = 0.25 / 1_000_000;
    static final double HTTP_API_REQUEST = 1.00 / 1_000_000;
    static final double LAMBDA_GB_SECOND_X86 = 0.0000166667;
    static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
    static final double DYNAMODB_WRITE_REQUEST_UNIT = 0.625 / 1_000_000;
    static final double DYNAMODB_READ_REQUEST_UNIT = 0.125 / 1_000_000;
    static final double STEP_FUNCTIONS_TRANSITION = 0.025 / 1_000;
    static final double CLOUDWATCH_LOGS_INGESTED_GB = 0.50;

    private Prices() {
    }
}
