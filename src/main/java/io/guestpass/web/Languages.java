package io.guestpass.web;

import java.util.List;
import java.util.Locale;

/** The one place that picks a language: pages, mail and provider buttons speak English or Dutch. */
public final class Languages {

    public static final Locale ENGLISH = Locale.forLanguageTag("en");
    public static final Locale DUTCH = Locale.forLanguageTag("nl");
    static final List<Locale> SUPPORTED = List.of(ENGLISH, DUTCH);

    private Languages() {
    }

    /** For a page: the browser's Accept-Language first, then the language the journey was started in, then English. */
    public static Locale forPage(String acceptLanguage, String fallbackLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
                if (chosen != null) {
                    return chosen;
                }
            } catch (IllegalArgumentException malformed) {
                // fall through to the journey's language
            }
        }
        return of(fallbackLanguage);
    }

    /** A requested language such as {@code nl-NL}; anything not supported is English. */
    public static Locale of(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("nl") ? DUTCH : ENGLISH;
    }
}
