package io.guestpass.redeem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.platform.DataCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Seals and opens the redeem state cookie: Secure, HttpOnly, SameSite=Lax, path /redeem, 30 minutes. */
@ApplicationScoped
public class RedeemStateCookie {

    public static final String NAME = "gp_redeem";
    static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final String PURPOSE = "redeem-state";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;

    RedeemStateCookie(DataCipher cipher, ObjectMapper json, Clock clock) {
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
    }

    public RedeemState fresh(byte[] ticketHash) {
        byte[] csrf = new byte[32];
        RANDOM.nextBytes(csrf);
        return new RedeemState(Base64.getUrlEncoder().withoutPadding().encodeToString(ticketHash),
                clock.instant().plus(LIFETIME).getEpochSecond(), Base64.getUrlEncoder().withoutPadding().encodeToString(csrf), null);
    }

    /** The state in the cookie, if it is ours, intact and not expired. */
    public Optional<RedeemState> open(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 4096) {
            return Optional.empty();
        }
        try {
            RedeemState state = json.readValue(cipher.open(PURPOSE, cookieValue), RedeemState.class);
            return state.expiredAt(clock.instant().getEpochSecond()) ? Optional.empty() : Optional.of(state);
        } catch (IllegalStateException | JsonProcessingException | IllegalArgumentException tampered) {
            return Optional.empty();
        }
    }

    public NewCookie write(RedeemState state) {
        try {
            return cookie(cipher.seal(PURPOSE, json.writeValueAsString(state)), (int) LIFETIME.toSeconds());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public NewCookie clear() {
        return cookie("", 0);
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(NAME).value(value).path("/redeem").maxAge(maxAge).secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    static byte[] ticketHash(RedeemState state) {
        return Base64.getUrlDecoder().decode(state.ticketHash());
    }
}
