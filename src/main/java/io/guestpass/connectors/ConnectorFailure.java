package io.guestpass.connectors;

/** A call that cannot succeed, with the reason logged (see ConnectorAnswer#failure): no stack trace, it is no bug. */
class ConnectorFailure extends RuntimeException {

    ConnectorFailure(String reason) {
        super(reason, null, false, false);
    }
}
