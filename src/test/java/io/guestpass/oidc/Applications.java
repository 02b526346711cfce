package io.guestpass.oidc;

import io.guestpass.directory.Application;
import io.guestpass.directory.GuestUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Registers applications the way the admin API stores them, for the provider's tests (the sign-up function does not
 * serve /v1.0), and changes rows the tests need changed.
 */
@ApplicationScoped
public class Applications {

    /** A registered application and, for confidential ones, its secret. */
    public record Registered(String clientId, String secret, UUID objectId) {
    }

    public Registered web(String name, String... redirectUris) {
        return register(name, app -> app.webRedirectUris = List.of(redirectUris), true);
    }

    public Registered spa(String name, String... redirectUris) {
        return register(name, app -> app.spaRedirectUris = List.of(redirectUris), false);
    }

    public Registered publicClient(String name, String... redirectUris) {
        return register(name, app -> app.publicClientRedirectUris = List.of(redirectUris), false);
    }

    /** An API other applications ask tokens for: identifier URI and scopes. */
    public Registered api(String name, String identifierUri, String... scopes) {
        return register(name, app -> {
            app.identifierUris = List.of(identifierUri);
            app.replacePermissionScopes(java.util.Arrays.stream(scopes).map(value -> new Application.PermissionScope(UUID.randomUUID(),
                    value, value, value, value, value, true, "User")).toList());
        }, false);
    }

    public void delete(Registered app) {
        await(() -> Panache.withTransaction(() -> Application.delete("id", app.objectId()).replaceWithVoid()));
    }

    public void removeSecrets(Registered app) {
        await(() -> Panache.withTransaction(() -> Application.<Application>findById(app.objectId()).invoke(found ->
                List.copyOf(found.passwordCredentials()).forEach(secret -> found.removePassword(secret.keyId()))).replaceWithVoid()));
    }

    public void setEnabled(String userId, boolean enabled) {
        await(() -> Panache.withTransaction(() -> GuestUser.<GuestUser>findById(UUID.fromString(userId)).invoke(user ->
                user.accountEnabled = enabled).replaceWithVoid()));
    }

    /** What Graph's revokeSignInSessions does to the guest: sessions and refresh tokens from before now stop working. */
    public void revokeSignInSessions(String userId, Instant now) {
        await(() -> Panache.withTransaction(() -> GuestUser.<GuestUser>findById(UUID.fromString(userId)).invoke(user ->
                user.revokeSignInSessions(now)).replaceWithVoid()));
    }

    private Registered register(String name, java.util.function.Consumer<Application> platform, boolean withSecret) {
        Application app = Application.registered(name, Instant.now());
        platform.accept(app);
        String secret = withSecret ? app.addPassword("test", null, Instant.now()).secretText() : null;
        await(() -> Panache.withTransaction(app::persist).replaceWithVoid());
        return new Registered(app.appId.toString(), secret, app.id);
    }

    private static void await(Supplier<Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
