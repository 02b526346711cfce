package io.guestpass.platform;

import io.vertx.pgclient.PgException;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * How a failure is written to the log: the exception classes of its cause chain, the SQLState and constraint name when
 * the database refused something, and the place in our code it came from. Never a message: database errors, tokens and
 * mail transports put addresses, names and values into their messages, and logs are kept far longer than data.
 */
public final class FailureLog {

    private FailureLog() {
    }

    public static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        String sqlState = null;
        String constraint = null;
        StackTraceElement where = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getName());
            if (t instanceof PgException pg) {
                sqlState = sqlState != null ? sqlState : pg.getSqlState();
                constraint = constraint != null ? constraint : pg.getConstraint();
            } else if (t instanceof SQLException sql) {
                sqlState = sqlState != null ? sqlState : sql.getSQLState();
            } else if (t instanceof org.hibernate.exception.ConstraintViolationException violation) {
                constraint = constraint != null ? constraint : violation.getConstraintName();
            }
            if (where == null) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getClassName().startsWith("io.guestpass.")) {
                        where = frame;
                        break;
                    }
                }
            }
        }
        return chain + (sqlState == null ? "" : " sqlState=" + sqlState) + (constraint == null ? "" : " constraint=" + constraint)
                + (where == null ? "" : " at " + where);
    }
}
