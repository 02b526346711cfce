package io.guestpass.graph.applications;

import io.guestpass.graph.odata.FilterClauses;
import io.guestpass.platform.GraphException;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code $filter=appId eq '…'} on applications, the way scripts find an application by its client id. */
record ApplicationFilter(String where, Map<String, Object> params) {

    private static final Pattern APP_ID = Pattern.compile("\\s*+appId\\s++eq\\s++" + FilterClauses.QUOTED + "\\s*+");

    static ApplicationFilter parse(String filter) {
        List<FilterClauses.Clause> clauses = FilterClauses.split(filter, List.of(APP_ID), ApplicationFilter::unsupported);
        if (clauses.isEmpty()) {
            return new ApplicationFilter("", Map.of());
        }
        if (clauses.size() > 1) {
            throw unsupported();
        }
        String value = clauses.get(0).text(1);
        try {
            return new ApplicationFilter("a.appId = :appId", Map.of("appId", UUID.fromString(value)));
        } catch (IllegalArgumentException notAClientId) {
            return new ApplicationFilter("1 = 0", Map.of()); // no application has it: an empty page, as Graph answers
        }
    }

    private static GraphException unsupported() {
        return GraphException.badRequest("Unsupported $filter on applications: only appId eq '<client id>' is supported.");
    }
}
