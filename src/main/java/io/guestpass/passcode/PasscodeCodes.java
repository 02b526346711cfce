package io.guestpass.passcode;

import io.guestpass.platform.DataCipher;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Makes and checks codes: 8 digits from a CSPRNG, kept only as HMAC-SHA-256 under a key derived from the data key (a plain
 * hash of 8 digits reverses in a second), bound to the challenge's id, compared in constant time.
 */
@ApplicationScoped
public class PasscodeCodes {

    static final String KEY_LABEL = "guestpass/passcode-mac/v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CODE = Pattern.compile("[0-9]{8}");

    private final DataCipher cipher;
    private volatile SecretKeySpec key;

    PasscodeCodes(DataCipher cipher) {
        this.cipher = cipher;
    }

    String fresh() {
        return String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    /** What a person typed, without the spaces or hyphens people add; null when it cannot be a code. */
    static String normalised(String typed) {
        if (typed == null) {
            return null;
        }
        String digits = typed.replaceAll("[\\s-]", "");
        return CODE.matcher(digits).matches() ? digits : null;
    }

    byte[] mac(UUID challengeId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal((challengeId + ":" + code).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean matches(byte[] stored, UUID challengeId, String code) {
        return MessageDigest.isEqual(stored, mac(challengeId, code));
    }

    /** Derived on first use, once per instance. */
    private SecretKeySpec key() {
        SecretKeySpec derived = key;
        if (derived == null) {
            derived = new SecretKeySpec(cipher.derivedKey(KEY_LABEL), "HmacSHA256");
            key = derived;
        }
        return derived;
    }
}
