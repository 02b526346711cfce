package io.guestpass.federation;

/**
 * A person as an identity provider vouched for them, after the ID token passed every check. Keyed by (issuer,
 * issuerAssignedId) — never by email; the addresses are what the provider says and are compared, never trusted to link.
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record FederatedIdentity(
        String providerId,
        String issuer,
        String issuerAssignedId,
        String subject,
        String clientId,
        String email,
        String preferredUsername,
        String name) {

    /** The address to compare with the invited one: {@code email}, else {@code preferred_username}, trimmed. */
    public String signInAddress() {
        String address = email != null && !email.isBlank() ? email : preferredUsername;
        return address == null ? null : address.trim();
    }
}
