package io.guestpass.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.ApiConnector;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GraphException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A connector's secrets (beside the client that uses them; the admin API only writes them): checked when given (a PKCS#12 must open with its password and hold one key with its
 * certificate), sealed with the data key under the connector's own purpose, and opened only to call the connector.
 */
@ApplicationScoped
public class ConnectorCredentials {

    static final int MAX_PKCS12_BASE64 = 40_000;
    static final int MAX_CERTIFICATES = 10;

    /** What is sealed: the Basic password, or every uploaded PKCS#12 with its password. */
    @RegisterForReflection
    public record Sealed(String password, List<SealedCertificate> certificates) {
    }

    @RegisterForReflection
    public record SealedCertificate(String thumbprint, String pkcs12Value, String password) {
    }

    /** A checked PKCS#12: what may be shown of it and what is sealed. */
    record Checked(ApiConnector.Certificate information, SealedCertificate sealed) {
    }

    private final DataCipher cipher;
    private final ObjectMapper json;

    ConnectorCredentials(DataCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    /** Switches the connector to Basic authentication with these credentials. */
    public void basic(ApiConnector connector, String username, String password) {
        if (username == null || username.isBlank() || username.length() > 256 || username.contains(":")
                || username.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.badRequest("authenticationConfiguration.username is required: at most 256 printable characters, no ':'.");
        }
        if (password == null || password.isEmpty() || password.length() > 256 || password.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.badRequest("authenticationConfiguration.password is required: at most 256 printable characters.");
        }
        connector.authenticationType = ApiConnector.AuthenticationType.basic;
        connector.username = username;
        connector.certificates(List.of());
        seal(connector, new Sealed(password, List.of()));
    }

    /** Adds a client certificate (switching from Basic if need be); the newest valid one is the one presented. */
    public void addCertificate(ApiConnector connector, String pkcs12Value, String password) {
        Checked checked = check(pkcs12Value, password);
        List<SealedCertificate> sealed = new ArrayList<>();
        List<ApiConnector.Certificate> shown = new ArrayList<>();
        if (connector.authenticationType == ApiConnector.AuthenticationType.clientCertificate) {
            sealed.addAll(open(connector).certificates());
            shown.addAll(connector.certificates());
        }
        if (shown.stream().anyMatch(c -> c.thumbprint().equals(checked.information().thumbprint()))) {
            throw GraphException.conflict("This certificate (" + checked.information().thumbprint() + ") is already uploaded.");
        }
        if (shown.size() >= MAX_CERTIFICATES) {
            throw GraphException.badRequest("A connector holds at most " + MAX_CERTIFICATES + " certificates.");
        }
        sealed.add(checked.sealed());
        shown.add(checked.information());
        connector.authenticationType = ApiConnector.AuthenticationType.clientCertificate;
        connector.username = null;
        connector.certificates(shown);
        seal(connector, new Sealed(null, sealed));
    }

    public Sealed open(ApiConnector connector) {
        try {
            return json.readValue(cipher.open(connector.sealPurpose(), connector.sealedCredentials), Sealed.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sealed connector credentials are unreadable", e);
        }
    }

    private void seal(ApiConnector connector, Sealed sealed) {
        try {
            connector.sealedCredentials = cipher.seal(connector.sealPurpose(), json.writeValueAsString(sealed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Checked check(String pkcs12Value, String password) {
        if (pkcs12Value == null || pkcs12Value.isEmpty() || pkcs12Value.length() > MAX_PKCS12_BASE64) {
            throw GraphException.badRequest("pkcs12Value is required: a base64 PKCS#12 file of at most 30 kB.");
        }
        if (password == null || password.length() > 256) {
            throw GraphException.badRequest("password is required: the PKCS#12 file's password.");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(Base64.getDecoder().decode(pkcs12Value)), password.toCharArray());
            List<String> keys = Collections.list(store.aliases()).stream().filter(alias -> isKey(store, alias)).toList();
            if (keys.size() != 1 || !(store.getCertificate(keys.get(0)) instanceof X509Certificate certificate)) {
                throw GraphException.badRequest("pkcs12Value must hold exactly one private key with its certificate.");
            }
            String thumbprint = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
            return new Checked(new ApiConnector.Certificate(thumbprint, certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant()), new SealedCertificate(thumbprint, pkcs12Value, password));
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("pkcs12Value is not base64.");
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw GraphException.badRequest("pkcs12Value could not be opened with this password as a PKCS#12 file.");
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
