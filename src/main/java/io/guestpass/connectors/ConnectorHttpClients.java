package io.guestpass.connectors;

import io.guestpass.directory.ApiConnector;
import io.guestpass.platform.GuestpassConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Vert.x HTTP client per connector, built at its first call (nothing at start-up) and kept while the connector's
 * row version and presented certificate stay the same: the PKCS#12 is parsed and the TLS context built once, the Basic
 * password opened once. A changed connector replaces its client.
 */
@ApplicationScoped
class ConnectorHttpClients {

    /** What identifies a built client: a new row version (credentials changed) or certificate (expiry) rebuilds it. */
    record Key(UUID connector, int version, String certificate) {
    }

    record Client(Key key, HttpClient http, Optional<String> authorization) {
    }

    private final Vertx vertx;
    private final ConnectorCredentials credentials;
    private final Optional<String> trustFile;
    private final ConcurrentHashMap<UUID, Client> clients = new ConcurrentHashMap<>();
    private volatile Optional<PemTrustOptions> trust;

    ConnectorHttpClients(Vertx vertx, ConnectorCredentials credentials, GuestpassConfig config) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.trustFile = config.dev().connectorTrustCertificates();
    }

    Client clientFor(ApiConnector connector, Instant now) {
        String certificate = "";
        if (connector.authenticationType == ApiConnector.AuthenticationType.clientCertificate) {
            certificate = connector.activeCertificate(now).map(ApiConnector.Certificate::thumbprint)
                    .orElseThrow(() -> new ConnectorFailure("no client certificate of the connector is valid now"));
        } else if (connector.authenticationType != ApiConnector.AuthenticationType.basic) {
            throw new ConnectorFailure("the connector has no authentication configured");
        }
        Key key = new Key(connector.id, connector.version, certificate);
        Client current = clients.get(connector.id);
        if (current != null && current.key().equals(key)) {
            return current;
        }
        Client built = build(connector, key);
        Client replaced = clients.put(connector.id, built);
        // a connector changed by an administrator: its old client goes (a call still using it then fails, as it would
        // with the old credentials); a twin built by a simultaneous first call is left to the garbage collector
        if (replaced != null && !replaced.key().equals(key)) {
            replaced.http().close();
        }
        return built;
    }

    static final int KEEP_ALIVE_SECONDS = 2;

    private Client build(ApiConnector connector, Key key) {
        ConnectorCredentials.Sealed sealed = credentials.open(connector);
        HttpClientOptions options = new HttpClientOptions()
                .setVerifyHost(true)
                // SNI even for single-label names (localhost in tests); the connection goes to an address, not a name
                .setForceSni(true)
                // kept alive only briefly: the two calls of one sign-up (and a busy instance's next ones) share a TLS
                // handshake, while a connection idle longer than KEEP_ALIVE_SECONDS — e.g. across a frozen Lambda
                // instance — is never reused: Vert.x checks its wall-clock expiry when it hands a connection out, and the
                // servers connectors run behind keep idle connections longer than that
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setTryUseCompression(false)
                .setMaxRedirects(0);
        trust().ifPresent(options::setTrustOptions);
        Optional<String> authorization = Optional.empty();
        if (key.certificate().isEmpty()) {
            String pair = connector.username + ":" + sealed.password();
            authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            ConnectorCredentials.SealedCertificate presented = sealed.certificates().stream()
                    .filter(c -> c.thumbprint().equals(key.certificate())).findFirst()
                    .orElseThrow(() -> new ConnectorFailure("the active certificate is missing from the sealed credentials"));
            options.setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(Base64.getDecoder().decode(presented.pkcs12Value())))
                    .setPassword(presented.password()));
        }
        return new Client(key, vertx.createHttpClient(options), authorization);
    }

    private Optional<PemTrustOptions> trust() {
        Optional<PemTrustOptions> read = trust;
        if (read == null) {
            read = trustFile.map(file -> {
                try {
                    return new PemTrustOptions().addCertValue(Buffer.buffer(Files.readAllBytes(Path.of(file))));
                } catch (IOException e) {
                    throw new UncheckedIOException("guestpass.dev.connector-trust-certificates cannot be read", e);
                }
            });
            trust = read;
        }
        return read;
    }
}
