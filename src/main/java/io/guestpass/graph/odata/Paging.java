package io.guestpass.graph.odata;

import io.guestpass.platform.GraphException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Server-driven paging: {@code $top} (1–999, default 100) and an opaque {@code $skiptoken} that is the position
 * (created time, id) after the last item of the page before — keyset paging, stable while rows are added.
 */
public record Paging(int top, Instant afterCreated, UUID afterId) {

    static final int DEFAULT_TOP = 100;
    static final int MAX_TOP = 999;

    public static Paging of(String top, String skipToken) {
        int size = DEFAULT_TOP;
        if (top != null) {
            try {
                size = Integer.parseInt(top);
            } catch (NumberFormatException e) {
                throw GraphException.badRequest("$top must be a whole number from 1 to " + MAX_TOP + ".");
            }
            if (size < 1 || size > MAX_TOP) {
                throw GraphException.badRequest("$top must be a whole number from 1 to " + MAX_TOP + ".");
            }
        }
        if (skipToken == null) {
            return new Paging(size, null, null);
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8).split("\\|");
            return new Paging(size, Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw GraphException.badRequest("$skiptoken is not valid: use the @odata.nextLink as it was returned.");
        }
    }

    public boolean continues() {
        return afterId != null;
    }

    /**
     * The query of one page: {@code from} (an entity and its alias), the filter's {@code where}, the keyset condition
     * "beyond the last item of the page before" and the order by ({@code time}, {@code id}) — oldest or newest first —
     * that keeps pages stable while rows are added. Binds the position into {@code params}.
     */
    public String query(String from, String where, Map<String, Object> params, String time, String id, boolean newestFirst) {
        StringBuilder conditions = new StringBuilder(where);
        if (continues()) {
            String op = newestFirst ? "<" : ">";
            params.put("afterCreated", afterCreated);
            params.put("afterId", afterId);
            conditions.append(conditions.isEmpty() ? "" : " and ").append("(" + time + " " + op + " :afterCreated or (" + time
                    + " = :afterCreated and " + id + " " + op + " :afterId))");
        }
        String direction = newestFirst ? " desc" : "";
        return from + (conditions.isEmpty() ? "" : " where " + conditions) + " order by " + time + direction + ", " + id + direction;
    }

    public static String token(Instant created, UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((created + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
