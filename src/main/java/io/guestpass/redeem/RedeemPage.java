package io.guestpass.redeem;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * One page of the redeem flow: a heading, paragraphs and actions (links, or POST forms carrying the CSRF token).
 * {@code formTarget} is the one origin a form on this page may lead to besides our own (the application, after Accept).
 */
@TemplateData
public record RedeemPage(int status, String heading, List<String> paragraphs, List<Action> actions, String formTarget) {

    @TemplateData
    public record Action(String label, String href, String csrf, String style) {

        public static Action link(String label, String href, boolean primary) {
            return new Action(label, href, null, primary ? "primary" : "secondary");
        }

        public static Action form(String label, String href, String csrf, boolean primary) {
            return new Action(label, href, csrf, primary ? "primary" : "secondary");
        }
    }

    public static RedeemPage of(int status, String heading, String paragraph, Action... actions) {
        return new RedeemPage(status, heading, paragraph == null ? List.of() : List.of(paragraph), List.of(actions), null);
    }
}
