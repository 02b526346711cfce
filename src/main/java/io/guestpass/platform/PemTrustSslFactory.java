package io.guestpass.platform;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.postgresql.ssl.WrappedFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Properties;

/**
 * pgjdbc's TLS socket factory for the JDBC connection (Flyway, the migrate function): trusts exactly the certificates of
 * one PEM bundle, named by {@code sslfactoryarg} as a file or, failing that, a class-path resource — the way the reactive
 * client finds {@code quarkus.datasource.reactive.trust-certificate-pem.certs}. pgjdbc's own {@code sslrootcert} takes
 * only a file, and its single-certificate factory only the first certificate of a bundle. Host names are still checked
 * by pgjdbc under {@code sslmode=verify-full}. pgjdbc instantiates it by name (hence the registration for native builds).
 */
@RegisterForReflection
public class PemTrustSslFactory extends WrappedFactory {

    public PemTrustSslFactory(Properties info) throws GeneralSecurityException, IOException {
        String bundle = info.getProperty("sslfactoryarg");
        if (bundle == null || bundle.isBlank()) {
            throw new GeneralSecurityException("sslfactoryarg must name the PEM bundle of trusted certificates");
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates(bundle)) {
            trusted.setCertificateEntry("trusted-" + i++, certificate);
        }
        if (i == 0) {
            throw new GeneralSecurityException("No certificate in " + bundle);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        factory = context.getSocketFactory();
    }

    static Collection<? extends Certificate> certificates(String bundle) throws IOException, GeneralSecurityException {
        try (InputStream in = open(bundle)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static InputStream open(String bundle) throws IOException {
        Path file = Path.of(bundle);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream resource = PemTrustSslFactory.class.getClassLoader().getResourceAsStream(bundle);
        if (resource == null) {
            throw new IOException("Neither a file nor a class-path resource: " + bundle);
        }
        return resource;
    }
}
