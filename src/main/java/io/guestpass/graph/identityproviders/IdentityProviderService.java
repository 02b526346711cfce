package io.guestpass.graph.identityproviders;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.Constraints;
import io.guestpass.directory.IdentityProviderState;
import io.guestpass.directory.UserFlow;
import io.guestpass.federation.BuiltInProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.platform.Caller;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity providers the administration API lists: built-in ones (only their state changes) and configured ones
 * (Google, Facebook, OpenID Connect) — validated, client secret sealed, every change audited (never the secret), and not
 * deleted while a user flow offers them.
 */
@ApplicationScoped
public class IdentityProviderService {

    static final String TARGET = "identityProvider";

    private final IdentityProviders providers;
    private final ConfiguredProviderViews views;
    private final DataCipher cipher;
    private final AuditTrail audit;
    private final boolean allowLoopback;
    private final Clock clock;

    IdentityProviderService(IdentityProviders providers, ConfiguredProviderViews views, DataCipher cipher, AuditTrail audit,
            GuestpassConfig config, Clock clock) {
        this.providers = providers;
        this.views = views;
        this.cipher = cipher;
        this.audit = audit;
        this.allowLoopback = config.dev().allowLoopbackConnectors();
        this.clock = clock;
    }

    /** Every listed provider as Graph shows it: built-in ones first, then configured ones, oldest first. */
    public Uni<List<ProviderView>> list() {
        return Panache.withSession(() -> IdentityProviderState.disabledIds().chain(disabled -> providers.configured().map(configured -> {
            List<ProviderView> all = new ArrayList<>(providers.builtIn().stream().map(p -> IdentityProviderView.of(p, disabled)).toList());
            configured.forEach(provider -> all.add(views.of(provider)));
            return all;
        })));
    }

    /** The listed providers with these ids, in this order (a user flow's); an id listed no more is left out. */
    public Uni<List<ProviderView>> list(List<String> ids) {
        return list().map(all -> ids.stream().flatMap(id -> all.stream().filter(view -> id.equals(view.id()))).toList());
    }

    public Uni<ProviderView> get(String id) {
        Optional<BuiltInProvider> builtIn = providers.builtIn(id);
        if (builtIn.isPresent()) {
            return Panache.withSession(IdentityProviderState::disabledIds).<ProviderView>map(disabled -> IdentityProviderView.of(builtIn.get(), disabled));
        }
        return Panache.withSession(() -> ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(id))
                .<ProviderView>map(provider -> views.of(found(provider, id)));
    }

    public Uni<ConfiguredIdentityProvider> create(Caller caller, IdentityProviderRequest request) {
        ConfiguredIdentityProvider provider = newProvider(request);
        return Panache.withTransaction(() -> ConfiguredIdentityProvider.count("id", provider.id).chain(existing -> {
            if (existing > 0) {
                throw duplicate(provider);
            }
            return provider.<ConfiguredIdentityProvider>persist().call(() -> audit.record(caller, "identityProvider.created", TARGET, provider.id, null));
        })).onFailure(failure -> Constraints.violated(failure, "configured_identity_provider_pkey")).transform(failure -> duplicate(provider));
    }

