package io.guestpass.connectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.ApiConnector;
import io.guestpass.platform.GuestpassConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls an API connector as Entra does during sign-up: one JSON POST, its answer read strictly. Each attempt may take
 * 5 s (connect and the whole answer), a call never outlasts the caller's deadline, and exactly one retry follows a
 * failure to connect or a timeout (nothing, or nothing complete, reached the connector); an HTTP answer is final.
 *
 * <p>The host is resolved once per call and every address it resolves to must be public (ConnectorAddresses); the
 * connection goes to that address, with the host name in Host and SNI and the certificate checked against it, so a
 * second resolution cannot swap in another address. Redirects are never followed.
 *
 * <p>The caller loads the connector before and outside any database transaction: a call holds no connection to the
 * database, and a slow connector must not hold one either.
 */
@ApplicationScoped
public class ConnectorClient {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** What one HTTP request may spend on connectors: API Gateway gives up after 30 s. */
    static final Duration REQUEST_BUDGET = Duration.ofSeconds(25);
    static final int MAX_BODY = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(ConnectorClient.class);

    private final ConnectorHttpClients clients;
    private final ObjectMapper json;
    private final Clock clock;
    private final boolean allowLoopback;

    @Inject
    ConnectorClient(ConnectorHttpClients clients, ObjectMapper json, Clock clock, GuestpassConfig config) {
        this(clients, json, clock, config.dev().allowLoopbackConnectors());
    }

    /** Also how tests get a client with production's address rules. */
    ConnectorClient(ConnectorHttpClients clients, ObjectMapper json, Clock clock, boolean allowLoopback) {
        this.clients = clients;
        this.json = json;
        this.clock = clock;
        this.allowLoopback = allowLoopback;
    }

