package dev.switchboard.wsmessage;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.metrics.EmfMetrics;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.wsmessage.conversation.CachedUseCases;
import dev.switchboard.wsmessage.conversation.ConversationPorts;
import dev.switchboard.wsmessage.tools.StepFunctionsToolRunner;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the message function ({@link MessageHandler}) and the tool continuation ({@link ToolContinuationHandler})
 * talk to: the conversation's ports, API Gateway's integration timeout, and the SnapStart priming of their
 * per-message code paths. {@link #fromEnv} builds the real adapters once per container (DynamoDB, API Gateway,
 * OpenAI, Step Functions, EMF) and registers the priming: keep it (the runtime holds it only weakly). Tests and the
 * local stack pass their own ports through {@link #of}.
 */
public record MessagePorts(ConversationPorts conversation, Duration integrationTimeout, Priming priming) {

    /** Given ports (tests); no SnapStart priming. */
    public static MessagePorts of(ConversationPorts conversation, Duration integrationTimeout) {
        return new MessagePorts(conversation, integrationTimeout, Priming.of("ws-message"));
    }

    /** This deployment's adapters, configured from {@code env}. */
    public static MessagePorts fromEnv(Env env, AwsClients aws) {
        MessageSettings settings = MessageSettings.fromEnv(env, aws);
        DynamoDbClient dynamoDb = aws.dynamoDb();
        DynamoUseCaseStore useCases = new DynamoUseCaseStore(dynamoDb, settings.tableName());
        ApiGatewayManagementApiClient management = aws.configure(ApiGatewayManagementApiClient.builder())
                .endpointOverride(settings.managementEndpoint())
                .build();
        Executor background = Executors.newVirtualThreadPerTaskExecutor();
        OpenAiLlm llm = new OpenAiLlm(settings.openAi());
        Priming priming = MessagePriming.of(llm, settings.tableName(), settings.managementEndpoint()).register();
        InstantSource clock = InstantSource.system();
        ConversationPorts ports = new ConversationPorts(
                new DynamoConversationStore(dynamoDb, settings.tableName()),
                new CachedUseCases(useCases, background, clock,
                        CachedUseCases.DEFAULT_REFRESH_AFTER),
                new DynamoCallerProfileStore(dynamoDb, settings.tableName()),
                new DynamoCallSessionStore(dynamoDb, settings.tableName()),
                llm,
                new ApiGatewayRelayChannel(management),
                StepFunctionsToolRunner.fromEnv(env, aws, useCases),
                new EmfMetrics(),
                clock,
                background,
                ConversationPorts.Sleeper.REAL);
        return new MessagePorts(ports, settings.integrationTimeout(), priming);
    }
}
