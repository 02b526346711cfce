package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.MailMessage;
import io.guestpass.directory.PasscodeChallenge;
import io.guestpass.mail.Outbox;
import io.guestpass.platform.FunctionRole;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Issues codes (the challenge and its mail in one transaction) and checks what people type against them. */
@ApplicationScoped
public class PasscodeChallenges {

    /** What a submitted code came to. */
    public enum Verdict { VERIFIED, WRONG, EXHAUSTED, EXPIRED, SPENT }

    /** The verdict, and for a verified code the address it proved (its canonical form). */
    public record Verification(Verdict verdict, String addressKey) {

        static Verification of(Verdict verdict) {
            return new Verification(verdict, null);
        }
    }

    private final PasscodeCodes codes;
    private final PasscodeMail mail;
    private final Outbox outbox;
    private final boolean handOffMail;
    private final Clock clock;

    PasscodeChallenges(PasscodeCodes codes, PasscodeMail mail, Outbox outbox, GuestpassConfig config, Clock clock) {
        this.codes = codes;
        this.mail = mail;
        this.outbox = outbox;
        // deployed, the worker sends the mail (the journeys' functions have no mail permission); development runs no worker
        this.handOffMail = config.function() == FunctionRole.local;
        this.clock = clock;
    }

    /**
     * A new code for the address in this journey, superseding the one before; mailed (in {@code locale}) only when
     * {@code send}, otherwise nobody ever learns it. Answers the challenge's id.
     */
    public Uni<UUID> issue(String journey, EmailAddress address, boolean send, Locale locale) {
        UUID id = UUID.randomUUID();
        String code = codes.fresh();
        Instant now = clock.instant();
        return Panache.withTransaction(() -> PasscodeChallenge.issue(id, journey, address, codes.mac(id, code), now)
                        .chain(challenge -> send ? outbox.queue(MailMessage.Kind.Passcode, mail.content(address, code, locale))
                                : Uni.createFrom().<MailMessage>nullItem()))
                .call(queued -> queued != null && handOffMail ? outbox.deliverSoon(java.util.List.of(queued.id)) : Uni.createFrom().voidItem())
                .replaceWith(id);
    }

    /** Checks a code (already shaped as 8 digits) against the challenge; every check spends one of its submissions. */
    public Uni<Verification> verify(UUID id, String journey, String code) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> PasscodeChallenge.spendAttempt(id, journey, now).chain(challenge -> {
            if (challenge == null) {
                return whyDead(id, journey, now).map(Verification::of);
            }
            if (codes.matches(challenge.codeMac, id, code)) {
                challenge.used(now);
                return Uni.createFrom().item(new Verification(Verdict.VERIFIED, challenge.addressKey));
            }
            challenge.wrongCode(now);
            return Uni.createFrom().item(Verification.of(challenge.isExhausted() ? Verdict.EXHAUSTED : Verdict.WRONG));
        }));
    }

    /** A challenge that took no submission: say why, so that the page tells the person what to do. */
    private static Uni<Verdict> whyDead(UUID id, String journey, Instant now) {
        return PasscodeChallenge.<PasscodeChallenge>findById(id).map(challenge -> {
            if (challenge == null || !challenge.journey.equals(journey)) {
                return Verdict.SPENT;
            }
            if (challenge.isExhausted()) {
                return Verdict.EXHAUSTED;
            }
            return challenge.endedReason == null && challenge.hasExpired(now) ? Verdict.EXPIRED : Verdict.SPENT;
        });
    }
}
