package io.guestpass.federation;

import io.guestpass.connectors.ConnectorAddresses;
import io.guestpass.platform.GuestpassConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a configured provider's endpoints are, read from its discovery document under the same rules as API connectors:
 * the metadata URL and every endpoint Guestpass itself will call (token, keys, user info) must be https and resolve only to
 * public addresses (no loopback, private, link-local — instance metadata —, CGNAT, unique-local or mapped forms of these),
 * because an administrator's URL and someone else's DNS must not make the function call into its own network. The
 * document is fetched from the address that was checked (host name in Host and SNI); redirects are not followed. The
 * authorization endpoint is exempt: only the browser goes there.
 */
@ApplicationScoped
public class ProviderEndpoints {

    /** What quarkus-oidc is given instead of running discovery itself. */
    public record Endpoints(String issuer, String authorization, String token, String jwks, String userInfo) {
    }

    /** A provider whose settings or answers Guestpass refuses to use; the message is for the log. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_DOCUMENT = 64 * 1024;
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final Vertx vertx;
    private final boolean allowLoopback;
    private final Optional<String> trustFile;
    private final Duration timeout;
    private volatile HttpClient client;

    ProviderEndpoints(Vertx vertx, GuestpassConfig config) {
        this.vertx = vertx;
        this.allowLoopback = config.dev().allowLoopbackConnectors();
        this.trustFile = config.dev().connectorTrustCertificates();
        this.timeout = config.federation().requestTimeout();
    }

    /**
     * Reads and checks the discovery document at {@code metadataUrl}, and every endpoint it names that Guestpass calls.
     * With {@code issuerNamesDocument} the issuer must be the one the URL was derived from (OpenID Connect Discovery
     * §4.3): a document cannot claim another provider's issuer.
     */
    public Uni<Endpoints> discover(String metadataUrl, boolean issuerNamesDocument) {
        return checked(metadataUrl, "metadataUrl").chain(address -> fetch(URI.create(metadataUrl), address)).chain(document -> {
            String issuer = document.getString("issuer");
            String authorization = document.getString("authorization_endpoint");
            if (issuer == null || authorization == null || !authorization.startsWith("https://") && !allowLoopback) {
                return Uni.createFrom().failure(new Refused("the discovery document at " + metadataUrl
                        + " names no issuer or no https authorization_endpoint"));
            }
            if (issuerNamesDocument && !metadataUrl.equals(stripSlash(issuer) + DISCOVERY_PATH)) {
                return Uni.createFrom().failure(new Refused("the discovery document at " + metadataUrl + " names issuer " + issuer
                        + ", not the one its address was derived from"));
            }
            Endpoints endpoints = new Endpoints(issuer, authorization, document.getString("token_endpoint"),
                    document.getString("jwks_uri"), document.getString("userinfo_endpoint"));
            return check(endpoints);
        });
    }

    /** Fixed endpoints (Facebook's), checked as discovered ones are. */
    public Uni<Endpoints> check(Endpoints endpoints) {
        Uni<?> checks = checked(endpoints.token(), "token_endpoint");
        if (endpoints.jwks() != null) {
            checks = checks.chain(() -> checked(endpoints.jwks(), "jwks_uri"));
        }
        if (endpoints.userInfo() != null) {
            checks = checks.chain(() -> checked(endpoints.userInfo(), "userinfo_endpoint"));
        }
        return checks.replaceWith(endpoints);
    }

    /** The address to call {@code url} at: refused unless https (loopback http in development) and public. */
    Uni<InetAddress> checked(String url, String what) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Uni.createFrom().failure(new Refused(what + " " + url + " is not an absolute URL"));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        return Uni.createFrom().item(() -> lookup(host)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout).failWith(() -> new Refused("the host " + host + " did not resolve in time"))
                .map(addresses -> {
                    for (InetAddress address : addresses) {
                        Optional<String> refusal = ConnectorAddresses.refusal(address, allowLoopback);
                        if (refusal.isPresent()) {
                            throw new Refused(what + " " + url + ": the host resolves to " + address.getHostAddress() + ", a "
                                    + refusal.get() + " address");
                        }
                    }
                    boolean loopback = allowLoopback && addresses.stream().allMatch(InetAddress::isLoopbackAddress);
                    if (!scheme.equals("https") && !(loopback && scheme.equals("http"))) {
                        throw new Refused(what + " " + url + " does not use https");
                    }
                    return addresses.get(0);
                });
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
    }

    private Uni<JsonObject> fetch(URI url, InetAddress address) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setHost(url.getHost()).setPort(port).setSsl(https)
                .setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                .setFollowRedirects(false).setConnectTimeout(timeout.toMillis()).setTimeout(timeout.toMillis())
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        return Uni.createFrom().completionStage(() -> client().request(options)
                        .compose(request -> request.send().compose(response -> {
                            if (response.statusCode() != 200) {
                                return io.vertx.core.Future.failedFuture(new Refused("the discovery document at " + url
                                        + " answered " + response.statusCode()));
                            }
                            String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
                            if (length != null && length.length() > 9 || length != null && Long.parseLong(length.trim()) > MAX_DOCUMENT) {
                                return io.vertx.core.Future.failedFuture(new Refused("the discovery document is over 64 KiB"));
                            }
                            return response.body();
                        })).toCompletionStage())
                .map(body -> parse(body, url));
    }

    private static JsonObject parse(Buffer body, URI url) {
        if (body.length() > MAX_DOCUMENT) {
            throw new Refused("the discovery document at " + url + " is over 64 KiB");
        }
        try {
            return body.toJsonObject();
        } catch (RuntimeException e) {
            throw new Refused("the discovery document at " + url + " is not a JSON object");
        }
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            HttpClientOptions options = new HttpClientOptions().setVerifyHost(true).setForceSni(true).setMaxRedirects(0)
                    .setKeepAlive(false).setTryUseCompression(false);
            trustFile.ifPresent(file -> {
                try {
                    options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(Files.readAllBytes(Path.of(file)))));
                } catch (IOException e) {
                    throw new UncheckedIOException("guestpass.dev.connector-trust-certificates cannot be read", e);
                }
            });
            current = vertx.createHttpClient(options);
            client = current;
        }
        return current;
    }
}
