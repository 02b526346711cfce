package io.guestpass.connectors;
@jakarta.enterprise.context.ApplicationScoped
public class ConnectorClient {
    public io.smallrye.mutiny.Uni<ConnectorAnswer> call(io.guestpass.directory.ApiConnector connector, ConnectorRequest request, java.time.Instant deadline) {
        throw new UnsupportedOperationException("TEMPORARY");
    }
}
