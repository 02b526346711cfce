package io.guestpass.signup;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.ConsentRecord;
import io.guestpass.directory.Constraints;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The end of a sign-up: the guest, its identity, its consent and the audit event, in one transaction. The database decides
 * races: the guest's address and the identity are unique, so of two simultaneous sign-ups of one identity (on any
 * instances) one creates the guest and the other finds it; an address that already belongs to another guest is refused.
 */
@ApplicationScoped
class SignUpRegistration {

    enum Result { CREATED, EXISTING, ADDRESS_TAKEN }

    /** {@code welcome} is what the caller's follow-up answered, when it ran with the new guest (null otherwise). */
    record Registered(Result result, GuestUser guest, Response welcome) {
    }

    /** The identity turned out to be linked already (the transaction is rolled back). */
    private static final class AlreadyLinked extends RuntimeException {
        private AlreadyLinked() {
            super(null, null, false, false);
        }
    }

    private final AuditTrail audit;
    private final GuestpassConfig config;
    private final Clock clock;

    SignUpRegistration(AuditTrail audit, GuestpassConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the guest; {@code welcome} (e.g. the application's code) runs in the same transaction, so that a new guest
     * and what it is handed are written together, in one commit.
     */
    Uni<Registered> register(SignUpFlow flow, FederatedIdentity identity, EmailAddress address, String displayName,
            Map<String, Object> attributes, String via, Function<GuestUser, Uni<Response>> welcome) {
        Instant now = clock.instant();
        GuestUser guest = GuestUser.signedUp(address, displayName, attributes, config.directory().domain(), now);
        Caller person = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return Panache.withTransaction(() -> guest.persistAndFlush()
                        .chain(() -> SignInIdentity.link(guest.id, identity.issuer(), identity.issuerAssignedId(), identity.subject(),
                                identity.clientId(), now))
                        .chain(owner -> {
                            if (!owner.equals(guest.id)) {
                                throw new AlreadyLinked();
                            }
                            return ConsentRecord.accepted(guest.id, null, config.organization().termsVersion(), now).persist();
                        })
                        .chain(() -> audit.record(person, "user.signedUp", "user", guest.id, Map.of("userId", guest.id.toString(),
                                "signInAddress", address.value(), "userFlowId", flow.flow().id,
                                "clientId", flow.application().appId.toString(), "via", via)))
                        .chain(() -> welcome.apply(guest)))
                .map(welcomed -> new Registered(Result.CREATED, guest, welcomed))
                .onFailure(failure -> failure instanceof AlreadyLinked || Constraints.violated(failure, "guest_user_one_per_address")
                        || Constraints.violated(failure, "sign_in_identity_once"))
                .recoverWithUni(() -> existing(identity));
    }

    /** Someone else won the race, or the address is another guest's. */
    private static Uni<Registered> existing(FederatedIdentity identity) {
        return Panache.withSession(() -> SignInIdentity.ownerOf(identity.issuer(), identity.issuerAssignedId())
                .chain((UUID owner) -> owner == null ? Uni.createFrom().item(new Registered(Result.ADDRESS_TAKEN, null, null))
                        : GuestUser.<GuestUser>findById(owner).map(found -> new Registered(Result.EXISTING, found, null))));
    }
}
