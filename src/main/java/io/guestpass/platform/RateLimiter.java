package io.guestpass.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Fixed-window counters kept in PostgreSQL and changed by one atomic statement, so that parallel requests on many
 * instances cannot slip past a limit between a read and a write (the lockout bypass peers suffered).
 */
@ApplicationScoped
public class RateLimiter {

    /** A limit: at most {@code hits} in each {@code window}. */
    public record Limit(String name, int hits, Duration window) {
    }

    /** The outcome: over the limit, and if so when the window ends. */
    public record Verdict(boolean allowed, Duration retryAfter) {
    }

    private static final String COUNT = "insert into rate_limit (bucket, window_started_at, hits) values ($1, $2, 1) "
            + "on conflict (bucket) do update set "
            + "hits = case when rate_limit.window_started_at <= $3 then 1 else rate_limit.hits + 1 end, "
            + "window_started_at = case when rate_limit.window_started_at <= $3 then $2 else rate_limit.window_started_at end "
            + "returning hits, window_started_at";

    private final Pool pool;
    private final Clock clock;

    RateLimiter(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Counts one hit against {@code limit} for {@code key} and says whether it is still within the limit. */
    public Uni<Verdict> hit(Limit limit, String key) {
        Instant now = clock.instant();
        OffsetDateTime nowAt = now.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(COUNT)
                .execute(Tuple.of(limit.name() + ":" + key, nowAt, nowAt.minus(limit.window())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    int hits = row.getInteger("hits");
                    Instant windowEnds = row.getOffsetDateTime("window_started_at").toInstant().plus(limit.window());
                    Duration retry = Duration.between(now, windowEnds);
                    return new Verdict(hits <= limit.hits(), retry.isNegative() ? Duration.ofSeconds(1) : retry.plusSeconds(1));
                });
    }

    /** Whether the limit is already exceeded, without counting (to refuse before doing any work). */
    public Uni<Verdict> peek(Limit limit, String key) {
        Instant now = clock.instant();
        return pool.preparedQuery("select hits, window_started_at from rate_limit where bucket = $1 and window_started_at > $2")
                .execute(Tuple.of(limit.name() + ":" + key, now.atOffset(ZoneOffset.UTC).minus(limit.window())))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return new Verdict(true, Duration.ZERO);
                    }
                    Row row = rows.iterator().next();
                    Instant windowEnds = row.getOffsetDateTime("window_started_at").toInstant().plus(limit.window());
                    return new Verdict(row.getInteger("hits") < limit.hits(), Duration.between(now, windowEnds).plusSeconds(1));
                });
    }

    /** The worker's purge: windows long over. */
    public Uni<Integer> purgeBefore(Instant cutoff) {
        return pool.preparedQuery("delete from rate_limit where window_started_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }
}
