package io.guestpass.graph.userflows;

import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.directory.UserFlowAttribute.DataType;
import io.guestpass.platform.GraphException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What makes an attribute assignment valid before anything is stored: an input that can hold the attribute's data type
 * (a date is never a free text box, a list is never a radio group), choices exactly where the input offers choices, and
 * choices whose values parse as the data type — so that the sign-up form can validate what a person sends by them.
 */
final class AssignmentRules {

    static final int MAX_ASSIGNMENTS = 50;
    static final int MAX_CHOICES = 50;
    static final int MAX_TEXT = 100;

    private static final Map<DataType, Set<InputType>> INPUTS = Map.of(
            DataType.string, EnumSet.of(InputType.textBox, InputType.radioSingleSelect, InputType.dropdownSingleSelect),
            DataType.int64, EnumSet.of(InputType.textBox, InputType.radioSingleSelect, InputType.dropdownSingleSelect),
            DataType.booleanValue, EnumSet.of(InputType.radioSingleSelect, InputType.dropdownSingleSelect),
            DataType.dateTime, EnumSet.of(InputType.dateTimeDropdown),
            DataType.stringCollection, EnumSet.of(InputType.checkboxMultiSelect));

    private static final Set<InputType> CHOICES = EnumSet.of(InputType.radioSingleSelect, InputType.dropdownSingleSelect,
            InputType.checkboxMultiSelect);

    private AssignmentRules() {
    }

    /** Graph documents both spellings ({@code textBox} and {@code TextBox}); anything else is refused. */
    static InputType inputType(String value) {
        if (value != null && !value.isEmpty()) {
            String camel = Character.toLowerCase(value.charAt(0)) + value.substring(1);
            for (InputType type : InputType.values()) {
                if (type.name().equals(camel)) {
                    return type;
                }
            }
        }
        throw GraphException.badRequest("userInputType must be one of textBox, dateTimeDropdown, radioSingleSelect, "
                + "dropdownSingleSelect, emailBox, checkboxMultiSelect.");
    }

    /** The assignment as stored, or a 400 naming the field at fault. */
    static UserFlow.Assignment assignment(UserFlowAttribute attribute, String displayName, boolean optional, Boolean requiresVerification,
            InputType input, List<UserFlow.AttributeValue> values) {
        if (Boolean.TRUE.equals(requiresVerification)) {
            throw GraphException.badRequest("requiresVerification: Guestpass verifies no attribute itself; the email address "
                    + "comes verified from the identity provider.");
        }
        String name = displayName == null ? attribute.displayName : text(displayName, "displayName");
        boolean email = attribute.id.equals("email");
        if (email ? input != InputType.emailBox && input != InputType.textBox : !INPUTS.get(attribute.dataType).contains(input)) {
            throw GraphException.badRequest("userInputType: " + input + " cannot collect " + attribute.id + " (a "
                    + attribute.dataType.graphName() + "); use " + (email ? "emailBox" : INPUTS.get(attribute.dataType)) + ".");
        }
        List<UserFlow.AttributeValue> choices = values == null ? List.of() : values;
        if (!CHOICES.contains(input)) {
            if (!choices.isEmpty()) {
                throw GraphException.badRequest("userAttributeValues: only radioSingleSelect, dropdownSingleSelect and "
                        + "checkboxMultiSelect offer choices.");
            }
            return new UserFlow.Assignment(attribute.id, name, optional, false, input, List.of());
        }
        if (choices.isEmpty() && attribute.dataType == DataType.booleanValue) {
            choices = List.of(new UserFlow.AttributeValue("Yes", "true", false), new UserFlow.AttributeValue("No", "false", false));
        }
        return new UserFlow.Assignment(attribute.id, name, optional, false, input, choices(attribute.dataType, input, choices));
    }

    private static List<UserFlow.AttributeValue> choices(DataType type, InputType input, List<UserFlow.AttributeValue> values) {
        if (values.isEmpty() || values.size() > MAX_CHOICES) {
            throw GraphException.badRequest("userAttributeValues: " + input + " needs from 1 to " + MAX_CHOICES + " choices.");
        }
        Set<String> seen = new HashSet<>();
        int defaults = 0;
        List<UserFlow.AttributeValue> out = new ArrayList<>();
        for (UserFlow.AttributeValue value : values) {
            if (value == null) {
                throw GraphException.badRequest("userAttributeValues may not contain null entries.");
            }
            String label = text(value.name(), "userAttributeValues.name");
            String stored = text(value.value(), "userAttributeValues.value");
            if (!parses(type, stored)) {
                throw GraphException.badRequest("userAttributeValues.value: '" + stored + "' is not a " + type.graphName() + ".");
            }
            if (!seen.add(stored.toLowerCase(Locale.ROOT))) {
                throw GraphException.badRequest("userAttributeValues.value: '" + stored + "' appears more than once.");
            }
            defaults += value.isDefault() ? 1 : 0;
            out.add(new UserFlow.AttributeValue(label, stored, value.isDefault()));
        }
        if (defaults > 1 && input != InputType.checkboxMultiSelect) {
            throw GraphException.badRequest("userAttributeValues.isDefault: a single select has at most one default choice.");
        }
        return out;
    }

    private static boolean parses(DataType type, String value) {
        if (type == DataType.int64) {
            try {
                Long.parseLong(value);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return type != DataType.booleanValue || value.equals("true") || value.equals("false");
    }

    /** A short, printable text: what a form shows as a label. */
    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw GraphException.badRequest(field + " may not be empty.");
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.badRequest(field + " must be at most " + MAX_TEXT + " printable characters.");
        }
        return value.strip();
    }
}
