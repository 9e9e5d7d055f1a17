package dev.switchboard.testkit.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testkit.dynamodb.Expression.And;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import dev.switchboard.testkit.dynamodb.Expression.Not;
import dev.switchboard.testkit.dynamodb.Expression.Or;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expression language on its own: precedence, functions, paths, update semantics. */
class ExpressionParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ExpressionAttributes attributes(String names, String values) {
        try {
            return new ExpressionAttributes(names == null ? null : MAPPER.readTree(names),
                    values == null ? null : MAPPER.readTree(values));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, DynamoValue> item(String json) {
        try {
            return ValueJson.readItem(MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final Map<String, DynamoValue> ITEM = item("""
            {"pk":{"S":"CALL#1"},"turn":{"N":"3"},"name":{"S":"Ada"},"tags":{"SS":["vip","new"]},
             "profile":{"M":{"langs":{"L":[{"S":"en"},{"S":"fr"}]},"age":{"N":"36"}}},"bin":{"B":"AQID"},
             "done":{"BOOL":false},"gone":{"NULL":true}}""");

    private static boolean test(String expression, String values) {
        ExpressionAttributes attributes = attributes("{\"#n\":\"name\"}", values);
        Condition c = ExpressionParser.condition(expression, "ConditionExpression", attributes);
        return ConditionEvaluator.test(c, ITEM);
    }

    @Test
    void bindsNotTighterThanAndAndAndTighterThanOr() {
        Condition c = ExpressionParser.condition("NOT a = :v OR b = :v AND c = :v", "ConditionExpression",
                attributes(null, "{\":v\":{\"N\":\"1\"}}"));

        assertThat(c).isInstanceOf(Or.class);
        assertThat(((Or) c).left()).isInstanceOf(Not.class);
        assertThat(((Or) c).right()).isInstanceOf(And.class);
    }

    @Test
    void evaluatesComparisonsAndLogic() {
        String v = "{\":three\":{\"N\":\"3.0\"},\":two\":{\"N\":\"2\"},\":ada\":{\"S\":\"Ada\"}}";
        assertThat(test("turn = :three AND #n = :ada", v)).isTrue();
        assertThat(test("turn > :two AND NOT (#n <> :ada)", v)).isTrue();
        assertThat(test("(turn < :two OR #n = :ada) AND turn >= :three", v)).isTrue();
        assertThat(test("turn < :two OR #n <> :ada", v)).isFalse();
        assertThat(test("turn BETWEEN :two AND :three AND turn IN (:two, :three)", v)).isTrue();
        assertThat(test("#n > :two", v)).as("different types never order").isFalse();
    }

    @Test
    void treatsAMissingAttributeAsUnequalButNeverOrdered() {
        String v = "{\":one\":{\"N\":\"1\"}}";
        assertThat(test("absent <> :one", v)).isTrue();
        assertThat(test("absent = :one", v)).isFalse();
        assertThat(test("absent < :one OR absent >= :one", v)).isFalse();
    }

    @Test
    void evaluatesFunctionsAndDocumentPaths() {
        String v = """
                {":en":{"S":"en"},":vip":{"S":"vip"},":A":{"S":"A"},":two":{"N":"2"},":m":{"S":"M"},
                 ":b":{"B":"AQ=="},":ss":{"S":"SS"},":36":{"N":"36"}}""";
        assertThat(test("attribute_exists(profile.langs[1]) AND attribute_not_exists(profile.langs[2])", v)).isTrue();
        assertThat(test("profile.langs[0] = :en AND profile.age = :36", v)).isTrue();
        assertThat(test("contains(tags, :vip) AND contains(profile.langs, :en) AND contains(#n, :A)", v)).isTrue();
        assertThat(test("begins_with(#n, :A) AND begins_with(bin, :b)", v)).isTrue();
        assertThat(test("size(tags) = :two AND size(profile.langs) = :two", v)).isTrue();
        assertThat(test("attribute_type(profile, :m) AND attribute_type(tags, :ss)", v)).isTrue();
        assertThat(test("attribute_exists(gone) AND done <> :en", v)).isTrue();
    }

    @Test
    void rejectsMalformedExpressions() {
        ExpressionAttributes a = attributes(null, "{\":v\":{\"N\":\"1\"},\":m\":{\"M\":{}}}");
        assertThatThrownBy(() -> ExpressionParser.condition("a = :v AND", "ConditionExpression", a))
                .hasMessageContaining("Syntax error; token: \"<EOF>\"");
        assertThatThrownBy(() -> ExpressionParser.condition("(a = :v", "ConditionExpression", a))
                .hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> ExpressionParser.condition("a < :m", "ConditionExpression", a))
                .hasMessageContaining("Incorrect operand type");
        assertThatThrownBy(() -> ExpressionParser.condition("frobnicate(a)", "ConditionExpression", a))
                .hasMessageContaining("Invalid function name; function: frobnicate");
        assertThatThrownBy(() -> ExpressionParser.condition("a = :nope", "ConditionExpression", a))
                .hasMessageContaining("attribute value: :nope");
        assertThatThrownBy(() -> ExpressionParser.condition("a BETWEEN :v AND :v2", "ConditionExpression",
                attributes(null, "{\":v\":{\"N\":\"5\"},\":v2\":{\"N\":\"1\"}}")))
                .hasMessageContaining("BETWEEN operator requires upper bound");
        assertThatThrownBy(() -> ExpressionParser.update("SET a = :v SET b = :v", a))
                .hasMessageContaining("The \"SET\" section can only be used once");
        assertThatThrownBy(() -> ExpressionParser.update("ADD a :m", a))
                .hasMessageContaining("Incorrect operand type");
        assertThatThrownBy(() -> ExpressionParser.projection("a, a.b", a))
                .hasMessageContaining("Two document paths overlap");
    }

    private static Map<String, DynamoValue> update(String expression, String values, Map<String, DynamoValue> old) {
        return UpdateApplier.apply(ExpressionParser.update(expression, attributes(null, values)), old);
    }

    @Test
    void evaluatesEveryUpdateOperandAgainstTheOldItem() {
        Map<String, DynamoValue> result = update("SET a = b, b = a", "{\":unused\":{\"N\":\"0\"}}".replace(
                ":unused", ":u"), item("{\"a\":{\"N\":\"1\"},\"b\":{\"N\":\"2\"}}"));

        assertThat(result).isEqualTo(item("{\"a\":{\"N\":\"2\"},\"b\":{\"N\":\"1\"}}"));
    }

    @Test
    void appliesSetRemoveAddAndDeleteTogether() {
        Map<String, DynamoValue> old = item("""
                {"n":{"N":"10"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"d"}]},"s":{"SS":["x","y"]},
                 "m":{"M":{"k":{"S":"v"}}},"junk":{"S":"me"},"l2":{"L":[]},"s2":{"NS":["1","2"]}}""");

        Map<String, DynamoValue> result = update(
                "REMOVE l[1], l[3], junk SET m.k2 = :v, n = n - :one, l2[9] = :z ADD s :more, cnt :one DELETE s2 :x",
                """
                {":v":{"S":"w"},":one":{"N":"1"},":z":{"S":"z"},":more":{"SS":["q"]},":x":{"NS":["2.0"]}}""", old);

        assertThat(result).isEqualTo(item("""
                {"n":{"N":"9"},"l":{"L":[{"S":"a"},{"S":"c"}]},"s":{"SS":["x","y","q"]},
                 "m":{"M":{"k":{"S":"v"},"k2":{"S":"w"}}},"l2":{"L":[{"S":"z"}]},"s2":{"NS":["1"]},
                 "cnt":{"N":"1"}}"""));
    }

    @Test
    void rejectsUpdatesThroughMissingParentsOrOnWrongTypes() {
        Map<String, DynamoValue> old = item("{\"s\":{\"S\":\"text\"}}");
        assertThatThrownBy(() -> update("SET absent.child = :v", "{\":v\":{\"N\":\"1\"}}", old))
                .hasMessageContaining("document path provided in the update expression is invalid");
        assertThatThrownBy(() -> update("SET x = absent + :v", "{\":v\":{\"N\":\"1\"}}", old))
                .hasMessageContaining("refers to an attribute that does not exist");
        assertThatThrownBy(() -> update("ADD s :v", "{\":v\":{\"N\":\"1\"}}", old))
                .hasMessageContaining("incorrect data type");
    }

    @Test
    void keepsArbitraryPrecisionNumbers() {
        Map<String, DynamoValue> result = update("SET n = n + :tiny", "{\":tiny\":{\"N\":\"0.000000000000000000001\"}}",
                item("{\"n\":{\"N\":\"12345678901234567\"}}"));

        assertThat(ValueJson.write(result.get("n")).get("N").asText())
                .isEqualTo("12345678901234567.000000000000000000001");
    }
}
