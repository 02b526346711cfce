package io.guestpass.federation;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.ConfiguredIdentityProvider.ClaimsMapping;
import io.guestpass.directory.ConfiguredIdentityProvider.Type;
import io.guestpass.web.PageTexts;
import io.guestpass.web.Texts;
import io.quarkus.oidc.UserInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;

/**
 * A provider the directory's administrator configured (Google, Facebook, any OpenID Connect provider), as one row read
 * it: built per request from {@link ConfiguredIdentityProvider}, never a CDI bean. An identity is always (issuer,
 * subject); the address is trusted only where the provider vouches for it ({@code email_verified=true}), and Facebook's
 * never, for Facebook says nothing about it.
 */
public final class ConfiguredProvider implements OpenIdConnectProvider {

    /** Google's two spellings of its issuer (OpenID Connect discovery says https://accounts.google.com; older tokens omit the scheme). */
    static final java.util.Set<String> GOOGLE_ISSUERS = java.util.Set.of("https://accounts.google.com", "accounts.google.com");
    public static final String GOOGLE_ISSUER_LABEL = "google.com";
    public static final String FACEBOOK_ISSUER_LABEL = "facebook.com";

    private final String id;
    private final Type type;
    private final String displayName;
    private final String clientId;
    private final ClaimsMapping claims;
    private final int version;

    ConfiguredProvider(ConfiguredIdentityProvider row) {
        this.id = row.id;
        this.type = row.type;
        this.displayName = row.displayName;
        this.clientId = row.clientId;
        this.claims = row.claimsMapping == null ? ClaimsMapping.STANDARD : row.claimsMapping;
        this.version = row.version;
    }

    /** The path segment (and tenant key) of a configured provider: {@code google}, {@code facebook}, {@code oidc-<uuid>}. */
    public static String tenantOf(String providerId) {
        return providerId.replace("-OAUTH", "").toLowerCase(Locale.ROOT);
    }

    /** Whether a path segment may name a configured provider (checked before any database read). */
    static boolean isConfiguredTenant(String tenant) {
        return tenant.equals("google") || tenant.equals("facebook")
                || tenant.matches("oidc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return type.name();
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public String tenant() {
        return tenantOf(id);
    }

    public String clientId() {
        return clientId;
    }

    public int version() {
        return version;
    }

    /** Facebook can only be used to sign up: nothing it says about an address can be trusted, so no invitation is redeemed with it. */
    public boolean redeemsInvitations() {
        return type != Type.Facebook;
    }

    @Override
    public String buttonLabel(Locale locale) {
        return Texts.in(PageTexts.class, locale).signInWith(displayName);
    }

    @Override
    public FederatedIdentity identityFrom(JsonWebToken idToken) {
        return identityFrom(idToken, null);
    }

    @Override
    public FederatedIdentity identityFrom(JsonWebToken idToken, UserInfo userInfo) {
        if (type == Type.Facebook) {
            return facebook(userInfo);
        }
        String issuer = idToken.getIssuer();
        if (type == Type.Google) {
            if (!GOOGLE_ISSUERS.contains(issuer)) {
                throw new RefusedIdentityException("not a Google token (iss " + issuer + ")");
            }
            issuer = GOOGLE_ISSUER_LABEL;
        }
        String subject = type == Type.Google ? idToken.getSubject() : string(idToken.getClaim(claims.userId()));
        if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
            throw new RefusedIdentityException("the token names no issuer or no " + (type == Type.Google ? "sub" : claims.userId()));
        }
        String email = string(idToken.getClaim(type == Type.Google ? "email" : claims.email()));
        boolean verified = Boolean.TRUE.equals(bool(idToken.getClaim("email_verified")));
        String name = string(idToken.getClaim(type == Type.Google ? "name" : claims.displayName()));
        return new FederatedIdentity(id, issuer, subject, idToken.getSubject(), clientId, email, verified && email != null, name);
    }

    /** Facebook's Graph {@code /me}: its id within the app is the subject; the address is shown, never verified. */
    private FederatedIdentity facebook(UserInfo me) {
        String subject = me == null ? null : string(me.get("id"));
        if (subject == null) {
            throw new RefusedIdentityException("Facebook's /me named no id");
        }
        return new FederatedIdentity(id, FACEBOOK_ISSUER_LABEL, subject, subject, clientId, string(me.get("email")), false,
                string(me.get("name")));
    }

    private static String string(Object claim) {
        if (claim == null) {
            return null;
        }
        String value = claim instanceof jakarta.json.JsonString json ? json.getString() : claim.toString();
        return value.isBlank() ? null : value;
    }

    private static Boolean bool(Object claim) {
        if (claim instanceof Boolean b) {
            return b;
        }
        if (claim == jakarta.json.JsonValue.TRUE) {
            return true;
        }
        return claim != null && "true".equals(claim.toString()) ? Boolean.TRUE : Boolean.FALSE;
    }

    /** What a built tenant depends on: a new row version (secret, endpoints, scopes changed) builds it again. */
    record Key(String providerId, int version) {
    }

    Key key() {
        return new Key(id, version);
    }
}
