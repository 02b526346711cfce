package io.guestpass.federation;

/**
 * A built-in identity provider as the administration API lists it (Graph's builtInIdentityProvider): it needs no
 * configuration by the directory's administrator, is never deleted, and (ours) may be disabled for sign-up. Listing one
 * does not make it usable: people are offered only the {@link IdentityProvider}s a journey can run.
 */
public record BuiltInProvider(String id, String type, String displayName) {

    static BuiltInProvider of(IdentityProvider provider) {
        return new BuiltInProvider(provider.id(), provider.type(), provider.displayName());
    }
}
