package io.guestpass.directory;

import io.guestpass.platform.DataCipher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * A key that signs the tokens Guestpass issues (RS256). It is published as {@code next} before it ever signs, so that
 * relying parties' cached key sets already hold it when it becomes {@code current}; once superseded it stays published as
 * {@code previous} for the tokens it signed, then is retired and its private key erased (V8).
 */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public enum Status { next, current, previous, retired }

    /** How long a key is published before it may sign: relying parties refresh cached key sets at least daily. */
    public static final Duration PUBLISHED_BEFORE_SIGNING = Duration.ofHours(48);
    public static final int RSA_BITS = 2048;
    private static final String SEALING_PURPOSE = "signing-key ";

    /** The RFC 7638 thumbprint of the public key: unique, and checked again when the private key is opened. */
    @Id
    public String kid;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "public_jwk")
    public String publicJwk;

    @Column(name = "sealed_private_key")
    public String sealedPrivateKey;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "superseded_at")
    public Instant supersededAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** A new RSA key, published from {@code now}; its private half leaves this method only sealed. */
    public static SigningKey generate(Status status, Instant now, DataCipher cipher) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(RSA_BITS);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            SigningKey key = new SigningKey();
            key.kid = jwk.getKeyId();
            key.status = status;
            key.publicJwk = jwk.toJson(OutputControlLevel.PUBLIC_ONLY);
            key.sealedPrivateKey = cipher.seal(SEALING_PURPOSE + key.kid, jwk.toJson(OutputControlLevel.INCLUDE_PRIVATE));
            key.publishedAt = now;
            key.activatedAt = status == Status.current ? now : null;
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }

    /**
     * The key with its private half, for signing. The sealed text is bound to this kid, and the opened key must be the one
     * the kid names: a private key copied from another row never signs under this kid.
     */
    public static PublicJsonWebKey openPrivate(String kid, String sealedPrivateKey, DataCipher cipher) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(cipher.open(SEALING_PURPOSE + kid, sealedPrivateKey));
            if (!kid.equals(jwk.calculateBase64urlEncodedThumbprint("SHA-256")) || jwk.getPrivateKey() == null) {
                throw new IllegalStateException("The sealed private key of " + kid + " is not that key's");
            }
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("The sealed private key of " + kid + " could not be read", e);
        }
    }

    boolean mayStartSigning(Instant now) {
        return status == Status.next && !publishedAt.plus(PUBLISHED_BEFORE_SIGNING).isAfter(now);
    }

    boolean dueForReplacement(Instant now, Duration rotationPeriod) {
        return status == Status.current && !activatedAt.plus(rotationPeriod).isAfter(now);
    }

    boolean dueForRetirement(Instant now, Duration rotationPeriod) {
        return status == Status.previous && !supersededAt.plus(rotationPeriod).isAfter(now);
    }

    void activate(Instant now) {
        if (!mayStartSigning(now)) {
            throw new IllegalStateException("Key " + kid + " has not been published for " + PUBLISHED_BEFORE_SIGNING);
        }
        status = Status.current;
        activatedAt = now;
    }

    void supersede(Instant now) {
        status = Status.previous;
        supersededAt = now;
    }

    /** Never published or used again: the private half is erased, the public one kept as a record. */
    void retire(Instant now) {
        status = Status.retired;
        retiredAt = now;
        sealedPrivateKey = null;
    }

    /** What one rotation did. */
    public record Rotation(int created, int activated, int retired) {
    }

    /**
     * One rotation step at {@code now}, in the caller's transaction: previous keys older than the rotation period are
     * retired; a current key older than the period is superseded by the next one, if that has been published long enough
     * (otherwise it keeps signing until it has); and there is always exactly one next key afterwards. Runs under a
     * transaction-scoped advisory lock, so that two worker runs never rotate at once.
     */
    public static Uni<Rotation> rotate(Instant now, Duration rotationPeriod, Supplier<SigningKey> newNextKey) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select true from pg_advisory_xact_lock(hashtext('signing_key'))", Boolean.class)
                        .getSingleResult())
                .chain(locked -> SigningKey.<SigningKey>list("status <> ?1 order by publishedAt", Status.retired))
                .chain(keys -> rotate(keys, now, rotationPeriod, newNextKey));
    }

    private static Uni<Rotation> rotate(List<SigningKey> keys, Instant now, Duration rotationPeriod, Supplier<SigningKey> newNextKey) {
        List<SigningKey> retiring = keys.stream().filter(k -> k.dueForRetirement(now, rotationPeriod)).toList();
        retiring.forEach(k -> k.retire(now));
        SigningKey current = only(keys, Status.current);
        SigningKey next = only(keys, Status.next);
        boolean replace = next != null && next.mayStartSigning(now) && (current == null || current.dueForReplacement(now, rotationPeriod));
        Uni<Void> done = Uni.createFrom().voidItem();
        if (replace) {
            // one statement at a time: at no point may two keys be current (or two next) for the database's unique indexes
            if (current != null) {
                current.supersede(now);
                done = done.chain(current::flush);
            }
            done = done.chain(() -> {
                next.activate(now);
                return next.flush();
            });
        }
        boolean create = next == null || replace;
        if (create) {
            done = done.chain(() -> newNextKey.get().persist()).replaceWithVoid();
        }
        return done.replaceWith(new Rotation(create ? 1 : 0, replace ? 1 : 0, retiring.size()));
    }

    private static SigningKey only(List<SigningKey> keys, Status status) {
        return keys.stream().filter(k -> k.status == status).findFirst().orElse(null);
    }
}
