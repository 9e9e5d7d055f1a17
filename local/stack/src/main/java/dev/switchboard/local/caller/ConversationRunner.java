package dev.switchboard.local.caller;

import dev.switchboard.local.stack.ToolCallRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Plays a {@link ConversationFile} through a {@link SimulatedCaller} and checks every expectation, printing the call
 * as it goes. Against a deployed stack, tool-call expectations cannot be checked (the stack does not say which
 * tools ran) and are reported as skipped.
 */
public final class ConversationRunner {

    /** How the run went: the expectations that held and those that did not (with why). */
    public record Result(int passed, int failed, int skipped, List<String> failures) {
        public Result {
            failures = List.copyOf(failures);
        }

        public boolean ok() {
            return failed == 0;
        }
    }

    private final PrintStream out;
    private final Duration localSettle;
    private final Duration remoteSettle;
    private int passed;
    private int skipped;
    private final List<String> failures = new ArrayList<>();

    public ConversationRunner(PrintStream out) {
        this(out, Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    public ConversationRunner(PrintStream out, Duration localSettle, Duration remoteSettle) {
        this.out = out;
        this.localSettle = localSettle;
        this.remoteSettle = remoteSettle;
    }

    public Result run(ConversationFile conversation, SimulatedCaller caller) throws InterruptedException {
        out.println("Conversation: " + conversation.name());
        try {
            RelayTwiml twiml = caller.dial();
            if (twiml.relay().isEmpty()) {
                fail("call", "the webhook answered without <Connect><ConversationRelay>: " + twiml.xml());
                return result();
            }
            String greeting = twiml.relay().get().welcomeGreeting().orElse("");
            out.println("  agent (welcome greeting): " + greeting);
            check("greeting", conversation.greeting(), greeting);
            caller.connect();
            TurnCollector turns = new TurnCollector(caller);
            boolean local = turns.local();
            Duration settle = conversation.settle().orElse(local ? localSettle : remoteSettle);
            turns.awaitQuiet(settle, conversation.timeout());
            for (ConversationFile.Step step : conversation.steps()) {
                if (caller.ended()) {
                    fail("step " + step.number(), "the call already ended");
                    break;
                }
                runStep(step, caller, turns, local, settle, conversation.timeout());
            }
            if (!caller.ended()) {
                caller.hangup();
            }
        } catch (SimulatedCaller.CallException e) {
            fail("call", e.getMessage());
        } finally {
            caller.close();
        }
        Result result = result();
        out.println();
        out.println(result.passed() + " passed, " + result.failed() + " failed"
                + (result.skipped() > 0 ? ", " + result.skipped() + " skipped" : ""));
        return result;
    }

    private void runStep(ConversationFile.Step step, SimulatedCaller caller, TurnCollector turns, boolean local,
                         Duration settle, Duration timeout) throws InterruptedException, SimulatedCaller.CallException {
        ConversationFile.Expect expect = step.expect();
        Turn turn;
        switch (step.action()) {
            case ConversationFile.Action.Say say -> {
                out.println("  [" + step.number() + "] caller: " + say.text());
                caller.say(say.text());
            }
            case ConversationFile.Action.Dtmf dtmf -> {
                out.println("  [" + step.number() + "] caller presses: " + dtmf.digits());
                caller.dtmf(dtmf.digits());
            }
            case ConversationFile.Action.Hangup hangup -> {
                out.println("  [" + step.number() + "] caller hangs up");
                Optional<String> twiml = caller.hangup();
                twiml.ifPresent(t -> out.println("      action TwiML: " + t));
                check("handoff", expect.handoff(), twiml.orElse(""));
                return;
            }
            case ConversationFile.Action.Wait wait -> out.println("  [" + step.number() + "] caller waits " + wait.duration().toMillis() + " ms");
        }
        if (step.interrupt().isPresent()) {
            ConversationFile.Interrupt interrupt = step.interrupt().get();
            Turn partial = turns.awaitText(interrupt.after(), timeout);
            String heard = interrupt.heard().orElse(partial.text());
            out.println("      agent (interrupted): " + partial.text());
            out.println("      caller barges in, heard: \"" + heard + "\"");
            caller.interrupt(heard, 1200);
            Turn rest = turns.awaitQuiet(settle, timeout);
            turn = partial.then(rest);
            print(rest);
        } else {
            if (step.action() instanceof ConversationFile.Action.Wait wait) {
                turn = turns.collectFor(wait.duration());
            } else if (expect.noReply()) {
                turn = turns.collectFor(settle.multipliedBy(2));
            } else {
                turn = turns.awaitReply(settle, timeout);
            }
            print(turn);
        }
        Optional<String> handoffTwiml = Optional.empty();
        if (turn.end().isPresent()) {
            handoffTwiml = caller.endSession(turn.end().get().handoffData());
            handoffTwiml.ifPresent(t -> out.println("      action TwiML: " + t));
        } else if (turn.closed()) {
            handoffTwiml = caller.sessionFailed();
            handoffTwiml.ifPresent(t -> out.println("      socket closed; action TwiML: " + t));
        }
        String where = "step " + step.number();
        if (turn.timedOut()) {
            fail(where, "no complete reply within " + timeout.toSeconds() + " s (got \"" + turn.text() + "\")");
        }
        check(where + ": reply", expect.reply(), turn.text());
        if (expect.noReply() && !turn.text().isEmpty()) {
            fail(where, "expected no reply, got \"" + turn.text() + "\"");
        } else if (expect.noReply()) {
            pass(where + ": no reply");
        }
        checkTools(where, expect, turn, local);
        expect.end().ifPresent(m -> {
            String data = turn.end().map(RelayEvent.End::handoffData).orElse(null);
            if (data == null) {
                fail(where, "expected an end frame, got none");
            } else {
                check(where + ": end " + m, m.problems(data), data);
            }
        });
        check(where + ": handoff TwiML", expect.handoff(), handoffTwiml.orElse(""));
        check(where + ": play", expect.play(), turn.eventsOf(RelayEvent.Play.class).stream()
                .map(RelayEvent.Play::source).collect(Collectors.joining(" ")));
        check(where + ": sendDigits", expect.sendDigits(), turn.eventsOf(RelayEvent.SendDigits.class).stream()
                .map(RelayEvent.SendDigits::digits).collect(Collectors.joining()));
        check(where + ": language", expect.language(), turn.eventsOf(RelayEvent.Language.class).stream()
                .map(l -> l.ttsLanguage() + "/" + l.transcriptionLanguage()).collect(Collectors.joining(" ")));
    }

    private void checkTools(String where, ConversationFile.Expect expect, Turn turn, boolean local) {
        if (expect.toolCalls().isEmpty() && !expect.noToolCalls()) {
            return;
        }
        if (!local) {
            skipped += expect.toolCalls().size() + (expect.noToolCalls() ? 1 : 0);
            out.println("      SKIP tool-call expectations: this stack does not report its tool calls");
            return;
        }
        if (expect.noToolCalls()) {
            if (turn.toolCalls().isEmpty()) {
                pass(where + ": no tool calls");
            } else {
                fail(where, "expected no tool calls, got " + turn.toolCalls().stream().map(ToolCallRecord::name).toList());
            }
        }
        int from = 0;
        for (ConversationFile.ToolExpectation expected : expect.toolCalls()) {
            String label = where + ": tool call " + expected.name();
            int found = IntStream.range(from, turn.toolCalls().size())
                    .filter(i -> turn.toolCalls().get(i).name().equals(expected.name())).findFirst().orElse(-1);
            if (found < 0) {
                fail(label, "not called (calls: " + turn.toolCalls().stream().map(ToolCallRecord::name).toList() + ")");
                continue;
            }
            ToolCallRecord call = turn.toolCalls().get(found);
            from = found + 1;
            List<String> problems = new ArrayList<>();
            expected.ok().filter(ok -> ok != call.ok()).ifPresent(ok -> problems.add("ok was " + call.ok()
                    + " (" + call.error() + ": " + call.content() + ")"));
            expected.arguments().ifPresent(m -> m.problems(call.arguments()).forEach(p -> problems.add("arguments " + p)));
            expected.content().ifPresent(m -> m.problems(call.content()).forEach(p -> problems.add("result " + p)));
            check(label, problems, call.arguments());
        }
    }

    private void print(Turn turn) {
        if (!turn.text().isEmpty()) {
            out.println("      agent: " + turn.text());
        }
        for (ToolCallRecord call : turn.toolCalls()) {
            out.println("      tool: " + call.describe());
        }
        turn.events().stream().filter(e -> !(e instanceof RelayEvent.Text))
                .forEach(e -> out.println("      " + e.describe()));
    }

    private void check(String label, Optional<TextMatch> match, String actual) {
        match.ifPresent(m -> check(label + " " + m, m.problems(actual), actual));
    }

    private void check(String label, List<String> problems, String actual) {
        if (problems.isEmpty()) {
            pass(label);
        } else {
            fail(label, String.join("; ", problems) + " (got \"" + actual + "\")");
        }
    }

    private void pass(String label) {
        passed++;
        out.println("      PASS " + label);
    }

    private void fail(String label, String why) {
        failures.add(label + ": " + why);
        out.println("      FAIL " + label + ": " + why);
    }

    private Result result() {
        return new Result(passed, failures.size(), skipped, failures);
    }
}
