package io.guestpass.graph.applications;

import io.guestpass.directory.Application;
import io.guestpass.graph.invitations.ValidInvitation;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.Permissions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An application request whose every value was checked: a null field was not given (PATCH leaves it as it is). Checks
 * that need the whole application (the number of redirect URIs, one URI on two platforms) are {@link #checkWhole}'s.
 */
record ValidApplication(String displayName, List<String> webRedirectUris, String webLogoutUrl, boolean clearsLogoutUrl,
        List<String> spaRedirectUris, List<String> publicClientRedirectUris, List<String> identifierUris,
        List<Application.PermissionScope> permissionScopes, List<String> grantedPermissions,
        List<String> microsoftAccountClientIds) {

    static final int MAX_REDIRECT_URIS = 256;
    static final int MAX_URI = 1000;
    static final int MAX_IDENTIFIER_URIS = 50;
    static final int MAX_SCOPES = 100;
    static final int MAX_SCOPE_VALUE = 120;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_MICROSOFT_ACCOUNT_CLIENT_IDS = 10;
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SCOPE_VALUE = Pattern.compile("[A-Za-z0-9._-]++");
    /** RFC 3986 scheme; a private-use one is a reversed domain name, so it has a dot (RFC 8252 §7.1). */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*+(?:\\.[a-z0-9+-]++)++");

    /**
     * @param creating           POST: displayName is required
     * @param allowHttpLocalhostWeb development only: a web app on {@code http://localhost} (as for invitation redirects)
     */
    static ValidApplication of(ApplicationRequest request, boolean creating, boolean allowHttpLocalhostWeb) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        String name = request.displayName();
        if (name != null || creating) {
            if (name == null || name.isBlank()) {
                throw GraphException.badRequest("displayName is required.");
            }
            ValidInvitation.text(name, "displayName", ValidInvitation.MAX_NAME, false);
        }
        if (request.signInAudience() != null && !request.signInAudience().equals(Application.SIGN_IN_AUDIENCE)) {
            throw GraphException.badRequest("signInAudience must be " + Application.SIGN_IN_AUDIENCE
                    + ": applications sign in the directory's own guests only.");
        }
        List<String> web = null;
        String logout = null;
        boolean clearsLogout = false;
        if (request.web() != null) {
            web = redirectUris(request.web().redirectUris(), "web.redirectUris", Application.ClientKind.WEB, allowHttpLocalhostWeb);
            String raw = request.web().logoutUrl();
            clearsLogout = raw != null && raw.isEmpty();
            if (raw != null && !raw.isEmpty()) {
                logout = redirectUri(raw, "web.logoutUrl", Application.ClientKind.WEB, allowHttpLocalhostWeb);
            }
        }
        List<String> spa = request.spa() == null ? null
                : redirectUris(request.spa().redirectUris(), "spa.redirectUris", Application.ClientKind.SPA, false);
        List<String> publicClient = request.publicClient() == null ? null
                : redirectUris(request.publicClient().redirectUris(), "publicClient.redirectUris", Application.ClientKind.PUBLIC, false);
        List<String> identifiers = request.identifierUris() == null ? null : identifierUris(request.identifierUris());
        List<Application.PermissionScope> scopes = request.api() == null || request.api().oauth2PermissionScopes() == null ? null
                : scopes(request.api().oauth2PermissionScopes());
        List<String> granted = request.grantedPermissions() == null ? null : grantedPermissions(request.grantedPermissions());
        List<String> microsoftClients = request.microsoftAccountClientIds() == null ? null
                : microsoftAccountClientIds(request.microsoftAccountClientIds());
        return new ValidApplication(name, web, logout, clearsLogout, spa, publicClient, identifiers, scopes, granted,
                microsoftClients);
    }

    /** Writes the given values onto the application, then checks what only the whole can tell. */
    void applyTo(Application app) {
        if (displayName != null) {
            app.displayName = displayName;
        }
        if (webRedirectUris != null) {
            app.webRedirectUris = webRedirectUris;
        }
        if (webLogoutUrl != null || clearsLogoutUrl) {
            app.webLogoutUrl = webLogoutUrl;
        }
        if (spaRedirectUris != null) {
            app.spaRedirectUris = spaRedirectUris;
        }
        if (publicClientRedirectUris != null) {
            app.publicClientRedirectUris = publicClientRedirectUris;
        }
        if (identifierUris != null) {
            app.identifierUris = identifierUris;
        }
        if (permissionScopes != null) {
            app.replacePermissionScopes(permissionScopes);
        }
        if (grantedPermissions != null) {
            app.grantedPermissions = grantedPermissions;
        }
        if (microsoftAccountClientIds != null) {
            app.microsoftAccountClientIds = microsoftAccountClientIds;
        }
        checkWhole(app);
    }

    /** At most 256 redirect URIs in all, and none on two platforms: a redirect URI says which kind of client is back. */
    static void checkWhole(Application app) {
        int total = app.webRedirectUris.size() + app.spaRedirectUris.size() + app.publicClientRedirectUris.size();
        if (total > MAX_REDIRECT_URIS) {
            throw GraphException.badRequest("An application may have at most " + MAX_REDIRECT_URIS
                    + " redirect URIs in web, spa and publicClient together.");
        }
        Set<String> seen = new HashSet<>();
        for (List<String> platform : List.of(app.webRedirectUris, app.spaRedirectUris, app.publicClientRedirectUris)) {
            for (String uri : platform) {
                if (!seen.add(uri)) {
                    throw GraphException.badRequest("redirectUris: '" + uri + "' is registered on two platforms (web, spa, "
                            + "publicClient); a redirect URI belongs to one.");
                }
            }
        }
    }

    private static List<String> redirectUris(List<String> values, String field, Application.ClientKind kind, boolean devWeb) {
        if (values == null) {
            return null;
        }
        if (values.size() > MAX_REDIRECT_URIS) {
            throw GraphException.badRequest(field + " may list at most " + MAX_REDIRECT_URIS + " URIs.");
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String uri = redirectUri(value, field, kind, devWeb);
            if (out.contains(uri)) {
                throw GraphException.badRequest(field + ": '" + uri + "' is listed twice.");
            }
            out.add(uri);
        }
        return out;
    }

    /**
     * An absolute URI without fragment, wildcard or credentials: https; {@code http} to a loopback host for public and
     * single-page clients; a private-use scheme ({@code com.example.app:/callback}) for public clients only.
     */
    static String redirectUri(String value, String field, Application.ClientKind kind, boolean devWeb) {
        URI uri = parsedUri(value, field);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = switch (scheme) {
            case "https" -> uri.getHost() != null;
            case "http" -> Application.isLoopback(uri) && (kind != Application.ClientKind.WEB || devWeb);
            default -> kind == Application.ClientKind.PUBLIC && PRIVATE_USE_SCHEME.matcher(scheme).matches()
                    && !uri.isOpaque();
        };
        if (!allowed) {
            throw GraphException.badRequest(field + ": '" + value + "' is not allowed: use an https URL"
                    + (kind == Application.ClientKind.WEB ? "" : ", http://localhost, http://127.0.0.1 or http://[::1]")
                    + (kind == Application.ClientKind.PUBLIC ? ", or a private-use scheme such as com.example.app:/callback" : "")
                    + ".");
        }
        return value;
    }

    /** Names the API knows ({@link Permissions#ALL}), each once, exactly as spelled there. */
    private static List<String> grantedPermissions(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value == null || !Permissions.ALL.contains(value)) {
                throw GraphException.badRequest("grantedPermissions: '" + (value == null ? "null" : printable(value))
                        + "' is not a permission of this API (" + String.join(", ", Permissions.ALL) + ").");
            }
            if (out.contains(value)) {
                throw GraphException.badRequest("grantedPermissions: '" + value + "' is listed twice.");
            }
            out.add(value);
        }
        return out;
    }

    /**
     * Microsoft application (client) ids: GUIDs, compared and kept in lower case (an ID token's {@code aud} is lower
     * case), each once, at most {@link #MAX_MICROSOFT_ACCOUNT_CLIENT_IDS}.
     */
    private static List<String> microsoftAccountClientIds(List<String> values) {
        String field = "microsoftAccountClientIds";
        if (values.size() > MAX_MICROSOFT_ACCOUNT_CLIENT_IDS) {
            throw GraphException.badRequest(field + " may list at most " + MAX_MICROSOFT_ACCOUNT_CLIENT_IDS + " client ids.");
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String clientId = value == null ? null : value.toLowerCase(Locale.ROOT);
            if (clientId == null || !GUID.matcher(clientId).matches()) {
                throw GraphException.badRequest(field + ": '" + (value == null ? "null" : printable(value))
                        + "' is not a Microsoft application (client) id: use the GUID shown as Application (client) ID.");
            }
            if (out.contains(clientId)) {
                throw GraphException.badRequest(field + ": '" + clientId + "' is listed twice.");
            }
            out.add(clientId);
        }
        return out;
    }

    private static List<String> identifierUris(List<String> values) {
        if (values.size() > MAX_IDENTIFIER_URIS) {
            throw GraphException.badRequest("identifierUris may list at most " + MAX_IDENTIFIER_URIS + " URIs.");
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            URI uri = parsedUri(value, "identifierUris");
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean allowed = (scheme.equals("https") && uri.getHost() != null)
                    || (scheme.equals("api") && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty());
            if (!allowed) {
                throw GraphException.badRequest("identifierUris: '" + value + "' must be api://… or an https URL.");
            }
            if (out.contains(value)) {
                throw GraphException.badRequest("identifierUris: '" + value + "' is listed twice.");
            }
            out.add(value);
        }
        return out;
    }

    /** An absolute URI of printable ASCII, without fragment, wildcard or user name; at most 1000 characters. */
    private static URI parsedUri(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw GraphException.badRequest(field + " may not contain empty entries.");
        }
        if (value.length() > MAX_URI) {
            throw GraphException.badRequest(field + ": a URI may be at most " + MAX_URI + " characters long.");
        }
        if (value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw GraphException.badRequest(field + ": '" + printable(value) + "' contains white space, control or non-ASCII "
                    + "characters (percent-encode them).");
        }
        if (value.indexOf('#') >= 0) {
            throw GraphException.badRequest(field + ": '" + value + "' may not have a fragment (#).");
        }
        if (value.indexOf('*') >= 0) {
            throw GraphException.badRequest(field + ": '" + value + "' may not contain wildcards (*).");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw GraphException.badRequest(field + ": '" + value + "' is not a valid URI.");
        }
        if (!uri.isAbsolute()) {
            throw GraphException.badRequest(field + ": '" + value + "' must be an absolute URI.");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw GraphException.badRequest(field + ": '" + value + "' may not carry a user name or password.");
        }
        return uri;
    }

    private static List<Application.PermissionScope> scopes(List<ApplicationView.PermissionScope> values) {
        if (values.size() > MAX_SCOPES) {
            throw GraphException.badRequest("api.oauth2PermissionScopes may list at most " + MAX_SCOPES + " scopes.");
        }
        List<Application.PermissionScope> out = new ArrayList<>();
        Set<String> valuesSeen = new HashSet<>();
        Set<UUID> idsSeen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String field = "api.oauth2PermissionScopes[" + i + "]";
            ApplicationView.PermissionScope scope = values.get(i);
            if (scope == null) {
                throw GraphException.badRequest(field + " may not be null.");
            }
            String value = scope.value();
            if (value == null || value.length() > MAX_SCOPE_VALUE || !SCOPE_VALUE.matcher(value).matches()) {
                throw GraphException.badRequest(field + ".value must be 1 to " + MAX_SCOPE_VALUE
                        + " characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
            }
            if (!valuesSeen.add(value.toLowerCase(Locale.ROOT))) {
                throw GraphException.badRequest(field + ".value '" + value + "' is already a scope of this application.");
            }
            UUID id = scope.id() == null ? UUID.randomUUID() : scopeId(scope.id(), field);
            if (!idsSeen.add(id)) {
                throw GraphException.badRequest(field + ".id '" + id + "' is already a scope of this application.");
            }
            String type = scope.type() == null ? "User" : scope.type();
            if (!type.equals("User") && !type.equals("Admin")) {
                throw GraphException.badRequest(field + ".type must be User or Admin.");
            }
            out.add(new Application.PermissionScope(id, value,
                    ValidInvitation.text(scope.adminConsentDisplayName(), field + ".adminConsentDisplayName", ValidInvitation.MAX_NAME, false),
                    ValidInvitation.text(scope.adminConsentDescription(), field + ".adminConsentDescription", MAX_DESCRIPTION, true),
                    ValidInvitation.text(scope.userConsentDisplayName(), field + ".userConsentDisplayName", ValidInvitation.MAX_NAME, false),
                    ValidInvitation.text(scope.userConsentDescription(), field + ".userConsentDescription", MAX_DESCRIPTION, true),
                    scope.isEnabled() == null || scope.isEnabled(), type));
        }
        return out;
    }

    private static UUID scopeId(String id, String field) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw GraphException.badRequest(field + ".id must be a GUID.");
    }

    /** A hostile value quoted back without its control characters. */
    private static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
