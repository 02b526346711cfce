package io.guestpass.signup;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.platform.DataCipher;
import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlowApplication;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.fixtures.Directory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * User flows as an administrator sets them up through the admin API (which the invite function serves, not the sign-up
 * function these tests run as): written straight into the directory.
 */
public final class UserFlows {

    public static final UUID DIRECTORY_ID = UUID.fromString("00000000-0000-0000-0000-0000000007e5");

    private UserFlows() {
    }

    public static void signUpEnabled(boolean enabled) {
        Directory.execute("update directory_policy set self_service_sign_up_enabled = ?", enabled);
    }

    /** A flow offering the Microsoft account, collecting these attributes, linked to the application (by object id). */
    public static String flow(String name, UUID application, UserFlow.Assignment... assignments) {
        UserFlow flow = UserFlow.create(name, List.of("MSASignup-OAUTH"), Instant.now());
        Arrays.stream(assignments).forEach(flow::assign);
        await(() -> Panache.withTransaction(() -> flow.persist().chain(() -> application == null ? Uni.createFrom().voidItem()
                : UserFlowApplication.link(application, flow.id, Instant.now()).persist().replaceWithVoid())));
        return flow.id;
    }

    /** A custom attribute: its id is what guests carry it as. */
    public static String custom(String name, UserFlowAttribute.DataType type) {
        UserFlowAttribute attribute = UserFlowAttribute.custom(DIRECTORY_ID, name, name, type, Instant.now());
        await(() -> Panache.withTransaction(attribute::persist).replaceWithVoid());
        return attribute.id;
    }

    public static UserFlow.Assignment required(String attributeId, String label, UserFlow.InputType input, String... choices) {
        return new UserFlow.Assignment(attributeId, label, false, false, input, values(choices));
    }

    public static UserFlow.Assignment optional(String attributeId, String label, UserFlow.InputType input, String... choices) {
        return new UserFlow.Assignment(attributeId, label, true, false, input, values(choices));
    }

    /** A generic OpenID Connect provider, as the administration function saves it, offered by the flow; answers its id. */
    public static String openIdConnectProvider(DataCipher cipher, String flowId, String displayName, String clientId,
            String clientSecret, String metadataUrl) {
        return offer(cipher, flowId, ConfiguredIdentityProvider.openIdConnect(displayName, clientId, metadataUrl, "openid profile email",
                ConfiguredIdentityProvider.ClaimsMapping.STANDARD, ConfiguredIdentityProvider.ClientAuthentication.client_secret_basic,
                Instant.now()), clientSecret);
    }

    /** Google (or Facebook), as the administration function saves it, offered by the flow; answers its id. */
    public static String socialProvider(DataCipher cipher, String flowId, ConfiguredIdentityProvider.Type type, String clientId,
            String clientSecret) {
        return offer(cipher, flowId, ConfiguredIdentityProvider.social(type, type.name(), clientId, Instant.now()), clientSecret);
    }

    /** The provider saved with its secret sealed under its id, and added to the flow's providers (a null flow: none). */
    private static String offer(DataCipher cipher, String flowId, ConfiguredIdentityProvider provider, String clientSecret) {
        provider.sealClientSecret(cipher, clientSecret);
        await(() -> Panache.withTransaction(() -> provider.persist().chain(() -> flowId == null ? Uni.createFrom().voidItem()
                : UserFlow.<UserFlow>findById(flowId).invoke(flow -> flow.identityProviders = new java.util.ArrayList<>(Stream.concat(
                        flow.identityProviders.stream(), Stream.of(provider.id)).toList())).replaceWithVoid())));
        return provider.id;
    }

    /** Changes a configured provider as an administrator's PATCH would: its version moves on. */
    public static void changeProvider(String providerId, Consumer<ConfiguredIdentityProvider> change) {
        await(() -> Panache.withTransaction(() -> ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(providerId)
                .invoke(change).replaceWithVoid()));
    }

    /** Binds connectors (by id, or null) to the flow's two steps. */
    public static void connectors(String flowId, UUID postFederationSignup, UUID postAttributeCollection) {
        await(() -> Panache.withTransaction(() -> UserFlow.<UserFlow>findById(flowId).invoke(flow -> {
            flow.postFederationSignupConnector = postFederationSignup;
            flow.postAttributeCollectionConnector = postAttributeCollection;
        }).replaceWithVoid()));
    }

    private static List<UserFlow.AttributeValue> values(String... choices) {
        return Arrays.stream(choices).map(c -> new UserFlow.AttributeValue(c, c.toUpperCase(), false)).toList();
    }

    static void await(Supplier<Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
