package io.guestpass.directory;

import io.vertx.pgclient.PgException;

/** Recognises a failed write by the database constraint it broke, however Hibernate wrapped the driver's error. */
public final class Constraints {

    private Constraints() {
    }

    public static boolean violated(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t instanceof org.hibernate.exception.ConstraintViolationException violation ? violation.getConstraintName()
                    : t instanceof PgException pg ? pg.getConstraint() : null;
            if (constraint.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
