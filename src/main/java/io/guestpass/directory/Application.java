package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An application registered with the directory (Graph's {@code application}): a client that signs guests in through
 * Guestpass, and the API it may expose. Its client id is {@link #appId}. Redirect URIs are held per platform, because the
 * platform decides how a sign-in may end there (a confidential web app, a single-page app, a public client). Client
 * secrets are kept as SHA-256 hashes only: they are random 256-bit values, so a fast hash and a constant-time compare
 * are right (a password hash would only slow every token request).
 * <p>
 * Every accepted guest may use every application of the directory (per-application assignment is later work).
 */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    public static final String SIGN_IN_AUDIENCE = "AzureADMyOrg";

    /** The longest a client secret lives, and how long it lives when the request names no end (Entra's 2 years). */
    public static final Duration MAX_SECRET_LIFETIME = Duration.ofDays(730);

    /** How many secrets one application may hold at once (ours: they are all tried at every token request). */
    public static final int MAX_PASSWORD_CREDENTIALS = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    /** The platform that registered a redirect URI, which decides how the sign-in may end there. */
    public enum ClientKind { WEB, SPA, PUBLIC }

    /** A delegated permission the application's API exposes (Graph's {@code permissionScope}). */
    @RegisterForReflection
    public record PermissionScope(UUID id, String value, String adminConsentDisplayName, String adminConsentDescription,
            String userConsentDisplayName, String userConsentDescription, boolean enabled, String type) {
    }

    /** A client secret: only its hash is kept; its first three characters ({@code hint}) help people tell secrets apart. */
    @RegisterForReflection
    public record PasswordCredential(UUID keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime,
            String secretHash) {

        boolean isValidAt(Instant now) {
            return !now.isBefore(startDateTime) && now.isBefore(endDateTime);
        }
    }

    /**
     * The JSON columns hold an object around the list: Hibernate Reactive binds a jsonb value as a JSON object, and a
     * top-level array fails to decode.
     */
    @RegisterForReflection
    public record PermissionScopes(List<PermissionScope> items) {
    }

    @RegisterForReflection
    public record PasswordCredentials(List<PasswordCredential> items) {
    }

    /** A secret just added: {@code secretText} exists only in this object and in the one response that shows it. */
    public record NewSecret(PasswordCredential credential, String secretText) {
    }

    @Id
    public UUID id;

    @Column(name = "app_id")
    public UUID appId;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "sign_in_audience")
    public String signInAudience = SIGN_IN_AUDIENCE;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "web_redirect_uris", columnDefinition = "text[]")
    public List<String> webRedirectUris = new ArrayList<>();

    @Column(name = "web_logout_url")
    public String webLogoutUrl;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "spa_redirect_uris", columnDefinition = "text[]")
    public List<String> spaRedirectUris = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "public_client_redirect_uris", columnDefinition = "text[]")
    public List<String> publicClientRedirectUris = new ArrayList<>();

    /** The application's API identifiers (a token for it carries one as {@code aud}); unique in the directory (V7). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "identifier_uris", columnDefinition = "text[]")
    public List<String> identifierUris = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "permission_scopes")
    PermissionScopes scopes = new PermissionScopes(List.of());

    /** Changed only through {@link #addPassword} and {@link #removePassword}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "password_credentials")
    PasswordCredentials credentials = new PasswordCredentials(List.of());

    /**
     * The Guestpass API permissions this application's client-credentials tokens carry in {@code roles} (V14). Who may set
     * them is the API's rule (a Global Administrator); which names exist is {@code platform.Permissions}'.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "granted_permissions", columnDefinition = "text[]")
    public List<String> grantedPermissions = new ArrayList<>();

    /**
     * The Microsoft (personal account) application client ids whose ID tokens this application may present to the
     * sign-up back-end API (ours, V18): lower-case GUIDs, each once. Which values are allowed is the API's rule.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "microsoft_account_client_ids", columnDefinition = "text[]")
    public List<String> microsoftAccountClientIds = new ArrayList<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public int version;

    /** A new registration with a fresh object id and client id. */
    public static Application registered(String displayName, Instant now) {
        Application app = new Application();
        app.id = UUID.randomUUID();
        app.appId = UUID.randomUUID();
        app.displayName = displayName;
        app.createdAt = now;
        return app;
    }

    /**
     * Makes this a public client known in advance: this client id and name, exactly these redirect URIs, no other
     * platform (e.g. development's sample application, registered at start-up).
     */
    public void describePublicClient(UUID clientId, String name, List<String> redirectUris) {
        appId = clientId;
        displayName = name;
        webRedirectUris = new ArrayList<>();
        spaRedirectUris = new ArrayList<>();
        publicClientRedirectUris = new ArrayList<>(redirectUris);
    }

    /** The application with this client id; null when there is none or {@code appId} is not a client id at all. */
    public static Uni<Application> findByAppId(String appId) {
        UUID id = uuidOrNull(appId);
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return find("appId", id).firstResult();
    }

    /** The application that holds this identifier URI (exactly, as registered); null when none does. */
    public static Uni<Application> findByIdentifierUri(String uri) {
        if (uri == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("select a.* from application a "
                        + "join application_identifier_uri u on u.application_id = a.id where u.uri = :uri", Application.class)
                .setParameter("uri", uri)
                .getSingleResultOrNull());
    }

    /**
     * Which platform registered exactly this redirect URI: compared as strings, case-sensitively. A public client's
     * loopback URI ({@code http://127.0.0.1}, {@code http://[::1]}, {@code http://localhost}) also matches on any port,
     * as native apps listen on whatever port is free (RFC 8252 §7.3); everything else must be the same.
     */
    /** Whether the URI is one of the registered redirect URIs, exactly (post_logout_redirect_uri: no loopback port freedom). */
    public boolean registersExactly(String uri) {
        return uri != null && (webRedirectUris.contains(uri) || spaRedirectUris.contains(uri) || publicClientRedirectUris.contains(uri));
    }

        public Optional<ClientKind> redirectKind(String redirectUri) {
        if (redirectUri == null) {
            return Optional.empty();
        }
        if (webRedirectUris.contains(redirectUri)) {
            return Optional.of(ClientKind.WEB);
        }
        if (spaRedirectUris.contains(redirectUri)) {
            return Optional.of(ClientKind.SPA);
        }
        if (publicClientRedirectUris.contains(redirectUri)) {
            return Optional.of(ClientKind.PUBLIC);
        }
        String presented = loopbackWithoutPort(redirectUri);
        if (presented != null && publicClientRedirectUris.stream().map(Application::loopbackWithoutPort).anyMatch(presented::equals)) {
            return Optional.of(ClientKind.PUBLIC);
        }
        return Optional.empty();
    }

    /**
     * Whether this is the secret of one of the application's unexpired credentials. Its hash is compared with every
     * credential's in constant time, all of them every time, so the answer takes as long whichever matched.
     */
    public boolean verifiesSecret(String presented, Instant now) {
        if (presented == null) {
            return false;
        }
        byte[] hash = sha256(presented);
        boolean verified = false;
        for (PasswordCredential credential : passwordCredentials()) {
            boolean same = MessageDigest.isEqual(hash, Base64.getDecoder().decode(credential.secretHash()));
            verified |= same && credential.isValidAt(now);
        }
        return verified;
    }

    /**
     * A confidential client: one that holds a secret to authenticate with. Only such a client may get tokens for itself
     * (client credentials); a public or single-page client has nothing to prove who is asking.
     */
    public boolean isConfidential() {
        return !passwordCredentials().isEmpty();
    }

    /** Where the application wants people sent after they sign out ({@code web.logoutUrl}); empty when it named none. */
    public List<String> logoutUrls() {
        return webLogoutUrl == null ? List.of() : List.of(webLogoutUrl);
    }

    /** The delegated permissions the application's API exposes ({@code api.oauth2PermissionScopes}). */
    public List<PermissionScope> permissionScopes() {
        return scopes.items();
    }

    public void replacePermissionScopes(List<PermissionScope> permissionScopes) {
        scopes = new PermissionScopes(List.copyOf(permissionScopes));
    }

    /** The client secrets, as hashes. */
    public List<PasswordCredential> passwordCredentials() {
        return credentials.items();
    }

    /** The {@code value}s of the scopes the application's API exposes and has enabled. */
    public List<String> enabledScopeValues() {
        return permissionScopes().stream().filter(PermissionScope::enabled).map(PermissionScope::value).toList();
    }

    /**
     * Adds a client secret: 256 random bits, base64url. Only its SHA-256 is kept. The end defaults to, and may not be
     * later than, {@link #MAX_SECRET_LIFETIME} from now, and must be in the future.
     */
    public NewSecret addPassword(String displayName, Instant endDateTime, Instant now) {
        if (passwordCredentials().size() >= MAX_PASSWORD_CREDENTIALS) {
            throw new DirectoryRuleException("An application holds at most " + MAX_PASSWORD_CREDENTIALS
                    + " secrets: remove one first.");
        }
        Instant end = endDateTime == null ? now.plus(MAX_SECRET_LIFETIME) : endDateTime;
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("passwordCredential.endDateTime must be in the future.");
        }
        if (end.isAfter(now.plus(MAX_SECRET_LIFETIME))) {
            throw new IllegalArgumentException("passwordCredential.endDateTime may be at most 2 years (730 days) from now.");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PasswordCredential credential = new PasswordCredential(UUID.randomUUID(), displayName, secret.substring(0, 3), now, end,
                Base64.getEncoder().encodeToString(sha256(secret)));
        List<PasswordCredential> kept = new ArrayList<>(passwordCredentials());
        kept.add(credential);
        credentials = new PasswordCredentials(List.copyOf(kept)); // a new value: Hibernate sees the JSON column change
        return new NewSecret(credential, secret);
    }

    /** Removes the secret with this key id; false when the application has none such. */
    public boolean removePassword(UUID keyId) {
        List<PasswordCredential> kept = new ArrayList<>(passwordCredentials());
        boolean removed = kept.removeIf(c -> Objects.equals(c.keyId(), keyId));
        credentials = new PasswordCredentials(List.copyOf(kept));
        return removed;
    }

    /** Whether this is {@code http://} to a loopback host (any port): allowed for public and single-page clients only. */
    public static boolean isLoopback(URI uri) {
        return "http".equals(uri.getScheme()) && uri.getRawAuthority() != null && uri.getRawUserInfo() == null
                && LOOPBACK_HOSTS.contains(hostOf(uri.getRawAuthority()));
    }

    /** A loopback URI with its port taken out, so that two of them compare on everything else; null for other URIs. */
    private static String loopbackWithoutPort(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!isLoopback(uri)) {
            return null;
        }
        String authority = uri.getRawAuthority();
        return "http://" + hostOf(authority) + value.substring(("http://" + authority).length());
    }

    /** The host of an authority, {@code [::1]} keeping its brackets, the port taken off. */
    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static UUID uuidOrNull(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
