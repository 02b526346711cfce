package io.guestpass.graph.invitations;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.DirectoryRuleException;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.LockOrder;
import io.guestpass.directory.MailMessage;
import io.guestpass.directory.RedeemTicket;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.mail.InvitationMail;
import io.guestpass.mail.Outbox;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.platform.Permissions;
import io.guestpass.web.CurrentBranding;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Issues, re-issues, resends and revokes invitations. Every change happens in one transaction that also queues the
 * mail and writes the audit event; concurrent invitations of one address are serialised on the guest's row.
 */
@ApplicationScoped
public class InvitationService {

    /** An invitation just issued: the plaintext link exists only here, in the response and in the sealed mail. */
    public record Issued(Invitation invitation, GuestUser user, String redeemUrl, List<UUID> mailIds) {
    }

    private final GuestpassConfig config;
    private final InvitationMail mail;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final CurrentBranding branding;
    private final boolean allowHttpLocalhost;

    InvitationService(GuestpassConfig config, InvitationMail mail, Outbox outbox, AuditTrail audit, Clock clock,
            CurrentBranding branding) {
        this.config = config;
        this.mail = mail;
        this.branding = branding;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.allowHttpLocalhost = config.dev().allowHttpLocalhostRedirects();
    }

    public Uni<Issued> invite(Caller caller, InvitationRequest request) {
        return invite(caller, request, NOTHING_MORE);
    }

    /** What a caller adds to the transaction that issues an invitation (the idempotent response): it commits with it. */
    public static final Function<Issued, Uni<Void>> NOTHING_MORE = issued -> Uni.createFrom().voidItem();

    public Uni<Issued> invite(Caller caller, InvitationRequest request, Function<Issued, Uni<Void>> beforeCommit) {
        ValidInvitation valid = ValidInvitation.of(request, allowHttpLocalhost);
        requireInvitePermission(caller, valid);
        return Panache.withTransaction(() -> DirectoryPolicy.current().chain(policy -> {
            admit(caller, policy, valid);
            return valid.resetRedemption() ? reset(caller, policy, valid) : inviteAddress(caller, policy, valid);
        }).call(issued -> beforeCommit.apply(issued))).chain(this::deliverSoon);
    }

    public Uni<Issued> resend(Caller caller, UUID invitationId) {
        return resend(caller, invitationId, NOTHING_MORE);
    }

