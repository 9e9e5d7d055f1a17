package dev.switchboard.wsmessage.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The budget's figures at API Gateway's real 29 s and the template's 60 s Lambda timeout. */
class TurnBudgetTest {

    private static final Instant REQUEST = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aDefaultFrameSpeaksUntil25sAfterItsRequestTimeAndReturnsBy28s() {
        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, REQUEST.plusMillis(40),
                Duration.ofSeconds(60));

        assertThat(budget.wrapUpAt()).isEqualTo(REQUEST.plusSeconds(25));
        assertThat(budget.returnBy()).isEqualTo(REQUEST.plusSeconds(28));
    }

    @Test
    void countsFromTheRequestTimeNotFromTheHandlersStart() {
        Instant handlerStarts = REQUEST.plusSeconds(3); // a cold start

        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, handlerStarts,
                Duration.ofSeconds(60));

        assertThat(budget.untilWrapUp(handlerStarts)).isEqualTo(Duration.ofSeconds(22));
    }

    @Test
    void theLambdaContextsRemainingTimeWinsWhenItIsShorter() {
        Instant now = REQUEST.plusMillis(100);

        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, now, Duration.ofSeconds(10));

        assertThat(budget.returnBy()).isEqualTo(now.plusSeconds(9));
        assertThat(budget.wrapUpAt()).isEqualTo(now.plusSeconds(6));
    }

    @Test
    void aRequestTimeAheadOfThisClockCountsAsNow() {
        Instant now = REQUEST.minusMillis(500);

        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, now, Duration.ofSeconds(60));

        assertThat(budget.wrapUpAt()).isEqualTo(now.plusSeconds(25));
    }

    @Test
    void aRequestTimeOlderThanTheIntegrationTimeoutCountsAsNow() {
        // API Gateway never invokes for a request it has given up on: the clocks disagree
        Instant now = REQUEST.plus(Duration.ofDays(90));

        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, now, Duration.ofSeconds(60));

        assertThat(budget.wrapUpAt()).isEqualTo(now.plusSeconds(25));
    }

    @Test
    void theContinuationHasOnlyItsLambdaTimeout() {
        TurnBudget budget = TurnBudget.asynchronous(REQUEST, Duration.ofSeconds(60));

        assertThat(budget.wrapUpAt()).isEqualTo(REQUEST.plusSeconds(56));
        assertThat(budget.returnBy()).isEqualTo(REQUEST.plusSeconds(59));
    }

    @Test
    void waitsAreCutToTheTimeLeftAndNothingIsNegative() {
        TurnBudget budget = TurnBudget.synchronous(REQUEST, TurnBudget.INTEGRATION_TIMEOUT, REQUEST, Duration.ofSeconds(60));

        assertThat(budget.capWait(Duration.ofSeconds(10), REQUEST.plusSeconds(26))).isEqualTo(Duration.ofSeconds(2));
        assertThat(budget.capWait(Duration.ofSeconds(1), REQUEST.plusSeconds(26))).isEqualTo(Duration.ofSeconds(1));
        assertThat(budget.untilWrapUp(REQUEST.plusSeconds(27))).isZero();
        assertThat(budget.untilReturn(REQUEST.plusSeconds(30))).isZero();
    }
}
