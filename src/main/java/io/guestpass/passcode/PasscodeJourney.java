package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.federation.Journey;
import io.guestpass.federation.JourneyState;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * What a journey tells {@link PasscodeSignIn} besides what every journey says: whom a code may go to, and when; where its
 * passcode pages are, and what its address page suggests and says. A right code ends in {@link #signedIn} with the email
 * passcode provider's identity for the proven address.
 */
public interface PasscodeJourney<P> extends Journey<P> {

    /** Whether the journey offers the passcode provider now (invitation policy, user flow, provider switched off). */
    Uni<Boolean> offersPasscode(JourneyState<P> state);

    /** The address the code must go to when the journey already knows it (redemption: the invited one); empty to ask. */
    default Optional<String> fixedAddress(JourneyState<P> state) {
        return Optional.empty();
    }

    /**
     * Whether a code is mailed to this address. When not, the pages go on exactly as if it were (a code nobody knows), so
     * that they never tell whether the directory knows an address.
     */
    default Uni<Boolean> mailsCodeTo(JourneyState<P> state, EmailAddress address) {
        return Uni.createFrom().item(true);
    }

    /** Where the journey's passcode pages (and their challenge cookie) live; by default {@code <sign-in path>/passcode}. */
    default String passcodePath() {
        return signInPath() + "/" + EmailPasscodeProvider.SEGMENT;
    }

    /** The address the address page starts with (the person may change it); empty for an empty field. */
    default Optional<String> suggestedAddress(JourneyState<P> state) {
        return Optional.empty();
    }

    /** The address page's heading and text; by default those of signing in with a code. */
    default PasscodePrompt addressPrompt(JourneyState<P> state, PasscodeTexts texts, String organization) {
        return new PasscodePrompt(texts.addressHeading(), texts.addressBody(organization));
    }
}
