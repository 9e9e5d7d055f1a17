package dev.switchboard.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each function's code reads from the environment and which AWS permissions it needs, as committed in
 * {@code functions/<module>/handler-manifest.json} (one entry per template function deployed from that module), and
 * the two checks on it: against {@code template.yaml} ({@link #templateProblems}) and against the code, with plain
 * regular expressions ({@link #codeProblems}).
 *
 * <p>Each variable has a kind: {@code required} (the template sets it), {@code secret} (read with
 * {@code Secrets.resolve}: the template sets {@code NAME_SECRET_ARN}, never the value), {@code default: why} (may be
 * unset: the reason its default is right when deployed), {@code local: why} (points the code at a local stand-in: a
 * deployed function must not have it) or {@code runtime} (Lambda sets it: a template may not).
 *
 * @param functions function logical id to its entry
 * @param modules   function logical id to its module directory ({@code functions/ws-message})
 */
record HandlerManifest(Map<String, Entry> functions, Map<String, Path> modules) {

    /** One function: variable name to kind, and the IAM actions its code needs. */
    record Entry(Map<String, String> environment, Set<String> permissions) {
    }

    static final String FILE = "handler-manifest.json";

    /** Set by the Lambda runtime: a template may not set them. */
    static final Set<String> RESERVED = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_RUNTIME_API", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR", "_HANDLER", "TZ");

    /** Set for the JVM, not read by our code. */
    static final Set<String> FOR_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");

    /** {@code env.get("X")}, {@code env.require("X")}, {@code env.getInt("X", n)}, {@code System.getenv("X")}. */
    static final Pattern READ = Pattern.compile(
            "\\b(?:get|require|getInt|getLong|getBoolean|getDuration|getenv)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    /** {@code Secrets.resolve(env, "X", aws)}: {@code X} locally, {@code X_SECRET_ARN} deployed. */
    static final Pattern SECRET = Pattern.compile("\\bSecrets\\.resolve\\(\\s*\\w+\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"");

    /**
     * The SDK v2 calls that need an IAM action, by the package of the client (a file that imports it is searched
     * for {@code .method(}). A permission none of them grants cannot be checked against the code, and fails.
     */
    static final Map<String, Map<String, String>> SDK_CALLS = Map.of(
            "software.amazon.awssdk.services.dynamodb.", Map.of("getItem", "dynamodb:GetItem",
                    "putItem", "dynamodb:PutItem", "updateItem", "dynamodb:UpdateItem",
                    "deleteItem", "dynamodb:DeleteItem", "query", "dynamodb:Query", "scan", "dynamodb:Scan",
                    "batchGetItem", "dynamodb:BatchGetItem", "batchWriteItem", "dynamodb:BatchWriteItem",
                    "transactWriteItems", "dynamodb:TransactWriteItems"),
            "software.amazon.awssdk.services.sfn.", Map.of("startExecution", "states:StartExecution",
                    "startSyncExecution", "states:StartSyncExecution"),
            "software.amazon.awssdk.services.apigatewaymanagementapi.", Map.of(
                    "postToConnection", "execute-api:ManageConnections",
                    "deleteConnection", "execute-api:ManageConnections",
                    "getConnection", "execute-api:ManageConnections"),
            "software.amazon.awssdk.services.secretsmanager.", Map.of("getSecretValue", "secretsmanager:GetSecretValue"));

    /** Every {@code functions/*}{@code /handler-manifest.json} of the repository. */
    static HandlerManifest read(Path root) {
        Map<String, Entry> functions = new TreeMap<>();
        Map<String, Path> modules = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root.resolve("functions"))) {
            for (Path module : dirs.filter(d -> Files.isRegularFile(d.resolve(FILE))).sorted().toList()) {
                JsonNode file = new ObjectMapper().readTree(module.resolve(FILE).toFile());
                file.path("functions").properties().forEach(e -> {
                    Map<String, String> environment = new TreeMap<>();
                    e.getValue().path("environment").properties().forEach(v -> environment.put(v.getKey(), v.getValue().asText()));
                    Set<String> permissions = new TreeSet<>();
                    e.getValue().path("permissions").forEach(p -> permissions.add(p.asText()));
                    functions.put(e.getKey(), new Entry(environment, permissions));
                    modules.put(e.getKey(), root.relativize(module));
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HandlerManifest(functions, modules);
    }

    /** The manifest against the template: every function listed, every variable set as its kind says, every permission granted. */
    List<String> templateProblems(CloudFormationTemplate template) {
        List<String> problems = new ArrayList<>();
        Set<String> deployed = template.functions().keySet();
        deployed.stream().filter(f -> !functions.containsKey(f)).forEach(f ->
                problems.add(f + " is not in its module's " + FILE));
        functions.forEach((function, entry) -> {
            if (!deployed.contains(function)) {
                problems.add(modules.get(function) + "/" + FILE + " lists " + function + ", which template.yaml does not deploy");
                return;
            }
            String codeUri = template.resource(function).path("Properties").path("CodeUri").asText();
            if (!codeUri.startsWith(modules.get(function).toString().replace('\\', '/') + "/")) {
                problems.add(function + " deploys " + codeUri + " but is listed in " + modules.get(function));
            }
            Map<String, JsonNode> set = template.environment(function);
            entry.environment().forEach((name, kind) -> {
                String where = function + " reads " + name;
                switch (kind.contains(":") ? kind.substring(0, kind.indexOf(':')) : kind) {
                    case "required" -> {
                        if (!set.containsKey(name)) {
                            problems.add(where + " (required) but it is not set");
                        }
                    }
                    case "secret" -> {
                        if (!set.containsKey(name + "_SECRET_ARN")) {
                            problems.add(where + " (a secret) but " + name + "_SECRET_ARN is not set");
                        }
                        if (set.containsKey(name)) {
                            problems.add(where + ": the secret's value must not be in the environment");
                        }
                    }
                    case "local", "runtime" -> {
                        if (set.containsKey(name)) {
                            problems.add(where + ": " + kind + ", must not be set when deployed");
                        }
                    }
                    case "default" -> { }
                    default -> problems.add(where + ": unknown kind '" + kind + "'");
                }
                if (kind.equals("runtime") != RESERVED.contains(name)) {
                    problems.add(where + ": 'runtime' is the kind of exactly the variables Lambda sets");
                }
            });
            // its own variables (Globals' are for whichever functions read them)
            template.resource(function).path("Properties").path("Environment").path("Variables").fieldNames()
                    .forEachRemaining(name -> {
                        if (!FOR_THE_JVM.contains(name) && !entry.environment().containsKey(name)
                                && !"secret".equals(entry.environment().get(name.replaceFirst("_SECRET_ARN$", "")))) {
                            problems.add(function + " sets " + name + " but its manifest does not read it");
                        }
                    });
            set.keySet().stream().filter(RESERVED::contains).forEach(name ->
                    problems.add(function + " sets " + name + ", which Lambda reserves"));

            Set<String> granted = new TreeSet<>();
            for (JsonNode statement : template.inlineStatements(function)) {
                JsonNode action = statement.path("Action");
                if (statement.path("Effect").asText().equals("Allow")) {
                    (action.isArray() ? action : List.of(action)).forEach(a -> granted.add(a.asText()));
                }
            }
            entry.permissions().stream().filter(p -> !granted.contains(p)).forEach(p ->
                    problems.add(function + " needs " + p + " but its policies do not grant it"));
            granted.stream().filter(p -> !entry.permissions().contains(p)).forEach(p ->
                    problems.add(function + " is granted " + p + " but its manifest does not need it"));
        });
        return problems;
    }

    /**
     * The manifest against the code of each module and the layer's ({@code layerSources}): every variable the code
     * reads is in the manifest of a function of that module (for the layer: of any function), every manifest
     * variable is read in its module or the layer; likewise for the SDK calls and the permissions they need.
     */
    List<String> codeProblems(Path root, Path layerSources) {
        List<String> problems = new ArrayList<>();
        Found layer = Found.in(layerSources);
        Map<Path, List<String>> functionsOf = new TreeMap<>();
        modules.forEach((function, module) -> functionsOf.computeIfAbsent(module, m -> new ArrayList<>()).add(function));
        List<String> allFunctions = List.copyOf(functions.keySet());
        functionsOf.forEach((module, moduleFunctions) -> {
            Found code = Found.in(root.resolve(module).resolve("src/main/java"));
            problems.addAll(unlisted(code, module.toString(), moduleFunctions));
            for (String function : moduleFunctions) {
                Entry entry = functions.get(function);
                entry.environment().forEach((name, kind) -> {
                    boolean read = kind.equals("secret") ? code.secrets().contains(name) || layer.secrets().contains(name)
                            : code.reads().contains(name) || layer.reads().contains(name);
                    if (!read) {
                        problems.add(function + "'s manifest lists " + name + " (" + kind + ") but neither " + module
                                + " nor the layer reads it" + (kind.equals("secret") ? " with Secrets.resolve" : ""));
                    }
                });
                entry.permissions().forEach(permission -> {
                    if (SDK_CALLS.values().stream().noneMatch(calls -> calls.containsValue(permission))) {
                        problems.add(function + " needs " + permission + ", which no SDK call in SDK_CALLS maps to");
                    } else if (!code.actions().contains(permission) && !layer.actions().contains(permission)) {
                        problems.add(function + "'s manifest needs " + permission + " but neither " + module
                                + " nor the layer calls it");
                    }
                });
            }
        });
        problems.addAll(unlisted(layer, "the layer", allFunctions));
        return problems;
    }

    /** What {@code found} reads or calls that no function of {@code candidates} lists. */
    private List<String> unlisted(Found found, String where, List<String> candidates) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(found.reads());
        names.addAll(found.secrets());
        for (String name : names) {
            boolean listed = candidates.stream().map(f -> functions.get(f).environment()).anyMatch(env ->
                    env.containsKey(name) || "secret".equals(env.get(name.replaceFirst("_SECRET_ARN$", ""))));
            if (!listed) {
                problems.add(where + " reads " + name + " but no manifest of its functions " + candidates + " lists it");
            }
        }
        for (String action : found.actions()) {
            if (candidates.stream().noneMatch(f -> functions.get(f).permissions().contains(action))) {
                problems.add(where + " calls an API that needs " + action + " but no manifest of its functions "
                        + candidates + " lists it");
            }
        }
        return problems;
    }

    /** The variables read, the secrets resolved and the IAM actions of the SDK calls in a source tree. */
    record Found(Set<String> reads, Set<String> secrets, Set<String> actions) {

        static Found in(Path sources) {
            Found found = new Found(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(file);
                    collect(READ.matcher(code), found.reads());
                    collect(SECRET.matcher(code), found.secrets());
                    SDK_CALLS.forEach((pkg, calls) -> {
                        if (code.contains("import " + pkg)) {
                            calls.forEach((method, action) -> {
                                if (code.contains("." + method + "(")) {
                                    found.actions().add(action);
                                }
                            });
                        }
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found;
        }

        private static void collect(Matcher matcher, Set<String> into) {
            while (matcher.find()) {
                into.add(matcher.group(1));
            }
        }
    }
}
