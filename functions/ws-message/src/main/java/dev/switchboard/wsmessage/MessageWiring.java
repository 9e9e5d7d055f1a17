package dev.switchboard.wsmessage;

import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.DynamoCallerProfileStore;
import dev.switchboard.shared.config.DynamoUseCaseStore;
import dev.switchboard.shared.conversation.CachedUseCases;
import dev.switchboard.shared.conversation.ConversationEngine;
import dev.switchboard.shared.conversation.ConversationPorts;
import dev.switchboard.shared.conversation.DynamoConversationStore;
import dev.switchboard.shared.conversation.EngineSettings;
import dev.switchboard.shared.metrics.EmfMetrics;
import dev.switchboard.shared.session.DynamoCallSessionStore;
import dev.switchboard.shared.tools.ToolRunner;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the real conversation engine once per container: DynamoDB, API Gateway, OpenAI, EMF. */
final class MessageWiring {

    private MessageWiring() {
    }

    /** The engine with this deployment's adapters; {@code tools} is the Step Functions runner once it exists. */
    static ConversationEngine engine(MessageSettings settings, AwsClients aws, ToolRunner tools) {
        DynamoDbClient dynamoDb = aws.dynamoDb();
        ApiGatewayManagementApiClient management = aws.configure(ApiGatewayManagementApiClient.builder())
                .endpointOverride(settings.managementEndpoint())
                .build();
        Executor background = Executors.newVirtualThreadPerTaskExecutor();
        InstantSource clock = InstantSource.system();
        ConversationPorts ports = new ConversationPorts(
                new DynamoConversationStore(dynamoDb, settings.tableName()),
                new CachedUseCases(new DynamoUseCaseStore(dynamoDb, settings.tableName()), background, clock,
                        CachedUseCases.DEFAULT_REFRESH_AFTER),
                new DynamoCallerProfileStore(dynamoDb, settings.tableName()),
                new DynamoCallSessionStore(dynamoDb, settings.tableName()),
                new OpenAiLlm(settings.openAi()),
                new ApiGatewayRelayChannel(management),
                tools,
                new EmfMetrics(),
                clock,
                background,
                ConversationPorts.Sleeper.REAL);
        return new ConversationEngine(ports, EngineSettings.defaults());
    }

    static ToolRunner toolRunner() {
        return new UnavailableToolRunner();
    }
}
