package dev.switchboard.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest checks fail on a broken manifest, template or code: a small repository in a temporary folder. */
class HandlerManifestTest {

    private static final String MANIFEST = """
            {"functions": {"DemoFunction": {
              "environment": {"TABLE_NAME": "required", "API_KEY": "secret", "RETRIES": "default: one retry",
                              "DYNAMODB_ENDPOINT": "local: the local server", "AWS_REGION": "runtime"},
              "permissions": ["dynamodb:GetItem", "secretsmanager:GetSecretValue"]}}}
            """;
    private static final String TEMPLATE = """
            Resources:
              DemoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/demo/target/lambda
                  Environment:
                    Variables:
                      TABLE_NAME: !Ref Table
                      API_KEY_SECRET_ARN: !Ref ApiKeySecretArn
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: [dynamodb:GetItem]
                          Resource: !GetAtt Table.Arn
                        - Effect: Allow
                          Action: secretsmanager:GetSecretValue
                          Resource: !Ref ApiKeySecretArn
            """;
    private static final String CODE = """
            package demo;
            import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
            class Demo {
                Demo(Env env, DynamoDbClient db) {
                    String table = env.require("TABLE_NAME");
                    String key = Secrets.resolve(env, "API_KEY", aws);
                    int retries = env.getInt("RETRIES", 1);
                    db.getItem(request);
                }
            }
            """;
    private static final String LAYER = """
            package shared;
            import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
            class Shared {
                Shared(Env env, SecretsManagerClient secrets) {
                    env.get("AWS_REGION", "us-east-1");
                    env.get("DYNAMODB_ENDPOINT");
                    secrets.getSecretValue(request);
                }
            }
            """;

    @TempDir
    Path root;

    @BeforeEach
    void writeRepository() throws IOException {
        write("functions/demo/" + HandlerManifest.FILE, MANIFEST);
        write("template.yaml", TEMPLATE);
        write("functions/demo/src/main/java/demo/Demo.java", CODE);
        write("layers/shared/src/main/java/shared/Shared.java", LAYER);
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private HandlerManifest manifest() {
        return HandlerManifest.read(root);
    }

    private CloudFormationTemplate template() {
        return CloudFormationTemplate.read(root.resolve("template.yaml"));
    }

    private Iterable<String> codeProblems() {
        return manifest().codeProblems(root, root.resolve("layers/shared/src/main/java"));
    }

    @Test
    void acceptsAManifestThatMatchesTheTemplateAndTheCode() {
        assertThat(manifest().templateProblems(template())).isEmpty();
        assertThat(codeProblems()).isEmpty();
    }

    @Test
    void failsWhenTheCodeReadsAVariableNoManifestLists() throws IOException {
        write("functions/demo/src/main/java/demo/More.java", "class More { String s = env.get(\"NEW_SETTING\", \"\"); }");

        assertThat(codeProblems()).singleElement().asString().contains("reads NEW_SETTING");
    }

    @Test
    void failsWhenTheManifestListsAVariableOrPermissionTheCodeNeverUses() throws IOException {
        write("functions/demo/src/main/java/demo/Demo.java", CODE.replace("env.getInt(\"RETRIES\", 1)", "1")
                .replace("db.getItem(request);", ""));

        assertThat(codeProblems()).hasSize(2).anySatisfy(p -> assertThat(p).contains("RETRIES"))
                .anySatisfy(p -> assertThat(p).contains("dynamodb:GetItem"));
    }

    @Test
    void failsWhenTheCodeCallsAnApiNoManifestNeeds() throws IOException {
        write("functions/demo/src/main/java/demo/Demo.java", CODE.replace("db.getItem(request);",
                "db.getItem(request); db.putItem(request);"));

        assertThat(codeProblems()).singleElement().asString().contains("dynamodb:PutItem");
    }

    @Test
    void failsWhenTheTemplateLacksARequiredVariableOrSetsASecretsValue() throws IOException {
        write("template.yaml", TEMPLATE.replace("TABLE_NAME: !Ref Table", "API_KEY: plain-text"));

        assertThat(manifest().templateProblems(template())).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("TABLE_NAME (required) but it is not set"))
                .anySatisfy(p -> assertThat(p).contains("the secret's value must not be in the environment"));
    }

    @Test
    void failsWhenThePolicyGrantsMoreOrLessThanTheManifestNeeds() throws IOException {
        write("template.yaml", TEMPLATE.replace("Action: [dynamodb:GetItem]", "Action: [dynamodb:PutItem]"));

        assertThat(manifest().templateProblems(template())).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("needs dynamodb:GetItem"))
                .anySatisfy(p -> assertThat(p).contains("is granted dynamodb:PutItem"));
    }

    @Test
    void failsWhenTheTemplateSetsALocalOnlyVariableOrOneNoManifestReads() throws IOException {
        write("template.yaml", TEMPLATE.replace("TABLE_NAME: !Ref Table", "TABLE_NAME: !Ref Table\n"
                + "          DYNAMODB_ENDPOINT: http://localhost:8000\n          TYPO_NAME: x"));

        assertThat(manifest().templateProblems(template())).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("DYNAMODB_ENDPOINT"))
                .anySatisfy(p -> assertThat(p).contains("sets TYPO_NAME"));
    }
}
