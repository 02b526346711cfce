package io.guestpass.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.platform.DataCipher;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** Makes {@link SealedCookie}s; each journey declares its own (name, path, what it carries). */
@ApplicationScoped
public class SealedCookies {

    private final DataCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;

    SealedCookies(DataCipher cipher, ObjectMapper json, Clock clock) {
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
    }

    public <T> SealedCookie<T> named(String name, String path, Class<T> type) {
        return new SealedCookie<>(name, path, json.constructType(type), cipher, json, clock);
    }

    public <T> SealedCookie<T> named(String name, String path, JavaType type) {
        return new SealedCookie<>(name, path, type, cipher, json, clock);
    }

    public JavaType typeOf(Class<?> generic, Class<?> parameter) {
        return json.getTypeFactory().constructParametricType(generic, parameter);
    }
}
