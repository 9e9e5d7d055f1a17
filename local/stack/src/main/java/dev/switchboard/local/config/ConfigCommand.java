package dev.switchboard.local.config;

import dev.switchboard.local.Command;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./switchboard config validate [dir]} and {@code ./switchboard config push [options]}.
 *
 * <p>The configs directory defaults to {@code $SWITCHBOARD_HOME/configs} (the launcher sets it to the repository)
 * or {@code ./configs}; prompts come from the sibling {@code prompts} directory.
 */
public final class ConfigCommand implements Command {

    private static final String USAGE = """
            Usage:
              ./switchboard config validate [DIR]
              ./switchboard config docs [DIR]
              ./switchboard config push [--dir DIR] [--table NAME] [--endpoint URL] [--region REGION] [--create-table]

            validate  checks every use case in DIR (default: configs/) against configs/schema/use-case.schema.json and
                      the semantic rules (prompt file exists, tool functions named, E.164 numbers, DTMF handlers refer
                      to real tools, one default route ...), and callers.json against its schema.
            docs      prints the use-case reference (docs/use-case-reference.md) generated from the schemas:
                      %s
            push      validates, then writes USECASE#/ROUTE#/CALLER# items to the table.
                      --table NAME     the table (default: $TABLE_NAME)
                      --endpoint URL   a local DynamoDB-compatible endpoint (default: $DYNAMODB_ENDPOINT, else AWS)
                      --region REGION  (default: $AWS_REGION, else us-east-1)
                      --create-table   create the table first (pk/sk strings, on demand, TTL expiresAt) if missing,
                                       and wait until it is ACTIVE
                      Credentials: the default AWS chain; with --endpoint, AWS_ACCESS_KEY_ID and
                      AWS_SECRET_ACCESS_KEY when set, else dummy ones (local servers do not check them).
            """.formatted(UseCaseReference.COMMAND);

    private final Env env;
    private final Function<PushTarget, DynamoDbClient> clients;

    public ConfigCommand() {
        this(Env.system(), ConfigCommand::client);
    }

    ConfigCommand(Env env, Function<PushTarget, DynamoDbClient> clients) {
        this.env = env;
        this.clients = clients;
    }

    /** Where {@code push} writes. */
    record PushTarget(String table, Optional<String> endpoint, String region) {
    }

