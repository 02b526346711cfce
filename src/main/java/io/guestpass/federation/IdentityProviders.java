package io.guestpass.federation;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry of identity providers, in two views that must not be confused:
 * <ul>
 * <li><b>offered to people</b> — {@link #all()}, {@link #enabled()}, {@link #byId}, {@link #byTenant}: the providers a
 * journey can run (beans implementing {@link IdentityProvider}), in the order pages offer them. Journeys ask only these,
 * so a provider that is listed but cannot run yet is never offered;</li>
 * <li><b>listed by the administration API</b> — {@link #builtIn()}, {@link #configured()}, {@link #isListed}: the built-in
 * providers (those that run and those declared ahead of their journey, such as email one-time passcode) and the ones an
 * administrator configured.</li>
 * </ul>
 */
@ApplicationScoped
public class IdentityProviders {

    /** Built-in providers listed before a journey can run them; a bean with the same id takes over the listing. */
    private static final List<BuiltInProvider> DECLARED = List.of();

    private final Instance<IdentityProvider> runnable;

    IdentityProviders(Instance<IdentityProvider> runnable) {
        this.runnable = runnable;
    }

    /** Every provider a journey can run, enabled for sign-up or not. */
    public List<IdentityProvider> all() {
        return runnable.stream().toList();
    }

    public List<IdentityProvider> enabled() {
        return runnable.stream().toList();
    }

    /** The runnable provider with this id: empty for one that is only listed (email passcode, configured ones, for now). */
    public Optional<IdentityProvider> byId(String id) {
        return runnable.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<IdentityProvider> byTenant(String tenant) {
        return runnable.stream().filter(p -> p.tenant().equals(tenant)).findFirst();
    }

    /** The providers reached through a quarkus-oidc round trip, in the order pages offer them. */
    public List<OpenIdConnectProvider> openIdConnect() {
        return runnable.stream().filter(OpenIdConnectProvider.class::isInstance).map(OpenIdConnectProvider.class::cast).toList();
    }

    public Optional<OpenIdConnectProvider> openIdConnectByTenant(String tenant) {
        return openIdConnect().stream().filter(p -> p.tenant().equals(tenant)).findFirst();
    }

    /** The built-in providers the administration API lists: the runnable ones first, then those declared ahead. */
    public List<BuiltInProvider> builtIn() {
        List<BuiltInProvider> listed = new ArrayList<>(runnable.stream().map(BuiltInProvider::of).toList());
        DECLARED.stream().filter(declared -> listed.stream().noneMatch(p -> p.id().equals(declared.id()))).forEach(listed::add);
        return listed;
    }

    public Optional<BuiltInProvider> builtIn(String id) {
        return builtIn().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The providers the directory's administrator configured, oldest first (in the caller's session). */
    public Uni<List<ConfiguredIdentityProvider>> configured() {
        return ConfiguredIdentityProvider.inCreationOrder();
    }

    /**
     * Whether the administration API lists a provider with this id (in the caller's transaction). A configured one stays
     * share-locked until the transaction ends, so it cannot be deleted from under a user flow being given it.
     */
    public Uni<Boolean> isListed(String id) {
        return builtIn(id).isPresent() ? Uni.createFrom().item(true)
                : ConfiguredIdentityProvider.heldForUse(id).map(found -> found != null);
    }

    /** Graph's availableProviderTypes: the built-in types, then those an administrator may configure. */
    public List<String> availableTypes() {
        return Stream.concat(builtIn().stream().map(BuiltInProvider::type),
                Stream.of(ConfiguredIdentityProvider.Type.values()).map(Enum::name)).distinct().toList();
    }
}
