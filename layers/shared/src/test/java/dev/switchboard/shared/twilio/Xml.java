package dev.switchboard.shared.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Parses TwiML with javax.xml so tests check structure and values, not strings. Shared with the functions' tests
 * through this module's test-jar.
 */
public final class Xml {

    private final Document doc;

    private Xml(Document doc) {
        this.doc = doc;
    }

    public static Xml parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Xml(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }

    /** The document element ({@code <Response>} for TwiML). */
    public Element root() {
        return doc.getDocumentElement();
    }

    /** The tag names of {@code <Response>}'s children, in order. */
    public List<String> verbs() {
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("Response");
        return children(doc.getDocumentElement()).stream().map(Element::getTagName).toList();
    }

    public Element single(String tag) {
        assertThat(doc.getElementsByTagName(tag).getLength()).as("number of <%s>", tag).isEqualTo(1);
        return (Element) doc.getElementsByTagName(tag).item(0);
    }

    public List<Element> all(String tag) {
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < doc.getElementsByTagName(tag).getLength(); i++) {
            list.add((Element) doc.getElementsByTagName(tag).item(i));
        }
        return list;
    }

    /** {@code <Parameter name value>} children of ConversationRelay, in order. */
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        all("Parameter").forEach(p -> map.put(p.getAttribute("name"), p.getAttribute("value")));
        return map;
    }

    public static Map<String, String> attributes(Element element) {
        Map<String, String> map = new LinkedHashMap<>();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            map.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        return map;
    }

    public static List<Element> children(Element element) {
        List<Element> list = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }
}
