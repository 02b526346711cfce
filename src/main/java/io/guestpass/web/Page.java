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
public record Page(int status, String heading, List<String> paragraphs, List<Action> actions, String formTarget, Form form) {

    public Page(int status, String heading, List<String> paragraphs, List<Action> actions, String formTarget) {
        this(status, heading, paragraphs, actions, formTarget, null);
    }

    /**
     * A form people fill in (the sign-up attributes): its inputs with their values and errors, and a summary of the errors
     * at the top that links to each field (WCAG 3.3.1), protected by the journey's CSRF token.
     */
    @TemplateData
    public record Form(String href, String csrf, List<Input> inputs, String errorSummaryHeading, List<Input> invalid,
            String problem, String submitLabel, String notice) {

        /** {@code problem}: what is wrong with the form as a whole (e.g. a connector's message), or null. */
        public static Form of(String href, String csrf, List<Input> inputs, String errorSummaryHeading, String problem,
                String submitLabel, String notice) {
            return new Form(href, csrf, inputs, errorSummaryHeading, inputs.stream().filter(i -> i.error() != null).toList(),
                    problem, submitLabel, notice);
        }

        public boolean hasProblems() {
            return problem != null || !invalid.isEmpty();
        }

        public String csrfField() {
            return Csrf.FIELD;
        }
    }

    /**
     * One input of a form. {@code kind}: text, email, date, number, radio, select, checkbox (several choices) or
     * boolean (one checkbox). {@code values} are the current ones (one for most kinds).
     */
    @TemplateData
    public record Input(String name, String label, String kind, List<String> values, List<Choice> choices, boolean optional,
            boolean readOnly, String error, String optionalLabel) {

        public String id() {
            return "field-" + name;
        }

        /** Numbers are typed into a text box (a number input would drop what is not a number before the server can say why). */
        public String htmlType() {
            return "number".equals(kind) ? "text" : kind;
        }

        public boolean isNumber() {
            return "number".equals(kind);
        }

        public String value() {
            return values.isEmpty() ? "" : values.get(0);
        }

        public boolean isGroup() {
            return "radio".equals(kind) || "checkbox".equals(kind);
        }

        public boolean isSelect() {
            return "select".equals(kind);
        }

        public boolean isBoolean() {
            return "boolean".equals(kind);
        }

        public boolean isChecked() {
            return values.contains("true");
        }

        public boolean isSelected(String value) {
            return values.contains(value);
        }
    }

    @TemplateData
    public record Choice(String value, String label) {
    }

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
        return new Page(status, heading, paragraphs, actions, origin, form);
    }

    public Page withForm(Form fillIn) {
        return new Page(status, heading, paragraphs, actions, formTarget, fillIn);
    }
}
