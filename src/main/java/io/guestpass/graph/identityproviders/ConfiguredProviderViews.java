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
 * {@code redirectUri} is what the administrator registers with the provider: the sign-up function's callback.
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

    @JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "clientId", "clientSecret", "redirectUri" })
    public record Social(@JsonProperty("@odata.type") String type, String id, String displayName, String identityProviderType,
            String clientId, String clientSecret, String redirectUri) implements ProviderView {
    }

    @JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "clientId", "clientSecret", "metadataUrl",
            "scope", "responseType", "responseMode", "claimsMapping", "clientAuthenticationMethod", "redirectUri" })
    public record OpenIdConnect(@JsonProperty("@odata.type") String type, String id, String displayName, String identityProviderType,
            String clientId, String clientSecret, String metadataUrl, String scope, String responseType, String responseMode,
            ConfiguredIdentityProvider.ClaimsMapping claimsMapping, String clientAuthenticationMethod, String redirectUri) implements ProviderView {
    }

    private final String redirectUri;

    ConfiguredProviderViews(GuestpassConfig config) {
        this.redirectUri = InvitationService.stripSlash(config.publicBaseUrl()) + SignUpPages.PATH + "/callback";
    }

    public ProviderView of(ConfiguredIdentityProvider provider) {
        if (provider.isOpenIdConnect()) {
            return new OpenIdConnect(OPENID_CONNECT, provider.id, provider.displayName, provider.type.name(), provider.clientId, MASK,
                    provider.metadataUrl, provider.scope, RESPONSE_TYPE, RESPONSE_MODE, provider.claimsMapping,
                    provider.clientAuthenticationMethod.name(), redirectUri);
        }
        return new Social(SOCIAL, provider.id, provider.displayName, provider.type.name(), provider.clientId, MASK, redirectUri);
    }
}
