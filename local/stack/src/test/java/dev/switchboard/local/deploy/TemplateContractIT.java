package dev.switchboard.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * template.yaml agrees with the code Maven packaged and with the rules of the deployment (STYLE.md section 5, the
 * deploy issue): handlers exist where CodeUri points, each function's environment and policy are what its
 * {@link HandlerManifest} lists (and the manifest is what the code reads and calls), secrets travel as Secrets
 * Manager ARNs the function may read, every invoker targets an alias (SnapStart), the WebSocket deployment waits for
 * its routes, no statement grants everything, the table expires items, the outputs a user needs exist.
 *
 * <p>The ASL {@code ${...}} substitutions are checked by restaurant-tools' {@code ToolsTemplateContractTest}.
 * Runs in {@code verify} (failsafe): it needs {@code ./mvnw package}'s output.
 */
class TemplateContractIT {

    /** CloudWatch Logs delivery actions Step Functions logging needs; AWS documents them on Resource "*" only. */
    private static final Set<String> LOG_DELIVERY_ACTIONS = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    private final Repository repo = Repository.locate();
    private final CloudFormationTemplate template = CloudFormationTemplate.read(repo.template());
    private final HandlerManifest manifest = HandlerManifest.read(repo.root());

    private JsonNode properties(String logicalId) {
        return template.resource(logicalId).path("Properties");
    }

    private String handlerClass(String function) {
        String handler = properties(function).path("Handler").asText();
        return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    }

