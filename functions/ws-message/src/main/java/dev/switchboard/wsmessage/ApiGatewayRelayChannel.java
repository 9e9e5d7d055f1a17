package dev.switchboard.wsmessage;

import dev.switchboard.shared.relay.ConnectionGoneException;
import dev.switchboard.shared.relay.RelayChannel;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link RelayChannel} on the API Gateway {@code @connections} API ({@code PostToConnection}). The client's endpoint
 * is the execute-api URL of the stage ({@code MANAGEMENT_API_ENDPOINT}), never a custom domain. A 410 means the
 * caller hung up.
 */
public final class ApiGatewayRelayChannel implements RelayChannel {

    private final ApiGatewayManagementApiClient client;

    public ApiGatewayRelayChannel(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    @Override
    public void post(String connectionId, String frame) {
        try {
            client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
        } catch (GoneException e) {
            throw new ConnectionGoneException(connectionId, e);
        } catch (ApiGatewayManagementApiException e) {
            if (e.statusCode() == 410) {
                throw new ConnectionGoneException(connectionId, e);
            }
            throw e;
        }
    }
}
