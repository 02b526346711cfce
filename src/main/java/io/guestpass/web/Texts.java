package io.guestpass.web;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

import java.util.Locale;

/** A journey's message bundle in the page's language (bundles themselves may only declare messages). */
public final class Texts {

    private Texts() {
    }

    public static <T> T in(Class<T> bundle, Locale locale) {
        return MessageBundles.get(bundle, Localized.Literal.of(locale.toLanguageTag()));
    }
}
