package io.guestpass.graph.identityproviders;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.signup.SignUpPages;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Configured providers as Graph shows them. The client secret never: it reads back as {@value #MASK}. (ours)
 * {@code redirectUri} is the sign-up function's callback; {@code redirectUris} every callback the administrator registers
 * with the provider, one per journey that offers it (redemption — not for Facebook, which never redeems —, app sign-in,
 * sign-up).
 */
@ApplicationScoped
public class ConfiguredProviderViews {

    static final String SOCIAL = "#microsoft.graph.socialIdentityProvider";
    static final String OPENID_CONNECT = "#microsoft.graph.openIdConnectIdentityProvider";
    /** What the write-only client secret reads back as (Graph's own mask for identity providers). */
    static final String MASK = "****";
    /** The only authorization flow Guestpass runs with a provider: code, answered in the query. */
    static final String RESPONSE_TYPE = "code";
    static final String RESPONSE_MODE = "query";

    @JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "clientId", "clientSecret", "redirectUri",
            "redirectUris" })
    public record Social(@JsonProperty("@odata.type") String type, String id, String displayName, String identityProviderType,
            String clientId, String clientSecret, String redirectUri, java.util.List<String> redirectUris) implements ProviderView {
    }

    @JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "clientId", "clientSecret", "metadataUrl",
            "scope", "responseType", "responseMode", "claimsMapping", "clientAuthenticationMethod", "redirectUri", "redirectUris" })
    public record OpenIdConnect(@JsonProperty("@odata.type") String type, String id, String displayName, String identityProviderType,
            String clientId, String clientSecret, String metadataUrl, String scope, String responseType, String responseMode,
            ConfiguredIdentityProvider.ClaimsMapping claimsMapping, String clientAuthenticationMethod, String redirectUri,
            java.util.List<String> redirectUris) implements ProviderView {
    }

    private final String redirectUri;
    private final java.util.List<String> everyJourney;
    private final java.util.List<String> signInAndSignUp;

    ConfiguredProviderViews(GuestpassConfig config) {
        String base = InvitationService.stripSlash(config.publicBaseUrl());
        this.redirectUri = base + SignUpPages.PATH + "/callback";
        this.signInAndSignUp = java.util.List.of(base + io.guestpass.oidc.SignInPages.PATH + "/callback", redirectUri);
        this.everyJourney = java.util.List.of(base + "/redeem/callback", signInAndSignUp.get(0), redirectUri);
    }

    public ProviderView of(ConfiguredIdentityProvider provider) {
        if (provider.isOpenIdConnect()) {
            return new OpenIdConnect(OPENID_CONNECT, provider.id, provider.displayName, provider.type.name(), provider.clientId, MASK,
                    provider.metadataUrl, provider.scope, RESPONSE_TYPE, RESPONSE_MODE, provider.claimsMapping,
                    provider.clientAuthenticationMethod.name(), redirectUri, everyJourney);
        }
        return new Social(SOCIAL, provider.id, provider.displayName, provider.type.name(), provider.clientId, MASK, redirectUri,
                provider.type == ConfiguredIdentityProvider.Type.Facebook ? signInAndSignUp : everyJourney);
    }
}
