package dev.switchboard.wsmessage;

import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.tools.ToolBatch;
import dev.switchboard.shared.tools.ToolRunner;

/**
 * The tool runner of a deployment without one: every start fails, so the model hears that the tool could not run
 * and tells the caller. Replaced by the Step Functions runner (Tools issue).
 */
final class UnavailableToolRunner implements ToolRunner {

    @Override
    public void start(ToolBatch batch) {
        Log.warn("tools.unavailable", "tools", batch.calls().size());
        throw new IllegalStateException("no tool runner is configured");
    }
}