    private static Set<String> actions(JsonNode statement) {
        Set<String> actions = new TreeSet<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    private static List<JsonNode> resources(JsonNode statement) {
        List<JsonNode> resources = new ArrayList<>();
        JsonNode resource = statement.path("Resource");
        if (resource.isArray()) {
            resource.forEach(resources::add);
        } else {
            resources.add(resource);
        }
        return resources;
    }

    // ------------------------------------------------------------------------------------------- packaging

    @Test
    void everyFunctionDeploysWhatMavenPackagedAndHoldsItsHandler() throws Exception {
        DeployedFolder layer = DeployedFolder.layer("SharedLayer", repo.resolve(properties("SharedLayer").path("ContentUri").asText()));
        assertThat(layer.exists()).as(layer.libDir() + " (./mvnw package)").isTrue();
        assertThat(PackagedJars.jarsWith(layer, "dev/switchboard/shared/Env.class")).as("the layer ships the shared library").hasSize(1);

        for (var entry : template.functions().entrySet()) {
            String function = entry.getKey();
            JsonNode resource = entry.getValue();
            String codeUri = resource.path("Properties").path("CodeUri").asText();
            assertThat(resource.path("Metadata").path("SkipBuild").asBoolean(false)).as(function + " SkipBuild").isTrue();
            assertThat(codeUri).as(function + " CodeUri").matches("functions/[a-z0-9-]+/target/lambda");
            DeployedFolder folder = DeployedFolder.function(function, repo.resolve(codeUri));
            assertThat(folder.exists()).as(folder.libDir() + " (./mvnw package)").isTrue();

            String handler = handlerClass(function);
            assertThat(properties(function).path("Handler").asText()).as(function + " Handler").endsWith("::handleRequest");
            assertThat(PackagedJars.jarsWith(folder, handler.replace('.', '/') + ".class")).as(function + ": " + handler + " in "
                    + codeUri).hasSize(1);
            List<URL> urls = new ArrayList<>(PackagedJars.urls(folder));
            urls.addAll(PackagedJars.urls(layer));
            try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(handler, false, loader);
                Class<?> requestHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
                Class<?> streamHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
                assertThat(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type))
                        .as(handler + " is a Lambda handler").isTrue();
                assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as(handler + "()").isTrue();
                List<Method> methods = new ArrayList<>();
                for (Method method : type.getMethods()) {
                    if (method.getName().equals("handleRequest") && !method.isBridge()) {
                        methods.add(method);
                    }
                }
                assertThat(methods).as(handler + "::handleRequest").isNotEmpty();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- environment

    @Test
    void everyFunctionHasTheEnvironmentAndPermissionsItsManifestListsAndNoMore() {
        assertThat(manifest.functions()).as("functions/*/" + HandlerManifest.FILE).isNotEmpty();
        assertThat(manifest.templateProblems(template)).isEmpty();
    }

    @Test
    void theManifestsListWhatTheCodeReadsAndCallsAndNothingItDoesNot() {
        assertThat(manifest.codeProblems(repo.root(), repo.layerSources())).isEmpty();
    }

    @Test
    void secretsTravelAsSecretsManagerArnsTheirFunctionMayRead() {
        List<String> problems = new ArrayList<>();
        int secrets = 0;
        for (String function : template.functions().keySet()) {
            for (var variable : template.environment(function).entrySet()) {
                if (!variable.getKey().endsWith("_SECRET_ARN")) {
                    continue;
                }
                secrets++;
                JsonNode value = variable.getValue();
                String parameter = value.path("Ref").asText();
                JsonNode definition = template.root().path("Parameters").path(parameter);
                if (definition.isMissingNode()) {
                    problems.add(function + " " + variable.getKey() + " is not a !Ref to a parameter");
                    continue;
                }
                if (!definition.path("AllowedPattern").asText().contains(":secretsmanager:")) {
                    problems.add("parameter " + parameter + " must only accept Secrets Manager ARNs");
                }
                boolean readable = template.inlineStatements(function).stream().anyMatch(statement ->
                        actions(statement).contains("secretsmanager:GetSecretValue")
                                && resources(statement).contains(value));
                if (!readable) {
                    problems.add(function + " may not secretsmanager:GetSecretValue on " + parameter);
                }
            }
        }
        assertThat(secrets).isPositive();
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- IAM

    @Test
    void noStatementGrantsEveryActionOrEveryResourceBeyondLogDelivery() {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> withPolicies = new LinkedHashMap<>(template.functions());
        withPolicies.putAll(template.resourcesOfType("AWS::Serverless::StateMachine"));
        withPolicies.keySet().forEach(id -> {
            assertThat(template.nonInlinePolicies(id)).as(id + " policies are inline statements").isEmpty();
            for (JsonNode statement : template.inlineStatements(id)) {
                Set<String> actions = actions(statement);
                actions.stream().filter(a -> a.equals("*") || a.endsWith(":*") || a.contains("*"))
                        .forEach(a -> problems.add(id + " grants wildcard action " + a));
                boolean anyResource = resources(statement).stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"));
                if (anyResource && !LOG_DELIVERY_ACTIONS.containsAll(actions)) {
                    problems.add(id + " grants " + actions + " on every resource");
                }
                if (statement.path("Effect").asText().equals("Allow") && statement.has("NotAction")) {
                    problems.add(id + " allows NotAction");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- invokers

    /** Every reference this node makes to a function resource (e.g. {@code WsMessageFunction.Alias}). */
    private Set<String> functionReferences(JsonNode node) {
        Set<String> found = new LinkedHashSet<>();
        for (String reference : CloudFormationTemplate.references(node)) {
            String resource = reference.contains(".") ? reference.substring(0, reference.indexOf('.')) : reference;
            if (template.functions().containsKey(resource)) {
                found.add(reference);
            }
        }
        return found;
    }

    @Test
    void everyInvokerTargetsAFunctionsAliasSoSnapStartApplies() {
        List<String> problems = new ArrayList<>();
        template.resourcesOfType("AWS::ApiGatewayV2::Integration").forEach((id, integration) ->
                expectOneAlias(id + " IntegrationUri", integration.path("Properties").path("IntegrationUri"), problems));
        template.resourcesOfType("AWS::Lambda::Permission").forEach((id, permission) ->
                expectOneAlias(id + " FunctionName", permission.path("Properties").path("FunctionName"), problems));
        template.resourcesOfType("AWS::Serverless::StateMachine").forEach((id, machine) -> {
            machine.path("Properties").path("DefinitionSubstitutions").properties().forEach(e -> {
                if (!functionReferences(e.getValue()).isEmpty()) {
                    expectOneAlias(id + " substitution " + e.getKey(), e.getValue(), problems);
                }
            });
            template.inlineStatements(id).stream().filter(s -> actions(s).contains("lambda:InvokeFunction"))
                    .flatMap(s -> resources(s).stream())
                    .forEach(r -> expectOneAlias(id + " lambda:InvokeFunction resource", r, problems));
        });
        assertThat(template.resourcesOfType("AWS::ApiGatewayV2::Integration")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(template.resourcesOfType("AWS::Lambda::Permission")).hasSizeGreaterThanOrEqualTo(5);

        // and nothing anywhere names a function's unqualified ARN ($LATEST runs without SnapStart)
        template.root().path("Resources").properties().forEach(e -> functionReferences(e.getValue()).stream()
                .filter(reference -> !reference.endsWith(".Alias"))
                .forEach(reference -> problems.add(e.getKey() + " refers to " + reference + ", not its alias")));
        template.root().path("Outputs").properties().forEach(e -> functionReferences(e.getValue()).stream()
                .filter(reference -> !reference.endsWith(".Alias"))
                .forEach(reference -> problems.add("output " + e.getKey() + " refers to " + reference)));
        assertThat(problems).isEmpty();
    }

    private void expectOneAlias(String where, JsonNode node, List<String> problems) {
        Set<String> references = functionReferences(node);
        if (references.size() != 1 || !references.iterator().next().endsWith(".Alias")) {
            problems.add(where + " must target exactly one function alias, found " + references);
        }
    }

    @Test
    void theWebSocketDeploymentDependsOnEveryRouteOfItsApi() {
        Map<String, JsonNode> deployments = template.resourcesOfType("AWS::ApiGatewayV2::Deployment");
        assertThat(deployments).isNotEmpty();
        deployments.forEach((id, deployment) -> {
            JsonNode api = deployment.path("Properties").path("ApiId");
            Set<String> routes = new TreeSet<>();
            template.resourcesOfType("AWS::ApiGatewayV2::Route").forEach((route, r) -> {
                if (r.path("Properties").path("ApiId").equals(api)) {
                    routes.add(route);
                }
            });
            Set<String> dependsOn = new TreeSet<>();
            JsonNode depends = deployment.path("DependsOn");
            if (depends.isArray()) {
                depends.forEach(d -> dependsOn.add(d.asText()));
            } else if (!depends.isMissingNode()) {
                dependsOn.add(depends.asText());
            }
            assertThat(routes).as(id + "'s API routes").isNotEmpty();
            assertThat(dependsOn).as(id + " DependsOn").containsAll(routes);
        });
        Set<String> routeKeys = new TreeSet<>();
        template.resourcesOfType("AWS::ApiGatewayV2::Route").values()
                .forEach(r -> routeKeys.add(r.path("Properties").path("RouteKey").asText()));
        assertThat(routeKeys).contains("$connect", "$disconnect", "$default");
        assertThat(template.resourcesOfType("AWS::ApiGatewayV2::RouteResponse"))
                .as("no route responses: their bodies would reach Twilio").isEmpty();
    }

    // ------------------------------------------------------------------------------------------- the rest

    @Test
    void theTableHasTheKeysAndExpiresItemsByExpiresAt() {
        Map<String, JsonNode> tables = template.resourcesOfType("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(1);
        JsonNode table = tables.values().iterator().next().path("Properties");
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        Map<String, String> keys = new LinkedHashMap<>();
        table.path("KeySchema").forEach(k -> keys.put(k.path("AttributeName").asText(), k.path("KeyType").asText()));
        assertThat(keys).containsExactly(Map.entry("pk", "HASH"), Map.entry("sk", "RANGE"));
    }

    @Test
    void theTableIsRetainedOnDeleteAndReplacementAndRecoverableByDefault() {
        JsonNode parameters = template.root().path("Parameters");
        assertThat(parameters.path("TableRetention").path("Default").asText()).isEqualTo("Retain");
        assertThat(parameters.path("PointInTimeRecovery").path("Default").asText()).isEqualTo("true");
        JsonNode table = template.resourcesOfType("AWS::DynamoDB::Table").values().iterator().next();
        for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
            assertThat(CloudFormationTemplate.references(table.path(policy))).as(policy).containsExactly("TableRetention");
        }
        assertThat(template.root().path("Transform").toString())
                .as("intrinsic functions in DeletionPolicy need the LanguageExtensions transform, before SAM's")
                .isEqualTo("[\"AWS::LanguageExtensions\",\"AWS::Serverless-2016-10-31\"]");
        assertThat(table.path("Properties").path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                .toString()).contains("PitrEnabled");
    }

    @Test
    void theOutputsAUserAndTheScriptsNeedExist() {
        JsonNode outputs = template.root().path("Outputs");
        assertThat(outputs.path("VoiceWebhookUrl").path("Value").toString()).contains("/twiml");
        assertThat(outputs.path("WebSocketUrl").path("Value").toString()).contains("wss://");
        assertThat(CloudFormationTemplate.references(outputs.path("TableName").path("Value"))).containsExactly("Table");
        assertThat(CloudFormationTemplate.references(outputs.path("ToolStateMachineArn").path("Value")))
                .containsExactly("ToolStateMachine");
        outputs.properties().forEach(e -> assertThat(e.getValue().path("Description").asText())
                .as(e.getKey() + " Description").isNotBlank());
    }

    @Test
    void everyFunctionLogsToItsOwnGroupWithRetention() {
        Map<String, JsonNode> logGroups = template.resourcesOfType("AWS::Logs::LogGroup");
        Set<String> used = new TreeSet<>();
        template.functions().keySet().forEach(function -> {
            String group = properties(function).path("LoggingConfig").path("LogGroup").path("Ref").asText();
            assertThat(logGroups).as(function + " LoggingConfig.LogGroup is a log group of the stack").containsKey(group);
            assertThat(used.add(group)).as(function + " has a group of its own").isTrue();
        });
        logGroups.forEach((id, group) -> {
            assertThat(group.path("Properties").path("RetentionInDays").path("Ref").asText()).as(id)
                    .isEqualTo("LogRetentionDays");
            assertThat(functionReferences(group)).as(id + " is not named after a function").isEmpty();
        });
    }

    @Test
    void everyFunctionPublishesASnapStartAliasOnJava21WithTheLayer() {
        JsonNode globals = template.root().path("Globals").path("Function");
        assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
        template.functions().keySet().forEach(function -> {
            assertThat(template.functionProperty(function, "AutoPublishAlias").map(JsonNode::asText)).as(function)
                    .contains(globals.path("AutoPublishAlias").asText());
            assertThat(template.functionProperty(function, "SnapStart").map(s -> s.path("ApplyOn").asText()))
                    .as(function).contains("PublishedVersions");
            assertThat(template.functionProperty(function, "Runtime").map(JsonNode::asText)).as(function).contains("java21");
            assertThat(template.functionProperty(function, "Layers").map(JsonNode::toString)).as(function)
                    .hasValueSatisfying(layers -> assertThat(layers).contains("SharedLayer"));
        });
        template.resourcesOfType("AWS::Serverless::LayerVersion").values().forEach(layer ->
                assertThat(layer.path("Properties").path("CompatibleRuntimes").toString()).contains("java21"));
        assertThat(Files.isRegularFile(repo.resolve("statemachine/tools.asl.json"))).isTrue();
    }
}
