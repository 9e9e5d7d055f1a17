package dev.switchboard.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.tools.restaurant.DeliveryTimeHandler;
import dev.switchboard.tools.restaurant.PickupTimeHandler;
import dev.switchboard.tools.restaurant.PlaceOrderHandler;
import dev.switchboard.tools.restaurant.RestaurantPorts;
import dev.switchboard.tools.restaurant.SendSmsHandler;
import dev.switchboard.twiml.ConnectActionHandler;
import dev.switchboard.twiml.TwimlHandler;
import dev.switchboard.twiml.WebhookPorts;
import dev.switchboard.wsconnect.ConnectHandler;
import dev.switchboard.wsconnect.ConnectSettings;
import dev.switchboard.wsconnect.DisconnectHandler;
import dev.switchboard.wsconnect.DisconnectPorts;
import dev.switchboard.wsmessage.MessageHandler;
import dev.switchboard.wsmessage.MessagePorts;
import dev.switchboard.wsmessage.ToolContinuationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;

/**
 * One Lambda function of the template, run in this process: the handler instance is built once (like a container's
 * init) and its {@code handleRequest} is called for every invocation, concurrently, like Lambda runs concurrent
 * invocations in separate containers of the same code.
 *
 * <p>Events the stack builds as the handler's own type (API Gateway events) are passed as they are; anything else
 * (a state machine payload, a map) is converted with Jackson to the handler's parameter type, as the Lambda Java
 * runtime deserialises JSON into it. Results come back unconverted.
 */
public record LocalFunction(SamTemplate.FunctionDefinition definition, Object handler, Method method) {

    public LocalFunction {
        method.trySetAccessible();
    }

    /** Builds the product handler of {@code definition} from its ports, configured from {@code env}. */
    public static LocalFunction load(SamTemplate.FunctionDefinition definition, Env env) {
        return create(definition, e -> instantiate(definition, e), env);
    }

    /** Wraps a handler built by {@code factory} (a stand-in or an instrumented handler) under the definition's id. */
    public static LocalFunction create(SamTemplate.FunctionDefinition definition, Function<Env, Object> factory, Env env) {
        Object handler = Objects.requireNonNull(factory.apply(env), "factory returned null for " + definition.logicalId());
        return new LocalFunction(definition, handler, handlerMethod(handler.getClass(), definition.handlerMethod()));
    }

    public String logicalId() {
        return definition.logicalId();
    }

    /** Invokes the handler with a fresh {@link LocalContext} (request id, the function's timeout as deadline). */
    public Object invoke(Object event) {
        return invoke(event, LocalContext.of(definition));
    }

    /**
     * Invokes the handler; what it throws comes out as a {@link FunctionError} carrying Lambda's {@code errorType}
     * (the exception's class name), which is what API Gateway and Step Functions see.
     */
    public Object invoke(Object event, Context context) {
        Object argument = convert(event);
        try {
            return method.invoke(handler, argument, context);
        } catch (InvocationTargetException e) {
            throw new FunctionError(logicalId(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    private Object convert(Object event) {
        Type parameterType = method.getGenericParameterTypes()[0];
        if (event == null) {
            return null;
        }
        if (parameterType instanceof Class<?> type && type.isInstance(event)) {
            return event;
        }
        return Json.MAPPER.convertValue(event, Json.MAPPER.getTypeFactory().constructType(parameterType));
    }

    /**
     * Builds a product handler the way its tests do: through its constructor that takes its ports, here the real
     * adapters configured from {@code env} (the stack's DynamoDB, API Gateway, Step Functions, OpenAI stand-ins).
     */
    private static Object instantiate(SamTemplate.FunctionDefinition definition, Env env) {
        try {
            return switch (definition.handlerClass()) {
                case "dev.switchboard.twiml.TwimlHandler" -> new TwimlHandler(WebhookPorts.fromEnv(env));
                case "dev.switchboard.twiml.ConnectActionHandler" ->
                        new ConnectActionHandler(WebhookPorts.fromEnv(env));
                case "dev.switchboard.wsconnect.ConnectHandler" ->
                        new ConnectHandler(ConnectSettings.fromEnv(env, AwsClients.from(env)));
                case "dev.switchboard.wsconnect.DisconnectHandler" ->
                        new DisconnectHandler(DisconnectPorts.fromEnv(env, AwsClients.from(env)));
                case "dev.switchboard.wsmessage.MessageHandler" ->
                        new MessageHandler(MessagePorts.fromEnv(env, AwsClients.from(env)));
                case "dev.switchboard.wsmessage.ToolContinuationHandler" ->
                        new ToolContinuationHandler(MessagePorts.fromEnv(env, AwsClients.from(env)));
                case "dev.switchboard.tools.restaurant.PlaceOrderHandler" ->
                        new PlaceOrderHandler(RestaurantPorts.fromEnv(env));
                case "dev.switchboard.tools.restaurant.PickupTimeHandler" ->
                        new PickupTimeHandler(RestaurantPorts.fromEnv(env));
                case "dev.switchboard.tools.restaurant.DeliveryTimeHandler" ->
                        new DeliveryTimeHandler(RestaurantPorts.fromEnv(env));
                case "dev.switchboard.tools.restaurant.SendSmsHandler" ->
                        new SendSmsHandler(RestaurantPorts.fromEnvWithSms(env));
                default -> throw new UnknownHandler(definition.logicalId() + ": " + definition.handlerClass()
                        + " is not a handler the local stack knows: add a case for it in LocalFunction.instantiate");
            };
        } catch (UnknownHandler e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException(definition.logicalId() + ": " + definition.handlerClass()
                    + " failed during init: " + e, e);
        }
    }

    /** The template names a handler class {@link #instantiate} has no case for. */
    private static final class UnknownHandler extends IllegalStateException {
        UnknownHandler(String message) {
            super(message);
        }
    }

    /** {@code method(X, Context)}: the non-bridge one of a {@link RequestHandler}, or any public one by name. */
    private static Method handlerMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 2
                        && Context.class.isAssignableFrom(m.getParameterTypes()[1]))
                .min(Comparator.comparing(Method::isBridge))
                .orElseThrow(() -> new IllegalArgumentException(
                        type.getName() + " has no public " + name + "(event, Context)"));
    }

    /** What a handler threw, under the error type Lambda reports: the exception's fully qualified class name. */
    public static final class FunctionError extends RuntimeException {
        FunctionError(String functionId, Throwable cause) {
            super(functionId + " threw " + cause.getClass().getName() + ": " + cause.getMessage(), cause, false, false);
        }

        public String errorType() {
            return getCause().getClass().getName();
        }
    }
}
