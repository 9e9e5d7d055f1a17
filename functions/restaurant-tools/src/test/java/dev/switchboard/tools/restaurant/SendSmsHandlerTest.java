package dev.switchboard.tools.restaurant;

import static dev.switchboard.tools.restaurant.Fixtures.content;
import static dev.switchboard.tools.restaurant.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.RotatingSecret;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.tools.ToolResult;
import dev.switchboard.testkit.twilio.FakeTwilioApi;
import dev.switchboard.testkit.twilio.SentMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendSmsHandlerTest {

    private static final String ACCOUNT = "AC11111111111111111111111111111111";
    private static final String TOKEN = "auth-token";
    private static final String FROM = "+15550009999";

    private final FakeTwilioApi twilio = FakeTwilioApi.start(ACCOUNT, TOKEN);
    private final InMemoryOrderStore orders = new InMemoryOrderStore();

    @AfterEach
    void stop() {
        twilio.close();
    }

    private SendSmsHandler handler(SmsSender sms) {
        return new SendSmsHandler(new RestaurantPorts(Fixtures.store(Fixtures.useCase()), orders, sms,
                Fixtures.at("2026-03-03T18:31")));
    }

    private SmsSender twilioWith(String token) {
        return new TwilioSmsSender(twilio.baseUrl(), ACCOUNT, FROM, Secret.of(token));
    }

    private Order order(String number, String callSid, String callerNumber, String fulfillment) {
        Instant placed = Fixtures.instant("2026-03-03T18:30");
        Order order = new Order(number, "restaurant", callSid, "call_1", callerNumber, "Ada", fulfillment,
                fulfillment.equals("delivery") ? "12 Main St, 10012" : "",
                List.of(new Order.Line("margherita", "Margherita Pizza", "large", 2, new BigDecimal("14.50"),
                                new BigDecimal("29.00"), ""),
                        new Order.Line("garlic-knots", "Garlic Knots", "", 1, new BigDecimal("4.50"),
                                new BigDecimal("4.50"), "")),
                new BigDecimal("33.50"), new BigDecimal("2.97"), BigDecimal.ZERO, new BigDecimal("36.47"), "USD",
                Order.OPEN, placed, Fixtures.instant("2026-03-03T18:45"), false, "");
        orders.create(order);
        return order;
    }

    private ToolResult send(SmsSender sms, String orderNumber) {
        return handler(sms).handle(event("call_s", "send_sms_confirmation",
                "{\"orderNumber\":\"" + orderNumber + "\"}"));
    }

    @Test
    void textsTheOrderSummaryToTheCaller() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");

        ToolResult result = send(twilioWith(TOKEN), "482917");

        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(content(result).get("toLastDigits").asText()).isEqualTo("4567");
        assertThat(twilio.messages()).singleElement().satisfies((SentMessage m) -> {
            assertThat(m.to()).isEqualTo(Fixtures.CALLER);
            assertThat(m.from()).isEqualTo(FROM);
            assertThat(m.body()).isEqualTo("Luigi's Pizzeria: order 482917 confirmed. 2 x Margherita Pizza (large), "
                    + "1 x Garlic Knots. Total $36.47. Pickup around 6:45 PM.");
        });
    }

    @Test
    void aDeliveryTextSaysWhereAndWhen() {
        order("482918", Fixtures.CALL_SID, Fixtures.CALLER, "delivery");

        send(twilioWith(TOKEN), "482918");

        assertThat(twilio.messages().get(0).body()).endsWith("Delivery to 12 Main St, 10012 around 6:45 PM.");
    }

    @Test
    void saysSmsIsNotSetUpInsteadOfPretending() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");

        ToolResult result = send(SmsSender.notConfigured("TWILIO_ACCOUNT_SID"), "482917");

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("sms_not_configured");
        assertThat(result.content()).contains("not set up").contains("No text was sent");
    }

    @Test
    void anInvalidNumberRejectedByTwilioIsReported() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");
        twilio.failNext(400, 21211, "Invalid 'To' Phone Number: +15551234567");

        ToolResult result = send(twilioWith(TOKEN), "482917");

        assertThat(result.error()).isEqualTo("sms_rejected");
        assertThat(result.content()).contains("Twilio error 21211").doesNotContain(Fixtures.CALLER);
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void aTwilioOutageIsReportedNotRetried() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");
        twilio.failNext(503, 20503, "Service Unavailable");

        ToolResult result = send(twilioWith(TOKEN), "482917");

        assertThat(result.error()).isEqualTo("sms_unavailable");
        assertThat(twilio.requestCount()).isEqualTo(1);
    }

    @Test
    void wrongCredentialsAreReportedAsUnavailable() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");

        ToolResult result = send(twilioWith("wrong-token"), "482917");

        assertThat(result.error()).isEqualTo("sms_unavailable");
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void aTokenThatCannotBeReadIsReportedAsUnavailable() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");
        RotatingSecret unreadable = new RotatingSecret(TOKEN);
        unreadable.unreadable();
        SmsSender sms = new TwilioSmsSender(twilio.baseUrl(), ACCOUNT, FROM, unreadable);

        assertThat(send(sms, "482917").error()).isEqualTo("sms_unavailable");
        assertThat(twilio.requestCount()).isZero();
    }

    @Test
    void neverTextsAnOrderOfAnotherCall() {
        order("482917", "CAsomeoneElse", "+15557770000", "pickup");

        ToolResult result = send(twilioWith(TOKEN), "482917");

        assertThat(result.error()).isEqualTo("order_not_found");
        assertThat(twilio.requestCount()).isZero();
    }

    @Test
    void aWithheldNumberCannotBeTexted() {
        order("482917", Fixtures.CALL_SID, "anonymous", "pickup");

        ToolResult result = send(twilioWith(TOKEN), "482917");

        assertThat(result.error()).isEqualTo("no_caller_number");
        assertThat(twilio.requestCount()).isZero();
    }

    @Test
    void anOrderNumberBreakingTheSchemaIsRejected() {
        ToolResult result = handler(twilioWith(TOKEN)).handle(event("call_s", "send_sms_confirmation",
                "{\"orderNumber\":482917}"));

        assertThat(result.error()).isEqualTo("invalid_arguments");
        assertThat(result.content()).contains("orderNumber");
    }

    @Test
    void aRejectedTokenIsReadAgainOnceAndTheTextSentWithTheRotatedOne() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");
        RotatingSecret token = new RotatingSecret("the-token-before-rotation");
        token.rotateTo(TOKEN);

        ToolResult result = send(new TwilioSmsSender(twilio.baseUrl(), ACCOUNT, FROM, token), "482917");

        assertThat(result.ok()).as(result.content()).isTrue();
        assertThat(twilio.requestCount()).isEqualTo(2);
        assertThat(twilio.messages()).hasSize(1);
        assertThat(token.refreshes).isEqualTo(1);
    }

    @Test
    void aRejectedTokenThatDidNotChangeIsNotRetried() {
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");
        RotatingSecret token = new RotatingSecret("wrong-token");

        ToolResult result = send(new TwilioSmsSender(twilio.baseUrl(), ACCOUNT, FROM, token), "482917");

        assertThat(result.error()).isEqualTo("sms_unavailable");
        assertThat(twilio.requestCount()).isEqualTo(1);
        assertThat(token.refreshes).isEqualTo(1);
    }

    private static SmsSender smsFrom(Map<String, String> variables) {
        Env env = Env.of(variables);
        return RestaurantPorts.sms(env, AwsClients.from(env));
    }

    @Test
    void isNotConfiguredWithoutAccountSidFromNumberAndToken() {
        SmsSender sms = smsFrom(Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN));
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");

        ToolResult result = send(sms, "482917");

        assertThat(result.error()).isEqualTo("sms_not_configured");
        assertThat(result.content()).doesNotContain(TOKEN);
    }

    @Test
    void isConfiguredFromTheEnvironmentWithTheApiBaseUrlOverride() {
        SmsSender sms = smsFrom(Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN,
                "SMS_FROM_NUMBER", FROM, "TWILIO_API_BASE_URL", twilio.baseUrl()));
        order("482917", Fixtures.CALL_SID, Fixtures.CALLER, "pickup");

        assertThat(send(sms, "482917").ok()).isTrue();
        assertThat(twilio.messages()).hasSize(1);
    }
}
