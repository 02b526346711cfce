package io.guestpass.graph.odata;

import io.guestpass.graph.audit.AuditFilter;
import io.guestpass.graph.users.UserFilter;
import io.guestpass.platform.GraphException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The shared $filter grammar at its limits, without a running application: the gateway caps URLs below these sizes. */
class FilterClausesTest {

    @Test
    void aValueOfDoubledQuotesUpToTheCapParsesWithoutBacktracking() {
        String value = "''".repeat((FilterClauses.MAX_LENGTH - 20) / 2);
        AuditFilter filter = AuditFilter.parse("category eq '" + value + "'");
        assertEquals("1 = 0", filter.where());
        UserFilter users = UserFilter.parse("mail eq '" + value + "'");
        assertEquals("'".repeat(value.length() / 2), users.params().values().iterator().next());
    }

    @Test
    void aFilterLongerThanTheCapIsABadRequest() {
        GraphException refused = assertThrows(GraphException.class,
                () -> UserFilter.parse("mail eq '" + "a".repeat(FilterClauses.MAX_LENGTH) + "'"));
        assertEquals("BadRequest", refused.code());
        assertTrue(refused.getMessage().contains("too long"));
    }

    @Test
    void aClauseOfTheOtherCollectionIsRefused() {
        assertThrows(GraphException.class, () -> AuditFilter.parse("mail eq 'a@example.com'"));
        assertThrows(GraphException.class, () -> UserFilter.parse("category eq 'Policy'"));
        assertThrows(GraphException.class, () -> UserFilter.parse("mail eq 'a' and"));
        assertThrows(GraphException.class, () -> AuditFilter.parse("targetResources/any(t:u/id eq 'x')"));
    }
}
