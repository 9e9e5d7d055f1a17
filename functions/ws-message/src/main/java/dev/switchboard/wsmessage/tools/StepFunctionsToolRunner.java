package dev.switchboard.wsmessage.tools;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.UseCase;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * Runs a step's tool calls on the tool state machine ({@code statemachine/tools.asl.json}): one
 * {@code StartExecution} whose input is a {@link StateMachineInput}. Each call's tool is looked up in the use case
 * ({@code tools[].function}) and resolved to an alias ARN through {@link ToolFunctions}; a tool without a function
 * in this deployment still goes into the execution, marked with an error, so the continuation gets one result per
 * call either way.
 *
 * <p>The execution name is a function of (callSid, turn, step): starting the same step twice (a Lambda retry, a
 * duplicated frame) does not run the tools twice. Standard workflows answer a repeated name with
 * {@code ExecutionAlreadyExists} (or, while the first run is still going and the input is identical, with the
 * first run's ARN); both count as started.
 */
public final class StepFunctionsToolRunner implements ToolRunner {

    /** Step Functions names: 1-80 characters, letters, digits, {@code -} and {@code _}. */
    static final int MAX_NAME_LENGTH = 80;
    private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9_-]");

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ToolFunctions functions;
    private final UseCaseStore useCases;

    public StepFunctionsToolRunner(SfnClient sfn, String stateMachineArn, ToolFunctions functions,
                                   UseCaseStore useCases) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.functions = functions;
        this.useCases = useCases;
    }

    /**
     * The runner for this container: {@code TOOL_STATE_MACHINE_ARN} and {@code TOOL_FUNCTIONS} from {@code env},
     * the SDK client configured like every other ({@link AwsClients#configure}); an optional
     * {@code STEP_FUNCTIONS_ENDPOINT} points it elsewhere (tests, a local emulator).
     */
    public static StepFunctionsToolRunner fromEnv(Env env, AwsClients aws, UseCaseStore useCases) {
        SfnClientBuilder builder = aws.configure(SfnClient.builder());
        env.get("STEP_FUNCTIONS_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return new StepFunctionsToolRunner(builder.build(), env.require("TOOL_STATE_MACHINE_ARN"),
                ToolFunctions.parse(env.require("TOOL_FUNCTIONS")), useCases);
    }

    @Override
    public void start(ToolBatch batch) {
        String name = executionName(batch.callSid(), batch.turn(), batch.step());
        StateMachineInput input = input(batch);
        try {
            String executionArn = sfn.startExecution(StartExecutionRequest.builder()
                    .stateMachineArn(stateMachineArn)
                    .name(name)
                    .input(Json.write(input))
                    .build()).executionArn();
            Log.info("tools.started", "execution", name, "executionArn", executionArn, "calls", input.calls().size(),
                    "tools", input.calls().stream().map(StateMachineInput.Call::name).toList());
        } catch (ExecutionAlreadyExistsException e) {
            Log.info("tools.already_started", "execution", name);
        }
    }

    /** The execution input: every call, resolved to its function's alias ARN or marked with why it cannot run. */
    StateMachineInput input(ToolBatch batch) {
        UseCase useCase = useCases.load(batch.useCaseId()).useCase();
        List<StateMachineInput.Call> calls = new ArrayList<>();
        for (ToolCallRequest call : batch.calls()) {
            ToolCallRequest normalized = call.argumentsJson() == null || call.argumentsJson().isBlank()
                    ? new ToolCallRequest(call.toolCallId(), call.name(), "{}")
                    : call;
            Optional<UseCase.ToolSpec> spec = useCase.tool(call.name());
            Optional<String> arn = spec.flatMap(s -> functions.arnFor(s.function()));
            if (arn.isPresent()) {
                calls.add(StateMachineInput.Call.resolved(normalized, arn.get()));
            } else {
                String reason = spec.isEmpty() ? "unknown_tool" : "no_function";
                Log.warn("tools.unresolved", "tool", call.name(), "reason", reason,
                        "function", spec.map(UseCase.ToolSpec::function).orElse(""), "known", functions.keys());
                calls.add(StateMachineInput.Call.unresolved(normalized, reason));
            }
        }
        return new StateMachineInput(batch.callSid(), batch.connectionId(), batch.useCaseId(), batch.turn(),
                batch.step(), batch.callFacts(), calls);
    }

    /**
     * {@code {callSid}-t{turn}-s{step}}: deterministic, only name characters, at most 80 long. A call id with other
     * characters is cleaned; one too long is cut and suffixed with a hash of the original, so two different ids
     * never share a name.
     */
    public static String executionName(String callSid, int turn, int step) {
        String suffix = "-t" + turn + "-s" + step;
        String id = NOT_NAME_CHARACTER.matcher(callSid).replaceAll("_");
        if (!id.equals(callSid) || id.length() + suffix.length() > MAX_NAME_LENGTH) {
            String hash = sha256(callSid).substring(0, 12);
            int room = MAX_NAME_LENGTH - suffix.length() - hash.length() - 1;
            id = id.substring(0, Math.min(id.length(), room)) + "_" + hash;
        }
        return id + suffix;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
