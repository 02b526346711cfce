package io.guestpass.oidc;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.platform.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Gives a signed-in guest's application its authorization code (stored hashed, with the sign-in in the audit trail). */
@ApplicationScoped
public class Codes {

    private final AuthorizationResponses responses;
    private final AuditTrail audit;
    private final Clock clock;

    Codes(AuthorizationResponses responses, AuditTrail audit, Clock clock) {
        this.responses = responses;
        this.audit = audit;
        this.clock = clock;
    }

    Uni<Response> issue(AuthorizationRequest request, GuestUser guest, FederatedIdentity identity, Locale locale, NewCookie... cookies) {
        Instant now = clock.instant();
        AuthorizationCode.Issued issued = AuthorizationCode.issue(request.clientId(), request.redirectUri(), request.codeChallenge(),
                guest.id, request.scope(), request.resource(), request.nonce(), idp(identity), Instant.ofEpochSecond(request.authenticatedAt()), now);
        Caller person = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return Panache.withTransaction(() -> issued.code().persist()
                        .chain(() -> audit.record(person, "application.signIn", "application", request.clientId(),
                                Map.of("userId", guest.id.toString()))))
                .map(v -> responses.code(request, issued.plaintext(), locale, cookies));
    }

    /** The idp claim Entra gives guests of each provider: live.com for Microsoft accounts. */
    static String idp(FederatedIdentity identity) {
        return io.guestpass.federation.MicrosoftAccountProvider.ISSUER_LABEL.equals(identity.issuer()) ? "live.com" : identity.issuer();
    }
}
