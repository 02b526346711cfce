package io.guestpass.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret that whoever holds it may use once (a redeem ticket, an authorization code): 256 random bits, base64url, kept
 * only as its SHA-256 — random enough that a fast hash is the right one, and a look-up by hash compares nothing in Java.
 */
public final class BearerSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerSecret() {
    }

    public static String fresh() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] hash(String plaintext) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
