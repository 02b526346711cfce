package io.guestpass.signup;

import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlowAttribute.DataType;
import io.guestpass.web.Page;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute page of a user flow: one input per assigned attribute (by its userInputType), and the server-side check of
 * what came back — by the attribute's data type, its choices and whether it is optional. Values arrive as strings (a form,
 * or a connector's claims turned into strings) and leave typed: String, Boolean, Long, an ISO instant, or a list of strings.
 * The email attribute is the address the provider verified and cannot be changed.
 */
final class AttributeForm {

    static final String EMAIL = "email";
    static final int MAX_LENGTH = 256;
    static final int MAX_VALUES = 50;

    /** The typed values, or an error per attribute id. */
    record Checked(Map<String, Object> values, Map<String, String> errors) {

        boolean isValid() {
            return errors.isEmpty();
        }
    }

    private final SignUpFlow flow;
    private final SignUpTexts texts;

    AttributeForm(SignUpFlow flow, SignUpTexts texts) {
        this.flow = flow;
        this.texts = texts;
    }

    /** The form's inputs, showing these values and errors. */
    List<Page.Input> inputs(Map<String, List<String>> values, Map<String, String> errors, String verifiedAddress) {
        List<Page.Input> inputs = new ArrayList<>();
        for (UserFlow.Assignment assignment : flow.assignments()) {
            String id = assignment.attributeId();
            boolean email = EMAIL.equals(id);
            List<String> shown = email ? List.of(verifiedAddress) : values.getOrDefault(id, List.of());
            List<Page.Choice> choices = assignment.userAttributeValues() == null ? List.of()
                    : assignment.userAttributeValues().stream().map(v -> new Page.Choice(v.value(), v.name())).toList();
            inputs.add(new Page.Input(id, label(assignment), email ? "email" : kind(assignment, flow.dataTypes().get(id)), shown, choices,
                    assignment.isOptional(), email, errors.get(id), texts.optional()));
        }
        return inputs;
    }

    /** Values an administrator's choices preselect (isDefault), for the first showing of the form. */
    Map<String, List<String>> defaults() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (UserFlow.Assignment assignment : flow.assignments()) {
            if (assignment.userAttributeValues() != null) {
                List<String> chosen = assignment.userAttributeValues().stream().filter(UserFlow.AttributeValue::isDefault)
                        .map(UserFlow.AttributeValue::value).toList();
                if (!chosen.isEmpty()) {
                    values.put(assignment.attributeId(), chosen);
                }
            }
        }
        return values;
    }

    /** Checks every assigned attribute; unknown names are ignored, the email attribute is always the verified address. */
    Checked check(Map<String, List<String>> submitted, String verifiedAddress) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (UserFlow.Assignment assignment : flow.assignments()) {
            String id = assignment.attributeId();
            if (EMAIL.equals(id)) {
                values.put(id, verifiedAddress);
                continue;
            }
            DataType type = flow.dataTypes().get(id);
            List<String> raw = submitted.getOrDefault(id, List.of()).stream().map(v -> v == null ? "" : v.strip())
                    .filter(v -> !v.isEmpty()).toList();
            String error = type == DataType.booleanValue ? checkBoolean(assignment, raw, values) : checkValue(assignment, type, raw, values);
            if (error != null) {
                errors.put(id, error);
                values.remove(id);
            }
        }
        return new Checked(values, errors);
    }

    private String checkBoolean(UserFlow.Assignment assignment, List<String> raw, Map<String, Object> values) {
        if (raw.size() > 1 || (raw.size() == 1 && !raw.get(0).equals("true") && !raw.get(0).equals("false"))) {
            return texts.notAChoice();
        }
        boolean ticked = raw.size() == 1 && raw.get(0).equals("true");
        if (!ticked && !assignment.isOptional()) {
            return texts.mustTick(label(assignment));
        }
        values.put(assignment.attributeId(), ticked);
        return null;
    }

    private String checkValue(UserFlow.Assignment assignment, DataType type, List<String> raw, Map<String, Object> values) {
        if (raw.isEmpty()) {
            boolean choice = assignment.userAttributeValues() != null && !assignment.userAttributeValues().isEmpty();
            return assignment.isOptional() ? null : choice ? texts.choose(label(assignment)) : texts.required(label(assignment));
        }
        if (type != DataType.stringCollection && raw.size() > 1 || raw.size() > MAX_VALUES) {
            return texts.oneValueOnly();
        }
        for (String value : raw) {
            if (value.length() > MAX_LENGTH) {
                return texts.tooLong(MAX_LENGTH);
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                return texts.controlCharacters();
            }
            if (assignment.userAttributeValues() != null && !assignment.userAttributeValues().isEmpty()
                    && assignment.userAttributeValues().stream().noneMatch(choice -> choice.value().equals(value))) {
                return texts.notAChoice();
            }
        }
        String value = raw.get(0);
        switch (type) {
            case int64:
                try {
                    values.put(assignment.attributeId(), Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return texts.notANumber();
                }
                return null;
            case dateTime:
                Instant date = date(value);
                if (date == null) {
                    return texts.notADate();
                }
                values.put(assignment.attributeId(), date.toString());
                return null;
            case stringCollection:
                values.put(assignment.attributeId(), List.copyOf(raw));
                return null;
            default:
                if (assignment.userInputType() == UserFlow.InputType.emailBox && EmailAddress.canonical(value).isEmpty()) {
                    return texts.notAnAddress();
                }
                values.put(assignment.attributeId(), value);
                return null;
        }
    }

    /** A date as the form sends it (yyyy-mm-dd, stored as midnight UTC), or an instant as a connector may. */
    private static Instant date(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String label(UserFlow.Assignment assignment) {
        return assignment.displayName() == null || assignment.displayName().isBlank() ? assignment.attributeId() : assignment.displayName();
    }

    /** The page's input for an input type; a text box for a number or date collects it with the matching input. */
    private static String kind(UserFlow.Assignment assignment, DataType type) {
        UserFlow.InputType input = assignment.userInputType() == null ? UserFlow.InputType.textBox : assignment.userInputType();
        switch (input) {
            case radioSingleSelect:
                return "radio";
            case dropdownSingleSelect:
                return "select";
            case checkboxMultiSelect:
                return type == DataType.booleanValue ? "boolean" : "checkbox";
            case dateTimeDropdown:
                return "date";
            case emailBox:
                return "email";
            default:
                return type == DataType.int64 ? "number" : type == DataType.dateTime ? "date" : type == DataType.booleanValue ? "boolean" : "text";
        }
    }
}
