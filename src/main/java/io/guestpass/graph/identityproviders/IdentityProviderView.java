package io.guestpass.graph.identityproviders;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.guestpass.federation.BuiltInProvider;

import java.util.Set;

/** Graph's builtInIdentityProvider, with (ours) {@code state}: {@code enabled} or {@code disabled} for sign-up. */
@JsonPropertyOrder({ "@odata.type", "id", "displayName", "identityProviderType", "state" })
public record IdentityProviderView(@JsonProperty("@odata.type") String type, String id, String displayName,
        String identityProviderType, String state) implements ProviderView {

    static final String BUILT_IN = "#microsoft.graph.builtInIdentityProvider";

    public static IdentityProviderView of(BuiltInProvider provider, Set<String> disabled) {
        return new IdentityProviderView(BUILT_IN, provider.id(), provider.displayName(), provider.type(),
                disabled.contains(provider.id()) ? "disabled" : "enabled");
    }
}