    /** A built-in provider's state, or a configured provider's settings: what the body names changes, the rest stays. */
    public Uni<Void> update(Caller caller, String id, IdentityProviderRequest request) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        Optional<BuiltInProvider> builtIn = providers.builtIn(id);
        if (builtIn.isPresent()) {
            return setState(caller, builtIn.get(), request);
        }
        if (request.state() != null) {
            throw GraphException.validation("state", "state applies to built-in providers; remove a configured provider from the "
                    + "user flows that offer it instead.");
        }
        if (!request.changesSettings()) {
            throw GraphException.badRequest("Nothing to change: name displayName, clientId, clientSecret or, for OpenID Connect, "
                    + "metadataUrl, scope, claimsMapping or clientAuthenticationMethod.");
        }
        return Panache.withTransaction(() -> ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(provider -> found(provider, id)).invoke(provider -> change(provider, request))
                .call(() -> audit.record(caller, "identityProvider.updated", TARGET, id, null))).replaceWithVoid();
    }

    public Uni<Void> delete(Caller caller, String id) {
        if (providers.builtIn(id).isPresent()) {
            throw GraphException.badRequest("Built-in identity provider '" + id + "' cannot be deleted; set its state to disabled instead.");
        }
        // locked for update: a flow being given the provider holds it share-locked (IdentityProviders.isListed) until it commits
        return Panache.withTransaction(() -> ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(provider -> {
                    found(provider, id);
                    return UserFlow.<UserFlow>list("order by id").chain(flows -> {
                        List<String> using = flows.stream().filter(flow -> flow.identityProviders.contains(id)).map(flow -> flow.id).toList();
                        if (!using.isEmpty()) {
                            throw GraphException.conflict("Identity provider '" + id + "' is offered by " + String.join(", ", using)
                                    + "; remove it from those user flows first.");
                        }
                        return provider.delete().call(() -> audit.record(caller, "identityProvider.deleted", TARGET, id, null));
                    });
                }));
    }

    private Uni<Void> setState(Caller caller, BuiltInProvider provider, IdentityProviderRequest request) {
        if (request.changesSettings() || request.state() == null || !List.of("enabled", "disabled").contains(request.state())) {
            throw GraphException.badRequest("state must be enabled or disabled; a built-in provider has nothing else to change.");
        }
        boolean enabled = request.state().equals("enabled");
        return Panache.withTransaction(() -> IdentityProviderState.set(provider.id(), enabled, clock.instant())
                .call(() -> audit.record(caller, enabled ? "identityProvider.enabled" : "identityProvider.disabled", TARGET, provider.id(), null)))
                .replaceWithVoid();
    }

    private ConfiguredIdentityProvider newProvider(IdentityProviderRequest request) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        if (request.state() != null) {
            throw GraphException.validation("state", "state applies to built-in providers only.");
        }
        ConfiguredIdentityProvider.Type type = typeOf(request);
        String displayName = ConfiguredProviderRules.displayName(request.displayName());
        String clientId = ConfiguredProviderRules.clientId(request.clientId());
        String clientSecret = ConfiguredProviderRules.clientSecret(request.clientSecret());
        ConfiguredIdentityProvider provider;
        if (type == ConfiguredIdentityProvider.Type.OpenIdConnect) {
            ConfiguredProviderRules.flow(request.responseType(), request.responseMode());
            provider = ConfiguredIdentityProvider.openIdConnect(displayName, clientId,
                    ConfiguredProviderRules.metadataUrl(request.metadataUrl(), allowLoopback), ConfiguredProviderRules.scope(request.scope()),
                    ConfiguredProviderRules.claimsMapping(request.claimsMapping()),
                    ConfiguredProviderRules.clientAuthenticationMethod(request.clientAuthenticationMethod()), clock.instant());
        } else {
            refuseOpenIdConnectSettings(request, type);
            provider = ConfiguredIdentityProvider.social(type, displayName, clientId, clock.instant());
        }
        provider.sealClientSecret(cipher, clientSecret);
        return provider;
    }

    /** Graph's {@code @odata.type} (with or without its {@code #}) decides the kind; identityProviderType must fit it. */
    private static ConfiguredIdentityProvider.Type typeOf(IdentityProviderRequest request) {
        String odataType = request.odataType() == null ? null : "#" + request.odataType().replaceFirst("^#", "");
        if (ConfiguredProviderViews.SOCIAL.equals(odataType)) {
            if ("Google".equals(request.identityProviderType())) {
                return ConfiguredIdentityProvider.Type.Google;
            }
            if ("Facebook".equals(request.identityProviderType())) {
                return ConfiguredIdentityProvider.Type.Facebook;
            }
            throw GraphException.validation("identityProviderType", "identityProviderType of a socialIdentityProvider must be Google or Facebook.");
        }
        if (ConfiguredProviderViews.OPENID_CONNECT.equals(odataType)) {
            if (request.identityProviderType() != null && !"OpenIdConnect".equals(request.identityProviderType())) {
                throw GraphException.validation("identityProviderType", "identityProviderType of an openIdConnectIdentityProvider is OpenIdConnect.");
            }
            return ConfiguredIdentityProvider.Type.OpenIdConnect;
        }
        if (IdentityProviderView.BUILT_IN.equals(odataType)) {
            throw GraphException.validation("@odata.type", "Built-in identity providers are always there and cannot be created.");
        }
        throw GraphException.validation("@odata.type", "@odata.type must be " + ConfiguredProviderViews.SOCIAL + " (Google, Facebook) or "
                + ConfiguredProviderViews.OPENID_CONNECT + ".");
    }

    private void change(ConfiguredIdentityProvider provider, IdentityProviderRequest request) {
        if (request.odataType() != null || request.identityProviderType() != null) {
            ConfiguredIdentityProvider.Type type = typeOf(request);
            if (type != provider.type) {
                throw GraphException.validation("identityProviderType", "A provider's type cannot change: create a "
                        + type + " provider instead.");
            }
        }
        if (!provider.isOpenIdConnect()) {
            refuseOpenIdConnectSettings(request, provider.type);
        }
        ConfiguredProviderRules.flow(request.responseType(), request.responseMode());
        if (request.displayName() != null) {
            provider.displayName = ConfiguredProviderRules.displayName(request.displayName());
        }
        if (request.clientId() != null) {
            provider.clientId = ConfiguredProviderRules.clientId(request.clientId());
        }
        if (request.metadataUrl() != null) {
            provider.metadataUrl = ConfiguredProviderRules.metadataUrl(request.metadataUrl(), allowLoopback);
        }
        if (request.scope() != null) {
            provider.scope = ConfiguredProviderRules.scope(request.scope());
        }
        if (request.claimsMapping() != null) {
            provider.claimsMapping = ConfiguredProviderRules.claimsMapping(request.claimsMapping());
        }
        if (request.clientAuthenticationMethod() != null) {
            provider.clientAuthenticationMethod = ConfiguredProviderRules.clientAuthenticationMethod(request.clientAuthenticationMethod());
        }
        if (request.clientSecret() != null) {
            provider.sealClientSecret(cipher, ConfiguredProviderRules.clientSecret(request.clientSecret()));
        }
    }

    private static void refuseOpenIdConnectSettings(IdentityProviderRequest request, ConfiguredIdentityProvider.Type type) {
        if (request.hasOpenIdConnectSettings()) {
            throw GraphException.badRequest("A " + type + " provider takes displayName, clientId and clientSecret only: metadataUrl, "
                    + "scope, claimsMapping, clientAuthenticationMethod, responseType and responseMode are for OpenID Connect providers.");
        }
    }

    private static ConfiguredIdentityProvider found(ConfiguredIdentityProvider provider, String id) {
        if (provider == null) {
            throw GraphException.notFound("Identity provider '" + id + "' does not exist.");
        }
        return provider;
    }

    private static GraphException duplicate(ConfiguredIdentityProvider provider) {
        return GraphException.conflict("A " + provider.type + " identity provider already exists (" + provider.id
                + "); a directory has at most one: change it with PATCH.");
    }
}
