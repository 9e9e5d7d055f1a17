package dev.switchboard.local.caller;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A call in the terminal: each line typed is something the caller says; the agent's reply is printed as its tokens
 * arrive; {@code language}, {@code play}, {@code sendDigits} and {@code end} frames are shown as they come. On
 * {@code end} (or a hang-up) the action URL is followed and the TwiML it answers is printed.
 * The commands are in {@link #HELP}.
 */
public final class InteractiveCall {

    public static final String HELP = """
            Type what the caller says and press Enter. Commands:
              /dtmf 12#            press keys (one dtmf frame per key)
              /interrupt [heard]   barge in; 'heard' defaults to what was printed of the current reply
              /hangup              hang up (also /quit or Ctrl-D)
              /help                this text""";

    private final SimulatedCaller caller;
    private final BufferedReader in;
    private final PrintStream out;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder cycle = new StringBuilder();
    private volatile String lastReply = "";
    private volatile boolean speaking;
    /** "you> " is on screen and nothing was printed after it. */
    private boolean promptShown;
    /** The call has ended: no more prompts. */
    private boolean over;

    private record Line(String text) {
    }

    private record InputClosed() {
    }

    /** A call typed on standard input. */
    public InteractiveCall(SimulatedCaller caller, PrintStream out) {
        this(caller, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
    }

    public InteractiveCall(SimulatedCaller caller, BufferedReader in, PrintStream out) {
        this.caller = caller;
        this.in = in;
        this.out = out;
    }

    /** Runs the call until it ends; returns 0, or 1 when the call could not be made. */
    public int run() {
        caller.onEvent(this::show);
        try {
            RelayTwiml twiml = caller.dial();
            if (twiml.relay().isEmpty()) {
                out.println("The webhook answered without <Connect><ConversationRelay>:");
                out.println(twiml.xml());
                return 1;
            }
            caller.connect();
            out.println("Connected (call " + caller.callSid() + ", from " + caller.settings().from() + " to "
                    + caller.settings().to() + "). Type /help for commands.");
            twiml.relay().get().welcomeGreeting().ifPresent(g -> out.println("agent> " + g));
            Thread reader = Thread.ofVirtual().start(this::readInput);
            prompt();
            loop();
            reader.interrupt();
            return 0;
        } catch (SimulatedCaller.CallException e) {
            out.println("Call failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            caller.close();
        }
    }

    private void loop() throws InterruptedException, SimulatedCaller.CallException {
        while (true) {
            Object item = inbox.poll(1, TimeUnit.SECONDS);
            switch (item) {
                case null -> { }
                case RelayEvent.End end -> {
                    showAction(caller.endSession(end.handoffData()));
                    return;
                }
                case RelayEvent.Closed closed -> {
                    if (!caller.ended()) {
                        note("[the socket closed without end; Twilio reports a failed session]");
                        showAction(caller.sessionFailed());
                    }
                    return;
                }
                case InputClosed closed -> {
                    hangup();
                    return;
                }
                case Line line -> {
                    if (!handle(line.text().trim())) {
                        return;
                    }
                }
                default -> { }
            }
        }
    }

    /** Returns false when the call is over. */
    private boolean handle(String line) throws SimulatedCaller.CallException {
        synchronized (this) {
            promptShown = false;
        }
        if (line.isEmpty()) {
            prompt();
            return true;
        }
        if (line.startsWith("/")) {
            String[] parts = line.split("\\s+", 2);
            String argument = parts.length > 1 ? parts[1] : "";
            switch (parts[0]) {
                case "/dtmf" -> {
                    if (argument.isBlank()) {
                        note("usage: /dtmf 123#");
                    } else {
                        caller.dtmf(argument);
                    }
                }
                case "/interrupt" -> {
                    String heard = argument.isEmpty() ? (speaking ? cycle.toString() : lastReply) : argument;
                    note("[you barge in; heard: \"" + heard + "\"]");
                    caller.interrupt(heard, 1000);
                    prompt();
                }
                case "/hangup", "/quit", "/exit" -> {
                    hangup();
                    return false;
                }
                case "/help" -> note(HELP);
                default -> note("unknown command " + parts[0] + " (/help lists them)");
            }
            return true;
        }
        caller.say(line);
        return true;
    }

    private void hangup() throws SimulatedCaller.CallException {
        note("[you hang up]");
        showAction(caller.hangup());
    }

    private void showAction(Optional<String> twiml) {
        synchronized (this) {
            over = true;
        }
        twiml.ifPresent(t -> note("[action URL answered]" + System.lineSeparator() + t));
    }

    private void readInput() {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                inbox.add(new Line(line));
            }
        } catch (IOException e) {
            // treated as end of input
        }
        inbox.add(new InputClosed());
    }

    private synchronized void show(RelayEvent event) {
        switch (event) {
            case RelayEvent.Text text -> {
                if (!speaking) {
                    clearPrompt();
                    out.print("agent> ");
                    speaking = true;
                    cycle.setLength(0);
                }
                out.print(text.token());
                cycle.append(text.token());
                out.flush();
                if (text.last()) {
                    out.println();
                    speaking = false;
                    lastReply = cycle.toString();
                    prompt();
                }
            }
            case RelayEvent.End end -> {
                over = true;
                line("[" + end.describe() + "]");
                inbox.add(end);
            }
            case RelayEvent.Closed closed -> {
                over = true;
                if (!caller.ended()) {
                    line("[" + closed.describe() + "]");
                }
                inbox.add(closed);
            }
            default -> line("[" + event.describe() + "]");
        }
    }

    /** Prints a line of the agent's own (tool calls in the local stack, say). */
    public synchronized void note(String text) {
        line(text);
    }

    private void line(String text) {
        endLine();
        boolean reprompt = clearPrompt();
        out.println(text);
        if (reprompt) {
            prompt();
        }
    }

    /** Ends a pending "you> " line so output does not run into it; says whether it was there. */
    private boolean clearPrompt() {
        if (promptShown) {
            out.println();
            promptShown = false;
            return true;
        }
        return false;
    }

    private void endLine() {
        if (speaking) {
            out.println();
            speaking = false;
            lastReply = cycle.toString();
        }
    }

    private synchronized void prompt() {
        if (!promptShown && !over) {
            out.print("you> ");
            out.flush();
            promptShown = true;
        }
    }
}
