package io.guestpass.federation;

/**
 * A built-in identity provider as the administration API lists it (Graph's builtInIdentityProvider): it needs no
 * configuration by the directory's administrator, is never deleted, and (ours) may be disabled for sign-up. Listing one
 * does not make it usable: people are offered only the {@link IdentityProvider}s a journey can run.
 */
public record BuiltInProvider(String id, String type, String displayName) {

    /** Email one-time passcode: listed (and assignable to user flows) ahead of the journey that will run it. */
    public static final BuiltInProvider EMAIL_OTP = new BuiltInProvider("EmailOtpSignup-OAUTH", "EmailOTP", "Email One Time Passcode");

    static BuiltInProvider of(IdentityProvider provider) {
        return new BuiltInProvider(provider.id(), provider.type(), provider.displayName());
    }
}
