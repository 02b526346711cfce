package io.guestpass.redeem;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.ConsentRecord;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.LockOrder;
import io.guestpass.directory.RedeemTicket;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Looks tickets up and accepts invitations. Acceptance is one transaction that locks the guest, the invitation and the
 * ticket (in {@link LockOrder}'s order, as every other change does), re-checks every rule, links the identity, records consent and consumes the ticket: two tabs accepting at the
 * same moment give one acceptance, and the second sees "already accepted" — the database settles it.
 */
@ApplicationScoped
public class RedemptionService {

    /** The result of an acceptance attempt. */
    public enum Verdict { ACCEPTED, NOT_PENDING, DISABLED, ADDRESS_MISMATCH, DOMAIN_NOT_ALLOWED, REDIRECT_NOT_ALLOWED, LINKED_ELSEWHERE }

    public record Outcome(Verdict verdict, Redemption redemption) {
    }

    private final AuditTrail audit;
    private final GuestpassConfig config;
    private final Clock clock;

    RedemptionService(AuditTrail audit, GuestpassConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Read-only: what the ticket leads to. Nothing changes (mail scanners fetch links). */
    public Uni<Redemption> lookUp(byte[] ticketHash) {
        return Panache.withSession(() -> load(ticketHash, LockModeType.NONE));
    }

    /** Whether this identity may redeem this invitation (address policy); checked after sign-in and again at acceptance. */
    public static Verdict admits(Redemption redemption, FederatedIdentity identity) {
        EmailAddress invited = EmailAddress.parse(redemption.invitation().invitedEmail, "invitedEmail");
        if (!redemption.policy().admitsAddress(invited)) {
            return Verdict.DOMAIN_NOT_ALLOWED;
        }
        if (redemption.policy().requireMatchingAddress && !sameAddress(identity.signInAddress(), redemption.invitation().invitedEmail)) {
            return Verdict.ADDRESS_MISMATCH;
        }
        return null;
    }

    /** Whether the identity is already linked to another guest (nothing may then change). */
    public Uni<Boolean> linkedElsewhere(FederatedIdentity identity, UUID userId) {
        return Panache.withSession(() -> SignInIdentity.count("issuer = ?1 and issuerAssignedId = ?2 and userId <> ?3",
                identity.issuer(), identity.issuerAssignedId(), userId).map(n -> n > 0));
    }

    public Uni<Outcome> accept(byte[] ticketHash, FederatedIdentity identity) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> load(ticketHash, LockModeType.PESSIMISTIC_WRITE).chain(redemption -> {
            Redemption.Stage stage = redemption.stage(now);
            if (stage == Redemption.Stage.DISABLED) {
                return Uni.createFrom().item(new Outcome(Verdict.DISABLED, redemption));
            }
            if (stage != Redemption.Stage.PENDING) {
                return Uni.createFrom().item(new Outcome(Verdict.NOT_PENDING, redemption));
            }
            Verdict refused = admits(redemption, identity);
            if (refused != null) {
                return Uni.createFrom().item(new Outcome(refused, redemption));
            }
            if (redemption.allowedRedirect() == null) {
                return Uni.createFrom().item(new Outcome(Verdict.REDIRECT_NOT_ALLOWED, redemption));
            }
            return SignInIdentity.<SignInIdentity>find("issuer = ?1 and issuerAssignedId = ?2", identity.issuer(),
                    identity.issuerAssignedId()).firstResult().chain(existing -> {
                        if (existing != null && !existing.userId.equals(redemption.user().id)) {
                            return Uni.createFrom().item(new Outcome(Verdict.LINKED_ELSEWHERE, redemption));
                        }
                        return complete(redemption, identity, existing == null, now)
                                .replaceWith(new Outcome(Verdict.ACCEPTED, redemption));
                    });
        }));
    }

    private Uni<Void> complete(Redemption redemption, FederatedIdentity identity, boolean link, Instant now) {
        GuestUser user = redemption.user();
        redemption.invitation().complete(now);
        redemption.ticket().retire(RedeemTicket.RetiredReason.Redeemed, now);
        user.accept(now);
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.userId = user.id;
        consent.invitationId = redemption.invitation().id;
        consent.termsVersion = config.organization().termsVersion();
        consent.acceptedAt = now;
        Uni<Void> linked = Uni.createFrom().voidItem();
        if (link) {
            SignInIdentity signIn = new SignInIdentity();
            signIn.id = UUID.randomUUID();
            signIn.userId = user.id;
            signIn.signInType = "federated";
            signIn.issuer = identity.issuer();
            signIn.issuerAssignedId = identity.issuerAssignedId();
            signIn.subject = identity.subject();
            signIn.clientId = identity.clientId();
            signIn.createdAt = now;
            linked = signIn.persist().replaceWithVoid();
        }
        Caller guest = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return linked.chain(() -> consent.persist())
                .chain(() -> audit.record(guest, "invitation.redeemed", "invitation", redemption.invitation().id,
                        Map.of("userId", user.id.toString(), "signInAddress", String.valueOf(identity.signInAddress()))))
                .replaceWithVoid();
    }

    /** With PESSIMISTIC_WRITE the rows are locked in {@link LockOrder}'s order: guest, invitation, ticket. */
    private static Uni<Redemption> load(byte[] ticketHash, LockModeType lock) {
        return LockOrder.ticket(ticketHash, lock).chain(locked -> locked == null ? Uni.createFrom().item(Redemption.UNKNOWN)
                : DirectoryPolicy.current().map(policy -> new Redemption(locked.ticket(), locked.invitation(), locked.user(), policy)));
    }

    static boolean sameAddress(String signedIn, String invited) {
        if (signedIn == null) {
            return false;
        }
        try {
            return EmailAddress.parse(signedIn.trim(), "email").key().equals(EmailAddress.parse(invited, "invited").key());
        } catch (EmailAddress.InvalidAddressException e) {
            return signedIn.trim().toLowerCase(Locale.ROOT).equals(invited.toLowerCase(Locale.ROOT));
        }
    }
}
