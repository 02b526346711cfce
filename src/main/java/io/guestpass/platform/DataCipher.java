package io.guestpass.platform;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts what must be kept but not readable (queued mail, stored responses, the redeem state cookie) with AES-256-GCM
 * under the data key from configuration. Sealed text is {@code v1.<key id>.<base64url(iv | ciphertext)>}; the key id
 * lets an old key still open what it sealed after a rotation puts a new key first. Each use names its purpose, which is
 * bound into the authentication tag: a value sealed for one purpose never opens as another. Built on first use, so a
 * role that seals nothing needs no key.
 */
@ApplicationScoped
public class DataCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private final Map<String, SecretKeySpec> keysById = new LinkedHashMap<>();
    private final String currentKeyId;

    @jakarta.inject.Inject
    DataCipher(GuestpassConfig config) {
        this(config.crypto().dataKeys().orElse(List.of()));
    }

    public DataCipher(List<String> base64Keys) {
        for (String encoded : base64Keys) {
            byte[] key = Base64.getDecoder().decode(encoded.trim());
            if (key.length != 32) {
                throw new IllegalArgumentException("guestpass.crypto.data-key must be 256 bits (32 bytes, base64)");
            }
            keysById.put(keyId(key), new SecretKeySpec(key, "AES"));
        }
        if (keysById.isEmpty()) {
            throw new IllegalArgumentException("guestpass.crypto.data-key is required by the functions that seal data");
        }
        currentKeyId = keysById.keySet().iterator().next();
    }

    public String seal(String purpose, String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keysById.get(currentKeyId), new GCMParameterSpec(128, iv));
            cipher.updateAAD((currentKeyId + ":" + purpose).getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
            return "v1." + currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String open(String purpose, String sealedText) {
        String[] parts = sealedText == null ? new String[0] : sealedText.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("v1") || !keysById.containsKey(parts[1])) {
            throw new IllegalStateException("Sealed data under an unknown key or format");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keysById.get(parts[1]), new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD((parts[1] + ":" + purpose).getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Sealed data could not be opened", e);
        }
    }

    /**
     * A key for another use (e.g. HMAC of one-time passcodes), derived from the current data key under a fixed label
     * (HMAC-SHA-256(data key, label), the extract-free form of HKDF-Expand for one block): one configured secret, and a
     * derived key never equals the key that encrypts. Values made with it are checked again only while the data key is
     * current.
     */
    public byte[] derivedKey(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keysById.get(currentKeyId).getEncoded(), "HmacSHA256"));
            return mac.doFinal((label + "\u0001").getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
