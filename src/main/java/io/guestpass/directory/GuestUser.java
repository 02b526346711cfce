package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A person from outside the organization: created by an invitation or by self-service sign-up. */
@Entity
@Table(name = "guest_user")
public class GuestUser extends PanacheEntityBase {

    public enum UserType { Guest, Member }

    public enum ExternalUserState { PendingAcceptance, Accepted }

    public enum CreationType { Invitation, SelfServiceSignUp }

    @Id
    public UUID id;

    @Column(name = "display_name")
    public String displayName;

    public String mail;

    /** The address as compared: see {@link EmailAddress#key()}. */
    @Column(name = "mail_key")
    public String mailKey;

    @Column(name = "user_principal_name")
    public String userPrincipalName;

    @Enumerated(EnumType.STRING)
    @Column(name = "user_type")
    public UserType userType;

    @Enumerated(EnumType.STRING)
    @Column(name = "external_user_state")
    public ExternalUserState externalUserState;

    @Column(name = "external_user_state_changed_at")
    public Instant externalUserStateChangedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "creation_type")
    public CreationType creationType;

    @Column(name = "account_enabled")
    public boolean accountEnabled = true;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * Graph's {@code signInSessionsValidFromDateTime}: SSO sessions and refresh tokens issued before it no longer work
     * (revokeSignInSessions, resetRedemption). Null: never revoked.
     */
    @Column(name = "sign_in_sessions_valid_from")
    public Instant signInSessionsValidFrom;

    /**
     * What a sign-up user flow collected, by attribute id (built-in ones such as {@code city}, custom ones as
     * {@code extension_<appId>_<name>}); values are strings, booleans, longs or lists of strings.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attributes")
    public Map<String, Object> attributes = new LinkedHashMap<>();

    @Version
    public int version;

    /** A new guest waiting to accept its first invitation. */
    public static GuestUser invited(EmailAddress address, String displayName, UserType type, String directoryDomain, Instant now) {
        GuestUser user = new GuestUser();
        user.id = UUID.randomUUID();
        user.userType = type;
        user.creationType = CreationType.Invitation;
        user.externalUserState = ExternalUserState.PendingAcceptance;
        user.externalUserStateChangedAt = now;
        user.createdAt = now;
        user.displayName = displayName;
        user.changeAddress(address, directoryDomain);
        return user;
    }

    /**
     * Self-service sign-up: a guest who accepted by signing up (through an identity linked in the same transaction), at the
     * address the identity provider verified.
     */
    public static GuestUser signedUp(EmailAddress address, String displayName, Map<String, Object> attributes, String directoryDomain,
            Instant now) {
        GuestUser user = new GuestUser();
        user.id = UUID.randomUUID();
        user.userType = UserType.Guest;
        user.creationType = CreationType.SelfServiceSignUp;
        user.externalUserState = ExternalUserState.Accepted;
        user.externalUserStateChangedAt = now;
        user.createdAt = now;
        user.displayName = displayName;
        user.attributes = new LinkedHashMap<>(attributes);
        user.changeAddress(address, directoryDomain);
        return user;
    }

    public boolean hasAccepted() {
        return externalUserState == ExternalUserState.Accepted;
    }

    /** Redemption: the guest accepted, through an identity linked in the same transaction. */
    public void accept(Instant now) {
        if (!accountEnabled) {
            throw new DirectoryRuleException("The account is disabled.");
        }
        externalUserState = ExternalUserState.Accepted;
        externalUserStateChangedAt = now;
    }

    /** resetRedemption: the guest must redeem again, possibly at another address, with any account. */
    public void resetRedemption(EmailAddress newAddress, String directoryDomain, Instant now) {
        changeAddress(newAddress, directoryDomain);
        externalUserState = ExternalUserState.PendingAcceptance;
        externalUserStateChangedAt = now;
        revokeSignInSessions(now);
    }

    /** Ends every SSO session and refresh token issued until now. */
    public void revokeSignInSessions(Instant now) {
        // the database keeps microseconds: truncate, so that what is read back compares as what was written
        signInSessionsValidFrom = now.truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether a session or refresh token issued at this instant still stands after revocations. */
    public boolean sessionsValidSince(Instant issuedAt) {
        return signInSessionsValidFrom == null || !issuedAt.isBefore(signInSessionsValidFrom);
    }

    private void changeAddress(EmailAddress address, String directoryDomain) {
        this.mail = address.value();
        this.mailKey = address.key();
        this.userPrincipalName = principalName(address, directoryDomain);
    }

    /** Graph's guest UPN: the address with '@' as '_', then #EXT#@<tenant domain>. */
    public static String principalName(EmailAddress address, String directoryDomain) {
        return address.key().replace('@', '_') + "#EXT#@" + directoryDomain;
    }
}
