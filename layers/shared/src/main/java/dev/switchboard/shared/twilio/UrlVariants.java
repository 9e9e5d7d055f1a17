package dev.switchboard.shared.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The spellings of one URL that Twilio may have signed: as given, with and without the default port. */
final class UrlVariants {

    private UrlVariants() {
    }

    static List<String> withAndWithoutDefaultPort(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            int defaultPort = switch (scheme) {
                case "https", "wss" -> 443;
                case "http", "ws" -> 80;
                default -> -1;
            };
            if (defaultPort > 0 && uri.getRawAuthority() != null) {
                String hostOnly = uri.getHost();
                String path = url.substring(url.indexOf(uri.getRawAuthority()) + uri.getRawAuthority().length());
                String prefix = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@");
                if (uri.getPort() == defaultPort) {
                    variants.add(prefix + hostOnly + path);
                } else if (uri.getPort() == -1) {
                    variants.add(prefix + hostOnly + ":" + defaultPort + path);
                }
            }
        } catch (URISyntaxException e) {
            // not a URL we can rewrite: only the given spelling is checked
        }
        return List.copyOf(variants);
    }
}
