package io.guestpass.devmode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * DEVELOPMENT AND TESTS ONLY — part of {@link LocalMicrosoftAccount}. Writes the small self-signed X.509 certificate
 * (DER by hand: the JDK has no public API for making one) that Microsoft-shaped JWKS entries carry in {@code x5c}.
 */
final class LocalMicrosoftAccountCertificates {

    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private LocalMicrosoftAccountCertificates() {
    }

    static X509Certificate selfSigned(PublicKey publicKey, PrivateKey privateKey, String commonName) throws GeneralSecurityException {
        byte[] algorithm = der(0x30, SHA256_WITH_RSA, new byte[]{0x05, 0x00});
        byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME, der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] validity = der(0x30,
                der(0x17, UTC_TIME.format(now.minus(1, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)),
                der(0x17, UTC_TIME.format(now.plus(365, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)));
        byte[] serial = der(0x02, new BigInteger(64, new SecureRandom()).setBit(62).toByteArray());
        byte[] tbs = der(0x30, der(0xa0, new byte[]{0x02, 0x01, 0x02}), serial, algorithm, name, validity, name,
                publicKey.getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, algorithm, der(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
