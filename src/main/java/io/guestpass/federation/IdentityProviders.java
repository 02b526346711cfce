package io.guestpass.federation;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.IdentityProviderState;
import io.quarkus.hibernate.reactive.panache.Panache;
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
 * <li><b>offered to people</b> — {@link #all()}, {@link #byId}, {@link #byTenant}: the providers a
 * journey can run (beans implementing {@link IdentityProvider}), in the order pages offer them. Journeys ask only these,
 * so a provider that is listed but cannot run yet is never offered;</li>
 * <li><b>listed by the administration API</b> — {@link #builtIn()}, {@link #configured()}, {@link #isListed}: the built-in
 * providers (those that run and those declared ahead of their journey, such as email one-time passcode) and the ones an
 * administrator configured.</li>
 * </ul>
 * Journeys ask {@link #offered()} / {@link #forRedemption()}, which add the configured providers (read from the directory,
 * so they answer a {@code Uni}) to the built-in runnable beans.
 */
@ApplicationScoped
public class IdentityProviders {

    /** Built-in providers listed before a journey can run them; a bean with the same id takes over the listing. */
    private static final List<BuiltInProvider> DECLARED = List.of();

    private final Instance<IdentityProvider> runnable;
    private final ConfiguredTenants configuredTenants;

    IdentityProviders(Instance<IdentityProvider> runnable, ConfiguredTenants configuredTenants) {
        this.runnable = runnable;
        this.configuredTenants = configuredTenants;
    }

    /** Every provider a journey can run, enabled for sign-up or not. */
    public List<IdentityProvider> all() {
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

    /**
     * Every provider a journey offers people now: the built-in runnable ones, then those an administrator configured that
     * are not disabled (oldest first). Reads the directory (in the caller's session, or one of its own).
     */
    public Uni<List<IdentityProvider>> offered() {
        return Panache.withSession(() -> IdentityProviderState.disabledIds().chain(disabled -> configured().map(rows -> {
            List<IdentityProvider> offered = new ArrayList<>(all());
            rows.stream().filter(row -> !disabled.contains(row.id)).map(ConfiguredProvider::new).forEach(offered::add);
            return offered;
        })));
    }

    /**
     * The providers an invitation may be redeemed with: those of {@code allowed} (the invitation policy's
     * redemptionProviders, in its order) that a journey can run now, without those that vouch for no address (Facebook).
     * Reads the directory only when the list names a configured provider.
     */
    public Uni<List<IdentityProvider>> forRedemption(List<String> allowed) {
        if (allowed.stream().allMatch(id -> byId(id).isPresent())) {
            return Uni.createFrom().item(allowed.stream().flatMap(id -> byId(id).stream()).toList());
        }
        return offered().map(all -> allowed.stream().flatMap(id -> all.stream().filter(p -> p.id().equals(id)).findFirst().stream())
                .filter(p -> !(p instanceof ConfiguredProvider configured) || configured.redeemsInvitations()).toList());
    }

    /** Runnable built-in providers and configured ones (enabled or not) by id, for a user flow's list. */
    public Uni<List<IdentityProvider>> withIds(List<String> ids) {
        if (ids.stream().allMatch(id -> byId(id).isPresent())) {
            return Uni.createFrom().item(ids.stream().flatMap(id -> byId(id).stream()).toList()); // built-in only: no read
        }
        return configured().map(rows -> ids.stream().<IdentityProvider>flatMap(id -> byId(id).or(() -> rows.stream()
                .filter(row -> row.id.equals(id)).findFirst().map(ConfiguredProvider::new)).stream())
                .toList());
    }

    /** The round trip's provider: a built-in one, or a configured one as its row reads now (empty if deleted or disabled). */
    public Uni<Optional<OpenIdConnectProvider>> runningAt(String tenant) {
        Optional<OpenIdConnectProvider> builtIn = openIdConnectByTenant(tenant);
        return builtIn.isPresent() ? Uni.createFrom().item(builtIn)
                : configuredTenants.current(tenant).map(found -> found.map(OpenIdConnectProvider.class::cast));
    }

    /**
     * The name of the provider the guest holding this address signs in with (its first identity's), for a page that tells
     * a person to sign in there instead of signing up again; empty when no guest holds it or the provider is gone. A
     * generic provider's issuer names it: OpenID Connect Discovery makes the metadata URL the issuer plus
     * {@code /.well-known/openid-configuration}.
     */
    public Uni<Optional<String>> usedByGuestWith(io.guestpass.directory.EmailAddress address) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select i.issuer from SignInIdentity i, GuestUser u where u.mailKey = :key and i.userId = u.id "
                                + "order by i.createdAt", String.class)
                .setParameter("key", address.key()).setMaxResults(1).getSingleResultOrNull())
                .chain(issuer -> issuer == null ? Uni.createFrom().item(Optional.<String>empty()) : nameOfIssuer(issuer)));
    }

    private Uni<Optional<String>> nameOfIssuer(String issuer) {
        Optional<String> builtIn = all().stream().filter(p -> p.type().equals(issuer)).map(IdentityProvider::displayName).findFirst();
        if (builtIn.isPresent()) {
            return Uni.createFrom().item(builtIn);
        }
        return configured().map(rows -> rows.stream().filter(row -> switch (row.type) {
            case Google -> issuer.equals(ConfiguredProvider.GOOGLE_ISSUER_LABEL);
            case Facebook -> issuer.equals(ConfiguredProvider.FACEBOOK_ISSUER_LABEL);
            case OpenIdConnect -> row.metadataUrl != null && row.metadataUrl.equals(
                    (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration");
        }).map(row -> row.displayName).findFirst());
    }

    /** The path segment of the provider with this id, built-in or configured (no database read). */
    public String tenantOf(String providerId) {
        return byId(providerId).map(IdentityProvider::tenant).orElseGet(() -> ConfiguredProvider.tenantOf(providerId));
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
