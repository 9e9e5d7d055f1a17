package dev.switchboard.local.caller;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the simulated caller needs from a TwiML answer: the {@code <Connect action>} URL and the
 * {@code <ConversationRelay>} URL, attributes and {@code <Parameter>}s, when the answer connects the call.
 */
public record RelayTwiml(String xml, Optional<Relay> relay) {

    /** A {@code <Connect><ConversationRelay>} answer. */
    public record Relay(String actionUrl, String url, Map<String, String> attributes, Map<String, String> parameters) {
        public Relay {
            attributes = Map.copyOf(attributes);
            parameters = Map.copyOf(parameters);
        }

        public Optional<String> welcomeGreeting() {
            return Optional.ofNullable(attributes.get("welcomeGreeting")).filter(s -> !s.isEmpty());
        }

        public String language() {
            return attributes.getOrDefault("language", "en-US");
        }
    }

    /** Parses TwiML; a document that is not XML is an {@link IllegalArgumentException}. */
    public static RelayTwiml parse(String xml) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("the answer is not TwiML: " + e.getMessage(), e);
        }
        NodeList connects = document.getElementsByTagName("Connect");
        for (int i = 0; i < connects.getLength(); i++) {
            Element connect = (Element) connects.item(i);
            NodeList relays = connect.getElementsByTagName("ConversationRelay");
            if (relays.getLength() == 0) {
                continue;
            }
            Element relay = (Element) relays.item(0);
            Map<String, String> attributes = new LinkedHashMap<>();
            NamedNodeMap attrs = relay.getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                attributes.put(attrs.item(a).getNodeName(), attrs.item(a).getNodeValue());
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            NodeList children = relay.getChildNodes();
            for (int c = 0; c < children.getLength(); c++) {
                Node child = children.item(c);
                if (child instanceof Element e && e.getTagName().equals("Parameter")) {
                    parameters.put(e.getAttribute("name"), e.getAttribute("value"));
                }
            }
            return new RelayTwiml(xml, Optional.of(new Relay(connect.getAttribute("action"),
                    relay.getAttribute("url"), attributes, parameters)));
        }
        return new RelayTwiml(xml, Optional.empty());
    }
}
