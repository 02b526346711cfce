package io.guestpass.graph.users;

/** The fields {@code PATCH /v1.0/users/{id}} may change. */
public record UserPatch(String displayName, Boolean accountEnabled) {
}
