package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One email one-time passcode, for one address in one journey (V21). Only the code's HMAC is kept. Its rules: valid
 * {@link #LIFETIME}; at most {@link #MAX_ATTEMPTS} submissions, each spent by one conditional update before the code is
 * compared (so parallel guesses cannot compare more often); a newer code for the same address and journey supersedes it;
 * used once. Every change happens under the row lock the spending update takes, so two submissions of the right code at
 * the same moment give one success.
 */
@Entity
@Table(name = "passcode_challenge")
public class PasscodeChallenge extends PanacheEntityBase {

    public static final Duration LIFETIME = Duration.ofMinutes(30);
    public static final int MAX_ATTEMPTS = 5;

    public enum Ended { used, superseded, exhausted }

    @Id
    public UUID id;

    public String journey;

    @Column(name = "address_key")
    public String addressKey;

    @Column(name = "code_mac")
    public byte[] codeMac;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "ended_reason")
    public Ended endedReason;

    /** A new challenge (its id chosen by the caller, who binds the MAC to it); the live one before it is superseded. */
    public static Uni<PasscodeChallenge> issue(UUID id, String journey, EmailAddress address, byte[] codeMac, Instant now) {
        return update("endedAt = ?1, endedReason = ?2 where addressKey = ?3 and journey = ?4 and endedAt is null",
                now, Ended.superseded, address.key(), journey).chain(() -> {
                    PasscodeChallenge challenge = new PasscodeChallenge();
                    challenge.id = id;
                    challenge.journey = journey;
                    challenge.addressKey = address.key();
                    challenge.codeMac = codeMac;
                    challenge.createdAt = now;
                    challenge.expiresAt = now.plus(LIFETIME);
                    return challenge.persist();
                });
    }

    /**
     * Spends one submission on a live challenge (in the caller's transaction, which then holds its row): the challenge
     * with its new count, or null when it is dead (expired, ended, or its submissions spent).
     */
    public static Uni<PasscodeChallenge> spendAttempt(UUID id, String journey, Instant now) {
        return update("attempts = attempts + 1 where id = ?1 and journey = ?2 and endedAt is null and expiresAt > ?3 and attempts < ?4",
                id, journey, now, MAX_ATTEMPTS)
                .chain(spent -> spent == 0 ? Uni.createFrom().nullItem() : PasscodeChallenge.<PasscodeChallenge>findById(id));
    }

    /** The right code: the challenge is used up. */
    public void used(Instant now) {
        end(Ended.used, now);
    }

    /** A wrong code: after the last allowed submission the challenge is dead and a new code is needed. */
    public void wrongCode(Instant now) {
        if (attempts >= MAX_ATTEMPTS) {
            end(Ended.exhausted, now);
        }
    }

    public boolean isExhausted() {
        return endedReason == Ended.exhausted || (endedReason == null && attempts >= MAX_ATTEMPTS);
    }

    public boolean hasExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private void end(Ended reason, Instant now) {
        endedAt = now;
        endedReason = reason;
    }

    /** The worker's purge: challenges past their expiry can do nothing any more. */
    public static Uni<Long> purgeExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
