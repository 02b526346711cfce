package io.guestpass.invite;

/** The fields {@code PATCH /v1.0/users/{id}} may change. */
public record UserPatch(String displayName, Boolean accountEnabled) {
}
