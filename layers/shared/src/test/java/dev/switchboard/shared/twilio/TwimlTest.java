package dev.switchboard.shared.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class TwimlTest {

    @Test
    void connectsConversationRelayWithEveryAttributeLanguageAndParameter() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("welcomeGreeting", "Hi! Tom & Jerry's <Pizza> says \"hello\" & 'welcome'");
        attributes.put("language", "en-US");
        attributes.put("ttsProvider", "ElevenLabs");
        attributes.put("voice", "UgBBYS2sOqTuMpoF3BR0");
        attributes.put("dtmfDetection", "true");
        attributes.put("interruptible", "speech");
        attributes.put("reportInputDuringAgentSpeech", "dtmf");
        attributes.put("speechTimeout", "auto");
        attributes.put("hints", "Margherita, Quattro Formaggi");
        List<Twiml.Language> languages = List.of(
                new Twiml.Language("es-ES", Map.of("ttsProvider", "Google", "voice", "es-ES-Neural2-B")),
                new Twiml.Language("fr-FR", Map.of()));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("callSid", "CA123");
        parameters.put("note", "a&b <c> \"d\"");

        String xml = Twiml.response()
                .connect("https://api.example.com/twiml/action?x=1&y=2",
                        new Twiml.ConversationRelay("wss://ws.example.com/prod", attributes, languages, parameters))
                .toXml();

        Xml doc = Xml.parse(xml);
        Element connect = doc.single("Connect");
        assertThat(Xml.attributes(connect)).containsExactly(Map.entry("action", "https://api.example.com/twiml/action?x=1&y=2"));
        Element relay = doc.single("ConversationRelay");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("url", "wss://ws.example.com/prod");
        expected.putAll(attributes);
        assertThat(Xml.attributes(relay)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(relay.getParentNode()).isEqualTo(connect);
        List<Element> children = Xml.children(relay);
        assertThat(children).extracting(Element::getTagName)
                .containsExactly("Language", "Language", "Parameter", "Parameter");
        assertThat(Xml.attributes(children.get(0))).containsExactlyInAnyOrderEntriesOf(
                Map.of("code", "es-ES", "ttsProvider", "Google", "voice", "es-ES-Neural2-B"));
        assertThat(Xml.attributes(children.get(1))).containsExactlyEntriesOf(Map.of("code", "fr-FR"));
        assertThat(Xml.attributes(children.get(2))).containsExactlyInAnyOrderEntriesOf(Map.of("name", "callSid", "value", "CA123"));
        assertThat(Xml.attributes(children.get(3))).containsExactlyInAnyOrderEntriesOf(Map.of("name", "note", "value", "a&b <c> \"d\""));
    }

    @Test
    void escapesAmpersandsQuotesAndAnglesInTheRawXml() {
        String xml = Twiml.response()
                .connect("https://a.example/act", new Twiml.ConversationRelay("wss://w.example/p?cid=a&x=b",
                        Map.of("welcomeGreeting", "Fish & \"chips\" <now>"), List.of(), Map.of()))
                .toXml();

        assertThat(xml).contains("url=\"wss://w.example/p?cid=a&amp;x=b\"")
                .contains("welcomeGreeting=\"Fish &amp; &quot;chips&quot; &lt;now&gt;\"")
                .doesNotContain("Fish & ");
    }

    @Test
    void keepsTheUrlFirstAndIgnoresAUrlAmongTheAttributes() {
        String xml = Twiml.response()
                .connect("https://a.example/act", new Twiml.ConversationRelay("wss://right.example/prod",
                        Map.of("url", "wss://wrong.example"), List.of(), Map.of()))
                .toXml();

        assertThat(xml).contains("<ConversationRelay url=\"wss://right.example/prod\">");
        assertThat(Xml.parse(xml).single("ConversationRelay").getAttribute("url")).isEqualTo("wss://right.example/prod");
    }

    @Test
    void saysTextInALanguageThenHangsUp() {
        Xml doc = Xml.parse(Twiml.response().say("Bye & thanks <3", "es-ES").hangup().toXml());

        List<Element> verbs = Xml.children(doc.root());
        assertThat(verbs).extracting(Element::getTagName).containsExactly("Say", "Hangup");
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Bye & thanks <3");
        assertThat(Xml.attributes(verbs.get(0))).containsExactlyEntriesOf(Map.of("language", "es-ES"));
    }

    @Test
    void omitsAnEmptySayLanguage() {
        Element say = Xml.parse(Twiml.response().say("Hello", "").toXml()).single("Say");

        assertThat(say.hasAttribute("language")).isFalse();
    }

    @Test
    void enqueuesWithATaskHoldingJson() {
        String task = "{\"reason\":\"caller_request\",\"summary\":\"Catering & <big> \\\"party\\\"\"}";

        Xml doc = Xml.parse(Twiml.response().enqueue("WW0123456789abcdef0123456789abcdef", task).toXml());

        Element enqueue = doc.single("Enqueue");
        assertThat(Xml.attributes(enqueue)).containsExactlyEntriesOf(Map.of("workflowSid", "WW0123456789abcdef0123456789abcdef"));
        Element taskElement = doc.single("Task");
        assertThat(taskElement.getParentNode()).isEqualTo(enqueue);
        assertThat(taskElement.getTextContent()).isEqualTo(task);
    }

    @Test
    void dialsANumber() {
        Xml doc = Xml.parse(Twiml.response().dial("+14155550100").toXml());

        Element number = doc.single("Number");
        assertThat(((Element) number.getParentNode()).getTagName()).isEqualTo("Dial");
        assertThat(number.getTextContent()).isEqualTo("+14155550100");
    }

    @Test
    void dropsCharactersXmlCannotCarryButKeepsEmojiAndNewlines() {
        String greeting = "Hi\u0000 there\u0007 😀\nline two";

        Element relay = Xml.parse(Twiml.response().connect("https://a.example/act",
                new Twiml.ConversationRelay("wss://w.example/p", Map.of("welcomeGreeting", greeting), List.of(),
                        Map.of())).toXml()).single("ConversationRelay");

        assertThat(relay.getAttribute("welcomeGreeting")).isEqualTo("Hi there 😀\nline two");
    }

    @Test
    void startsWithAnXmlDeclarationAndAResponse() {
        String xml = Twiml.response().hangup().toXml();

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>").endsWith("</Response>");
        assertThat(Xml.parse(xml).root().getTagName()).isEqualTo("Response");
    }
}
