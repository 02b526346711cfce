package io.guestpass.web;

import io.quarkus.qute.TemplateData;

import java.util.List;
import java.util.Map;

/**
 * One page any journey shows: a heading, paragraphs and actions (links, or POST forms with their fields). Every journey
 * builds pages from this one model, and {@link PageRenderer} turns them into HTML with the same headers everywhere.
 * {@code formTarget} is the one origin a form on this page may lead to besides our own (the application).
 */
@TemplateData
public record Page(int status, String heading, List<String> paragraphs, List<Action> actions, String formTarget) {

    /** A form field: hidden fields travel with the form; others are shown with their label. */
    @TemplateData
    public record Field(String name, String value, String label, String type) {

        public static Field hidden(String name, String value) {
            return new Field(name, value, null, "hidden");
        }

        public boolean isHidden() {
            return "hidden".equals(type);
        }
    }

    /** A link (GET), or a button that POSTs a form of {@code fields} to {@code href}. */
    @TemplateData
    public record Action(String label, String href, List<Field> fields, String style) {

        public static Action link(String label, String href, boolean primary) {
            return new Action(label, href, null, primary ? "primary" : "secondary");
        }

        /** A form protected by the journey's CSRF token. */
        public static Action form(String label, String href, String csrf, boolean primary) {
            return new Action(label, href, List.of(Field.hidden(Csrf.FIELD, csrf)), primary ? "primary" : "secondary");
        }

        /** A form that carries values to another site (an application's redirect URI, response_mode=form_post). */
        public static Action post(String label, String href, Map<String, String> values) {
            return new Action(label, href, values.entrySet().stream().map(e -> Field.hidden(e.getKey(), e.getValue())).toList(),
                    "primary");
        }

        public boolean isForm() {
            return fields != null;
        }
    }

    public static Page of(int status, String heading, String paragraph, Action... actions) {
        return new Page(status, heading, paragraph == null ? List.of() : List.of(paragraph), List.of(actions), null);
    }

    public Page leadingTo(String origin) {
        return new Page(status, heading, paragraphs, actions, origin);
    }
}
