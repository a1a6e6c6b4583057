package io.microscaler.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** An IAM policy document read as plain maps and lists, as CloudFormation's YAML reads it too. */
record IamPolicy(Map<String, Object> document) {

    @SuppressWarnings("unchecked")
    static IamPolicy read(Path file) {
        try {
            return new IamPolicy(new ObjectMapper().readValue(file.toFile(), Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> statements() {
        return (List<Map<String, Object>>) document.get("Statement");
    }

    /** Every action the Allow statements name. */
    Set<String> allowedActions() {
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements()) {
            if ("Allow".equals(statement.get("Effect"))) {
                actions.addAll(strings(statement.get("Action")));
            }
        }
        return actions;
    }

    /** A policy element that is one string or a list of them (Action, Resource). */
    @SuppressWarnings("unchecked")
    static List<String> strings(Object element) {
        if (element instanceof String s) {
            return List.of(s);
        }
        return element == null ? List.of() : (List<String>) element;
    }

    /**
     * Empty when the actions the code called are the ones the policy allows; otherwise a message
     * naming both differences: what a deny would break, and what is granted for nothing.
     */
    static String differences(Set<String> called, Set<String> allowed) {
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(allowed);
        Set<String> surplus = new TreeSet<>(allowed);
        surplus.removeAll(called);
        if (missing.isEmpty() && surplus.isEmpty()) {
            return "";
        }
        return "the policy must allow exactly the actions the code calls;"
                + " called but not allowed (AccessDenied in production): " + missing
                + "; allowed but never called (not least privilege): " + surplus;
    }
}
