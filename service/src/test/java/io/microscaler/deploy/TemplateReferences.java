package io.microscaler.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what in a CloudFormation template (parsed by {@link CloudFormationYaml}) points at nothing:
 * a Ref, GetAtt or Sub variable that names no parameter, resource or pseudo parameter; a GetAtt
 * attribute its resource type does not have; an If, Condition or resource condition that names
 * no condition; a FindInMap of a missing mapping; a DependsOn on a missing resource; and a
 * resource type that is not in {@link AwsResourceTypes}. CloudFormation reports all of these only
 * when the stack is created.
 */
final class TemplateReferences {

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    // ${Name} or ${Name.Attribute}; ${!Literal} is an escaped literal, not a variable.
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private final Map<String, Object> parameters;
    private final Map<String, Object> resources;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final List<String> problems = new ArrayList<>();

    private TemplateReferences(Map<String, Object> template) {
        parameters = section(template, "Parameters");
        resources = section(template, "Resources");
        conditions = section(template, "Conditions");
        mappings = section(template, "Mappings");
    }

    /** Every problem found, each naming where it is; empty for a sound template. */
    static List<String> problems(Map<String, Object> template) {
        TemplateReferences check = new TemplateReferences(template);
        if (check.resources.isEmpty()) {
            check.problems.add("the template has no Resources");
        }
        check.walk(check.conditions, "Conditions");
        check.resources.forEach((name, body) -> check.resource(name, asMap(body)));
        check.walk(section(template, "Outputs"), "Outputs");
        section(template, "Outputs").forEach((name, body) -> check.condition(asMap(body).get("Condition"),
                "Outputs." + name + ".Condition"));
        return List.copyOf(check.problems);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> template, String name) {
        Object section = template.get(name);
        return section instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private void resource(String name, Map<String, Object> body) {
        String where = "Resources." + name;
        Object type = body.get("Type");
        if (!(type instanceof String t) || !AwsResourceTypes.ALL.contains(t)) {
            problems.add(where + ": Type " + type + " is not a known AWS resource type (AwsResourceTypes)");
        }
        condition(body.get("Condition"), where + ".Condition");
        for (String dependency : IamPolicy.strings(body.get("DependsOn"))) {
            if (!resources.containsKey(dependency)) {
                problems.add(where + ".DependsOn: no resource " + dependency);
            }
        }
        walk(body, where);
    }

    private void condition(Object name, String where) {
        if (name != null && !conditions.containsKey(name)) {
            problems.add(where + ": no condition " + name);
        }
    }

    private void walk(Object node, String where) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && isFunction(map)) {
                var entry = map.entrySet().iterator().next();
                function((String) entry.getKey(), entry.getValue(), where);
            }
            map.forEach((key, value) -> walk(value, where + "." + key));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), where + "[" + i + "]");
            }
        }
    }

    private static boolean isFunction(Map<?, ?> map) {
        var entry = map.entrySet().iterator().next();
        String key = String.valueOf(entry.getKey());
        // An IAM statement's Condition is a map, never a condition name.
        return key.equals("Ref") || key.startsWith("Fn::") || (key.equals("Condition") && entry.getValue() instanceof String);
    }

    private void function(String function, Object argument, String where) {
        switch (function) {
            case "Ref" -> ref(argument, where);
            case "Fn::GetAtt" -> {
                List<?> parts = argument instanceof List<?> l ? l : List.of();
                if (parts.size() != 2) {
                    problems.add(where + ": GetAtt needs [resource, attribute], but was " + argument);
                } else {
                    attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), where);
                }
            }
            case "Fn::Sub" -> sub(argument, where);
            case "Fn::If" -> {
                List<?> parts = argument instanceof List<?> l ? l : List.of();
                if (parts.size() != 3) {
                    problems.add(where + ": If needs [condition, then, else], but was " + argument);
                } else {
                    condition(parts.get(0), where + ".Fn::If[0]");
                }
            }
            case "Condition" -> condition(argument, where);
            case "Fn::FindInMap" -> {
                Object map = argument instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
                if (map instanceof String name && !mappings.containsKey(name)) {
                    problems.add(where + ": FindInMap of no mapping " + name);
                }
            }
            default -> {
                // Join, Select, Split, Base64, GetAZs, Equals, And, Or, Not...: their arguments are walked.
            }
        }
    }

    private void ref(Object name, String where) {
        if (!(name instanceof String n) || !(parameters.containsKey(n) || resources.containsKey(n)
                || PSEUDO_PARAMETERS.contains(n))) {
            problems.add(where + ": Ref to " + name + ", which is no parameter, resource or pseudo parameter");
        }
    }

    private void attribute(String resource, String attribute, String where) {
        Object body = resources.get(resource);
        if (body == null) {
            problems.add(where + ": GetAtt of no resource " + resource);
            return;
        }
        String type = String.valueOf(asMap(body).get("Type"));
        Set<String> attributes = AwsResourceTypes.ATTRIBUTES.get(type);
        if (attributes == null) {
            problems.add(where + ": GetAtt " + resource + "." + attribute + ": add the attributes of " + type
                    + " to AwsResourceTypes.ATTRIBUTES");
        } else if (!attributes.contains(attribute)) {
            problems.add(where + ": GetAtt " + resource + "." + attribute + ": " + type + " has no attribute "
                    + attribute + " (it has " + attributes + ")");
        }
    }

    private void sub(Object argument, String where) {
        String text;
        Map<String, Object> locals;
        if (argument instanceof String s) {
            text = s;
            locals = Map.of();
        } else if (argument instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String s) {
            text = s;
            locals = asMap(l.get(1));
        } else {
            problems.add(where + ": Sub needs a string or [string, {variables}], but was " + argument);
            return;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String variable = m.group(1).trim();
            if (locals.containsKey(variable)) {
                continue;
            }
            int dot = variable.indexOf('.');
            if (dot > 0 && !variable.startsWith("AWS::")) {
                attribute(variable.substring(0, dot), variable.substring(dot + 1), where + " ${" + variable + "}");
            } else {
                ref(variable, where + " ${" + variable + "}");
            }
        }
    }
}