    @Override
    public String summary() {
        return "validate configs/ and prompts/, push them to a DynamoDB table, or print the use-case reference (config validate | push | docs)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        return switch (args.get(0)) {
            case "validate" -> validate(args.subList(1, args.size()), out, err);
            case "push" -> push(args.subList(1, args.size()), out, err);
            case "docs" -> docs(args.subList(1, args.size()), out, err);
            default -> {
                err.println("Unknown config command '" + args.get(0) + "'.");
                err.print(USAGE);
                yield 2;
            }
        };
    }

    private int validate(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 1 || args.size() == 1 && args.get(0).startsWith("-")) {
            err.print(USAGE);
            return 2;
        }
        Path dir = args.isEmpty() ? defaultDir() : Path.of(args.get(0));
        ConfigSet set = ConfigFiles.load(dir);
        return report(dir, set, out, err) ? 0 : 1;
    }

    private int docs(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 1 || args.size() == 1 && args.get(0).startsWith("-")) {
            err.print(USAGE);
            return 2;
        }
        Path dir = args.isEmpty() ? defaultDir() : Path.of(args.get(0));
        try {
            out.print(UseCaseReference.markdown(ConfigSchema.useCase().document(),
                    Json.MAPPER.readTree(Files.readString(dir.resolve("schema/callers.schema.json")))));
            return 0;
        } catch (IOException e) {
            err.println("Cannot read " + dir.resolve("schema/callers.schema.json") + ": " + e.getMessage());
            return 1;
        }
    }

    private int push(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        boolean createTable = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--create-table" -> createTable = true;
                case "--dir", "--table", "--endpoint", "--region" -> {
                    if (i + 1 >= args.size()) {
                        err.println(arg + " needs a value.");
                        return 2;
                    }
                    options.put(arg, args.get(++i));
                }
                default -> {
                    err.println("Unknown option '" + arg + "'.");
                    err.print(USAGE);
                    return 2;
                }
            }
        }
        Optional<String> table = Optional.ofNullable(options.get("--table")).or(() -> env.get("TABLE_NAME"));
        if (table.isEmpty()) {
            err.println("No table: pass --table NAME or set TABLE_NAME.");
            return 2;
        }
        Path dir = Optional.ofNullable(options.get("--dir")).map(Path::of).orElseGet(this::defaultDir);
        ConfigSet set = ConfigFiles.load(dir);
        if (!report(dir, set, out, err)) {
            err.println("Nothing was pushed.");
            return 1;
        }
        Optional<String> endpoint = Optional.ofNullable(options.get("--endpoint")).or(() -> env.get("DYNAMODB_ENDPOINT"));
        PushTarget target = new PushTarget(table.get(), endpoint,
                Optional.ofNullable(options.get("--region")).or(() -> env.get("AWS_REGION")).orElse("us-east-1"));
        try (DynamoDbClient dynamoDb = clients.apply(target)) {
            ConfigPush push = endpoint.isPresent() ? ConfigPush.toEmulator(dynamoDb, target.table())
                    : ConfigPush.toAws(dynamoDb, target.table());
            if (createTable) {
                ConfigPush.TableSetup setup = push.createTable();
                out.println(!setup.created() ? "Table " + target.table() + " exists."
                        : "Created table " + target.table() + (setup.warnings().isEmpty()
                        ? " with TTL on " + ConfigPush.TTL_ATTRIBUTE + "." : "."));
                setup.warnings().forEach(err::println);
            }
            ConfigPush.Summary summary = push.push(set);
            out.printf("Pushed %d use cases, %d routes and %d caller profiles to %s%s.%n", summary.useCases(),
                    summary.routes(), summary.callers(), target.table(),
                    endpoint.map(e -> " at " + e).orElse(" in " + target.region()));
            return 0;
        } catch (SdkException | ConfigPush.TableSetupException e) {
            err.println("Push failed: " + e.getMessage());
            return 1;
        }
    }

    /** Prints the problems, or a one-line summary of what is valid; true when there are no problems. */
    private static boolean report(Path dir, ConfigSet set, PrintStream out, PrintStream err) {
        if (!set.isValid()) {
            set.problems().forEach(p -> err.println(dir.resolve(p.file()).normalize() + ": "
                    + (p.path().isEmpty() ? "" : p.path() + ": ") + p.message()));
            err.printf("%d problem%s in %s.%n", set.problems().size(), set.problems().size() == 1 ? "" : "s", dir);
            return false;
        }
        out.printf("%s: %d use case%s, %d caller profile%s, all valid.%n", dir, set.useCases().size(),
                set.useCases().size() == 1 ? "" : "s", set.callers().size(), set.callers().size() == 1 ? "" : "s");
        for (UseCaseFile u : set.useCases()) {
            String routes = String.join(", ", u.numbers());
            if (u.defaultRoute()) {
                routes = routes.isEmpty() ? "default route" : routes + ", default route";
            }
            out.printf("  %-12s %d tools  %s%n", u.id(), u.useCase().tools().size(), routes.isEmpty() ? "(no numbers)" : routes);
        }
        if (set.defaultUseCase().isEmpty()) {
            out.println("  No use case has \"defaultRoute\": true; unrouted numbers get the built-in default.");
        }
        return true;
    }

    private Path defaultDir() {
        return env.get("SWITCHBOARD_HOME").map(home -> Path.of(home, "configs")).orElse(Path.of("configs"));
    }

    /** A client for the target; see {@link AwsClients} for the credentials used with an endpoint override. */
    private static DynamoDbClient client(PushTarget target) {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("AWS_REGION", target.region());
        vars.remove("DYNAMODB_ENDPOINT");
        target.endpoint().ifPresent(endpoint -> vars.put("DYNAMODB_ENDPOINT", endpoint));
        return AwsClients.from(Env.of(vars)).dynamoDb();
    }
}
