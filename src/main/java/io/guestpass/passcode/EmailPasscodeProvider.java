package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.web.Texts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Email one-time passcode (Graph's built-in {@code EmailOtpSignup-OAUTH}): the person proves an address by typing the code
 * mailed to it. Not a quarkus-oidc round trip: its pages are {@link PasscodeSignIn}'s, under
 * {@code <journey's sign-in path>/passcode}. The identity is ({@value #ISSUER}, the canonical address), its address
 * verified by the code.
 */
@ApplicationScoped
@Priority(-100) // after the providers without a priority (0) wherever the registry lists or offers them: the Microsoft account first
public class EmailPasscodeProvider implements IdentityProvider {

    public static final String ID = "EmailOtpSignup-OAUTH";
    public static final String ISSUER = "mail";
    public static final String SEGMENT = "passcode";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String type() {
        return "EmailOTP";
    }

    @Override
    public String displayName() {
        return "Email One Time Passcode";
    }

    @Override
    public String tenant() {
        return SEGMENT;
    }

    @Override
    public String buttonLabel(Locale locale) {
        return Texts.in(PasscodeTexts.class, locale).buttonLabel();
    }

    /** The person typed the code mailed to this address: the address is theirs. */
    public FederatedIdentity identityOf(EmailAddress address) {
        return new FederatedIdentity(ID, ISSUER, address.key(), address.key(), null, address.key(), true, null);
    }
}
