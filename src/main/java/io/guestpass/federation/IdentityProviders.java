package io.guestpass.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.Optional;

/**
 * The registry of identity providers people may sign in with, in the order pages offer them. Today the built-in ones
 * (beans implementing {@link IdentityProvider}); providers an administrator configures later join here, not in a journey.
 */
@ApplicationScoped
public class IdentityProviders {

    private final Instance<IdentityProvider> builtIn;

    IdentityProviders(Instance<IdentityProvider> builtIn) {
        this.builtIn = builtIn;
    }

    /** Every provider this deployment has, enabled for sign-up or not (the identity provider API lists them all). */
    public List<IdentityProvider> all() {
        return builtIn.stream().toList();
    }

    public List<IdentityProvider> enabled() {
        return builtIn.stream().toList();
    }

    public Optional<IdentityProvider> byId(String id) {
        return builtIn.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<IdentityProvider> byTenant(String tenant) {
        return builtIn.stream().filter(p -> p.tenant().equals(tenant)).findFirst();
    }
}
