package io.guestpass.oidc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The origins of the registered single-page applications' redirect URIs: the only origins the provider's JSON endpoints
 * answer across origins. Read from the database at most every {@link #MAX_AGE}: a single-page app sends a preflight and
 * a request for every call, and a query per request would double the endpoints' database work, while a newly registered
 * (or removed) SPA redirect URI taking up to a minute to count is harmless — its sign-in needs a page visit first anyway.
 */
@ApplicationScoped
public class SpaOrigins {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final String QUERY = "select distinct unnest(spa_redirect_uris) as uri from application";

    private record Loaded(Instant at, Set<String> origins) {
    }

    private final Pool pool;
    private final Clock clock;
    private volatile Loaded loaded;

    SpaOrigins(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Whether a browser's {@code Origin} header names a registered single-page application. */
    public Uni<Boolean> allows(String origin) {
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            return Uni.createFrom().item(false);
        }
        String wanted = origin.toLowerCase(Locale.ROOT);
        Loaded current = loaded;
        Instant now = clock.instant();
        if (current != null && !now.isBefore(current.at()) && now.isBefore(current.at().plus(MAX_AGE))) {
            return Uni.createFrom().item(current.origins().contains(wanted));
        }
        return pool.query(QUERY).execute().map(rows -> {
            Set<String> origins = new HashSet<>();
            for (Row row : rows) {
                String normalized = originOf(row.getString("uri"));
                if (normalized != null) {
                    origins.add(normalized);
                }
            }
            loaded = new Loaded(now, Set.copyOf(origins));
            return origins.contains(wanted);
        });
    }

    /** scheme://host[:port] as a browser sends it: lower case, without the scheme's default port. */
    static String originOf(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return null;
            }
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            int port = parsed.getPort();
            boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
            return scheme + "://" + parsed.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
