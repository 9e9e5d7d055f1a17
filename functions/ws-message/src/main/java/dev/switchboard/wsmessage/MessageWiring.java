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
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the real conversation ports once per container: DynamoDB, API Gateway, OpenAI, Step Functions, EMF. Shared
 * by the message function ({@link MessageHandler}) and the tool continuation ({@link ToolContinuationHandler}),
 * which ship in the same package and talk to the same things.
 */
final class MessageWiring {

    private MessageWiring() {
    }

    /**
     * This deployment's adapters, and the SnapStart priming of their per-message code paths, registered: keep both
     * (the runtime holds the priming only weakly).
     */
    record Wired(ConversationPorts ports, MessageSettings settings, Priming priming) {
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
        return new Wired(ports, settings, priming);
    }
}
