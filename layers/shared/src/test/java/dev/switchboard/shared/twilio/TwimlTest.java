package dev.switchboard.shared.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

class TwimlTest {

    @Test
    void connectsConversationRelayWithEveryAttributeLanguageAndParameter() throws Exception {
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

        Document doc = parse(xml);
        Element connect = single(doc, "Connect");
        assertThat(attributes(connect)).containsExactly(Map.entry("action", "https://api.example.com/twiml/action?x=1&y=2"));
        Element relay = single(doc, "ConversationRelay");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("url", "wss://ws.example.com/prod");
        expected.putAll(attributes);
        assertThat(attributes(relay)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(relay.getParentNode()).isEqualTo(connect);
        List<Element> children = children(relay);
        assertThat(children).extracting(Element::getTagName)
                .containsExactly("Language", "Language", "Parameter", "Parameter");
        assertThat(attributes(children.get(0))).containsExactlyInAnyOrderEntriesOf(
                Map.of("code", "es-ES", "ttsProvider", "Google", "voice", "es-ES-Neural2-B"));
        assertThat(attributes(children.get(1))).containsExactlyEntriesOf(Map.of("code", "fr-FR"));
        assertThat(attributes(children.get(2))).containsExactlyInAnyOrderEntriesOf(Map.of("name", "callSid", "value", "CA123"));
        assertThat(attributes(children.get(3))).containsExactlyInAnyOrderEntriesOf(Map.of("name", "note", "value", "a&b <c> \"d\""));
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
    void keepsTheUrlFirstAndIgnoresAUrlAmongTheAttributes() throws Exception {
        String xml = Twiml.response()
                .connect("https://a.example/act", new Twiml.ConversationRelay("wss://right.example/prod",
                        Map.of("url", "wss://wrong.example"), List.of(), Map.of()))
                .toXml();

        assertThat(xml).contains("<ConversationRelay url=\"wss://right.example/prod\">");
        assertThat(single(parse(xml), "ConversationRelay").getAttribute("url")).isEqualTo("wss://right.example/prod");
    }

    @Test
    void saysTextInALanguageThenHangsUp() throws Exception {
        Document doc = parse(Twiml.response().say("Bye & thanks <3", "es-ES").hangup().toXml());

        List<Element> verbs = children(doc.getDocumentElement());
        assertThat(verbs).extracting(Element::getTagName).containsExactly("Say", "Hangup");
        assertThat(verbs.get(0).getTextContent()).isEqualTo("Bye & thanks <3");
        assertThat(attributes(verbs.get(0))).containsExactlyEntriesOf(Map.of("language", "es-ES"));
    }

    @Test
    void omitsAnEmptySayLanguage() throws Exception {
        Element say = single(parse(Twiml.response().say("Hello", "").toXml()), "Say");

        assertThat(say.hasAttribute("language")).isFalse();
    }

    @Test
    void enqueuesWithATaskHoldingJson() throws Exception {
        String task = "{\"reason\":\"caller_request\",\"summary\":\"Catering & <big> \\\"party\\\"\"}";

        Document doc = parse(Twiml.response().enqueue("WW0123456789abcdef0123456789abcdef", task).toXml());

        Element enqueue = single(doc, "Enqueue");
        assertThat(attributes(enqueue)).containsExactlyEntriesOf(Map.of("workflowSid", "WW0123456789abcdef0123456789abcdef"));
        Element taskElement = single(doc, "Task");
        assertThat(taskElement.getParentNode()).isEqualTo(enqueue);
        assertThat(taskElement.getTextContent()).isEqualTo(task);
    }

    @Test
    void dialsANumber() throws Exception {
        Document doc = parse(Twiml.response().dial("+14155550100").toXml());

        Element number = single(doc, "Number");
        assertThat(((Element) number.getParentNode()).getTagName()).isEqualTo("Dial");
        assertThat(number.getTextContent()).isEqualTo("+14155550100");
    }

    @Test
    void dropsCharactersXmlCannotCarryButKeepsEmojiAndNewlines() throws Exception {
        String greeting = "Hi\u0000 there\u0007 😀\nline two";

        Element relay = single(parse(Twiml.response().connect("https://a.example/act",
                new Twiml.ConversationRelay("wss://w.example/p", Map.of("welcomeGreeting", greeting), List.of(),
                        Map.of())).toXml()), "ConversationRelay");

        assertThat(relay.getAttribute("welcomeGreeting")).isEqualTo("Hi there 😀\nline two");
    }

    @Test
    void startsWithAnXmlDeclarationAndAResponse() throws Exception {
        String xml = Twiml.response().hangup().toXml();

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>").endsWith("</Response>");
        assertThat(parse(xml).getDocumentElement().getTagName()).isEqualTo("Response");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static Element single(Document doc, String tag) {
        assertThat(doc.getElementsByTagName(tag).getLength()).as("number of <%s>", tag).isEqualTo(1);
        return (Element) doc.getElementsByTagName(tag).item(0);
    }

    static Map<String, String> attributes(Element element) {
        Map<String, String> map = new LinkedHashMap<>();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            map.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        return map;
    }

    static List<Element> children(Element element) {
        List<Element> list = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }
}
