package dev.switchboard.wsmessage;

import dev.switchboard.shared.Env;
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
import dev.switchboard.shared.snapstart.Priming;
import dev.switchboard.shared.tools.StepFunctionsToolRunner;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the real conversation engine once per container: DynamoDB, API Gateway, OpenAI, EMF. */
final class MessageWiring {

    private MessageWiring() {
    }

    /**
     * The engine with this deployment's adapters, and its SnapStart priming, registered: keep both (the runtime
     * holds the priming only weakly).
     */
    record Wired(ConversationEngine engine, Priming priming) {
    }

    /** The engine with this deployment's adapters (its priming registered but not kept: prefer {@link #wire}). */
    static ConversationEngine engine(Env env, MessageSettings settings, AwsClients aws) {
        return wire(env, settings, aws).engine();
    }

    static Wired wire(Env env, MessageSettings settings, AwsClients aws) {
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
        return new Wired(new ConversationEngine(ports, EngineSettings.defaults()), priming);
    }
}
