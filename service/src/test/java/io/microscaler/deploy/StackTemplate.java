package io.microscaler.deploy;

import static io.microscaler.deploy.TemplateReferences.asMap;
import static io.microscaler.deploy.TemplateReferences.section;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** deploy/cloudformation/microscaler.yaml, parsed, with the look-ups the deploy tests share. */
record StackTemplate(Map<String, Object> template) {

    static StackTemplate read() {
        return new StackTemplate(CloudFormationYaml.parse(DeployFiles.read(DeployFiles.CLOUDFORMATION)));
    }

    Map<String, Object> resources() {
        return section(template, "Resources");
    }

    Map<String, Object> parameters() {
        return section(template, "Parameters");
    }

    /** A resource's Properties; fails if there is no such resource. */
    Map<String, Object> properties(String resource) {
        if (!resources().containsKey(resource)) {
            throw new AssertionError("the stack has no resource " + resource);
        }
        return asMap(asMap(resources().get(resource)).get("Properties"));
    }

    String type(String resource) {
        return String.valueOf(asMap(resources().get(resource)).get("Type"));
    }

    /** The Properties of the one task definition that runs the MicroscalerImage. */
    Map<String, Object> autoscalerTaskDefinition() {
        List<Map<String, Object>> found = resources().values().stream().map(TemplateReferences::asMap)
                .filter(r -> "AWS::ECS::TaskDefinition".equals(r.get("Type")))
                .map(r -> asMap(r.get("Properties")))
                .filter(p -> Map.of("Ref", "MicroscalerImage").equals(container(p).get("Image")))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one task definition running the MicroscalerImage, found " + found.size());
        }
        return found.get(0);
    }

    /** The one container of a task definition's Properties. */
    static Map<String, Object> container(Map<String, Object> taskDefinition) {
        List<?> containers = (List<?>) taskDefinition.get("ContainerDefinitions");
        if (containers == null || containers.size() != 1) {
            throw new AssertionError("expected one container in " + taskDefinition);
        }
        return asMap(containers.get(0));
    }

    /** A container's Environment by name (values as written: text or an intrinsic function). */
    static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object entry : (List<?>) container.get("Environment")) {
            env.put(String.valueOf(asMap(entry).get("Name")), asMap(entry).get("Value"));
        }
        return env;
    }
}
