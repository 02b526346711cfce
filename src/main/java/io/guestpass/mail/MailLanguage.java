package io.guestpass.mail;

import java.util.Locale;

/** The languages invitation mail is written in; any other requested language falls back to en-US. */
public final class MailLanguage {

    private MailLanguage() {
    }

    public static Locale resolve(String messageLanguage) {
        if (messageLanguage != null && messageLanguage.toLowerCase(Locale.ROOT).startsWith("nl")) {
            return Locale.forLanguageTag("nl");
        }
        return Locale.forLanguageTag("en");
    }
}
