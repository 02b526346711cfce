package io.guestpass.graph.audit;

import io.guestpass.graph.odata.Paging;
import io.guestpass.directory.AuditEvent;
import io.guestpass.platform.GraphException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the audit trail: newest first, filtered, in keyset pages that stay stable while events are added. */
@ApplicationScoped
public class AuditLog {

    /** One page of events, and whether more follow. */
    public record Page(List<AuditEvent> events, boolean more) {
    }

    Uni<Page> list(AuditFilter filter, Paging paging) {
        Map<String, Object> params = new HashMap<>(filter.params());
        String hql = paging.query("from AuditEvent e", filter.where(), params, "e.occurredAt", "e.id", true);
        return Panache.withSession(() -> AuditEvent.<AuditEvent>find(hql, params).page(0, paging.top() + 1).list()
                .map(found -> {
                    boolean more = found.size() > paging.top();
                    return new Page(more ? found.subList(0, paging.top()) : found, more);
                }));
    }

    Uni<AuditEvent> read(UUID id) {
        return Panache.withSession(() -> AuditEvent.<AuditEvent>findById(id).map(event -> {
            if (event == null) {
                throw notFound(id.toString());
            }
            return event;
        }));
    }

    static GraphException notFound(String id) {
        return GraphException.notFound("Directory audit '" + id + "' does not exist.");
    }
}
