package dev.switchboard.local.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and bookkeeping of the local stack: how often each route and function ran, frames in and out, which
 * connection belongs to which call, what is still running for a call (so a simulated caller can tell when the agent
 * has finished), and the tool calls each call made. Thread-safe.
 */
public final class StackMonitor {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, String> callOfConnection = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busyConnections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busyCalls = new ConcurrentHashMap<>();
    private final Map<String, List<ToolCallRecord>> toolCalls = new ConcurrentHashMap<>();
    private final List<StackListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(StackListener listener) {
        listeners.add(listener);
    }

    List<StackListener> listeners() {
        return listeners;
    }

    public void count(String counter) {
        counters.computeIfAbsent(counter, k -> new AtomicLong()).incrementAndGet();
    }

    /** Every counter, sorted by name, e.g. {@code ws.$default}, {@code ws.framesOut}, {@code tools.calls}. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long counter(String name) {
        AtomicLong value = counters.get(name);
        return value == null ? 0 : value.get();
    }

    /** Links a connection to its call (from the {@code setup} frame). */
    void linkConnection(String connectionId, String callSid) {
        callOfConnection.put(connectionId, callSid);
    }

    void connectionBusy(String connectionId, int delta) {
        busyConnections.computeIfAbsent(connectionId, k -> new AtomicInteger()).addAndGet(delta);
    }

    void callBusy(String callSid, int delta) {
        busyCalls.computeIfAbsent(callSid, k -> new AtomicInteger()).addAndGet(delta);
    }

    /**
     * Whether anything is still running for this call: a {@code $default} invocation on one of its connections, a
     * tool execution, or the continuation it started.
     */
    public boolean busy(String callSid) {
        if (busyCalls.getOrDefault(callSid, new AtomicInteger()).get() > 0) {
            return true;
        }
        for (var e : callOfConnection.entrySet()) {
            if (e.getValue().equals(callSid)
                    && busyConnections.getOrDefault(e.getKey(), new AtomicInteger()).get() > 0) {
                return true;
            }
        }
        return false;
    }

    void toolCallFinished(ToolCallRecord call) {
        toolCalls.computeIfAbsent(call.callSid(), k -> new CopyOnWriteArrayList<>()).add(call);
        count("tools.calls");
        listeners.forEach(l -> l.toolCallFinished(call));
    }

    /** The tool calls this call made so far, in the order they finished. */
    public List<ToolCallRecord> toolCalls(String callSid) {
        return new ArrayList<>(toolCalls.getOrDefault(callSid, List.of()));
    }
}
