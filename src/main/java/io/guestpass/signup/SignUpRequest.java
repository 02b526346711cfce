package io.guestpass.signup;

import io.guestpass.oidc.AuthorizationRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The sign-up journey's payload, sealed in its cookie: which user flow runs, and the application's authorization request
 * that the journey ends by answering with a code.
 */
@RegisterForReflection
public record SignUpRequest(String userFlowId, AuthorizationRequest authorization) {
}
