package io.guestpass.federation;

import io.guestpass.directory.EmailAddress;

import java.util.Optional;

/**
 * A person as an identity provider vouched for them, after the ID token passed every check. Keyed by (issuer,
 * issuerAssignedId) — never by email. {@code email} is the provider's {@code email} claim (never a username such as
 * Microsoft's {@code preferred_username}, which the account holder can change and which may be a phone number), and
 * {@code emailVerified} says whether the provider vouched that the person controls it; an unverified address is shown,
 * never trusted.
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record FederatedIdentity(
        String providerId,
        String issuer,
        String issuerAssignedId,
        String subject,
        String clientId,
        String email,
        boolean emailVerified,
        String name) {

    /** The address the provider verified, in its canonical form; empty when it verified none. */
    public Optional<EmailAddress> verifiedAddress() {
        return emailVerified ? EmailAddress.canonical(email) : Optional.empty();
    }

    /**
     * The same identity (its issuer and subject unchanged) with an address the person proved by other means (a code mailed
     * to it), for a provider that vouched for none.
     */
    public FederatedIdentity withProvenAddress(EmailAddress proven) {
        return new FederatedIdentity(providerId, issuer, issuerAssignedId, subject, clientId, proven.value(), true, name);
    }
}
