package io.guestpass.graph.identityproviders;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.guestpass.federation.IdentityProvider;

import java.util.Set;

/** Graph's builtInIdentityProvider, with (ours) {@code state}: {@code enabled} or {@code disabled} for sign-up. */
@JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "state" })
public record IdentityProviderView(@JsonProperty("@odata.type") String type, String id, String displayName,
        String identityProviderType, String state) {

    static final String BUILT_IN = "#microsoft.graph.builtInIdentityProvider";

    public static IdentityProviderView of(IdentityProvider provider, Set<String> disabled) {
        return new IdentityProviderView(BUILT_IN, provider.id(), provider.displayName(), provider.type(),
                disabled.contains(provider.id()) ? "disabled" : "enabled");
    }

    /** The body of a PATCH: only the state may change on a built-in provider. */
    public record Patch(String state) {
    }
}
