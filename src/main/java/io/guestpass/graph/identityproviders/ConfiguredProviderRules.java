package io.guestpass.graph.identityproviders;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.ConfiguredIdentityProvider.ClaimsMapping;
import io.guestpass.platform.GraphException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a configured provider's settings must be; a refused value is a 400 {@code ValidationError} naming the field.
 * {@code metadataUrl} is only checked here, never fetched: the journey that uses the provider resolves and checks every
 * address it names when it runs (DNS can change in between).
 */
final class ConfiguredProviderRules {

    static final int MAX_DISPLAY_NAME = 256;
    static final int MAX_CLIENT_ID = 256;
    static final int MAX_CLIENT_SECRET = 1024;
    static final int MAX_URL = 2048;
    static final int MAX_SCOPE = 1024;
    static final int MAX_CLAIM = 128;
    static final String DEFAULT_SCOPE = "openid profile email";
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    /** RFC 6749 §3.3 scope-token. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** A DNS label; the last one (the top-level domain) starts with a letter, which rules out every IPv4 spelling. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private ConfiguredProviderRules() {
    }

    static String displayName(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_DISPLAY_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.validation("displayName", "displayName must be 1 to " + MAX_DISPLAY_NAME + " printable characters.");
        }
        return value.strip();
    }

    static String clientId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_CLIENT_ID || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw GraphException.validation("clientId", "clientId must be 1 to " + MAX_CLIENT_ID
                    + " characters without spaces: the application (client) id registered with the provider.");
        }
        return value;
    }

    static String clientSecret(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_CLIENT_SECRET || value.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.validation("clientSecret", "clientSecret must be 1 to " + MAX_CLIENT_SECRET + " printable characters.");
        }
        if (value.equals(ConfiguredProviderViews.MASK)) {
            throw GraphException.validation("clientSecret", "clientSecret '****' is how a stored secret reads back: send the new "
                    + "secret, or leave clientSecret out to keep the stored one.");
        }
        return value;
    }

    /**
     * An absolute https URL on port 443 naming a host by its DNS name (no IP literal, no user information, no fragment)
     * and ending in {@value #DISCOVERY_PATH}. With {@code allowLoopback} (development and tests, like API connectors)
     * {@code localhost} and {@code 127.0.0.1} may also be used, on any port, over http too.
     */
    static String metadataUrl(String value, boolean allowLoopback) {
        if (value == null) {
            throw badMetadataUrl("metadataUrl is required");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw badMetadataUrl("metadataUrl is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = allowLoopback && (host.equals("localhost") || host.equals("127.0.0.1")) && scheme.startsWith("http");
        if (value.length() > MAX_URL) {
            throw badMetadataUrl("metadataUrl is longer than " + MAX_URL + " characters");
        }
        if (!scheme.equals("https") && !loopback) {
            throw badMetadataUrl("metadataUrl must use https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw badMetadataUrl("metadataUrl must not carry a user name, password or fragment");
        }
        if (!loopback && (!isDnsName(host) || uri.getPort() != -1 && uri.getPort() != 443)) {
            throw badMetadataUrl("metadataUrl must name its host by a DNS name (not an IP address) on port 443");
        }
        if (uri.getRawPath() == null || !uri.getRawPath().endsWith(DISCOVERY_PATH)) {
            throw badMetadataUrl("metadataUrl must be the provider's discovery document, ending in " + DISCOVERY_PATH);
        }
        return uri.toString();
    }

    /** Space-separated scope tokens, each once, {@code openid} among them (OpenID Connect Core §3.1.2.1). */
    static String scope(String value) {
        if (value == null) {
            return DEFAULT_SCOPE;
        }
        List<String> tokens = new ArrayList<>();
        for (String token : value.strip().split(" +")) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw GraphException.validation("scope", "scope must be scope values separated by spaces, such as '"
                        + DEFAULT_SCOPE + "'.");
            }
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        if (value.length() > MAX_SCOPE) {
            throw GraphException.validation("scope", "scope must be at most " + MAX_SCOPE + " characters.");
        }
        if (!tokens.contains("openid")) {
            throw GraphException.validation("scope", "scope must include openid: without it the provider sends no ID token.");
        }
        return String.join(" ", tokens);
    }

    /** Each claim the administrator names, the standard claim for each one left out. */
    static ClaimsMapping claimsMapping(ClaimsMapping value) {
        if (value == null) {
            return ClaimsMapping.STANDARD;
        }
        return new ClaimsMapping(claim(value, "userId", ClaimsMapping::userId), claim(value, "email", ClaimsMapping::email),
                claim(value, "displayName", ClaimsMapping::displayName), claim(value, "givenName", ClaimsMapping::givenName),
                claim(value, "surname", ClaimsMapping::surname));
    }

    static ConfiguredIdentityProvider.ClientAuthentication clientAuthenticationMethod(String value) {
        if (value == null) {
            return ConfiguredIdentityProvider.ClientAuthentication.client_secret_basic;
        }
        try {
            return ConfiguredIdentityProvider.ClientAuthentication.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw GraphException.validation("clientAuthenticationMethod",
                    "clientAuthenticationMethod must be client_secret_basic or client_secret_post.");
        }
    }

    /** Graph's responseType and responseMode are accepted only as what Guestpass does: the code flow, answered in the query. */
    static void flow(String responseType, String responseMode) {
        if (responseType != null && !responseType.equals(ConfiguredProviderViews.RESPONSE_TYPE)) {
            throw GraphException.validation("responseType", "responseType must be code: Guestpass uses the authorization code flow.");
        }
        if (responseMode != null && !responseMode.equals(ConfiguredProviderViews.RESPONSE_MODE)) {
            throw GraphException.validation("responseMode", "responseMode must be query.");
        }
    }

    private static String claim(ClaimsMapping mapping, String field, Function<ClaimsMapping, String> read) {
        String value = read.apply(mapping);
        if (value == null) {
            return read.apply(ClaimsMapping.STANDARD);
        }
        if (value.isEmpty() || value.length() > MAX_CLAIM || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw GraphException.validation("claimsMapping." + field, "claimsMapping." + field + " must be a claim name of 1 to "
                    + MAX_CLAIM + " characters without spaces.");
        }
        return value;
    }

    private static boolean isDnsName(String host) {
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2 || host.length() > 253) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }

    private static GraphException badMetadataUrl(String why) {
        return GraphException.validation("metadataUrl", why + ": an absolute https URL on port 443, by host name, without user "
                + "name or fragment, ending in " + DISCOVERY_PATH + ", of at most " + MAX_URL + " characters.");
    }
}
