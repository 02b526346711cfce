package io.guestpass.federation;

import io.guestpass.web.PageTexts;
import io.guestpass.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;
import java.util.Optional;

/**
 * Personal Microsoft accounts through the {@code consumers} authority. The identity's issuerAssignedId is the account's
 * {@code oid} (the same whichever application asks), so re-registering the Microsoft application never locks guests out;
 * the pairwise {@code sub} is kept beside it with the client id that produced it.
 */
@ApplicationScoped
public class MicrosoftAccountProvider implements OpenIdConnectProvider {

    /** The fixed tenant of personal Microsoft accounts; any other tid is a work or school account. */
    public static final String CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
    public static final String ISSUER_LABEL = "MicrosoftAccount";
    public static final String ID = "MSASignup-OAUTH";

    private final Optional<String> clientId;

    MicrosoftAccountProvider(@ConfigProperty(name = "quarkus.oidc.msa.client-id") Optional<String> clientId) {
        this.clientId = clientId;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String type() {
        return ISSUER_LABEL;
    }

    @Override
    public String displayName() {
        return "Microsoft Account";
    }

    @Override
    public String tenant() {
        return "msa";
    }

    @Override
    public String buttonLabel(Locale locale) {
        return Texts.in(PageTexts.class, locale).signInWithMicrosoftAccount();
    }

    @Override
    public FederatedIdentity identityFrom(JsonWebToken idToken) {
        String tid = idToken.getClaim("tid");
        if (!CONSUMERS_TENANT_ID.equals(tid)) {
            throw new RefusedIdentityException("not a personal Microsoft account (tid " + tid + ")");
        }
        String oid = idToken.getClaim("oid");
        if (oid == null || oid.isBlank()) {
            throw new RefusedIdentityException("the token carries no oid (the profile scope is required)");
        }
        // Microsoft sends no email_verified for personal accounts: their email is the sign-in address Microsoft verified.
        // preferred_username is never used: it is mutable and may be a phone number.
        String email = idToken.getClaim("email");
        return new FederatedIdentity(id(), ISSUER_LABEL, oid, idToken.getSubject(), clientId.orElse(null),
                email, email != null && !email.isBlank(), idToken.getClaim("name"));
    }
}
