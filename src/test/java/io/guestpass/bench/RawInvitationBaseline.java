package io.guestpass.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The floor under the function's throughput: the statements of one invitation of a new address (as
 * {@code InvitationService.invite} issues them through Hibernate Reactive), sent straight through the same reactive
 * PostgreSQL driver (Vert.x pg client), one transaction per invitation, one connection per client.
 */
final class RawInvitationBaseline implements AutoCloseable {

    private static final String POLICY = "select id, allow_invites_from, allowed_domains, blocked_domains, allowed_redirect_origins, "
            + "require_matching_address, invitation_lifetime_days, self_service_sign_up_enabled, version from directory_policy where id = 1";
    private static final String INSERT_USER = "insert into guest_user (id, display_name, mail, mail_key, user_principal_name, user_type, "
            + "external_user_state, external_user_state_changed_at, creation_type, account_enabled, created_at, version) "
            + "values ($1, null, $2, $3, $4, 'Guest', 'PendingAcceptance', $5, 'Invitation', true, $5, 0) on conflict (mail_key) do nothing";
    private static final String LOCK_USER = "select id, display_name, mail, mail_key, user_principal_name, user_type, external_user_state, "
            + "external_user_state_changed_at, creation_type, account_enabled, created_at, version from guest_user where mail_key = $1 for update";
    private static final String LOCK_PENDING = "select id, status, expires_at, version from invitation "
            + "where user_id = $1 and status = 'PendingAcceptance' limit 1 for update";
    private static final String INSERT_INVITATION = "insert into invitation (id, user_id, invited_email, invited_display_name, "
            + "invite_redirect_url, send_invitation_message, message_language, customized_message_body, cc_address, cc_name, "
            + "invited_user_type, reset_redemption, status, delivery_status, expires_at, invited_by_subject, invited_by_client, "
            + "invited_by_privileged, created_at, status_changed_at, version) values ($1, $2, $3, null, $4, false, 'en-US', null, "
            + "null, null, 'Guest', false, 'PendingAcceptance', 'notRequested', $5, 'admin-app', 'admin-app', true, $6, $6, 0)";
    private static final String INSERT_TICKET = "insert into redeem_ticket (ticket_hash, invitation_id, issued_at, retired_at, "
            + "retired_reason) values ($1, $2, $3, null, null)";
    private static final String INSERT_AUDIT = "insert into audit_event (id, occurred_at, actor_subject, actor_client, actor_type, "
            + "action, target_type, target_id, request_id, personal_data, user_id) values ($1, $2, 'admin-app', 'admin-app', "
            + "'application', 'invitation.created', 'invitation', $3, $4, $5, $6)";

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<PgConnection> connections;
    private final SecureRandom random = new SecureRandom();

    RawInvitationBaseline(int port, int connectionCount) {
        connections = new ArrayBlockingQueue<>(connectionCount);
        PgConnectOptions options = new PgConnectOptions().setHost("localhost").setPort(port).setDatabase("postgres")
                .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true);
        for (int i = 0; i < connectionCount; i++) {
            connections.add(await(PgConnection.connect(vertx, options)));
        }
    }

    /** One invitation of a new address in one transaction; borrows a connection for it. */
    boolean invite(String address) throws InterruptedException {
        PgConnection connection = connections.poll(30, TimeUnit.SECONDS);
        if (connection == null) {
            throw new IllegalStateException("No free connection");
        }
        try {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            UUID invitationId = UUID.randomUUID();
            Transaction tx = await(connection.begin());
            await(connection.query(POLICY).execute());
            await(connection.preparedQuery(INSERT_USER).execute(Tuple.of(UUID.randomUUID(), address, address,
                    address.replace("@", "_") + "#EXT#@contoso.test", now)));
            RowSet<Row> user = await(connection.preparedQuery(LOCK_USER).execute(Tuple.of(address)));
            UUID userId = user.iterator().next().getUUID("id");
            await(connection.preparedQuery(LOCK_PENDING).execute(Tuple.of(userId)));
            await(connection.preparedQuery(INSERT_INVITATION).execute(Tuple.of(invitationId, userId, address,
                    "https://app.contoso.test/welcome", now.plusDays(30), now)));
            await(connection.preparedQuery(INSERT_TICKET).execute(Tuple.of(Buffer.buffer(ticketHash()), invitationId, now)));
            await(connection.preparedQuery(INSERT_AUDIT).execute(Tuple.of(UUID.randomUUID(), now, invitationId.toString(),
                    UUID.randomUUID().toString(), new JsonObject().put("invitedUserEmailAddress", address).put("userId", userId.toString()), userId)));
            await(tx.commit());
            return true;
        } finally {
            connections.add(connection);
        }
    }

    /** As RedeemTicket.issue: 256 random bits, only their SHA-256 is stored. */
    private byte[] ticketHash() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getUrlEncoder().withoutPadding().encodeToString(secret).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connections.forEach(PgConnection::close);
        await(vertx.close());
    }
}
