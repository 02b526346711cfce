package io.guestpass.passcode;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.UUID;

/**
 * Which challenge this browser asked for, sealed in a cookie under the journey's passcode path: a code typed into another
 * browser finds no challenge. Bound to the journey run by its CSRF token; {@code address} as the person typed it (shown).
 */
@RegisterForReflection
public record ChallengeReference(String journey, String stateCsrf, UUID challengeId, String address) {
}
