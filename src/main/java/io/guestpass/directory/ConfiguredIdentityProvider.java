package io.guestpass.directory;

import io.guestpass.platform.DataCipher;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider the directory's administrator configured (Graph's socialIdentityProvider for Google and Facebook,
 * openIdConnectIdentityProvider for any other OpenID Connect provider): the application registered there and, for
 * OpenID Connect, where its metadata is and how its claims read. The client secret is sealed ({@link #sealPurpose()}),
 * opened only to talk to the provider. {@link #version} changes with every change, so that a function that built a
 * client from an older version knows to build it again.
 */
@Entity
@Table(name = "configured_identity_provider")
public class ConfiguredIdentityProvider extends PanacheEntityBase {

    /** Graph's identityProviderType of a configured provider. */
    public enum Type { Google, Facebook, OpenIdConnect }

    /** How Guestpass authenticates to the provider's token endpoint (OpenID Connect Core §9). */
    public enum ClientAuthentication { client_secret_basic, client_secret_post }

    /** Which claim of the provider's ID token holds each of what a guest is made of (Graph's claimsMapping). */
    @RegisterForReflection
    public record ClaimsMapping(String userId, String email, String displayName, String givenName, String surname) {

        /** The standard claims of OpenID Connect Core §5.1. */
        public static final ClaimsMapping STANDARD = new ClaimsMapping("sub", "email", "name", "given_name", "family_name");
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_provider_type")
    public Type type;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "client_id")
    public String clientId;

    /** The data key's seal of the client secret, for purpose {@link #sealPurpose()}: a seal copied to another provider does not open. */
    @Column(name = "sealed_client_secret")
    String sealedClientSecret;

    /** OpenID Connect only: the discovery document, {@code …/.well-known/openid-configuration}. */
    @Column(name = "metadata_url")
    public String metadataUrl;

    /** OpenID Connect only: the scopes asked for, space separated, {@code openid} among them. */
    public String scope;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "claims_mapping")
    public ClaimsMapping claimsMapping;

    @Enumerated(EnumType.STRING)
    @Column(name = "client_authentication_method")
    public ClientAuthentication clientAuthenticationMethod;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public int version;

    /** Google or Facebook: one of each at most, hence the fixed id Entra gives them. */
    public static ConfiguredIdentityProvider social(Type type, String displayName, String clientId, Instant now) {
        if (type == Type.OpenIdConnect) {
            throw new IllegalArgumentException("an OpenID Connect provider is not a social one");
        }
        return create(socialId(type), type, displayName, clientId, now);
    }

    public static ConfiguredIdentityProvider openIdConnect(String displayName, String clientId, String metadataUrl, String scope,
            ClaimsMapping claimsMapping, ClientAuthentication method, Instant now) {
        ConfiguredIdentityProvider provider = create("OIDC-" + UUID.randomUUID(), Type.OpenIdConnect, displayName, clientId, now);
        provider.metadataUrl = metadataUrl;
        provider.scope = scope;
        provider.claimsMapping = claimsMapping;
        provider.clientAuthenticationMethod = method;
        return provider;
    }

    public static String socialId(Type type) {
        return type + "-OAUTH";
    }

    public static Uni<List<ConfiguredIdentityProvider>> inCreationOrder() {
        return list("order by createdAt, id");
    }

    /**
     * The provider, share-locked until the transaction ends (null if there is none): whoever gives it to a user flow holds
     * it so, and its deletion (which locks it for update) waits and then sees that flow.
     */
    public static Uni<ConfiguredIdentityProvider> heldForUse(String id) {
        return findById(id, LockModeType.PESSIMISTIC_READ);
    }

    public boolean isOpenIdConnect() {
        return type == Type.OpenIdConnect;
    }

    public String sealPurpose() {
        return "identity-provider:" + id;
    }

    public void sealClientSecret(DataCipher cipher, String clientSecret) {
        sealedClientSecret = cipher.seal(sealPurpose(), clientSecret);
    }

    /** The client secret in the clear: only to talk to the provider, never to show. */
    public String openClientSecret(DataCipher cipher) {
        return cipher.open(sealPurpose(), sealedClientSecret);
    }

    private static ConfiguredIdentityProvider create(String id, Type type, String displayName, String clientId, Instant now) {
        ConfiguredIdentityProvider provider = new ConfiguredIdentityProvider();
        provider.id = id;
        provider.type = type;
        provider.displayName = displayName;
        provider.clientId = clientId;
        provider.createdAt = now;
        return provider;
    }
}