    public Uni<Issued> resend(Caller caller, UUID invitationId, Function<Issued, Uni<Void>> beforeCommit) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> lockedInvitation(invitationId).chain(invitation -> {
            requireMayActOn(caller, invitation);
            return DirectoryPolicy.current().chain(policy -> {
                // a resend is a new invitation of the same address: the same people, the same domains
                admitCaller(caller, policy, invitation.id);
                admitAddress(policy, EmailAddress.parse(invitation.invitedEmail, "invitedUserEmailAddress"));
                try {
                    invitation.reissue(policy.invitationLifetime(), now);
                } catch (DirectoryRuleException e) {
                    throw GraphException.conflict(e.getMessage());
                }
                invitation.sendInvitationMessage = true;
                return retireTickets(invitation, RedeemTicket.RetiredReason.Reissued, now)
                        .chain(() -> outbox.cancelFor(invitation.id))
                        .chain(() -> GuestUser.<GuestUser>findById(invitation.userId))
                        .chain(user -> issueTicketAndMail(caller, invitation, user, "invitation.resent"));
            });
        }).call(issued -> beforeCommit.apply(issued))).chain(this::deliverSoon);
    }

    public Uni<Invitation> revoke(Caller caller, UUID invitationId) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> lockedInvitation(invitationId).chain(invitation -> {
            requireMayActOn(caller, invitation);
            try {
                invitation.revoke(now);
            } catch (DirectoryRuleException e) {
                throw GraphException.conflict(e.getMessage());
            }
            return retireTickets(invitation, RedeemTicket.RetiredReason.Revoked, now)
                    .chain(() -> outbox.cancelFor(invitation.id))
                    .chain(() -> audit.record(caller, "invitation.revoked", "invitation", invitation.id, null))
                    .replaceWith(invitation);
        }));
    }

    private Uni<Issued> inviteAddress(Caller caller, DirectoryPolicy policy, ValidInvitation valid) {
        Instant now = clock.instant();
        GuestUser candidate = GuestUser.invited(valid.address(), valid.displayName(), valid.userType(), config.directory().domain(), now);
        return insertUnlessAddressExists(candidate)
                .chain(() -> GuestUser.<GuestUser>find("mailKey", valid.address().key())
                        .withLock(LockModeType.PESSIMISTIC_WRITE).<GuestUser>firstResult())
                .chain((GuestUser user) -> {
                    if (user.id.equals(candidate.id)) {
                        return newInvitation(caller, policy, valid, user, Invitation.pending(user, policy.invitationLifetime(), now));
                    }
                    if (user.hasAccepted()) {
                        // never a second user, never a sign-in: the link only says the invitation was accepted
                        return newInvitation(caller, policy, valid, user, Invitation.alreadyAccepted(user, now));
                    }
                    return retirePendingInvitation(caller, user, now)
                            .chain(() -> newInvitation(caller, policy, valid, user,
                                    Invitation.pending(user, policy.invitationLifetime(), now)));
                });
    }

    private Uni<Issued> reset(Caller caller, DirectoryPolicy policy, ValidInvitation valid) {
        Instant now = clock.instant();
        return GuestUser.<GuestUser>findById(valid.invitedUserId(), LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null) {
                throw GraphException.userNotFound(valid.invitedUserId().toString());
            }
            if (!caller.mayManageUser(user.userType == GuestUser.UserType.Member)) {
                throw AuthorizationRefused.forbidden(caller, "user", user.id, "resetRedemption of a " + user.userType
                        + " needs a Global Administrator" + (user.userType == GuestUser.UserType.Member ? "." : " or User Administrator."));
            }
            return GuestUser.count("mailKey = ?1 and id <> ?2", valid.address().key(), user.id).chain(others -> {
                if (others > 0) {
                    throw GraphException.conflict("invitedUserEmailAddress belongs to another user.");
                }
                return SignInIdentity.delete("userId", user.id)
                        .chain(() -> supersedePendingInvitations(user, RedeemTicket.RetiredReason.Reset, now))
                        .invoke(() -> user.resetRedemption(valid.address(), config.directory().domain(), now))
                        .chain(() -> newInvitation(caller, policy, valid, user,
                                Invitation.pending(user, policy.invitationLifetime(), now)));
            });
        });
    }

    /** Re-inviting a pending guest: only an administrator, an application or the original inviter may replace the link. */
    private Uni<Void> retirePendingInvitation(Caller caller, GuestUser user, Instant now) {
        return Invitation.<Invitation>find("userId = ?1 and status = ?2", user.id, Invitation.Status.PendingAcceptance)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(pending -> {
                    if (pending == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (pending.isPending(now) && !caller.isPrivileged() && !invitedBy(pending, caller)) {
                        throw GraphException.conflict("invitedUserEmailAddress already has a pending invitation that someone else sent.");
                    }
                    return supersedePendingInvitations(user, RedeemTicket.RetiredReason.Superseded, now);
                });
    }

    private Uni<Void> supersedePendingInvitations(GuestUser user, RedeemTicket.RetiredReason reason, Instant now) {
        return Invitation.<Invitation>list("userId = ?1 and status = ?2", user.id, Invitation.Status.PendingAcceptance)
                .chain(pending -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Invitation invitation : pending) {
                        chain = chain.invoke(() -> {
                                    if (invitation.isPending(now)) {
                                        invitation.supersede(now);
                                    } else {
                                        invitation.expire(now);
                                    }
                                })
                                .chain(() -> retireTickets(invitation, reason, now))
                                .chain(() -> outbox.cancelFor(invitation.id))
                                .replaceWithVoid();
                    }
                    // flush now: the new pending invitation must not meet the old one in the one-pending-per-guest index
                    return chain.chain(() -> Panache.getSession().chain(s -> s.flush()));
                });
    }

    private Uni<Issued> newInvitation(Caller caller, DirectoryPolicy policy, ValidInvitation valid, GuestUser user,
            Invitation invitation) {
        invitation.invitedEmail = valid.address().value();
        invitation.invitedDisplayName = valid.displayName();
        invitation.inviteRedirectUrl = valid.redirect().toString();
        invitation.sendInvitationMessage = valid.sendInvitationMessage();
        invitation.messageLanguage = valid.messageLanguage();
        invitation.customizedMessageBody = valid.customizedMessageBody();
        invitation.ccAddress = valid.ccAddress() == null ? null : valid.ccAddress().value();
        invitation.ccName = valid.ccName();
        invitation.invitedUserType = valid.userType();
        invitation.resetRedemption = valid.resetRedemption();
        invitation.invitedBySubject = caller.subject();
        invitation.invitedByClient = caller.clientId();
        invitation.invitedByPrivileged = caller.isPrivileged();
        invitation.invitedByName = caller.displayName();
        invitation.invitedByApplication = caller.isApplication();
        String action = valid.resetRedemption() ? "invitation.redemptionReset" : "invitation.created";
        return invitation.<Invitation>persist().chain(saved -> issueTicketAndMail(caller, saved, user, action));
    }

    private Uni<Issued> issueTicketAndMail(Caller caller, Invitation invitation, GuestUser user, String action) {
        Instant now = clock.instant();
        RedeemTicket.Issued ticket = RedeemTicket.issue(invitation.id, now);
        String redeemUrl = redeemUrl(ticket.plaintext());
        List<UUID> mailIds = new ArrayList<>();
        if (invitation.sendInvitationMessage) {
            invitation.deliveryQueued();
        }
        return ticket.ticket().persist()
                .chain(() -> queueMails(invitation, redeemUrl, mailIds))
                .chain(() -> audit.record(caller, action, "invitation", invitation.id,
                        Map.of("invitedUserEmailAddress", invitation.invitedEmail, "userId", user.id.toString())))
                .replaceWith(() -> new Issued(invitation, user, redeemUrl, mailIds));
    }

    /** The invitation mail, and the cc's notice without the link, queued in this transaction. */
    private Uni<Void> queueMails(Invitation invitation, String redeemUrl, List<UUID> mailIds) {
        if (!invitation.sendInvitationMessage) {
            return Uni.createFrom().voidItem();
        }
        return branding.fresh()
                .chain(shown -> outbox.queue(invitation, MailMessage.Kind.Invitation, mail.invitation(invitation, redeemUrl, shown)))
                .invoke(m -> mailIds.add(m.id))
                .chain(() -> invitation.ccAddress == null ? Uni.createFrom().nullItem()
                        : outbox.queue(invitation, MailMessage.Kind.InvitationNotice, mail.notice(invitation)).invoke(m -> mailIds.add(m.id)))
                .replaceWithVoid();
    }

    /** Mail goes out right after commit when the transport is quick; the answer shows whether the invitation's did. */
    private Uni<Issued> deliverSoon(Issued issued) {
        return outbox.deliverSoon(issued.mailIds()).map(sent -> {
            if (!issued.mailIds().isEmpty() && sent.contains(issued.mailIds().get(0))) {
                issued.invitation().deliveryEnded(true); // what the outbox just recorded, without reading it back
            }
            return issued;
        });
    }

    private Uni<Void> insertUnlessAddressExists(GuestUser candidate) {
        // ON CONFLICT DO NOTHING: fifty simultaneous invitations of one address create exactly one user
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into guest_user (id, display_name, mail, mail_key, user_principal_name, user_type, "
                                + "external_user_state, external_user_state_changed_at, creation_type, account_enabled, created_at, version) "
                                + "values (:id, :displayName, :mail, :mailKey, :upn, :userType, 'PendingAcceptance', :now, 'Invitation', true, :now, 0) "
                                + "on conflict (mail_key) do nothing")
                .setParameter("id", candidate.id)
                .setParameter("displayName", candidate.displayName)
                .setParameter("mail", candidate.mail)
                .setParameter("mailKey", candidate.mailKey)
                .setParameter("upn", candidate.userPrincipalName)
                .setParameter("userType", candidate.userType.name())
                .setParameter("now", candidate.createdAt)
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Integer> retireTickets(Invitation invitation, RedeemTicket.RetiredReason reason, Instant now) {
        return RedeemTicket.update("retiredAt = ?1, retiredReason = ?2 where invitationId = ?3 and retiredAt is null",
                now, reason, invitation.id);
    }

    /** The invitation, its guest's row locked first ({@link LockOrder}). */
    private Uni<Invitation> lockedInvitation(UUID id) {
        return LockOrder.invitation(id).map(locked -> {
            if (locked == null) {
                throw GraphException.notFound("Invitation '" + id + "' does not exist.");
            }
            return locked.invitation();
        });
    }

    /** Others' invitations do not exist for a caller who may see only their own (404, as for reads; recorded). */
    private void requireMayActOn(Caller caller, Invitation invitation) {
        if (!mayAccess(caller, invitation)) {
            throw AuthorizationRefused.hidden(caller, "invitation", invitation.id, "Invitation '" + invitation.id + "' does not exist.");
        }
    }

    /** Administrators and applications see every invitation; other people only those they sent themselves. */
    static boolean mayAccess(Caller caller, Invitation invitation) {
        return caller.isPrivileged() || invitedBy(invitation, caller);
    }

    private static boolean invitedBy(Invitation invitation, Caller caller) {
        return caller.is(invitation.invitedBySubject, invitation.invitedByClient);
    }

    private void requireInvitePermission(Caller caller, ValidInvitation valid) {
        if (valid.resetRedemption() && !caller.hasAny(Permissions.USER_READWRITE_ALL)) {
            throw AuthorizationRefused.forbidden(caller, "user", valid.invitedUserId(), "resetRedemption requires User.ReadWrite.All.");
        }
        if (valid.resetRedemption() && !caller.mayManageUser(false)) {
            // refused before the user is even looked up: whether it exists is none of this caller's business
            throw AuthorizationRefused.forbidden(caller, "user", valid.invitedUserId(),
                    "resetRedemption needs a Global Administrator or User Administrator.");
        }
        if (valid.userType() == GuestUser.UserType.Member && !caller.isAdministrator()
                && !(caller.isApplication() && caller.hasAny(Permissions.USER_READWRITE_ALL))) {
            throw AuthorizationRefused.forbidden(caller, "invitation", null, "invitedUserType Member needs a Global Administrator "
                    + "or User Administrator, or an application with User.ReadWrite.All.");
        }
    }

    /** allowInvitesFrom, the domain policy and the registered redirect origins. */
    private static void admit(Caller caller, DirectoryPolicy policy, ValidInvitation valid) {
        admitCaller(caller, policy, null);
        admitAddress(policy, valid.address());
        if (policy.allowedRedirectOrigins.isEmpty()) {
            throw GraphException.badRequest("inviteRedirectUrl: no redirect origins are registered; an administrator must set "
                    + "allowedRedirectOrigins in /v1.0/policies/invitationPolicy first.");
        }
        if (!policy.admitsRedirect(valid.redirect())) {
            throw GraphException.badRequest("inviteRedirectUrl: the origin " + DirectoryPolicy.originOf(valid.redirect())
                    + " is not in the invitation policy's allowedRedirectOrigins.");
        }
    }

    /** allowInvitesFrom: who may invite (and resend) at all. */
    private static void admitCaller(Caller caller, DirectoryPolicy policy, UUID invitationId) {
        boolean allowed = switch (policy.allowInvitesFrom) {
            case none -> false;
            case adminsAndGuestInviters -> caller.isApplication() || caller.isAdministrator() || caller.isGuestInviter();
            case adminsGuestInvitersAndAllMembers, everyone -> true;
        };
        if (!allowed) {
            throw AuthorizationRefused.forbidden(caller, "invitation", invitationId, "The authorization policy (allowInvitesFrom: "
                    + policy.allowInvitesFrom + ") does not let this caller invite guests.");
        }
    }

    private static void admitAddress(DirectoryPolicy policy, EmailAddress address) {
        if (!policy.admitsAddress(address)) {
            throw GraphException.badRequest("invitedUserEmailAddress: the domain " + address.domain()
                    + " is not allowed by the invitation policy.");
        }
    }

    String redeemUrl(String ticket) {
        return stripSlash(config.publicBaseUrl()) + "/redeem?ticket=" + ticket;
    }

    public static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
