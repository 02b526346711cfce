package io.guestpass.migrate;

import io.agroal.api.AgroalDataSource;
import io.guestpass.directory.SigningKey;
import io.guestpass.platform.DataCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * A deployment can sign tokens as soon as it is migrated: the first signing key is made here, once, and never per
 * instance (the worker rotates from then on). It signs at once: nothing it could replace was ever published.
 */
@ApplicationScoped
public class FirstSigningKey {

    // a migrate run racing another one inserts nothing: the unique index on the current key arbitrates (V8)
    private static final String INSERT = "insert into signing_key (kid, status, public_jwk, sealed_private_key, published_at, "
            + "activated_at) select ?, 'current', ?, ?, ?, ? where not exists (select 1 from signing_key where status = 'current') "
            + "on conflict do nothing";

    private final Instance<AgroalDataSource> dataSource;
    private final DataCipher cipher;
    private final Clock clock;

    FirstSigningKey(Instance<AgroalDataSource> dataSource, DataCipher cipher, Clock clock) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Creates a current key unless one exists; says whether it did. */
    public boolean createIfNone() {
        try (Connection connection = dataSource.get().getConnection()) {
            if (hasCurrentKey(connection)) {
                return false; // the usual case: no RSA key generated for nothing
            }
            SigningKey key = SigningKey.generate(SigningKey.Status.current, clock.instant(), cipher);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, key.kid);
                insert.setString(2, key.publicJwk);
                insert.setString(3, key.sealedPrivateKey);
                insert.setTimestamp(4, Timestamp.from(key.publishedAt));
                insert.setTimestamp(5, Timestamp.from(key.activatedAt));
                return insert.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the first signing key", e);
        }
    }

    private static boolean hasCurrentKey(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select 1 from signing_key where status = 'current'");
             ResultSet rows = query.executeQuery()) {
            return rows.next();
        }
    }
}
