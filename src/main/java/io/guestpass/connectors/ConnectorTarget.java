package io.guestpass.connectors;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** Where a connector's URL points: the host to resolve and name in Host and SNI, the port, the path with its query. */
record ConnectorTarget(String host, int port, boolean https, String pathAndQuery) {

    static final int HTTPS_PORT = 443;

    /**
     * Production reaches https on port 443 only (checked here, before any name is resolved); with {@code allowLoopback}
     * (development, tests) a loopback connector may use any port and plain http (checked once resolved: {@link #check}).
     */
    static ConnectorTarget of(String url, boolean allowLoopback) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new ConnectorFailure("the target URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConnectorFailure("the target URL is not an absolute http(s) URL");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? HTTPS_PORT : 80) : uri.getPort();
        if (!allowLoopback && (!https || port != HTTPS_PORT)) {
            throw new ConnectorFailure("the target URL is not https on port 443");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new ConnectorTarget(host, port, https, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    /** Plain http and other ports are a development convenience for a connector on this machine, never anywhere else. */
    void check(InetAddress address) {
        if ((!https || port != HTTPS_PORT) && !ConnectorAddresses.isLoopback(address)) {
            throw new ConnectorFailure("only https on port 443 may reach " + address.getHostAddress() + ": refused");
        }
    }
}