    /**
     * Never fails the Uni: every failure is an answer with action FAILED. {@code deadline} is the end of the whole
     * HTTP request's connector budget (the caller passes now+25s once per request). The answer arrives on the caller's
     * Vert.x context, if it had one (so that Hibernate Reactive can go on there).
     */
    public Uni<ConnectorAnswer> call(ApiConnector connector, ConnectorRequest request, Instant deadline) {
        Context caller = Vertx.currentContext();
        Uni<ConnectorAnswer> answer;
        try {
            Instant latest = clock.instant().plus(REQUEST_BUDGET);
            Instant end = deadline.isAfter(latest) ? latest : deadline;
            ConnectorTarget target = ConnectorTarget.of(connector.targetUrl, allowLoopback);
            byte[] body = ConnectorContract.requestBody(json, request);
            ConnectorHttpClients.Client client = clients.clientFor(connector, clock.instant());
            answer = resolve(target, end)
                    .chain(address -> exchange(client, target, address, body, end)
                            .onFailure(ConnectorClient::isWorthRetrying).recoverWithUni(() -> exchange(client, target, address, body, end)))
                    .map(reply -> ConnectorContract.answer(json, request.step(), reply.status(), reply.body()));
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        Object connectorId = connector == null ? null : connector.id;
        Object step = request == null ? null : request.step();
        answer = answer.onFailure().recoverWithItem(ConnectorClient::failed)
                .invoke(result -> {
                    if (result.action() == ConnectorAnswer.Action.FAILED) {
                        LOG.infof("API connector %s failed at %s: %s", connectorId, step, result.failure());
                    }
                });
        return caller == null ? answer : answer.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    /** A reply as received: status and at most MAX_BODY bytes. */
    record Reply(int status, byte[] body) {
    }

    /** The failure of an attempt before any of the request could have reached the connector: safe to repeat. */
    static final class Unreachable extends RuntimeException {
        Unreachable(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Connect failures and timeouts, and a kept-alive connection the connector closed before answering (its idle timeout
     * may be shorter than ours, and the close can cross our request on the wire): the one retry a call gets.
     */
    private static boolean isWorthRetrying(Throwable failure) {
        return failure instanceof Unreachable || failure instanceof TimeoutException || failure instanceof HttpClosedException;
    }

    private Uni<InetAddress> resolve(ConnectorTarget target, Instant deadline) {
        Duration left = remaining(deadline);
        // the JDK resolver blocks: off the event loop, and no longer than the budget allows
        return Uni.createFrom().item(() -> lookup(target.host()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(left).failWith(() -> new ConnectorFailure("the host " + target.host() + " did not resolve in time"))
                .map(addresses -> {
                    InetAddress address = ConnectorAddresses.choose(target.host(), addresses, allowLoopback);
                    target.check(address);
                    return address;
                });
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new ConnectorFailure("the host " + host + " does not resolve");
        }
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.toMillis() <= 0) {
            throw new ConnectorFailure("no time left of the request's connector budget");
        }
        return left;
    }

    /** One attempt: connect to the resolved address, send, read the reply; at most 5 s and never past the deadline. */
    private Uni<Reply> exchange(ConnectorHttpClients.Client client, ConnectorTarget target, InetAddress address, byte[] body,
                                Instant deadline) {
        Duration timeout;
        try {
            timeout = min(ATTEMPT_TIMEOUT, remaining(deadline));
        } catch (ConnectorFailure e) {
            return Uni.createFrom().failure(e);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port())))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        client.authorization().ifPresent(value -> options.putHeader(HttpHeaders.AUTHORIZATION, value));
        return Uni.createFrom().<Reply>emitter(emitter -> {
            AtomicReference<HttpClientRequest> unfinished = new AtomicReference<>();
            AtomicBoolean over = new AtomicBoolean();
            // a timed-out or abandoned exchange closes its connection: the connector's late answer goes nowhere
            emitter.onTermination(() -> {
                over.set(true);
                HttpClientRequest request = unfinished.getAndSet(null);
                if (request != null) {
                    request.reset();
                }
            });
            client.http().request(options).onComplete(connected -> {
                if (connected.failed()) {
                    emitter.fail(new Unreachable(connected.cause()));
                    return;
                }
                HttpClientRequest request = connected.result();
                unfinished.set(request);
                if (over.get()) {
                    unfinished.set(null);
                    request.reset();
                    return;
                }
                request.response(responded -> {
                    if (responded.failed()) {
                        emitter.fail(responded.cause());
                    } else {
                        read(responded.result(), unfinished, emitter);
                    }
                });
                request.end(Buffer.buffer(body));
            });
        }).ifNoItem().after(timeout).failWith(TimeoutException::new);
    }

    /** Reads the body of a 200 or 400 up to MAX_BODY (no further: a connector cannot make us buffer without end). */
    private static void read(HttpClientResponse response, AtomicReference<HttpClientRequest> unfinished, UniEmitter<? super Reply> emitter) {
        int status = response.statusCode();
        if (status != 200 && status != 400) {
            // not read: the connection is reset when the attempt ends
            response.exceptionHandler(ignored -> { });
            emitter.complete(new Reply(status, new byte[0]));
            return;
        }
        response.exceptionHandler(emitter::fail);
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parse(length) > MAX_BODY) {
            emitter.fail(new ConnectorFailure("an answer over " + MAX_BODY / 1024 + " KiB"));
            return;
        }
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BODY) {
                emitter.fail(new ConnectorFailure("an answer over " + MAX_BODY / 1024 + " KiB"));
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.endHandler(ended -> {
            unfinished.set(null);
            emitter.complete(new Reply(status, received.getBytes()));
        });
    }

    private static long parse(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A reason for the log: what went wrong, never what the connector sent. */
    private static ConnectorAnswer failed(Throwable failure) {
        if (failure instanceof ConnectorFailure) {
            return ConnectorAnswer.failed(failure.getMessage());
        }
        if (failure instanceof TimeoutException) {
            return ConnectorAnswer.failed("no complete answer within the time allowed");
        }
        Throwable cause = failure instanceof Unreachable ? failure.getCause() : failure;
        if (cause instanceof ConnectException) {
            return ConnectorAnswer.failed("could not connect: " + cause.getMessage());
        }
        // the innermost TLS failure says what was wrong (a certificate not naming the host, a client certificate refused)
        SSLException tls = null;
        for (Throwable link = cause; link != null && link != link.getCause(); link = link.getCause()) {
            if (link instanceof SSLException found) {
                tls = found;
            }
        }
        if (tls != null) {
            return ConnectorAnswer.failed("TLS failed: " + tls.getMessage());
        }
        return ConnectorAnswer.failed((failure instanceof Unreachable ? "could not connect: " : "the exchange failed: ")
                + cause.getClass().getSimpleName());
    }
}
