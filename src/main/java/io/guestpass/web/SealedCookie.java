package io.guestpass.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.platform.DataCipher;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.NewCookie;

import java.time.Clock;
import java.util.Optional;

/**
 * A value carried by the browser between requests, so that any instance can continue what another began: JSON sealed
 * with the data key (AES-GCM, the cookie's purpose bound in), with its own expiry inside the seal. Secure, HttpOnly,
 * SameSite=Lax, scoped to one path. A cookie that is missing, forged, from another purpose or expired opens as empty.
 * Made by {@link SealedCookies}.
 */
public final class SealedCookie<T> {

    /** What is sealed: the value and when it stops being accepted (whatever the browser keeps). */
    @RegisterForReflection
    public record Envelope<T>(long expiresAtEpochSecond, T value) {
    }

    private static final int MAX_LENGTH = 4096;

    private final String name;
    private final String path;
    private final String purpose;
    private final JavaType envelopeType;
    private final DataCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;

    SealedCookie(String name, String path, JavaType valueType, DataCipher cipher, ObjectMapper json, Clock clock) {
        this.name = name;
        this.path = path;
        this.purpose = "cookie:" + name;
        this.envelopeType = json.getTypeFactory().constructParametricType(Envelope.class, valueType);
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** The value in the cookie, if it is ours, intact and not expired. */
    public Optional<T> open(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Envelope<T> envelope = json.readValue(cipher.open(purpose, cookieValue), envelopeType);
            return clock.instant().getEpochSecond() >= envelope.expiresAtEpochSecond() ? Optional.empty()
                    : Optional.ofNullable(envelope.value());
        } catch (IllegalStateException | JsonProcessingException | IllegalArgumentException tampered) {
            return Optional.empty();
        }
    }

    /** The value, sealed to be accepted until the given moment (and kept by the browser as long). */
    public NewCookie write(T value, long expiresAtEpochSecond) {
        try {
            String sealed = cipher.seal(purpose, json.writeValueAsString(new Envelope<>(expiresAtEpochSecond, value)));
            return cookie(sealed, (int) Math.max(0, expiresAtEpochSecond - clock.instant().getEpochSecond()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public NewCookie clear() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(path).maxAge(maxAge).secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
