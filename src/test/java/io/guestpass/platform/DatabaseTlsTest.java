package io.guestpass.platform;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Database TLS verifies the server. The embedded PostgreSQL presents a certificate for {@code localhost} from a test CA;
 * this profile runs the worker with {@code guestpass.db.tls=verify-full} trusting that CA, so Flyway's JDBC connection
 * at start and the reactive pool both verify it. Trusting only the Amazon roots (production's bundle), or reaching the
 * same server by a name its certificate does not carry, is refused by both clients with the application's settings.
 */
@QuarkusTest
@TestProfile(DatabaseTlsTest.VerifyFull.class)
@QuarkusTestResource(GuestpassTestResources.class)
class DatabaseTlsTest {

    static final String AMAZON_ROOTS = "tls/amazon-root-ca.pem";

    public static class VerifyFull implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestpass.function", "worker",
                    "guestpass.db.tls", "verify-full",
                    "guestpass.db.trust-certificates",
                    GuestpassTestResources.DATABASE_CERTIFICATES.resolve("test-ca.pem").toAbsolutePath().toString());
        }
    }

    @Inject
    Config config;

    @Inject
    Vertx vertx;

    @Test
    void bothClientsVerifyTheServerAndSpeakTls() throws Exception {
        // Flyway migrated at start over JDBC with verify-full; the worker's run goes through the reactive pool
        given().contentType("application/json").body("{}").post("/internal/worker/run").then().statusCode(200);
        String pool = "from pg_stat_ssl s join pg_stat_activity a using (pid) where a.application_name = 'vertx-pg-client'";
        assertTrue(Directory.count("select count(*) " + pool + " and s.ssl") > 0, "the reactive pool speaks TLS");
        assertEquals(0, Directory.count("select count(*) " + pool + " and not s.ssl"));

        try (Connection jdbc = DriverManager.getConnection(jdbcUrl("localhost"), jdbcSettings(config.getValue("guestpass.db.trust-certificates", String.class)))) {
            assertTrue(jdbc.isValid(2));
        }
        connectReactive("localhost", config.getValue("guestpass.db.trust-certificates", String.class)).close();
    }

    @Test
    void aServerTheAmazonRootsDoNotVouchForIsRefused() {
        SQLException jdbc = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(jdbcUrl("localhost"), jdbcSettings(AMAZON_ROOTS)).close());
        assertInstanceOf(SSLException.class, jdbc.getCause(), jdbc.toString());
        assertRefusedByTls(assertThrows(ExecutionException.class, () -> connectReactive("localhost", AMAZON_ROOTS)));
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        String testCa = config.getValue("guestpass.db.trust-certificates", String.class);
        // the same server, the same CA, but 127.0.0.1 is not the name on its certificate
        SQLException jdbc = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(jdbcUrl("127.0.0.1"), jdbcSettings(testCa)).close());
        assertTrue(jdbc.getMessage().contains("hostname") || jdbc.getCause() instanceof SSLException, jdbc.toString());
        assertRefusedByTls(assertThrows(ExecutionException.class, () -> connectReactive("127.0.0.1", testCa)));
    }

    @Test
    void productionVerifiesTheServerAgainstTheFourBundledAmazonRoots() throws Exception {
        SmallRyeConfig production = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(getClass().getClassLoader().getResource("application.properties")))
                .build();
        assertEquals("verify-full", production.getRawValue("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("HTTPS", production.getRawValue("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("true", production.getRawValue("quarkus.datasource.reactive.trust-certificate-pem"));
        assertEquals(AMAZON_ROOTS, production.getRawValue("quarkus.datasource.reactive.trust-certificate-pem.certs"));
        assertEquals("verify-full", production.getRawValue("quarkus.datasource.jdbc.additional-jdbc-properties.sslmode"));
        assertEquals(PemTrustSslFactory.class.getName(), production.getRawValue("quarkus.datasource.jdbc.additional-jdbc-properties.sslfactory"));
        assertEquals(AMAZON_ROOTS, production.getRawValue("quarkus.datasource.jdbc.additional-jdbc-properties.sslfactoryarg"));

        // the four roots, self-signed, by their published SHA-256 fingerprints (https://www.amazontrust.com/repository/)
        List<String> expected = List.of(
                "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",
                "1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4",
                "18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4",
                "e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092");
        List<? extends Certificate> bundle = List.copyOf(PemTrustSslFactory.certificates(AMAZON_ROOTS));
        assertEquals(4, bundle.size());
        for (int i = 0; i < 4; i++) {
            X509Certificate root = (X509Certificate) bundle.get(i);
            assertEquals("CN=Amazon Root CA " + (i + 1) + ",O=Amazon,C=US", root.getSubjectX500Principal().getName());
            root.verify(root.getPublicKey());
            assertEquals(expected.get(i), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
        }
    }

    /** Vert.x reports a refused certificate as "SSL handshake failed", with the JDK's SSLException as a cause when it has one. */
    private static void assertRefusedByTls(ExecutionException failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException || "SSL handshake failed".equals(t.getMessage())) {
                return;
            }
        }
        fail("not refused by TLS: " + failure);
    }

    /** The JDBC connection exactly as the application configures it, trusting {@code bundle}. */
    private Properties jdbcSettings(String bundle) {
        Properties settings = new Properties();
        for (String name : List.of("sslmode", "sslfactory")) {
            settings.setProperty(name, config.getValue("quarkus.datasource.jdbc.additional-jdbc-properties." + name, String.class));
        }
        settings.setProperty("sslfactoryarg", bundle);
        settings.setProperty("user", "postgres");
        settings.setProperty("password", "postgres");
        settings.setProperty("connectTimeout", "5");
        return settings;
    }

    private static String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + GuestpassTestResources.postgres().getPort() + "/postgres";
    }

    /** A reactive connection with the application's TLS settings, trusting {@code bundle}. */
    private PgConnection connectReactive(String host, String bundle) throws Exception {
        PgConnectOptions options = new PgConnectOptions().setHost(host).setPort(GuestpassTestResources.postgres().getPort())
                .setDatabase("postgres").setUser("postgres").setPassword("postgres")
                .setSslMode(SslMode.of(config.getValue("quarkus.datasource.reactive.postgresql.ssl-mode", String.class)))
                .setHostnameVerificationAlgorithm(config.getValue("quarkus.datasource.reactive.hostname-verification-algorithm", String.class))
                .setPemTrustOptions(new PemTrustOptions().addCertPath(bundle));
        return PgConnection.connect(vertx, options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
