package dev.switchboard.local.deploy;

import dev.switchboard.local.deploy.JavaSources.Member;
import dev.switchboard.local.deploy.JavaSources.Token;
import dev.switchboard.local.deploy.JavaSources.TokenKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a handler's reachable code ({@link JavaSources#reachableFrom}) reads from the environment and which AWS
 * APIs it calls, found in the source the way a reviewer would grep it.
 */
record HandlerCode(String handler, Map<String, Read> environment, Map<String, Set<String>> awsActions) {

    /** How a variable is read. */
    enum Read {
        /** {@code env.get("X")}, {@code env.get("X", fallback)}, {@code env.getInt("X", n)}, {@code System.getenv("X")}. */
        OPTIONAL,
        /** {@code env.require("X")}: init fails without it. */
        REQUIRED,
        /** {@code Secrets.resolve(env, "X", aws)}: {@code X} locally, {@code X_SECRET_ARN} deployed. */
        SECRET,
        /** {@code Secret.fromEnv(env, "X")}: a secret that only the plain environment variable can provide. */
        PLAIN_SECRET
    }

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]+");
    private static final Set<String> OPTIONAL_GETTERS = Set.of("get", "getInt", "getLong", "getBoolean", "getDuration");

    /**
     * SDK v2 method names (on the service clients these packages hold) to the IAM action each needs. Only APIs this
     * project might call are listed; an unlisted call is simply not checked.
     */
    private static final Map<String, Map<String, String>> ACTIONS = Map.of(
            "software.amazon.awssdk.services.dynamodb", Map.ofEntries(
                    Map.entry("getItem", "dynamodb:GetItem"), Map.entry("putItem", "dynamodb:PutItem"),
                    Map.entry("updateItem", "dynamodb:UpdateItem"), Map.entry("deleteItem", "dynamodb:DeleteItem"),
                    Map.entry("query", "dynamodb:Query"), Map.entry("queryPaginator", "dynamodb:Query"),
                    Map.entry("scan", "dynamodb:Scan"), Map.entry("scanPaginator", "dynamodb:Scan"),
                    Map.entry("batchGetItem", "dynamodb:BatchGetItem"),
                    Map.entry("batchGetItemPaginator", "dynamodb:BatchGetItem"),
                    Map.entry("batchWriteItem", "dynamodb:BatchWriteItem"),
                    Map.entry("transactWriteItems", "dynamodb:TransactWriteItems"),
                    Map.entry("transactGetItems", "dynamodb:TransactGetItems"),
                    Map.entry("describeTable", "dynamodb:DescribeTable")),
            "software.amazon.awssdk.services.sfn", Map.of(
                    "startExecution", "states:StartExecution", "startSyncExecution", "states:StartSyncExecution"),
            "software.amazon.awssdk.services.apigatewaymanagementapi", Map.of(
                    "postToConnection", "execute-api:ManageConnections",
                    "deleteConnection", "execute-api:ManageConnections",
                    "getConnection", "execute-api:ManageConnections"),
            "software.amazon.awssdk.services.secretsmanager", Map.of(
                    "getSecretValue", "secretsmanager:GetSecretValue"),
            "software.amazon.awssdk.services.lambda", Map.of(
                    "invoke", "lambda:InvokeFunction"));

    /** Whether {@link #awsActions} would list this IAM action when the code called it. */
    static boolean checkedAction(String action) {
        return ACTIONS.values().stream().anyMatch(actions -> actions.containsValue(action));
    }

    static HandlerCode of(String handler, Set<Member> reachable) {
        Map<String, Read> environment = new TreeMap<>();
        Map<String, Set<String>> actions = new TreeMap<>();
        for (Member member : reachable) {
            List<Token> t = member.tokens();
            for (int i = 0; i + 3 < t.size(); i++) {
                // receiver . method ( "NAME"
                if (t.get(i).is(".") && t.get(i + 2).is("(") && isVariable(t.get(i + 3))) {
                    String method = t.get(i + 1).text();
                    String name = t.get(i + 3).text();
                    if (method.equals("require")) {
                        environment.merge(name, Read.REQUIRED, HandlerCode::stronger);
                    } else if (OPTIONAL_GETTERS.contains(method)
                            || (method.equals("getenv") && i > 0 && t.get(i - 1).is("System"))) {
                        environment.merge(name, Read.OPTIONAL, HandlerCode::stronger);
                    }
                }
                // Secrets.resolve(env, "NAME" ...  /  Secret.fromEnv(env, "NAME")
                if (i + 5 < t.size() && t.get(i + 1).is(".") && t.get(i + 3).is("(") && t.get(i + 5).is(",")
                        && i + 6 < t.size() && isVariable(t.get(i + 6))) {
                    String call = t.get(i).text() + "." + t.get(i + 2).text();
                    if (call.equals("Secrets.resolve")) {
                        environment.merge(t.get(i + 6).text(), Read.SECRET, HandlerCode::stronger);
                    } else if (call.equals("Secret.fromEnv")) {
                        environment.merge(t.get(i + 6).text(), Read.PLAIN_SECRET, HandlerCode::stronger);
                    }
                }
            }
            for (var service : ACTIONS.entrySet()) {
                if (member.owner().imports().stream().noneMatch(imp -> imp.startsWith(service.getKey() + "."))) {
                    continue;
                }
                for (int i = 1; i + 1 < t.size(); i++) {
                    String action = service.getValue().get(t.get(i).text());
                    if (action != null && t.get(i - 1).is(".") && t.get(i + 1).is("(")) {
                        actions.computeIfAbsent(action, a -> new TreeSet<>()).add(member.toString());
                    }
                }
            }
        }
        return new HandlerCode(handler, environment, actions);
    }

    /** A secret read wins over a plain read of the same name, a required read over an optional one. */
    private static Read stronger(Read a, Read b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static boolean isVariable(Token token) {
        return token.kind() == TokenKind.STRING && VARIABLE.matcher(token.text()).matches();
    }

    Map<String, Read> reads(Read kind) {
        Map<String, Read> found = new LinkedHashMap<>();
        environment.forEach((name, read) -> {
            if (read == kind) {
                found.put(name, read);
            }
        });
        return found;
    }
}
