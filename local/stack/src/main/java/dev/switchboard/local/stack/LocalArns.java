package dev.switchboard.local.stack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ARNs the local stack hands out in place of real ones: functions (their {@code live} alias) and state machines. */
public final class LocalArns {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    private static final Pattern FUNCTION = Pattern.compile("arn:aws:lambda:[^:]+:[0-9]+:function:([A-Za-z0-9_-]+)(:.*)?");

    private LocalArns() {
    }

    /** {@code arn:aws:lambda:us-east-1:000000000000:function:{logicalId}:live}. */
    public static String function(String logicalId) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + logicalId + ":live";
    }

    /** The logical id of a function ARN (qualified or not), or a bare function name as given. */
    public static Optional<String> functionId(String arnOrName) {
        Matcher m = FUNCTION.matcher(arnOrName);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        return arnOrName.matches("[A-Za-z0-9_-]+") ? Optional.of(arnOrName) : Optional.empty();
    }

    public static String stateMachine(String logicalId) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + logicalId;
    }

    public static String execution(String stateMachineId, String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + stateMachineId + ":" + name;
    }
}
